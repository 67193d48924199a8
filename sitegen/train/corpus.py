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

from ..parse.align import PARAGRAPH, GoldArticle, align
from ..parse.features import Shape, context_features, shapes_of, unit_features
from ..parse.labeller import CHARS, LABELLER, MODEL_DIR, SECOND
from ..parse.ngram import CharModel
from ..parse.reader import read_seed
from ..parse.rules import roles
from ..parse.units import split_units

FACTS = "labeller.json"
FOLDS = 3
"""Folds of days the second labeller's lessons are labelled in."""
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


def _first_pass_keep(job: tuple[list[Labelled], list[Labelled], Path, dict]) -> list[list[list[str]]]:  # type: ignore[type-arg]
    """Train the first model on some texts and return the context features its labels give the
    others (none: the model is kept, it is the one shipped)."""
    import pycrfsuite

    learn, held, path, params = job
    _train(((x.features, x.labels) for x in learn), path, params)
    if not held:
        return []
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    contexts = []
    for item in held:
        tagger.set(item.features)
        labels = tagger.tag()
        confidence = [tagger.marginal(label, i) for i, label in enumerate(labels)]
        contexts.append(context_features(item.shapes, labels, confidence))
    tagger.close()
    path.unlink()
    return contexts


def train_corpus(chosen: Sequence[Sample], out: Path, jobs: int = 2, params: dict | None = None,  # type: ignore[type-arg]
                 second: bool = False, rules: bool = True) -> dict:  # type: ignore[type-arg]
    """Train the character model and the labeller on these samples; write them into out.

    With `second`, a second labeller is stacked over the first: it learns from the first one's
    labels of texts that first one did not learn from (the days cut in FOLDS folds, each labelled by
    a first model trained on the others), so that it learns how far to trust them on unseen issues."""
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
    (out / SECOND).unlink(missing_ok=True)
    if not second:
        _train(((x.features, x.labels) for x in used), out / LABELLER, params)
    else:
        days = sorted({x.day for x in used})
        folds = [[x for x in used if days.index(x.day) % FOLDS == k] for k in range(FOLDS)]
        jobs_list = [([x for x in used if days.index(x.day) % FOLDS != k], fold, out / f".fold{k}.crfsuite", params)
                     for k, fold in enumerate(folds)]
        jobs_list.append((used, [], out / LABELLER, params))
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_first_pass_keep, jobs_list))
        stacked = [(x.features_with(c), x.labels) for fold, contexts in zip(folds, results, strict=False)
                   for x, c in zip(fold, contexts, strict=True)]
        _train(iter(stacked), out / SECOND, params)
    (out / CHARS).write_bytes(chars_bytes)
    facts = {
        "texts": sorted(Counter(x.name for x in used).items()),
        "skipped": sorted(item.name for item in labelled if item.coverage < MIN_COVERAGE),
        "coverage": round(sum(i.coverage for i in labelled) / max(len(labelled), 1), 5),
        "labels": dict(sorted(counts.items())),
        "params": {**PARAMS, **(params or {})},
        "rules": rules,
    }
    (out / FACTS).write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    facts["seconds"] = round(time.perf_counter() - start, 1)
    return facts


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
