"""Write the site atomically: into a fresh directory beside the output, then swap it in.

A failed build (here or before) leaves the last good site untouched, and files the build did not
produce never survive: the new output holds exactly the files given.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import BuildError

log = logging.getLogger(__name__)

DIR_MODE = 0o755
"""mkdtemp makes private directories; a published site must be world-readable."""


def write_site(files: Mapping[str, bytes], output: Path) -> None:
    """Replace the output directory with exactly these files."""
    staging = stage_site(files, output)
    swap_site(staging, output)


def stage_site(files: Mapping[str, bytes], output: Path) -> Path:
    """Write the files into a fresh directory beside output and return it, for `swap_site` to put
    in place once everything that adds to it (the search index) has run."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    except OSError as exc:
        raise BuildError(f"{output}: cannot create the output directory: {exc.strerror}") from exc
    try:
        os.chmod(staging, DIR_MODE)
        _write_files(files, staging)
    except BaseException:
        discard(staging)
        raise
    return staging


def swap_site(staging: Path, output: Path) -> None:
    """Replace output with the staged directory; on failure the staged one is deleted."""
    try:
        _swap(staging, output)
    except BaseException:
        discard(staging)
        raise


def discard(staging: Path) -> None:
    """Delete a staged directory that will not be swapped in."""
    shutil.rmtree(staging, ignore_errors=True)


def _write_files(files: Mapping[str, bytes], root: Path) -> None:
    for relative, data in files.items():
        path = root / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise BuildError(f"{path}: cannot write: {exc.strerror}") from exc


def _swap(staging: Path, output: Path) -> None:
    """Move the new site into place; the old one is moved aside first and deleted last."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        os.rename(output, old / output.name)
    try:
        os.rename(staging, output)
    except OSError as exc:
        if old is not None:
            os.rename(old / output.name, output)
        raise BuildError(f"{output}: cannot replace the output directory: {exc.strerror}") from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
