"""`sitegen train`: learn from an edition's own corrections where its layout fools the join rule.

Each pair of a text dump `seeds/x.txt` and its corrected issue file `seeds/x.md` is a lesson: every
two neighbouring lines of the dump either run on into one block of the corrected issue (a sentence
cut by a column break) or end one block and start the next. The rule's answer
(`continuation.rule_join`) is compared with the correction, reason by reason; a CRF (python-crfsuite)
learns the pairs. Which of the rule's answers the model may overrule is decided by parsing: an
overrule is kept only when it makes the parse of held-out corrected issues agree better with their
corrections (a model confident on a pair can still break what the rules around it rely on, such
as a lone subhead). See `parse/learned.py` for how the parser uses it. The model is written to
`.sitegen/` in the project, deterministically: the same pairs give the same bytes.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ParseError, SitegenError
from ..model import Issue
from ..parse import learned
from ..parse.continuation import rule_join
from ..parse.issuefile.read import read_issue_file
from ..parse.learned import APART, FACTS_NAME, JOIN, MODEL_DIR, MODEL_NAME, overrule_key, pair_features
from ..parse.reader import read_seed
from ..parse.units import split_units, squeeze

MIN_MATCHED = 0.3
"""Least share of a dump's line pairs found in its issue file: below it the .md is not its correction."""
MIN_JOINED = 4
"""Shortest joined text (characters) looked up in the corrected issue: shorter ones match anywhere."""
TRAINER_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": False}
MIN_GAIN = 0.01
"""Least gain in agreement (F1 of paragraphs plus F1 of subheads, over both folds) an overrule must
bring: smaller gains are noise (on the 2026 corpus an overrule gaining 0.006 on the training issues
lost 4 points of subheads on the others)."""
GAP = "\x00"
log = logging.getLogger(__name__)


class TrainError(SitegenError):
    """Nothing to learn from, or a pair that is no lesson."""


@dataclass(slots=True)
class Lessons:
    """Labelled line pairs of one or more issues."""

    items: list[tuple[list[str], str]] = field(default_factory=list)
    rule_right: Counter[str] = field(default_factory=Counter)
    rule_seen: Counter[str] = field(default_factory=Counter)
    rule_joins: set[str] = field(default_factory=set)
    """Reasons the rule gives for a join (the others are for lines apart)."""
    issues: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Trained:
    """What `train` did."""

    model: Path
    issues: int
    pairs: int
    overrules: tuple[str, ...]
    seconds: float


def corrected_pairs(seeds: Path) -> list[tuple[Path, Path]]:
    """Every text dump in seeds with a corrected issue file beside it, by name."""
    return [(txt, txt.with_suffix(".md")) for txt in sorted(seeds.glob("*.txt")) if txt.with_suffix(".md").is_file()]


def train_project(config_path: Path | None = None) -> Trained:
    """Train on the project's corrected pairs and write the model into its `.sitegen/`."""
    from .config import load_config

    config = load_config(config_path)
    pairs = corrected_pairs(config.paths.seeds)
    if not pairs:
        raise TrainError(f"{config.paths.show(config.paths.seeds)}: no corrected issues to learn from: train needs "
                         "a text dump with its issue file beside it (seeds/x.txt and seeds/x.md; "
                         "`sitegen convert seeds/x.txt` writes one to correct)")
    return train(pairs, config.paths.project / MODEL_DIR / MODEL_NAME, show=config.paths.show)


def train(pairs: Sequence[tuple[Path, Path]], model: Path, show=str) -> Trained:  # type: ignore[no-untyped-def]
    """Learn from (text dump, corrected issue file) pairs; write the model and its facts beside it."""
    start = time.perf_counter()
    issues = []
    for txt, md in pairs:
        corrected = read_issue_file(md, show(md))
        lessons = Lessons()
        learn_pair(read_seed(txt, show(txt)), corrected, lessons, show(md))
        issues.append(Lesson(txt, corrected, lessons))
    everything = _merged(issues)
    _check_learnable(everything, model)
    model.parent.mkdir(parents=True, exist_ok=True)
    overrules = choose_overrules(issues, model.parent)
    _write_model(everything, model, overrules)
    return Trained(model, len(issues), len(everything.items), tuple(overrules), time.perf_counter() - start)


@dataclass(slots=True, frozen=True)
class Lesson:
    """One corrected issue: its dump, the correction and the labelled pairs."""

    txt: Path
    corrected: Issue
    lessons: Lessons


def _merged(issues: Sequence[Lesson]) -> Lessons:
    merged = Lessons()
    for issue in issues:
        merged.items += issue.lessons.items
        merged.rule_seen.update(issue.lessons.rule_seen)
        merged.rule_right.update(issue.lessons.rule_right)
        merged.rule_joins |= issue.lessons.rule_joins
        merged.issues += issue.lessons.issues
    return merged


def choose_overrules(issues: Sequence[Lesson], folder: Path) -> list[str]:
    """The overrules (`short-line>join`) that make the parse agree better with the corrections of
    issues the model did not learn from: the issues are cut in two folds, a model learned on each
    parses the other, once with each overrule alone, and an overrule is kept when it makes the
    paragraphs or the subheads agree better (`_agreement`) and neither worse: a model must not trade
    subheads for paragraphs."""
    folds = _folds(issues)
    gains: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(dir=folder, prefix=".fold-") as temp:
        for n, held_out in enumerate(folds):
            learners = _merged(folds[1 - n])
            if len({label for _, label in learners.items}) < 2:
                continue
            path = Path(temp) / f"fold{n}" / MODEL_NAME
            path.parent.mkdir()
            candidates = sorted({overrule_key(r, r not in learners.rule_joins) for r in learners.rule_seen})
            _write_model(learners, path, candidates)
            fold_model = learned.load(path)
            try:
                base = _agreement(held_out, None)
                for key in candidates:
                    now = _agreement(held_out, replace(fold_model, overrules=frozenset([key])))
                    gain = gains.setdefault(key, [0.0] * len(now))
                    gain[:] = [g + a - b for g, a, b in zip(gain, now, base, strict=True)]
            finally:
                learned.use_found()
    log.debug("overrule gains: %s", dict(sorted(gains.items())))
    return sorted(key for key, gain in gains.items() if min(gain) >= 0 and sum(gain) >= MIN_GAIN)


def _folds(issues: Sequence[Lesson]) -> list[list[Lesson]]:
    """Two folds of the issues, alternately; issues with the same correction (two dumps of one
    issue) always in the same fold, so that no fold is judged on text the other learned."""
    groups: dict[tuple[str, ...], list[Lesson]] = {}
    for issue in issues:
        groups.setdefault(tuple(_block_texts(issue.corrected)), []).append(issue)
    ordered = list(groups.values())
    if len(ordered) < 2:
        return [list(issues), list(issues)]
    return [[i for group in ordered[0::2] for i in group], [i for group in ordered[1::2] for i in group]]


def _agreement(issues: Sequence[Lesson], model: learned.Learned | None) -> tuple[float, float]:
    """How well the parse with this model reproduces the corrections' body blocks: the F1 of the
    paragraphs and the F1 of the subheads."""
    from .parse import parse_file

    learned.use(model)
    wanted: Counter[tuple[str, str]] = Counter()
    made: Counter[tuple[str, str]] = Counter()
    for issue in issues:
        wanted.update(_kinds(issue.corrected))
        made.update(_kinds(parse_file(issue.txt)))
    return _f1(wanted, made, "paragraph"), _f1(wanted, made, "heading")


def _f1(wanted: Counter[tuple[str, str]], made: Counter[tuple[str, str]], kind: str) -> float:
    want = Counter({k: n for k, n in wanted.items() if k[0] == kind})
    have = Counter({k: n for k, n in made.items() if k[0] == kind})
    total = sum(want.values()) + sum(have.values())
    return 2 * sum((want & have).values()) / total if total else 1.0


def _kinds(issue: Issue) -> Iterable[tuple[str, str]]:
    for article in issue.articles:
        for block in article.blocks:
            if block.kind != "figure":
                yield ("heading" if block.kind == "heading" else "paragraph", squeeze(block.text))


def learn_pair(text: str, corrected: Issue, lessons: Lessons, source: str) -> None:
    """Add the labelled line pairs of one dump, checked against its corrected issue."""
    index = GAP + GAP.join(_block_texts(corrected)) + GAP
    units = [squeeze(u.text) for u in split_units(text)]
    raw = [u.text for u in split_units(text)]
    labelled = 0
    for k in range(len(units) - 1):
        label = _label(units[k], units[k + 1], index)
        if label is None:
            continue
        labelled += 1
        joined, reason = rule_join(raw[k], raw[k + 1])
        lessons.rule_seen[reason] += 1
        if joined:
            lessons.rule_joins.add(reason)
        lessons.rule_right[reason] += joined == (label == JOIN)
        if reason not in ("sentence-end", "continuation-start"):
            lessons.items.append((pair_features(raw[k], raw[k + 1], reason), label))
    if len(units) > 1 and labelled < MIN_MATCHED * (len(units) - 1):
        raise ParseError(source, f"only {labelled} of the {len(units) - 1} line pairs of its text dump are found "
                         "in it: not a correction of that dump", line=1)
    lessons.issues.append(source)


def _block_texts(issue: Issue) -> Iterable[str]:
    """The body text of the corrected issue (paragraphs, subheads, quotes), each block squeezed: the
    join rule decides inside bodies; headlines and figures are set apart before it is asked."""
    for article in issue.articles:
        for block in article.blocks:
            if block.kind != "figure":
                yield squeeze(block.text)


def _label(a: str, b: str, index: str) -> str | None:
    """JOIN when a and b run on in one block of the corrected issue, APART when a ends one and b
    starts another, None when the correction does not say (text it dropped or rewrote)."""
    if len(a) + len(b) >= MIN_JOINED and a + b in index:
        return JOIN
    if a + GAP in index and GAP + b in index:
        return APART
    return None


def _check_learnable(lessons: Lessons, model: Path) -> None:
    if not lessons.items or len({label for _, label in lessons.items}) < 2:
        raise TrainError(f"{lessons.issues[0] if lessons.issues else model}: too few line pairs to learn from "
                         "(the corrected issues hold no line that runs on into the next, or none that stands apart)")


def _write_model(lessons: Lessons, model: Path, overrules: list[str]) -> None:
    """The CRF and its facts, each written to a temporary file and renamed into place."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for features, label in lessons.items:
        trainer.append([features], [label])
    trainer.set_params(TRAINER_PARAMS)
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=model.parent)
    os.close(fd)
    try:
        trainer.train(temp)
        os.replace(temp, model)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    facts = {
        "issues": lessons.issues,
        "pairs": len(lessons.items),
        "overrules": overrules,
        "rule_accuracy": {r: round(lessons.rule_right[r] / n, 4) for r, n in sorted(lessons.rule_seen.items())},
        "labels": [JOIN, APART],
    }
    _write_text(model.with_name(FACTS_NAME), json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _write_text(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temp, path)
