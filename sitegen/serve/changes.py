"""Changed files sorted by kind, for the preview's messages, as zola's serve sorts them.

    seed      seeds/ (issue files, text dumps, sidecars, page images and PDFs)
    template  templates/ (and the built-in theme)
    asset     assets/ (and the built-in theme)
    page      pages/
    config    sitegen.toml                          loaded again: the site is updated under it
    other     any other file the last update read   (the trained parser model in .sitegen/ …)

What a change reaches is not decided here: the update finds it from what each value read
(`sitegen.record`). Editor swap and backup files, and files nothing read (the output directory),
are no change at all.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..config import Config
from ..record import Key
from ..render.theme import Theme

Kind = Literal["seed", "template", "asset", "page", "config", "other"]
IGNORED = re.compile(r"(^\.|^#.*#$|~$|\.(swp|swx|swo|tmp|bak|orig)$|^4913$)")
"""Names editors write beside the file being saved (vim's 4913 probe, .swp, backup~, emacs' #x#)."""


@dataclass(slots=True, frozen=True)
class Changes:
    """Files changed since the last build, sorted by kind."""

    seeds: frozenset[Path] = frozenset()
    """Changed seeds and sidecars (their .md, else .txt, is what is read again), and seed directories."""
    templates: frozenset[Path] = frozenset()
    assets: frozenset[Path] = frozenset()
    pages: frozenset[Path] = frozenset()
    config: bool = False
    other: frozenset[Path] = frozenset()
    """Other files the last update read: the trained parser model."""

    def __bool__(self) -> bool:
        return bool(self.seeds or self.templates or self.assets or self.pages or self.config or self.other)

    @property
    def kinds(self) -> list[Kind]:
        """The kinds present, for messages."""
        found: list[Kind] = []
        for kind, paths in (("seed", self.seeds), ("template", self.templates), ("asset", self.assets),
                            ("page", self.pages), ("config", self.config), ("other", self.other)):
            if paths:
                found.append(kind)  # type: ignore[arg-type]
        return found

    @property
    def paths(self) -> frozenset[Path]:
        """Every changed file (the config's aside)."""
        return self.seeds | self.templates | self.assets | self.pages | self.other


def sources(config: Config, theme: Theme) -> dict[Path, Kind]:
    """Every folder whose files the site is made from, with the kind of its files."""
    found: dict[Path, Kind] = {config.paths.seeds: "seed", config.paths.pages: "page"}
    found.update({d: "template" for d in theme.template_dirs})
    found.update({d: "asset" for d in theme.asset_dirs})
    return found


def read_paths(reads: Iterable[tuple[Key, bytes]]) -> set[Path]:
    """The files and folders an update read (what the recorder noted)."""
    return {Path(key[1]) for key, _ in reads if key[0] in ("file", "is", "listing")}


def config_file(config: Config) -> Path:
    """The config file (which may not exist yet)."""
    return (config.paths.project / Path(config.source).name).resolve()


def sort_changes(paths: Iterable[Path], config: Config, theme: Theme, read: Collection[Path] = ()) -> Changes:
    """The changed paths that are inputs, sorted by kind: under a folder the site is made from, the
    config file, or another file the last update read (read: those files; a folder made where one of
    them is to be counts too)."""
    roots = sorted(sources(config, theme).items(), key=lambda item: -len(item[0].parts))
    config_path = config_file(config)
    found: dict[Kind, set[Path]] = {"seed": set(), "template": set(), "asset": set(), "page": set(), "other": set()}
    touched_config = False
    for path in paths:
        if path == config_path:
            touched_config = True
            continue
        kind = _kind(path, roots) or _other(path, read)
        if kind is not None and not IGNORED.search(path.name):
            found[kind].add(path)
    return Changes(frozenset(found["seed"]), frozenset(found["template"]), frozenset(found["asset"]),
                   frozenset(found["page"]), touched_config, frozenset(found["other"]))


def _kind(path: Path, roots: list[tuple[Path, Kind]]) -> Kind | None:
    for root, kind in roots:
        if path == root or path.is_relative_to(root):
            return kind
    return None


def _other(path: Path, read: Collection[Path]) -> Kind | None:
    if path in read or any(r.is_relative_to(path) for r in read):
        return "other"
    return None
