"""Do the parser's warnings point at its mistakes? Measured over every text of rmrb-2026 with gold.

Each mistake is placed on the lines of the text where it is: a missing (or merged) article at its
headline, an invented one at the line it starts, a wrong kicker, subtitle or byline at the
article's headline group, a paragraph not found where it starts in the text, an unexpected one at
its block, a figure not found at its caption. An article is wrong when it has any mistake; it is
warned when a warning stands within two lines of one of them. Counts the warnings an editor is
shown (doubt ≥ `sitegen.parse.doubt.SHOWN`; `--all` counts notes too). Prints

  found   the share of wrong articles with a warning within two lines   (target ≥ 80%)
  noise   the share of warnings with no mistake within two lines       (target ≤ 50%)

and, per warning code, how many warnings and how many of them stand near a mistake.

    .venv/bin/python benchmarks/parse_warnings.py
    .venv/bin/python benchmarks/parse_warnings.py --only 06- --misses   # unwarned mistakes of June
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.model import Article  # noqa: E402
from sitegen.parse import parse_file  # noqa: E402
from sitegen.parse.doubt import SHOWN  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "rmrb-2026"
NEAR = 2
"""A warning counts for a mistake within this many lines of it."""
NORM = re.compile(r"[\s\u3000□■◆●—―\-]+")
ALL = "--all" in sys.argv
"""Count every warning, notes below `SHOWN` doubt included."""
KEY = 12
"""Characters of a paragraph's start used to find it in the text."""


def norm(text: str | None) -> str:
    """The shared scorer's normalisation: no white space, box glyphs or dashes."""
    return NORM.sub("", text or "")


@dataclass(slots=True)
class Mistake:
    article: str
    kind: str
    lines: set[int] = field(default_factory=set)


@dataclass(slots=True)
class Report:
    text: str
    mistakes: list[Mistake]
    warnings: list[tuple[int, str]]

    def near(self, line: int) -> bool:
        return any(abs(line - m) <= NEAR for mistake in self.mistakes for m in mistake.lines)


class Locator:
    """Line numbers of text by the normalised start of what is printed there."""

    def __init__(self, text: str) -> None:
        self.starts: dict[str, int] = {}
        self.lines: list[tuple[int, str]] = []
        for number, raw in enumerate(text.split("\n"), start=1):
            flat = norm(raw)
            if flat:
                self.starts.setdefault(flat[:KEY], number)
                self.lines.append((number, flat))

    def find(self, printed: str) -> int | None:
        flat = norm(printed)
        if not flat:
            return None
        found = self.starts.get(flat[:KEY])
        if found is None:
            found = next((n for n, line in self.lines if flat[:KEY] in line or line.startswith(flat[:6])), None)
        return found


def mistakes_of(text: Path, gold: Path) -> Report:
    """Compare the parse of text with its gold the way the shared scorer does, keeping line numbers."""
    issue = parse_file(text)
    locator = Locator(text.read_text(encoding="utf-8"))
    by_title: dict[str, list[Article]] = {}
    for article in issue.articles:
        by_title.setdefault(norm(article.title), []).append(article)
    found: list[Mistake] = []
    for wanted in json.loads(gold.read_text(encoding="utf-8"))["articles"]:
        candidates = by_title.get(norm(wanted["title"]))
        if not candidates:
            line = locator.find(wanted["title"])
            found.append(Mistake(wanted["title"], "missing", {line} if line else set()))
            continue
        mistake = _compare(wanted, candidates.pop(0), locator)
        if mistake.lines or mistake.kind:
            found.append(mistake)
    for left in by_title.values():
        found += [Mistake(a.title, "invented", {a.line}) for a in left]
    return Report(text.name, found, [(w.line, w.code) for w in issue.warnings if w.doubt >= SHOWN or ALL])


def _compare(wanted: dict, article: Article, locator: Locator) -> Mistake:
    mistake = Mistake(article.title, "")
    head_end = article.blocks[0].line if article.blocks else article.line
    for name in ("kicker", "subtitle", "byline"):
        if name in wanted and norm(wanted[name]) != norm(getattr(article, name)):
            mistake.kind = mistake.kind or name
            mistake.lines |= set(range(article.line, head_end + 1))
    texts = {norm(b.text) for b in article.blocks if b.kind in ("paragraph", "heading", "quote")}
    allowed = {norm(p) for p in wanted["paragraphs"]} | {norm(h) for h in wanted.get("headings", [])}
    for paragraph in wanted["paragraphs"]:
        if norm(paragraph) not in texts and (line := locator.find(paragraph)):
            mistake.kind = mistake.kind or "paragraph"
            mistake.lines.add(line)
    for block in article.blocks:
        if block.kind == "paragraph" and norm(block.text) not in allowed and block.line:
            mistake.kind = mistake.kind or "extra"
            mistake.lines.add(block.line)
    captions = {norm(b.text) + norm(b.credit) for b in article.blocks if b.kind == "figure"}
    for figure in wanted.get("figures", []):
        whole = norm(figure["caption"]) + norm(figure["credit"])
        if not any(norm(figure["caption"]) in c for c in captions) and whole not in captions \
                and (line := locator.find(figure["caption"])):
            mistake.kind = mistake.kind or "figure"
            mistake.lines.add(line)
    return mistake


def texts(only: str | None) -> list[tuple[Path, Path]]:
    pairs = []
    for gold in sorted(CORPUS.glob("*.gold.json")):
        day = gold.name.removesuffix(".gold.json")
        pairs += [(gold.with_name(f"{day}{suffix}.txt"), gold) for suffix in ("", "-pages")]
    return [(t, g) for t, g in pairs if not only or only in t.name]


def _report(pair: tuple[Path, Path]) -> Report:
    return mistakes_of(*pair)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", metavar="SUBSTRING", help="only texts whose name contains this")
    parser.add_argument("--misses", action="store_true", help="list the wrong articles no warning points at")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--all", action="store_true", help=f"count notes too (warnings below doubt {SHOWN})")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}: nothing to measure")
    with ProcessPoolExecutor(args.jobs) as pool:
        reports = list(pool.map(_report, texts(args.only)))
    wrong = warned = total = noisy = 0
    by_code: Counter[str] = Counter()
    useful: Counter[str] = Counter()
    unwarned: Counter[str] = Counter()
    for report in reports:
        for mistake in report.mistakes:
            wrong += 1
            if any(abs(line - m) <= NEAR for line, _ in report.warnings for m in mistake.lines):
                warned += 1
            else:
                unwarned[mistake.kind] += 1
                if args.misses:
                    print(f"{report.text}:{min(mistake.lines, default=0)}: {mistake.kind}: {mistake.article[:30]}")
        for line, code in report.warnings:
            total += 1
            by_code[code] += 1
            if report.near(line):
                useful[code] += 1
            else:
                noisy += 1
    print(f"texts {len(reports)}  wrong articles {wrong}  warnings {total}")
    print("per code: " + "  ".join(f"{c}={n}({useful[c]} near a mistake)" for c, n in by_code.most_common()))
    print("unwarned mistakes by kind: " + "  ".join(f"{k}={n}" for k, n in unwarned.most_common()))
    print(f"found={warned / wrong if wrong else 1:.1%} (≥ 80%)  noise={noisy / total if total else 0:.1%} (≤ 50%)")


if __name__ == "__main__":
    main()
