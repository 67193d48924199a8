"""The preview's search index: Pagefind run again in the background after content changed.

A rebuild publishes its pages first; the index follows without holding up the reload: it starts once
the tabs told to reload have shown their pages again (`settle`, bounded), and Pagefind runs at the
lowest priority on one core, so the next save's rebuild and the browser keep the CPU. Only the shards
(`search.index`) whose issues had pages written are indexed again, one Pagefind process at a time into
a directory of their own, then moved into the site in one rename each, so a search never sees half
an index. A newer save cancels a running Pagefind (`hold`, when its rebuild starts): the shard it
was indexing is indexed again with the new ones once the new pages have been shown. Stopping the
preview ends a running Pagefind.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from ..catalog import Catalog
from ..errors import BuildError
from ..search import Shard
from ..search.index import BUNDLE, INDEXED, _drop_browser_code, canonicalize, pagefind_binary, plan_shards, shard_glob

log = logging.getLogger(__name__)

NICE = 19
"""Pagefind's niceness in the preview: it gets the CPU only when nothing else wants it."""


def stale_shards(catalog: Catalog, shard_size: int, written: Iterable[str]) -> tuple[Shard, ...]:
    """The shards whose pages were written: a shard covers its issues (the only shard, every issue)."""
    shards = plan_shards(catalog, shard_size)
    pages = [path for path in written if path.endswith(".html")]
    return tuple(s for s in shards
                 if any(p.startswith(tuple(s.issues or (e.path for e in catalog.issues))) for p in pages))


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
        """Index one shard into a directory of its own, then move it into the site; False when a newer
        request (or stopping) ended Pagefind first."""
        scratch = Path(tempfile.mkdtemp(prefix="index-", dir=self.workdir))
        try:
            bundle = scratch / "bundle"
            command = [str(pagefind_binary()), "--site", str(self.site), "--output-path", str(bundle),
                       "--glob", shard_glob(shard)]
            with self._lock:
                if self._stopped or self._held or shard.bundle in self._wanted:
                    return False
                self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                                 preexec_fn=_background)
            out, err = self._process.communicate()
            with self._lock:
                code, self._process = self._process.returncode, None
                if self._stopped or shard.bundle in self._wanted or (code < 0 and (self._held or self._wanted)):
                    return False
            if code != 0:
                raise BuildError(f"Pagefind failed (exit {code}): {(err or out).strip()[-300:]}")
            log.debug("search index %s: %s pages", shard.bundle, (INDEXED.search(out) or [0, "?"])[1])
            canonicalize(bundle)
            if shard.bundle != f"{BUNDLE}/":
                _drop_browser_code(bundle)
            self._move_in(bundle, self.site / shard.bundle, scratch / "old")
            return True
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

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
