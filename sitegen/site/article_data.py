"""Machine-readable companions of an article: schema.org JSON-LD, citation, `.txt` and `.json`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from ..intake import clean_output
from ..model import Block
from ..model_json import article_dict
from .catalog import IssueEntry, Link, Story
from .urls import Links

JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
"""What JSON inside a <script> element writes escaped: no `</script>` or `<!--` can be formed, and no line
terminator of JavaScript's."""


def compact_json(data: Any) -> str:
    """JSON on one line without spaces, UTF-8 characters as they are: json's C encoder (an `indent`
    would take its pure-Python one, ten times slower)."""
    return clean_output(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def script_json(data: Any) -> Markup:
    """JSON safe inside a <script> element: no `</script>` or `<!--` can be formed."""
    text = compact_json(data)
    for char, escape in JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def news_article(story: Story, publisher: str, links: Links, crumbs: Sequence[Link] = ()) -> list[dict[str, Any]]:
    """schema.org NewsArticle of a story, with its place in the printed edition, and its BreadcrumbList
    (crumbs, the article last). URLs only when base_url gives the host: schema.org wants them absolute."""
    article = story.article
    absolute = links.absolute if links.origin else _none
    url = absolute(story.path)
    organization = {"@type": "NewsMediaOrganization", "name": publisher, "url": absolute(""),
                    "logo": {"@type": "ImageObject", "url": absolute("assets/emblem.png")} if links.origin else None}
    authors = [{"@type": "Person", "name": a.text, "url": absolute(a.path)} for a in story.authors]
    section = story.section.text if story.section else None
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": article.title, "alternativeHeadline": article.subtitle or article.kicker,
        "description": story.excerpt or None,
        "author": [_present(a) for a in authors] or [_present(organization)],
        "datePublished": story.date.isoformat() if story.date else None,
        "dateline": article.dateline,
        "printEdition": story.issue.text, "printSection": section,
        "printPage": str(article.page) if article.page is not None else None,
        "articleSection": section,
        "keywords": [k.text for k in story.keywords] or None,
        "inLanguage": "zh-CN", "url": url, "mainEntityOfPage": url,
        "publisher": _present(organization),
        "isPartOf": _present({"@type": "PublicationIssue", "name": story.issue.text,
                              "url": absolute(story.issue.path)}),
    }
    found = [_present(data)]
    if links.origin:
        items = [*crumbs, Link(article.title, story.path)]
        found.append({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": n, "name": link.text, "item": links.absolute(link.path)}
            for n, link in enumerate(items, 1)]})
    return found


def _none(path: str) -> None:
    return None


def _present(data: dict[str, Any]) -> dict[str, Any]:
    """The keys that have a value."""
    return {k: v for k, v in data.items() if v is not None}


def citation(story: Story, publisher: str, links: Links) -> str:
    """A GB/T 7714 style reference: `田新元. 标题[N]. 报名, 2024-09-20(02). URL`."""
    article = story.article
    authors = ", ".join(a.text for a in story.authors)
    when = story.date.isoformat() if story.date else story.issue.text
    page = f"({article.page:02d})" if article.page is not None else ""
    head = f"{authors}. " if authors else ""
    return f"{head}{article.title}[N]. {publisher}, {when}{page}. {links.absolute(story.path)}"


def article_json(story: Story, issue: IssueEntry, links: Links) -> bytes:
    """The article as JSON, beside its HTML: the parse plus its place on the site and on its printed
    page (`regions`: [x, y, w, h] as fractions of the page, origin top-left; none without a page PDF),
    and the photos of its figures found on the page PDF (`block`: the figure's index in `blocks`)."""
    pages = {p.number: p for p in issue.issue.pages if p.number is not None}
    data = {
        "url": links.absolute(story.path),
        "issue": {"id": issue.issue.id, "title": issue.title,
                  "date": issue.issue.date.isoformat() if issue.issue.date else None,
                  "url": links.absolute(issue.path)},
        "section_label": story.section.text if story.section else None,
        "keywords": [k.text for k in story.keywords],
        **article_dict(story.article, pages),
        "regions": [list(r) for r in story.regions],
        "photos": [{"block": p.block, "url": links.absolute(p.src), "width": p.width, "height": p.height,
                    "box": list(p.box)} for p in story.photos],
    }
    return (compact_json(data) + "\n").encode("utf-8")


def article_text(story: Story, links: Links) -> bytes:
    """The article as plain text, beside its HTML."""
    article = story.article
    head = [article.kicker, article.title, f"——{article.subtitle}" if article.subtitle else None, article.byline]
    lines = [line for line in head if line]
    lines.append("")
    lines += [_block_text(b) for b in article.blocks]
    if article.signoff:
        lines.append(article.signoff)
    lines += ["", " · ".join((story.issue.text, *((story.section.text,) if story.section else ()))),
              links.absolute(story.path)]
    return clean_output("\n".join(lines) + "\n").encode("utf-8")


def _block_text(block: Block) -> str:
    if block.kind == "heading":
        return f"\n{block.text}\n"
    if block.kind == "figure":
        credit = f"（{block.credit}）" if block.credit else ""
        return f"[图] {block.text}{credit}"
    return block.text
