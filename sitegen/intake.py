"""The way in: what every input passes before sitegen uses it (SECURITY.md, "Input surfaces").

Seeds, issue files, sidecars, the config, pages, templates, assets and page scans are read
here, and nowhere else decides:

- **which files may be read** — a regular file only. A FIFO, socket or device where a file
  belongs is refused before it is read: it is opened with O_NONBLOCK (a FIFO cannot block the
  open) and checked with fstat on the open descriptor, so a file swapped for one in between is
  refused too;
- **how large** — the size is read from fstat and checked before the bytes are read
  (`read_file(path, limit)`);
- **what text is** — `NOT_TEXT`: characters no HTML page, XML feed or JSON file can carry (C0
  and C1 controls but tab and newline, DEL, lone surrogates, the 66 noncharacters). Text keeps
  everything else, bidi controls and line separators included (they are text, escaped like any
  other on the way out). Readers of text remove what `NOT_TEXT` matches with a warning naming
  file and line (seeds, issue files, pages), or refuse it naming file and key (config, sidecars);
- **which numbers** — TOML integers too long for Python to read (`load_toml`), page numbers
  (`page_number`).

On the way out, `clean_output` is the last net every text output passes (HTML, XML, JSON, plain
text): it removes what `NOT_TEXT` matches, whatever path the text took.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                          for plane in range(17))
_ASTRAL_NONCHARACTERS = NONCHARACTERS[len("\ufdd0-\ufdef\ufffe\uffff"):]
NOT_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
                      f"(?<=[\x00-\uffff{_ASTRAL_NONCHARACTERS}])")
"""What no page, feed or JSON file can carry: C0 controls but tab and newline (a carriage return
too: newlines are `\\n`), DEL, C1 controls, lone surrogates, noncharacters (U+FDD0–U+FDEF,
U+FFFE, U+FFFF and their like in every plane). Written as one range of the Basic Multilingual Plane's
characters and one range from U+1FFFE up, narrowed by a look-behind to the noncharacters: the class
of NONCHARACTERS itself (34 ranges beyond 0xFFFF) made every page's last check 12 times slower; the two
match the same characters (tests/test_intake.py checks every code point)."""
NOT_IN_NAMES = re.compile(f"[\t\n\u2028\u2029\u202a-\u202e\u2066-\u2069]|{NOT_TEXT.pattern}")
"""What no file name may hold: what is not text, tabs, newlines, line and paragraph separators, and the
bidi controls that make a name read other than it is (U+202A–U+202E, U+2066–U+2069)."""
MAX_TEXT_BYTES = 32 * 2**20
"""Largest seed, issue file, sidecar, config or template (a page has its own, smaller limit): 150 times a
real issue's text."""
MAX_TOML_DIGITS = 30
"""Most digits of a TOML integer (Python refuses to read more than 4,300; no setting needs 30)."""
MAX_PAGE = 999
"""Highest page number (版次): `第999版`; a page number has at most three digits."""
FILE_KINDS = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
              stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device", stat.S_IFLNK: "a symbolic link"}


class Unreadable(OSError):
    """A file that is not read: not a regular file, or larger than its limit (`strerror` says which)."""


def not_text(text: str) -> list[str]:
    """The characters of text that NOT_TEXT matches, each once, sorted."""
    return sorted(set(NOT_TEXT.findall(text)))


def char_names(chars: list[str]) -> str:
    """`U+0001, U+FFFE`."""
    return ", ".join(f"U+{ord(c):04X}" for c in chars)


def printable(name: str) -> str:
    """A file name as it can be printed on one line: what no name may hold as `\\x01`, `\\u202e`; bytes
    that were not UTF-8 (lone surrogates, as Python keeps them) as `\\xff`."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return NOT_IN_NAMES.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


def clean(text: str) -> str:
    """Text without what NOT_TEXT matches."""
    return NOT_TEXT.sub("", text) if NOT_TEXT.search(text) else text


def clean_output(text: str) -> str:
    """The last net on the way out: what a page, feed or JSON file is about to say, without anything
    NOT_TEXT matches (nothing should reach here: every input was cleaned on its way in)."""
    return clean(text)


def strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a TOML value, with its dotted key (`pages.2`, `search_words[0]`)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from strings(value, f"{path}[{n}]")


def file_kind(mode: int) -> str | None:
    """What a file of this st_mode is when it is not a regular file ("a FIFO (named pipe)" …)."""
    return None if stat.S_ISREG(mode) else FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def special_file(path: Path) -> str | None:
    """What path leads to (links followed) when that is not a regular file nor a directory: a FIFO,
    socket or device; None otherwise (and for a path that does not exist)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else file_kind(mode)


def read_file(path: Path | str, limit: int = MAX_TEXT_BYTES) -> bytes:
    """A regular file's bytes, at most limit of them: anything else raises Unreadable (an OSError
    whose strerror says why) before a byte is read; a FIFO never blocks."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        found = os.fstat(fd)
        kind = file_kind(found.st_mode)
        if kind is not None:
            raise Unreadable(errno.EINVAL, f"{kind}, not a regular file; refusing to read it")
        if found.st_size > limit:
            raise Unreadable(errno.EFBIG, f"{size_text(found.st_size)}, more than the {size_text(limit)} "
                                          "such a file may have")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
        if len(data) > limit:  # grew while read
            raise Unreadable(errno.EFBIG, f"more than the {size_text(limit)} such a file may have")
        return data
    finally:
        os.close(fd)


def size_text(size: int) -> str:
    """`5.0 GB`, `300 MB`, `12 KB`, `80 bytes`."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}" if size < 10 * scale else f"{size // scale} {unit}"
    return f"{size} bytes"


class TomlError(ValueError):
    """TOML that cannot be read: the message, and the line (of the text given) where it is."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


TOML_WHERE = re.compile(r"\s*\(at line (\d+), column \d+\)")
LONG_NUMBER = re.compile(rf"(?<![\w.\"'])[+-]?\d[\d_]{{{MAX_TOML_DIGITS},}}")


def load_toml(text: str) -> dict[str, Any]:
    """tomllib.loads, any failure a TomlError with the line it is on; an integer of more than
    MAX_TOML_DIGITS digits is one (Python would refuse to read it past 4,300)."""
    too_long = TomlError(f"invalid TOML: a number of more than {MAX_TOML_DIGITS} digits",
                         next((n for n, row in enumerate(text.split("\n"), 1) if LONG_NUMBER.search(row)), None))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = TOML_WHERE.search(str(exc))
        raise TomlError(f"invalid TOML: {TOML_WHERE.sub('', str(exc))}",
                        int(found.group(1)) if found else None) from None
    except ValueError:  # tomllib's int() of a number too long to read
        raise too_long from None
    if any(abs(n) >= 10**MAX_TOML_DIGITS for n in _integers(data)):
        raise too_long
    return data


def _integers(data: Any) -> Iterator[int]:
    if isinstance(data, int) and not isinstance(data, bool):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _integers(value)
    elif isinstance(data, list):
        for value in data:
            yield from _integers(value)


def page_number(text: str) -> int | None:
    """A page number as written (`2`, `02`, `００２`): 0 to MAX_PAGE; None for anything else (`²`,
    `-1`, `1e3`, `1000`, 5,000 digits)."""
    digits = text.strip()
    if not digits or not digits.isdecimal() or len(digits.lstrip("0０")) > len(str(MAX_PAGE)):
        return None
    return int(digits)
