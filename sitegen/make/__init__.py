"""`sitegen build`: bring the output directory up to date with what the site is made from.

    check   every input the last build read (as the recorder noted it) gives what it gave, and the
            output is as it left it: done, nothing imported beyond the config
    state   the last build's graph (`state.py`), its records read by key as they are asked for;
            the work directory beside the output: a copy of it made of hard links, compared file
            by file with the records when someone changed it (`verify`), or an empty one (the
            first build, --clean)
    update  load, catalog, plan, make, write (`site.py`): only the files whose arguments or reads
            changed are made, only those whose bytes changed are written
    index   Pagefind over the search shards whose pages changed
    swap    the new site replaces the output in one atomic exchange (`staging.py`)
    save    the graph, what this build read, and the output's stamp

The output is the old site or the new one at every instant, a failure (or SIGKILL) included, and
the result is byte-identical whichever way it was built.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, load_config
from ..parallel import Forked, cpu_count
from ..site.urls import SEARCH_BUNDLES
from .inputs import check_inputs
from .report import Report, phase
from .staging import MARKER, Workspace, check_output
from .state import BuildState

if TYPE_CHECKING:
    from .site import Site

log = logging.getLogger(__name__)


def build(config: Config, *, search: bool = True, clean: bool = False, jobs: int | None = None) -> Report:
    """Bring config.paths.output up to date; on any error it stays as it was. clean: ignore what the
    last build left and make everything again (the parses are still used). jobs: processes for
    parsing, search words and rendering when there is much of it (default: one per core)."""
    report = Report(level=logging.INFO)
    output = config.paths.output
    _check(config)
    state = BuildState(config, search=search)
    with phase("check", report):
        report.unchanged = not clean and state.unchanged()
    if report.unchanged:
        if Workspace(output).root.exists():  # what a killed build left: removed under the lock
            with state.lock():
                Workspace(output).recover()
        return report
    from .load import parse
    from .site import Site  # the whole build: imported only when there is something to do

    with state.lock():
        workspace = Workspace(output, spare=state.folder / "spare")
        workspace.recover()
        check_output(output, config.paths.show(output))
        changed = state.changed_seeds()  # parsed in a process of their own while the state is read
        prefetched = Forked(lambda path: parse(path, config), changed, 1, background=True)
        with phase("state", report):
            site = Site(config, output, state.graph(clean=clean), search=search, jobs=jobs or cpu_count())
            site.prefetched = prefetched
        try:
            _work_directory(site, state, workspace, report, clean=clean)
            site.update(report, commit=False)  # load, catalog, plan, make, write
            _count(site, report)
            if search:
                with phase("index", report):
                    _index(site, report)
            with phase("swap", report):
                state.begin()
                workspace.swap()
            with phase("save", report):
                site.relocate(output)
                state.save(site)
                if not report.fresh:
                    workspace.keep()
        except BaseException:
            site.rollback()
            state.end_failed()
            raise
        finally:
            prefetched.close()
            workspace.remove()
            state.close()
    return report


def _check(config: Config) -> None:
    """What a build checks before anything: the output is a site sitegen made (or nothing), the
    inputs are what a build may read; and what to tell of the config."""
    check_output(config.paths.output, config.paths.show(config.paths.output))
    check_inputs(config)
    advice = config.site_url_advice()
    if advice:
        log.warning(advice)


def _work_directory(site: Site, state: BuildState, workspace: Workspace, report: Report, *, clean: bool) -> None:
    """Where the build writes: with no records of the site's files (the first build, --clean), an
    empty directory; else a copy of the output made of hard links, compared file by file with the
    records when it is not as the last build left it (`verify`)."""
    if clean or not site.graph.keys("output"):
        report.fresh = True
        site.relocate(workspace.fresh())
        site.start_fresh()
        return
    with phase("verify", report):
        staging = workspace.clone()
        site.relocate(staging, undo=False)
        if not any(path.name != MARKER for path in staging.iterdir()):
            site.start_fresh()
        elif not state.output_as_left():
            site.repair()
        if not site.search:
            _drop_index(staging)


def _drop_index(staging: Path) -> None:
    """A build without search leaves no search index (one an earlier build made is removed)."""
    for path in staging.iterdir():
        if path.name.startswith(SEARCH_BUNDLES) and path.is_dir():
            shutil.rmtree(path)


def _count(site: Site, report: Report) -> None:
    """The edition's numbers, for the report."""
    catalog = site.catalog
    assert catalog is not None
    report.issues, report.articles = len(catalog.issues), len(catalog.stories)
    report.warnings = sum(len(entry.issue.warnings) + len(entry.page_warnings) for entry in catalog.issues)
    report.files = len(site.written_files())


def _index(site: Site, report: Report) -> None:
    """Index the search shards whose pages changed (every shard after a fresh build) and remove
    bundles no longer planned; each is indexed beside the site and moved in once all succeeded."""
    from ..search.index import index_shards, stale_shards

    assert site.search is not None
    shards = site.search.shards
    before = site.search_shards
    every = report.fresh or before is None
    todo = shards if every else stale_shards(shards, report.changed, before, site.output)
    index_shards(site.output, todo, shards)
    site.search_shards = shards


def build_project(config_path: Path | None = None, *, base_url: str | None = None,
                  search: bool = True, clean: bool = False, jobs: int | None = None) -> Report:
    """Load the config and build: what the CLI calls."""
    config = load_config(config_path, base_url=base_url)
    return build(config, search=search, clean=clean, jobs=jobs)
