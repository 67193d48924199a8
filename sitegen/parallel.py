"""Work spread over the machine's cores by forking: the children start with everything the parent
has in memory (the parsed edition, compiled templates, jieba's dictionary), so only the items and
the results cross between processes, pickled.

`fork_map` is used where a build does many independent pieces of the same work: parsing seeds that
missed the cache, cutting articles' search words, rendering and writing pages. Results come back
in the order of the items, so a parallel build is byte-identical to a serial one. An exception in a
child is raised in the parent, as it would have been without children; a child that dies (killed,
out of memory) is a BuildError in the parent, never a build waiting for it for ever.

No child outlives its parent: every process sitegen forks asks the kernel to kill it when the
parent dies (`PR_SET_PDEATHSIG`, Linux), so a `sitegen build` killed with SIGKILL leaves no worker
behind, waiting on a pipe for ever.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from .errors import BuildError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

_work: Callable[[Any], Any] | None = None
"""The work of the children of the running fork_map (they inherit it by forking)."""
PR_SET_PDEATHSIG = 1
CHUNK = 200
"""Most items a process is sent at a time."""


def _load_prctl() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not Linux: children notice the closed pipe instead
        return None


_prctl = _load_prctl()
_parent = os.getpid()
"""The process about to fork (set before each fork)."""


def die_with(parent: int) -> None:
    """In a child just forked from parent (or a program about to be run by it): be killed when the
    parent dies, at once if it died already."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)


def _before_fork() -> None:
    global _parent
    _parent = os.getpid()


os.register_at_fork(before=_before_fork, after_in_child=lambda: die_with(_parent))


def cpu_count() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe: the platform has it and this process runs one thread (a lock another thread
    holds at the fork stays locked for ever in the child: a `sitegen serve` or a test session with a
    browser runs everything in one process)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def fork_map(work: Callable[[T], R], items: Sequence[T], jobs: int, *, least: int = 1,
             done: Callable[[T], object] | None = None) -> list[R]:
    """[work(item) for item in items], in up to `jobs` forked processes when forking is safe and each
    process gets at least `least` items. The items go to the processes pickled, in consecutive chunks
    (`chunk_size`; pass indices into a list the children have from the fork rather than large
    objects), and the results come back in the items' order, so that the work is the same as in one
    process; done(item) is called here as each item's result is back (a progress bar counts them).
    An exception raised by work is raised here; a process that dies is a BuildError."""
    global _work
    jobs = min(jobs, len(items) // max(1, least))
    if jobs <= 1 or not can_fork():
        results = []
        for item in items:
            results.append(work(item))
            if done is not None:
                done(item)
        return results
    log.debug("%d items in %d processes", len(items), jobs)
    _work = work
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            outcomes = []
            for item, outcome in zip(items, pool.map(_call, items, chunksize=chunk_size(len(items), jobs)),
                                     strict=True):
                outcomes.append(outcome)
                if done is not None:
                    done(item)
    except BrokenProcessPool:
        raise BuildError(f"a worker process died before its work was done ({jobs} processes for "
                         f"{len(items)} items; out of memory? try -j 1)") from None
    finally:
        _work = None
    results = []
    for ok, value in outcomes:
        if not ok:
            raise value
        results.append(value)
    return results


def chunk_size(count: int, jobs: int) -> int:
    """Items sent to a process at a time: few enough that the processes finish together (four
    chunks each), at most CHUNK so that a chunk's results are not held back long."""
    return max(1, min(CHUNK, -(-count // (jobs * 4))))


def _call(item: Any) -> tuple[bool, Any]:
    assert _work is not None
    try:
        return True, _work(item)
    except Exception as exc:  # raised again in the parent
        return False, exc
