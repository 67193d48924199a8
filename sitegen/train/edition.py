"""`sitegen train`: an edition's corrected issues teach the parser where its paper differs.

Each text dump `seeds/x.txt` with its corrected issue file `seeds/x.md` is a lesson: the dump's
lines are aligned with the correction (`parse/align.py`), which says what each line is, and the
shipped model (`parse/labeller.py`) says what it took each line for. A second CRF, stacked over the
shipped one, learns from the pairs where this paper's layout makes the shipped model wrong (it
reads the shipped model's label, how sure it was, and the line's shape). Whether it does better is
measured on corrections it did not learn from: the issues are cut in two folds, a model learned on
each labels the other, and the stacked model is written only when it agrees with the held-out
corrections better than the shipped model alone. So one corrected issue is not enough (nothing to
test on), and an issue file that still holds `sitegen convert`'s warning comments is no correction
yet. The model is written to `.sitegen/parser-model.crfsuite` (with `parser-model.json`, what it
learned from and how it did), deterministically: the same corrections give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParseError, SitegenError
from ..model import Issue
from ..parse.align import PARAGRAPH, GoldArticle, align
from ..parse.doubt import SHOWN
from ..parse.issuefile.read import read_issue_file
from ..parse.labeller import Labeller
from ..parse.learned import FACTS_NAME, MODEL_DIR, MODEL_NAME, base_digest, shipped
from ..parse.reader import read_seed
from ..parse.units import Unit, split_units

MIN_MATCHED = 0.3
"""Least share of a dump's lines found in its issue file: below it the .md is not its correction."""
MIN_ISSUES = 2
"""Corrected issues needed: one to learn from and one to test on, at least."""
PARAMS = {"c1": 0.0, "c2": 1.0, "max_iterations": 100, "feature.possible_transitions": True}
SAME = frozenset({PARAGRAPH, "heading"})
"""Labels the agreement does not tell apart: a one-line paragraph and a subhead (the scorers forgive it)."""


class TrainError(SitegenError):
    """Nothing to learn from, or a pair that is no lesson."""


@dataclass(slots=True, frozen=True)
class Trained:
    """What `train` did."""

    model: Path | None
    """The model written, or None when the shipped model did as well on the held-out corrections."""
    issues: int
    lines: int
    before: float
    """Share of held-out lines the shipped model labels as the corrections say."""
    after: float
    """The same with the edition's model stacked over it."""
    seconds: float


@dataclass(slots=True, frozen=True)
class Lesson:
    """One corrected dump: its lines, what the shipped model says of them, what the correction says."""

    txt: Path
    correction: str
    """A digest of the corrected issue: two dumps of one issue are one issue."""
    units: list[Unit]
    features: list[list[str]]
    labels: list[str | None]


def corrected_pairs(seeds: Path) -> list[tuple[Path, Path]]:
    """Every text dump in seeds with a corrected issue file beside it, by name."""
    return [(txt, txt.with_suffix(".md")) for txt in sorted(seeds.glob("*.txt")) if txt.with_suffix(".md").is_file()]


def train_project(config_path: Path | None = None) -> Trained:
    """Train on the project's corrected pairs and write the model into its `.sitegen/`."""
    from ..config import load_config

    config = load_config(config_path)
    pairs = corrected_pairs(config.paths.seeds)
    if not pairs:
        raise TrainError(f"{config.paths.show(config.paths.seeds)}: no corrected issues to learn from: train needs "
                         "a text dump with its issue file beside it (seeds/x.txt and seeds/x.md; "
                         "`sitegen convert seeds/x.txt` writes one to correct)")
    return train(pairs, config.paths.project / MODEL_DIR / MODEL_NAME, show=config.paths.show)


def train(pairs: Sequence[tuple[Path, Path]], model: Path, show=str) -> Trained:  # type: ignore[no-untyped-def]
    """Learn from (text dump, corrected issue file) pairs; write the model and its facts beside it
    when it does better than the shipped model on the corrections it did not learn from."""
    start = time.perf_counter()
    base = shipped()
    lessons = [lesson(txt, md, base, show) for txt, md in pairs]
    corrections = sorted({x.correction for x in lessons})
    if len(corrections) < MIN_ISSUES:
        first = show(pairs[0][1])
        raise TrainError(f"{first}: one corrected issue is no held-out test: train learns from some corrected issues "
                         f"and checks what it learned on others; correct at least {MIN_ISSUES} issues "
                         "(seeds/x.md beside seeds/x.txt)")
    folds = [[x for x in lessons if corrections.index(x.correction) % 2 == k] for k in range(2)]
    before = after = total = 0
    with tempfile.TemporaryDirectory(prefix="sitegen-train-") as temp:
        for k, held in enumerate(folds):
            path = Path(temp) / f"fold{k}.crfsuite"
            _train(folds[1 - k], path)
            stacked = Labeller(base.crf, base.chars, stacked=path.read_bytes(), rules=base.rules)
            for x in held:
                with_base, with_stacked = base.label(x.units).labels, stacked.label(x.units).labels
                for want, a, b in zip(x.labels, with_base, with_stacked, strict=True):
                    if want is None:
                        continue
                    total += 1
                    before += _agrees(want, a)
                    after += _agrees(want, b)
    share_before, share_after = before / max(total, 1), after / max(total, 1)
    lines = sum(len(x.units) for x in lessons)
    if after <= before:
        model.unlink(missing_ok=True)
        model.with_name(FACTS_NAME).unlink(missing_ok=True)
        return Trained(None, len(corrections), lines, share_before, share_after, time.perf_counter() - start)
    model.parent.mkdir(parents=True, exist_ok=True)
    _train(lessons, model)
    facts = {
        "issues": [show(x.txt) for x in lessons],
        "lines": lines,
        "held_out": {"lines": total, "shipped": round(share_before, 4), "stacked": round(share_after, 4)},
        "base": base_digest(base),
    }
    _write_text(model.with_name(FACTS_NAME), json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return Trained(model, len(corrections), lines, share_before, share_after, time.perf_counter() - start)


def lesson(txt: Path, md: Path, base: Labeller, show=str) -> Lesson:  # type: ignore[no-untyped-def]
    """A corrected dump, checked: the issue file holds no warning left to act on, and it is the
    correction of that dump (enough of the dump's lines are found in it)."""
    corrected = read_issue_file(md, show(md))
    pending = [w for w in corrected.warnings if w.doubt >= SHOWN]
    if pending:
        raise ParseError(show(md), f"still holds a warning of `sitegen convert` ({pending[0].code}): an issue file "
                         "is a correction once every warning is acted on and its comment deleted", line=pending[0].line)
    units = split_units(read_seed(txt, show(txt)))
    alignment = align(units, gold_of(corrected))
    if units and alignment.coverage < MIN_MATCHED:
        found = sum(label is not None for label in alignment.labels)
        raise ParseError(show(md), f"only {found} of the {len(units)} lines of its text dump are found in it: not a "
                         "correction of that dump", line=1)
    stacked = base.stacked_inputs(units)
    digest = hashlib.sha256(json.dumps([g.__repr__() for g in gold_of(corrected)]).encode()).hexdigest()
    return Lesson(txt, digest, units, stacked, alignment.labels)


def gold_of(issue: Issue) -> list[GoldArticle]:
    """What a corrected issue says each article is, as the alignment reads it."""
    return [GoldArticle(
        title=a.title, kicker=a.kicker, subtitle=a.subtitle, byline=a.byline,
        paragraphs=tuple(b.text for b in a.blocks if b.kind in ("paragraph", "quote")),
        headings=tuple(b.text for b in a.blocks if b.kind == "heading"),
        figures=tuple((b.text, b.credit or "") for b in a.blocks if b.kind == "figure"),
    ) for a in issue.articles]


def _agrees(want: str, got: str) -> bool:
    return want == got or (want in SAME and got in SAME)


def _train(lessons: Sequence[Lesson], path: Path) -> None:
    """The stacked CRF on the lessons' labelled lines (a line the correction does not place teaches
    nothing: its label is the shipped model's), through a temporary file."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for x in lessons:
        labels = [want or _base_label(f) for want, f in zip(x.labels, x.features, strict=True)]
        trainer.append(x.features, labels)
    trainer.set_params(PARAMS)
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        trainer.train(temp)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _base_label(features: list[str]) -> str:
    return next(f.split("=", 1)[1] for f in features if f.startswith("base="))


def _write_text(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temp, path)
