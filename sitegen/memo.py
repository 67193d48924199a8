"""Results kept by name and made again only when what they are made from changed."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Results by name, made again only when an input differs from last time (`is`, else `==`).
    A sweep forgets every result not asked for since the last sweep."""

    def __init__(self) -> None:
        self._made: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}
        self._asked: set[Hashable] = set()

    def get(self, name: Hashable, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """The result for these inputs."""
        self._asked.add(name)
        found = self._made.get(name)
        if found is not None and same(found[0], inputs):
            return found[1]  # type: ignore[no-any-return]
        result = make()
        self._made[name] = (inputs, result)
        return result

    def sweep(self) -> None:
        """Forget what was not asked for."""
        self.retain(self._asked)

    def retain(self, names: Collection[Hashable]) -> None:
        """Forget every result but these."""
        self._made = {name: made for name, made in self._made.items() if name in names}
        self._asked = set()


def same(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Equal inputs: each the same object, or equal. Tuple equality compares item by item and takes
    an item that is the same object as equal without looking inside, so unchanged parts cost nothing."""
    return old == new
