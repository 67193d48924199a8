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


def warning_list(warnings: list[ParseWarning], notes: bool = True) -> str:
    """A count, then the warnings most doubtful first, then the notes (doubt below SHOWN) when asked
    for, each as `warning_line` prints it."""
    found, quiet = ranked(warnings)
    lines = [f"{len(found)} warnings to check, {len(quiet)} notes (most doubtful first)"]
    lines += [warning_line(w) for w in found]
    if notes:
        lines += [warning_line(w) for w in quiet]
    return "\n".join(lines)


def ranked(warnings: list[ParseWarning]) -> tuple[list[ParseWarning], list[ParseWarning]]:
    """The warnings to check and the notes, each most doubtful first (then by file and line)."""
    ordered = sorted(warnings, key=lambda w: (-w.doubt, w.source, w.line))
    return [w for w in ordered if w.doubt >= SHOWN], [w for w in ordered if w.doubt < SHOWN]


def warning_line(warning: ParseWarning) -> str:
    """`seeds/x.txt:63: warning: label-guess: «要闻速递» taken for … [doubt 0.50]` (`note:` below SHOWN):
    file and line first, as compilers print them, so editors and CI annotate the line."""
    level = "warning" if warning.doubt >= SHOWN else "note"
    return f"{warning.source}:{warning.line}: {level}: {warning.code}: {warning.message} [doubt {warning.doubt:.2f}]"


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
