"""Optional static pages: `pages/<name>.md` → `/<name>/`, in Markdown with raw HTML disabled."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..errors import BuildError
from ..parse.reader import clean_text
from ..record import reads

log = logging.getLogger(__name__)

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


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
    paths = [directory / name for name in reads.listing(directory) if name.endswith(".md")]
    return tuple(_page(path, f"{shown}/{path.name}") for path in paths)


def _page(path: Path, source: str) -> StaticPage:
    if not NAME.fullmatch(path.stem):
        raise BuildError(f"{source}: a page's file name must be lowercase ASCII letters, digits and -")
    try:
        text = reads.read_text(path, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError(f"{source}: cannot read: {exc}") from None
    text, cleaned = clean_text(text, source)
    for warning in cleaned:
        log.warning("%s", warning)
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    html = MarkdownIt("commonmark", {"html": False}).render(text)
    return StaticPage(name=path.stem, title=title, html=Markup(html), source=source)
