"""`sitegen convert`: a text dump's parse written as its issue file, checked to read back the same."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import BuildError, SitegenError
from ...model import Issue
from .read import read_issue_file
from .write import issue_markdown


@dataclass(slots=True, frozen=True)
class Converted:
    """An issue file written."""

    path: Path
    articles: int
    warnings: int


def convert_seed(seed: Path, *, force: bool = False) -> Converted:
    """Parse seed (`x.txt`) and write `x.md` beside it; an existing `x.md` is kept unless force."""
    from .. import parse_file
    from ..reader import check_seed_file

    if seed.suffix != ".txt":
        raise SitegenError(f"{seed}: convert reads a text dump (.txt)")
    check_seed_file(seed)
    target = seed.with_suffix(".md")
    if target.exists() and not force:
        raise SitegenError(f"{target}: exists (it may hold an editor's corrections); --force overwrites it")
    issue = parse_file(seed)
    text = issue_markdown(issue)
    _write_checked(issue, text, target)
    return Converted(target, len(issue.articles), len(issue.warnings))


def _write_checked(issue: Issue, text: str, target: Path) -> None:
    """Write text to target atomically, once it is known to read back as issue."""
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".md", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        if without_lines(read_issue_file(Path(temp), str(target), named=target)) != without_lines(issue):
            raise BuildError(f"{target}: the issue file would not read back as the parse of "
                             f"{issue.source}; not written (a bug in sitegen)")
        os.replace(temp, target)
    finally:
        Path(temp).unlink(missing_ok=True)


def without_lines(issue: Issue) -> Issue:
    """The issue without what depends on the file it was read from: line numbers, source, warnings."""
    return replace(issue, source="", warnings=(), pages=tuple(
        replace(page, sections=tuple(
            replace(section, articles=tuple(
                replace(article, line=0, blocks=tuple(replace(b, line=0) for b in article.blocks))
                for article in section.articles))
            for section in page.sections))
        for page in issue.pages))
