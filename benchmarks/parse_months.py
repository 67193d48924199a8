"""What the learned parser does on issues it has not seen: the corpus split by month.

For each month held out, the model is trained (`sitegen.train.corpus`) on the other months and the
held-out month is scored with `articles_right` (in-process, `articles.py`): April–May train and
June is scored, then June(+April) train and May is scored, and so on. Prints articles right,
invented, silent and the warning figures for each held-out month and layout.

    .venv/bin/python benchmarks/parse_months.py              # hold out 2026-05 and 2026-06
    .venv/bin/python benchmarks/parse_months.py 06 --keep /tmp/m   # keep the trained models
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

from sitegen.train.corpus import samples, train_corpus, weighted  # noqa: E402

CORPUS = SHARED / "corpus" / "rmrb-2026"
OTHERS = [SHARED / "corpus", SHARED / "seeds"]
"""The other papers and years with gold (the 2017 issue, the seed), trained on in every split."""
WEIGHTS = {"000_": 10, "rmrb-2017": 3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("months", nargs="*", default=["05", "06"], help="months held out, one at a time")
    parser.add_argument("--keep", type=Path, help="write the models under this folder (one per month) and "
                        "reuse one found there")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--no-calibration", action="store_true", help="train without measuring the doubts' "
                        "calibration (faster; the doubts are then the raw ones)")
    parser.add_argument("--no-rules", action="store_true", help="without the rules' verdicts among the features")
    parser.add_argument("--alone", action="store_true", help="train on the 2026 corpus alone (not the 2017 issue "
                        "and the seed)")
    args = parser.parse_args()
    everything = []
    with tempfile.TemporaryDirectory() as temp:
        for month in args.months:
            held = f"-2026-{month}-"
            folder = (args.keep or Path(temp)) / f"without-{month}"
            if not (folder / "labeller.crfsuite").is_file():
                chosen = samples([CORPUS, *([] if args.alone else OTHERS)], exclude=[held], gold_dirs=[SHARED / "gold"])
                facts = train_corpus(weighted(chosen, WEIGHTS), folder, args.jobs, rules=not args.no_rules,
                                     calibrate=not args.no_calibration)
                print(f"trained without {month}: {len(facts['texts'])} texts, {facts['seconds']}s", file=sys.stderr)
            texts = [s.text for s in samples([CORPUS]) if held in s.text.name]
            scores = score_texts(texts, folder, args.jobs)
            print(f"held out {month}:\n{report(scores)}")
            everything += scores
    if len(args.months) > 1:
        print(f"every held-out month:\n{report(everything)}")


if __name__ == "__main__":
    main()
