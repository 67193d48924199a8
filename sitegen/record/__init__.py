"""The dependency recorder: what a value is made from is whatever its maker read while making it.

Every read that can change what sitegen makes goes through this package and is noted in the frame
of the value being made (a stack of frames on a `contextvars.ContextVar`, as salsa's tracked
functions and Bazel's Skyframe record their reads): a file's bytes, whether a path is a file, a
folder's listing, a config key, a setting of the process. A value kept between updates is kept
with its reads (`graph.Graph`), and the next update asks whether those reads still give what they
gave, never a list of what the value might depend on written beside the code.

    reads.py        reading files and folders: each read is noted with its fingerprint
    inputs.py       the kinds of input, in one place: how a noted read is checked again later
    fingerprint.py  fingerprints of values (a digest of their pickled bytes)
    graph.py        values kept with their reads, checked and made again (early cutoff)
    store.py        the graph on disk: an SQLite database read by key
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Key = tuple[str, ...]
"""What was read: its kind first (`file`, `is`, `listing`, `config`, `setting`, or a provided kind
such as `catalog`), then what names it (a path, a config key)."""
Reads = dict[Key, bytes]
"""What a maker read, each with the fingerprint it had."""


class Frame:
    """The reads of one value being made."""

    __slots__ = ("reads", "replayed")

    def __init__(self) -> None:
        self.reads: Reads = {}
        self.replayed: dict[int, object] = {}
        """The tuples of reads replayed into this frame, by id (each is replayed once; held, so that
        an id is not reused while the frame lives)."""


_frame: ContextVar[Frame | None] = ContextVar("sitegen_frame", default=None)


def note(key: Key, fingerprint: bytes) -> None:
    """Note a read in the frame of the value being made (nothing when none is)."""
    frame = _frame.get()
    if frame is not None and key not in frame.reads:
        frame.reads[key] = fingerprint


def replay(reads: Iterable[tuple[Key, bytes]]) -> None:
    """A value kept from earlier is used: what it read is read by its user too."""
    frame = _frame.get()
    if frame is None:
        return
    if isinstance(reads, tuple):  # kept reads are tuples, often shared: each is replayed once
        if id(reads) in frame.replayed:
            return
        frame.replayed[id(reads)] = reads
    found = frame.reads
    for key, fingerprint in reads:
        if key not in found:
            found[key] = fingerprint


@contextmanager
def recording() -> Iterator[Frame]:
    """Note every read made in the body into a new frame (the reads of the one value it makes)."""
    frame = Frame()
    token = _frame.set(frame)
    try:
        yield frame
    finally:
        _frame.reset(token)


def active() -> bool:
    """Whether a value is being made (reads are noted)."""
    return _frame.get() is not None
