"""Corrections teach the parser: `sitegen train` on the corrected versions of 10 rmrb-2026 issues, the rest scored.

The corrected version of an issue is its gold written as an issue file (`benchmarks/gold_issue.py`);
training pairs each of the 10 days' two dumps (with and without page markers) with it, as an
edition's `seeds/x.txt` + `seeds/x.md`. The other days (both dumps) are scored by articles_right
in-process (`benchmarks/articles.py`) with the shipped model alone and with the edition's model
stacked over it. The shipped model has learned from these issues as printed; as a narrow-column
paper (`--narrow`) they are a layout it has not seen, which is what an edition's model is for.

    .venv/bin/python benchmarks/train_corpus.py           # every third day trains, the rest is scored
    .venv/bin/python benchmarks/train_corpus.py --offset 1  # another split
    .venv/bin/python benchmarks/train_corpus.py --narrow    # the same issues as a narrow-column paper

`--narrow` breaks every dump line longer than 22 characters into lines of 11 (a paper printed in
narrow columns), training and scoring on those dumps: a layout the shipped model has not seen.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from articles import SHARED, report, score_texts  # noqa: E402
from gold_issue import write_gold_issue  # noqa: E402

from sitegen.train.edition import train  # noqa: E402

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
        tests = []
        for gold in test_golds:
            day = gold.name.removesuffix(".gold.json")
            (project / "unseen" / gold.name).write_bytes(gold.read_bytes())
            tests += [dump(CORPUS / f"{day}{layout}.txt", project / "unseen" / f"{day}{layout}.txt", args.narrow)
                      for layout in ("", "-pages")]
        pairs = training_pairs(train_golds, project / "seeds", args.narrow)
        trained = train(pairs, project / ".sitegen" / "parser-model.crfsuite")
        print(f"trained on {trained.issues} corrected issues ({len(pairs)} texts, {trained.lines} lines) in "
              f"{trained.seconds:.1f} s; held-out lines labelled as corrected: {trained.before:.3f} shipped alone, "
              f"{trained.after:.3f} with the edition's model ({'written' if trained.model else 'not written'})")
        print("shipped model alone:\n" + report(score_texts(tests, jobs=args.jobs)))
        if trained.model is not None:
            print("with the edition's model:\n" + report(score_texts(tests, trained.model, jobs=args.jobs)))


if __name__ == "__main__":
    main()
