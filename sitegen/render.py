"""Jinja environment, the one template context, and template errors as BuildErrors.

Every template receives a `TemplateContext` built by `make_context`, and nothing else: the same
keys on every page (None where a key does not apply), so StrictUndefined catches typos. Raw
newspaper text reaches HTML only through autoescaping; `Markup` wraps only HTML our code made.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal, TypedDict

import jinja2
from markupsafe import Markup

from .catalog import Catalog, IssueEntry, Link, Story, Topic, TopicKind
from .errors import BuildError
from .search.terms import SearchWords
from .theme import Theme, fingerprint
from .urls import Links

log = logging.getLogger(__name__)

PageKind = Literal["home", "archive", "issue", "article", "topic", "topics", "search", "static", "404"]


@dataclass(slots=True, frozen=True)
class SiteInfo:
    """What every page knows about the site."""

    title: str
    description: str
    language: str
    nav: tuple[Link, ...]
    """The header's main navigation."""
    static_pages: tuple[Link, ...]
    """Pages from pages/*.md, linked from the footer."""
    feed: str
    """Path of the main Atom feed."""
    search: tuple[str, ...] = ()
    """Site paths of the search index's bundles, the first to load first; empty without an index."""


@dataclass(slots=True, frozen=True)
class PageInfo:
    """What a template needs to know about the page it renders."""

    kind: PageKind
    path: str
    title: str
    """The page's own title, without the site name."""
    description: str
    crumbs: tuple[Link, ...] = ()
    """Breadcrumbs above the page, the page itself not included."""
    og_type: str = "website"
    feeds: tuple[Link, ...] = ()
    """Atom feeds announced in <head> besides the main one."""
    jsonld: Markup | None = None
    """Serialized schema.org data, made safe for a <script> element."""
    indexable: bool = True
    published: str | None = None
    """ISO date of the issue, for article:published_time."""


@dataclass(slots=True, frozen=True)
class ArticleExtras:
    """What an article page shows beyond its story."""

    related: tuple[Story, ...]
    permalink: str
    citation: str
    search: SearchWords | None = None
    """The article's hidden search fields; None without a search index."""


@dataclass(slots=True, frozen=True)
class Calendar:
    """The archive: dated issues by year and month, and undated issues by name."""

    years: tuple[tuple[int, tuple[Month, ...]], ...]
    undated: tuple[IssueEntry, ...]


@dataclass(slots=True, frozen=True)
class Month:
    """One month of the archive calendar, Monday first."""

    year: int
    month: int
    weeks: tuple[tuple[tuple[int, tuple[IssueEntry, ...]] | None, ...], ...]
    """Rows of seven cells: (day, that day's issues), or None outside the month."""
    count: int


class TemplateContext(TypedDict):
    """Everything a template may use; the same keys on every page."""

    site: SiteInfo
    page: PageInfo
    catalog: Catalog
    issue: IssueEntry | None
    story: Story | None
    extras: ArticleExtras | None
    topic: Topic | None
    topic_kind: TopicKind | None
    calendar: Calendar | None
    content: Markup | None


def make_context(site: SiteInfo, page: PageInfo, catalog: Catalog, *, issue: IssueEntry | None = None,
                 story: Story | None = None, extras: ArticleExtras | None = None, topic: Topic | None = None,
                 topic_kind: TopicKind | None = None, calendar: Calendar | None = None,
                 content: Markup | None = None) -> TemplateContext:
    """The context of one page: the only way a template gets data."""
    return TemplateContext(site=site, page=page, catalog=catalog, issue=issue, story=story, extras=extras,
                           topic=topic, topic_kind=topic_kind, calendar=calendar, content=content)


class Renderer:
    """Renders templates from the theme; template problems become BuildErrors naming file and line."""

    def __init__(self, theme: Theme, links: Links, assets: dict[str, bytes]) -> None:
        self.theme = theme
        self.env = _environment(theme, links, {name: fingerprint(data) for name, data in assets.items()})

    def render(self, template: str, context: TemplateContext) -> bytes:
        """The rendered page as UTF-8."""
        try:
            return self.env.get_template(template).render(context).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"{self._where(exc.filename, exc.lineno, template)}: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            where = self._frame(exc.__traceback__) or template
            dirs = ", ".join(self.theme.show(d) + "/" for d in self.theme.template_dirs)
            raise BuildError(f"{where}: template '{exc.name}' not found (looked in {dirs})") from exc
        except Exception as exc:
            frame = self._frame(exc.__traceback__)
            if frame is None:
                raise
            detail = str(exc) if isinstance(exc, BuildError) else f"{type(exc).__name__}: {exc}"
            raise BuildError(f"{frame}: {detail}") from exc

    def _where(self, filename: str | None, line: int | None, template: str) -> str:
        shown = self.theme.show(filename) if filename else template
        return f"{shown}:{line}" if line else shown

    def _frame(self, tb: TracebackType | None) -> str | None:
        """`file:line` of the innermost template frame of a traceback, if any."""
        dirs = [d.resolve() for d in self.theme.template_dirs]
        frames = [f for f in traceback.extract_tb(tb)
                  if any(Path(f.filename).resolve().is_relative_to(d) for d in dirs)]
        return f"{self.theme.show(frames[-1].filename)}:{frames[-1].lineno}" if frames else None


def _environment(theme: Theme, links: Links, hashes: dict[str, str]) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(d) for d in theme.template_dirs])
    env = jinja2.Environment(
        loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["url"] = links.href
    env.filters["absolute"] = links.absolute
    env.filters["digits"] = lambda n: f"{n:02d}"

    def asset(name: str) -> str:
        if name not in hashes:
            raise BuildError(f"asset '{name}' not found in {', '.join(theme.show(d) for d in theme.asset_dirs)}")
        return f"{links.href('assets/' + name)}?v={hashes[name]}"

    env.globals["asset"] = asset
    return env
