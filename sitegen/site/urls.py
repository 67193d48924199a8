"""The URL scheme, and how base_url turns a site path into a link.

Site paths are relative to the site root, ASCII, readable and permanent; a page's path ends in
`/` and is written as `<path>index.html`:

    ""                              home: the latest issue's front
    archive/                        往期: every issue by year and month
    2024/09/20/                     a dated issue; when several issues share a date, each is
                                    2024/09/20/<issue.id>/ instead
    2024/09/20/<article.id>/        an article; article.txt and article.json beside its index.html
    issues/<issue.id>/              an undated issue (id from the seed's file name), its articles below
    sections/<slug>/                every article in a 栏目, newest first (and its feed.xml)
    authors/<slug>/  keywords/<slug>/
    search/  404.html  feed.xml  sitemap.xml  robots.txt  <page>/ (from pages/<page>.md)

Slugs of section and keyword names are pinyin (`slug.slugify`); authors' are surname-given
(`slug.person_slug`: 李宏伟 → `li-hongwei`). Of names sharing a slug, the one whose page came first keeps
it and the others get a hash of the name appended (`name_slugs`): a day added never moves a page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..model import Article, Issue
from ..slug import short_hash, slugify

TOP_LEVEL = frozenset({"archive", "issues", "sections", "authors", "keywords", "search", "sitemap", "assets"})
"""Directories at the site's root that the site makes (besides years, and Pagefind's bundles); a
static page may not take one of their names (`tests/test_hostile.py` checks the list against a
built site)."""
SEARCH_BUNDLES = "pagefind"
"""The search index's bundles: `pagefind/`, `pagefind-2/` …"""


def reserved(name: str) -> bool:
    """Whether a directory name at the site's root is the site's own: TOP_LEVEL, a year (any digits),
    a search bundle."""
    return name in TOP_LEVEL or name.isdigit() or name.startswith(SEARCH_BUNDLES)


def issue_paths(issues: Iterable[Issue]) -> dict[str, str]:
    """Path of every issue by id; issues sharing a date are told apart by their ids."""
    issues = sorted(issues, key=lambda i: i.id)
    per_date = Counter(i.date for i in issues if i.date)
    paths = {}
    for issue in issues:
        if issue.date is None:
            paths[issue.id] = f"issues/{issue.id}/"
        else:
            day = f"{issue.date:%Y/%m/%d}/"
            paths[issue.id] = day if per_date[issue.date] == 1 else f"{day}{issue.id}/"
    return paths


def article_path(issue_path: str, article: Article) -> str:
    """An article lives below its issue."""
    return f"{issue_path}{article.id}/"


def name_slugs(since: Mapping[str, int], slug: Callable[[str], str] = slugify) -> dict[str, str]:
    """An ASCII slug for every name (section, author, keyword), given when its page came to be (`since`:
    `site_day` of the issue that made it). Of names sharing a slug the one whose page came first keeps
    it (then the first by name), each other gets a hash of the name appended: a name's slug depends on
    the edition, not on the order names are met in, and a day added never moves a page that was there
    before it (杨懿 keeps `yang-yi/` when 杨毅 first appears)."""
    bases = {name: slug(name) for name in since}
    holder: dict[str, str] = {}
    for name in sorted(since, key=lambda n: (since[n], n)):
        holder.setdefault(bases[name], name)
    return {name: base if holder[base] == name else f"{base}-{short_hash(name)}" for name, base in bases.items()}


def site_day(issue: Issue) -> int:
    """Where an issue stands when pages are named: its date's ordinal, undated issues before any date
    (a new day is the newest; an undated issue added is rare)."""
    return issue.date.toordinal() if issue.date else 0


def output_file(path: str) -> str:
    """The file a site path is written to: pages (`x/`, ``) get `index.html`."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


@dataclass(slots=True, frozen=True)
class Links:
    """Turns site paths into hrefs under base_url."""

    base_url: str
    """Normalized base URL, ending in `/`: a path or a full URL."""

    @property
    def origin(self) -> str:
        """`https://host` when base_url is a full URL, else empty."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    @property
    def base_path(self) -> str:
        """The path part of base_url: `/paper/`."""
        return urlsplit(self.base_url).path or "/"

    def href(self, path: str) -> str:
        """Root-relative link to a site path: `2024/09/20/` → `/paper/2024/09/20/`."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        """Absolute URL when base_url names a host, else the root-relative link."""
        return self.origin + self.href(path)
