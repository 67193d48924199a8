"""A progress bar for the long loops of a big build: on a terminal only, click's own bar."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from typing import TypeVar

import click

T = TypeVar("T")

MIN_ITEMS = 200
"""Fewer items than this finish too soon for a bar to help."""


def progress(items: Sequence[T], label: str) -> Iterator[T]:
    """Yield the items, drawing a bar on stderr when it is a terminal, the build logs at INFO
    level (not `-q`) and there are enough items; otherwise just yield them."""
    if len(items) < MIN_ITEMS or not sys.stderr.isatty() or not logging.getLogger("sitegen").isEnabledFor(logging.INFO):
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True, show_eta=True) as bar:
        yield from bar
