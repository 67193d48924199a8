"""Jinja environment, the one template context, and template errors as BuildErrors.

Every template receives a `TemplateContext` built by `make_context`, and nothing else: the same
keys on every page (None where a key does not apply), so StrictUndefined catches typos. Raw
newspaper text reaches HTML only through autoescaping; `Markup` wraps only HTML our code made.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Literal, TypedDict

import jinja2
from markupsafe import Markup

from ..errors import BuildError
from ..intake import clean_output, read_file, special_file
from ..search.terms import SearchWords
from ..site.catalog import Catalog, IssueEntry, Link, PageBlock, Story, Topic, TopicKind
from ..site.urls import Links
from .theme import Theme, fingerprint

log = logging.getLogger(__name__)

PageKind = Literal["home", "archive", "archive-year", "archive-month", "issue", "print-page", "article", "sitemap",
                   "topic", "topics", "search", "static", "404"]


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
    feed: str | None
    """Path of the main Atom feed; None when the site has none (no dated issue)."""
    search: str | None = None
    """Site path of the search index's manifest, the list of its bundles (`search.shards`); None
    without an index."""
    list_page_size: int = 50
    """Articles on one page of a section, author or keyword list."""
    repo: str | None = None
    """`https://github.com/owner/paper/{}/main/`: with `edit` or `blob` for `{}`, the URL a source path
    is appended to (纠错 links); None without `repo_url`."""


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
    in_sitemap: bool = True
    """Listed in sitemap.xml (the search page is indexable, under one canonical URL, but not listed)."""
    published: str | None = None
    """ISO date of the issue, for article:published_time."""
    image: str | None = None
    """Site path of the page's image for og:image (a printed page's image); None: the site's emblem."""


@dataclass(slots=True, frozen=True)
class ArticleExtras:
    """What an article page shows beyond its story."""

    related: tuple[Story, ...]
    permalink: str
    citation: str
    search: SearchWords | None = None
    """The article's hidden search fields; None without a search index."""


@dataclass(slots=True, frozen=True)
class Pager:
    """One page of a list of articles too long for one page, newest first: the list's own page holds
    the newest, and the older are on pages numbered from the oldest (`render.routes.topic_specs`)."""

    number: int | None
    """This page's number (1: the oldest); None for the list's own page."""
    stories: tuple[Story, ...]
    """The articles on this page."""
    links: tuple[tuple[int | None, str] | None, ...]
    """The pages the pager links, newest first: (number, None for the list's own page; path), None
    for a gap."""
    newer: str | None
    """Path of the page of newer articles (上一页)."""
    older: str | None
    """Path of the page of older articles (下一页)."""


@dataclass(slots=True, frozen=True)
class Month:
    """One month of the archive (往期), its calendar Monday first."""

    year: int
    month: int
    path: str
    """Its archive page: `archive/2024/09/`."""
    weeks: tuple[tuple[tuple[int, tuple[IssueEntry, ...]] | None, ...], ...]
    """Rows of seven cells: (day, that day's issues), or None outside the month."""
    issues: tuple[IssueEntry, ...]
    """The month's issues, in date order."""


@dataclass(slots=True, frozen=True)
class ArchiveYear:
    """A year of the archive and its months with issues."""

    year: int
    path: str
    """Its archive page: `archive/2024/`."""
    months: tuple[tuple[int, str], ...]
    """Each month with issues, newest first, and its page."""

    def month(self, number: int) -> str | None:
        """The page of a month of the year; None when it has no issue."""
        return next((path for n, path in self.months if n == number), None)


@dataclass(slots=True, frozen=True)
class Archive:
    """What the archive pages (往期) show: the years and months that have issues, every page linking
    the others through them; a month's calendar on its page; the undated issues on the first page.
    A day added changes its month's page only (and the lists a new month or year joins)."""

    years: tuple[ArchiveYear, ...]
    """Each year with issues, newest first (on a year's page that year alone; none on a month's page)."""
    year: int | None = None
    """The year a year's or month's page shows."""
    month: Month | None = None
    """The month a month's page shows."""
    neighbours: tuple[Link | None, Link | None] = (None, None)
    """The newer and the older month (or year) with issues, on a month's (or year's) page."""
    undated: tuple[IssueEntry, ...] = ()
    """Undated issues, on the archive's first page."""


class TemplateContext(TypedDict):
    """Everything a template may use; the same keys on every page."""

    site: SiteInfo
    page: PageInfo
    catalog: Catalog | None
    """The whole edition, put in when the page is rendered (`build.outputs.render_page`); a page whose
    template reads it is made again after any change."""
    issue: IssueEntry | None
    print_page: PageBlock | None
    """The printed page (版面) a page shows, or its article is printed on."""
    story: Story | None
    extras: ArticleExtras | None
    topic: Topic | None
    topic_kind: TopicKind | None
    pager: Pager | None
    """The page of a topic's list of articles this page shows."""
    archive: Archive | None
    issues: tuple[IssueEntry, ...] | None
    """Issues a page lists besides its own (the home page: the latest ones)."""
    topics: tuple[Topic, ...] | None
    """Topics a page lists (the index of a kind of topic; the sitemap's sections)."""
    content: Markup | None


def make_context(site: SiteInfo, page: PageInfo, *, issue: IssueEntry | None = None,
                 print_page: PageBlock | None = None, story: Story | None = None,
                 extras: ArticleExtras | None = None, topic: Topic | None = None, topic_kind: TopicKind | None = None,
                 pager: Pager | None = None, archive: Archive | None = None,
                 issues: tuple[IssueEntry, ...] | None = None, topics: tuple[Topic, ...] | None = None,
                 content: Markup | None = None) -> TemplateContext:
    """The context of one page: the only way a template gets data."""
    return TemplateContext(site=site, page=page, catalog=None, issue=issue, print_page=print_page, story=story,
                           extras=extras, topic=topic, topic_kind=topic_kind, pager=pager, archive=archive,
                           issues=issues, topics=topics, content=content)


class Renderer:
    """Renders templates from the theme; template problems become BuildErrors naming file and line."""

    def __init__(self, theme: Theme, links: Links, assets: dict[str, bytes]) -> None:
        self.theme = theme
        self.env = _environment(theme, links, {name: fingerprint(data) for name, data in assets.items()})

    def render(self, template: str, context: TemplateContext) -> bytes:
        """The rendered page as UTF-8."""
        try:
            return clean_output(self.env.get_template(template).render(context)).encode("utf-8")
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
    loader = jinja2.ChoiceLoader([_Templates(d) for d in theme.template_dirs])
    # No auto_reload: a renderer renders one set of template sources (an edited template means a new
    # Renderer), so a template need not be checked for changes at every use.
    env = jinja2.Environment(
        loader=loader, autoescape=jinja2.select_autoescape(["html", "xml"]), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False,
    )
    # Links.href and Links.absolute with base_url split once, not at each of the ~50 links of a page.
    base_path, origin = links.base_path, links.origin
    env.filters["url"] = base_path.__add__
    env.filters["absolute"] = (origin + base_path).__add__
    env.filters["digits"] = lambda n: f"{n:02d}"
    env.filters["absolute_href"] = origin.__add__
    """A root-relative href (`/paper/assets/x?v=…`) made absolute."""
    env.globals["site_url"] = origin + base_path if origin else None
    """The site's full URL; None when base_url is only a path (no absolute URLs can be written)."""

    def asset(name: str) -> str:
        if name not in hashes:
            raise BuildError(f"asset '{name}' not found in {', '.join(theme.show(d) for d in theme.asset_dirs)}")
        return f"{links.href('assets/' + name)}?v={hashes[name]}"

    env.globals["asset"] = asset
    env.globals["teaser"] = StoryItems(env)
    return env


class _Templates(jinja2.FileSystemLoader):
    """Templates from a directory, read as every input is (`intake.read_file`): a FIFO or device where a
    template belongs is refused before it is opened, a file over MAX_TEXT_BYTES before it is read."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for directory in self.searchpath:
            path = Path(directory, *pieces)
            kind = special_file(path)
            if kind:
                raise BuildError(f"{path}: is {kind}, not a template; refusing to read it")
            if path.is_file():
                try:
                    text = read_file(path).decode("utf-8")
                except OSError as exc:
                    raise BuildError(f"{path}: cannot read: {exc.strerror}") from None
                except UnicodeDecodeError as exc:
                    raise BuildError(f"{path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                                     f"{exc.start})") from None
                return text, os.path.normpath(path), partial(_unchanged, path, path.stat().st_mtime)
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


class StoryItems:
    """`teaser(story, …)` in templates: the `teaser` macro of `_macros.html` rendered once per story and
    arguments, and kept while the story is the same object, since a story is listed on its issue's page
    and again on its section's, its authors' and its keywords' pages. The macro's output depends on
    nothing else (the macros are imported without context), so the kept Markup is what calling the
    macro again would give. A Renderer, and so this, lives for one set of templates."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._made: dict[str, tuple[Story, dict[tuple[int, bool, bool, str | None], Markup]]] = {}
        """By story key: the story the items were made from, and its items by macro arguments."""

    def __call__(self, story: Story, level: int = 3, lead: bool = False, show_issue: bool = False,
                 mark: str | None = None) -> Markup:
        """The story's list item: `m.teaser(story, level, lead, show_issue, mark)`."""
        found = self._made.get(story.key)
        if found is None or found[0] is not story:
            found = self._made[story.key] = (story, {})
        args = (level, lead, show_issue, mark)
        item = found[1].get(args)
        if item is None:
            macro = self.env.get_template("_macros.html").module.teaser  # type: ignore[attr-defined]
            item = found[1][args] = macro(story, level=level, lead=lead, show_issue=show_issue, mark=mark)
        return item
