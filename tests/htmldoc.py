"""A tiny HTML reader for assertions on built pages: find elements by tag and class, read text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All text inside, whitespace runs collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Any:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        """Elements below (and including) this one with that tag, class and attribute values."""
        return [e for e in self.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
                and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        """The first such element; fails the test when there is none."""
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}> with class={cls!r} {attrs}"
        return found[0]

    def texts(self, tag: str | None = None, cls: str | None = None) -> list[str]:
        return [e.text for e in self.find_all(tag, cls)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.stack) - 1, 0, -1):
            if self.stack[n].tag == tag:
                del self.stack[n:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(site: Path, path: str) -> Element:
    """The built page at a site path (`''`, `archive/`, `404.html`)."""
    file = site / (path + "index.html" if path == "" or path.endswith("/") else path)
    return parse_html(file.read_text(encoding="utf-8"))


def jsonld(doc: Element) -> dict[str, Any]:
    """The page's schema.org JSON-LD."""
    script = doc.find("script", type="application/ld+json")
    return json.loads("".join(c for c in script.children if isinstance(c, str)))


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_urls(site: Path, base: str) -> list[str]:
    """Every URL the sitemaps list, in order: sitemap.xml is an index of sitemaps (by year), each at
    base (the site's URL) + its name, read from the site."""
    import xml.etree.ElementTree as ET

    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    urls = []
    for loc in index.iter(f"{SITEMAP}loc"):
        assert loc.text and loc.text.startswith(base), loc.text
        urls += [u.text or "" for u in ET.parse(site / loc.text.removeprefix(base)).getroot().iter(f"{SITEMAP}loc")]
    return urls
