"""`sitegen check`'s part in the build: the warnings of locating the seeds' articles on their page PDFs,
from the layouts the last build kept where they still hold."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..config import Config
from ..model import Issue, ParseWarning
from ..record.graph import Graph
from .layouts import find_layouts
from .scans import find_scans
from .state import BuildState


def page_warnings(config: Config, seeds: Sequence[tuple[Path, Issue]], jobs: int = 1) -> list[ParseWarning]:
    """The warnings of locating the seeds' articles on their page PDFs (`sitegen check`): articles not
    on their page, text on a page no article claims. Layouts the last build kept are read from its
    store (never written: `check` changes nothing)."""
    state = BuildState(config, search=True)
    try:
        graph = Graph(state.store, ("layout",))
        graph.begin(config, state.settings())
        scans = {issue.id: find_scans(path.with_suffix(""), frozenset(page.number for page in issue.pages),
                                      issue.source, config.paths.show) for path, issue in seeds}
        layouts = find_layouts(graph, seeds, scans, config.paths.show, jobs)
    finally:
        state.close()
    return [w for _, issue in seeds for _, layout in sorted(layouts.get(issue.id, {}).items()) for w in layout.warnings]
