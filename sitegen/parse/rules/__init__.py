"""The hand-written rules of earlier rounds, kept as features of the line labeller.

`segment.py` and `body.py` are the rule parser as it stood before the learned model (cut headline
groups by their openers, rejoin column breaks by `continuation.rule_join`, lift out captions, drop
repeats …). Their verdict on each line (`roles`) is one of the features the labeller reads: on
the corpus it adds little to what the model learns, but on papers and layouts the corpus does not
hold (the seed's 中国经济导报, the 2017 issue) it carries the print conventions the rules were
written for — the unit errors on the 2017 issue fall from 32 to 8 with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..units import Unit, is_page_marker
from .body import build_body
from .segment import Draft, Segmenter

NO_WARNINGS = frozenset[str]()


def roles(units: Sequence[Unit]) -> list[str]:
    """What the rules make of each unit: `page`, `label`, `kicker`, `title`, `subtitle`, `byline`,
    `byline+`, `para`, `join`, `resume`, `heading`, `caption`, `credit`, `dup`."""
    found = ["para"] * len(units)
    at = {unit.line: k for k, unit in enumerate(units)}
    for k, unit in enumerate(units):
        if is_page_marker(unit.text):
            found[k] = "page"
    drafts = Segmenter(list(units), "-").run()
    for n, draft in enumerate(drafts):
        end = drafts[n + 1].line if n + 1 < len(drafts) else None
        _head_roles(draft, units, at, end, found)
        _body_roles(draft, at, found)
    return found


def _head_roles(draft: Draft, units: Sequence[Unit], at: dict[int, int], end: int | None,
                found: list[str]) -> None:
    body_lines = {u.line for u in draft.body}
    k = at.get(draft.line)
    if k is None:
        return
    previous = ""
    while k < len(units) and (end is None or units[k].line < end) and units[k].line not in body_lines:
        text = units[k].text
        if found[k] == "page":
            break
        if draft.section and text.replace(" ", "") == draft.section and previous == "":
            role = "label"
        elif draft.kicker is not None and text == draft.kicker and previous in ("", "label"):
            role = "kicker"
        elif text == draft.title and previous in ("", "label", "kicker"):
            role = "title"
        elif text.startswith(("——", "—", "--")) and previous == "title":
            role = "subtitle"
        else:
            role = "byline+" if previous in ("byline", "byline+") else "byline"
        found[k] = previous = role
        k += 1
    if draft.body and draft.body[0].line in at and draft.dateline == "本报讯":
        found[at[draft.body[0].line]] = "byline"


def _body_roles(draft: Draft, at: dict[int, int], found: list[str]) -> None:
    body = build_body(draft.body, draft.wire, lambda *_args, **_kwargs: None)
    blocks = {b.line: b for b in body.blocks}
    last, current, read, credit = "start", "", 0, ""
    for unit in draft.body:
        index = at.get(unit.line)
        if index is None or found[index] == "byline":
            last = "para"
            continue
        block = blocks.get(unit.line)
        if block is not None and block.kind == "figure":
            role, credit = "caption", block.credit or ""
        elif last == "caption" and credit and unit.text == credit:
            role = "credit"
        elif block is not None:
            role, current, read = ("heading" if block.kind == "heading" else "para"), block.text, len(unit.text)
        elif current.startswith(unit.text, read):
            role = "resume" if last in ("caption", "credit") else "join"
            read += len(unit.text)
        else:
            role = "dup"
        found[index] = last = role
