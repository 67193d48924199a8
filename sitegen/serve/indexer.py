"""The preview's search index: Pagefind run again in the background after content changed.

A rebuild publishes its pages first; the index follows without holding up the reload: it starts once
the tabs told to reload have shown their pages again (`settle`, bounded), and Pagefind runs at the
lowest priority on one core, so the next save's rebuild and the browser keep the CPU. Only the
shards `search.index.stale_shards` names are indexed again, one at a time, each by
`search.index.index_shard` (the one indexer `sitegen build` uses too) into a directory of its own,
then moved into the site in one rename each, so a search never sees half an index. A newer save
cancels a running Pagefind (`hold`, when its rebuild starts): the shard it was indexing is indexed
again with the new ones once the new pages have been shown. Stopping the preview ends a running
Pagefind.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Collection
from pathlib import Path

from ..errors import BuildError
from ..search import Shard
from ..search.index import index_shard, pagefind_binary

log = logging.getLogger(__name__)

NICE = 19
"""Pagefind's niceness in the preview: it gets the CPU only when nothing else wants it."""


class SearchIndexer:
    """Indexes the site in the background, one run at a time."""

    def __init__(self, site: Path, workdir: Path, settle: Callable[[], object] = lambda: None) -> None:
        self.site = site
        self.workdir = workdir
        self.settle = settle
        """Called before each run: returns once the browser has been served what changed."""
        self.runs = 0
        """Finished runs, for tests."""
        self.cancelled = 0
        """Pagefind processes ended by a newer request, for tests."""
        self._wanted: dict[str, Shard] = {}
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[str] | None = None
        self._running = False
        self._stopped = False
        self._held = False

    def request(self, shards: Collection[Shard]) -> None:
        """Index these shards again: a run under way is cancelled, and its shards indexed with these."""
        if not shards:
            return
        with self._lock:
            if self._stopped:
                return
            self._wanted.update({s.bundle: s for s in shards})
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()  # a newer save: its pages first, then index again
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="sitegen-search", daemon=True)
                self._thread.start()

    def hold(self) -> None:
        """A rebuild starts: end a running Pagefind (its shards are indexed again later) and start none
        until `resume`, so that the rebuild and the browser have the machine."""
        with self._lock:
            self._held = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()

    def resume(self) -> None:
        """The rebuild is done: indexing may go on."""
        with self._lock:
            self._held = False
            self._idle.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until nothing is wanted or running; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._wanted and not self._running, timeout)

    def close(self) -> None:
        """Stop: end a running Pagefind and wait for the thread."""
        with self._lock:
            self._stopped = True
            self._wanted.clear()
            if self._process is not None:
                self._process.terminate()
        thread = self._thread
        if thread is not None:
            thread.join()
        with self._idle:
            self._running = False
            self._idle.notify_all()

    def _work(self) -> None:
        while True:
            self.settle()
            with self._lock:
                self._idle.wait_for(lambda: not self._held or self._stopped)
                shards = list(self._wanted.values())
                self._wanted.clear()
                self._running = bool(shards) and not self._stopped
                if not self._running:
                    self._thread = None
                    self._idle.notify_all()
                    return
            if self._index_all(shards):
                with self._lock:
                    self.runs += 1

    def _index_all(self, shards: list[Shard]) -> bool:
        """Index these shards one after the other; False when a newer request cancelled the run (the
        shards not done are wanted again)."""
        for n, shard in enumerate(shards):
            try:
                done = self._index(shard)
            except (BuildError, OSError) as exc:
                log.warning("search index not updated: %s", exc)
                continue
            if not done:
                with self._lock:
                    self.cancelled += 1
                    for left in shards[n:]:
                        self._wanted.setdefault(left.bundle, left)
                return False
        return True

    def _index(self, shard: Shard) -> bool:
        """Index one shard into a directory of its own (`search.index.index_shard`), then move it into
        the site; False when a newer request (or stopping) ended Pagefind first."""
        scratch = Path(tempfile.mkdtemp(prefix="index-", dir=self.workdir))
        try:
            bundle = scratch / "bundle"
            with self._lock:
                if self._stopped or self._held or shard.bundle in self._wanted:
                    return False
            try:
                index_shard(pagefind_binary(), self.site, shard, bundle, self._started, preexec=_background)
            except BuildError:
                with self._lock:
                    if self._stopped or self._held or self._wanted:
                        return False  # ended by a newer request, a rebuild or stopping
                raise
            finally:
                with self._lock:
                    self._process = None
            with self._lock:
                if self._stopped or shard.bundle in self._wanted:
                    return False
            self._move_in(bundle, self.site / shard.bundle, scratch / "old")
            return True
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _started(self, process: subprocess.Popen[str]) -> None:
        """Keep the running Pagefind, to end it on close (at once, when closed already)."""
        with self._lock:
            self._process = process
            if self._stopped or self._held or self._wanted:
                process.terminate()  # a newer request or a rebuild came while it started

    @staticmethod
    def _move_in(bundle: Path, target: Path, old: Path) -> None:
        if target.exists():
            os.rename(target, old)
        os.rename(bundle, target)


def _background() -> None:
    """In the Pagefind child before it starts: the lowest priority, one core (its thread pools are
    sized by the cores it may use)."""
    os.nice(NICE)
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, cores[-1:])
