"""Reading the project's files through the recorder: each read noted with its fingerprint.

    read_bytes(path)   ("file", path)      a digest of the bytes (MISSING: there is no such file)
                                           — read by `intake.read_file`, the one way in: a regular
                                           file of at most `limit` bytes, else `intake.Unreadable`
    kind(path)         ("is", path)        `file`, `dir`, `missing` or `other` (links followed)
    listing(path)      ("listing", path)   the sorted names in a folder (MISSING: no such folder)

A read also keeps how the file looked when it was read (`seen`: size, modification time, inode):
a later check finds a file that still looks so unchanged without reading it (`inputs.py`).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..intake import MAX_TEXT_BYTES, read_file
from . import Key, note

MISSING = b"-"
"""The fingerprint of a file or folder that is not there."""


@dataclass(slots=True, frozen=True)
class Seen:
    """A file or folder as it was read: its fingerprint, its stat, and when it was read."""

    fingerprint: bytes
    stat: tuple[int, int, int]
    """Size, modification time (ns) and inode."""
    at: int
    """time.time_ns() just before it was read."""


seen: dict[Key, Seen] = {}
"""Every file and folder read by this process, as it was read (the last read of each)."""


def digest(data: bytes) -> bytes:
    """The fingerprint of some bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def stat_of(found: os.stat_result) -> tuple[int, int, int]:
    return (found.st_size, found.st_mtime_ns, found.st_ino)


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a file (FileNotFoundError, noted, when there is none; `intake.Unreadable` when it
    is not a regular file or has more than limit bytes)."""
    key = ("file", str(path))
    at = time.time_ns()
    try:
        found = os.stat(path)
        data = read_file(path, limit)
    except (FileNotFoundError, NotADirectoryError):
        note(key, MISSING)
        raise
    fingerprint = digest(data)
    seen[key] = Seen(fingerprint, stat_of(found), at)
    note(key, fingerprint)
    return data


def read_text(path: Path, encoding: str = "utf-8", limit: int = MAX_TEXT_BYTES) -> str:
    """A file's text."""
    return read_bytes(path, limit).decode(encoding)


def kind(path: Path) -> str:
    """What is at a path: `file`, `dir`, `missing` or `other`."""
    found = kind_now(path)
    note(("is", str(path)), found.encode())
    return found


def kind_now(path: Path | str) -> str:
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError:
        return "other"
    return "file" if _is(mode, 0o100000) else "dir" if _is(mode, 0o040000) else "other"


def _is(mode: int, kind: int) -> bool:
    return mode & 0o170000 == kind


def is_file(path: Path) -> bool:
    return kind(path) == "file"


def is_dir(path: Path) -> bool:
    return kind(path) == "dir"


def listing(path: Path) -> list[str]:
    """The names in a folder, sorted (none when there is no such folder)."""
    key = ("listing", str(path))
    at = time.time_ns()
    try:
        found = os.stat(path)
        names = sorted(os.listdir(path))
    except (FileNotFoundError, NotADirectoryError):
        note(key, MISSING)
        return []
    fingerprint = names_digest(names)
    seen[key] = Seen(fingerprint, stat_of(found), at)
    note(key, fingerprint)
    return names


def names_digest(names: list[str]) -> bytes:
    return digest("\0".join(names).encode("utf-8", "surrogateescape"))


def files_under(root: Path) -> list[Path]:
    """Every file under a folder (links to folders not followed), hidden files (`.x`) left out, in
    the order of their names; each folder's listing and each entry's kind noted."""
    found = []
    for name in listing(root):
        path = root / name
        what = kind(path)
        if what == "file" and not name.startswith("."):
            found.append(path)
        elif what == "dir" and not os.path.islink(path):
            found += files_under(path)
    return found
