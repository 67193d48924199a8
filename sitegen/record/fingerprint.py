"""Fingerprints of values: a digest of their pickled bytes.

Two values with one fingerprint are equal; two equal values nearly always have one fingerprint
(pickle writes sets in hash order, which differs between processes: a value holding a set may look
changed when it is not, which costs work, never a wrong page). Objects that are not plain data (a
renderer, a tokenizer) say what they are with `__fingerprint__()`. Instances of the classes given to
`by_reference` (an article, a story) are fingerprinted once each and stand as their fingerprint in
the bytes of a value holding them, so a value made of many of them costs little more than its own
fields; a fingerprint computed in another process is handed in with `known`.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
import threading
from typing import Any

_known: dict[int, tuple[object, bytes]] = {}
"""Fingerprints by object id, the object held so that its id is not reused."""
_by_ref: set[type] = set()
_own: dict[type, Any] = {}
"""`__fingerprint__` of each class met (None: it has none)."""
PLAIN = (str, bytes, int, float, bool, type(None))


def by_reference(*classes: type) -> None:
    """Fingerprint instances of these classes one by one, and a value holding them by their fingerprints."""
    _by_ref.update(classes)


def _ref(fingerprint: bytes) -> bytes:
    """What a value already fingerprinted is pickled as, in the bytes of one holding it."""
    return fingerprint


class _Pickler(pickle.Pickler):
    top: object = None

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls is type:
            return NotImplemented
        if cls in _by_ref and obj is not self.top:
            return _ref, (fingerprint(obj),)
        method = _own.get(cls, _own)
        if method is _own:
            method = _own[cls] = getattr(cls, "__fingerprint__", None)
        if method is not None:
            return _ref, (method(obj),)
        return NotImplemented


_local = threading.local()


def fingerprint(value: Any) -> bytes:
    """The value's fingerprint (16 bytes)."""
    found = _known.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    picklers = _picklers()
    depth = _local.depth
    if depth == len(picklers):
        buffer = io.BytesIO()
        pickler = _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo: equal values give equal bytes, however their parts are shared
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
        digest = hashlib.blake2b(data, digest_size=16).digest()
    if type(value) not in PLAIN:
        _known[id(value)] = (value, digest)
    return digest


def _picklers() -> list[tuple[io.BytesIO, _Pickler]]:
    """This thread's picklers, one per depth of fingerprints computed within others (made once:
    making one costs as much as pickling a small value)."""
    found = getattr(_local, "picklers", None)
    if found is None:
        found = _local.picklers = []
        _local.depth = 0
    return found  # type: ignore[no-any-return]


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
