"""How doubtful each kind of guess is: the order in which an editor should check the warnings.

Values come from `benchmarks/parse_warnings.py` over the 2026 corpus: the share of each kind of
warning that stands near a real mistake, rounded. A warning below `SHOWN` is a note: the guess is
nearly always right (a sentence rejoined after a comma, a caption lifted out, an exact repeat
dropped); it stays in the JSON for the record and is listed last."""

from __future__ import annotations

DOUBT = {
    "no-headline": 0.8,
    "headline-guess": 0.6,
    "no-body": 0.6,
    "subhead-guess": 0.5,
    "lone-subhead": 0.35,
    "label-guess": 0.5,
    "starts-mid-sentence": 0.25,
    "ends-mid-sentence": 0.7,
    "byline-guess": 0.35,
    "duplicate-dropped": 0.3,
    "byline-joined": 0.15,
    "column-join": 0.1,
    "caption-spliced": 0.1,
    "piece-kept": 0.1,
    "box-guess": 0.1,
    "undated": 0.05,
}
"""Doubt of each warning code when the call site has no better estimate."""
SHOWN = 0.4
"""Warnings at or above this doubt are the ones an editor is asked to check."""


def doubt_of(code: str) -> float:
    return DOUBT.get(code, 0.5)
