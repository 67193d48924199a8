"""One `sitegen serve`: build into a temporary directory, serve it, and rebuild on every change.

The loop waits for a burst of changes (`watcher.py`), sorts them by kind (`changes.py`) and hands
them to the incremental build, which makes the pages open in a browser first and publishes each
batch as it is written: open tabs showing a changed page reload, changed stylesheets are swapped in.
A failed rebuild leaves the last good site in place and shows its message in every tab until a
rebuild succeeds. A changed config starts a new incremental build (keeping the parsed seeds).
Stopping removes the temporary directory: nothing is left behind.
"""

from __future__ import annotations

import gc
import logging
import re
import shutil
import signal
import tempfile
import threading
import time
import webbrowser
from pathlib import Path

from ..config import Config, load_config
from ..errors import SitegenError
from ..make.changes import Changes, config_file, sort_changes, sources
from ..make.pipeline import Batch, IncrementalBuild
from ..make.report import Report
from ..search.index import stale_shards
from ..site.urls import Links
from .doubts import Doubts
from .indexer import SearchIndexer
from .reload import Broker, Failure
from .server import THREAD_STACK, PreviewServer
from .watcher import Watcher

log = logging.getLogger(__name__)

WHERE = re.compile(r"^([^\s:][^:\n]*?):(\d+):")
"""`templates/article.html:12:` at the start of a message: the file and line at fault."""
SETTLE = 2.0
"""Seconds the search index waits at most for the tabs told to reload to show their pages again."""


class Session:
    """The server, the watcher and the builds of one `sitegen serve`."""

    def __init__(self, config_path: Path | None = None, *, base_url: str | None = None, host: str = "127.0.0.1",
                 port: int = 8000, cwd: Path | None = None, search: bool = True) -> None:
        self.config_path = config_path
        self.base_url = base_url
        self.cwd = cwd
        self.search = search
        self.config = self._load_config()
        self.broker = Broker()
        self.workdir = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
        try:
            self.output = self.workdir / "site"
            self.output.mkdir()
            self.server = PreviewServer(host, port, self.output, Links(self.config.base_url).base_path, self.broker)
        except BaseException:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise
        self.build = IncrementalBuild(self.config, self.output, search=search)
        self.indexer = SearchIndexer(self.output, self.workdir, lambda: self.broker.reloaded(SETTLE)) \
            if search else None
        self._written: list[str] = []
        self._saved = 0.0
        self._first_out = ""
        self.watcher = self._watcher()
        self._thread = threading.Thread(target=self.server.serve_forever, name="sitegen-serve", daemon=True)
        self.builds = 0
        """Rebuilds attempted after the first build (for tests and the log)."""

    @property
    def url(self) -> str:
        """Where the site is served."""
        return self.server.url

    def start(self) -> None:
        """Build everything once, then serve and watch."""
        self._run(lambda: self.build.update(publish=self._publish), "built")
        self.build.warm_up()
        self._thread.start()
        self.watcher.start()

    def serve_forever(self) -> None:
        """Rebuild after each burst of changes, until interrupted."""
        while True:
            self.rebuild_once(timeout=None)

    def rebuild_once(self, timeout: float | None) -> bool:
        """Wait for one burst of changes and rebuild; False when none came in time."""
        paths = self.watcher.wait(timeout)
        if not paths:
            return False
        changes = sort_changes(paths, self.config, self.build.theme)
        if changes:
            self.builds += 1
            self._saved = self.watcher.burst_started
            self.rebuild(changes)
        return True

    def rebuild(self, changes: Changes) -> None:
        """Rebuild after these changes; a failure shows in every open tab."""
        if self.indexer is not None:
            self.indexer.hold()
        try:
            if changes.config and not self._new_config():
                return
            self._run(lambda: self.build.update(changes, first=self.broker.open_files, publish=self._publish,
                                                interrupted=lambda: self.watcher.pending), ", ".join(changes.kinds))
        finally:
            if self.indexer is not None:
                self.indexer.resume()

    def close(self) -> None:
        """Stop watching and serving; remove the temporary site."""
        try:
            self.watcher.stop()
        finally:
            if self.indexer is not None:
                self.indexer.close()
            self.broker.close()
            if self._thread.is_alive():
                self.server.shutdown()
            self.server.server_close()
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _run(self, update, what: str) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            report: Report = update()
        except SitegenError as exc:
            log.error("error: %s", exc)
            self._written = []
            self.broker.failed(failure(exc))
            return
        except Exception as exc:  # a bug in sitegen: keep serving the last good site, and say so
            log.error("error: rebuild failed: %s: %s (a bug in sitegen; --debug shows the traceback)",
                      type(exc).__name__, exc)
            log.debug("the rebuild's traceback", exc_info=exc)
            self._written = []
            self.broker.failed(Failure(f"sitegen: {type(exc).__name__}: {exc} (a bug; see the terminal)"))
            return
        self.broker.fixed()
        changed = self._refresh_doubts()
        if changed:
            self.broker.changed(changed)
        self._index()
        log.info("%s: %d files made, %d written, %d removed in %.0f ms%s%s", what, report.made, report.written,
                 report.removed, (time.perf_counter() - start) * 1000, self._first_out,
                 "" if report.complete else " (cut short by newer changes)")
        self._first_out = ""

    def _index(self) -> None:
        """Index again, in the background, the shards whose pages were written."""
        written, self._written = self._written, []
        if self.indexer is not None and self.build.catalog is not None and self.build.search is not None:
            self.indexer.request(stale_shards(self.build.search.shards, written))

    def _publish(self, batch: Batch) -> None:
        if not self._first_out and self._saved:
            self._first_out = f"; first pages out {(time.monotonic() - self._saved) * 1000:.0f} ms after the save"
            self._saved = 0.0
        self._written += batch.written
        batch.reload |= self._refresh_doubts()
        if batch.stylesheets:
            self.broker.stylesheets([{"path": path, "href": href} for path, href in batch.stylesheets])
        if batch.reload or batch.added or batch.removed:
            self.broker.changed(batch.reload | set(batch.removed), added=batch.added)
        if batch.moved:
            self.broker.moved({old: self.build.links.href(new) for old, new in batch.moved.items()})

    def _refresh_doubts(self) -> set[str]:
        """Show the doubts of the edition as now built; the site files whose doubts changed."""
        catalog = self.build.catalog
        if catalog is None:
            return set()
        fresh = Doubts.of(catalog, self.build.links, self.config.paths.project, self.config.editor,
                          self.server.doubts)
        changed = self.server.doubts.changed(fresh)
        self.server.doubts = fresh
        return changed

    def _load_config(self) -> Config:
        return load_config(self.config_path, base_url=self.base_url, cwd=self.cwd)

    def _new_config(self) -> bool:
        """Start over from a changed config; a bad config is shown and the last good site kept."""
        try:
            config = self._load_config()
        except SitegenError as exc:
            log.error("error: %s", exc)
            self.broker.failed(failure(exc))
            return False
        previous, self.config = self.build, config
        self.build = IncrementalBuild(config, self.output, search=self.search)
        self.build.carry_over(previous)
        self.server.base_path = Links(config.base_url).base_path
        self.watcher.stop()
        self.watcher = self._watcher()
        self.watcher.start()
        return True

    def _watcher(self) -> Watcher:
        return Watcher(sources(self.config, self.build.theme), [config_file(self.config)])


def _stop(signum: int, frame: object) -> None:
    """SIGTERM ends the session as Ctrl-C does, cleaning up."""
    raise KeyboardInterrupt


def failure(exc: SitegenError) -> Failure:
    """The overlay of an error: its message, and the file and line it names first."""
    message = str(exc)
    found = WHERE.match(message)
    return Failure(message, f"{found.group(1)}:{found.group(2)}" if found else message.split(": ", 1)[0])


def serve(config_path: Path | None = None, *, base_url: str | None = None, host: str = "127.0.0.1",
          port: int = 8000, open_browser: bool = False, search: bool = True) -> None:
    """`sitegen serve`: run until Ctrl-C, SIGINT or SIGTERM. SIGINT stops it even when it was started
    with SIGINT ignored (a background job of a script, some CI runners), which Python would keep."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop)
    threading.stack_size(THREAD_STACK)
    session = Session(config_path, base_url=base_url, host=host, port=port, search=search)
    try:
        session.start()
        gc.freeze()  # what the first build made lives on: the collector need not walk it after each rebuild
        log.info("serving %s (Ctrl-C to stop)", session.url)
        if open_browser:
            webbrowser.open(session.url)
        session.serve_forever()
    except KeyboardInterrupt:
        log.info("stopped")
    finally:
        session.close()
