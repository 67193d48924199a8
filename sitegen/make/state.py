"""What `sitegen build` keeps between processes, so that a build after a small change does only that
change's work, and a build after no change does none.

    .sitegen-cache/build/
        inputs          fingerprint of every input file and of the output directory after the last
                        successful build: equal now → nothing to do (`unchanged`)
        state.pickle    a snapshot of the IncrementalBuild (`incremental.py`): parsed seeds, catalog,
                        routes, and every output's inputs and digest
        journal         the files builds since the snapshot wrote (with their digests) or removed
        lock            held while a build runs: builds of one project take turns (a POSIX record
                        lock: it goes with the process that took it, never to its children, and
                        the system drops it when that process dies, however it dies)

A build loads the snapshot and marks every file in the journal to be made again (the snapshot
does not know what the builds since wrote there), then updates as `sitegen serve` does after an
edit: only outputs whose inputs changed are made, only files whose bytes changed are written.
Saving a snapshot of 10,000 articles takes one to two seconds, so a build instead writes the journal
anew: every file whose inputs or bytes now differ from what the snapshot says. Only when those are
many is a new snapshot saved.

Anything that does not match (another sitegen, Python or config, another output directory, a
build that died half way, a damaged file) means starting from the parse cache: slower, never
wrong. Deleting `.sitegen-cache/` is always safe.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..config import Config
from ..parallel import can_fork
from ..parse.seeds import seed_of
from .cache_dir import PACKAGE, cache_dir, code_digest
from .changes import config_file

if TYPE_CHECKING:
    from .pipeline import IncrementalBuild, Made

log = logging.getLogger(__name__)

FORMAT = 1
"""Bump when what a snapshot holds changes shape."""
SNAPSHOT_AFTER = 1500
"""Save a new snapshot when a build made at least this many files, or the journal grew this long."""



@cache
def _pickling() -> type[IncrementalBuild]:
    """Import the build (not needed to find that nothing changed) and make its classes quick to pickle."""
    from .. import model
    from ..render import renderer, routes, static_pages
    from ..search import index, terms
    from ..site import catalog, related
    from . import outputs, pickling, pipeline, search_words
    from .pipeline import IncrementalBuild

    pickling.install(model, catalog, pipeline, search_words, outputs, related, renderer, routes, static_pages,
                     index, terms)
    return IncrementalBuild


class BuildState:
    """The build state of one project's output, for one kind of build (with or without search)."""

    def __init__(self, config: Config, *, search: bool) -> None:
        self.config = config
        self.search = search
        self.folder = cache_dir(config, "build")
        self.key = _key(config, search)
        self._output: str | None = None
        self._seed_lines: list[str] = []
        self._loaded: dict[str, Made] | None = None
        """What the loaded snapshot says of each file."""

    # ---- nothing changed? ---------------------------------------------------------------------

    def unchanged(self, inputs: str) -> bool:
        """The inputs are those of the last successful build, and its output is as it left it."""
        saved = self._saved()
        return saved is not None and saved[0] == inputs and self.output_as_left()

    def output_as_left(self) -> bool:
        """Every file and directory of the output is as the last build left it (by name, size and
        modification time)."""
        saved = self._saved()
        if self._output is None:
            self._output = _output_stamp(self.config.paths.output)
        return saved is not None and saved[1] == self._output

    def _saved(self) -> tuple[str, str] | None:
        try:
            inputs, output = (self.folder / "inputs").read_text(encoding="utf-8").splitlines()[:2]
        except (OSError, ValueError):
            return None
        return inputs, output

    @contextmanager
    def prefetch(self) -> Iterator[None]:
        """While the body loads the state: in a forked process, look over the output directory and
        parse the seeds that changed since the last build into the parse cache (the update then
        finds them there)."""
        try:
            saved = (self.folder / "inputs").read_text(encoding="utf-8").splitlines()[2:]
        except OSError:
            saved = []
        if not saved or not (self.folder / "state.pickle").exists() or not can_fork():
            yield
            return
        before = set(saved)
        names = [line.rstrip("\0").rsplit(" ", 2)[0] for line in self._seed_lines if line not in before]
        changed = sorted({seed_of(self.config.paths.seeds, Path(name).stem) for name in names})
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            stamp = pool.submit(_prefetch, self.config, changed)
            yield
            self._output = stamp.result()

    def inputs(self) -> str:
        """A fingerprint of everything a build reads: this kind of build, sitegen itself, the config,
        and the name, size and modification time of every seed, sidecar, template, asset and page."""
        digest = hashlib.sha256(self.key.encode())
        paths = self.config.paths
        self._seed_lines = [line.decode(errors="surrogateescape") for line in _listing(paths.seeds)]
        roots = [paths.templates, paths.assets, paths.pages, PACKAGE]
        digest.update(f"\0root {paths.seeds}\0{''.join(self._seed_lines)}".encode())
        for root in roots:
            digest.update(f"\0root {root}\0".encode())
            for line in _listing(root):
                digest.update(line)
        digest.update(b"\0config " + b"".join(_listing_file(config_file(self.config))))
        return digest.hexdigest()

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

    def load_prefetching(self) -> IncrementalBuild | None:
        """`load()`, while a forked process parses the seeds that changed (`prefetch`)."""
        with self.prefetch():
            return self.load()

    def load(self) -> IncrementalBuild | None:
        """The last build, with every file the journal names marked to be made again; None when
        there is none that fits (the build then starts from the parse cache)."""
        incremental_build = _pickling()
        try:
            with open(self.folder / "state.pickle", "rb") as f:
                key = pickle.load(f)
                if key != self.key:
                    return None
                with _no_gc():
                    build = pickle.load(f)
            journal = (self.folder / "journal").read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged or foreign state is a miss, never an error
            log.debug("build state: ignoring %s: %s", self.folder, exc)
            return None
        if not isinstance(build, incremental_build) or build.output != self.config.paths.output \
                or "complete" not in journal:
            return None
        self._loaded = build.made()
        written = dict(_journal_entry(line) for line in journal if line not in ("complete", ""))
        build.forget(written, written)
        gc.freeze()
        return build

    def begin(self) -> None:
        """Note that a build is changing the output: if it dies half way, the journal says so and
        the next build makes every file again."""
        self._append(["incomplete"])
        with contextlib.suppress(OSError):
            (self.folder / "inputs").unlink(missing_ok=True)

    def save(self, build: IncrementalBuild, inputs: str) -> None:
        """Record a successful build: as a journal of the files that are not as the loaded snapshot
        says, or (when there is none, or they are many) as a new snapshot."""
        try:
            differ = build.differences(self._loaded) if self._loaded is not None else None
            if differ is None or len(differ) > SNAPSHOT_AFTER:
                self._write("state.pickle", lambda f: _dump(self.key, build, f))
                self._write("journal", lambda f: f.write(b"complete\n"))
            else:
                lines = [f"{(build.digest(path) or b'').hex()} {path}\n" for path in differ]
                self._write("journal", lambda f: f.write("".join([*lines, "complete\n"]).encode()))
            output = _output_stamp(self.config.paths.output)
            listing = "".join(f"{line}\n" for line in self._seed_lines)
            self._write("inputs", lambda f: f.write(f"{inputs}\n{output}\n{listing}".encode()))
        except (OSError, pickle.PicklingError) as exc:
            log.warning("build state: cannot save in %s (%s); the next build starts from the parse cache",
                        self.config.paths.show(self.folder), getattr(exc, "strerror", None) or exc)
            self.discard()

    def end_failed(self) -> None:
        """A build failed and put back what it wrote: the output is as the journal says again."""
        journal = self._journal()
        if journal and journal[-1] == "incomplete":
            self._append(["complete"])

    def discard(self) -> None:
        """Forget the state (the parse cache stays)."""
        for name in ("inputs", "state.pickle", "journal"):
            with contextlib.suppress(OSError):
                (self.folder / name).unlink(missing_ok=True)

    def _journal(self) -> list[str]:
        try:
            return (self.folder / "journal").read_text(encoding="utf-8").splitlines()
        except OSError:
            return []

    def _append(self, lines: list[str]) -> None:
        """Add lines to the journal; a journal that says `incomplete` last is not `complete` any more."""
        journal = [line for line in self._journal() if line not in ("complete", "incomplete")]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(self.folder / "journal", "w", encoding="utf-8") as f:
                f.write("".join(f"{line}\n" for line in journal + lines))
        except OSError as exc:
            log.debug("build state: cannot write the journal: %s", exc)

    def _write(self, name: str, write: object) -> None:
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)  # type: ignore[operator]
            os.replace(temp, self.folder / name)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _prefetch(config: Config, seeds: list[Path]) -> str:
    """BuildState.prefetch's child: the changed seeds parsed into the cache; the output's stamp."""
    from .parse_cache import ParseCache

    cache = ParseCache(config)
    for path in seeds:
        if path.is_file() and cache.cached(path) is None:
            cache.parse(path)
    return _output_stamp(config.paths.output)


def _journal_entry(line: str) -> tuple[str, bytes]:
    """A journal line: the digest of a file as written (empty when removed), a space, its path."""
    digest, _, path = line.partition(" ")
    return path, bytes.fromhex(digest)


def _dump(key: str, build: IncrementalBuild, f: IO[bytes]) -> None:
    _pickling()
    pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
    with _no_gc():
        pickle.dump(build, f, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling makes a million containers, each allocation a chance for the cycle collector to walk
    them all again; there are no cycles to find in them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _key(config: Config, search: bool) -> str:
    """What a state must have been made with to be used: this format, sitegen's code (`code_digest`),
    the config (everything it says) and the kind of build."""
    digest = f"{FORMAT} {code_digest()} search={search} {config!r}"
    return hashlib.sha256(digest.encode()).hexdigest()


def _listing(root: Path) -> Iterator[bytes]:
    """`name size mtime` of every file under root, and `name/` of every directory, in a fixed order
    (nothing when root is missing): a directory where a file was is a change too."""
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in dirs:
            yield os.fsencode(os.path.relpath(os.path.join(directory, name), root)) + b"/ dir\0"
        for name in sorted(files):
            yield from _listing_file(Path(directory) / name, root)


def _listing_file(path: Path, root: Path | None = None) -> Iterator[bytes]:
    try:
        found = os.stat(path)
    except OSError:
        yield os.fsencode(path) + b" missing\0"
        return
    name = path.relative_to(root).as_posix() if root is not None else str(path)
    yield os.fsencode(f"{name} {found.st_size} {found.st_mtime_ns}\0")


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
