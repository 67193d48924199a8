"""Every file of the site, rendered in memory: pages, article data, feeds, sitemap and assets.

What the files are and what each is made from is `outputs.py`, shared with the incremental build
(`incremental.py`), so that both give the same bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from .catalog import Catalog, Story
from .config import Config
from .outputs import SiteOutputs
from .render import Renderer
from .routes import NO_SEARCH, SearchFields
from .search import SearchPlan, SearchWords
from .static_pages import StaticPage
from .template_sources import TemplateSources
from .theme import Theme
from .urls import Links

log = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class SiteInput:
    """Everything gathered before rendering."""

    catalog: Catalog
    static_pages: tuple[StaticPage, ...]
    assets: dict[str, bytes]
    """Asset files by path under assets/, project overrides applied."""
    search: SearchPlan | None = None
    """The search index to be built after rendering; None for a site without search."""


def render_site(data: SiteInput, config: Config, theme: Theme) -> dict[str, bytes]:
    """Render every file of the site, keyed by path relative to the output directory (in path order)."""
    renderer = Renderer(theme, Links(config.base_url), data.assets)
    outputs = SiteOutputs(config).outputs(data.catalog, data.static_pages, data.assets, renderer,
                                          TemplateSources(renderer.env), search_fields(data.search))
    return dict(sorted((output.path, output.make()) for output in outputs))


def search_fields(plan: SearchPlan | None) -> SearchFields:
    """What the pages carry for a planned search index (nothing without one)."""
    if plan is None:
        return NO_SEARCH
    return SearchFields(plan.bundles, partial(_planned_words, plan.words), plan)


def _planned_words(words: Mapping[str, SearchWords], story: Story) -> SearchWords | None:
    return words.get(story.key)
