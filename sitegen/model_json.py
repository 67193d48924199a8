"""The model as plain JSON-ready dicts (`sitegen parse --json`, each article's .json file)."""

from __future__ import annotations

from typing import Any

from .model import Article, Block, Issue, Page


def block_dict(block: Block) -> dict[str, Any]:
    return {"type": block.kind, "text": block.text, "credit": block.credit, "line": block.line}


def page_dict(article: Article, pages: dict[int, Page]) -> dict[str, Any] | None:
    if article.page is None:
        return None
    page = pages.get(article.page)
    return {"number": article.page, "name": page.name if page else None}


def article_dict(article: Article, pages: dict[int, Page]) -> dict[str, Any]:
    return {
        "id": article.id,
        "page": page_dict(article, pages),
        "section": article.section,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "authors": list(article.authors),
        "dateline": article.dateline,
        "signoff": article.signoff,
        "line": article.line,
        "blocks": [block_dict(b) for b in article.blocks],
    }


def issue_dict(issue: Issue) -> dict[str, Any]:
    """The whole parse of one issue, in the shape `sitegen parse --json` promises."""
    pages = {p.number: p for p in issue.pages if p.number is not None}
    return {
        "source": issue.source,
        "issue": {"id": issue.id, "date": issue.date.isoformat() if issue.date else None, "title": issue.title},
        "pages": [{"number": p.number, "name": p.name} for p in issue.pages],
        "articles": [article_dict(a, pages) for a in issue.articles],
        "warnings": [{"line": w.line, "code": w.code, "message": w.message, "doubt": w.doubt}
                     for w in issue.warnings],
    }
