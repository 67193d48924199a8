"""Related articles: for each story, the others sharing most keywords, then most groups (its section
and its issue), then the first in site order — computed once, then kept up to date after a change.

Two stories share a keyword for this ranking when each is among the other's `reach` nearest
stories (in site order) carrying it: a keyword carried by thousands of stories (an archive's 发展)
relates a story to its neighbours in time, not to every one of them. Ranking one story therefore
looks at a bounded number of candidates, whatever the size of the archive: at most 2 × reach per
keyword, the members of its smaller groups (its issue), and the first members of its largest
group, which come in site order already. After a change only the stories it can reach are ranked
again: every changed story, every story that had a changed one among its picks, every story whose
keyword neighbours it was or is, and every story a changed one would now get into. A fresh index
and an updated one give the same answer for the same stories (tests/test_related.py checks both
against the plain definition).
"""

from __future__ import annotations

import bisect
import heapq
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from ..parallel import fork_map

log = logging.getLogger(__name__)

Rank = tuple[int, int, int]
"""(-shared keywords, -shared groups, place in site order): the smaller, the more related."""
UNRANKED: Rank = (1, 1, 0)
"""Worse than any candidate: the cut-off of a story with fewer picks than it may have."""
PER_PROCESS = 1000
"""Fewest stories worth a forked process of their own when many are ranked (`parallel.fork_map`)."""
RANK_ALL = 0.05
"""Above this share of changed stories, every story is ranked again (cheaper than finding which)."""
REACH = 100
"""Stories on each side, among those carrying a keyword, that share it for the ranking."""


@dataclass(slots=True, frozen=True)
class Traits:
    """What relates a story to others."""

    title: str
    keywords: frozenset[str]
    groups: frozenset[str]
    """Labels of the groups the story is in (`section:要闻`, `issue:2024/09/20/`)."""


class RelatedIndex:
    """Up to `count` related stories of every story, best first, no two with the same title."""

    def __init__(self, count: int, reach: int = REACH) -> None:
        self.count = count
        self.depth = count * 3
        """Candidates ranked before reprints (same title) are dropped."""
        self.reach = reach
        self.traits: dict[str, Traits] = {}
        self.order: dict[str, int] = {}
        self.picks: dict[str, tuple[str, ...]] = {}
        """The best `depth` candidates of every story."""
        self.picked_by: dict[str, set[str]] = defaultdict(set)
        self._having: dict[str, list[str]] = {}
        """Keyword → the stories carrying it, in site order."""
        self._places: dict[str, list[int]] = {}
        """Keyword → the places in site order of those stories (to find a story among them)."""
        self._members: dict[str, list[str]] = {}

    def update(self, stories: Sequence[tuple[str, Traits]], jobs: int = 1) -> set[str]:
        """Take every story (key and traits, in site order); return the keys whose `related()` may
        differ from before. Many stories to rank are ranked in `jobs` processes."""
        old_traits, old_order = self.traits, self.order
        self.traits = dict(stories)
        self.order = {key: n for n, (key, _) in enumerate(stories)}
        moved, retitled = changed_stories(old_traits, old_order, self.traits, self.order)
        few = len(moved) <= RANK_ALL * len(self.traits)
        neighbours = self._neighbours(moved & old_traits.keys(), old_traits, old_order) if few else set()
        if moved or not old_traits:
            self._having = _index((k, t.keywords) for k, t in stories)
            self._places = {label: [self.order[k] for k in keys] for label, keys in self._having.items()}
            self._members = _index((k, t.groups) for k, t in stories)
        if few:
            neighbours |= self._neighbours(moved & self.traits.keys(), self.traits, self.order)
        ranked = self._to_rank(moved, neighbours & self.traits.keys())
        keys = sorted(ranked, key=self.order.__getitem__)
        for key, picked in zip(keys, fork_map(self._rank, keys, jobs, least=PER_PROCESS), strict=True):
            self._set_picks(key, picked)
        for key in moved - self.traits.keys():
            self._set_picks(key, ())
            del self.picks[key]
            self.picked_by.pop(key, None)
        shown = {other for key in retitled for other in self.picked_by.get(key, ())}
        return ranked | ((retitled | shown) & self.traits.keys())

    def related(self, key: str) -> tuple[str, ...]:
        """Keys of the stories related to this one, best first."""
        seen = {self.traits[key].title}
        kept = []
        for other in self.picks[key]:
            title = self.traits[other].title
            if title not in seen:
                seen.add(title)
                kept.append(other)
        return tuple(kept[: self.count])

    def _to_rank(self, moved: set[str], neighbours: set[str]) -> set[str]:
        """The moved stories, their keyword neighbours (before and after), and every other one whose
        picks a moved story was among or may join."""
        if len(moved) > RANK_ALL * len(self.traits):
            return set(self.traits)
        found = {key for key in moved if key in self.traits} | neighbours
        for key in moved:
            found |= self.picked_by.get(key, set())
        found &= self.traits.keys()
        for key in moved & self.traits.keys():
            found |= self._joined(key, found)
        return found

    def _joined(self, key: str, skip: set[str]) -> set[str]:
        """The stories (outside skip, whose picks hold no moved story) that key would now get into."""
        traits = self.traits[key]
        shared = self._shared(key)
        together = Counter(other for label in traits.groups for other in self._members[label])
        place = self.order[key]
        joined = set()
        for other in shared.keys() | together.keys():
            if other == key or other in skip or self.depth == 0:
                continue
            picks = self.picks.get(other, ())
            cut = self._rank_of(picks[-1], other) if len(picks) == self.depth else UNRANKED
            if (-shared[other], -together[other], place) < cut:
                joined.add(other)
        return joined

    def _rank_of(self, key: str, of: str) -> Rank:
        mine, theirs = self.traits[of], self.traits[key]
        near = sum(1 for label in mine.keywords & theirs.keywords
                   if abs(self._place(label, key) - self._place(label, of)) <= self.reach)
        return -near, -len(mine.groups & theirs.groups), self.order[key]

    def _place(self, label: str, key: str) -> int:
        """Where key is among the stories carrying the keyword."""
        return bisect.bisect_left(self._places[label], self.order[key])

    def _shared(self, key: str) -> Counter[str]:
        """The stories sharing keywords with key (within reach), and how many keywords each shares."""
        shared: Counter[str] = Counter()
        for label in self.traits[key].keywords:
            at = self._place(label, key)
            shared.update(self._having[label][max(0, at - self.reach):at + self.reach + 1])
        shared.pop(key, None)
        return shared

    def _neighbours(self, keys: Iterable[str], traits: Mapping[str, Traits], order: Mapping[str, int]) -> set[str]:
        """The stories within reach (and one more) of these among those carrying each of their
        keywords, by the index as it stands: those whose keyword neighbours change with them."""
        found: set[str] = set()
        for key in keys:
            for label in traits[key].keywords:
                places = self._places.get(label)
                if places is None:
                    continue
                at = bisect.bisect_left(places, order[key])
                found.update(self._having[label][max(0, at - self.reach - 1):at + self.reach + 2])
        return found

    def _rank(self, key: str) -> tuple[str, ...]:
        """The best `depth` candidates of one story: those sharing most keywords first, looked at one
        count of shared keywords at a time until there are enough."""
        if self.depth == 0:
            return ()
        shared = self._shared(key)
        by_count: dict[int, list[str]] = defaultdict(list)
        for other, count in shared.items():
            by_count[count].append(other)
        traits, order, groups = self.traits, self.order, self.traits[key].groups
        picks: list[str] = []
        for count in sorted(by_count, reverse=True):
            ranked = heapq.nsmallest(self.depth - len(picks), (
                (-len(groups & traits[other].groups), order[other], other) for other in by_count[count]))
            picks += [other for _, _, other in ranked]
            if len(picks) >= self.depth:
                break
        if len(picks) < self.depth:
            picks += islice(self._by_group(key, shared.keys()), self.depth - len(picks))
        return tuple(picks[: self.depth])

    def _together(self, key: str, other: str) -> int:
        return len(self.traits[key].groups & self.traits[other].groups)

    def _by_group(self, key: str, skip: Iterable[str]) -> Iterator[str]:
        """Stories sharing only groups with key, best first. Members of its largest group that are in
        no other all rank alike but for their place, so they are taken in order, as few as needed."""
        groups = sorted(self.traits[key].groups, key=lambda g: (len(self._members[g]), g))
        if not groups:
            return
        scored = {other for label in groups[:-1] for other in self._members[label]} - set(skip) - {key}
        ranked = sorted((-self._together(key, other), self.order[other], other) for other in scored)
        largest = self._members[groups[-1]]
        rest = ((-1, self.order[o], o) for o in largest if o not in scored and o != key and o not in skip)
        for _, _, other in heapq.merge(ranked, rest):
            yield other

    def _set_picks(self, key: str, picks: tuple[str, ...]) -> None:
        for other in self.picks.get(key, ()):
            self.picked_by[other].discard(key)
        for other in picks:
            self.picked_by[other].add(key)
        self.picks[key] = picks


def _index(labelled: Iterable[tuple[str, frozenset[str]]]) -> dict[str, list[str]]:
    """Every label → the keys carrying it, in the order given."""
    index: dict[str, list[str]] = defaultdict(list)
    for key, labels in labelled:
        for label in labels:
            index[label].append(key)
    return index


def changed_stories(old: Mapping[str, Traits], old_order: Mapping[str, int], new: Mapping[str, Traits],
                    new_order: Mapping[str, int]) -> tuple[set[str], set[str]]:
    """Stories that moved (added, removed, other keywords or groups, another place among the
    others), and stories with only another title: the one changes picks, the other only what is shown."""
    moved = set(old.keys() ^ new.keys())
    retitled: set[str] = set()
    for key in new.keys() & old.keys():
        if new[key] is not old[key] and new[key] != old[key]:
            same_ranks = new[key].keywords == old[key].keywords and new[key].groups == old[key].groups
            (retitled if same_ranks else moved).add(key)
    moved |= _moved(old_order, new_order)
    return moved, retitled - moved


def _moved(old_order: Mapping[str, int], new_order: Mapping[str, int]) -> set[str]:
    """Kept stories outside a longest run that kept its order: the others are still in the same order."""
    kept = sorted((key for key in new_order if key in old_order), key=new_order.__getitem__)
    places = [old_order[key] for key in kept]
    if all(a < b for a, b in zip(places, places[1:], strict=False)):
        return set()
    return set(kept) - _longest_increasing(kept, places)


def _longest_increasing(keys: list[str], values: list[int]) -> set[str]:
    """The keys of a longest run of increasing values (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(values)
    for n, value in enumerate(values):
        i = bisect.bisect_left(tails, value)
        if i == len(tails):
            tails.append(value)
            tail_at.append(n)
        else:
            tails[i], tail_at[i] = value, n
        parent[n] = tail_at[i - 1] if i else -1
    run, n = set(), tail_at[-1] if tail_at else -1
    while n >= 0:
        run.add(keys[n])
        n = parent[n]
    return run
