"""RelatedIndex: a fresh index and one updated through any run of edits both give exactly what the
plain definition gives (count shared keywords — within reach — and groups over every story, sort,
drop reprints)."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.site.related import RelatedIndex, Traits

Stories = list[tuple[str, Traits]]


def related_by_definition(stories: Stories, count: int, reach: int) -> dict[str, tuple[str, ...]]:
    """Rank every other story by (-shared keywords, -shared groups, place), a keyword shared only
    when the two are at most `reach` apart among the stories carrying it; keep the first count*3;
    drop those whose title was seen (its own first); keep count."""
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
        candidates = sorted((r[0], r[1], place[o], o) for o, r in ranks.items() if r != [0, 0])
        seen, kept = {mine.title}, []
        for *_, other in candidates[: count * 3]:
            if traits[other].title not in seen:
                seen.add(traits[other].title)
                kept.append(other)
        result[key] = tuple(kept[:count])
    return result


WORDS = st.frozensets(st.sampled_from("甲乙丙丁戊己庚辛"), max_size=4)
GROUPS = st.tuples(st.sampled_from(["section:a", "section:b", "section:c"]),
                   st.sampled_from(["issue:1", "issue:2", "issue:3", "issue:4"])).map(frozenset)
TRAITS = st.builds(Traits, title=st.sampled_from(["t1", "t2", "t3", "t4", "t5", "t6"]), keywords=WORDS, groups=GROUPS)


@st.composite
def editions(draw: st.DrawFn) -> list[Stories]:
    """A list of stories, then the same list after each of a few edits."""
    stories = [(f"k{n}", t) for n, t in enumerate(draw(st.lists(TRAITS, min_size=1, max_size=30)))]
    runs = [stories]
    for step in range(draw(st.integers(1, 6))):
        stories = list(stories)
        n = draw(st.integers(0, len(stories) - 1))
        edit = draw(st.sampled_from(["traits", "title", "remove", "add", "move"]))
        if edit == "traits":
            stories[n] = (stories[n][0], draw(TRAITS))
        elif edit == "title":
            key, old = stories[n]
            stories[n] = (key, Traits(draw(TRAITS).title, old.keywords, old.groups))
        elif edit == "remove" and len(stories) > 1:
            del stories[n]
        elif edit == "add":
            stories.insert(n, (f"new{step}", draw(TRAITS)))
        elif edit == "move":
            stories.insert(draw(st.integers(0, len(stories) - 1)), stories.pop(n))
        runs.append(stories)
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
