"""The preview's search index: Pagefind run again in the background after content changed.

A rebuild publishes its pages first; the index follows without holding up the reload. Only the
shards (`search.index`) whose issues had pages written are indexed again, one Pagefind process at a
time into a directory of their own, then moved into the site in one rename each, so a search never
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
from collections.abc import Collection, Iterable
from pathlib import Path

from ..errors import BuildError
from ..search import Shard
from ..search.index import BUNDLE, INDEXED, _drop_browser_code, canonicalize, pagefind_binary, plan_shards, shard_glob
from ..site.catalog import Catalog

log = logging.getLogger(__name__)


def stale_shards(catalog: Catalog, shard_size: int, written: Iterable[str]) -> tuple[Shard, ...]:
    """The shards whose pages were written: a shard covers its issues (the only shard, every issue)."""
    shards = plan_shards(catalog, shard_size)
    pages = [path for path in written if path.endswith(".html")]
    return tuple(s for s in shards
                 if any(p.startswith(tuple(s.issues or (e.path for e in catalog.issues))) for p in pages))


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
        """Index one shard into a directory of its own, then move it into the site."""
        scratch = Path(tempfile.mkdtemp(prefix="index-", dir=self.workdir))
        try:
            bundle = scratch / "bundle"
            command = [str(pagefind_binary()), "--site", str(self.site), "--output-path", str(bundle),
                       "--glob", shard_glob(shard)]
            with self._lock:
                if self._stopped:
                    return
                self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            out, err = self._process.communicate()
            with self._lock:
                code, self._process = self._process.returncode, None
                if self._stopped:
                    return
            if code != 0:
                raise BuildError(f"Pagefind failed (exit {code}): {(err or out).strip()[-300:]}")
            log.debug("search index %s: %s pages", shard.bundle, (INDEXED.search(out) or [0, "?"])[1])
            canonicalize(bundle)
            if shard.bundle != f"{BUNDLE}/":
                _drop_browser_code(bundle)
            self._move_in(bundle, self.site / shard.bundle, scratch / "old")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    @staticmethod
    def _move_in(bundle: Path, target: Path, old: Path) -> None:
        if target.exists():
            os.rename(target, old)
        os.rename(bundle, target)
