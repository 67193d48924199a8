"""Score the parser on every text that has gold: the 2026 人民日报 corpus, the 2017 issue, the seed.

First the figure that leads, articles right (`../shared/tools/articles_right.py`, run in-process by
`articles.py`): the share of gold articles parsed exactly right, the articles invented (matching
no gold one), the silent ones (wrong, with no warning on their lines) and the warning figures —
for the whole corpus, each month and each layout, then the 2017 issue and the seed. Then the
field scores of the shared per-field scorer (`../shared/tools/score_parse.py`, in-process too: its
`run` replaced by a call to `parse_file`): one line per text, the mean and worst per group, the
mean of each field over the rmrb-2026 texts.

The shipped model learned from all of these texts (`make train-parser`): these figures say what it
does on issues it has seen. What it does on issues it has not seen is `parse_months.py` (the
corpus split by month) and `parse_damage.py` (other damage rates).

    .venv/bin/python benchmarks/parse_corpus.py             # everything
    .venv/bin/python benchmarks/parse_corpus.py --articles  # articles right only
    .venv/bin/python benchmarks/parse_corpus.py -v 05-13    # and the scorer's diff for matching texts
    .venv/bin/python benchmarks/parse_corpus.py -j 1        # in one process
    .venv/bin/python benchmarks/parse_corpus.py --time      # CPU ms per 100 articles, one process
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sitegen.model_json import issue_dict  # noqa: E402
from sitegen.parse import parse_file  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCORER = SHARED / "tools" / "score_parse.py"
SCORE_LINE = re.compile(r"^score=([\d.]+)((?: \w+=[\d.]+)*)$")


@dataclass(frozen=True, slots=True)
class Text:
    group: str
    path: Path
    gold: Path


@dataclass(frozen=True, slots=True)
class Result:
    text: Text
    score: float
    fields: dict[str, float]
    report: str


def texts(root: Path = SHARED) -> list[Text]:
    """Every scored text with its gold file, grouped: rmrb-2026 May, June, the 2017 issue, the seed."""
    found = []
    for gold in sorted((root / "corpus" / "rmrb-2026").glob("*.gold.json")):
        day = gold.name.removesuffix(".gold.json")
        group = "2026-05" if "-05-" in day else "2026-06"
        found += [Text(group, gold.with_name(f"{day}{layout}.txt"), gold) for layout in ("", "-pages")]
    gold_2017 = root / "corpus" / "rmrb-2017-03-25.gold.json"
    found += [Text("2017", root / "corpus" / name, gold_2017)
              for name in ("rmrb-2017-03-25.txt", "rmrb-2017-03-25-pages.txt")]
    found.append(Text("seed", ROOT / "seeds" / "000_24bddb6c18fb181e.txt",
                      root / "gold" / "000_24bddb6c18fb181e.gold.json"))
    return found


def load_scorer(path: Path = SCORER):  # type: ignore[no-untyped-def]
    """The scorer module at path, scoring `parse_file` in this process instead of `sitegen parse`."""
    spec = importlib.util.spec_from_file_location("score_parse", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.run = lambda _cmd, path: issue_dict(parse_file(Path(path)))
    return module


def score(text: Text, scorer_path: Path = SCORER) -> Result:
    """The scorer's verdict on one text, run in this process."""
    scorer = load_scorer(scorer_path)
    out = io.StringIO()
    argv = sys.argv
    sys.argv = ["score_parse.py", "sitegen", str(text.path), str(text.gold), "--min", "0"]
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            scorer.main()
    finally:
        sys.argv = argv
    report = out.getvalue()
    match = SCORE_LINE.match(report.rstrip().splitlines()[-1])
    assert match, report
    fields = {k: float(v) for k, v in (part.split("=") for part in match.group(2).split())}
    return Result(text, float(match.group(1)), fields, report)


def score_all(selected: list[Text], jobs: int) -> list[Result]:
    if jobs == 1:
        return [score(t) for t in selected]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(score, selected))


def summary(results: list[Result]) -> str:
    lines = []
    for group in dict.fromkeys(r.text.group for r in results):
        scores = [r.score for r in results if r.text.group == group]
        worst = min((r for r in results if r.text.group == group), key=lambda r: r.score)
        lines.append(f"{group:8} n={len(scores):2}  mean={sum(scores) / len(scores):.3f}  "
                     f"worst={worst.score:.3f} ({worst.text.path.name})")
    corpus = [r for r in results if r.text.group.startswith("2026")]
    if corpus:
        lines.append(f"rmrb-2026 n={len(corpus)}  mean={sum(r.score for r in corpus) / len(corpus):.3f}  "
                     f"worst={min(r.score for r in corpus):.3f}")
        names = list(dict.fromkeys(k for r in corpus for k in r.fields))
        means = {k: [r.fields[k] for r in corpus if k in r.fields] for k in names}
        lines.append("fields   " + " ".join(f"{k}={sum(v) / len(v):.3f}" for k, v in means.items()))
    return "\n".join(lines)


def parse_time(selected: list[Text], rounds: int = 3) -> str:
    """CPU time of parsing every selected text in this process (best of rounds, after one warm-up
    parse that loads the word dictionary), per 100 articles."""
    parse_file(selected[0].path)
    best, articles = float("inf"), 0
    for _ in range(rounds):
        start = time.process_time()
        articles = sum(len(parse_file(t.path).articles) for t in selected)
        best = min(best, time.process_time() - start)
    return (f"parse time: {len(selected)} texts, {articles} articles, {best:.2f} s CPU, "
            f"{best / articles * 100_000:.1f} ms per 100 articles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", metavar="SUBSTRING", help="print the scorer's report of matching texts")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--only", metavar="SUBSTRING", help="score only texts whose name contains this")
    parser.add_argument("--time", action="store_true", help="time the parse (CPU, one process) instead of scoring")
    parser.add_argument("--articles", action="store_true", help="articles right only (no field scores)")
    args = parser.parse_args()
    if not SCORER.is_file():
        sys.exit(f"no shared data at {SHARED}: nothing to score")
    selected = [t for t in texts() if not args.only or args.only in t.path.name]
    if args.time:
        print(parse_time(selected))
        return
    from articles import report, score_texts

    beside = [t.path for t in selected if t.gold.parent == t.path.parent]  # the tool wants NAME.gold.json beside
    scores = score_texts(beside, jobs=args.jobs)
    print("articles right (articles_right.py):")
    print(report(scores))
    if args.articles:
        return
    results = score_all(selected, args.jobs)
    for r in results:
        print(f"{r.score:.3f}  {r.text.path.name:32} " + " ".join(f"{k}={v:.2f}" for k, v in r.fields.items()))
        if args.verbose and args.verbose in r.text.path.name:
            print(r.report)
    print(summary(results))


if __name__ == "__main__":
    main()
