"""The words the parser and the slugs rely on: rjieba cuts exactly as jieba does, and parsing never
loads jieba itself.

The parser asks where words run across a column break (`continuation.py`) and slugs group pinyin by
word (`slug.py`); both cut with rjieba, jieba's Rust port, on jieba's own dictionary without HMM.
These tests hold rjieba to jieba's words on every text of that kind in the seed and the corpus.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from sitegen.parse.reader import read_seed
from sitegen.parse.units import split_units, squeeze
from sitegen.slug import person_slug, slugify, unique_slugs

ROOT = Path(__file__).parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_24bddb6c18fb181e.txt"
SEEDS = [SEED, *sorted((SHARED / "corpus").glob("*.txt"))]
WINDOW = 6
"""Characters each side of a unit break that `continuation.word_straddles` cuts."""


@cache
def jieba_tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def jieba_words(text: str) -> list[str]:
    return list(jieba_tokenizer().cut(text, HMM=False))


def texts_cut_by_the_parser(path: Path) -> list[str]:
    """Each unit, its end, and the window across each break between two units."""
    units = [squeeze(u.text) for u in split_units(read_seed(path))]
    ends = [u[-WINDOW:] for u in units]
    windows = [a[-WINDOW:] + b[:WINDOW] for a, b in pairwise(units)]
    return units + ends + windows


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_rjieba_cuts_the_parsers_texts_as_jieba_does(path: Path) -> None:
    import rjieba

    texts = texts_cut_by_the_parser(path)
    assert texts
    differ = [t for t in texts if rjieba.cut(t, False) != jieba_words(t)]
    assert differ == []


@pytest.mark.parametrize("text", [
    "", " ", "开展循环经济合作 营造有利“大气候”", "COVID-19疫情防控", "5G网络覆盖率达100%", "A股&B股",
    "３．１４亿元", "C++语言", "e.g. 测试", "中国\n人民", "«测试»", "——访全国人大代表",
])
def test_rjieba_cuts_odd_text_as_jieba_does(text: str) -> None:
    import rjieba

    assert rjieba.cut(text, False) == jieba_words(text)


def test_slugs_are_pinyin_grouped_by_word() -> None:
    assert slugify("开展循环经济合作 营造有利“大气候”") == "kaizhan-xunhuan-jingji-hezuo-yingzao"
    assert slugify("“”") == "article"
    assert person_slug("李宏伟") == "li-hongwei"
    assert person_slug("欧阳修") == "ouyang-xiu"
    assert unique_slugs(["经济", "经济", "合作"], ["甲", "乙", "丙"]) == [
        "jingji-1b85dd", "jingji-345831", "hezuo"]


def test_parsing_does_not_load_jieba() -> None:
    """jieba's dictionary takes ~0.9 s to load: a process that only parses must not pay for it."""
    code = (f"import sys; from pathlib import Path; from sitegen.parse import parse_file; "
            f"parse_file(Path({str(SEED)!r})); print(sorted(m for m in sys.modules if 'jieba' in m))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["['rjieba',", "'rjieba.rjieba']"]
