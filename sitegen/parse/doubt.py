"""How doubtful the parse is: one warning for each article the labeller was unsure of, and the doubt
of each kind of note.

The line labeller gives every line of the seed the probability of its label. An article is right
when every line of it got its label right, and the line after it too (a headline that should have
been a subhead splits a story); the chance of that is near the product of those probabilities. The
article's doubt is one minus it, mapped through the calibration the trainer measured on issues the
model had not seen (`parse/model/labeller.json`): the share of articles that needed a correction
among those as doubtful. An article at doubt 0.4 or above gets a warning, at its least sure line,
saying what that line was taken for. Notes (below 0.4) record the guesses that are nearly always
right: a sentence rejoined, a caption lifted out, an exact repeat dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DOUBT = {
    "no-headline": 0.3,
    "no-body": 0.6,
    "label-guess": 0.3,
    "duplicate-dropped": 0.1,
    "byline-joined": 0.15,
    "column-join": 0.1,
    "caption-spliced": 0.1,
    "undated": 0.05,
}
"""Doubt of each note code when the call site has no better estimate."""
SHOWN = 0.4
"""Warnings at or above this doubt are the ones an editor is asked to check."""

TAKEN_FOR = {
    "kicker": "a kicker (引题) starting a new article",
    "title": "the headline of a new article",
    "subtitle": "a subtitle",
    "byline": "a byline",
    "byline+": "the rest of a byline",
    "label": "a column label (栏目)",
    "para": "the start of a paragraph",
    "join": "the rest of the sentence above (a column break)",
    "resume": "the rest of a sentence a photo was printed into",
    "heading": "a subhead",
    "caption": "a photo caption",
    "caption+": "the rest of a photo caption",
    "credit": "a photo credit",
    "dup": "a repeat of text printed before (dropped)",
    "piece-kicker": "the kicker of a piece kept in the story",
    "piece": "the title of a piece kept in the story",
    "piece-byline": "the byline of a piece kept in the story",
    "item": "the title of an item of a box kept in the story",
}
"""What a line was taken for, by label, as a warning says it."""
CODES = {"kicker": "headline-guess", "title": "headline-guess", "subtitle": "headline-guess",
         "byline": "byline-guess", "byline+": "byline-guess", "label": "label-guess",
         "join": "join-guess", "resume": "join-guess", "para": "paragraph-guess", "heading": "subhead-guess",
         "caption": "caption-guess", "caption+": "caption-guess", "credit": "caption-guess",
         "dup": "duplicate-guess", "piece-kicker": "piece-guess", "piece": "piece-guess",
         "piece-byline": "piece-guess", "item": "piece-guess"}


def doubt_of(code: str) -> float:
    return DOUBT.get(code, 0.5)


@dataclass(slots=True, frozen=True)
class Doubt:
    """An article's doubt and the line it is least sure of."""

    raw: float
    """One minus the product of its lines' label probabilities."""
    line: int
    label: str
    confidence: float


def article_doubt(lines: Sequence[tuple[int, str, float]]) -> Doubt:
    """The doubt of an article from (line, label, probability) of its lines and of the line after it."""
    sure, weakest = 1.0, (0, "para", 1.0)
    for line in lines:
        sure *= line[2]
        if line[2] < weakest[2]:
            weakest = line
    return Doubt(1.0 - sure, weakest[0], weakest[1], weakest[2])


def calibrated(raw: float, table: Sequence[tuple[float, float]]) -> float:
    """The raw doubt mapped through the trainer's calibration (pairs of raw doubt and the share of
    held-out articles that were wrong), linearly between its points; the raw doubt without one."""
    if not table:
        return raw
    if raw <= table[0][0]:
        return table[0][1]
    for (x0, y0), (x1, y1) in zip(table, table[1:], strict=False):
        if raw <= x1:
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
    return table[-1][1]
