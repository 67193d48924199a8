"""The parser's character classes, held to their plain definitions over every character they can see."""

from __future__ import annotations

import re
import sys

from sitegen.parse.reader import CONTROL
from sitegen.parse.units import squeeze


def test_squeeze_removes_exactly_what_re_s_matches() -> None:
    """`squeeze` uses `str.split()`; it must drop the very characters `re.sub(r"\\s+", "", …)` drops."""
    every = "a".join(chr(c) for c in range(sys.maxunicode + 1))
    assert squeeze(every) == re.sub(r"\s+", "", every)
    assert len(squeeze(every)) < len(every)


def test_control_characters_are_those_below_32_but_tab_newline_vertical_tab_and_form_feed() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1))
    assert CONTROL.findall(every) == [c for c in every if ord(c) < 32 and c not in "\n\t\f\v"]
