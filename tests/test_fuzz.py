"""The parser over arbitrary text and bytes (hypothesis): it returns an issue or raises a ParseError
naming the file, never anything else, within a time bound per input; what it returns holds no
character a page, feed or JSON file cannot carry; and its time grows linearly with the input."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.errors import ParseError
from sitegen.intake import NOT_TEXT
from sitegen.model import Issue
from sitegen.parse import parse_text
from sitegen.parse.meta import IssueMeta
from sitegen.parse.reader import decode_seed

META = IssueMeta("x", "x", None)
PER_INPUT = 5.0
"""Seconds any one input (up to a few thousand characters) may take: far above the milliseconds it
needs, far below what a backtracking regular expression takes."""

PRINT = ["第01版", "第02版：要闻", "□ 本报记者 田新元", "本报讯 记者罗勉报道", "——副题", "要闻速递", "　　",
         "开展循环经济合作 营造有利“大气候”", "新华社北京4月21日电 （记者 王明）", "新华社记者 连振 摄", "█", "■小贴士",
         "。", "，", "（", "）", "\n", "\n\n", "\f", "\r\n", "\t", " "]
"""Pieces of print structure, so that random text reaches the parser's rules, not only its first line."""
texts = st.lists(st.one_of(st.sampled_from(PRINT), st.text(max_size=30)), max_size=120).map("".join)
FUZZ = settings(max_examples=150, deadline=timedelta(seconds=PER_INPUT * 2),
                suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def parse_in_time(text: str) -> Issue | None:
    """parse_text within PER_INPUT seconds: the issue, or None for a ParseError naming the source."""
    start = time.perf_counter()
    try:
        issue: Issue | None = parse_text(text, "seeds/x.txt", META)
    except ParseError as exc:
        assert str(exc).startswith("seeds/x.txt"), exc
        issue = None
    assert time.perf_counter() - start < PER_INPUT
    return issue


def check(issue: Issue | None) -> None:
    if issue is None:
        return
    for article in issue.articles:
        texts = (article.title, article.kicker, article.subtitle, article.byline, *[b.text for b in article.blocks])
        for text in texts:
            assert text is None or not NOT_TEXT.search(text), repr(text)
    assert all(w.source == "seeds/x.txt" and w.line >= 1 for w in issue.warnings)


@FUZZ
@given(texts)
def test_any_text_parses_or_is_a_parse_error(text: str) -> None:
    check(parse_in_time(text))


@FUZZ
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=400))
def test_any_characters_parse_or_are_a_parse_error(text: str) -> None:
    check(parse_in_time(text))


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_decode_and_parse_or_are_a_parse_error(data: bytes) -> None:
    try:
        text = decode_seed(data, "seeds/x.txt")
    except ParseError as exc:
        assert str(exc).startswith("seeds/x.txt: ")
        return
    check(parse_in_time(text))


LONG = [
    "经" * 2000,
    "a" * 2000,
    "　" * 2000 + "正文",
    "——" * 1000,
    "□ 本报记者 田新元\n" * 200,
    "第01版\n\n" * 300,
    "开展循环经济合作\n\n" * 300,
    "（" * 1000 + "）" * 1000,
    "新华社北京4月21日电 （记者" * 100,
    "\n" * 3000 + "正文。",
]


@pytest.mark.parametrize("unit", LONG, ids=range(len(LONG)))
def test_time_grows_linearly(unit: str) -> None:
    """Eight times the input takes at most about eight times as long (a generous 24 times, plus noise)."""
    def seconds(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            parse_in_time(text)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(unit), seconds(unit * 8)
    assert large < 24 * small + 0.5, f"{small:.3f} s → {large:.3f} s"
