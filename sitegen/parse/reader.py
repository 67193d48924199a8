"""Read a seed file's bytes into text: UTF-8 (with or without BOM), UTF-16 with a BOM (Windows
Notepad's "Unicode") or GB18030/GBK, any newline style.

Text is only text: a NUL byte anywhere makes the file binary (an error), and `clean_text` removes
what no page, feed or JSON file can carry — control characters other than tab and newline (the form
feed pdftotext writes at a page break, vertical tabs, DEL, C1 controls), U+FFFE, U+FFFF and lone
surrogates — each line it changes a warning naming file and line."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import ParseError, SitegenError
from ..intake import NOT_TEXT, char_names, read_file, special_file
from ..model import ParseWarning

UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
MAX_CONTROL_RATIO = 0.01
"""Share of control characters above which a file is taken for binary, not text."""
CONTROL_CHARACTER = "control-character"
"""The code of the warning for what was removed from a line."""
CONTROL = re.compile(r"[\x00-\x08\x0d-\x1f]")
"""Control characters other than tab, newline, vertical tab and form feed."""


def read_seed(path: Path, source: str | None = None) -> str:
    """Return the decoded text of a seed, with `\\n` newlines and no BOM."""
    source = source or str(path)
    try:
        data = read_file(path)
    except OSError as exc:
        raise ParseError(source, f"cannot read file: {exc.strerror}") from exc
    return decode_seed(data, source)


def check_seed_file(path: Path) -> None:
    """A seed named on the command line is a file: else a SitegenError saying what it is."""
    kind = "a directory" if path.is_dir() else special_file(path)
    if kind:
        raise SitegenError(f"{path}: is {kind}, not a seed file")
    if not path.is_file():
        raise SitegenError(f"{path}: no such file")


def decode_seed(data: bytes, source: str) -> str:
    """Decode seed bytes, raising ParseError naming the byte offset of what cannot be decoded."""
    utf16 = next((encoding for bom, encoding in UTF16_BOMS.items() if data.startswith(bom)), None)
    nul = -1 if utf16 else data.find(b"\x00")
    if nul >= 0:
        raise ParseError(source, f"binary file (NUL byte at offset {nul}), not text")
    if utf16:
        text = _decode(data[2:], utf16, source, offset=2)
        if "\x00" in text:
            raise ParseError(source, f"binary file (NUL character at offset {2 + 2 * text.index(chr(0))}), not text")
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode(data[3:], "utf-8", source, offset=3)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            text = _decode_legacy(data, source, utf8_error)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _reject_binary(text, source)
    if not text.strip():
        raise ParseError(source, "the file is empty (no text to parse)")
    return text


def _decode(data: bytes, encoding: str, source: str, offset: int = 0) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(
            source, f"cannot decode as {encoding}: invalid byte 0x{data[exc.start]:02x} at offset {exc.start + offset}"
        ) from exc


def _decode_legacy(data: bytes, source: str, utf8_error: UnicodeDecodeError) -> str:
    """Try GB18030 (a superset of GBK and GB2312); report the UTF-8 error if that fails too."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        bad = data[utf8_error.start]
        raise ParseError(
            source,
            f"cannot decode as UTF-8 or GB18030: invalid byte 0x{bad:02x} at offset {utf8_error.start}",
        ) from None
    if _han_share(text) < 0.2:
        raise ParseError(
            source, f"not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) "
            "and not plausible GB18030 text"
        )
    return text


def _han_share(text: str) -> float:
    sample = [c for c in text[:20000] if not c.isspace()]
    if not sample:
        return 0.0
    return sum(1 for c in sample if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
               or "\uff00" <= c <= "\uffef") / len(sample)


def _reject_binary(text: str, source: str) -> None:
    sample = text[:65536]
    controls = len(CONTROL.findall(sample))
    if sample and controls / len(sample) > MAX_CONTROL_RATIO:
        raise ParseError(source, "binary file (control characters), not text")


def clean_text(text: str, source: str) -> tuple[str, list[ParseWarning]]:
    """Remove what is not text (`intake.NOT_TEXT`: C0 controls but tab and newline, DEL, C1 controls,
    lone surrogates, noncharacters; XML or HTML allows none of them); a `control-character` warning
    for each line changed."""
    if not NOT_TEXT.search(text):
        return text, []
    lines = text.split("\n")
    warnings = []
    for number, line in enumerate(lines, 1):
        found = sorted(set(NOT_TEXT.findall(line)))
        if found:
            lines[number - 1] = NOT_TEXT.sub("", line)
            warnings.append(ParseWarning(source, number, CONTROL_CHARACTER,
                                         f"removed what is not text: {char_names(found)}"))
    return "\n".join(lines), warnings
