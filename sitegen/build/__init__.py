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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, load_config
from ..errors import BuildError
from ..model import Issue
from ..parallel import cpu_count
from ..render.theme import Theme
from .staging import staging_dir, swap_site
from .state import BuildState

if TYPE_CHECKING:
    from .pipeline import IncrementalBuild

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildReport:
    """What a build made and how long each phase took."""

    issues: int = 0
    articles: int = 0
    files: int = 0
    """Files of the site."""
    made: int = 0
    """Files made (rendered, or copied) this time."""
    written: int = 0
    """Files whose bytes changed and were written."""
    removed: int = 0
    warnings: int = 0
    """Parser warnings (`sitegen parse FILE` lists them)."""
    unchanged: bool = False
    """Nothing changed since the last build: nothing was done."""
    fresh: bool = False
    """Built from scratch into a fresh directory (no usable state of the last build)."""
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def phase(name: str, report: BuildReport) -> Iterator[None]:
    """Time a phase and log it."""
    start = time.perf_counter()
    yield
    report.timings[name] = time.perf_counter() - start
    log.info("%-7s %6.2fs", name, report.timings[name])


def build(config: Config, *, search: bool = True, clean: bool = False, jobs: int | None = None) -> BuildReport:
    """Bring config.paths.output up to date; on any error it stays as it was. clean: ignore what the
    last build left and make everything again (the parse cache is still used). jobs: processes for
    parsing, search words and rendering when there is much of it (default: one per core)."""
    jobs = jobs or cpu_count()
    report = BuildReport()
    state = BuildState(config, search=search)
    with phase("check", report):
        inputs = state.inputs()
        unchanged = not clean and state.unchanged(inputs)
    if unchanged:
        report.unchanged = True
        return report
    with state.lock():
        with phase("state", report):
            if clean:
                incremental = None
            else:
                with state.prefetch():
                    incremental = state.load()
        if incremental is None:
            _build_fresh(config, state, inputs, report, search=search, jobs=jobs)
        else:
            incremental.jobs = jobs
            _update(incremental, state, inputs, report, search=search)
    return report


def _update(incremental: IncrementalBuild, state: BuildState, inputs: str, report: BuildReport, *,
            search: bool) -> None:
    """Update the output directory in place."""
    output = incremental.config.paths.output
    with phase("verify", report):
        if not output.is_dir() or not any(output.iterdir()):
            incremental.start_fresh()
        elif not state.output_as_left():
            incremental.repair()
    state.begin()
    try:
        changed = _run(incremental, report)
        if search:
            with phase("search", report):
                _index(incremental, output, changed, every=False)
    except BaseException:
        incremental.rollback()
        state.end_failed()
        raise
    incremental.commit()
    with phase("save", report):
        state.save(incremental, inputs)


def _build_fresh(config: Config, state: BuildState, inputs: str, report: BuildReport, *, search: bool,
                 jobs: int) -> None:
    """Make everything into a fresh directory, then put it in place of the output."""
    from .pipeline import IncrementalBuild

    report.fresh = True
    output = config.paths.output
    staging = staging_dir(output)
    try:
        incremental = IncrementalBuild(config, staging, search=search, jobs=jobs)
        incremental.start_fresh()
        changed = _run(incremental, report)
        if search:
            with phase("search", report):
                _index(incremental, staging, changed, every=True)
        with phase("swap", report):
            swap_site(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    incremental.relocate(output)
    with phase("save", report):
        state.save(incremental, inputs)


def _run(incremental: IncrementalBuild, report: BuildReport) -> list[str]:
    """One update of everything that changed, its numbers and timings into the report; the files
    it wrote or removed."""
    done = incremental.update(commit=False)
    for name, seconds in done.timings.items():
        report.timings[name] = seconds
        log.info("%-7s %6.2fs", name, seconds)
    catalog = incremental.catalog
    assert catalog is not None
    report.issues, report.articles = len(catalog.issues), len(catalog.stories)
    report.warnings = sum(len(entry.issue.warnings) for entry in catalog.issues)
    report.files = len(incremental.written_files())
    report.made, report.written, report.removed = done.made, done.written, done.removed
    return done.changed


def _index(incremental: IncrementalBuild, site: Path, changed: list[str], *, every: bool) -> None:
    """Index the search shards whose pages changed (every shard: all of them) and remove bundles no
    longer planned; each is indexed beside the site and moved in once all succeeded."""
    from ..search.index import index_shards, plan_shards, stale_shards

    catalog = incremental.catalog
    assert catalog is not None
    shards = plan_shards(catalog, incremental.config.search_shard_size)
    before = incremental.search_shards
    todo = shards if every or before is None else stale_shards(catalog, shards, changed, before, site)
    index_shards(site, todo, shards)
    incremental.search_shards = shards


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
            assets[name] = path.read_bytes()
        except OSError as exc:
            raise BuildError(f"{theme.show(path)}: cannot read: {exc.strerror}") from exc
    return assets


def build_project(config_path: Path | None = None, *, base_url: str | None = None,
                  search: bool = True, clean: bool = False, jobs: int | None = None) -> BuildReport:
    """Load the config and build: what the CLI calls."""
    config = load_config(config_path, base_url=base_url)
    return build(config, search=search, clean=clean, jobs=jobs)
