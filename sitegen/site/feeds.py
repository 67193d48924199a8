"""Atom feeds, sitemaps and robots.txt: built with ElementTree, so text is always escaped (and what
XML cannot carry at all is removed, `intake.clean_output`).

The sitemap protocol allows 50,000 URLs and 50 MB in one file, so `sitemap.xml` is a sitemap index
naming one sitemap per year of dated pages (`sitemap-2026.xml`: its issues, pages and articles) and
one for the pages of no date (`sitemap-pages.xml`: home, archive, topics …), each cut into parts
(`sitemap-2026-2.xml`) when it would be larger: a day added changes its year's sitemap, never the
others. The sitemaps sit at the site's root, as the protocol wants of a sitemap listing its URLs.

Dates come from issues, never from the clock, so two builds give the same bytes; an undated issue
has no date to give, so its articles are in no feed. Atom ids are unique to the site: the feed's
own URL, and for an entry a tag: URI of the site's host, the issue date and the article's path
(`tag:example.org,2024-09-20:/paper/2024/09/20/slug/`). Without a host (base_url only a path)
links are root-relative (IRI references, resolved against the feed's URL) and ids name the site
by the digest of its title.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from ..intake import clean_output
from .catalog import Story
from .urls import Links

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
TIMEZONE = "+08:00"
"""Issues are dated in China Standard Time."""


def timestamp(date: dt.date) -> str:
    """RFC 3339 midnight of an issue date: `2024-09-20T00:00:00+08:00`."""
    return f"{date.isoformat()}T00:00:00{TIMEZONE}"


def feed_stories(stories: Sequence[Story], size: int) -> tuple[Story, ...]:
    """What a feed holds of these stories (newest issue first): the dated ones, at least `size` of them
    and every one of the latest issue they come from, so that a daily reader misses none."""
    dated = [s for s in stories if s.date is not None]
    if not dated:
        return ()
    latest = dated[0].issue.path
    whole = sum(1 for s in dated if s.issue.path == latest)
    return tuple(dated[:max(size, whole)])


def atom_feed(stories: Sequence[Story], *, title: str, feed_path: str, page_path: str, links: Links) -> bytes:
    """An Atom feed of these dated stories (already newest first and cut to size)."""
    feed = ET.Element("feed", xmlns=ATOM, attrib={"xml:lang": "zh-CN"})
    _text(feed, "title", title)
    _text(feed, "id", feed_id(feed_path, title, links))
    _text(feed, "updated", timestamp(max(s.date for s in stories if s.date)))
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=links.absolute(feed_path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=links.absolute(page_path))
    _text(ET.SubElement(feed, "author"), "name", title)
    _text(feed, "generator", "sitegen")
    for story in stories:
        feed.append(_entry(story, title, links))
    return _xml(feed)


def feed_id(feed_path: str, title: str, links: Links) -> str:
    """The feed's URL; without a host, a URN naming the site by its title."""
    if links.origin:
        return links.absolute(feed_path)
    return f"urn:sitegen:{_site_digest(title)}:{feed_path}"


def entry_id(story: Story, title: str, links: Links) -> str:
    """`tag:host,2024-09-20:/paper/2024/09/20/slug/`; without a host, a URN naming the site by its title."""
    assert story.date is not None
    if links.origin:
        return f"tag:{urlsplit(links.base_url).hostname},{story.date.isoformat()}:{links.href(story.path)}"
    return f"urn:sitegen:{_site_digest(title)}:{story.key}"


def _site_digest(title: str) -> str:
    return hashlib.blake2b(title.encode("utf-8"), digest_size=8).hexdigest()


def _entry(story: Story, site_title: str, links: Links) -> ET.Element:
    article = story.article
    assert story.date is not None
    entry = ET.Element("entry")
    _text(entry, "title", article.title)
    _text(entry, "id", entry_id(story, site_title, links))
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=links.absolute(story.path))
    _text(entry, "updated", timestamp(story.date))
    _text(entry, "published", timestamp(story.date))
    for author in story.authors:
        _text(ET.SubElement(entry, "author"), "name", author.text)
    if story.section:
        ET.SubElement(entry, "category", term=story.section.text)
    summary = "——".join(x for x in (article.subtitle, story.excerpt) if x)
    _text(entry, "summary", summary)
    return entry


SITEMAP_URLS = 50_000
"""Most URLs in one sitemap (the protocol's limit)."""
SITEMAP_BYTES = 50 * 1024 * 1024
"""Most bytes in one sitemap (the protocol's limit)."""
UNDATED = "pages"
"""The sitemap of pages without a date."""
Entry = tuple[str, dt.date | None]
"""A page of a sitemap: its site path and its date."""


def sitemap_groups(pages: Iterable[Entry], links: Links) -> list[tuple[str, tuple[Entry, ...]]]:
    """The sitemaps of these pages: (name, pages sorted by path), one per year of the dated pages,
    newest first, then one for the undated ones; each cut into parts (`2026-1`, `2026-2` …) that keep
    under the protocol's limits."""
    by_year: dict[int | None, list[Entry]] = {}
    for entry in pages:
        by_year.setdefault(entry[1].year if entry[1] else None, []).append(entry)
    groups = []
    for year in sorted((y for y in by_year if y is not None), reverse=True) + ([None] if None in by_year else []):
        name = str(year) if year is not None else UNDATED
        parts = _cut(sorted(by_year[year], key=lambda e: e[0]), links)
        groups += [(name, parts[0])] if len(parts) == 1 else [(f"{name}-{n}", p) for n, p in enumerate(parts, 1)]
    return groups


def _cut(entries: list[Entry], links: Links) -> list[tuple[Entry, ...]]:
    """Consecutive runs of at most SITEMAP_URLS entries and SITEMAP_BYTES bytes."""
    parts: list[tuple[Entry, ...]] = []
    start, size = 0, 0
    overhead = len(_xml(ET.Element("urlset", xmlns=SITEMAP)))
    for n, (path, date) in enumerate(entries):
        length = len(links.absolute(path).encode("utf-8")) + 80 + (30 if date else 0)
        if n > start and (n - start >= SITEMAP_URLS or overhead + size + length > SITEMAP_BYTES):
            parts.append(tuple(entries[start:n]))
            start, size = n, 0
        size += length
    parts.append(tuple(entries[start:]))
    return parts


def sitemap_path(name: str) -> str:
    """Site path of a sitemap: `sitemap-2026.xml`."""
    return f"sitemap-{name}.xml"


def sitemap(pages: Iterable[Entry], links: Links) -> bytes:
    """A sitemap of (path, last modified) pairs, sorted by path; only for a base_url with a host (the
    sitemap protocol wants absolute URLs)."""
    assert links.origin
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    for path, date in sorted(pages, key=lambda p: p[0]):
        url = ET.SubElement(urlset, "url")
        _text(url, "loc", links.absolute(path))
        if date:
            _text(url, "lastmod", date.isoformat())
    return _xml(urlset)


def sitemap_index(sitemaps: Iterable[tuple[str, dt.date | None]], links: Links) -> bytes:
    """`sitemap.xml`: each sitemap (its name, the date of its newest page) in the order given."""
    assert links.origin
    index = ET.Element("sitemapindex", xmlns=SITEMAP)
    for name, date in sitemaps:
        entry = ET.SubElement(index, "sitemap")
        _text(entry, "loc", links.absolute(sitemap_path(name)))
        if date:
            _text(entry, "lastmod", date.isoformat())
    return _xml(index)


def robots(links: Links) -> bytes:
    """robots.txt allowing everything and naming the sitemap (when base_url gives the host)."""
    lines = ["User-agent: *", "Allow: /"]
    if links.origin:
        lines.append(f"Sitemap: {links.absolute('sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text
    return child


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    text = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + clean_output(text) + "\n").encode("utf-8")
