"""RelatedIndex: a fresh index and one updated through any run of edits both give exactly what the
plain definition gives (count shared keywords — within reach — and groups over every story, then
days apart, then place; sort, drop reprints)."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.site.related import RelatedIndex, Traits

Stories = list[tuple[str, Traits]]


def related_by_definition(stories: Stories, count: int, reach: int) -> dict[str, tuple[str, ...]]:
    """Rank every other story by (-shared keywords, -shared groups, days apart, place), a keyword
    shared only when the two are at most `reach` apart among the stories carrying it; keep the first
    count*3; drop those whose title was seen (its own first); keep count."""
    place = {key: n for n, (key, _) in enumerate(stories)}
    traits = dict(stories)
    carrying = defaultdict(list)
    for key, t in stories:
        for word in t.keywords:
            carrying[word].append(key)
    result = {}
    for key, mine in stories:
        ranks = defaultdict(lambda: [0, 0])
        for other, theirs in stories:
            if other != key:
                ranks[other][0] -= sum(1 for w in mine.keywords & theirs.keywords
                                       if abs(carrying[w].index(key) - carrying[w].index(other)) <= reach)
                ranks[other][1] -= len(mine.groups & theirs.groups)
        candidates = sorted((r[0], r[1], abs(mine.when - traits[o].when), place[o], o)
                            for o, r in ranks.items() if r != [0, 0])
        seen, kept = {mine.title}, []
        for *_, other in candidates[: count * 3]:
            if traits[other].title not in seen:
                seen.add(traits[other].title)
                kept.append(other)
        result[key] = tuple(kept[:count])
    return result


WORDS = st.frozensets(st.sampled_from("甲乙丙丁戊己庚辛"), max_size=4)
GROUPS = st.tuples(st.sampled_from(["section:a", "section:b", "section:c"]),
                   st.sampled_from(["issue:1", "issue:2", "issue:3", "issue:4"])).map(frozenset) | \
    st.sampled_from(["issue:1", "issue:2"]).map(lambda g: frozenset({g}))
TRAITS = st.builds(Traits, title=st.sampled_from(["t1", "t2", "t3", "t4", "t5", "t6"]), keywords=WORDS, groups=GROUPS,
                   when=st.integers(0, 5))


def in_site_order(stories: Stories) -> Stories:
    """Newest first, as the catalog lists them (a stable sort: stories of one day keep their order)."""
    return sorted(stories, key=lambda story: -story[1].when)


@st.composite
def editions(draw: st.DrawFn) -> list[Stories]:
    """A list of stories, then the same list after each of a few edits."""
    stories = in_site_order([(f"k{n}", t) for n, t in enumerate(draw(st.lists(TRAITS, min_size=1, max_size=30)))])
    runs = [stories]
    for step in range(draw(st.integers(1, 6))):
        stories = list(stories)
        n = draw(st.integers(0, len(stories) - 1))
        edit = draw(st.sampled_from(["traits", "title", "remove", "add", "move"]))
        if edit == "traits":
            stories[n] = (stories[n][0], draw(TRAITS))
        elif edit == "title":
            key, old = stories[n]
            stories[n] = (key, Traits(draw(TRAITS).title, old.keywords, old.groups, old.when))
        elif edit == "remove" and len(stories) > 1:
            del stories[n]
        elif edit == "add":
            stories.insert(n, (f"new{step}", draw(TRAITS)))
        elif edit == "move":
            stories.insert(draw(st.integers(0, len(stories) - 1)), stories.pop(n))
        runs.append(in_site_order(stories))
    return runs


@settings(max_examples=300, deadline=None)
@given(editions(), st.integers(0, 4), st.integers(0, 3) | st.just(100))
def test_updated_index_equals_the_definition(runs: list[Stories], count: int, reach: int) -> None:
    index = RelatedIndex(count, reach)
    for stories in runs:
        index.update(stories)
        assert {key: index.related(key) for key, _ in stories} == related_by_definition(stories, count, reach)
        fresh = RelatedIndex(count, reach)
        fresh.update(stories)
        assert fresh.picks == {key: index.picks[key] for key, _ in stories}


def test_update_names_every_story_whose_related_list_changed() -> None:
    stories = [(f"k{n}", Traits(f"t{n}", frozenset({"甲"} if n % 2 else {"乙"}), frozenset({"section:a"})))
               for n in range(200)]
    index = RelatedIndex(4)
    assert index.update(stories) == {key for key, _ in stories}
    before = {key: index.related(key) for key, _ in stories}
    edited = list(stories)
    edited[151] = ("k151", Traits("新标题", stories[151][1].keywords, stories[151][1].groups))
    changed = index.update(edited)
    after = {key: index.related(key) for key, _ in edited}
    assert {key for key in after if after[key] != before[key]} <= changed
    assert "k151" in changed and len(changed) < 20, "only the story and those that picked it"


def archive(days: int, per_day: int = 25) -> Stories:
    """An archive newest first: each story two of twenty keywords, in one of four sections."""
    stories = []
    for day in range(days, 0, -1):
        for n in range(per_day):
            k = day * per_day + n
            stories.append((f"d{day}-{n}", Traits(f"t{k}", frozenset({f"w{k % 20}", f"w{k * 7 % 19}"}),
                                                  frozenset({f"issue:{day}", f"section:{k % 4}"}), day)))
    return stories


def day_on_top(stories: Stories) -> Stories:
    """A new issue of 25 stories the day after the newest, each one keyword and a section."""
    day = stories[0][1].when + 1
    return [(f"new-{n}", Traits(f"new{n}", frozenset({f"w{n % 20}"}), frozenset({"issue:new", f"section:{n % 4}"}),
                                day)) for n in range(25)]


def test_a_day_added_on_top_gives_the_definition() -> None:
    stories = archive(12)
    index = RelatedIndex(4)
    index.update(stories)
    stories = day_on_top(stories) + stories
    index.update(stories)
    assert {key: index.related(key) for key, _ in stories} == related_by_definition(stories, 4, index.reach)


def test_a_day_added_on_top_ranks_again_what_it_reaches_whatever_the_archive() -> None:
    ranked = []
    for days in (80, 320):
        stories = archive(days)
        index = RelatedIndex(4)
        index.update(stories)
        before = {key: index.related(key) for key, _ in stories}
        new = day_on_top(stories)
        stories = new + stories
        changed = index.update(stories)
        after = {key: index.related(key) for key, _ in stories}
        fresh = RelatedIndex(4)
        fresh.update(stories)
        assert after == {key: fresh.related(key) for key, _ in stories}, "the oracle: a fresh index"
        assert {key for key, _ in new} | {key for key in before if after[key] != before[key]} <= changed
        ranked.append(len(changed))
    assert ranked[1] <= ranked[0] * 1.1 and ranked[0] < 600, f"{ranked} of {len(stories)} ranked again"


def test_a_story_with_few_keywords_is_related_to_its_own_time() -> None:
    stories = archive(40)
    lonely = ("lonely", Traits("孤", frozenset(), frozenset({"issue:20", "section:0"}), 20))
    stories.insert(next(n for n, (key, _) in enumerate(stories) if key == "d20-0"), lonely)
    index = RelatedIndex(4)
    index.update(stories)
    days = [index.traits[key].when for key in index.related("lonely")]
    assert days == [20, 20, 20, 20], "its issue first"
    index = RelatedIndex(20)
    index.update(stories)
    days = [index.traits[key].when for key in index.related("lonely")]
    assert max(abs(d - 20) for d in days) <= 3, days
