"""Corrections teach the parser: train on the corrected versions of 10 rmrb-2026 issues, score the other 19.

The corrected version of an issue is its gold written as an issue file (`benchmarks/gold_issue.py`);
training pairs each of the 10 days' two dumps (with and without page markers) with it, as an
edition's `seeds/x.txt` + `seeds/x.md`. The other 19 days (both dumps, 38 texts) are scored by the
shared scorer in-process (`benchmarks/parse_corpus.py`) with the rules alone and with the model.

    .venv/bin/python benchmarks/train_corpus.py           # every third day trains, the rest is scored
    .venv/bin/python benchmarks/train_corpus.py --offset 1  # another split
    .venv/bin/python benchmarks/train_corpus.py --narrow    # the same issues as a narrow-column paper

`--narrow` breaks every dump line longer than 22 characters into lines of 11 (a paper printed in
narrow columns), training and scoring on those dumps: a layout the rules were not written for.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gold_issue import write_gold_issue  # noqa: E402
from parse_corpus import SHARED, Result, Text, score_all  # noqa: E402

from sitegen.parse import learned  # noqa: E402
from sitegen.train import train  # noqa: E402

CORPUS = SHARED / "corpus" / "rmrb-2026"
TRAIN_DAYS = 10


def split(offset: int) -> tuple[list[Path], list[Path]]:
    """The gold files of the training days (every third day from offset, 10 of them) and the rest."""
    golds = sorted(CORPUS.glob("*.gold.json"))
    chosen = golds[offset::3][:TRAIN_DAYS]
    return chosen, [g for g in golds if g not in chosen]


COLUMN = 11


def narrow(text: str) -> str:
    """The dump as a narrow-column paper prints it: every line longer than two columns broken."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [line[i:i + COLUMN] for i in range(0, len(line), COLUMN)] if len(line) > 2 * COLUMN else [line]
    return "\n".join(lines)


def dump(source: Path, target: Path, narrow_columns: bool) -> Path:
    """A corpus dump copied to target, as printed or in narrow columns."""
    text = source.read_text(encoding="utf-8")
    target.write_text(narrow(text) if narrow_columns else text, encoding="utf-8")
    return target


def training_pairs(golds: list[Path], seeds: Path, narrow_columns: bool) -> list[tuple[Path, Path]]:
    """Each training day's dumps copied into seeds/, each beside its corrected issue file."""
    pairs = []
    for gold in golds:
        day = gold.name.removesuffix(".gold.json")
        for layout in ("", "-pages"):
            txt = dump(CORPUS / f"{day}{layout}.txt", seeds / f"{day}{layout}.txt", narrow_columns)
            md = write_gold_issue(gold, txt, seeds / f"{day}{layout}.md")
            pairs.append((txt, md))
    return pairs


def report(name: str, results: list[Result]) -> str:
    scores = [r.score for r in results]
    worst = min(results, key=lambda r: r.score)
    fields = list(dict.fromkeys(k for r in results for k in r.fields))
    means = " ".join(f"{k}={sum(r.fields[k] for r in results if k in r.fields) / len(results):.3f}" for k in fields)
    return (f"{name:7} n={len(scores)} mean={sum(scores) / len(scores):.4f} worst={worst.score:.3f} "
            f"({worst.text.path.name})\n        {means}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offset", type=int, default=0, choices=(0, 1, 2))
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--narrow", action="store_true", help="the issues as a narrow-column paper prints them")
    parser.add_argument("--keep", type=Path, help="write the training project here instead of a temporary folder")
    args = parser.parse_args()
    train_golds, test_golds = split(args.offset)
    with tempfile.TemporaryDirectory() as temp:
        project = args.keep or Path(temp)
        for folder in ("seeds", "unseen"):
            (project / folder).mkdir(parents=True, exist_ok=True)
        tests = [Text("test", dump(CORPUS / f"{day}{layout}.txt", project / "unseen" / f"{day}{layout}.txt",
                                   args.narrow), g)
                 for g in test_golds for day in [g.name.removesuffix(".gold.json")] for layout in ("", "-pages")]
        pairs = training_pairs(train_golds, project / "seeds", args.narrow)
        trained = train(pairs, project / ".sitegen" / "parser-model.crfsuite")
        print(f"trained on {trained.issues} corrected texts ({len(train_golds)} days), {trained.pairs} line pairs "
              f"in {trained.seconds:.2f} s; the model may overrule: {', '.join(trained.overrules) or 'nothing'}")
        learned.use(None)
        before = score_all(tests, args.jobs)
        learned.use(trained.model)
        after = score_all(tests, args.jobs)
    print(report("before", before))
    print(report("after", after))
    for b, a in zip(before, after, strict=True):
        if abs(a.score - b.score) >= 0.0005:
            print(f"  {b.text.path.name:30} {b.score:.3f} → {a.score:.3f}")


if __name__ == "__main__":
    main()
