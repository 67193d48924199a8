"""`sitegen build`: load → index → words → render → write → search, each phase timed.

Gather, then write: every seed is parsed into one Edition, the catalog derived and every file
rendered in memory before a byte is written; the files are staged beside the output directory,
Pagefind indexes the staged site, and only then does it replace the output directory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cache import parse_cached
from .catalog import build_catalog
from .config import Config, load_config
from .errors import BuildError, ParseError
from .model import Edition, Issue
from .progress import progress
from .search import index_site, plan_search
from .site import SiteInput, render_site
from .static_pages import load_static_pages
from .theme import Theme
from .writer import discard, stage_site, swap_site

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildReport:
    """What a build made and how long each phase took."""

    issues: int = 0
    articles: int = 0
    files: int = 0
    warnings: int = 0
    """Parser warnings (`sitegen parse FILE` lists them)."""
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def phase(name: str, report: BuildReport) -> Iterator[None]:
    """Time a phase and log it."""
    start = time.perf_counter()
    yield
    report.timings[name] = time.perf_counter() - start
    log.info("%-7s %6.2fs", name, report.timings[name])


def build(config: Config, *, search: bool = True) -> BuildReport:
    """Build the site into config.paths.output; on any error the old output stays as it was."""
    report = BuildReport()
    theme = Theme.for_config(config)
    with phase("load", report):
        edition = load_edition(config)
        static_pages = load_static_pages(config.paths.pages, config.paths.show(config.paths.pages))
        assets = load_assets(theme)
    report.issues, report.articles = len(edition.issues), sum(len(i.articles) for i in edition.issues)
    report.warnings = sum(len(i.warnings) for i in edition.issues)
    with phase("index", report):
        catalog = build_catalog(edition, config)
    plan = None
    if search:
        with phase("words", report):
            plan = plan_search(catalog, config)
    with phase("render", report):
        files = render_site(SiteInput(catalog, static_pages, assets, plan), config, theme)
    with phase("write", report):
        staging = stage_site(files, config.paths.output)
    report.files = len(files)
    try:
        if plan is not None:
            with phase("search", report):
                index_site(staging, plan)
        swap_site(staging, config.paths.output)
    finally:
        discard(staging)
    return report


def load_edition(config: Config) -> Edition:
    """Parse every seeds/*.txt; report every unparsable seed at once."""
    seeds = sorted(config.paths.seeds.glob("*.txt")) if config.paths.seeds.is_dir() else []
    if not seeds:
        raise BuildError(f"{config.paths.show(config.paths.seeds)}: no seed files (*.txt) to build from")
    issues, errors = [], []
    for path in progress(seeds, "parse"):
        try:
            issues.append(parse_cached(path, config))
        except ParseError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise BuildError("\n".join(str(e) for e in errors))
    _check_unique_ids(issues)
    return Edition(tuple(issues))


def _check_unique_ids(issues: list[Issue]) -> None:
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
                  search: bool = True) -> BuildReport:
    """Load the config and build: what the CLI calls."""
    config = load_config(config_path, base_url=base_url)
    return build(config, search=search)
