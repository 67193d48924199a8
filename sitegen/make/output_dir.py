"""The output directory of an incremental build: files replaced one at a time, each atomically (a
reader sees the old file or the new one, never half of one), and an update undone as a whole.

Before a file is replaced or removed, the old one is hard-linked into an undo directory beside the
output (no bytes are copied); `commit` deletes the undo directory, `rollback` moves every old file
back and deletes the files the update added. That is how `sitegen serve` updates its preview.
`sitegen build` instead updates a copy of the site made of hard links, which it then swaps in whole
(`writer.py`): it keeps no undo (undo=False), and files are always replaced, never written into.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from ..errors import BuildError

log = logging.getLogger(__name__)


class SiteDirectory:
    """Writes into one output directory, keeping what an update replaced until it is committed."""

    def __init__(self, root: Path, *, fresh: bool = False, undo: bool = True) -> None:
        self.root = root
        self.fresh = fresh
        """The directory was empty when the update began: files are written in place (nothing to keep
        them from), and a rollback empties it again."""
        self.undo = undo and not fresh
        """Keep each replaced file to put back on rollback (False: the caller throws the directory away
        on failure)."""
        self._dirs: set[Path] = set()
        """Directories known to exist: one mkdir each, not one per file."""
        self._undo: Path | None = None
        self._done: list[tuple[str, Path | None]] = []
        """(file, its old version in the undo directory, or None when it is new), in order."""
        self._saved: set[str] = set()
        self.write_time = 0.0
        """Seconds spent writing files since the last commit or rollback."""
        self._forked_at = 0.0
        self._names = itertools.count()
        """Names of the old versions in the undo directory (with the pid of the process that wrote)."""

    def write(self, relative: str, data: bytes) -> None:
        """Replace (or add) one file atomically."""
        start = time.perf_counter()
        path = self.root / relative
        try:
            if path.parent not in self._dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            if self.fresh:
                path.write_bytes(data)
                return
            if self.undo:
                self._save(relative, path)
            temporary = path.with_name(f".{path.name}.sitegen-new")
            temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError as exc:
            raise BuildError(f"{path}: cannot write: {exc.strerror}") from exc
        finally:
            self.write_time += time.perf_counter() - start

    def remove(self, relative: str) -> None:
        """Remove one file, and the directories it leaves empty."""
        path = self.root / relative
        if path.is_file():
            if self.undo:
                self._save(relative, path)
            path.unlink()
            self._prune(path.parent)

    def prepare(self) -> int:
        """Before forking processes that write: make the undo directory they share; the mark to `take`
        their records from."""
        if self._undo is None and self.undo:
            self._undo = Path(tempfile.mkdtemp(prefix=f".{self.root.name}-undo-", dir=self.root.parent))
        self._forked_at = self.write_time
        return len(self._done)

    def take(self, mark: int) -> tuple[list[tuple[str, Path | None]], float]:
        """In a forked process: what it wrote since the mark (to be `adopt`ed by the parent), and the
        seconds it spent writing; both are forgotten here."""
        records, self._done = self._done[mark:], self._done[:mark]
        seconds, self.write_time = self.write_time - self._forked_at, self._forked_at
        return records, seconds

    def adopt(self, records: list[tuple[str, Path | None]], seconds: float) -> None:
        """What a forked process wrote: committed or rolled back with the rest."""
        self._done += records
        self._saved.update(relative for relative, _ in records)
        self.write_time += seconds

    def commit(self) -> None:
        """Keep everything written since the last commit (a fresh directory is fresh no more)."""
        if self.fresh:
            self.fresh, self.undo = False, True
        if self._undo is not None:
            shutil.rmtree(self._undo, ignore_errors=True)
        self._undo, self._done, self._saved, self.write_time = None, [], set(), 0.0

    def rollback(self) -> None:
        """Put back every file as it was at the last commit."""
        if self.fresh:
            for entry in list(self.root.iterdir()) if self.root.is_dir() else []:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
            self._dirs, self._done, self._saved, self.write_time = set(), [], set(), 0.0
            return
        for relative, old in reversed(self._done):
            path = self.root / relative
            if old is None:
                path.unlink(missing_ok=True)
                self._prune(path.parent)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(old, path)
        self.commit()

    def _save(self, relative: str, path: Path) -> None:
        if relative in self._saved:
            return
        self._saved.add(relative)
        if not path.exists():
            self._done.append((relative, None))
            return
        if self._undo is None:
            self._undo = Path(tempfile.mkdtemp(prefix=f".{self.root.name}-undo-", dir=self.root.parent))
        old = self._undo / f"{os.getpid()}-{next(self._names)}"
        os.link(path, old)
        self._done.append((relative, old))

    def _prune(self, directory: Path) -> None:
        while directory != self.root and directory.is_relative_to(self.root):
            try:
                directory.rmdir()
            except OSError:
                return
            self._dirs.discard(directory)
            directory = directory.parent
