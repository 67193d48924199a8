"""Progress of long work: on a terminal, a bar for each step of a build with its counts and the time
left (rich); in CI (the `CI` variable set), when stderr is not a terminal, and with `-q`: nothing.

The steps say how much they have to do and what they did (`task`), whoever watches; only the
command shows it (`shown`), so a library call or a test never draws on anyone's terminal. Work done
in forked processes is counted by the parent as each piece comes back (`parallel.fork_map`).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_display: Any = None
"""The rich Progress being shown, or None."""


def in_ci() -> bool:
    """Running in CI: the `CI` variable set to anything but empty, 0 or false (as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def terminal() -> bool:
    """Someone watches: stderr is a terminal and this is not CI."""
    return sys.stderr.isatty() and not in_ci()


@contextmanager
def shown(enabled: bool = True) -> Iterator[None]:
    """Draw the bars of the tasks that run in the body on stderr (when enabled and on a terminal);
    log lines print above them meanwhile."""
    global _display
    if not enabled or not terminal() or _display is not None:
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("left"), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    with progress:
        handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)
                    and getattr(h, "stream", None) in (sys.__stderr__, progress.console.file)]
        before = [h.setStream(sys.stderr) for h in handlers]  # rich's stderr while it draws
        _display = progress
        try:
            yield
        finally:
            _display = None
            for handler, stream in zip(handlers, before, strict=True):
                handler.setStream(stream)


def _nothing(count: int = 1) -> None:
    pass


@contextmanager
def task(name: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar for `total` pieces of work named name, while the body does them; the body calls what
    it is given with the number of pieces done (1 by default). No bar when nothing is shown."""
    display = _display
    if display is None or total <= 0:
        yield _nothing
        return
    bar = display.add_task(name, total=total)

    def advance(count: int = 1) -> None:
        display.advance(bar, count)

    try:
        yield advance
    finally:
        display.remove_task(bar)
