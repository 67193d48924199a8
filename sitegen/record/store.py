"""The graph on disk: one SQLite database in the project's cache, each record read by its key.

    .sitegen-cache/graph.sqlite
        meta      what made the records (the format, sitegen's code), and what the last build left
                  (the inputs it read as it saw them, the output's stamp, whether it finished)
        records   key → the fingerprint of its arguments, its reads (an id into `reads`), the
                  fingerprint of its value, those of the objects inside it (`Graph.parts_of`), and
                  the value (pickled; objects other values share, such as articles, by their tag)
        reads     id → a list of reads; records made by one template share one list

A store made by another sitegen (another format or code) is emptied when opened. Writes happen in
one transaction at the end of a build: a build killed half way leaves the store as the last one
left it. A damaged database is a miss, never an error: deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import pickle
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import Key
from .graph import UNLOADED, Graph, ReadList, Record
from .reads import digest

log = logging.getLogger(__name__)

FORMAT = b"2"
"""Bump when what a record holds changes shape."""
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS records (key BLOB PRIMARY KEY, args BLOB, reads INTEGER, fingerprint BLOB, parts BLOB,
                                    value BLOB);
CREATE TABLE IF NOT EXISTS reads (id INTEGER PRIMARY KEY, digest BLOB UNIQUE, data BLOB);
"""
_open: list[Store] = []
"""Stores with a connection: closed before any fork (a connection must not cross one)."""


def encode(key: Key) -> bytes:
    return "\0".join(key).encode("utf-8", "surrogateescape")


def decode(key: bytes) -> Key:
    return tuple(key.decode("utf-8", "surrogateescape").split("\0"))


class Store:
    """The records of one project, in an SQLite database."""

    def __init__(self, path: Path, code: str) -> None:
        self.path = path
        self.code = code.encode()
        self._db: sqlite3.Connection | None = None
        self._reads: dict[int, ReadList] = {}
        self._read_ids: dict[int, tuple[ReadList, int]] = {}
        self.usable = True
        """False once the database could not be opened or written: the build goes on without it."""

    # ---- the connection -----------------------------------------------------------------------

    def db(self) -> sqlite3.Connection | None:
        """The open database (opened, and emptied when another sitegen made it, on first use; a file
        that is not a database is replaced)."""
        if self._db is None and self.usable:
            try:
                self._db = self._connect()
            except sqlite3.DatabaseError as exc:
                log.debug("store: %s is damaged (%s): starting a new one", self.path, exc)
                try:
                    for path in self.path.parent.glob(f"{self.path.name}*"):
                        path.unlink()
                    self._db = self._connect()
                except (OSError, sqlite3.Error) as again:
                    log.debug("store: cannot use %s: %s", self.path, again)
            except OSError as exc:
                log.debug("store: cannot use %s: %s", self.path, exc)
            if self._db is None:
                self.usable = False
            else:
                _open.append(self)
        return self._db

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            if self._meta(db, "made by") != FORMAT + b" " + self.code:
                self._empty(db)
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
            with contextlib.suppress(ValueError):
                _open.remove(self)

    def _empty(self, db: sqlite3.Connection) -> None:
        """Start the database afresh, in this format (its tables made again: a format may change them)."""
        db.execute("BEGIN IMMEDIATE")
        for table in ("records", "reads", "meta"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in filter(str.strip, SCHEMA.split(";")):
            db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('made by', ?)", (FORMAT + b" " + self.code,))
        db.execute("COMMIT")

    @staticmethod
    def _meta(db: sqlite3.Connection, name: str) -> bytes | None:
        row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return bytes(row[0]) if row is not None else None

    def meta(self, name: str) -> bytes | None:
        """A value of the meta table (None when there is none)."""
        db = self.db()
        try:
            return self._meta(db, name) if db is not None else None
        except sqlite3.Error as exc:
            log.debug("store: %s", exc)
            return None

    # ---- reading ------------------------------------------------------------------------------

    def record(self, key: Key) -> Record | None:
        """The record of key, its value not yet read (None when there is none)."""
        db = self.db()
        if db is None:
            return None
        try:
            row = db.execute("SELECT args, reads, fingerprint, parts FROM records WHERE key = ?",
                             (encode(key),)).fetchone()
            return self._record(db, row) if row is not None else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, ValueError) as exc:
            log.debug("store: ignoring the record of %s: %s", key, exc)
            return None

    def records(self, kind: str) -> dict[Key, Record]:
        """Every record of a kind, their values not yet read."""
        db = self.db()
        if db is None:
            return {}
        low = encode((kind, ""))
        high = low[:-1] + b"\x01"
        try:
            rows = db.execute("SELECT key, args, reads, fingerprint, parts FROM records WHERE key >= ? AND key < ?",
                              (low, high)).fetchall()
            return {decode(row[0]): self._record(db, row[1:]) for row in rows}
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, ValueError) as exc:
            log.debug("store: ignoring the records of %s: %s", kind, exc)
            return {}

    def keys(self, kind: str) -> set[Key]:
        db = self.db()
        if db is None:
            return set()
        low = encode((kind, ""))
        try:
            rows = db.execute("SELECT key FROM records WHERE key >= ? AND key < ?", (low, low[:-1] + b"\x01"))
            return {decode(row[0]) for row in rows}
        except sqlite3.Error:
            return set()

    def _record(self, db: sqlite3.Connection, row: tuple[Any, ...]) -> Record:
        args, reads_id, fingerprint, parts = row
        reads = self._reads.get(reads_id)
        if reads is None:
            data = db.execute("SELECT data FROM reads WHERE id = ?", (reads_id,)).fetchone()
            reads = pickle.loads(data[0]) if data is not None else ((("missing",), b""),)  # never holds
            self._reads[reads_id] = reads
            self._read_ids[id(reads)] = (reads, reads_id)
        return Record(bytes(args), reads, UNLOADED, bytes(fingerprint) if fingerprint is not None else None,
                      bytes(parts) if parts is not None else None)

    def value(self, key: Key, shared: Mapping[object, object]) -> Any:
        """A record's value (UNLOADED when it cannot be read: the value is made again)."""
        db = self.db()
        if db is None:
            return UNLOADED
        try:
            row = db.execute("SELECT value FROM records WHERE key = ?", (encode(key),)).fetchone()
            if row is None or row[0] is None:
                return UNLOADED
            return _loads(row[0], shared)
        except Exception as exc:  # a damaged or foreign value is a miss, never an error
            log.debug("store: ignoring the value of %s: %s", key, exc)
            return UNLOADED

    # ---- writing ------------------------------------------------------------------------------

    def save(self, graph: Graph, meta: Mapping[str, bytes]) -> bool:
        """Write the records of stored kinds made or dropped since the last save, and these meta
        values, in one transaction. False when it failed (the store is then emptied but for the
        parses: the next build makes every file again)."""
        db = self.db()
        if db is None:
            return False
        try:
            db.execute("BEGIN IMMEDIATE")
            rows, gone = [], []
            for key in graph.changed:
                if key[0] not in graph.stored:
                    continue
                record = graph.records.get(key)
                if record is None:
                    gone.append((encode(key),))
                    continue
                value = None if record.value is None or record.value is UNLOADED else _dumps(record.value, graph, key)
                fingerprint = record.fingerprint
                rows.append((encode(key), record.args, self._reads_id(db, record.reads), fingerprint,
                             graph.parts_fingerprints(key, record), value))
            db.executemany("DELETE FROM records WHERE key = ?", gone)
            db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?)", rows)
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))
            db.execute("COMMIT")
        except (sqlite3.Error, pickle.PicklingError, OSError) as exc:
            log.warning("build state: cannot save in %s (%s); the next build starts afresh", self.path, exc)
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            self.discard(keep=("seed",))
            return False
        graph.saved()
        return True

    def _reads_id(self, db: sqlite3.Connection, reads: ReadList) -> int:
        found = self._read_ids.get(id(reads))
        if found is not None and found[0] is reads:
            return found[1]
        data = pickle.dumps(reads, protocol=pickle.HIGHEST_PROTOCOL)
        key = digest(data)
        row = db.execute("SELECT id FROM reads WHERE digest = ?", (key,)).fetchone()
        if row is None:
            row = (db.execute("INSERT INTO reads (digest, data) VALUES (?, ?)", (key, data)).lastrowid,)
        self._read_ids[id(reads)] = (reads, row[0])
        self._reads[row[0]] = reads
        return int(row[0])

    def set_meta(self, name: str, value: bytes) -> None:
        """Write one meta value at once (the state of a build under way)."""
        db = self.db()
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))
        except sqlite3.Error as exc:
            log.debug("store: cannot write %s: %s", name, exc)

    def discard(self, keep: Iterable[str] = ()) -> None:
        """Forget every record but those of the kinds in keep, and every meta value."""
        db = self.db()
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            kinds = [encode((kind, "")) for kind in keep]
            rows = db.execute("SELECT key FROM records").fetchall()
            doomed = [(row[0],) for row in rows if not any(bytes(row[0]).startswith(k) for k in kinds)]
            db.executemany("DELETE FROM records WHERE key = ?", doomed)
            db.execute("DELETE FROM meta WHERE name != 'made by'")
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            log.debug("store: cannot discard: %s", exc)
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")


class _Pickler(pickle.Pickler):
    """Pickles objects other values share (`Graph.share`) as their tag."""

    def __init__(self, file: io.BytesIO, graph: Graph, key: Key) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.graph = graph
        self.key = key

    def reducer_override(self, obj: Any) -> Any:
        tag = self.graph.tag_of(obj, self.key)
        return (_shared, (tag,)) if tag is not None else NotImplemented


_loading: list[Mapping[object, object]] = []
"""The shared objects of the graph a value is being read for."""


def _shared(tag: object) -> object:
    """An object other values share, by its tag (read back from a stored value)."""
    return _loading[-1][tag]


def _loads(data: bytes, shared: Mapping[object, object]) -> Any:
    _loading.append(shared)
    try:
        return pickle.loads(data)
    finally:
        _loading.pop()


def _dumps(value: Any, graph: Graph, key: Key) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, graph, key).dump(value)
    return buffer.getvalue()


def _close_all() -> None:
    for store in list(_open):
        store.close()


os.register_at_fork(before=_close_all)
