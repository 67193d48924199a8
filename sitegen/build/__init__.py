"""`sitegen build`: bring the output directory up to date with seeds, templates, assets and pages.

A build is the incremental build `sitegen serve` runs after an edit (`incremental.py`), started from
what the last build left (`state.py`):

    nothing changed     (every input's name, size and mtime, and the output's, as the last build
                        left them) → done, nothing imported beyond the config
    a last build        load its state; parse the seeds that changed (the parse cache keeps the
                        rest); make the outputs whose inputs changed; write the files whose bytes
                        changed, each atomically, into the output directory; index again the
                        search shards whose pages changed
    no last build       (the first build, --clean, another sitegen or config) everything is made
                        into a fresh directory beside the output, which then replaces it

Every way, a failure leaves the output as it was: an update puts back what it wrote, a fresh
directory is deleted. The result is byte-identical whichever way it was built.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, load_config
from ..parallel import cpu_count
from .report import Report, phase
from .staging import staging_dir, swap_site
from .state import BuildState

if TYPE_CHECKING:
    from .pipeline import IncrementalBuild

log = logging.getLogger(__name__)


def build(config: Config, *, search: bool = True, clean: bool = False, jobs: int | None = None) -> Report:
    """Bring config.paths.output up to date; on any error it stays as it was. clean: ignore what the
    last build left and make everything again (the parse cache is still used). jobs: processes for
    parsing, search words and rendering when there is much of it (default: one per core)."""
    report = Report(level=logging.INFO)
    state = BuildState(config, search=search)
    with phase("check", report):
        inputs = state.inputs()
        report.unchanged = not clean and state.unchanged(inputs)
    if report.unchanged:
        return report
    with state.lock():
        with phase("state", report):
            last = None if clean else state.load_prefetching()
        with _writing(config, state, last, report, search=search, jobs=jobs or cpu_count()) as site:
            site.update(commit=False, report=report)  # load, catalog, plan, make, write
            _count(site, report)
            if search:
                with phase("index", report):
                    _index(site, report.changed, every=report.fresh)
        with phase("save", report):
            state.save(site, inputs)
    return report


@contextmanager
def _writing(config: Config, state: BuildState, last: IncrementalBuild | None, report: Report, *, search: bool,
             jobs: int) -> Iterator[IncrementalBuild]:
    """The build to update, writing into the output itself (last: the last build's state; a failure
    puts back every file it wrote) or, with no last build, into a fresh directory beside the output
    that replaces it at the end (a failure deletes it)."""
    if last is None:
        yield from _fresh(config, report, search=search, jobs=jobs)
    else:
        last.jobs = jobs
        yield from _in_place(last, state, report)


def _in_place(site: IncrementalBuild, state: BuildState, report: Report) -> Iterator[IncrementalBuild]:
    output = site.config.paths.output
    with phase("verify", report):
        if not output.is_dir() or not any(output.iterdir()):
            site.start_fresh()
        elif not state.output_as_left():
            site.repair()
    state.begin()
    try:
        yield site
    except BaseException:
        site.rollback()
        state.end_failed()
        raise
    site.commit()


def _fresh(config: Config, report: Report, *, search: bool, jobs: int) -> Iterator[IncrementalBuild]:
    from .pipeline import IncrementalBuild

    report.fresh = True
    output = config.paths.output
    staging = staging_dir(output)
    try:
        site = IncrementalBuild(config, staging, search=search, jobs=jobs)
        site.start_fresh()
        yield site
        with phase("swap", report):
            swap_site(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    site.relocate(output)


def _count(site: IncrementalBuild, report: Report) -> None:
    """The edition's numbers, for the report."""
    catalog = site.catalog
    assert catalog is not None
    report.issues, report.articles = len(catalog.issues), len(catalog.stories)
    report.warnings = sum(len(entry.issue.warnings) for entry in catalog.issues)
    report.files = len(site.written_files())


def _index(site: IncrementalBuild, changed: list[str], *, every: bool) -> None:
    """Index the search shards whose pages changed (every shard: all of them) and remove bundles no
    longer planned; each is indexed beside the site and moved in once all succeeded."""
    from ..search.index import index_shards, stale_shards

    catalog = site.catalog
    assert catalog is not None and site.search is not None
    shards = site.search.shards
    before = site.search_shards
    todo = shards if every or before is None else stale_shards(catalog, shards, changed, before, site.output)
    index_shards(site.output, todo, shards)
    site.search_shards = shards


def build_project(config_path: Path | None = None, *, base_url: str | None = None,
                  search: bool = True, clean: bool = False, jobs: int | None = None) -> Report:
    """Load the config and build: what the CLI calls."""
    config = load_config(config_path, base_url=base_url)
    return build(config, search=search, clean=clean, jobs=jobs)
