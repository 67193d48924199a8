"""Label every line of a seed with what it is in print: the learned model that carries the parse.

A linear-chain CRF (CRFsuite, through python-crfsuite) reads the units of a seed in order, each
seen through `features.unit_features`, and gives each unit one of `align.LABELS`: kicker, title,
subtitle, byline (and its continuation), paragraph start, continuation of the paragraph before
(a column break), subhead, photo caption (and its continuation), credit, repeated text, page
marker. With each label comes its marginal probability: how sure the model is, from which the
parser's doubt is made.

The model ships inside the package (`parse/model/`, made by `make train-parser` from the corpus,
see `sitegen/train.py`). An edition's own corrections can add a second model stacked over it
(`sitegen train`): it sees what the first one says of each line, with how sure it is and the line's
shape, and learns where this paper's layout makes the first one wrong.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParseError
from .align import PAGE
from .bylines import wire_dateline
from .continuation import ORDINAL, rule_join
from .features import shape, shapes_of, unit_features
from .ngram import CharModel
from .rules import roles
from .units import Unit, ends_sentence, is_headline_shaped, is_page_marker, squeeze

MODEL_DIR = Path(__file__).with_name("model")
LABELLER = "labeller.crfsuite"
CHARS = "chars.bin"
FACTS = "labeller.json"
SURE = 0.5
"""Marginal probability bucket bound for the stacked model's features."""
CONFIDENCE_BUCKETS = (0.5, 0.7, 0.9, 0.97, 0.995)


@dataclass(slots=True, frozen=True)
class Labelling:
    """The label of each unit and the model's probability for it."""

    labels: list[str]
    confidence: list[float]


class Labeller:
    """The shipped model (and an edition's model stacked over it, if any)."""

    def __init__(self, crf: bytes, chars: CharModel, source: str = "the parser model",
                 stacked: bytes | None = None, digest: str = "-",
                 calibration: Sequence[tuple[float, float]] = (), rules: bool = True) -> None:
        import pycrfsuite

        self.crf, self.stacked_crf = crf, stacked
        """The models' bytes: CRFsuite reads them in place, so they live as long as the taggers."""
        self.chars = chars
        self.digest = digest
        self.calibration = tuple(calibration)
        self.rules = rules
        """Whether the model reads the rules' verdicts (`rules.roles`) among its features."""
        """(raw doubt, share of held-out articles wrong) pairs, from the trainer (`doubt.calibrated`)."""
        """The edition model's digest (`-` for the shipped model alone)."""
        self._lock = threading.Lock()
        self.tagger = pycrfsuite.Tagger()
        self.stacked = pycrfsuite.Tagger() if stacked is not None else None
        try:
            self.tagger.open_inmemory(crf)
            if self.stacked is not None and stacked is not None:
                self.stacked.open_inmemory(stacked)
        except (OSError, ValueError) as exc:
            raise ParseError(source, f"not a trained parser model: {exc}") from None

    @classmethod
    def shipped(cls, folder: Path = MODEL_DIR, stacked: bytes | None = None) -> Labeller:
        try:
            facts = json.loads((folder / FACTS).read_text(encoding="utf-8")) if (folder / FACTS).is_file() else {}
            calibration = [tuple(pair) for pair in facts.get("calibration", [])]
            crf = (folder / LABELLER).read_bytes()
            chars = CharModel.from_bytes((folder / CHARS).read_bytes())
        except (OSError, ValueError) as exc:
            raise ParseError(str(folder), f"cannot read the parser model: {exc}") from None
        return cls(crf, chars, str(folder), stacked, calibration=calibration,
                   rules=facts.get("rules", True))

    def label(self, units: Sequence[Unit]) -> Labelling:
        """Label each unit; a page marker is always a page marker, and a line gets the likeliest
        label its print allows (`fits`)."""
        shapes = shapes_of(units)
        features = unit_features(units, shapes, self.chars, roles(units) if self.rules else None)
        with self._lock:
            tagger = self.tagger
            labels, confidence = self._tag(tagger, features)
            if self.stacked is not None:
                tagger = self.stacked
                labels, confidence = self._tag(tagger, stacked_features(units, features, labels, confidence))
            for i, unit in enumerate(units):
                if is_page_marker(unit.text):
                    labels[i], confidence[i] = PAGE, 1.0
                elif not fits(labels[i], unit.text, i, units[i - 1].text if i else ""):
                    above = units[i - 1].text if i else ""
                    ranked = sorted(((tagger.marginal(y, i), y) for y in tagger.labels()), reverse=True)
                    confidence[i], labels[i] = next((p, y) for p, y in ranked if fits(y, unit.text, i, above))
        return Labelling(labels, confidence)

    def stacked_inputs(self, units: Sequence[Unit]) -> list[list[str]]:
        """What a model stacked over this one reads of each unit (`sitegen train` learns from it)."""
        shapes = shapes_of(units)
        features = unit_features(units, shapes, self.chars, roles(units) if self.rules else None)
        with self._lock:
            labels, confidence = self._tag(self.tagger, features)
        return stacked_features(units, features, labels, confidence)

    @staticmethod
    def _tag(tagger, features: list[list[str]]) -> tuple[list[str], list[float]]:  # type: ignore[no-untyped-def]
        tagger.set(features)
        labels = list(tagger.tag())
        confidence = [tagger.marginal(label, i) for i, label in enumerate(labels)]
        return labels, confidence


MAX_BYLINE = 60
MAX_HEAD = 100


def fits(label: str, text: str, i: int, above: str = "") -> bool:
    """Whether a line printed so can have this label at all: a byline does not end a sentence or
    hold one, a headline is not a paragraph's length nor ends on a full stop, the first line of a
    seed carries on nothing and no line carries on a numbered subhead (`一、…`), a page marker is
    only a page marker's line."""
    if label in ("byline", "byline+"):
        return len(text) <= MAX_BYLINE and not ends_sentence(text) and "。" not in text
    if label in ("title", "kicker", "label"):
        return len(text) <= MAX_HEAD and not text.endswith("。") and not _no_headline(text, label)
    if label == "subtitle":
        return len(text) <= MAX_HEAD and not text.endswith("。")
    if label == "join":
        return i > 0 and not (ORDINAL.match(above) and is_headline_shaped(above) and not rule_join(above, text)[0])
    if label == "resume":
        return i > 0
    return label != PAGE


NUMBER_LINE = re.compile(r"^第[\d一二三四五六七八九十百千零〇]{1,8}号$")
"""A document's number on a line of its own (`第839号`): a label, never a headline."""


def _no_headline(text: str, label: str) -> bool:
    """A line that is never a headline: a person's name alone (a byline, a list's entry), a lead-in
    ending on a colon (`主持人：`), a document's number (`第839号`), a dateline."""
    flat = squeeze(text)
    if label == "title" and flat.endswith(("：", ":")):
        return True
    return bool(NUMBER_LINE.match(flat)) or wire_dateline(text) is not None or is_person_name_alone(flat)


def is_person_name_alone(flat: str) -> bool:
    """Two to four Han characters that jieba reads as a person's name and nothing else (高嘉然,
    王丹青; not 图片报道, 导读, 麦哨声声)."""
    if not 2 <= len(flat) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in flat):
        return False
    import rjieba

    return all(tag.startswith("nr") for _, tag in rjieba.tag(flat))


def stacked_features(units: Sequence[Unit], features: list[list[str]], labels: list[str],
                     confidence: list[float]) -> list[list[str]]:
    """What an edition's model sees: the shipped model's label and how sure it is, for the line and
    its neighbours, with the line's shape and its join features."""
    out = []
    n = len(units)
    for i in range(n):
        sure = sum(confidence[i] > b for b in CONFIDENCE_BUCKETS)
        f = [f"base={labels[i]}", f"base|sure={labels[i]}|{sure}",
             f"base-1={labels[i - 1] if i else 'start'}", f"base+1={labels[i + 1] if i + 1 < n else 'end'}",
             f"k={shape(units[i].text).kind}"]
        f += [x for x in features[i] if x.startswith(("len=", "last=", "jr1=", "lm1=", "jr|lm1=", "first="))]
        out.append(f)
    return out

