"""The seeds of a project: one issue per file stem, read from its issue file `<stem>.md` when there
is one (an editor's word wins), else parsed from its text dump `<stem>.txt`."""

from __future__ import annotations

import logging
from pathlib import Path

from ..model import Issue
from ..record import reads

log = logging.getLogger(__name__)

ISSUE_FILE = ".md"
TEXT_DUMP = ".txt"


def seed_files(directory: Path) -> list[Path]:
    """The file each issue is read from, sorted: `<stem>.md` over `<stem>.txt`."""
    found: dict[str, Path] = {}
    for name in reads.listing(directory):
        path = directory / name
        readable = path.suffix in (ISSUE_FILE, TEXT_DUMP) and not name.startswith(".") and reads.is_file(path)
        if readable and (path.stem not in found or path.suffix == ISSUE_FILE):
            found[path.stem] = path
    return sorted(found.values())


def seed_of(directory: Path, stem: str) -> Path:
    """The file the issue of this stem is read from (its .txt when neither exists)."""
    issue_file = directory / f"{stem}{ISSUE_FILE}"
    return issue_file if reads.is_file(issue_file) else directory / f"{stem}{TEXT_DUMP}"


def overrides(path: Path) -> Path | None:
    """The text dump an issue file wins over, if there is one."""
    dump = path.with_suffix(TEXT_DUMP)
    return dump if path.suffix == ISSUE_FILE and reads.is_file(dump) else None


def parse_seed(path: Path, source: str | None = None) -> Issue:
    """The issue of a seed: an issue file read, or a text dump parsed."""
    if path.suffix == ISSUE_FILE:
        from .issuefile.read import read_issue_file

        return read_issue_file(path, source)
    from . import parse_file

    return parse_file(path, source)
