"""Atom feeds, sitemap.xml and robots.txt: built with ElementTree, so text is always escaped.

Dates come from issues, never from the clock, so two builds give the same bytes. An undated
issue's articles carry UNDATED (the Unix epoch) where Atom requires a date.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from .catalog import Story
from .urls import Links

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNDATED = dt.date(1970, 1, 1)
TIMEZONE = "+08:00"
"""Issues are dated in China Standard Time."""


def timestamp(date: dt.date | None) -> str:
    """RFC 3339 midnight of an issue date: `2024-09-20T00:00:00+08:00`."""
    return f"{(date or UNDATED).isoformat()}T00:00:00{TIMEZONE}"


def atom_feed(stories: Sequence[Story], *, title: str, feed_path: str, page_path: str, feed_id: str,
              links: Links) -> bytes:
    """An Atom feed of these stories (already newest first and cut to size)."""
    feed = ET.Element("feed", xmlns=ATOM, attrib={"xml:lang": "zh-CN"})
    _text(feed, "title", title)
    _text(feed, "id", feed_id)
    _text(feed, "updated", timestamp(max((s.date for s in stories if s.date), default=None)))
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=links.absolute(feed_path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=links.absolute(page_path))
    _text(ET.SubElement(feed, "author"), "name", title)
    _text(feed, "generator", "sitegen")
    for story in stories:
        feed.append(_entry(story, links))
    return _xml(feed)


def _entry(story: Story, links: Links) -> ET.Element:
    article = story.article
    entry = ET.Element("entry")
    _text(entry, "title", article.title)
    _text(entry, "id", f"urn:sitegen:article:{story.key}")
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=links.absolute(story.path))
    _text(entry, "updated", timestamp(story.date))
    _text(entry, "published", timestamp(story.date))
    for author in story.authors:
        _text(ET.SubElement(entry, "author"), "name", author.text)
    ET.SubElement(entry, "category", term=story.section.text)
    summary = "——".join(x for x in (article.subtitle, story.excerpt) if x)
    _text(entry, "summary", summary)
    return entry


def sitemap(pages: Iterable[tuple[str, dt.date | None]], links: Links) -> bytes:
    """sitemap.xml of (path, last modified) pairs, sorted by path."""
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    for path, date in sorted(pages, key=lambda p: p[0]):
        url = ET.SubElement(urlset, "url")
        _text(url, "loc", links.absolute(path))
        if date:
            _text(url, "lastmod", date.isoformat())
    return _xml(urlset)


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
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                    xml_declaration=False) + b"\n"
