"""Related articles: for each story, the others sharing most keywords, then most groups (its section
and its issue), then the nearest in time, then the first in site order — computed once, then kept
up to date after a change.

Two stories share a keyword for this ranking when each is among the other's `reach` nearest
stories (in site order) carrying it: a keyword carried by thousands of stories (an archive's 发展)
relates a story to its neighbours in time, not to every one of them. Among stories sharing as many
keywords and groups, the nearest in time (days between their issues) come first: an article of
2015 is related to the news around it, not to today's. Ranking one story therefore looks at a
bounded number of candidates whatever the size of the archive, and walks outward from the story in
time, only as far as it needs: the stories sharing two keywords or more, then those sharing one,
nearest first, then those sharing only a group (members of its smaller groups, its issue, and the
nearest members of its largest, its section). After a change only the stories it can reach are
ranked again: every changed story, every story that had a changed one among its picks, every story
whose keyword neighbours it was or is, and every story a changed one would now get into (those
sharing a keyword with it, the members of its smaller groups and its nearest neighbours in its
largest). A fresh index and an updated one give the same answer for the same stories
(tests/test_related.py checks both against the plain definition).
"""

from __future__ import annotations

import bisect
import heapq
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from .. import progress
from ..parallel import fork_map

log = logging.getLogger(__name__)

Rank = tuple[int, int, int, int]
"""(-shared keywords, -shared groups, days apart, place in site order): the smaller, the more related."""
UNRANKED: Rank = (1, 1, 0, 0)
"""Worse than any candidate: the cut-off of a story with fewer picks than it may have."""
PER_PROCESS = 1000
"""Fewest stories worth a forked process of their own when many are ranked (`parallel.fork_map`)."""
RANK_ALL = 0.05
"""Above this share of changed stories, every story is ranked again (cheaper than finding which)."""
REACH = 100
"""Stories on each side, among those carrying a keyword, that share it for the ranking."""
WALK = 8
"""Stories a walk outward looks at for each one it needs, before it looks at all instead."""
UNDATED = -(10**9)
"""`when` of an undated story: far from every dated one."""


@dataclass(slots=True, frozen=True)
class Traits:
    """What relates a story to others."""

    title: str
    keywords: frozenset[str]
    groups: frozenset[str]
    """Labels of the groups the story is in (`section:要闻`, `issue:2024/09/20/`)."""
    when: int = 0
    """The day of its issue (a date's ordinal; UNDATED without one). Site order is newest first, so
    `when` never grows along it."""


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
        """Group label → its stories, in site order."""
        self._member_places: dict[str, list[int]] = {}
        self._member_sets: dict[str, set[str]] = {}

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
            self._member_places = {label: [self.order[k] for k in keys] for label, keys in self._members.items()}
            self._member_sets = {label: set(keys) for label, keys in self._members.items()}
        if few:
            neighbours |= self._neighbours(moved & self.traits.keys(), self.traits, self.order)
        ranked = self._to_rank(moved, neighbours & self.traits.keys())
        keys = sorted(ranked, key=self.order.__getitem__)
        with progress.task("related", len(keys)) as advance:
            picks = fork_map(self._rank, keys, jobs, least=PER_PROCESS, done=lambda _: advance(1))
        for key, picked in zip(keys, picks, strict=True):
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

    # ---- what an update ranks again ------------------------------------------------------------

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
        """The stories (outside skip) that key would now get into: those it is a candidate of, with
        a rank better than their last pick's. A story key shares only its largest group with ranks
        it below the members of that group nearer to it in time, so only its nearest members there
        can take it: as many on each side as a story picks (and those of its own day)."""
        traits = self.traits[key]
        shared = self._shared(key)
        others = set(shared)
        groups = self._groups_by_size(key)
        if groups:
            others.update(o for label in groups[:-1] for o in self._members[label])
            others.update(self._nearest(key, groups[-1], self.depth + 1))
        others.discard(key)
        joined = set()
        for other in others - skip:
            if self.depth == 0:
                break
            picks = self.picks.get(other, ())
            cut = self._rank_of(picks[-1], other) if len(picks) == self.depth else UNRANKED
            theirs = self.traits[other]
            rank = (-shared.get(other, 0), -len(traits.groups & theirs.groups), abs(traits.when - theirs.when),
                    self.order[key])
            if rank[:2] != (0, 0) and rank < cut:
                joined.add(other)
        return joined

    def _nearest(self, key: str, label: str, count: int) -> Iterator[str]:
        """The members of a group of key that it may rank among the first `count` of, sharing only that
        group: `count` newer ones (every member between such a one and key ranks before key), and
        past key's own day `count` older ones (one of key's day ranks after key: same days apart,
        later in site order)."""
        members, places, traits = self._members[label], self._member_places[label], self.traits
        at = bisect.bisect_left(places, self.order[key])
        yield from members[max(0, at - count):at]
        n = at + (at < len(members) and members[at] == key)
        while n < len(members) and traits[members[n]].when == traits[key].when:
            yield members[n]
            n += 1
        yield from members[n:n + count]

    def _rank_of(self, key: str, of: str) -> Rank:
        mine, theirs = self.traits[of], self.traits[key]
        near = sum(1 for label in mine.keywords & theirs.keywords
                   if abs(self._place(label, key) - self._place(label, of)) <= self.reach)
        return -near, -len(mine.groups & theirs.groups), abs(mine.when - theirs.when), self.order[key]

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

    def _neighbours(self, keys: set[str], traits: Mapping[str, Traits], order: Mapping[str, int]) -> set[str]:
        """The stories whose keyword neighbours change with these (added or removed) ones, by the index
        as it stands: two stories within reach of each other among those carrying a keyword drift out
        of (or into) reach when one is put (or taken) between them, so the unchanged stories within
        reach (and one more) on both sides of each, when there are such on both sides. A day added on
        top of the archive has none below it but older ones: nothing drifts."""
        found: set[str] = set()
        for key in keys:
            for label in traits[key].keywords:
                places = self._places.get(label)
                if places is None:
                    continue
                carriers = self._having[label]
                at = bisect.bisect_left(places, order[key])
                before = [o for o in carriers[max(0, at - self.reach - 1):at] if o not in keys]
                after = [o for o in carriers[at:at + self.reach + 2] if o not in keys]
                if before and after:
                    found.update(before)
                    found.update(after)
        return found

    # ---- ranking one story -----------------------------------------------------------------------

    def _groups_by_size(self, key: str) -> list[str]:
        """Key's groups, the smallest first (its issue before its section)."""
        return sorted(self.traits[key].groups, key=lambda g: (len(self._members[g]), g))

    def _rank(self, key: str) -> tuple[str, ...]:
        """The best `depth` candidates of one story: those sharing most keywords first, looked at one
        count of shared keywords at a time until there are enough; among those sharing one keyword
        (the many), walking outward in time only as far as needed; then those sharing only groups."""
        if self.depth == 0:
            return ()
        traits, order, mine = self.traits, self.order, self.traits[key]
        shared = self._shared(key)
        groups = self._groups_by_size(key)
        small = {o for label in groups[:-1] for o in self._members[label]} if groups else set()
        largest = self._member_sets[groups[-1]] if groups else set()

        def rank(other: str) -> tuple[int, int, int, str]:
            theirs = traits[other]
            return -len(mine.groups & theirs.groups), abs(mine.when - theirs.when), order[other], other

        picks: list[str] = []
        several: dict[int, list[str]] = defaultdict(list)
        for other, count in shared.items():
            if count > 1:
                several[count].append(other)
        for count in sorted(several, reverse=True):
            picks += [r[-1] for r in heapq.nsmallest(self.depth - len(picks), map(rank, several[count]))]
            if len(picks) >= self.depth:
                return tuple(picks[: self.depth])
        need = self.depth - len(picks)
        ones = [rank(o) for o in small if shared.get(o) == 1]
        ones += self._walk(key, shared, small, largest, need)
        picks += [r[-1] for r in heapq.nsmallest(need, ones)]
        if len(picks) < self.depth:
            picks += islice(self._by_group(key, groups, small, shared), self.depth - len(picks))
        return tuple(picks[: self.depth])

    def _walk(self, key: str, shared: Counter[str], small: set[str], largest: set[str], need: int
              ) -> list[tuple[int, int, int, str]]:
        """Of the stories sharing one keyword with key and none of its smaller groups, the `need`
        best in its largest group and the `need` best outside it, nearest in time first: the keyword
        windows walked outward from key together, as far as needed."""
        sides = []
        for label in self.traits[key].keywords:
            carriers = self._having[label]
            at = self._place(label, key)
            sides += _sides(carriers, at, max(0, at - self.reach), min(len(carriers), at + self.reach + 1),
                            self.traits, self.order, self.traits[key].when)
        inside: list[tuple[int, int, int, str]] = []
        outside: list[tuple[int, int, int, str]] = []
        for step, (days, place, other) in enumerate(heapq.merge(*sides)):
            if step == WALK * need:  # few of these are in its largest group: look at them all instead
                return self._filter(key, shared, small, largest, need)
            if shared[other] != 1 or other in small:
                continue
            if other in largest:
                inside.append((-1, days, place, other))
                if len(inside) >= need:
                    break
            elif len(outside) < need:
                outside.append((0, days, place, other))
                if not largest and len(outside) >= need:
                    break
        return inside + outside

    def _filter(self, key: str, shared: Counter[str], small: set[str], largest: set[str], need: int
                ) -> list[tuple[int, int, int, str]]:
        """What `_walk` finds, from all the stories sharing one keyword at once."""
        traits, order, when = self.traits, self.order, self.traits[key].when
        rest = [o for o, count in shared.items() if count == 1 and o not in small]
        inside = [o for o in rest if o in largest]
        found = [(-1, abs(when - traits[o].when), order[o], o) for o in inside]
        if len(inside) < need:
            found += [(0, abs(when - traits[o].when), order[o], o) for o in rest if o not in largest]
        return heapq.nsmallest(need, found)

    def _by_group(self, key: str, groups: list[str], small: set[str], skip: Iterable[str]) -> Iterator[str]:
        """Stories sharing only groups with key, best first: the members of its smaller groups ranked
        as any candidate, then those of its largest group alone, nearest in time first, walked
        outward from key as far as needed."""
        if not groups:
            return
        mine, order = self.traits[key], self.order
        scored = [(-len(mine.groups & self.traits[o].groups), abs(mine.when - self.traits[o].when), order[o], o)
                  for o in small if o != key and o not in skip]
        scored.sort()
        nearest = ((-1, abs(mine.when - self.traits[o].when), order[o], o)
                   for o in self._outward(key, groups[-1]) if o not in small and o not in skip)
        for *_, other in heapq.merge(scored, nearest):
            yield other

    def _outward(self, key: str, label: str) -> Iterator[str]:
        """The members of a group of key, nearest to it in time first (then first in site order)."""
        members = self._members[label]
        at = bisect.bisect_left(self._member_places[label], self.order[key])
        sides = _sides(members, at, 0, len(members), self.traits, self.order, self.traits[key].when)
        for _, _, other in heapq.merge(*sides):
            yield other

    def _set_picks(self, key: str, picks: tuple[str, ...]) -> None:
        for other in self.picks.get(key, ()):
            self.picked_by[other].discard(key)
        for other in picks:
            self.picked_by[other].add(key)
        self.picks[key] = picks


def _sides(stories: list[str], at: int, low: int, high: int, traits: Mapping[str, Traits], order: Mapping[str, int],
           when: int) -> list[Iterator[tuple[int, int, str]]]:
    """The stories of stories[low:high] (in site order, so `when` never grows along it) on each side of
    the one at `at` (the story ranked, left out), each side as (days apart, place, key) in increasing
    order: the newer side a day at a time, each day's stories first in site order first."""

    def newer() -> Iterator[tuple[int, int, str]]:
        n = at - 1
        while n >= low:
            day = traits[stories[n]].when
            first = n
            while first - 1 >= low and traits[stories[first - 1]].when == day:
                first -= 1
            for m in range(first, n + 1):
                yield day - when, order[stories[m]], stories[m]
            n = first - 1

    def older() -> Iterator[tuple[int, int, str]]:
        for m in range(at + 1, high):
            yield when - traits[stories[m]].when, order[stories[m]], stories[m]

    return [newer(), older()]


def _index(labelled: Iterable[tuple[str, frozenset[str]]]) -> dict[str, list[str]]:
    """Every label → the keys carrying it, in the order given."""
    index: dict[str, list[str]] = defaultdict(list)
    for key, labels in labelled:
        for label in labels:
            index[label].append(key)
    return index


def changed_stories(old: Mapping[str, Traits], old_order: Mapping[str, int], new: Mapping[str, Traits],
                    new_order: Mapping[str, int]) -> tuple[set[str], set[str]]:
    """Stories that moved (added, removed, other keywords, groups or day, another place among the
    others), and stories with only another title: the one changes picks, the other only what is shown."""
    moved = set(old.keys() ^ new.keys())
    retitled: set[str] = set()
    for key in new.keys() & old.keys():
        if new[key] is not old[key] and new[key] != old[key]:
            same_ranks = new[key].keywords == old[key].keywords and new[key].groups == old[key].groups \
                and new[key].when == old[key].when
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
