"""The issue file `seeds/<stem>.md`: an issue as an editor writes it, in Markdown.

The text parser guesses an issue's structure from a PDF text dump; the issue file states it. It is
Markdown with TOML front matter (date, title, page names), a `#` heading per printed page, `##` per
column label, `###` per article with its fields in a fenced ```` ```toml ```` block, body paragraphs,
`####` subheads, `>` pull quotes and `{.figure credit="…"}` captions; the parser's doubts stand in it
as `<!-- code: message -->` comments. `docs/issue-format.md` describes it.

    read.py   issue file → Issue (the same model the text parser gives)
    write.py  Issue → issue file (`sitegen convert`)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

FENCE_INFO = "toml"
"""Info string of an article's fenced metadata block."""
ARTICLE_FIELDS = ("kicker", "subtitle", "byline", "authors", "dateline", "signoff", "slug")
"""Keys of an article's metadata block, in the order `sitegen convert` writes them."""
FRONT_MATTER_KEYS = ("title", "date", "pages")
FIGURE_CLASS = "figure"
EMPTY_CAPTION = "&nbsp;"
"""The caption line of a figure printed with no caption (a drawing over its credit alone, `曹  一绘`):
a `{.figure}` needs a line under it, and this one reads back as no caption (entities are not
read in issue files, so it is a mark, not a space)."""
PAGE_HEADING = r"第\s*(\d+)\s*版"
"""A page heading: `# 第2版` (leading zeros allowed)."""
MAX_NESTING = 32
"""Deepest nesting of Markdown blocks (a quote or list inside another counts one level, a list item one
more), in an issue file or a page: markdown-it stops reading at MARKDOWN_NESTING and would drop
the rest silently, so deeper nesting is an error naming its line."""
MARKDOWN_NESTING = 64


class _Token(Protocol):
    level: int
    map: list[int] | None


T = TypeVar("T", bound=_Token)


def too_deep(tokens: Sequence[T]) -> T | None:
    """The first token nested deeper than MAX_NESTING, if any."""
    return next((t for t in tokens if t.level > MAX_NESTING), None)
