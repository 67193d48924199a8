"""How `sitegen serve` makes an update's files: what is open in a browser first, each batch told to
the tabs as soon as it is written.

The build (`make/site.py`) plans an update — the files to make and to remove — and hands the
making to a `Preview`, which orders it as an editor watching the preview wants it:

    assets      changed assets first; a stylesheet alone is swapped into open tabs, not reloaded
    shown       the pages open in a browser
    issues      the pages of the issues whose entries changed
    the rest    in batches of CHUNK

Each batch is written and published (`Batch`: the pages to reload, stylesheets to swap, pages
removed, pages moved to another path) before the next is made; after the first batches, newer
changes stop the work between two files, and the next update finds the rest by their records.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from ..errors import SitegenError
from ..make.outputs import Output
from ..make.report import Report
from ..make.site import Plan, Site
from ..parse.seeds import parse_seed
from ..record import Key
from ..site.catalog import Catalog
from ..site.keywords import extract_tags
from ..site.urls import output_file
from ..slug import slugify

CHUNK = 200
"""Files written and published together after the first batches."""


@dataclass(slots=True)
class Batch:
    """Files one step of an update changed."""

    written: list[str] = field(default_factory=list)
    added: bool = False
    """A file that did not exist before was written."""
    reload: set[str] = field(default_factory=set)
    """Pages whose content changed: open tabs showing them reload."""
    stylesheets: list[tuple[str, str]] = field(default_factory=list)
    """Changed stylesheets, swapped into open tabs without a reload: (URL path, URL with the new
    fingerprint)."""
    removed: list[str] = field(default_factory=list)
    """Files removed for good (open tabs showing them reload, into the 404 page)."""
    moved: dict[str, str] = field(default_factory=dict)
    """Pages now elsewhere (an article whose headline changed its slug): old file → new site path,
    told once the new page is written."""


class Preview:
    """Makes the files of one update of `sitegen serve`, in batches, publishing each (a `Publisher`)."""

    def __init__(self, publish: Callable[[Batch], None] | None = None, first: Collection[str] = (),
                 interrupted: Callable[[], bool] | None = None) -> None:
        self.publish = publish
        self.first = first
        """Files to make before the others (pages open in a browser)."""
        self.interrupted = interrupted

    def make(self, site: Site, plan: Plan, report: Report) -> None:
        css = css_only(plan.changed_assets, site.assets, plan.assets)
        restamped = _css_reads(plan, css)
        moving = {old: new for old, new in moved_pages(plan.previous, plan.catalog).items() if old in plan.removed}
        waiting = {o.path for o in plan.todo}
        for n, outputs in enumerate(_order(plan, self.first)):
            batch = Batch(stylesheets=[_asset_url(plan, name) for name in css or ()] if n == 0 else [])
            done = self._batch(site, outputs, batch, report, restamped, self.interrupted if n > 2 else None)
            if n == 0:
                site.remove(plan.removed, report)
                batch.removed = [path for path in plan.removed if path not in moving]
            waiting -= {o.path for o in done}
            batch.moved = {old: new for old, new in moving.items() if output_file(new) not in waiting}
            for old in batch.moved:
                del moving[old]
            if self.publish is not None and (batch.written or batch.removed or batch.moved or batch.stylesheets):
                self.publish(batch)
            if len(done) < len(outputs):
                report.complete = False
                return

    @staticmethod
    def _batch(site: Site, outputs: list[Output], batch: Batch, report: Report, restamped: set[Key],
               stop: Callable[[], bool] | None) -> list[Output]:
        """Make and write these files (until stop says to stop); the files made."""
        new = {o.path for o in outputs if not site.has_file(o.path)}
        quiet = {o.path for o in outputs if o.page and site.changed_reads(o) <= restamped}
        made, written = site.make(outputs, report, stop)
        for output in written:
            batch.written.append(output.path)
            batch.added = batch.added or output.path in new
            if output.page and output.path not in quiet:
                batch.reload.add(output.path)
        return made


def _order(plan: Plan, first: Collection[str]) -> Iterator[list[Output]]:
    """Batches: the changed assets; the pages open in a browser; the files of changed issues; the
    rest, in chunks."""
    todo = plan.todo
    assets = [o for o in todo if o.path.startswith("assets/")]
    issue_paths = tuple(e.path for e in plan.catalog.issues if e.issue.id in plan.changed_issues)
    shown = [o for o in todo if o.path in first]
    issues = [o for o in todo if issue_paths and o.path.startswith(issue_paths) and o.path not in first]
    taken = {o.path for o in assets + shown + issues}
    rest = [o for o in todo if o.path not in taken]
    yield assets
    yield shown
    yield issues
    for start in range(0, len(rest), CHUNK):
        yield rest[start:start + CHUNK]


def css_only(changed: set[str], before: dict[str, bytes], after: dict[str, bytes]) -> list[str] | None:
    """The changed stylesheets when nothing else changed among the assets (pages then need no reload);
    else None."""
    if changed and all(name.endswith(".css") and name in before and name in after for name in changed):
        return sorted(changed)
    return None


def _css_reads(plan: Plan, css: list[str] | None) -> set[Key]:
    """What finding the changed stylesheets read: a page whose only changed reads are these shows
    the same but for the stylesheet's fingerprint, which the tabs swap in (no reload)."""
    if css is None:
        return set()
    return {key for name in css for key, _ in plan.asset_reads.get(name, ())}


def _asset_url(plan: Plan, name: str) -> tuple[str, str]:
    """The URL path of an asset, and that path with its fingerprint, as pages link it."""
    path = plan.links.href(f"assets/{name}")
    return path, f"{path}?v={plan.renderer.hashes[name]}"


def moved_pages(before: Catalog | None, after: Catalog) -> dict[str, str]:
    """Pages of the same issue now at another path: old file → new site path. An article keeps its key
    unless its headline changed, so a page whose key is gone is matched with a new key in its place."""
    if before is None or before is after:
        return {}
    old_entries = {e.issue.id: e for e in before.issues}
    new_paths = {s.key: s.path for s in after.stories}
    moves = {}
    for entry in after.issues:
        old = old_entries.get(entry.issue.id)
        if old is None:
            continue
        if old.path != entry.path:
            moves[output_file(old.path)] = entry.path
        old_keys = {s.key for s in old.stories}
        for n, story in enumerate(old.stories):
            if story.key in new_paths:
                if new_paths[story.key] != story.path:
                    moves[output_file(story.path)] = new_paths[story.key]
            elif n < len(entry.stories) and entry.stories[n].key not in old_keys:
                moves[output_file(story.path)] = entry.stories[n].path
    return moves


def warm_up(site: Site) -> None:
    """Load what the first edit would otherwise wait for: the segmenters' dictionaries and the keyword
    table (a build from the parse cache may have needed none of them)."""
    catalog = site.catalog
    if catalog is not None and catalog.issues:
        seed = site.config.paths.project / catalog.issues[0].issue.source
        with contextlib.suppress(SitegenError, OSError):
            parse_seed(seed, catalog.issues[0].issue.source)
    extract_tags("数字报预热", 1)
    slugify("数字报")
