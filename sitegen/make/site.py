"""The site in an output directory, kept up to date: load, catalog, plan, make, write.

    load      the edition (each seed's parse kept in the graph, made again only when what it read
              changed: `load.py`), the static pages, the assets, and the renderer (made anew when a
              template, an asset or what it was made from changed)
    catalog   the site's structure (`site/catalog.py`), each piece kept in the graph
    plan      every file of the site, listed once (`outputs.py`); a file is to make when the
              fingerprint of its arguments, or what one of its reads gives now, differs from its
              record; files no output makes any more are to remove
    make      each file made, what it reads recorded; written when its bytes changed. `sitegen
              build` makes them all at once, in forked processes when there are many;
              `sitegen serve` orders them and tells open tabs batch by batch (a `Publisher`:
              `serve/updates.py`)

What an update depends on is whatever it read, never a list of kinds of change: `sitegen serve`
and `sitegen build` both just call `update()`. An update that fails puts back every file it wrote
(`output_dir.py`) and keeps no record of the files it made, so the next one makes them again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from .. import model, progress
from ..config import Config
from ..parallel import Forked, fork_map
from ..record import Key, note, recording, replay
from ..record.fingerprint import fingerprint, known, prune
from ..record.graph import UNLOADED, Graph, ReadList, Record
from ..render import renderer as renderer_module
from ..render import routes, static_pages
from ..render.renderer import Renderer
from ..render.routes import NO_SEARCH, site_info
from ..render.static_pages import StaticPage, load_static_pages
from ..render.theme import Theme
from ..search import Shard, terms
from ..search import index as search_index
from ..site import catalog as catalog_module
from ..site import related
from ..site.catalog import Catalog, CatalogBuilder
from ..site.feeds import feed_stories
from ..site.urls import SEARCH_BUNDLES, Links
from . import load as load_module
from . import outputs as outputs_module
from . import pickling, search_words
from .inputs import check_inputs
from .load import Outcome, load_assets, load_edition
from .output_dir import SiteDirectory
from .outputs import Output, Part, Summary, check_paths, making, site_parts, sitemap_entries, sitemap_files
from .report import Report, phase
from .search_words import ArticleSearchWords

log = logging.getLogger(__name__)

pickling.install(model, catalog_module, related, outputs_module, renderer_module, routes, static_pages, search_index,
                 terms, load_module, search_words)

PER_PROCESS = 500
"""Fewest files worth a forked process of their own."""
OUTPUT = "output"
"""The kind of the records of the site's files: `("output", path)`, the digest of its bytes."""


@dataclass(slots=True)
class Plan:
    """What an update makes and removes, and what `sitegen serve` needs to order it and tell tabs."""

    todo: list[Output]
    removed: list[str]
    catalog: Catalog
    previous: Catalog | None
    """The catalog of the last update (None: the first)."""
    assets: dict[str, bytes]
    changed_assets: set[str]
    """Assets added, changed or removed since the last update."""
    changed_issues: set[str]
    """Issues whose entry was made again."""
    links: Links
    paths: list[str]
    """Every file of the site."""
    renderer: Renderer
    asset_reads: dict[str, ReadList]
    """What finding each asset read, in this update and the last."""


class Publisher(Protocol):
    """How `sitegen serve` makes an update's files: in its own order (`Site.make`, `Site.remove`),
    telling open tabs after each batch; it may stop early when newer changes came."""

    def make(self, site: Site, plan: Plan, report: Report) -> None: ...


@dataclass(slots=True)
class _Made:
    """Records of the files an update made, kept when it ends well."""

    records: dict[str, Record] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


class Site:
    """A site in an output directory, brought up to date by each `update`."""

    def __init__(self, config: Config, output: Path, graph: Graph, *, search: bool = False, jobs: int = 1) -> None:
        self.config = config
        self.output = output
        self.graph = graph
        self.jobs = jobs
        """Processes that parse seeds, cut search words and make files when there are many."""
        self.search = ArticleSearchWords(config, graph) if search else None
        """The pages' search fields (as `sitegen build` gives them), or None as with --no-search."""
        self.theme = Theme.for_config(config)
        self.links = Links(config.base_url)
        self.directory = SiteDirectory(output)
        self.catalogs = CatalogBuilder(config, graph)
        self.catalog: Catalog | None = None
        self.assets: dict[str, bytes] = {}
        self.asset_reads: dict[str, ReadList] = {}
        self.renderer: Renderer | None = None
        self.paths: set[str] = set()
        """Every file of the site as the last update listed it."""
        self.reads: ReadList = ()
        """Every input the last update read, as it read it: nothing changed when each gives the same."""
        self.on_disk: dict[str, bytes | None] = {}
        """Files to make again whatever their records say, with the digest of what is in the output
        now (None: nothing): someone changed the output directory."""
        self._made = _Made()
        self.prefetched: Forked[Path, Outcome] | None = None
        """Seeds being parsed in another process since before the update (`sitegen build` knows which
        changed from its check)."""

    # ---- an update ------------------------------------------------------------------------------

    def update(self, report: Report | None = None, publisher: Publisher | None = None, *,
               commit: bool = True) -> Report:
        """Bring the output up to date. On failure every file it wrote is put back. With commit=False
        the caller ends it: `commit()`, or `rollback()` (`sitegen build`, which swaps the output in
        between)."""
        report = report if report is not None else Report()
        try:
            with recording() as frame:
                plan = self.plan(report)
                start = time.perf_counter()
                with making(plan.renderer, plan.catalog):
                    if publisher is not None:
                        publisher.make(self, plan, report)
                    else:
                        self.make_all(plan, report)
                report.timed("make", time.perf_counter() - start - self.directory.write_time)
                report.timed("write", self.directory.write_time)
        except BaseException:
            self.rollback()
            raise
        self.reads = self.graph.intern(frame.reads)
        self._keep_records()
        self.catalog, self.assets, self.renderer = plan.catalog, plan.assets, plan.renderer
        self.asset_reads = plan.renderer.asset_reads
        self.paths = set(plan.paths)
        if commit:
            self.directory.commit()
        return report

    def plan(self, report: Report) -> Plan:
        """load, catalog and plan: what this update makes and removes."""
        graph = self.graph
        setting = b"on" if self.search is not None else b"off"
        graph.begin(self.config, {"search": setting})
        note(("setting", "search"), setting)
        prune()
        with phase("load", report):
            check_inputs(self.config)
            loaded = load_edition(graph, self.config, self.jobs, self.prefetched)
            self.prefetched = None
            pages = self.config.paths.pages
            static_pages = graph.call(("pages",), load_static_pages, pages, self.config.paths.show(pages))
            assets, asset_reads = load_assets(self.theme)
            renderer = self._renderer(assets, asset_reads)
        with phase("catalog", report):
            self.catalogs.jobs = self.jobs
            catalog = self.catalogs.build(loaded.edition, loaded.keywords)
            graph.provide("catalog", lambda key: fingerprint(catalog))
        with phase("plan", report):
            paths, todo = self._list(catalog, static_pages, assets)
            known = {key[1] for key in graph.keys(OUTPUT)} | {path for path, was in self.on_disk.items() if was}
            removed = sorted(known - set(paths))
        changed = {name for name in assets.keys() | self.assets.keys() if assets.get(name) != self.assets.get(name)}
        both = {name: (*self.asset_reads.get(name, ()), *found) for name, found in asset_reads.items()}
        return Plan(todo, removed, catalog, self.catalog, assets, changed,
                    {key[1] for key in graph.made_now if key[0] == "entry"}, self.links, paths, renderer, both)

    def _renderer(self, assets: dict[str, bytes], asset_reads: dict[str, ReadList]) -> Renderer:
        """The renderer of the last update while its templates, the assets and what it was made from
        are unchanged (its compiled templates are kept), else a new one."""
        old = self.renderer
        if old is not None and self.assets == assets and self.graph.holds(old.reads) \
                and self.graph.holds(old.template_reads()):
            return old
        return Renderer(self.config, assets, asset_reads)

    def _list(self, catalog: Catalog, static_pages: tuple[StaticPage, ...], assets: dict[str, bytes]
              ) -> tuple[list[str], list[Output]]:
        """Every file of the site (its path), in the order a full build makes them, and the files to
        make. Each part of the site is kept in the graph as a summary of its files (`Summary`): a
        part whose pieces are unchanged is not listed again, and its files are made only when their
        records do not hold."""
        config = self.config
        search = NO_SEARCH
        if self.search is not None:
            search = self.search.fields(catalog)
            self.search.cut(catalog.stories, self.jobs)
        site = site_info(config, static_pages, search.manifest, feed=bool(feed_stories(catalog.stories, 1)))
        files: list[tuple[str, bytes, str]] = []
        entries: list[tuple[str, Any]] = []
        todo: list[Output] = []
        replayed: set[int] = set()
        for part in site_parts(config, catalog, site, self.links, static_pages, assets, search):
            summary, outputs = self._part(part)
            files += summary.files
            entries += summary.sitemap
            stale = {path: made_from for path, made_from, _ in summary.files
                     if self._stale(path, made_from, replayed)}
            if stale:
                if outputs is None:  # a kept part listed again: its files are those its summary holds
                    outputs = tuple(o for o in part.files(*part.args) if o.path in stale)
                    for output in outputs:
                        known(output, stale[output.path])
                todo += [o for o in outputs if o.path in stale]
        if self.links.origin:
            for sitemap in sitemap_files(entries, self.links):
                files.append((sitemap.path, fingerprint(sitemap), sitemap.made_by))
                if self._stale(sitemap.path, fingerprint(sitemap), replayed):
                    todo.append(sitemap)
        check_paths(files)
        return [path for path, _, _ in files], todo

    def _part(self, part: Part) -> tuple[Summary, tuple[Output, ...] | None]:
        """A part's summary: kept when its arguments and reads are unchanged, else listed again (its
        outputs then given too)."""
        key = ("part", *part.name)
        kept = self.graph.kept(key, part.args)
        if kept is not UNLOADED:
            return kept, None
        with recording() as frame:
            outputs = part.files(*part.args)
            pages = tuple(o for o in outputs if o.page)
            summary = Summary(tuple((o.path, fingerprint(o), o.made_by) for o in outputs),
                              sitemap_entries(*pages) if pages else ())
        self.graph.keep(key, Record(fingerprint(part.args), self.graph.intern(frame.reads), summary))
        replay(frame.reads.items())
        return summary, outputs

    def _stale(self, path: str, made_from: bytes, replayed: set[int]) -> bool:
        """Whether a file is to make: it is not on disk as last made, or its record does not hold. A
        file kept as it is still depends on what it read: that is read by this update too."""
        if path in self.on_disk:
            return True
        record = self.graph.fresh((OUTPUT, path), made_from)
        if record is None:
            return True
        if id(record.reads) not in replayed:
            replayed.add(id(record.reads))
            replay(record.reads)
        return False

    # ---- make and write -----------------------------------------------------------------------

    def make_all(self, plan: Plan, report: Report) -> None:
        """Make every file of the plan, in `jobs` forked processes when there are many."""
        self.remove(plan.removed, report)
        with progress.task("pages", len(plan.todo)) as advance:
            if self.jobs > 1 and len(plan.todo) >= 2 * PER_PROCESS:
                self._make_in_parallel(plan.todo, report, advance)
            else:
                self.make(plan.todo, report, advance=advance)

    def make(self, outputs: Iterable[Output], report: Report, stop: Callable[[], bool] | None = None,
             advance: Callable[[int], None] | None = None) -> tuple[list[Output], list[Output]]:
        """Make these files, writing those whose bytes changed, until stop() says to stop: the outputs
        made and the outputs written (advance: told of each file made)."""
        made, written = [], []
        for output in outputs:
            if stop is not None and stop():
                break
            if advance is not None:
                advance(1)
            data, reads = _make(output)
            if self._keep(output, data, reads):
                written.append(output)
            made.append(output)
        report.made += len(made)
        report.written += len(written)
        report.changed += [o.path for o in written]
        return made, written

    def remove(self, paths: Iterable[str], report: Report) -> None:
        """Remove files no output makes any more."""
        for path in paths:
            self.directory.remove(path)
            self._made.removed.append(path)
            report.changed.append(path)

    def _keep(self, output: Output, data: bytes, reads: ReadList, *, write: bool = True) -> bool:
        """Note a file made (and write it when its bytes changed); whether its bytes changed."""
        digest = _digest(data)
        changed = digest != self._on_disk(output.path)
        if changed and write:
            self.directory.write(output.path, data)
        self._made.records[output.path] = Record(fingerprint(output), self.graph.intern(reads), None, digest)
        return changed

    def has_file(self, path: str) -> bool:
        """Whether the output holds this file now."""
        return self._on_disk(path) is not None

    def changed_reads(self, output: Output) -> set[Key]:
        """Why a file is to make: the reads of its record that give something else now (`("new",)`
        when it has no record that its arguments match)."""
        record = self.graph.records.get((OUTPUT, output.path))
        if record is None or output.path in self.on_disk or record.args != fingerprint(output):
            return {("new",)}
        return set(self.graph.changed_inputs(record.reads))

    def _on_disk(self, path: str) -> bytes | None:
        """The digest of the file as it is in the output now (None: there is none)."""
        if path in self.on_disk:
            return self.on_disk[path]
        record = self.graph.records.get((OUTPUT, path))
        return record.fingerprint if record is not None else None

    def _make_in_parallel(self, todo: list[Output], report: Report, advance: Callable[[int], None]) -> None:
        """Make the files in `jobs` forked processes, each writing those whose bytes changed."""
        mark = self.directory.prepare()

        def make(n: int) -> tuple[bytes, ReadList, bool, list[tuple[str, Path | None]], float, Exception | None]:
            """Make the nth file: its digest and reads, whether it was written, what was written."""
            digest, reads, changed, error = b"", cast(ReadList, ()), False, None
            try:
                data, reads = _make(todo[n])
                digest = _digest(data)
                changed = digest != self._on_disk(todo[n].path)
                if changed:
                    self.directory.write(todo[n].path, data)
            except Exception as exc:  # the parent raises it once it knows what was written
                error = exc
            records, seconds = self.directory.take(mark)
            return digest, reads, changed, records, seconds, error

        errors = []
        for output, (digest, reads, written, records, seconds, error) in zip(
                todo, fork_map(make, range(len(todo)), self.jobs, least=PER_PROCESS, done=lambda _: advance(1)),
                strict=True):
            self.directory.adopt(records, seconds / self.jobs)
            if error is not None:
                errors.append(error)
                continue
            replay(reads)
            self._made.records[output.path] = Record(fingerprint(output), self.graph.intern(reads), None, digest)
            report.made += 1
            if written:
                report.written += 1
                report.changed.append(output.path)
        if errors:
            raise errors[0]

    # ---- ending an update ---------------------------------------------------------------------

    def _keep_records(self) -> None:
        """The update ended well: keep the records of the files it made and removed."""
        for path, record in self._made.records.items():
            self.graph.keep((OUTPUT, path), record)
            self.on_disk.pop(path, None)
        for path in self._made.removed:
            self.graph.drop((OUTPUT, path))
            self.on_disk.pop(path, None)
        self._made = _Made()

    def commit(self) -> None:
        """Keep what an update with commit=False wrote."""
        self.directory.commit()

    def rollback(self) -> None:
        """Undo an update: the files are as before it, and what it made is made again by the next."""
        self.directory.rollback()
        self._made = _Made()

    def take_over(self, previous: Site) -> None:
        """Go on from another Site of the same output and graph (`sitegen serve` after its config
        changed): what is on disk, and the last update's catalog, assets and renderer."""
        self.on_disk = dict(previous.on_disk)
        self.catalog, self.assets, self.renderer = previous.catalog, previous.assets, previous.renderer
        self.asset_reads = previous.asset_reads
        self.paths, self.reads, self.directory = previous.paths, previous.reads, previous.directory

    # ---- the output directory -----------------------------------------------------------------

    def written_files(self) -> set[str]:
        """Every file of the site."""
        return set(self.paths)

    def start_fresh(self) -> None:
        """The output directory is missing or empty: make it, and every file into it, keeping nothing
        to put back (a failed update empties it again)."""
        self.output.mkdir(parents=True, exist_ok=True)
        self.directory = SiteDirectory(self.output, fresh=True)
        self.on_disk = {key[1]: None for key in self.graph.keys(OUTPUT)}

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
                digest = _digest(_read(Path(directory) / name))
                if digest != self._on_disk(path):
                    self.on_disk[path] = digest
            if prefix and not os.listdir(directory):
                os.rmdir(directory)
        for key in self.graph.keys(OUTPUT):
            if key[1] not in found:
                self.on_disk[key[1]] = None
        self.forget_index()

    def forget_index(self) -> None:
        """Index every search shard again (the bundles in the output may not be those last made)."""
        self.graph.put(("index",), None)

    @property
    def search_shards(self) -> tuple[Shard, ...] | None:
        """The search index's shards as `sitegen build` last indexed them (None: unknown)."""
        return self.graph.last(("index",))  # type: ignore[no-any-return]

    @search_shards.setter
    def search_shards(self, shards: tuple[Shard, ...] | None) -> None:
        self.graph.put(("index",), shards)


def _make(output: Output) -> tuple[bytes, ReadList]:
    """A file's bytes, and what making them read."""
    with recording() as frame:
        data = output.bytes()
    replay(frame.reads.items())
    return data, tuple(frame.reads.items())


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""

