"""`.sitegen-cache/`: what builds keep in the project between runs, and the digest of sitegen's own
code that says whether something kept there was made by this sitegen.

    .sitegen-cache/
        graph.sqlite  the recorder's records: parses, page scans and layouts, catalog pieces, each
                      output's reads (`state.py`, `sitegen/record/store.py`)
        build/        the build lock and the spare copy of the output (`state.py`, `staging.py`)

Deleting it is always safe: everything in it is made again.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..config import Config

CACHE_DIR = ".sitegen-cache"
"""In the project directory, beside sitegen.toml; git-ignored."""
PACKAGE = Path(__file__).resolve().parent.parent
"""sitegen's own sources."""
LIBRARIES = ("jieba", "rjieba", "pypinyin")
"""Segmenters and transliteration: what they give is part of every parse, keyword and slug."""


def cache_dir(config: Config, name: str) -> Path:
    """A file or folder of the project's cache (`graph.sqlite`, `build`)."""
    return config.paths.project / CACHE_DIR / name


@lru_cache(maxsize=8)
def code_digest(patterns: tuple[str, ...] = ("**/*.py", "parse/model/*")) -> str:
    """Digest of sitegen's sources matching patterns (relative to the package; the shipped parser
    model is code too), Python's version and the libraries' versions: anything made with another
    digest was made by another sitegen."""
    h = hashlib.sha256(sys.version.encode())
    for path in sorted({p for pattern in patterns for p in PACKAGE.glob(pattern)}):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        h.update(f"\0{name} {_version(name)}".encode())
    return h.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
