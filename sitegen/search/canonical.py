"""Make Pagefind's filter index byte-identical from run to run.

Pagefind 1.5 writes the values of each filter (every section, author …) in hash-map order, which
changes from run to run; the chunk's file name is a hash of its bytes, the metadata file names the
chunks, and the entry file names the metadata. Everything else it writes (index chunks,
fragments) is already deterministic. So after each run the filter chunks are rewritten with their
values sorted, renamed by a hash of their content, and the metadata and entry files updated to
match.

The files are gzip-compressed CBOR behind a `pagefind_dcd` signature. Only the CBOR the files use
is read (integers, strings, arrays); before anything is rewritten, every file must encode back to
exactly its own bytes, else the index is left as Pagefind wrote it and a warning says the build
will not be byte-identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SIGNATURE = b"pagefind_dcd"


class Unsupported(ValueError):
    """CBOR this module does not read, or a file of another shape than expected."""


def canonicalize(bundle: Path) -> bool:
    """Rewrite a bundle's filter chunks in sorted order; False (and nothing changed) if it cannot."""
    try:
        renamed = _plan(bundle)
    except (Unsupported, OSError, ValueError, KeyError) as exc:
        log.warning("search index %s: left as Pagefind wrote it (%s); the build will not be byte-identical",
                    bundle.name, exc)
        return False
    for old, (new, data) in renamed.items():
        (bundle / "filter" / f"{old}.pf_filter").unlink()
        (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
    _rewrite_meta(bundle, {old: new for old, (new, _) in renamed.items()})
    return True


def _plan(bundle: Path) -> dict[str, tuple[str, bytes]]:
    """Old chunk name → (new name, new file bytes) for every filter chunk; checks the metadata reads."""
    for language in _entry(bundle)["languages"].values():
        _read_meta(bundle, language["hash"])
    renamed = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        chunk = _read(path)
        if not (isinstance(chunk, list) and len(chunk) == 2 and isinstance(chunk[1], list)
                and all(isinstance(v, list) and len(v) == 2 for v in chunk[1])):
            raise Unsupported(f"{path.name}: not a filter and its values")
        name, values = chunk
        body = encode([name, sorted(values, key=lambda v: encode(v[0]))])
        new = f"{path.stem.split('_')[0]}_{hashlib.sha1(body).hexdigest()[:7]}"
        renamed[path.stem] = (new, _pack(body))
    return renamed


def _rewrite_meta(bundle: Path, renamed: dict[str, str]) -> None:
    """Point the metadata at the renamed chunks (sorted by filter name) and the entry at the metadata."""
    entry = _entry(bundle)
    for language in entry["languages"].values():
        meta = _read_meta(bundle, language["hash"])
        for n, item in enumerate(meta):
            if _is_filter_list(item, renamed):
                meta[n] = sorted(([name, renamed[chunk]] for name, chunk in item), key=lambda f: encode(f[0]))
        body = encode(meta)
        (bundle / f"pagefind.{language['hash']}.pf_meta").unlink()
        language["hash"] = f"{language['hash'].rsplit('_', 1)[0]}_{hashlib.sha1(body).hexdigest()[:13]}"
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(_pack(body))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (bundle / "pagefind-entry.json").write_text(text, encoding="utf-8")


def _entry(bundle: Path) -> Any:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def _read_meta(bundle: Path, language_hash: str) -> list[Any]:
    path = bundle / f"pagefind.{language_hash}.pf_meta"
    meta = _read(path)
    if not isinstance(meta, list):
        raise Unsupported(f"{path.name}: not a list")
    return meta


def _is_filter_list(item: Any, renamed: dict[str, str]) -> bool:
    return (isinstance(item, list) and bool(item) and all(
        isinstance(f, list) and len(f) == 2 and isinstance(f[1], str) and f[1] in renamed for f in item))


def _read(path: Path) -> Any:
    """Decode one gzip'd CBOR file; it must encode back to the same bytes."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise Unsupported(f"{path.name}: no {SIGNATURE.decode()} signature")
    body = raw[len(SIGNATURE):]
    try:
        value, end = decode(body, 0)
    except (Unsupported, IndexError, UnicodeDecodeError) as exc:
        raise Unsupported(f"{path.name}: {exc}") from exc
    if end != len(body) or encode(value) != body:
        raise Unsupported(f"{path.name}: does not round-trip")
    return value


def _pack(body: bytes) -> bytes:
    return gzip.compress(SIGNATURE + body, mtime=0)


# ---- the CBOR the index uses: unsigned and negative integers, text, arrays ----------------------

def decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item from data at offset at; the item and the offset after it."""
    major, info = data[at] >> 5, data[at] & 31
    value, at = _argument(data, at + 1, info)
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major == 3:
        return data[at:at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise Unsupported(f"CBOR major type {major} not read")


def _argument(data: bytes, at: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, at
    if info > 27:
        raise Unsupported(f"CBOR additional information {info}")
    size = 1 << (info - 24)
    return int.from_bytes(data[at:at + size], "big"), at + size


def encode(value: Any) -> bytes:
    """The shortest CBOR encoding of an int, str or list of them."""
    if isinstance(value, bool):
        raise Unsupported("CBOR booleans")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(3, len(text)) + text
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    raise Unsupported(f"CBOR of {type(value).__name__}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise Unsupported(f"CBOR integer {n}")
