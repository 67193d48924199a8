"""Every file of the site, rendered in memory: pages, article data, feeds, sitemap and assets."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from .catalog import Catalog
from .config import Config
from .errors import BuildError
from .feeds import atom_feed, robots, sitemap
from .machine import article_json, article_text
from .render import Renderer
from .routes import Route, routes, site_info
from .search import SearchPlan
from .static_pages import StaticPage
from .theme import Theme
from .urls import Links, output_file

log = logging.getLogger(__name__)


class SiteFiles:
    """Output files by path; two producers of one path is an error naming both."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self._made_by: dict[str, str] = {}

    def add(self, path: str, data: bytes, made_by: str) -> None:
        """Add one file."""
        if path in self.files:
            raise BuildError(f"two outputs would be written to {path}: {self._made_by[path]} and {made_by}")
        self.files[path] = data
        self._made_by[path] = made_by

    def sorted(self) -> dict[str, bytes]:
        """The files in path order."""
        return dict(sorted(self.files.items()))


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
    """Render every file of the site, keyed by path relative to the output directory."""
    links = Links(config.base_url)
    out = SiteFiles()
    renderer = Renderer(theme, links, data.assets)
    search = data.search or SearchPlan(shards=())
    site = site_info(config, data.static_pages, search.bundles)
    pages = list(routes(data.catalog, site, links, data.static_pages, search.words))
    for route in pages:
        out.add(output_file(route.path), renderer.render(route.template, route.context), route.template)
    _add_article_data(out, data.catalog, links)
    _add_feeds(out, data.catalog, config, links)
    out.add("sitemap.xml", sitemap(_sitemap_entries(pages), links), "sitemap")
    out.add("robots.txt", robots(links), "robots.txt")
    out.add(".nojekyll", b"", ".nojekyll")
    for name, content in data.assets.items():
        out.add(f"assets/{name}", content, f"asset {name}")
    return out.sorted()


def _add_article_data(out: SiteFiles, catalog: Catalog, links: Links) -> None:
    for entry in catalog.issues:
        for story in entry.stories:
            out.add(f"{story.path}article.txt", article_text(story, links), f"text of {story.key}")
            out.add(f"{story.path}article.json", article_json(story, entry, links), f"JSON of {story.key}")


def _add_feeds(out: SiteFiles, catalog: Catalog, config: Config, links: Links) -> None:
    out.add("feed.xml", atom_feed(catalog.stories[: config.feed_size], title=config.title, feed_path="feed.xml",
                                  page_path="", feed_id="urn:sitegen:feed", links=links), "feed")
    for topic in catalog.sections:
        path = f"{topic.path}feed.xml"
        feed = atom_feed(topic.stories[: config.feed_size], title=f"{config.title} · {topic.name}",
                         feed_path=path, page_path=topic.path, feed_id=f"urn:sitegen:feed:{topic.path}", links=links)
        out.add(path, feed, f"feed of {topic.name}")


def _sitemap_entries(pages: list[Route]) -> Iterator[tuple[str, dt.date | None]]:
    for route in pages:
        page = route.context["page"]
        if page.indexable:
            yield route.path, dt.date.fromisoformat(page.published) if page.published else None
