"""load: the edition, the static pages and the assets, read through the recorder.

A seed's parse is a kept value (`("seed", path)` in the graph): its issue, each article's keywords,
and their fingerprints. It is parsed again only when something the parse read changed — the seed
or issue file, its sidecar, the trained parser model it found (or one now lying where it looked), a
config key — as the recorder noted while it parsed; the seeds to parse again are parsed in `jobs`
processes. These records are the parse cache (`--clean` keeps them). A seed's page images and PDFs
are kept the same way (`("scans", path)`), and so is each page's layout on its PDF (`layouts.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import progress
from ..config import Config
from ..errors import BuildError, ParseError
from ..model import Edition, Issue
from ..parallel import Forked, fork_map
from ..parse.reader import CONTROL_CHARACTER
from ..parse.seeds import overrides, parse_seed, seed_files
from ..record import Key, reads, recording, replay
from ..record.fingerprint import fingerprint, known
from ..record.graph import UNLOADED, Graph, ReadList
from ..render.theme import Theme
from ..site.keywords import article_keywords
from .layouts import find_layouts
from .scans import find_scans

log = logging.getLogger(__name__)

MAX_ASSET_BYTES = 100 * 2**20
"""Largest asset (a font, an emblem): every page links it, and it is read into memory."""


@dataclass(slots=True, frozen=True)
class Parsed:
    """What is kept of a seed's parse."""

    issue: Issue
    keywords: tuple[tuple[str, ...], ...]
    """Each article's keywords, in print order."""
    fingerprints: tuple[bytes, ...]
    """The issue's fingerprint, then each article's."""


@dataclass(slots=True)
class Loaded:
    """The edition, with what the catalog needs besides."""

    edition: Edition
    keywords: dict[str, tuple[tuple[str, ...], ...]]
    """Each article's keywords, by issue id."""


def load_edition(graph: Graph, config: Config, jobs: int, prefetched: Forked[Path, Outcome] | None = None) -> Loaded:
    """Every seed's issue (parsed again where what its parse read changed) and page scans;
    prefetched: seeds being parsed meanwhile, their outcomes used for those to parse again."""
    directory = config.paths.seeds
    paths = seed_files(directory)
    if not paths:
        raise BuildError(f"{config.paths.show(directory)}: no seed files (*.txt or *.md) to build from")
    parsed = {path: graph.kept(("seed", str(path)), (str(path), config.paths.show(path))) for path in paths}
    missed = [path for path, found in parsed.items() if found is UNLOADED]
    outcomes = dict(zip(prefetched.items, prefetched.results(), strict=True)) if prefetched is not None else {}
    todo = [path for path in missed if path not in outcomes]
    outcomes.update(zip(todo, _parse_all(todo, config, jobs), strict=True))
    errors = []
    for path in missed:
        result, read, seen = outcomes[path]
        reads.seen.update(seen)
        replay(read)
        if isinstance(result, ParseError):
            errors.append(result)
            continue
        graph.made(("seed", str(path)), (str(path), config.paths.show(path)), result, read)
        parsed[path] = result
        _tell_removed(result.issue)
        if overrides(path) is not None:
            log.info("%s: read instead of %s (the issue file wins)", config.paths.show(path),
                     config.paths.show(overrides(path)))  # type: ignore[arg-type]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise BuildError("\n".join(str(e) for e in errors))
    return _edition(graph, config, {path: found for path, found in parsed.items()}, jobs)


def _edition(graph: Graph, config: Config, parsed: Mapping[Path, Parsed], jobs: int) -> Loaded:
    scans = {}
    for path, found in parsed.items():
        _share(graph, path, found)
        issue_scans = graph.call(("scans", str(path)), find_scans, path.with_suffix(""),
                                 frozenset(page.number for page in found.issue.pages), found.issue.source,
                                 config.paths.show)
        if issue_scans:
            scans[found.issue.id] = issue_scans
    issues = [found.issue for found in parsed.values()]
    check_unique_ids(issues)
    layouts = find_layouts(graph, ((path, found.issue) for path, found in parsed.items()), scans,
                           config.paths.show, jobs)
    return Loaded(Edition(tuple(issues), scans, layouts),
                  {found.issue.id: found.keywords for found in parsed.values()})


def _share(graph: Graph, path: Path, parsed: Parsed) -> None:
    """Let values holding the issue or its articles hold them by reference (stored once, with the
    parse), and know their fingerprints."""
    issue, owner = parsed.issue, ("seed", str(path))
    graph.share(issue, ("issue", str(path)), owner)
    known(issue, parsed.fingerprints[0])
    for n, (article, digest) in enumerate(zip(issue.articles, parsed.fingerprints[1:], strict=True)):
        graph.share(article, ("article", str(path), n), owner)
        known(article, digest)


Outcome = tuple["Parsed | ParseError", ReadList, dict[Key, reads.Seen]]


def _parse_all(paths: list[Path], config: Config, jobs: int) -> list[Outcome]:
    """Each seed parsed, with what its parse read: the first in this process (the segmenters'
    dictionaries are loaded once, before forking), the others in up to `jobs` processes."""
    if not paths:
        return []
    with progress.task("parse", len(paths)) as advance:
        first = parse(paths[0], config)
        advance(1)
        return [first, *fork_map(lambda n: parse(paths[n], config), range(1, len(paths)), jobs,
                                 done=lambda _: advance(1))]


def parse(path: Path, config: Config) -> Outcome:
    """A seed's issue, its articles' keywords and their fingerprints (or the ParseError it raised),
    what parsing it read, and how each file it read looked (for the next build's check)."""
    with recording() as frame:
        try:
            issue = parse_seed(path, config.paths.show(path))
            count = config.keywords_per_article
            keywords = tuple(article_keywords(article, count) for article in issue.articles)
            result: Parsed | ParseError = Parsed(issue, keywords, (fingerprint(issue),
                                                                   *(fingerprint(a) for a in issue.articles)))
        except ParseError as exc:
            result = exc
    read = tuple(frame.reads.items())
    return result, read, {key: reads.seen[key] for key, _ in read if key in reads.seen}


def _tell_removed(issue: Issue) -> None:
    """Say, once a seed is read, that what is not text was removed from it: that changed the text as
    written (each line is a `control-character` warning, which `sitegen check` lists)."""
    removed = [w for w in issue.warnings if w.code == CONTROL_CHARACTER]
    if removed:
        log.warning("%s:%d: removed what is not text on %d line%s (`sitegen check` lists them): %s", issue.source,
                    removed[0].line, len(removed), "s" if len(removed) > 1 else "",
                    removed[0].message.split(": ", 1)[-1])


def check_unique_ids(issues: list[Issue]) -> None:
    """Two seeds whose issues have one id would write one directory: an error naming both."""
    seen: dict[str, str] = {}
    for issue in issues:
        if issue.id in seen:
            raise BuildError(f"{issue.source}: issue id '{issue.id}' is also the id of {seen[issue.id]}; "
                             "rename one of the files")
        seen[issue.id] = issue.source


def load_assets(theme: Theme) -> tuple[dict[str, bytes], dict[str, ReadList]]:
    """Every asset (the project's overriding the theme's), and what finding each read: the page that
    links an asset depends on it (`render.renderer`)."""
    assets, found = {}, {}
    for name, path in theme.assets().items():
        with recording() as frame:
            for directory in theme.asset_dirs:
                if directory / name == path or reads.kind(directory / name) == "file":
                    break
            try:
                assets[name] = reads.read_bytes(path, MAX_ASSET_BYTES)
            except OSError as exc:
                raise BuildError(f"{theme.show(path)}: cannot read: {exc.strerror}") from exc
        found[name] = tuple(frame.reads.items())
        replay(found[name])
    return assets, found
