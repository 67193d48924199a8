"""A readable outline of a parsed issue (`sitegen parse FILE`)."""

from __future__ import annotations

from ..model import Issue

FIRST_WORDS = 24


def outline(issue: Issue) -> str:
    """Pages, sections and articles with their first words, then the warnings."""
    date = issue.date.isoformat() if issue.date else "undated"
    lines = [f"{issue.title} ({date}) — {issue.source}: {len(issue.articles)} articles"]
    for page in issue.pages:
        if page.number is not None:
            lines.append(f"第{page.number:02d}版 {page.name or ''}".rstrip())
        for section in page.sections:
            lines.append(f"  [{section.name or '—'}]")
            for article in section.articles:
                lines.extend(_article_lines(article))
    lines.append(f"{len(issue.warnings)} warnings")
    lines.extend(f"  {w}" for w in issue.warnings)
    return "\n".join(lines)


def _article_lines(article) -> list[str]:  # type: ignore[no-untyped-def]
    head = f"    {article.title}  (line {article.line}, {article.id})"
    lines = [head]
    for label, value in (("kicker", article.kicker), ("subtitle", article.subtitle), ("byline", article.byline)):
        if value:
            lines.append(f"      {label}: {value}")
    first = next((b.text for b in article.blocks if b.kind == "paragraph"), "")
    kinds = [b.kind for b in article.blocks]
    lines.append(f"      {first[:FIRST_WORDS]}…  [{kinds.count('paragraph')} paragraphs, "
                 f"{kinds.count('heading')} subheads, {kinds.count('figure')} figures]")
    return lines
