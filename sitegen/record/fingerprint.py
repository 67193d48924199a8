"""Fingerprints of values: a digest of their pickled bytes.

Two values with one fingerprint are equal; two equal values nearly always have one fingerprint
(pickle writes sets in hash order, which differs between processes: a value holding a set may look
changed when it is not, which costs work, never a wrong page). Instances of the classes given to
`by_reference` (an article, a story, a renderer) stand as their own fingerprint in the bytes of a
value holding them: each is fingerprinted once (and a fingerprint computed in another process is
handed in with `known`), so a value made of many of them costs little more than its own fields. A
class with a `__fingerprint__()` method says itself what its instances are made from (a renderer,
the catalog): what it returns is the fingerprint.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Any

_known: dict[int, tuple[object, bytes]] = {}
"""Fingerprints by object id, the object held so that its id is not reused."""
_dispatch: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)  # type: ignore[arg-type]
"""How the pickler of fingerprints reduces instances of the classes given to `by_reference`."""
PLAIN = (str, bytes, int, float, bool, type(None))


def by_reference(*classes: type) -> None:
    """Fingerprint instances of these classes one by one (by their `__fingerprint__()` when they have
    one), and a value holding them by their fingerprints."""
    for cls in classes:
        _dispatch[cls] = _reduce


def _ref(fingerprint: bytes) -> bytes:
    """What a value already fingerprinted is pickled as, in the bytes of one holding it."""
    return fingerprint


class _Pickler(pickle.Pickler):
    top: object = None


_local = threading.local()


def _reduce(obj: Any) -> Any:
    """A by-reference object in the bytes of another: its fingerprint; the object being fingerprinted
    itself: its fields."""
    if obj is _local.picklers[_local.depth - 1][1].top:
        return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    return _ref, (fingerprint(obj),)


def fingerprint(value: Any) -> bytes:
    """The value's fingerprint (16 bytes)."""
    found = _known.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    own = getattr(type(value), "__fingerprint__", None)
    digest = own(value) if own is not None else _digest(value)
    if type(value) not in PLAIN:
        _known[id(value)] = (value, digest)
    return digest


def _digest(value: Any) -> bytes:
    try:
        return _dump_digest(value)
    except ValueError as exc:
        if "cyclic" not in str(exc):
            raise
        # CPython's pickler leaks a level of its fast mode's nesting count at each frozenset: after
        # enough of them it takes any shared object for a cycle. A new pickler starts from zero.
        del _picklers()[_local.depth:]
        return _dump_digest(value)


def _dump_digest(value: Any) -> bytes:
    picklers = _picklers()
    depth = _local.depth
    if depth == len(picklers):
        buffer = io.BytesIO()
        pickler = _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo: equal values give equal bytes, however their parts are shared
        pickler.dispatch_table = _dispatch
        picklers.append((buffer, pickler))
    buffer, pickler = picklers[depth]
    buffer.seek(0)
    buffer.truncate()
    pickler.top = value
    _local.depth = depth + 1
    try:
        pickler.dump(value)
    finally:
        _local.depth = depth
        pickler.top = None
    with buffer.getbuffer() as data:
        return hashlib.blake2b(data, digest_size=16).digest()


def _picklers() -> list[tuple[io.BytesIO, _Pickler]]:
    """This thread's picklers, one per depth of fingerprints computed within others (made once:
    making one costs as much as pickling a small value)."""
    found = getattr(_local, "picklers", None)
    if found is None:
        found = _local.picklers = []
        _local.depth = 0
    return found  # type: ignore[no-any-return]


def is_by_reference(value: object) -> bool:
    """Whether the value is an instance of a class given to `by_reference`."""
    return _dispatch.get(type(value)) is _reduce


def known(value: object, digest: bytes) -> None:
    """Let the value's fingerprint be this (computed before, in this process or another)."""
    if type(value) not in PLAIN:
        _known[id(value)] = (value, digest)


def prune() -> None:
    """Forget the fingerprints of objects nothing else holds any more (at the start of an update,
    so that the table does not grow from update to update)."""
    for key, (obj, _) in list(_known.items()):
        if sys.getrefcount(obj) <= 3:  # the table's entry, this loop, and getrefcount's argument
            del _known[key]
