"""Changed files sorted by kind, as zola's serve sorts them: each kind asks for different work.

    seed      seeds/*.txt, *.md and sidecar .toml   parse that seed again, render what it reaches
              (and page images, PDFs beside them)
    template  templates/ (and the built-in theme)   render again from the parsed model
    asset     assets/ (and the built-in theme)      copy; a stylesheet is swapped into open pages
    page      pages/*.md                            read the static pages again
    config    sitegen.toml                          start over from the config (parses are kept)

Anything else (editor swap and backup files, the output directory) is no change at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..config import Config
from ..render.theme import Theme

Kind = Literal["seed", "template", "asset", "page", "config"]
IGNORED = re.compile(r"(^\.|^#.*#$|~$|\.(swp|swx|swo|tmp|bak|orig)$|^4913$)")
"""Names editors write beside the file being saved (vim's 4913 probe, .swp, backup~, emacs' #x#)."""
SEED_SUFFIXES = (".txt", ".md", ".toml", ".pdf", ".png", ".jpg", ".jpeg", ".webp",
                 ".PDF", ".PNG", ".JPG", ".JPEG", ".WEBP")
"""Seeds, issue files, sidecars, and page images and PDFs in a seed's directory (`seeds/<stem>/02.pdf`)."""


@dataclass(slots=True, frozen=True)
class Changes:
    """Files changed since the last build, sorted by kind."""

    seeds: frozenset[Path] = frozenset()
    """Changed seeds and sidecars (their .md, else .txt, is what is read again), and seed directories."""
    templates: frozenset[Path] = frozenset()
    assets: frozenset[Path] = frozenset()
    pages: frozenset[Path] = frozenset()
    config: bool = False

    def __bool__(self) -> bool:
        return bool(self.seeds or self.templates or self.assets or self.pages or self.config)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.seeds | other.seeds, self.templates | other.templates, self.assets | other.assets,
                       self.pages | other.pages, self.config or other.config)

    @property
    def kinds(self) -> list[Kind]:
        """The kinds present, for messages."""
        found: list[Kind] = []
        for kind, paths in (("seed", self.seeds), ("template", self.templates), ("asset", self.assets),
                            ("page", self.pages), ("config", self.config)):
            if paths:
                found.append(kind)  # type: ignore[arg-type]
        return found


def sources(config: Config, theme: Theme) -> dict[Path, Kind]:
    """Every directory whose files are inputs of the site, with the kind of its files."""
    found: dict[Path, Kind] = {config.paths.seeds: "seed", config.paths.pages: "page"}
    found.update({d: "template" for d in theme.template_dirs})
    found.update({d: "asset" for d in theme.asset_dirs})
    return found


def config_file(config: Config) -> Path:
    """The config file (which may not exist yet)."""
    return (config.paths.project / Path(config.source).name).resolve()


def sort_changes(paths: Iterable[Path], config: Config, theme: Theme) -> Changes:
    """The changed paths that are inputs, sorted by kind."""
    roots = sorted(sources(config, theme).items(), key=lambda item: -len(item[0].parts))
    config_path = config_file(config)
    found: dict[Kind, set[Path]] = {"seed": set(), "template": set(), "asset": set(), "page": set()}
    touched_config = False
    for path in paths:
        if path == config_path:
            touched_config = True
            continue
        kind = _kind(path, roots)
        if kind is not None and not IGNORED.search(path.name):
            found[kind].add(path)
    return Changes(frozenset(found["seed"]), frozenset(found["template"]), frozenset(found["asset"]),
                   frozenset(found["page"]), touched_config)


def _kind(path: Path, roots: list[tuple[Path, Kind]]) -> Kind | None:
    for root, kind in roots:
        if path == root or path.is_relative_to(root):
            if kind == "seed" and path != root and path.suffix and path.suffix not in SEED_SUFFIXES:
                return None
            if kind == "page" and path != root and path.suffix and path.suffix != ".md":
                return None
            return kind
    return None
