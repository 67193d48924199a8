"""The output directory as a whole: which directories a build may replace, and replacing one atomically.

**The guard.** A build writes only into an output directory that is absent, empty, or a site sitegen
made: one that holds the marker file `MARKER`, which every site has (it is one of the site's outputs,
and is written first into a directory being built). Anything else — a project file, an input
folder, a home directory, a directory holding other files — is refused with one line, and nothing
is moved or deleted.

**The swap.** Every `sitegen build` that changes anything makes the new site in a work directory
beside the output, then puts it in place with one atomic exchange of the two directories
(`renameat2(RENAME_EXCHANGE)` on Linux). An update starts from a copy of the output made of hard
links (no bytes are copied) and replaces changed files by new ones (never writing into a linked
file), so the output is never touched before the exchange. The old site an update swapped out is
kept as the spare in the build cache (`.sitegen-cache/build/spare/`, when that is on the output's
file system): the next update starts from it and links again only the files whose inode differs
from the output's, so an update costs a listing of the site, not a copy and a deletion of it. A
fresh build deletes the old site. At every instant the output is the old site or the new one, also under
SIGKILL; what a killed build leaves in the work directory is removed by the next build:

    site/                       the site (with its MARKER)
    .site.sitegen-work/         a build's scratch, beside the output (same file system)
        new/                    the new site being made, exchanged with site/ at the end
        (index scratch)         Pagefind's bundles being made (`search/index.py`)
    .sitegen-cache/build/spare/ the site the last update replaced (hard links, mostly shared)

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

from ..errors import BuildError

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

    def __init__(self, output: Path, spare: Path | None = None) -> None:
        self.output = output
        self.root = output.parent / f".{output.name}{WORK_SUFFIX}"
        self.new = self.root / "new"
        self.spare = spare
        """Where the site an update replaced is kept for the next update (in the build cache; it must
        be on the output's file system), or None."""

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
        """A copy of the output to update, made of hard links (copies where links cannot be made):
        files in it must be replaced, never written into. Starts from the spare, the site the last
        update replaced, when there is one: only what differs from the output is linked again."""
        self._make_root()
        if self.spare is not None and (self.spare / MARKER).is_file() and _same_device(self.spare, self.root):
            os.rename(self.spare, self.new)
        else:
            self.new.mkdir(mode=DIR_MODE)
            os.chmod(self.new, DIR_MODE)
        if self.output.is_dir():
            _mirror(str(self.output), str(self.new), _linker())
        else:
            _empty(str(self.new))
        if not (self.new / MARKER).is_file():
            (self.new / MARKER).write_bytes(MARKER_TEXT)
        return self.new

    def keep(self) -> None:
        """After a swap: keep the old site as the spare (for the next `clone`), if there is a place for
        it on the same file system; then remove the work directory."""
        old = self.new if self.new.is_dir() else self.root / "old"
        try:
            if self.spare is not None and old.is_dir() and _same_device(self.spare.parent, self.root):
                if self.spare.exists():
                    shutil.rmtree(self.spare)
                os.rename(old, self.spare)
        except OSError as exc:
            log.debug("build: no spare site kept: %s", exc)
        self.remove()

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


def _mirror(source: str, target: str, link) -> None:  # type: ignore[no-untyped-def]
    """Make the directory target hold what source holds, each file the same inode (a hard link): what is
    linked already stays, what differs is linked again, what source lacks is removed. Inodes come with
    the directory listing: an unchanged tree costs two listings per directory and nothing else."""
    with os.scandir(target) as found:
        have = {entry.name: entry for entry in found}
    with os.scandir(source) as found:
        entries = list(found)
    for entry in entries:
        there = have.pop(entry.name, None)
        path = os.path.join(target, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if there is not None and not there.is_dir(follow_symlinks=False):
                os.unlink(path)
                there = None
            if there is None:
                os.mkdir(path, DIR_MODE)
            _mirror(entry.path, path, link)
        elif there is None or there.is_dir(follow_symlinks=False) or there.inode() != entry.inode():
            if there is not None:
                _delete(there)
            link(entry.path, path)
    for there in have.values():
        _delete(there)


def _empty(directory: str) -> None:
    with os.scandir(directory) as found:
        for entry in list(found):
            _delete(entry)


def _delete(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def _same_device(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def _linker():  # type: ignore[no-untyped-def]
    """os.link, falling back to copying for good once a file system refuses links."""
    state = {"link": True}

    def link(source: str, target: str) -> None:
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
