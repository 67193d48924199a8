"""Values kept with what their makers read, made again only when a read gives something else.

A kept value is a `Record`: the fingerprint of the arguments it was made from, what its maker read
(every read noted in its frame, `record/__init__.py`) and the value. `Graph.call(key, make, *args)`
gives the kept value when the arguments have the same fingerprint and every read still gives what
it gave; otherwise it makes the value again, recording what it reads. Either way the reads are
replayed into the caller's frame: what the caller makes depends on them too. A value made again
that comes out equal has the same fingerprint, so what was made from it is not made again (early
cutoff, as salsa's backdating and Shake's verifying traces).

The graph is kept in memory between the updates of `sitegen serve`, and on disk between the
processes of `sitegen build` (`store.py`), each record read by its key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import Key, Reads, recording, replay
from .fingerprint import by_reference, fingerprint, is_by_reference, known
from .inputs import World, check, is_input
from .reads import seen

log = logging.getLogger(__name__)

ReadList = tuple[tuple[Key, bytes], ...]
UNKNOWN = b"?"
"""What a read of a kind nobody provides in this update gives: never what was recorded."""


class _Unloaded:
    """The value of a record is in the store, not yet read."""


UNLOADED: Any = _Unloaded()


@dataclass(slots=True)
class Record:
    """A value, what it was made from, and its fingerprint (None until asked for)."""

    args: bytes
    reads: ReadList
    value: Any = UNLOADED
    fingerprint: bytes | None = None
    parts: bytes | None = None
    """The fingerprints of the by-reference objects inside the value (`Graph.parts_of`), 16 bytes each,
    handed to `known` when the value is read from the store."""


class Lazy:
    """A kept value read from the store only when asked for (`value`); a value holding it (the
    arguments of another record) is fingerprinted by the record's fingerprint, what it was made from."""

    __slots__ = ("graph", "key", "record", "make", "args")

    def __init__(self, graph: Graph, key: Key, record: Record, make: Callable[..., Any], args: tuple[Any, ...]
                 ) -> None:
        self.graph, self.key, self.record = graph, key, record
        self.make, self.args = make, args

    def __fingerprint__(self) -> bytes:
        assert self.record.fingerprint is not None
        return self.record.fingerprint

    @property
    def value(self) -> Any:
        """The value (read from the store the first time; made again from its arguments when the store
        cannot give it back: damaged, or holding objects this build does not share, as in a project
        copied elsewhere). What making it reads is what the record says it read: its reads held."""
        found = self.graph.value(self.key, self.record)
        if found is UNLOADED:
            with recording():
                found = self.make(*self.args)
            self.record = Record(self.record.args, self.record.reads, found, self.record.fingerprint)
            known(found, self.record.fingerprint)  # type: ignore[arg-type]
            self.graph.keep(self.key, self.record)
        return found


by_reference(Lazy)


class Graph:
    """Every kept value of one project, by key."""

    def __init__(self, store: Any = None, stored: Iterable[str] = ()) -> None:
        self.store = store
        """Where records are kept between processes (`store.Store`), or None."""
        self.stored = frozenset(stored) if store is not None else frozenset()
        """The kinds of record read from the store and saved into it (the others live in memory)."""
        self.records: dict[Key, Record] = {}
        self.world = World(None)
        self.changed: set[Key] = set()
        """Records made (or dropped) since the last save."""
        self.used: set[Key] = set()
        """Records asked for in this update."""
        self.made_now: set[Key] = set()
        """Records made in this update."""
        self._now: dict[Key, bytes] = {}
        self._holds: dict[int, tuple[ReadList, bool]] = {}
        self._providers: dict[str, Callable[[Key], bytes]] = {}
        self._interned: dict[ReadList, ReadList] = {}
        self._dropped: set[Key] = set()
        """Keys dropped since the last save, whatever the store still says."""
        self.parts_of: dict[str, Callable[[Any], Iterable[object]]] = {}
        """By kind of record: the by-reference objects inside its values, whose fingerprints are kept
        with them (a finished issue entry's stories and pages: what the site's files are made of)."""
        self._shared: dict[object, object] = {}
        self._share_tags: dict[int, tuple[object, object, Key]] = {}

    # ---- one update ---------------------------------------------------------------------------

    def begin(self, config: Any, settings: dict[str, bytes] | None = None) -> None:
        """Start an update: inputs are checked afresh (against this config and these settings of the
        build), providers set afresh."""
        self.world = World(config, settings)
        self._now, self._holds, self._providers = {}, {}, {}
        self.used, self.made_now = set(), set()

    def provide(self, kind: str, fingerprint_of: Callable[[Key], bytes]) -> None:
        """Reads of this kind (not an input: a value of this update, such as the catalog) give what
        fingerprint_of says."""
        self._providers[kind] = fingerprint_of
        self._holds = {}

    def forget_inputs(self, paths: Iterable[str]) -> None:
        """These files changed (a watcher said so): read them again, whatever their stat says."""
        for path in paths:
            for kind in ("file", "listing"):
                seen.pop((kind, path), None)

    def now(self, key: Key) -> bytes:
        """What a read gives now."""
        found = self._now.get(key)
        if found is None:
            provider = self._providers.get(key[0])
            if provider is not None:
                found = provider(key)
            elif is_input(key):
                found = check(key, self.world, seen.get(key))
            else:
                found = UNKNOWN
            self._now[key] = found
        return found

    def holds(self, reads: ReadList) -> bool:
        """Every read gives what it gave."""
        found = self._holds.get(id(reads))
        if found is not None and found[0] is reads:
            return found[1]
        now = self.now
        result = all(now(key) == was for key, was in reads)
        self._holds[id(reads)] = (reads, result)
        return result

    def changed_inputs(self, reads: ReadList) -> list[Key]:
        """The inputs among reads that give something else now."""
        return [key for key, was in reads if self.now(key) != was]

    # ---- kept values --------------------------------------------------------------------------

    def call(self, key: Key, make: Callable[..., Any], *args: Any) -> Any:
        """make(*args), kept under key: the kept value when its arguments and reads are unchanged.

        A value of a class fingerprinted by reference (an issue's entry) is fingerprinted by what it
        was made from (its key, arguments and reads), not by its bytes: the same inputs, the same
        value. Only a value equal to the last one though made from other inputs then looks changed
        (the values made from it are compared by their own bytes)."""
        value = self.kept(key, args)
        if value is not UNLOADED:
            return value
        with recording() as frame:
            value = make(*args)
        args_fingerprint, reads = fingerprint(args), self.intern(frame.reads)
        made = None
        if is_by_reference(value):
            made = fingerprint((key, args_fingerprint, reads))
            known(value, made)
        self.keep(key, Record(args_fingerprint, reads, value, made))
        replay(frame.reads.items())
        return value

    def lazy(self, key: Key, make: Callable[..., Any], *args: Any) -> Lazy:
        """make(*args) kept under key, as `call`, but its value read from the store only when asked
        for: what is made from it is checked by its fingerprint, what it was made from."""
        args_fingerprint = fingerprint(args)
        record = self.fresh(key, args_fingerprint)
        if record is not None and record.fingerprint is not None:
            replay(record.reads)
            return Lazy(self, key, record, make, args)
        with recording() as frame:
            value = make(*args)
        reads = self.intern(frame.reads)
        record = Record(args_fingerprint, reads, value, fingerprint((key, args_fingerprint, reads)))
        known(value, record.fingerprint)  # type: ignore[arg-type]
        self.keep(key, record)
        replay(frame.reads.items())
        return Lazy(self, key, record, make, args)

    def kept(self, key: Key, args: tuple[Any, ...]) -> Any:
        """The value kept under key when it was made from these arguments and what it read is
        unchanged (its reads are then replayed); UNLOADED when there is none."""
        record = self.fresh(key, fingerprint(args))
        if record is None:
            return UNLOADED
        value = self.value(key, record)
        if value is not UNLOADED:
            replay(record.reads)
        return value

    def made(self, key: Key, args: tuple[Any, ...], value: Any, reads: Iterable[tuple[Key, bytes]] = ()) -> None:
        """Keep a value made elsewhere (in a forked process) from these arguments, having read reads."""
        self.keep(key, Record(fingerprint(args), self.intern(reads), value))

    def last(self, key: Key) -> Any:
        """The value last kept under key, whatever it was made from (None when there is none): a
        value that keeps itself up to date (a cache keyed by all it depends on, an index updated in
        place)."""
        record = self.record(key)
        if record is None:
            return None
        value = self.value(key, record)
        return None if value is UNLOADED else value

    def put(self, key: Key, value: Any) -> None:
        """Keep a value that keeps itself up to date (`last`)."""
        self.keep(key, Record(b"", (), value))

    def fresh(self, key: Key, args: bytes) -> Record | None:
        """The record of key when it was made from these arguments and what it read is unchanged."""
        record = self.record(key)
        if record is None or record.args != args or not self.holds(record.reads):
            return None
        return record

    def record(self, key: Key) -> Record | None:
        """The record of key, whether it holds or not (read from the store when not in memory)."""
        self.used.add(key)
        record = self.records.get(key)
        if record is None and key[0] in self.stored and key not in self._dropped:
            record = self.store.record(key)
            if record is not None:
                self.records[key] = record
        return record

    def preload(self, kind: str) -> None:
        """Read every stored record of a kind at once (cheaper than one by one)."""
        if kind in self.stored:
            for key, record in self.store.records(kind).items():
                if key not in self._dropped:
                    self.records.setdefault(key, record)

    def keys(self, kind: str) -> set[Key]:
        """The keys of every record of a kind."""
        found = {key for key in self.records if key[0] == kind}
        if kind in self.stored:
            found |= {key for key in self.store.keys(kind) if key not in self._dropped}
        return found

    def value(self, key: Key, record: Record) -> Any:
        """A record's value, read from the store when it is not in memory (UNLOADED when it cannot be);
        the fingerprints kept with it handed in."""
        if record.value is UNLOADED and key[0] in self.stored:
            record.value = self.store.value(key, self._shared)
            parts_of = self.parts_of.get(key[0])
            if record.value is not UNLOADED and record.parts and parts_of is not None:
                parts = record.parts
                for n, part in enumerate(parts_of(record.value)):
                    known(part, parts[16 * n:16 * n + 16])
        if record.value is not UNLOADED and record.fingerprint is not None:
            known(record.value, record.fingerprint)
        return record.value

    def parts_fingerprints(self, key: Key, record: Record) -> bytes | None:
        """The fingerprints of the by-reference objects inside a record's value, to keep with it."""
        parts_of = self.parts_of.get(key[0])
        if parts_of is None or record.value is UNLOADED or record.value is None:
            return record.parts
        return b"".join(fingerprint(part) for part in parts_of(record.value))

    def keep(self, key: Key, record: Record) -> None:
        """Keep a record made in this update."""
        self._dropped.discard(key)
        self.records[key] = record
        self.changed.add(key)
        self.used.add(key)
        self.made_now.add(key)

    def intern(self, reads: Reads | Iterable[tuple[Key, bytes]]) -> ReadList:
        """The reads as a tuple, one object for equal tuples (records share their checks, and the
        store keeps each list once)."""
        items = tuple(reads.items()) if isinstance(reads, dict) else tuple(reads)
        return self._interned.setdefault(items, items)

    def drop(self, key: Key) -> None:
        """Forget a record."""
        self.records.pop(key, None)
        self._dropped.add(key)
        self.changed.add(key)

    def sweep(self, kind: str) -> None:
        """Forget the records of a kind not asked for in this update."""
        for key in self.keys(kind) - self.used:
            self.drop(key)

    def saved(self) -> None:
        """What changed is in the store now."""
        self.changed, self._dropped = set(), set()

    # ---- objects that values share ------------------------------------------------------------

    def share(self, obj: object, tag: object, owner: Key) -> None:
        """A kept value holding obj is stored with the tag in its place, but for the value of the
        record that owns it (an article is stored once, with its parse, however many values hold it)."""
        self._shared[tag] = obj
        self._share_tags[id(obj)] = (obj, tag, owner)

    def tag_of(self, obj: object, saving: Key) -> object | None:
        """The tag obj is stored as in the value of the record `saving` (None: stored as it is)."""
        found = self._share_tags.get(id(obj))
        return found[1] if found is not None and found[0] is obj and found[2] != saving else None
