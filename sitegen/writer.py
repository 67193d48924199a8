"""The output directory as a whole: which directories a build may replace, and replacing one atomically.

**The guard.** A build writes only into an output directory that is absent, empty, or a site sitegen
made: one that holds the marker file `MARKER`, which every site has (it is one of the site's outputs,
and is written first into a directory being built). Anything else — a project file, an input
folder, a home directory, a directory holding other files — is refused with one line, and nothing
is moved or deleted.

**The swap.** Every `sitegen build` that changes anything makes the new site in a work directory
beside the output, then puts it in place with one atomic exchange of the two directories
(`renameat2(RENAME_EXCHANGE)` on Linux); the old site, now in the work directory, is deleted with
it. An update starts from a copy of the output made of hard links (no bytes are copied) and
replaces changed files by new ones (never writing into a linked file), so the output is never
touched before the exchange. At every instant the output is the old site or the new one, also under
SIGKILL; what a killed build leaves in the work directory is removed by the next build:

    site/                       the site (with its MARKER)
    .site.sitegen-work/         a build's scratch, beside the output (same file system)
        new/                    the new site being made, exchanged with site/ at the end
        (index scratch)         Pagefind's bundles being made (`search/index.py`)

Where the exchange is not available the old site is moved into the work directory and the new one
moved in: a build killed between the two renames leaves no output, and the next build moves the
old site back before anything else.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
from pathlib import Path

from .errors import BuildError

log = logging.getLogger(__name__)

MARKER = ".sitegen-site"
"""A file in every site sitegen makes: the output guard replaces only directories that hold it."""
MARKER_TEXT = b"This directory is a site made by sitegen: each `sitegen build` replaces it whole.\n"
WORK_SUFFIX = ".sitegen-work"
"""The work directory beside the output: `.site.sitegen-work`."""
DIR_MODE = 0o755
"""A published site must be world-readable."""
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def check_output(output: Path, shown: str) -> None:
    """Refuse an output directory that is not absent, empty or a site sitegen made (one line naming it)."""
    if not output.exists():
        return
    if not output.is_dir():
        raise BuildError(f"{shown}: the output is a file, not a directory; refusing to replace it "
                         "(point paths.output elsewhere)")
    marker = output / MARKER
    if marker.is_file() and not marker.is_symlink():
        return
    try:
        empty = not any(output.iterdir())
    except OSError as exc:
        raise BuildError(f"{shown}: cannot read the output directory: {exc.strerror}") from exc
    if not empty:
        raise BuildError(f"{shown}: not empty and not a site sitegen made (no {MARKER} file in it); "
                         "refusing to replace it: move it away or point paths.output elsewhere")


class Workspace:
    """The work directory of one output: where a build makes the new site, and how it swaps it in."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.root = output.parent / f".{output.name}{WORK_SUFFIX}"
        self.new = self.root / "new"

    def recover(self) -> None:
        """Undo what a killed build left: an output moved away and not yet replaced is moved back, and
        the work directory is deleted. Run under the build lock, before anything else."""
        old = self.root / "old"
        if not self.output.exists() and (old / MARKER).is_file():
            log.info("putting back %s, which a killed build had moved away", self.output)
            os.rename(old, self.output)
        self.remove()

    def remove(self) -> None:
        """Delete the work directory and everything in it."""
        if self.root.is_dir() and not self.root.is_symlink():
            shutil.rmtree(self.root, ignore_errors=True)

    def fresh(self) -> Path:
        """An empty directory to make a new site in (holding only the marker)."""
        self._make_root()
        self.new.mkdir(mode=DIR_MODE)
        os.chmod(self.new, DIR_MODE)
        (self.new / MARKER).write_bytes(MARKER_TEXT)
        return self.new

    def clone(self) -> Path:
        """A copy of the output to update: directories made anew, files hard-linked (copied where links
        cannot be made). Files in it must be replaced, never written into."""
        self._make_root()
        self.new.mkdir(mode=DIR_MODE)
        os.chmod(self.new, DIR_MODE)
        link = _linker()
        for directory, dirs, files in os.walk(self.output):
            relative = os.path.relpath(directory, self.output)
            target = self.new / relative
            target.mkdir(mode=DIR_MODE, exist_ok=True)
            for name in files:
                link(os.path.join(directory, name), target / name)
            for name in [d for d in dirs if os.path.islink(os.path.join(directory, d))]:
                os.symlink(os.readlink(os.path.join(directory, name)), target / name)
                dirs.remove(name)
        if not (self.new / MARKER).is_file():
            (self.new / MARKER).write_bytes(MARKER_TEXT)
        return self.new

    def swap(self) -> None:
        """Put the new site in place of the output in one step; the old one is deleted with the work
        directory (`remove`)."""
        try:
            if self.output.exists() and _exchange(self.new, self.output):
                return
            if self.output.exists():
                os.rename(self.output, self.root / "old")
            os.rename(self.new, self.output)
        except OSError as exc:
            raise BuildError(f"{self.output}: cannot replace the output directory: {exc.strerror}") from exc

    def _make_root(self) -> None:
        self.remove()
        try:
            self.root.mkdir(parents=True)
        except OSError as exc:
            raise BuildError(f"{self.root}: cannot create the build's work directory: {exc.strerror}") from exc


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _linker():  # type: ignore[no-untyped-def]
    """os.link, falling back to copying for good once a file system refuses links."""
    state = {"link": True}

    def link(source: str, target: Path) -> None:
        if state["link"]:
            try:
                os.link(source, target, follow_symlinks=False)
                return
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
                    raise
                state["link"] = False
        shutil.copy2(source, target, follow_symlinks=False)
    return link
