"""`make train-parser`: the model shipped in the package, learned from a corpus of issues with gold.

Each text of the corpus (`NAME.txt`, `NAME-pages.txt`) is labelled line by line by aligning it with
its gold (`NAME.gold.json`, `parse/align.py`); the character model (`parse/ngram.py`) counts the
gold's text; the line labeller (`parse/labeller.py`) is a CRF trained on the labelled texts. Both
are written to a model folder (by default the package's `parse/model/`) with `labeller.json`, the
facts of the training: which texts, how much of them the alignment labelled, how many of each label.
The same corpus gives the same bytes.

    python -m sitegen.train.corpus ../shared/corpus/rmrb-2026 [--out DIR] [--exclude SUBSTRING …]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..model import Article
from ..parse import learned, parse_text
from ..parse.align import PARAGRAPH, GoldArticle, align, norm
from ..parse.doubt import article_doubt
from ..parse.features import Shape, shapes_of, unit_features
from ..parse.labeller import CHARS, LABELLER, MODEL_DIR, Labeller
from ..parse.meta import IssueMeta
from ..parse.ngram import CharModel
from ..parse.reader import clean_text, read_seed
from ..parse.rules import roles
from ..parse.segment import Line, Segmenter, doubt_lines
from ..parse.units import split_units

FACTS = "labeller.json"
FOLDS = 3
"""Folds of days the calibration is measured on, each parsed by a labeller trained on the others."""
PARAMS = {"c1": 0.0, "c2": 1.0, "max_iterations": 200, "feature.possible_transitions": True}
"""CRFsuite's L-BFGS training: L1 and L2 regularisation, and a fixed number of iterations."""
MIN_COVERAGE = 0.9
"""Least share of a text's lines the alignment must label for the text to teach anything."""


@dataclass(slots=True, frozen=True)
class Sample:
    """One corpus text and its gold."""

    text: Path
    gold: Path


@dataclass(slots=True, frozen=True)
class Labelled:
    """A text's features and labels."""

    name: str
    day: str
    """The gold file: both texts of a day stay in one fold."""
    shapes: list[Shape]
    features: list[list[str]]
    labels: list[str]
    coverage: float

    def features_with(self, context: list[list[str]]) -> list[list[str]]:
        return [f + c for f, c in zip(self.features, context, strict=True)]


def samples(folders: Iterable[Path], exclude: Sequence[str] = (), gold_dirs: Sequence[Path] = ()) -> list[Sample]:
    """Every text with a gold file beside it or in one of gold_dirs (`NAME.txt` and `NAME-pages.txt`
    share `NAME.gold.json`)."""
    found = []
    for folder in folders:
        for text in sorted(folder.glob("*.txt")):
            name = re.sub(r"(-pages)?\.txt$", "", text.name) + ".gold.json"
            gold = next((g for g in (text.with_name(name), *(d / name for d in gold_dirs)) if g.is_file()), None)
            if gold is not None and not any(x in text.name for x in exclude):
                found.append(Sample(text, gold))
    return found


def weighted(chosen: Sequence[Sample], weights: dict[str, int]) -> list[Sample]:
    """The samples, each repeated as often as the weight of the first name part it holds (default 1):
    a text of a paper the corpus holds one issue of counts as much as several of the corpus."""
    return [s for s in chosen for _ in range(next((n for k, n in weights.items() if k in s.text.name), 1))]


def gold_articles(gold: Path) -> list[GoldArticle]:
    return [GoldArticle.from_gold(item) for item in json.loads(gold.read_text(encoding="utf-8"))["articles"]]


def gold_texts(golds: Iterable[Path]) -> Iterator[str]:
    """Every block of text of the gold articles: what the character model counts."""
    for gold in golds:
        for article in gold_articles(gold):
            yield from (x for x in (article.kicker, article.title, article.subtitle, article.byline) if x)
            yield from article.paragraphs
            yield from article.headings
            for caption, credit in article.figures:
                yield from (x for x in (caption, credit) if x)


_chars: CharModel | None = None
_rules = True


def _init(chars: bytes, rules: bool = True) -> None:
    global _chars, _rules
    _chars, _rules = CharModel.from_bytes(chars), rules


def label_sample(sample: Sample) -> Labelled:
    """Align one text with its gold and compute its features."""
    units = split_units(read_seed(sample.text))
    alignment = align(units, gold_articles(sample.gold))
    labels = [label or PARAGRAPH for label in alignment.labels]
    shapes = shapes_of(units)
    features = unit_features(units, shapes, _chars, roles(units) if _rules else None)
    return Labelled(sample.text.name, sample.gold.name, shapes, features, labels, alignment.coverage)


def _train(sequences: Iterable[tuple[list[list[str]], list[str]]], path: Path, params: dict) -> None:  # type: ignore[type-arg]
    """Train a CRF on (features, labels) sequences into path, through a temporary file."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(params)
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        trainer.train(temp)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _train_job(job: tuple[list[Labelled], Path, dict]) -> None:  # type: ignore[type-arg]
    learn, path, params = job
    _train(((x.features, x.labels) for x in learn), path, params)


def train_corpus(chosen: Sequence[Sample], out: Path, jobs: int = 2, params: dict | None = None,  # type: ignore[type-arg]
                 rules: bool = True, calibrate: bool = True) -> dict:  # type: ignore[type-arg]
    """Train the character model and the labeller on these samples; write them into out.

    With `calibrate`, the days are cut in FOLDS folds and a labeller trained on the others parses
    each fold: how often an article was wrong among those as doubtful (`parse.doubt`) is the
    calibration the shipped model's doubts are read through, and the share of articles right is
    what the model does on issues it has not seen."""
    start = time.perf_counter()
    params = {**PARAMS, **(params or {})}
    chars = CharModel.build(gold_texts(sorted({s.gold for s in chosen})))
    chars_bytes = chars.to_bytes()
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(chars_bytes, rules)) as pool:
        labelled = list(pool.map(label_sample, sorted(set(chosen), key=lambda s: str(s.text))))
    by_text = {x.name: x for x in labelled}
    used = [by_text[s.text.name] for s in chosen if by_text[s.text.name].coverage >= MIN_COVERAGE]
    counts: Counter[str] = Counter(label for x in used for label in x.labels)
    out.mkdir(parents=True, exist_ok=True)
    days = sorted({x.day for x in used})
    folds = [{d for n, d in enumerate(days) if n % FOLDS == k} for k in range(FOLDS)] if calibrate else []
    work = [(used, out / LABELLER, params)]
    work += [([x for x in used if x.day not in fold], out / f".fold{k}.crfsuite", params)
             for k, fold in enumerate(folds)]
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_train_job, work))
    (out / CHARS).write_bytes(chars_bytes)
    outcomes: list[tuple[float, bool]] = []
    for k, fold in enumerate(folds):
        path = out / f".fold{k}.crfsuite"
        held = sorted({s for s in chosen if s.gold.name in fold}, key=lambda s: str(s.text))
        judge = (path.read_bytes(), chars_bytes, rules)
        with ProcessPoolExecutor(jobs, initializer=_init_judge, initargs=judge) as pool:
            outcomes += [o for found in pool.map(article_outcomes, held) for o in found]
        path.unlink()
    facts = {
        "texts": sorted(Counter(x.name for x in used).items()),
        "skipped": sorted(item.name for item in labelled if item.coverage < MIN_COVERAGE),
        "coverage": round(sum(i.coverage for i in labelled) / max(len(labelled), 1), 5),
        "labels": dict(sorted(counts.items())),
        "params": params,
        "rules": rules,
    }
    if outcomes:
        right = sum(not wrong for _, wrong in outcomes) / len(outcomes)
        facts["held_out"] = {"articles": len(outcomes), "right": round(right, 4)}
        facts["calibration"] = calibration(outcomes)
    (out / FACTS).write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    facts["seconds"] = round(time.perf_counter() - start, 1)
    return facts


BINS = 12
"""Bins of held-out articles the calibration is measured in (equal counts)."""


def calibration(outcomes: Sequence[tuple[float, bool]]) -> list[list[float]]:
    """(raw doubt, share wrong) at the middle of each bin of articles sorted by raw doubt, the shares
    made non-decreasing (pooling adjacent bins that go down)."""
    ranked = sorted(outcomes)
    size = max(1, len(ranked) // BINS)
    bins = [ranked[k: k + size] for k in range(0, len(ranked), size)]
    pools = [[sum(r for r, _ in b) / len(b), sum(w for _, w in b), len(b)] for b in bins]
    merged: list[list[float]] = []
    for pool in pools:
        merged.append(pool)
        while len(merged) > 1 and merged[-2][1] / merged[-2][2] > merged[-1][1] / merged[-1][2]:
            b, a = merged.pop(), merged.pop()
            merged.append([(a[0] * a[2] + b[0] * b[2]) / (a[2] + b[2]), a[1] + b[1], a[2] + b[2]])
    return [[round(x, 4), round(wrong / n, 4)] for x, wrong, n in merged]


_judge: Labeller | None = None


def _init_judge(crf: bytes, chars: bytes, rules: bool) -> None:
    global _judge
    _judge = Labeller(crf, CharModel.from_bytes(chars), rules=rules)


def article_outcomes(sample: Sample) -> list[tuple[float, bool]]:
    """(raw doubt, wrong) of each article of the parse of a sample, judged against its gold as the
    shared `articles_right.py` judges: the article with the gold's title, then its kicker, subtitle,
    byline, its paragraphs and subheads in order (a subhead may be a paragraph) and its figures'
    captions; an article the gold has no title for is wrong too (invented)."""
    assert _judge is not None
    text, _ = clean_text(read_seed(sample.text), str(sample.text))
    labelling = _judge.label(split_units(text))
    lines = [Line(u, lab, p) for u, lab, p in zip(split_units(text), labelling.labels, labelling.confidence,
                                                    strict=True)]
    drafts = Segmenter(lines, str(sample.text)).run()
    raws = [article_doubt(doubt_lines(d, drafts[n + 1] if n + 1 < len(drafts) else None)).raw
            for n, d in enumerate(drafts)]
    token = learned.activate(_judge)
    try:
        articles = parse_text(text, str(sample.text), IssueMeta("x", "x", None)).articles
    finally:
        learned.deactivate(token)
    gold = json.loads(sample.gold.read_text(encoding="utf-8"))["articles"]
    right = _right_articles(articles, gold)
    return [(raw, n not in right) for n, raw in enumerate(raws[: len(articles)])]


def _right_articles(articles: Sequence[Article], gold: Sequence[dict]) -> set[int]:  # type: ignore[type-arg]
    by_title: dict[str, list[int]] = {}
    for n, article in enumerate(articles):
        by_title.setdefault(norm(article.title), []).append(n)
    right = set()
    for g in gold:
        found = by_title.get(norm(g["title"])) or []
        if not found:
            continue
        n = found.pop(0)
        a = articles[n]
        heads = [norm(h if isinstance(h, str) else h["text"]) for h in g.get("headings") or []]
        paragraphs = [norm(p) for p in g.get("paragraphs") or []]
        got = [norm(b.text) for b in a.blocks if b.kind in ("paragraph", "heading")]
        figures = [b for b in a.blocks if b.kind == "figure"]
        ok = all(norm(g.get(k)) == norm(getattr(a, k)) for k in ("kicker", "subtitle", "byline"))
        ok = ok and sorted(got) == sorted(paragraphs + heads) \
            and [x for x in got if x not in heads] == [x for x in paragraphs if x not in heads]
        if "figures" in g:
            ok = ok and len(figures) == len(g["figures"]) and all(
                norm(f["caption"]) in norm(b.text) + norm(b.credit)
                for f, b in zip(g["figures"], figures, strict=False))
        if ok:
            right.add(n)
    return right


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the parser model shipped in the package from a corpus.")
    parser.add_argument("folders", nargs="+", type=Path,
                        help="folders of NAME.txt / NAME-pages.txt with NAME.gold.json")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--exclude", action="append", default=[], help="leave out texts whose name holds this")
    parser.add_argument("--gold-dir", action="append", default=[], type=Path, help="look for gold files here too")
    parser.add_argument("--weight", action="append", default=[], metavar="PART=N",
                        help="repeat texts whose name holds PART N times")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    chosen = samples(args.folders, args.exclude, args.gold_dir)
    if not chosen:
        sys.exit(f"no texts with gold in {', '.join(map(str, args.folders))}")
    weights = {part: int(n) for part, _, n in (w.partition("=") for w in args.weight)}
    facts = train_corpus(weighted(chosen, weights), args.out, args.jobs)
    print(f"trained on {len(facts['texts'])} texts (alignment labelled {facts['coverage']:.4f} of their lines) "
          f"in {facts['seconds']}s: {args.out}")


if __name__ == "__main__":
    main()
