"""Incremental build: the site kept between builds and rebuilt after a change doing only the work
that change needs, as zola's serve does for each kind of change (`changes.py`):

    a seed        parse that seed alone (seeds are kept by content hash, and in the parse cache
                  `sitegen build` keeps on disk); rebuild the catalog, which
                  redoes only what the change reaches (`CatalogBuilder`); make again the outputs whose
                  inputs changed: its issue and articles, their sections, authors and keywords,
                  related articles elsewhere, home, archive, feeds, sitemap
    a template    make again the pages whose template sources changed; nothing is parsed
    an asset      copy it; pages are made again for the new fingerprint in its URL
    a page        read pages/ again (every page links to the static pages from its footer)

What to make again is found by comparing every output's inputs with those it was last made from
(`outputs.py`). Outputs are made in batches, changed assets first, then the pages open in a browser
and those of changed issues, then the rest; each batch is written (only files whose bytes changed,
each atomically) and handed to `publish` before the next is made. A failure puts back every file
the update wrote and keeps the last good site; an update cut short by newer changes leaves the rest
to the next one, which finds them by their inputs. The result is byte-identical to a full
`sitegen build` of the same files (tests/test_incremental.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import progress
from ..config import Config
from ..errors import BuildError, ParseError, SitegenError
from ..intake import read_file
from ..memo import same
from ..model import Edition, Issue, PageLayout, PageScan, ParseWarning
from ..parallel import fork_map
from ..parse.reader import CONTROL_CHARACTER
from ..parse.seeds import overrides, parse_seed, seed_files
from ..render.renderer import Renderer
from ..render.routes import NO_SEARCH
from ..render.static_pages import StaticPage, load_static_pages
from ..render.template_sources import TemplateSources
from ..render.theme import Theme, fingerprint
from ..search import Shard
from ..site.catalog import Catalog, CatalogBuilder
from ..site.keywords import extract_tags
from ..site.urls import SEARCH_BUNDLES, Links, output_file
from ..slug import slugify
from .changes import Changes
from .inputs import check_inputs
from .layouts import LayoutFinder
from .output_dir import SiteDirectory
from .outputs import Output, SiteOutputs, asset_output
from .parse_cache import parse_all
from .report import Report, phase
from .scans import ScanFinder
from .search_words import ArticleSearchWords

log = logging.getLogger(__name__)

CHUNK = 200
"""Outputs written and published together after the first batch."""
PER_PROCESS = 500
"""Fewest outputs worth a forked process of their own."""
MAX_ASSET_BYTES = 100 * 2**20
"""Largest asset (a font, an emblem): every page links it, and it is read into memory."""
NOTHING = Changes()
_AGAIN = object()
"""An input no output is ever made from again: its output is made again."""
EVERYTHING = Changes(seeds=frozenset({Path("*")}), templates=frozenset({Path("*")}),
                     assets=frozenset({Path("*")}), pages=frozenset({Path("*")}))


@dataclass(slots=True, frozen=True)
class Seed:
    """A seed as last read: its parse, or why it cannot be parsed."""

    stat: tuple[int, ...]
    """Modification time and size of the seed and of its sidecar: unchanged means not read again."""
    digest: bytes
    issue: Issue | None
    error: ParseError | None = None


@dataclass(slots=True, frozen=True)
class Made:
    """What an output file was last made from, and a digest of its bytes."""

    output: Output | None
    """The Output it was made as: the same object again means the same inputs (`outputs.py`)."""
    inputs: tuple[Any, ...]
    template: str | None
    stamps: tuple[tuple[str, str], ...] | None
    digest: bytes


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


@dataclass(slots=True)
class _Plan:
    """What an update makes and removes."""

    todo: list[_Todo]
    removed: list[str]
    css_only: list[str] | None
    """Changed stylesheets when no other asset changed (pages then need no reload); else None."""
    moved: dict[str, str]


@dataclass(slots=True)
class _Todo:
    output: Output
    made: Made
    restamp: bool
    """Only the asset fingerprints changed."""


class IncrementalBuild:
    """A site in an output directory, rebuilt after each change."""

    def __init__(self, config: Config, output: Path, *, search: bool = False, jobs: int = 1) -> None:
        self.config = config
        self.jobs = jobs
        """Processes that parse seeds, cut search words and make outputs when there are many."""
        self.search = ArticleSearchWords(config) if search else None
        """The pages' search fields (as `sitegen build` gives them), or None as with --no-search."""
        self.output = output
        self.theme = Theme.for_config(config)
        self.links = Links(config.base_url)
        self.catalogs = CatalogBuilder(config)
        self.site = SiteOutputs(config)
        self.directory = SiteDirectory(output)
        self.catalog: Catalog | None = None
        self.static_pages: tuple[StaticPage, ...] = ()
        self.assets: dict[str, bytes] = {}
        self.renderer: Renderer | None = None
        self.sources: TemplateSources | None = None
        self._seeds: dict[Path, Seed] = {}
        self._scans = ScanFinder()
        self._scan_index: dict[str, dict[int, PageScan]] = {}
        """Page images and PDFs by issue id and page number, as the last update built them."""
        self._layouts = LayoutFinder()
        self._layout_index: dict[str, dict[int, PageLayout]] = {}
        """Where each article stands on its page PDF, by issue id and page number, as last built."""
        self._made: dict[str, Made] = {}
        self._pending = EVERYTHING
        """Changes not yet built successfully: the first build builds everything."""
        self._uncommitted: list[str] = []
        self.search_shards: tuple[Shard, ...] | None = None
        """The search index's shards as `sitegen build` last indexed them (None: unknown)."""

    def __getstate__(self) -> dict[str, Any]:
        """What `state.py` keeps between `sitegen build` processes: everything but the renderer, the
        template sources and the output directory's undo log, which a process makes afresh."""
        kept = ("config", "search", "output", "catalogs", "site", "catalog", "static_pages", "assets",
                "search_shards", "_seeds", "_scans", "_scan_index", "_layouts", "_layout_index", "_made")
        return {name: getattr(self, name) for name in kept}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.theme = Theme.for_config(self.config)
        self.links = Links(self.config.base_url)
        self.directory = SiteDirectory(self.output)
        self.jobs = 1
        self.renderer, self.sources = None, None
        self._pending = EVERYTHING
        self._uncommitted = []

    def forget(self, paths: Iterable[str], digests: Mapping[str, bytes] | None = None) -> None:
        """Make these files again whatever their inputs: the output directory may not hold what the
        last update wrote there (another process wrote them, or someone deleted them). digests: what
        is in the files now, where known (only files whose bytes differ are written). A file no
        output makes any more is removed."""
        for path in paths:
            self._made[path] = Made(None, (_AGAIN,), None, None, (digests or {}).get(path, b""))

    def layout_warnings(self) -> list[ParseWarning]:
        """The warnings of locating the articles on their page PDFs: an article not on its page, text on
        a page no article claims."""
        return [w for pages in self._layout_index.values() for layout in pages.values() for w in layout.warnings]

    def made(self) -> dict[str, Made]:
        """What each file was last made from (a copy)."""
        return dict(self._made)

    def differences(self, before: Mapping[str, Made]) -> list[str]:
        """Files whose inputs or bytes differ from what `before` (an earlier `made()`) says, or that
        only one of them has."""
        differ = [path for path, now in self._made.items()
                  if (old := before.get(path)) is None or old.digest != now.digest or old.template != now.template
                  or old.stamps != now.stamps or not same(old.inputs, now.inputs)]
        return differ + [path for path in before if path not in self._made]

    def digest(self, path: str) -> bytes | None:
        """The digest of a file as the last update left it; None when it made no such file."""
        made = self._made.get(path)
        return made.digest if made is not None else None

    def written_files(self) -> set[str]:
        """Every file the last updates made."""
        return set(self._made)

    def start_fresh(self) -> None:
        """The output directory is missing or empty: make it, and write into it without keeping
        anything to put back (a failed update empties it again)."""
        self.output.mkdir(parents=True, exist_ok=True)
        self.directory = SiteDirectory(self.output, fresh=True)
        self.forget(self.written_files())

    def relocate(self, output: Path, *, undo: bool = True) -> None:
        """Write into another directory from now on (`sitegen build` updates a copy of the output,
        which then replaces it); undo=False: keep nothing to put back (the copy is thrown away on
        failure)."""
        self.output = output
        self.directory = SiteDirectory(output, undo=undo)

    def repair(self) -> None:
        """Make again every file of the output directory that is missing or not as last written, and
        remove files and empty directories no output makes (someone changed the directory). The search
        bundles are not outputs: they are all indexed again."""
        found = set()
        for directory, _dirs, files in os.walk(self.output, topdown=False):
            relative = Path(directory).relative_to(self.output).as_posix()
            prefix = "" if relative == "." else f"{relative}/"
            if prefix.startswith(SEARCH_BUNDLES):
                continue
            for name in files:
                path = f"{prefix}{name}"
                found.add(path)
                made = self._made.get(path)
                if made is None or made.digest != _digest((Path(directory) / name).read_bytes()):
                    self.forget([path])
            if prefix and not os.listdir(directory):
                os.rmdir(directory)
        self.forget(path for path in list(self._made) if path not in found)
        self.search_shards = None

    def carry_over(self, previous: IncrementalBuild) -> None:
        """Start from what a build of the same project under another config has: its parsed seeds, its
        keywords (for the same keyword count) and the digests of the files it wrote, so that every output
        is made again but only files whose bytes differ are written."""
        self._seeds = dict(previous._seeds)
        self._layouts = previous._layouts
        if self.search is not None and previous.search is not None:
            self.search.carry_over(previous.search)
        self.catalogs.keep_keywords(previous.catalogs)
        self._made = {path: Made(None, (_AGAIN,), None, None, made.digest) for path, made in previous._made.items()}

    def warm_up(self) -> None:
        """Load what the first edit would otherwise wait for: the segmenters' dictionaries and the
        keyword table (a build from the parse cache may have needed none of them)."""
        seeds = sorted(self._seeds)
        if seeds:
            with contextlib.suppress(SitegenError):
                parse_seed(seeds[0], self.config.paths.show(seeds[0]))
        extract_tags("数字报预热", 1)
        slugify("数字报")

    def _asset_url(self, name: str, assets: dict[str, bytes]) -> tuple[str, str]:
        """The URL path of an asset, and that path with its fingerprint, as pages link it."""
        path = self.links.href(f"assets/{name}")
        return path, f"{path}?v={fingerprint(assets[name])}"

    def update(self, changes: Changes = NOTHING, *, first: Collection[str] = (),
               publish: Callable[[Batch], None] | None = None,
               interrupted: Callable[[], bool] | None = None, commit: bool = True,
               report: Report | None = None) -> Report:
        """Build what changed (everything, the first time); `first` names files to make before others
        (pages open in a browser). On failure nothing of this update stays, and it is tried again
        with the next one. With commit=False the caller ends the update: `commit()` or `rollback()`."""
        report = report if report is not None else Report()
        pending = self._pending = self._pending | changes
        try:
            with phase("load", report):
                check_inputs(self.config)
                seeds, edition, changed_issues, scans, layouts = self._load_seeds(pending)
                static_pages = self._load_static_pages(pending)
                assets, changed_assets = self._load_assets(pending)
                renderer, sources = self._renderer(pending, changed_assets, assets)
                css = _css_only(changed_assets, self.assets, assets)
                made = self._assets_first(assets, changed_assets, css, publish)
            with phase("catalog", report):
                self.catalogs.jobs = self.jobs
                catalog = self.catalogs.build(edition) if edition is not None else self.catalog
            assert catalog is not None
            with phase("plan", report):
                fields = self.search.fields(catalog) if self.search is not None else NO_SEARCH
                if self.search is not None:
                    self.search.cut(catalog.stories, self.jobs)
                outputs = self.site.outputs(catalog, static_pages, assets, renderer, sources, fields)
                todo, removed = self._todo(outputs, sources, assets, made)
                moved = {old: new for old, new in moved_pages(self.catalog, catalog).items() if old in removed}
                plan = _Plan(todo, removed, css, moved)
            start = time.perf_counter()
            with progress.task("pages", len(todo)) as advance:
                if publish is None and interrupted is None and self.jobs > 1 and len(todo) >= 2 * PER_PROCESS:
                    self._make_in_parallel(plan, made, report, advance)
                else:
                    batches = _order(todo, first, catalog, changed_issues)
                    self._make(plan, batches, made, report, publish, interrupted, advance)
            report.timed("make", time.perf_counter() - start - self.directory.write_time)
            report.timed("write", self.directory.write_time)
        except BaseException:
            self.directory.rollback()
            raise
        if commit:
            self.directory.commit()
        self._uncommitted = report.changed
        self._seeds, self.catalog, self.static_pages, self.assets = seeds, catalog, static_pages, assets
        self._scan_index, self._layout_index = scans, layouts
        self.renderer, self.sources, self._pending = renderer, sources, Changes()
        self._made.update(made)
        for path in removed:
            self._made.pop(path, None)
        report.removed = len(removed)
        return report

    def commit(self) -> None:
        """Keep what an update with commit=False wrote."""
        self.directory.commit()

    def rollback(self) -> None:
        """Undo an update made with commit=False: the files are as before it, and it is tried again
        with the next update."""
        self.directory.rollback()
        self._pending = EVERYTHING
        self.forget(self._uncommitted)

    def _assets_first(self, assets: dict[str, bytes], changed: set[str], css: list[str] | None,
                      publish: Callable[[Batch], None] | None) -> dict[str, Made]:
        """Write changed assets before anything else, and tell open tabs of changed stylesheets: a
        stylesheet is swapped in while the pages that link it by its fingerprint are made again."""
        made = {}
        batch = Batch(stylesheets=[self._asset_url(name, assets) for name in css or ()])
        for name in sorted(changed & assets.keys()):
            path, data = f"assets/{name}", assets[name]
            self.directory.write(path, data)
            batch.written.append(path)
            batch.added = batch.added or path not in self._made
            made[path] = Made(None, asset_output(name, data).inputs, None, None, _digest(data))
        if publish is not None and batch.written:
            publish(batch)
        return made

    # ---- load: only the kinds of input that changed --------------------------------------------

    def _load_seeds(self, pending: Changes) -> tuple[dict[Path, Seed], Edition | None, set[str],
                                                     dict[str, dict[int, PageScan]], dict[str, dict[int, PageLayout]]]:
        """Seeds read again where they changed; the edition (None when no seed changed); the page
        images and PDFs; where each article stands on its page's PDF."""
        if not pending.seeds and self.catalog is not None:
            return self._seeds, None, set(), self._scan_index, self._layout_index
        directory = self.config.paths.seeds
        paths = seed_files(directory)
        if not paths:
            raise BuildError(f"{self.config.paths.show(directory)}: no seed files (*.txt or *.md) to build from")
        self._tell_issue_files(paths)
        seeds = self._read_seeds(paths, pending.seeds)
        scans = self._scans.find(((p, s.issue) for p, s in seeds.items() if s.issue), self.config.paths.show)
        changed = {s.issue.id for p, s in seeds.items() if s.issue and not _same_issue(self._seeds.get(p), s)}
        changed |= {key for key in scans.keys() | self._scan_index.keys()
                    if scans.get(key) != self._scan_index.get(key)}
        errors = [s.error for s in seeds.values() if s.error is not None]
        layouts = self._layouts.find((s.issue for s in seeds.values() if s.issue), scans, self.config, self.jobs) \
            if not errors else self._layout_index
        changed |= {key for key in layouts.keys() | self._layout_index.keys()
                    if layouts.get(key) != self._layout_index.get(key)}
        if self.catalog is not None and not changed and seeds.keys() == self._seeds.keys() \
                and all(_same_issue(self._seeds[p], s) for p, s in seeds.items()):
            return seeds, None, set(), scans, layouts
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise BuildError("\n".join(str(e) for e in errors))
        issues = [s.issue for s in seeds.values() if s.issue is not None]
        check_unique_ids(issues)
        return seeds, Edition(tuple(issues), scans, layouts), changed, scans, layouts

    def _tell_issue_files(self, paths: list[Path]) -> None:
        """Say once, when an issue file starts being read, that it wins over its text dump."""
        show = self.config.paths.show
        for path in paths:
            dump = overrides(path)
            if dump is not None and path not in self._seeds:
                log.info("%s: read instead of %s (the issue file wins)", show(path), show(dump))

    def _read_seeds(self, paths: list[Path], named: Collection[Path]) -> dict[Path, Seed]:
        """Every seed, parsed again only when its bytes (or its sidecar's) changed; those that miss the
        parse cache are parsed in `jobs` processes."""
        seeds: dict[Path, Seed] = {}
        changed: list[tuple[Path, tuple[int, ...], bytes]] = []
        for path in paths:
            sidecar = path.with_suffix(".toml")
            stat = _stat(path) + _stat(sidecar)
            old = self._seeds.get(path)
            if old is not None and old.stat == stat and path not in named and sidecar not in named:
                seeds[path] = old
                continue
            try:
                digest = hashlib.sha256(_read(path) + b"\0" + _read(sidecar)).digest()
            except OSError as exc:
                error = ParseError(self.config.paths.show(path), f"cannot read: {exc.strerror}")
                seeds[path] = Seed(stat, b"", None, error)
                continue
            if old is not None and old.digest == digest:
                seeds[path] = Seed(stat, digest, old.issue, old.error)
            else:
                changed.append((path, stat, digest))
        parsed = parse_all([path for path, _, _ in changed], self.config, self.jobs)
        for (path, seed_stat, digest), result in zip(changed, parsed, strict=True):
            if isinstance(result, ParseError):
                seeds[path] = Seed(seed_stat, digest, None, result)
            else:
                seeds[path] = Seed(seed_stat, digest, result)
                _tell_removed(result)
        return {path: seeds[path] for path in paths}

    def _load_static_pages(self, pending: Changes) -> tuple[StaticPage, ...]:
        if not pending.pages and self.catalog is not None:
            return self.static_pages
        pages = self.config.paths.pages
        return load_static_pages(pages, self.config.paths.show(pages))

    def _load_assets(self, pending: Changes) -> tuple[dict[str, bytes], set[str]]:
        """Every asset, and the names of those added, removed or changed."""
        if not pending.assets and self.catalog is not None:
            return self.assets, set()
        assets = load_assets(self.theme)
        kept = {name: self.assets[name] for name, data in assets.items() if self.assets.get(name) == data}
        assets.update(kept)
        return assets, {name for name in assets.keys() | self.assets.keys() if name not in kept}

    def _renderer(self, pending: Changes, changed_assets: set[str], assets: dict[str, bytes]
                  ) -> tuple[Renderer, TemplateSources]:
        if self.renderer is not None and self.sources is not None and not pending.templates and not changed_assets:
            return self.renderer, self.sources
        renderer = Renderer(self.theme, self.links, assets)
        return renderer, TemplateSources(renderer.env, self.sources)

    # ---- plan: the outputs whose inputs changed ------------------------------------------------

    def _todo(self, outputs: list[Output], sources: TemplateSources, assets: dict[str, bytes],
              made: dict[str, Made]) -> tuple[list[_Todo], list[str]]:
        """Outputs whose inputs changed, and files no output makes any more. An output found unchanged
        under a new Output object is noted in made, so the next update passes over it at once."""
        stamps = tuple((name, fingerprint(data)) for name, data in assets.items())
        todo = []
        for output in outputs:
            old = made.get(output.path) or self._made.get(output.path)
            if old is not None and old.output is output:
                continue
            template = sources.of(output.template).digest if output.template else None
            page_stamps = stamps if output.template else None
            inputs_same = old is not None and same(old.inputs, output.inputs) and old.template == template
            if inputs_same and old is not None and old.stamps == page_stamps:
                made[output.path] = Made(output, old.inputs, old.template, old.stamps, old.digest)
                continue
            todo.append(_Todo(output, Made(output, output.inputs, template, page_stamps, b""), inputs_same))
        paths = {o.path for o in outputs}
        return todo, [path for path in self._made if path not in paths]

    # ---- make and write, batch by batch --------------------------------------------------------

    def _make(self, plan: _Plan, batches: Iterator[list[_Todo]], made: dict[str, Made], report: Report,
              publish: Callable[[Batch], None] | None, interrupted: Callable[[], bool] | None,
              advance: Callable[[int], None]) -> None:
        """Make the batches, writing and publishing each; after the first two (open pages, changed
        issues), newer changes (interrupted) stop the work between two outputs, and the next update
        finds the rest by their inputs."""
        moving = dict(plan.moved)
        waiting = {t.output.path for t in plan.todo}
        for n, items in enumerate(batches):
            batch, done = self._batch(items, made, plan.css_only, interrupted if n > 1 else None)
            advance(len(done))
            report.made += len(done)
            report.written += len(batch.written)
            report.changed += batch.written
            if n == 0:
                for path in plan.removed:
                    self.directory.remove(path)
                report.changed += plan.removed
                batch.removed = [path for path in plan.removed if path not in plan.moved]
            waiting -= {t.output.path for t in done}
            batch.moved = {old: new for old, new in moving.items() if output_file(new) not in waiting}
            for old in batch.moved:
                del moving[old]
            if publish is not None and (batch.written or batch.removed or batch.moved):
                publish(batch)
            if len(done) < len(items):
                report.complete = False
                return

    def _make_in_parallel(self, plan: _Plan, made: dict[str, Made], report: Report,
                          advance: Callable[[int], None]) -> None:
        """Make the outputs in `jobs` forked processes, each writing the files whose bytes changed (a
        build's update: nothing to publish, nothing to interrupt)."""
        for path in plan.removed:
            self.directory.remove(path)
        report.changed += plan.removed
        mark = self.directory.prepare()

        def make(n: int) -> tuple[bytes, bool, list[tuple[str, Path | None]], float, Exception | None]:
            """Make the nth output: its digest, whether its file was written, and what was written."""
            item, digest, changed, error = plan.todo[n], b"", False, None
            try:
                data = item.output.make()
                digest = _digest(data)
                old = made.get(item.output.path) or self._made.get(item.output.path)
                changed = old is None or old.digest != digest
                if changed:
                    self.directory.write(item.output.path, data)
            except Exception as exc:  # the parent raises it once it knows what was written
                error = exc
            records, seconds = self.directory.take(mark)
            return digest, changed, records, seconds, error

        errors = []
        outcomes = fork_map(make, range(len(plan.todo)), self.jobs, least=PER_PROCESS, done=lambda _: advance(1))
        for item, (digest, written, records, seconds, error) in zip(plan.todo, outcomes, strict=True):
            self.directory.adopt(records, seconds / self.jobs)
            if error is not None:
                errors.append(error)
                continue
            made[item.output.path] = Made(item.output, item.made.inputs, item.made.template, item.made.stamps, digest)
            report.made += 1
            if written:
                report.written += 1
                report.changed.append(item.output.path)
        if errors:
            raise errors[0]

    def _batch(self, items: list[_Todo], made: dict[str, Made], css_only: list[str] | None,
               interrupted: Callable[[], bool] | None) -> tuple[Batch, list[_Todo]]:
        """Make and write these outputs (until interrupted); the batch and the outputs made."""
        batch = Batch()
        for n, item in enumerate(items):
            if interrupted is not None and interrupted():
                return batch, items[:n]
            output = item.output
            data = output.make()
            digest = _digest(data)
            old = made.get(output.path) or self._made.get(output.path)
            if old is None or old.digest != digest:
                batch.added = batch.added or old is None
                self.directory.write(output.path, data)
                batch.written.append(output.path)
                if output.template and not (item.restamp and css_only is not None):
                    batch.reload.add(output.path)
            item.made = Made(output, item.made.inputs, item.made.template, item.made.stamps, digest)
            made[output.path] = item.made
        return batch, items


def _tell_removed(issue: Issue) -> None:
    """Say, once a seed is read, that what is not text was removed from it: that changed the text as
    written (each line is a `control-character` warning, which `sitegen check` lists)."""
    removed = [w for w in issue.warnings if w.code == CONTROL_CHARACTER]
    if removed:
        log.warning("%s:%d: removed what is not text on %d line%s (`sitegen check` lists them): %s", issue.source,
                    removed[0].line, len(removed), "s" if len(removed) > 1 else "",
                    removed[0].message.split(": ", 1)[-1])


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


def _order(todo: list[_Todo], first: Collection[str], catalog: Catalog, changed_issues: set[str]
           ) -> Iterator[list[_Todo]]:
    """Batches: the pages open in a browser; the outputs of changed issues; the rest, in chunks."""
    issue_paths = tuple(e.path for e in catalog.issues if e.issue.id in changed_issues)
    shown = [t for t in todo if t.output.path in first]
    issues = [t for t in todo if issue_paths and t.output.path.startswith(issue_paths) and t.output.path not in first]
    taken = {id(t) for t in shown + issues}
    rest = [t for t in todo if id(t) not in taken]
    yield shown
    yield issues
    for start in range(0, len(rest), CHUNK):
        yield rest[start:start + CHUNK]


def _css_only(changed: set[str], before: dict[str, bytes], after: dict[str, bytes]) -> list[str] | None:
    """The changed stylesheets when nothing else changed among the assets (pages then need no reload);
    else None."""
    if changed and all(name.endswith(".css") and name in before and name in after for name in changed):
        return sorted(changed)
    return None


def _same_issue(old: Seed | None, new: Seed) -> bool:
    return old is not None and old.issue is new.issue and old.error is new.error


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stat(path: Path) -> tuple[int, int]:
    try:
        found = os.stat(path)
    except OSError:
        return (-1, -1)
    return (found.st_mtime_ns, found.st_size)


def _read(path: Path) -> bytes:
    """A file's bytes (a regular file's only: intake.read_file); nothing for a file that is not there."""
    try:
        return read_file(path)
    except FileNotFoundError:
        return b""


def check_unique_ids(issues: list[Issue]) -> None:
    """Two seeds whose issues have one id would write one directory: an error naming both."""
    seen: dict[str, str] = {}
    for issue in issues:
        if issue.id in seen:
            raise BuildError(f"{issue.source}: issue id '{issue.id}' is also the id of {seen[issue.id]}; "
                             "rename one of the files")
        seen[issue.id] = issue.source


def load_assets(theme: Theme) -> dict[str, bytes]:
    """Read every asset (project overrides applied)."""
    assets = {}
    for name, path in theme.assets().items():
        try:
            assets[name] = read_file(path, MAX_ASSET_BYTES)
        except OSError as exc:
            raise BuildError(f"{theme.show(path)}: cannot read: {exc.strerror}") from exc
    return assets
