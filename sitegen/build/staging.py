"""A fresh output directory beside the old one, swapped in once everything in it succeeded.

`sitegen build` without a usable state of the last build (`state.py`) makes the whole site into a
staging directory; only a successful build replaces the output with it, so the last good site stays
until then and files the build did not produce never survive.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import BuildError

DIR_MODE = 0o755
"""mkdtemp makes private directories; a published site must be world-readable."""


def staging_dir(output: Path) -> Path:
    """A fresh, empty directory beside output, for `swap_site` to put in place."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
        os.chmod(staging, DIR_MODE)
    except OSError as exc:
        raise BuildError(f"{output}: cannot create the output directory: {exc.strerror}") from exc
    return staging


def swap_site(staging: Path, output: Path) -> None:
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
