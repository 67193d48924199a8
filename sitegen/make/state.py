"""What `sitegen build` keeps between processes: the recorder's graph, in a store read by key.

    .sitegen-cache/
        graph.sqlite    every kept value by key (`record/store.py`): each seed's parse (the parse
                        cache), the pieces of the catalog, each article's search words, and for each
                        file of the site the fingerprint of its arguments, what it read and the
                        digest of its bytes; with what the last build read as it read it, and the
                        output's stamp
        build/lock      held while a build runs: builds of one project take turns (a POSIX record
                        lock: it goes with the process that took it, never to its children, and the
                        system drops it when that process dies, however it dies)
        build/spare/    the site the last update replaced (`staging.py`)

**Nothing changed** when every input the last build read — each file, folder listing, config key
and setting, as noted by the recorder — gives what it gave, and the output is as that build left
it: nothing is done (the store is read, nothing else is imported). Otherwise the build updates the
site as `sitegen serve` does after an edit, its records read by key as they are asked for. An
output not as the last build left it (changed by hand, or a build killed between its swap and its
save) is compared file by file with the records. A store made by another sitegen is emptied; a
damaged one is a miss. Deleting `.sitegen-cache/` is always safe.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..config import Config
from ..parse.seeds import seed_files
from ..record import Key
from ..record.graph import Graph
from ..record.inputs import World, check, is_input
from ..record.reads import Seen, seen
from ..record.store import Store
from .cache_dir import cache_dir, code_digest

if TYPE_CHECKING:
    from .site import Site

log = logging.getLogger(__name__)

STORED = ("seed", "scans", "layout", "entry", "outline", "issue", "related", "slugs", "part", "words", "output",
          "index")
"""The kinds of record `sitegen build` keeps between processes (the others live in memory: they cost
less to make again than to read)."""
PARSES = ("seed", "scans", "layout")
"""Records `--clean` keeps: what each read is checked, so they are never stale."""
SWEPT = ("entry", "outline", "issue", "part", "words")
"""Kinds of record made again from scratch for what is there: those not asked for are dropped."""
DATABASE = "graph.sqlite"


class BuildState:
    """The build state of one project's output."""

    def __init__(self, config: Config, *, search: bool) -> None:
        self.config = config
        self.search = search
        self.folder = cache_dir(config, "build")
        self.store = Store(cache_dir(config, DATABASE), code_digest())
        self._output: str | None = None
        self._changed: set[Key] = set()
        self._read: set[Key] | None = None

    def settings(self) -> dict[str, bytes]:
        """The settings of this build, as the recorder checks them."""
        return {"search": b"on" if self.search else b"off"}

    # ---- nothing changed? ---------------------------------------------------------------------

    def unchanged(self) -> bool:
        """Every input the last build read gives what it gave, and its output is as it left it."""
        try:
            inputs: list[tuple[Key, bytes]] = pickle.loads(self.store.meta("inputs") or b"")
            known: dict[Key, Seen] = pickle.loads(self.store.meta("seen") or b"")
        except Exception:  # none, or damaged: not known to be unchanged
            self._read = None
            return False
        world = World(self.config, self.settings())
        self._changed = {key for key, was in inputs if check(key, world, known.get(key)) != was}
        self._read = {key for key, _ in inputs}
        return not self._changed and self.output_as_left()

    def changed_seeds(self) -> list[Path]:
        """The seeds (issue files or text dumps) the last build did not read as they are now: changed,
        or new (after `unchanged`; none when the last build is not known)."""
        if self._read is None:
            return []
        return [path for path in seed_files(self.config.paths.seeds)
                if ("file", str(path)) in self._changed or ("file", str(path)) not in self._read]

    def output_as_left(self) -> bool:
        """Every file and directory of the output is as the last build left it (by name, size and
        modification time), and that build finished."""
        if self._output is None:
            self._output = _output_stamp(self.config.paths.output)
        return self.store.meta("complete") == b"1" and self.store.meta("output") == self._output.encode()

    # ---- load, save ---------------------------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the project's build lock (waiting for another build to finish)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle: IO[bytes] | None = open(self.folder / "lock", "ab")  # noqa: SIM115
        except OSError as exc:
            log.debug("build state: cannot lock %s: %s", self.folder, exc)
            handle = None
        try:
            if handle is not None:
                fcntl.lockf(handle, fcntl.LOCK_EX)
            yield
        finally:
            if handle is not None:
                handle.close()

    def graph(self, *, clean: bool) -> Graph:
        """The graph of the last build (clean: of its parses only), its records read as asked for."""
        if clean:
            self.store.discard(keep=PARSES)
        graph = Graph(self.store, STORED)
        graph.preload("output")
        return graph

    def begin(self) -> None:
        """Note that a build is changing the output: if it dies before `save`, the next build compares
        the output with the records file by file."""
        self.store.set_meta("complete", b"0")

    def save(self, site: Site) -> None:
        """Record a successful build: its records, what it read, the output's stamp."""
        graph = site.graph
        for kind in SWEPT:
            graph.sweep(kind)
        inputs = [(key, was) for key, was in site.reads if is_input(key)]
        known = {key: seen[key] for key, _ in inputs if key in seen}
        meta = {"inputs": pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL),
                "seen": pickle.dumps(known, protocol=pickle.HIGHEST_PROTOCOL),
                "output": _output_stamp(self.config.paths.output).encode(), "complete": b"1"}
        self.store.save(graph, meta)

    def end_failed(self) -> None:
        """A build failed and put back what it wrote: the output is as the records say again."""
        if self.store.meta("complete") == b"0":
            self.store.set_meta("complete", b"1")

    def discard(self) -> None:
        """Forget the state but the parses."""
        self.store.discard(keep=PARSES)

    def close(self) -> None:
        self.store.close()


def _output_stamp(output: Path) -> str:
    """Digest of the name, size and modification time of every file and directory under output."""
    if not output.is_dir():
        return "missing"
    digest = hashlib.sha256()

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as found:
            entries = sorted(found, key=lambda e: e.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                digest.update(f"{prefix}{entry.name}/\0".encode())
                walk(entry.path, f"{prefix}{entry.name}/")
            else:
                stat = entry.stat(follow_symlinks=False)
                digest.update(f"{prefix}{entry.name} {stat.st_size} {stat.st_mtime_ns}\0".encode())

    try:
        walk(str(output), "")
    except OSError as exc:
        return f"unreadable {exc}"
    return digest.hexdigest()

