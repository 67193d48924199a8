"""A readable outline of a parsed issue (`sitegen parse FILE`)."""

from __future__ import annotations

from ..model import Issue, ParseWarning
from .doubt import SHOWN

FIRST_WORDS = 24


def outline(issue: Issue, warnings: bool = True) -> str:
    """Pages, sections and articles with their first words, then the warnings (most doubtful first)."""
    date = issue.date.isoformat() if issue.date else "undated"
    lines = [f"{issue.title} ({date}) — {issue.source}: {len(issue.articles)} articles"]
    for page in issue.pages:
        if page.number is not None:
            lines.append(f"第{page.number:02d}版 {page.name or ''}".rstrip())
        for section in page.sections:
            lines.append(f"  [{section.name or '—'}]")
            for article in section.articles:
                lines.extend(_article_lines(article))
    if warnings:
        lines.append(warning_list(list(issue.warnings)))
    return "\n".join(lines)


def warning_list(warnings: list[ParseWarning]) -> str:
    """Warnings sorted by doubt, most doubtful first; notes (doubt below SHOWN) counted, then listed."""
    ranked = sorted(warnings, key=lambda w: (-w.doubt, w.source, w.line))
    shown = sum(1 for w in ranked if w.doubt >= SHOWN)
    lines = [f"{shown} warnings to check, {len(ranked) - shown} notes (most doubtful first)"]
    lines.extend(f"  [{w.doubt:.2f}] {w}" for w in ranked)
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
