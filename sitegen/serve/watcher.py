"""Watch the project's inputs with watchdog and hand over changes in bursts.

What is watched is what the site is read from: the input folders, the config file, and every other
file the last update read (`watch`: the trained parser model in `.sitegen/` …), each from its
folder — or, while that folder does not exist, from the nearest one that does, so that a file
appearing there later is seen.

An editor's save is several events (a probe file, a backup, a rename); `git checkout` is hundreds.
Events are collected until none has come for `quiet` seconds (or `longest` seconds have passed
since the first), then handed over as one set of paths: one rebuild per burst.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

log = logging.getLogger(__name__)

QUIET = 0.03
"""Seconds without an event that end a burst (an editor's save is a few events within a millisecond)."""
LONGEST = 1.0
"""Most seconds a burst may last before it is handed over anyway."""
EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
          DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
"""What changes content; opening and reading files (which watchdog also reports) does not."""


class Watcher(FileSystemEventHandler):
    """Collects changed paths under the watched directories (and the files watched one by one)."""

    def __init__(self, directories: Iterable[Path], files: Iterable[Path] = (), *, quiet: float = QUIET,
                 longest: float = LONGEST) -> None:
        self.quiet = quiet
        self.longest = longest
        self._paths: set[Path] = set()
        self._first = self._last = 0.0
        self._changed = threading.Condition()
        self._observer = Observer()
        self._directories = {d.resolve() for d in directories}
        self._files = {f.resolve() for f in files}
        self._watched: dict[Path, ObservedWatch] = {}
        self.burst_started = 0.0
        """When (time.monotonic) the first event of the last burst handed over came."""

    def start(self) -> None:
        """Begin watching (directories that do not exist yet are watched for from their parent)."""
        for directory in sorted(self._directories):
            self._watch(directory)
        for path in sorted(self._files | {d.parent for d in self._directories}):
            self._watch_for(path)
        self._observer.start()

    def watch(self, files: Iterable[Path]) -> None:
        """Watch these files too (those under a watched folder are watched already)."""
        for path in sorted({f.resolve() for f in files} - self._files):
            if not any(path == d or path.is_relative_to(d) for d in self._directories):
                self._files.add(path)
                self._watch_for(path)

    def _watch_for(self, path: Path) -> None:
        """Watch the folder a file is in, or the nearest folder above it that exists."""
        folder = next((p for p in path.parents if p.is_dir()), None)
        if folder is not None and folder not in self._watched:
            with contextlib.suppress(OSError):
                self._watched[folder] = self._observer.schedule(self, str(folder), recursive=False,
                                                                event_filter=EVENTS)

    def stop(self) -> None:
        """Stop watching and wait for watchdog's threads (nothing to do if it never started)."""
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join()
        with self._changed:
            self._changed.notify_all()

    def _watch(self, directory: Path) -> None:
        if directory.is_dir() and directory not in self._watched:
            self._watched[directory] = self._observer.schedule(self, str(directory), recursive=True,
                                                               event_filter=EVENTS)

    def _unwatch(self, directory: Path) -> None:
        watch = self._watched.pop(directory, None)
        if watch is not None:
            with contextlib.suppress(KeyError, OSError):
                self._observer.unschedule(watch)

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Note the paths an event touched (both ends of a move)."""
        paths = [Path(_text(event.src_path))]
        if getattr(event, "dest_path", ""):
            paths.append(Path(_text(event.dest_path)))
        relevant = [p for p in paths if self._relevant(p)]
        if not relevant:
            return
        for path in relevant:
            if path in self._directories and event.is_directory:
                self._unwatch(path) if not path.is_dir() else self._watch(path)
            elif event.is_directory and path.is_dir():
                for file in self._files:
                    if file.is_relative_to(path):
                        self._watch_for(file)
        with self._changed:
            now = time.monotonic()
            if not self._paths:
                self._first = now
            self._paths.update(relevant)
            self._last = now
            self._changed.notify_all()

    def _relevant(self, path: Path) -> bool:
        """A watched file, anything under a watched folder, or a folder made where a watched file is to be."""
        return path in self._files or any(path == d or path.is_relative_to(d) for d in self._directories) \
            or any(f.is_relative_to(path) for f in self._files)

    @property
    def pending(self) -> bool:
        """Whether changes are waiting to be handed over."""
        with self._changed:
            return bool(self._paths)

    def wait(self, timeout: float | None = None) -> set[Path]:
        """The next burst of changed paths; empty when timeout passed (or the watcher stopped) first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while not self._paths:
                left = None if deadline is None else deadline - time.monotonic()
                if (left is not None and left <= 0) or not self._observer.is_alive():
                    return set()
                self._changed.wait(left if left is not None else 0.5)
            while True:
                now = time.monotonic()
                settle = min(self._last + self.quiet, self._first + self.longest) - now
                if settle <= 0:
                    break
                self._changed.wait(settle)
            paths, self._paths = self._paths, set()
            self.burst_started = self._first
            return paths


def _text(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path
