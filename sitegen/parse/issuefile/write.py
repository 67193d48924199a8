"""Issue → issue file: what `sitegen convert` writes, so that reading it back gives the same issue.

Every warning of the parse is written as a comment just before the block it concerns (the last
block, or headline, that starts at or before the warning's line), so an editor reads each doubt
where it applies and deletes the comment once the text is right. A line of the text dump that the
message names (`joined to line 21`) is written as the line of this file that holds it, counted from
the comment (`joined to line +2`): it stays true whatever is edited above or below, and reading the
file gives it back as a line number of this file.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Article, Block, Issue, Page, ParseWarning
from ...slug import slugify
from . import ARTICLE_FIELDS, EMPTY_CAPTION, FENCE_INFO, FIGURE_CLASS

LINE_REFERENCE = re.compile(r"\bline (\d+)\b")
"""A line of the text dump named in a warning's message."""
LIST_MARKER = re.compile(r"^(\d{1,9})([.)])")
"""An ordered-list marker at the start of a paragraph (`1. `), whose dot is escaped."""
ATTR_SPECIAL = re.compile(r'[\\"{}]')
ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def issue_markdown(issue: Issue) -> str:
    """The issue file of an issue."""
    anchors = _Anchors(issue)
    parts: list[Part] = [_front_matter(issue)]
    parts += anchors.comments(None)
    section_open = False
    for page in issue.pages:
        if page.number is not None:
            parts.append(f"# 第{page.number}版")
            section_open = False
        for section in page.sections:
            if section.name is not None or section_open:
                parts.append(f"## {escape_line(section.name)}" if section.name else "##")
                section_open = True
            for article in section.articles:
                parts += _article(article, anchors)
    return "\n\n".join(_with_lines(parts, anchors)) + "\n"


@dataclass(slots=True, frozen=True)
class Placed:
    """A headline or block as written, with its place: (id of its article, index of the block or -1)."""

    place: tuple[int, int]
    text: str


Part = str | Placed | ParseWarning
"""What an issue file is written from: text, a headline or block, a warning to write as a comment."""


def _with_lines(parts: list[Part], anchors: _Anchors) -> list[str]:
    """The parts as text, each warning as its comment, the dump's lines it names as lines of this file
    counted from the comment."""
    starts, line = [], 1
    for part in parts:
        starts.append(line)
        line += (0 if isinstance(part, ParseWarning) else _text(part).count("\n")) + 2
    line_of = {part.place: starts[n] for n, part in enumerate(parts) if isinstance(part, Placed)}
    texts = []
    for n, part in enumerate(parts):
        if not isinstance(part, ParseWarning):
            texts.append(_text(part))
            continue

        def relative(found: re.Match[str], at: int = starts[n]) -> str:
            place = anchors.place_of(int(found.group(1)))
            target = line_of.get(place) if place is not None else None
            return found.group(0) if target is None else f"line {target - at:+d}"
        texts.append(comment(part, LINE_REFERENCE.sub(relative, part.message)))
    return texts


def _text(part: str | Placed) -> str:
    return part.text if isinstance(part, Placed) else part


def _front_matter(issue: Issue) -> str:
    lines = ["---", f"title = {toml_string(issue.title)}"]
    if issue.date is not None:
        lines.append(f"date = {issue.date.isoformat()}")
    names = [p for p in issue.pages if p.number is not None and p.name is not None]
    if names:
        lines += ["", "[pages]"] + [f"{p.number} = {toml_string(p.name or '')}" for p in _first_of_each(names)]
    return "\n".join(lines + ["---"])


def _first_of_each(pages: list[Page]) -> list[Page]:
    seen: dict[int | None, Page] = {}
    for page in pages:
        seen.setdefault(page.number, page)
    return list(seen.values())


def _article(article: Article, anchors: _Anchors) -> Iterator[Part]:
    yield Placed((id(article), -1), f"### {escape_line(article.title)}")
    fields = _fields(article)
    if fields:
        yield f"```{FENCE_INFO}\n" + "\n".join(fields) + "\n```"
    yield from anchors.comments((id(article), -1))
    for n, block in enumerate(article.blocks):
        yield from anchors.comments((id(article), n))
        yield Placed((id(article), n), _block(block))


def _fields(article: Article) -> list[str]:
    """`key = value` lines of the article's metadata block, in ARTICLE_FIELDS order."""
    values: dict[str, str | tuple[str, ...] | None] = {
        "kicker": article.kicker, "subtitle": article.subtitle, "byline": article.byline,
        "authors": article.authors, "dateline": article.dateline, "signoff": article.signoff,
        "slug": article.id if article.id != slugify(article.title) else None,
    }
    lines = []
    for key in ARTICLE_FIELDS:
        value = values[key]
        if isinstance(value, tuple):
            if value:
                lines.append(f"{key} = [{', '.join(toml_string(v) for v in value)}]")
        elif value is not None:
            lines.append(f"{key} = {toml_string(value)}")
    return lines


def _block(block: Block) -> str:
    text = escape_line(block.text)
    if block.kind == "heading":
        return f"#### {text}"
    if block.kind == "quote":
        return f"> {text}"
    if block.kind == "figure":
        credit = "" if block.credit is None else f' credit="{_attr_value(block.credit)}"'
        return f"{{.{FIGURE_CLASS}{credit}}}\n{text or EMPTY_CAPTION}"
    return text


def escape_line(text: str) -> str:
    """Text as one Markdown line that reads back as itself: backslashes doubled, and a first character
    (or list marker, or closing `#`) that Markdown would take for syntax escaped."""
    text = text.replace("\\", "\\\\")
    if text.endswith("#"):
        text = text[:-1] + "\\#"
    marker = LIST_MARKER.match(text)
    if marker:
        return f"{marker.group(1)}\\{text[len(marker.group(1)):]}"
    if text[:1] in ASCII_PUNCTUATION and text[0] != "\\":
        text = "\\" + text
    return text


def _attr_value(text: str) -> str:
    """Text inside a quoted attribute value: `\\`, `"`, `{` and `}` escaped by a backslash."""
    return ATTR_SPECIAL.sub(r"\\\g<0>", text)


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but for DEL, which TOML wants escaped)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def comment(warning: ParseWarning, message: str | None = None) -> str:
    """A warning as the comment that stands for it in the issue file (with its message, or another): a
    backslash in the message is written `\\\\` and the `-->` that would end the comment `--\\>`, read
    back as they were (`read.COMMENT_ESCAPE`)."""
    message = (warning.message if message is None else message).replace("\n", " ").strip()
    message = message.replace("\\", "\\\\").replace("-->", "--\\>")
    return f"<!-- {warning.code}: {message} [doubt {warning.doubt!r}] -->"


class _Anchors:
    """Where each warning goes: before the last headline or block starting at or before its line."""

    def __init__(self, issue: Issue) -> None:
        places: list[tuple[int, tuple[int, int]]] = []
        for article in issue.articles:
            if article.line:
                places.append((article.line, (id(article), -1)))
            places += [(b.line, (id(article), n)) for n, b in enumerate(article.blocks) if b.line]
        places.sort(key=lambda p: p[0])
        self._lines = [line for line, _ in places]
        self._places = [place for _, place in places]
        self._by_place: dict[tuple[int, int] | None, list[ParseWarning]] = {}
        for warning in issue.warnings:
            self._by_place.setdefault(self.place_of(warning.line), []).append(warning)

    def place_of(self, line: int) -> tuple[int, int] | None:
        """The headline or block holding a line of the dump: the last one starting at or before it."""
        at = bisect.bisect_right(self._lines, line) - 1
        return self._places[at] if at >= 0 else None

    def comments(self, place: tuple[int, int] | None) -> list[ParseWarning]:
        """The warnings that go at this place (once), to be written as comments."""
        return self._by_place.pop(place, [])
