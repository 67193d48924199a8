"""`sitegen build`: bring the output directory up to date with seeds, templates, assets and pages.

A build is the incremental build `sitegen serve` runs after an edit (`pipeline.py`), started from
what the last build left (`state.py`):

    nothing changed     (every input's name, size and mtime, and the output's, as the last build
                        left them) → done, nothing imported beyond the config
    a last build        load its state; parse the seeds that changed (the parse cache keeps the
                        rest); make the outputs whose inputs changed; write the files whose bytes
                        changed into a copy of the output made of hard links; index again the
                        search shards whose pages changed
    no last build       (the first build, --clean, another sitegen or config) everything is made
                        into a fresh directory

Either way the new site is made in a work directory beside the output (`staging.Workspace`) and
swapped in with one atomic exchange, so the output is the old site or the new one at every instant,
a failure (or SIGKILL) included. The result is byte-identical whichever way it was built.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, load_config
from ..parallel import cpu_count
from .inputs import check_inputs
from .report import Report, phase
from .staging import MARKER, Workspace, check_output
from .state import BuildState

if TYPE_CHECKING:
    from .pipeline import IncrementalBuild

log = logging.getLogger(__name__)


def build(config: Config, *, search: bool = True, clean: bool = False, jobs: int | None = None) -> Report:
    """Bring config.paths.output up to date; on any error it stays as it was. clean: ignore what the
    last build left and make everything again (the parse cache is still used). jobs: processes for
    parsing, search words and rendering when there is much of it (default: one per core)."""
    report = Report(level=logging.INFO)
    output = config.paths.output
    check_output(output, config.paths.show(output))
    check_inputs(config)
    advice = config.site_url_advice()
    if advice:
        log.warning(advice)
    state = BuildState(config, search=search)
    with phase("check", report):
        inputs = state.inputs()
        report.unchanged = not clean and state.unchanged(inputs)
    if report.unchanged:
        if Workspace(output).root.exists():  # what a killed build left: removed under the lock
            with state.lock():
                Workspace(output).recover()
        return report
    with state.lock():
        workspace = Workspace(output, spare=state.folder / "spare")
        workspace.recover()
        check_output(output, config.paths.show(output))
        try:
            with phase("state", report):
                last = None if clean else state.load_prefetching()
            with _writing(config, state, workspace, last, report, search=search, jobs=jobs or cpu_count()) as site:
                site.update(commit=False, report=report)  # load, catalog, plan, make, write
                _count(site, report)
                if search:
                    with phase("index", report):
                        _index(site, report.changed, every=report.fresh)
            with phase("save", report):
                state.save(site, inputs)
                if not report.fresh:
                    workspace.keep()
        finally:
            workspace.remove()
    return report


@contextmanager
def _writing(config: Config, state: BuildState, workspace: Workspace, last: IncrementalBuild | None,
             report: Report, *, search: bool, jobs: int) -> Iterator[IncrementalBuild]:
    """The build to update, writing into the work directory beside the output, which then replaces
    the output in one step: a copy of the output made of hard links (last: the last build's state),
    or, with no last build, a fresh directory. On a failure the output is untouched and the work
    directory is deleted."""
    if last is None:
        yield from _fresh(config, state, workspace, report, search=search, jobs=jobs)
    else:
        last.jobs = jobs
        yield from _in_copy(last, state, workspace, report)


def _in_copy(site: IncrementalBuild, state: BuildState, workspace: Workspace, report: Report
             ) -> Iterator[IncrementalBuild]:
    output = site.config.paths.output
    with phase("verify", report):
        as_left = state.output_as_left()
        staging = workspace.clone()
        site.relocate(staging, undo=False)
        if not any(name != MARKER for name in os.listdir(staging)):
            site.start_fresh()
        elif not as_left:
            site.repair()
    try:
        yield site
        with phase("swap", report):
            state.begin()
            workspace.swap()
    except BaseException:
        site.rollback()
        state.end_failed()
        raise
    site.relocate(output)


def _fresh(config: Config, state: BuildState, workspace: Workspace, report: Report, *, search: bool,
           jobs: int) -> Iterator[IncrementalBuild]:
    from .pipeline import IncrementalBuild

    report.fresh = True
    staging = workspace.fresh()
    site = IncrementalBuild(config, staging, search=search, jobs=jobs)
    site.start_fresh()
    yield site
    with phase("swap", report):
        state.begin()
        workspace.swap()
    site.relocate(config.paths.output)


def _count(site: IncrementalBuild, report: Report) -> None:
    """The edition's numbers, for the report."""
    catalog = site.catalog
    assert catalog is not None
    report.issues, report.articles = len(catalog.issues), len(catalog.stories)
    report.warnings = sum(len(entry.issue.warnings) for entry in catalog.issues) + len(site.layout_warnings())
    report.files = len(site.written_files())


def _index(site: IncrementalBuild, changed: list[str], *, every: bool) -> None:
    """Index the search shards whose pages changed (every shard: all of them) and remove bundles no
    longer planned; each is indexed beside the site and moved in once all succeeded."""
    from ..search.index import index_shards, stale_shards

    assert site.search is not None
    shards = site.search.shards
    before = site.search_shards
    todo = shards if every or before is None else stale_shards(shards, changed, before, site.output)
    index_shards(site.output, todo, shards)
    site.search_shards = shards


def build_project(config_path: Path | None = None, *, base_url: str | None = None,
                  search: bool = True, clean: bool = False, jobs: int | None = None) -> Report:
    """Load the config and build: what the CLI calls."""
    config = load_config(config_path, base_url=base_url)
    return build(config, search=search, clean=clean, jobs=jobs)
