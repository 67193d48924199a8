"""Issue file → Issue, with markdown-it-py (front matter and block attributes from mdit-py-plugins).

Markdown gives the structure only: raw HTML is off and inline syntax (emphasis, links, entities,
code spans) is not read, so text is kept as written but for backslash escapes. A line breaking a
paragraph is joined without a space (Chinese text has none between lines). The parser's doubts are
`<!-- code: message -->` comments on lines of their own; they become the issue's warnings, at their
line in this file. Any mistake is a ParseError naming the file and line.

What is not text (`intake.NOT_TEXT`), written as it is or as a TOML escape (`"\\u0001"`), is removed
with a `control-character` warning at its line, as from a text dump. Blocks nested deeper than
MAX_NESTING (quotes in quotes) are an error: markdown-it would drop their text silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ...errors import ConfigError, ParseError
from ...intake import TomlError, char_names, clean, load_toml, not_text, page_number
from ...model import Article, Block, Issue, Page, ParseWarning, Section
from ...slug import MAX_NAME, slugify
from ..meta import read_meta
from ..reader import CONTROL_CHARACTER, clean_text, read_seed
from . import (
    ARTICLE_FIELDS,
    EMPTY_CAPTION,
    FENCE_INFO,
    FIGURE_CLASS,
    FRONT_MATTER_KEYS,
    MARKDOWN_NESTING,
    MAX_NESTING,
    PAGE_HEADING,
    too_deep,
)

WARNING_COMMENT = re.compile(r"^\s*<!--\s*([a-z][a-z0-9-]*):\s+(.*?)(?:\s+\[doubt ([01](?:\.\d+)?)\])?\s*-->\s*$")
"""A warning's comment: `<!-- code: message [doubt 0.3] -->` (the doubt may be left out)."""
COMMENT_ESCAPE = re.compile(r"\\([\\>])")
"""`\\\\` and `\\>` in a warning's message: a backslash, and the `>` of a `-->` the message holds
(`write.comment`)."""
RELATIVE_LINE = re.compile(r"\bline ([+-]\d+)\b")
"""A line a warning's message names, counted from the comment (`line +2`): given back as a line number."""
ATTRIBUTES = re.compile(r"^\s*\{.*\}\s*$")
PAGE = re.compile(rf"^{PAGE_HEADING}$")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A slug field: lowercase ASCII words joined by -, matched whole (a trailing newline included)."""
UNSUPPORTED = {"bullet_list_open": "a list", "ordered_list_open": "a numbered list", "hr": "a rule (---)",
               "code_block": "an indented code block", "table_open": "a table",
               "fence": "a fenced block (an article's ```toml block stands right under its ### headline)"}


@cache
def markdown() -> MarkdownIt:
    """The Markdown reader of issue files: CommonMark blocks, no raw HTML, no inline markup."""
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": MARKDOWN_NESTING}).use(front_matter_plugin) \
        .use(attrs_block_plugin)
    md.disable(["code", "reference", "html_block"])
    md.disable(["emphasis", "link", "image", "backticks", "autolink", "html_inline", "entity"])
    return md


def read_issue_file(path: Path, source: str | None = None, *, named: Path | None = None) -> Issue:
    """Read one issue file into an Issue: its id, and defaults for title and date, from its name (or
    from `named`, the name it is about to have), as for a seed."""
    source = source or str(path)
    text, cleaned = clean_text(read_seed(path, source), source)
    try:
        meta = read_meta(named or path)
    except ConfigError as exc:
        raise ParseError(source, str(exc)) from None
    lines, warnings = _strip_comments(text.split("\n"), source)
    tokens = markdown().parse("\n".join(line for _, line in lines))
    reader = _Reader(source, [n for n, _ in lines])
    reader.read(tokens)
    if not reader.articles:
        raise ParseError(source, "no articles: an article is a `### headline` with its text under it")
    articles = _with_slugs(reader.articles, source)
    front = reader.front
    pages = _pages(articles, {**meta.page_names, **front.page_names})
    found = sorted(cleaned + reader.warnings + warnings, key=lambda w: w.line)
    return Issue(id=meta.id, title=front.title or meta.title, date=front.date or meta.date, source=source,
                 pages=pages, warnings=tuple(found))


def _strip_comments(lines: list[str], source: str) -> tuple[list[tuple[int, str]], list[ParseWarning]]:
    """The lines that are not HTML comments, each with its line number; the warnings the comments
    hold."""
    kept: list[tuple[int, str]] = []
    warnings = []
    n = 0
    while n < len(lines):
        line = lines[n]
        if not line.lstrip().startswith("<!--"):
            kept.append((n + 1, line))
            n += 1
            continue
        end = next((m for m in range(n, len(lines)) if "-->" in lines[m]), None)
        if end is None:
            raise ParseError(source, "comment (<!--) never closed by -->", line=n + 1)
        found = WARNING_COMMENT.match(line) if end == n else None
        if found:
            doubt = float(found.group(3)) if found.group(3) else 0.5  # the model's default
            message = _absolute(COMMENT_ESCAPE.sub(r"\1", found.group(2)), n + 1)
            warnings.append(ParseWarning(source, n + 1, found.group(1), message, doubt))
        n = end + 1
    return kept, warnings


def _absolute(message: str, at: int) -> str:
    """A comment's message with its `line +N` made the line it names (the comment is on line `at`)."""
    return RELATIVE_LINE.sub(lambda m: f"line {at + int(m.group(1))}", message)


@dataclass(slots=True)
class FrontMatter:
    """What the front matter says about the issue."""

    title: str | None = None
    date: dt.date | None = None
    page_names: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Draft:
    """An article while its file is read."""

    title: str
    line: int
    page: int | None
    section: str | None
    fields: dict[str, Any] | None = None
    """The values of its metadata block; None until one is read."""
    blocks: list[Block] = field(default_factory=list)

    def article(self, slug: str) -> Article:
        values = dict(self.fields or {})
        values.pop("slug", None)
        return Article(id=slug, title=self.title, blocks=tuple(self.blocks), page=self.page, section=self.section,
                       line=self.line, authors=tuple(values.pop("authors", ())), **values)


@dataclass(slots=True)
class _Place:
    """Where the reader is: page and section of the next article."""

    page: int | None = None
    section: str | None = None


class _Reader:
    """Walk the block tokens once, collecting articles."""

    def __init__(self, source: str, line_numbers: list[int]) -> None:
        self.source = source
        self.line_numbers = line_numbers
        self.front = FrontMatter()
        self.articles: list[_Draft] = []
        self.place = _Place()
        self.in_quote = False
        self.warnings: list[ParseWarning] = []
        """What was removed from TOML values (`control-character`)."""

    def line(self, token: Token, offset: int = 0) -> int:
        """Line in the file where a token (or a line of it) starts."""
        index = (token.map[0] if token.map else 0) + offset
        return self.line_numbers[min(index, len(self.line_numbers) - 1)]

    def fail(self, token: Token, message: str, offset: int = 0) -> ParseError:
        return ParseError(self.source, message, line=self.line(token, offset))

    def read(self, tokens: list[Token]) -> None:
        if tokens and tokens[0].type != "front_matter" and self.line_numbers and \
                _first_line_is_fence(tokens):
            raise self.fail(tokens[0], "front matter opened with --- is never closed by a line of ---")
        deep = too_deep(tokens)
        if deep is not None:
            raise self.fail(deep, f"blocks nested more than {MAX_NESTING} deep (quotes in quotes): "
                                  "write them one level deep")
        for n, token in enumerate(tokens):
            self.token(token, tokens[n + 1] if n + 1 < len(tokens) else None)

    def token(self, token: Token, following: Token | None) -> None:
        kind = token.type
        if kind == "front_matter":
            self.front = _front_matter(token.content, self.source, self.line(token) + 1, self.warnings)
        elif kind == "heading_open":
            assert following is not None
            self.heading(token, _inline_text(following))
        elif kind == "paragraph_open":
            assert following is not None
            self.paragraph(token, _inline_text(following), following.content)
        elif kind == "fence" and token.info.strip() == FENCE_INFO and self._fields_allowed():
            self.fields(token)
        elif kind in ("blockquote_open", "blockquote_close"):
            self.in_quote = kind == "blockquote_open"
        elif kind in UNSUPPORTED:
            raise self.fail(token, f"{UNSUPPORTED[kind]} has no place in an issue file "
                                   "(paragraphs, headings, > quotes and {.figure} captions only)")

    def heading(self, token: Token, text: str) -> None:
        level = int(token.tag[1])
        if token.attrs:
            raise self.fail(token, "attributes ({…}) are allowed only before a figure caption")
        if level == 1:
            found = PAGE.match(text)
            if not found:
                raise self.fail(token, f"a page heading is `# 第N版`, not `# {_short(text)}`")
            number = page_number(found.group(1))
            if number is None:
                raise self.fail(token, f"page number {_short(found.group(1))} is out of range (0 to 999)")
            self.place = _Place(page=number)
        elif level == 2:
            self.place.section = text or None
        elif level == 3:
            if not text:
                raise self.fail(token, "article with no headline: write it after ###")
            self.articles.append(_Draft(text, self.line(token), self.place.page, self.place.section))
        elif level == 4:
            self.block(token, Block("heading", text, line=self.line(token)))
        else:
            raise self.fail(token, f"no heading level {level} in an issue file (# page, ## section, "
                                   "### article, #### subhead)")

    def paragraph(self, token: Token, text: str, raw: str) -> None:
        kind = "quote" if self.in_quote else "paragraph"
        attrs = dict(token.attrs)
        if not attrs and ATTRIBUTES.match(raw.split("\n", 1)[0]):
            raise self.fail(token, "cannot read these attributes: write {.figure credit=\"…\"} (a \\ before "
                                   "any \\ \" { } inside the quotes)")
        credit = None
        if attrs:
            if attrs.pop("class", None) != FIGURE_CLASS:
                raise self.fail(token, "a paragraph's attributes must be {.figure} or {.figure credit=\"…\"}",
                                offset=-1)
            credit = _unescape(str(attrs.pop("credit"))) if "credit" in attrs else None
            if attrs:
                raise self.fail(token, f"unknown figure attribute '{next(iter(attrs))}' (known: credit)", offset=-1)
            kind = "figure"
            text = "" if text == EMPTY_CAPTION else text
        self.block(token, Block(kind, text, credit, line=self.line(token)))  # type: ignore[arg-type]

    def block(self, token: Token, block: Block) -> None:
        if not self.articles:
            raise self.fail(token, "text before the first article: an article starts with a `### headline`")
        self.articles[-1].blocks.append(block)

    def _fields_allowed(self) -> bool:
        """An article's metadata block stands right under its headline."""
        return bool(self.articles) and not self.articles[-1].blocks and self.articles[-1].fields is None

    def fields(self, token: Token) -> None:
        first = self.line(token) + 1
        data = _clean_values(_toml(token.content, self.source, first), token.content, self.source, first,
                             self.warnings)
        values: dict[str, Any] = {}
        for key, value in data.items():
            where = first + _key_line(token.content, key)
            if key not in ARTICLE_FIELDS:
                raise ParseError(self.source, f"unknown field '{key}' (known: {', '.join(ARTICLE_FIELDS)})",
                                 line=where)
            values[key] = _field(key, value, self.source, where)
        self.articles[-1].fields = values


def _first_line_is_fence(tokens: list[Token]) -> bool:
    """The file starts with `---` that the front matter rule did not take: it is never closed."""
    first = tokens[0]
    return first.type == "hr" and first.map is not None and first.map[0] == 0 and first.markup.startswith("-")


def _inline_text(inline: Token) -> str:
    """The text of an inline token: escapes resolved, line breaks joined without a space."""
    parts = []
    for child in inline.children or ():
        if child.type == "text":
            parts.append(child.content)
    return "".join(parts).strip()


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"


def _toml(content: str, source: str, first_line: int) -> dict[str, Any]:
    try:
        return load_toml(content)
    except TomlError as exc:
        raise ParseError(source, exc.message, line=first_line + (exc.line or 1) - 1) from None


def _clean_values(data: dict[str, Any], content: str, source: str, first_line: int,
                  warnings: list[ParseWarning]) -> dict[str, Any]:
    """The values with what is not text removed (a TOML escape lets `\\u0001` through), a warning at
    the line of each key that held some."""
    cleaned = {}
    for key, value in data.items():
        found = sorted({c for text in _texts(value) for c in not_text(text)})
        if found:
            warnings.append(ParseWarning(source, first_line + _key_line(content, key), CONTROL_CHARACTER,
                                         f"removed what is not text from '{key}': {char_names(found)}"))
            value = _cleaned(value)
        cleaned[key] = value
    return cleaned


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for v in value for text in _texts(v)]
    if isinstance(value, dict):
        return [text for v in value.values() for text in _texts(v)]
    return []


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    return value


def _key_line(content: str, key: str) -> int:
    """0-based line of `key =` in a TOML text (0 when not found at the start of a line)."""
    pattern = re.compile(rf"^\s*(?:[\"']?{re.escape(key)}[\"']?\s*=|\[\s*{re.escape(key)}\s*\])")
    return next((n for n, line in enumerate(content.split("\n")) if pattern.match(line)), 0)


def _field(key: str, value: Any, source: str, line: int) -> Any:
    """An article field's value, checked."""
    if key == "authors":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ParseError(source, "'authors' must be a list of names, like [\"田新元\"]", line=line)
        return [v.strip() for v in value]
    if not isinstance(value, str):
        raise ParseError(source, f"'{key}' must be a string in quotes", line=line)
    if key == "slug" and not SLUG.fullmatch(value):
        raise ParseError(source, f"slug {_short(value)!r} must be lowercase ASCII letters and digits joined by -",
                         line=line)
    if key == "slug" and len(value) > MAX_NAME:
        raise ParseError(source, f"slug {_short(value)!r} is {len(value)} characters long; at most {MAX_NAME}",
                         line=line)
    if key == "slug" and value.isdigit():
        raise ParseError(source, f"slug '{value}' is only digits: a printed page's URL is its number "
                                 "(`02/`); add a word", line=line)
    return value or None


def _front_matter(content: str, source: str, first_line: int, warnings: list[ParseWarning]) -> FrontMatter:
    data = _clean_values(_toml(content, source, first_line), content, source, first_line, warnings)
    front = FrontMatter()
    for key, value in data.items():
        line = first_line + _key_line(content, key)
        if key not in FRONT_MATTER_KEYS:
            raise ParseError(source, f"unknown front matter key '{key}' (known: {', '.join(FRONT_MATTER_KEYS)})",
                             line=line)
        if key == "title" and (not isinstance(value, str) or not value.strip()):
            raise ParseError(source, "'title' must be a non-empty string", line=line)
        if key == "date" and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise ParseError(source, "'date' must be a date like 2024-09-20 (no quotes)", line=line)
        if key == "pages":
            _check_page_names(value, content, source, first_line, line)
    front.title = data.get("title")
    front.date = data.get("date")
    front.page_names = {page_number(k) or 0: v for k, v in data.get("pages", {}).items()}
    return front


def _check_page_names(value: Any, content: str, source: str, first_line: int, line: int) -> None:
    """`[pages]` is a table of page number = "name": an error at the first line that is not."""
    bad = [k for k, v in value.items() if page_number(k) is None or not isinstance(v, str)] \
        if isinstance(value, dict) else [None]
    if bad:
        where = first_line + _key_line(content, bad[0]) if bad[0] is not None else line
        raise ParseError(source, "'pages' must be a table of page number (0 to 999) = \"name\"",
                         line=where if where > first_line else line)


def _with_slugs(drafts: list[_Draft], source: str) -> list[Article]:
    """The articles, each with its slug (the `slug` field, else the pinyin of its headline); two
    articles with one slug would share one URL: an error naming both."""
    seen: dict[str, int] = {}
    articles = []
    for draft in drafts:
        slug = (draft.fields or {}).get("slug") or slugify(draft.title)
        if slug in seen:
            raise ParseError(source, f"two articles with the slug '{slug}' (the other at line {seen[slug]}); "
                                     "give one a `slug` field of its own", line=draft.line)
        seen[slug] = draft.line
        articles.append(draft.article(slug))
    return articles


def _pages(articles: list[Article], page_names: dict[int, str]) -> tuple[Page, ...]:
    pages = []
    for number, on_page in groupby(articles, key=lambda a: a.page):
        sections = tuple(Section(name, tuple(group)) for name, group in groupby(on_page, key=lambda a: a.section))
        pages.append(Page(number, page_names.get(number) if number is not None else None, sections))
    return tuple(pages)
