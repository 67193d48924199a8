"""How the search index is cut into shards: by time, so that a day added or edited is indexed again
with the few days around it, never with the archive.

Pagefind holds a whole index in memory while it builds it, and the browser merges the bundles it
is given (`assets/search.js`), so the index is made of bundles of at most `search_shard_size`
articles (Pagefind's memory is bounded by that, whatever the size of the archive), each covering a
period of the calendar:

    the latest month    hot: a bundle per week of the month (days 1–7, 8–14, 15–21, 22–28, 29–31),
                        so the daily update indexes its week again: a few hundred articles
    an older month      a bundle, cold
    an older year       one bundle for the whole year when it holds no more than search_shard_size
                        articles (a weekly paper), else a bundle per month
    undated issues      a bundle of their own

A period holding more than `search_shard_size` articles is cut, in date order, into parts of whole
issues (`2026-05-1`, `2026-05-2` …). A shard's bundle is named by its period (`pagefind-2026-06-22/`,
`pagefind-2026-05/`, `pagefind-2019/`), so a shard keeps its name while its period is the same;
when a new month begins, the weeks of the month before are indexed once more as one month, and
likewise the months of a year when a new year begins (for a year that fits a bundle).

The pages never name the bundles (a day added would change every page): the manifest
`search/shards.json` lists them, newest first, with their dates and sizes, and the search page reads
it (`manifest`): it searches the newest bundles first, up to `search_recent` articles (an archive
of a few years whole, a larger one from its recent years), and every year on request.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..site.catalog import Catalog, IssueEntry
from ..site.urls import SEARCH_BUNDLES

BUNDLE = SEARCH_BUNDLES
"""Prefix of every bundle's directory under the site root: `pagefind-2026-05/`."""
MANIFEST = "search/shards.json"
"""Site path of the list of bundles the search page reads."""
WEEK_STARTS = (1, 8, 15, 22, 29)
"""First days of the weeks of the latest month, each a bundle of its own."""


@dataclass(slots=True, frozen=True)
class Shard:
    """One Pagefind bundle and the issues whose articles it indexes."""

    bundle: str
    """Its directory under the site root, with a trailing slash: `pagefind-2026-05/`."""
    issues: tuple[str, ...]
    """Site paths of the issues it covers, newest first."""
    articles: int
    first: dt.date | None = None
    """Date of its oldest issue (None for undated issues)."""
    last: dt.date | None = None
    """Date of its newest issue."""


@dataclass(slots=True, frozen=True)
class _Issue:
    date: dt.date | None
    path: str
    articles: int


def plan_shards(catalog: Catalog, shard_size: int) -> tuple[Shard, ...]:
    """The shards of this catalog's articles, newest first (undated issues last)."""
    return plan(_issues(catalog.issues), shard_size)


def _issues(entries: Iterable[IssueEntry]) -> list[_Issue]:
    return [_Issue(e.issue.date, e.path, len(e.stories)) for e in entries if e.stories]


def plan(issues: list[_Issue], shard_size: int) -> tuple[Shard, ...]:
    """Issues (newest first; undated last) into shards by period, as the module says."""
    dated = [i for i in issues if i.date is not None]
    shards: list[Shard] = []
    if dated:
        latest = max(i.date for i in dated if i.date is not None)
        by_year: dict[int, list[_Issue]] = defaultdict(list)
        for issue in dated:
            assert issue.date is not None
            by_year[issue.date.year].append(issue)
        for year in sorted(by_year, reverse=True):
            members = by_year[year]
            if year != latest.year and sum(i.articles for i in members) <= shard_size:
                shards += _parts(str(year), members, shard_size)
            else:
                shards += _months(year, members, latest, shard_size)
    undated = [i for i in issues if i.date is None]
    if undated:
        shards += _parts("undated", undated, shard_size)
    return tuple(shards)


def _months(year: int, issues: list[_Issue], latest: dt.date, shard_size: int) -> Iterator[Shard]:
    """A year's issues by month, newest first; the latest month by week."""
    by_month: dict[int, list[_Issue]] = defaultdict(list)
    for issue in issues:
        assert issue.date is not None
        by_month[issue.date.month].append(issue)
    for month in sorted(by_month, reverse=True):
        members = by_month[month]
        if (year, month) != (latest.year, latest.month):
            yield from _parts(f"{year}-{month:02d}", members, shard_size)
            continue
        by_week: dict[int, list[_Issue]] = defaultdict(list)
        for issue in members:
            assert issue.date is not None
            by_week[max(start for start in WEEK_STARTS if start <= issue.date.day)].append(issue)
        for start in sorted(by_week, reverse=True):
            yield from _parts(f"{year}-{month:02d}-{start:02d}", by_week[start], shard_size)


def _parts(key: str, issues: list[_Issue], shard_size: int) -> list[Shard]:
    """A period's issues (newest first) as one shard, or, above shard_size articles, as parts of whole
    issues filled oldest first (a day added at the end changes only the last part), newest first."""
    oldest_first = issues[::-1]
    groups: list[list[_Issue]] = [[]]
    size = 0
    for issue in oldest_first:
        if groups[-1] and size + issue.articles > shard_size:
            groups.append([])
            size = 0
        groups[-1].append(issue)
        size += issue.articles
    named = [(key, groups[0])] if len(groups) == 1 else [(f"{key}-{n}", g) for n, g in enumerate(groups, 1)]
    return [_shard(name, group[::-1]) for name, group in reversed(named)]


def _shard(key: str, issues: list[_Issue]) -> Shard:
    dates = [i.date for i in issues if i.date is not None]
    return Shard(f"{BUNDLE}-{key}/", tuple(i.path for i in issues), sum(i.articles for i in issues),
                 min(dates) if dates else None, max(dates) if dates else None)


def manifest(shards: tuple[Shard, ...], recent: int) -> bytes:
    """`search/shards.json`, what the search page loads before anything else: how many articles it
    searches first (`search_recent`), and each bundle (its site path), the dates it covers and its
    articles, newest first."""
    entries = [{"bundle": s.bundle, "from": s.first.isoformat() if s.first else None,
                "to": s.last.isoformat() if s.last else None, "articles": s.articles} for s in shards]
    return (json.dumps({"recent": recent, "shards": entries}, ensure_ascii=False, separators=(",", ":"))
            + "\n").encode("utf-8")
