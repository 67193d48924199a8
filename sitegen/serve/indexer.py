"""The preview's search index: Pagefind run again in the background after content changed.

A rebuild publishes its pages first; the index follows without holding up the reload. Only the
shards `search.index.stale_shards` names are indexed again, each by `search.index.index_shard` (the
one indexer `sitegen build` uses too) into a directory of its own, then moved into the site in one
rename each, so a search never
sees half an index. Requests that come while Pagefind runs are merged into the next run. Stopping
the preview ends a running Pagefind.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Collection
from pathlib import Path

from ..errors import BuildError
from ..search import Shard
from ..search.index import index_shard, pagefind_binary

log = logging.getLogger(__name__)


class SearchIndexer:
    """Indexes the site in the background, one run at a time."""

    def __init__(self, site: Path, workdir: Path) -> None:
        self.site = site
        self.workdir = workdir
        self.runs = 0
        """Finished runs, for tests."""
        self._wanted: dict[str, Shard] = {}
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[str] | None = None
        self._running = False
        self._stopped = False

    def request(self, shards: Collection[Shard]) -> None:
        """Index these shards again, after any run under way."""
        if not shards:
            return
        with self._lock:
            if self._stopped:
                return
            self._wanted.update({s.bundle: s for s in shards})
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="sitegen-search", daemon=True)
                self._thread.start()

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
        if self._thread is not None:
            self._thread.join()
        with self._idle:
            self._running = False
            self._idle.notify_all()

    def _work(self) -> None:
        while True:
            with self._lock:
                shards = list(self._wanted.values())
                self._wanted.clear()
                self._running = bool(shards) and not self._stopped
                if not self._running:
                    self._wanted.clear()
                    self._idle.notify_all()
                    return
            for shard in shards:
                try:
                    self._index(shard)
                except (BuildError, OSError) as exc:
                    log.warning("search index not updated: %s", exc)
            with self._lock:
                self.runs += 1

    def _index(self, shard: Shard) -> None:
        """Index one shard into a directory of its own (`search.index.index_shard`), then move it into
        the site."""
        scratch = Path(tempfile.mkdtemp(prefix="index-", dir=self.workdir))
        try:
            bundle = scratch / "bundle"
            with self._lock:
                if self._stopped:
                    return
            try:
                index_shard(pagefind_binary(), self.site, shard, bundle, self._started)
            except BuildError:
                with self._lock:
                    if self._stopped:
                        return
                raise
            finally:
                with self._lock:
                    self._process = None
            with self._lock:
                if self._stopped:
                    return
            self._move_in(bundle, self.site / shard.bundle, scratch / "old")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _started(self, process: subprocess.Popen[str]) -> None:
        """Keep the running Pagefind, to end it on close (at once, when closed already)."""
        with self._lock:
            self._process = process
            if self._stopped:
                process.terminate()

    @staticmethod
    def _move_in(bundle: Path, target: Path, old: Path) -> None:
        if target.exists():
            os.rename(target, old)
        os.rename(bundle, target)
