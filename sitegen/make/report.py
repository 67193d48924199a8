"""What a build did and how long each phase took: one report for `sitegen build` and for each update
`sitegen serve` makes, filled phase by phase."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

log = logging.getLogger("sitegen.make")
"""Phase times are the build's log lines, whichever module times them."""


@dataclass(slots=True)
class Report:
    """What a build (or one update of `sitegen serve`) made and how long each phase took."""

    issues: int = 0
    articles: int = 0
    files: int = 0
    """Files of the site."""
    made: int = 0
    """Files made (rendered, or copied) this time."""
    written: int = 0
    """Files whose bytes changed and were written."""
    removed: int = 0
    warnings: int = 0
    """Parser warnings (`sitegen parse FILE` lists them)."""
    unchanged: bool = False
    """Nothing changed since the last build: nothing was done."""
    fresh: bool = False
    """Built from scratch into a fresh directory (no usable state of the last build)."""
    complete: bool = True
    """False when newer changes cut an update short (the next update finishes the work)."""
    changed: list[str] = field(default_factory=list)
    """Files written or removed."""
    timings: dict[str, float] = field(default_factory=dict)
    level: int = logging.DEBUG
    """Level the phase times are logged at: INFO for `sitegen build`, DEBUG for serve's updates."""

    def timed(self, name: str, seconds: float) -> None:
        """Note and log how long a phase took."""
        self.timings[name] = seconds
        log.log(self.level, "%-7s %6.2fs", name, seconds)


@contextmanager
def phase(name: str, report: Report) -> Iterator[None]:
    """Time a phase into the report."""
    start = time.perf_counter()
    yield
    report.timed(name, time.perf_counter() - start)
