"""Optional static pages: `pages/<name>.md` → `/<name>/`, in Markdown with raw HTML disabled.

A page's name is lowercase ASCII and not one the site uses for what it makes (`search`, `assets`,
`pagefind`, a year …: `site.urls.RESERVED`); its file is at most MAX_PAGE_BYTES; what is not text
is removed with a warning; blocks nested deeper than MAX_NESTING are an error naming the line
(markdown-it would drop their text).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..errors import BuildError
from ..intake import read_file
from ..parse.issuefile import MARKDOWN_NESTING, MAX_NESTING, too_deep
from ..parse.reader import clean_text
from ..site.urls import reserved

log = logging.getLogger(__name__)

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_PAGE_BYTES = 512 * 2**10
"""Largest page file: a hundred times a long page of prose, and read in seconds whatever it holds."""


@dataclass(slots=True, frozen=True)
class StaticPage:
    """A page written by hand, not parsed from an issue."""

    name: str
    """ASCII file stem, and the page's path."""
    title: str
    """The first `# heading`, else the name."""
    html: Markup
    """Rendered by markdown-it with html=False: any HTML in the source is shown as text."""
    source: str


def load_static_pages(directory: Path, shown: str) -> tuple[StaticPage, ...]:
    """Every pages/*.md, sorted by name; a missing directory means none."""
    if not directory.is_dir():
        return ()
    return tuple(_page(path, f"{shown}/{path.name}") for path in sorted(directory.glob("*.md")))


def _page(path: Path, source: str) -> StaticPage:
    if not NAME.fullmatch(path.stem):
        raise BuildError(f"{source}: a page's file name must be lowercase ASCII letters, digits and -")
    if reserved(path.stem):
        raise BuildError(f"{source}: /{path.stem}/ is where the site keeps what it makes; give the page "
                         "another name")
    try:
        text = read_file(path, MAX_PAGE_BYTES).decode("utf-8-sig")
    except OSError as exc:
        raise BuildError(f"{source}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise BuildError(f"{source}: cannot read: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                         f"{exc.start})") from None
    text, cleaned = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"), source)
    for warning in cleaned:
        log.warning("%s", warning)
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    markdown = MarkdownIt("commonmark", {"html": False, "maxNesting": MARKDOWN_NESTING})
    tokens = markdown.parse(text)
    deep = too_deep(tokens)
    if deep is not None:
        line = deep.map[0] + 1 if deep.map else 1
        raise BuildError(f"{source}:{line}: blocks nested more than {MAX_NESTING} deep (quotes or lists in "
                         "one another): flatten them")
    html = markdown.renderer.render(tokens, markdown.options, {})
    return StaticPage(name=path.stem, title=title, html=Markup(html), source=source)
