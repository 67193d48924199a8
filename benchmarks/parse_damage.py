"""Articles right at other damage rates: the corpus's gold printed again with more, less or other damage.

Each text of the corpus is first undone into what was printed (`clean`): its lines aligned with the
gold (`sitegen.parse.align`), paragraphs rejoined, repeats dropped, captions and credits kept as
figures where they stood, bylines in one line. That print is then damaged again (`damage`), at the
rates of a scenario: a paragraph broken by a column break (once or twice, anywhere in it), a
photo's caption and credit printed inside the sentence it interrupts, a paragraph printed twice a
little later, a byline broken after its role. The gold does not change, so the shared
articles_right scoring (`articles.py`) measures the parse of the new texts.

Scenarios: `corpus` imitates the corpus's own rates (measured on its alignment: a paragraph of 50
characters or more broken in 19% of cases), `light` and `heavy` halve and double them, `narrow`
breaks every long paragraph, as a narrow-column paper does.

    .venv/bin/python benchmarks/parse_damage.py                      # every scenario, June, the shipped model
    .venv/bin/python benchmarks/parse_damage.py --model /tmp/m/without-06 heavy   # a model that never saw June
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from articles import SHARED, report, score_texts  # noqa: E402

from sitegen.parse.align import (  # noqa: E402
    BYLINE,
    BYLINE_MORE,
    CAPTION,
    CAPTION_MORE,
    CREDIT,
    JOIN,
    PAGE,
    PARAGRAPH,
    REPEAT,
    RESUME,
    GoldArticle,
    align,
)
from sitegen.parse.units import split_units  # noqa: E402

CORPUS = SHARED / "corpus" / "rmrb-2026"
MIN_BREAK = 30
"""Shortest paragraph a column break falls in."""


@dataclass(frozen=True, slots=True)
class Rates:
    """How often each kind of damage strikes."""

    brk: float
    """A paragraph (of MIN_BREAK characters or more) broken by a column break."""
    again: float
    """A broken paragraph broken a second time."""
    splice: float
    """A photo printed inside the paragraph above it, splitting its sentence."""
    repeat: float
    """A paragraph printed twice, one to three blocks later."""
    byline: float
    """A byline broken after its role (`本报记者` / `张三 李四`)."""


SCENARIOS = {
    "corpus": Rates(brk=0.19, again=0.04, splice=0.3, repeat=0.015, byline=0.04),
    "light": Rates(brk=0.09, again=0.0, splice=0.15, repeat=0.007, byline=0.02),
    "heavy": Rates(brk=0.38, again=0.15, splice=0.6, repeat=0.03, byline=0.1),
    "narrow": Rates(brk=1.0, again=0.6, splice=0.3, repeat=0.015, byline=0.04),
}


@dataclass(slots=True)
class Block:
    kind: str
    """`head`, `para`, `line` (a subhead or anything standing alone), `figure`, `page`."""
    lines: list[str]


def clean(text: str, gold: list[GoldArticle]) -> list[Block]:
    """What was printed, undamaged: the text's lines by their gold labels, rejoined."""
    units = split_units(text)
    labels = align(units, gold).labels
    blocks: list[Block] = []
    last_para: Block | None = None
    pending: list[Block] = []
    """Figures printed inside the paragraph being read: they go after it."""
    for unit, label in zip(units, labels, strict=True):
        text_ = unit.text
        if label == REPEAT:
            continue
        if label in (JOIN, RESUME) and last_para is not None:
            last_para.lines[0] += text_
            continue
        if label in (CAPTION, CAPTION_MORE, CREDIT):
            if label == CAPTION or not (pending or (blocks and blocks[-1].kind == "figure")):
                figure = Block("figure", [text_])
                (pending if last_para is not None and blocks and blocks[-1] is last_para else blocks).append(figure)
            else:
                (pending[-1] if pending else blocks[-1]).lines.append(text_)
            continue
        blocks += pending
        pending = []
        if label == BYLINE_MORE and blocks and blocks[-1].kind == "head":
            blocks[-1].lines[0] += " " + text_
            continue
        kind = "page" if label == PAGE else "para" if label in (PARAGRAPH, None) else \
            "head" if label in ("kicker", "title", "subtitle", BYLINE, "label") else "line"
        block = Block(kind, [text_])
        blocks.append(block)
        last_para = block if kind == "para" else None
    return blocks + pending


def damage(blocks: list[Block], rates: Rates, rng: random.Random) -> str:
    """The print as a text dump with damage at these rates."""
    out: list[str] = []
    repeats: list[tuple[int, str]] = []
    for n, block in enumerate(blocks):
        if block.kind == "para":
            text = block.lines[0]
            parts = _broken(text, rates, rng)
            follow = blocks[n + 1] if n + 1 < len(blocks) else None
            if follow is not None and follow.kind == "figure" and len(text) >= MIN_BREAK \
                    and rng.random() < rates.splice:
                if len(parts) == 1:
                    parts = _cut(text, rng)
                follow.kind = "spliced"
                out += [parts[0], *follow.lines, *parts[1:]]
            else:
                out += parts
            if rng.random() < rates.repeat and len(text) >= MIN_BREAK:
                repeats.append((n + rng.randint(1, 3), text))
        elif block.kind == "head" and block.lines[0].count(" ") and rng.random() < rates.byline \
                and re.match(r"^\S*(记者|通讯员)\s", block.lines[0]):
            role, names = block.lines[0].split(" ", 1)
            out += [role, names.strip()]
        elif block.kind != "spliced":
            out += block.lines
        out += [text for at, text in repeats if at == n]
    return "\n\n".join(out) + "\n"


def _broken(text: str, rates: Rates, rng: random.Random) -> list[str]:
    if len(text) < MIN_BREAK or rng.random() >= rates.brk:
        return [text]
    first, rest = _cut(text, rng)
    if len(rest) >= MIN_BREAK and rng.random() < rates.again:
        return [first, *_cut(rest, rng)]
    return [first, rest]


def _cut(text: str, rng: random.Random) -> list[str]:
    at = rng.randint(max(1, len(text) // 10), max(1, len(text) * 9 // 10))
    return [text[:at], text[at:]]


def redamaged(scenario: str, month: str, folder: Path) -> list[Path]:
    """The month's texts (both layouts) damaged again in folder, each with its gold beside it."""
    rates = SCENARIOS[scenario]
    made = []
    for text in sorted(CORPUS.glob(f"rmrb-2026-{month}-*.txt")):
        day = re.sub(r"(-pages)?\.txt$", "", text.name)
        gold_path = CORPUS / f"{day}.gold.json"
        gold = [GoldArticle.from_gold(a) for a in json.loads(gold_path.read_text(encoding="utf-8"))["articles"]]
        rng = random.Random(f"{scenario}:{text.name}")
        out = folder / text.name
        out.write_text(damage(clean(text.read_text(encoding="utf-8"), gold), rates, rng), encoding="utf-8")
        (folder / gold_path.name).write_bytes(gold_path.read_bytes())
        made.append(out)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help=f"of {', '.join(SCENARIOS)} (default: every one)")
    parser.add_argument("--month", default="06", help="the month of the corpus damaged again (default 06)")
    parser.add_argument("--model", type=Path, help="a model folder (default: the one shipped in the package)")
    parser.add_argument("--keep", type=Path, help="write the damaged texts here instead of a temporary folder")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    if unknown := sorted(set(args.scenarios) - SCENARIOS.keys()):
        parser.error(f"no scenario {', '.join(unknown)} (choose from {', '.join(SCENARIOS)})")
    for scenario in args.scenarios or list(SCENARIOS):
        with tempfile.TemporaryDirectory() as temp:
            folder = (args.keep or Path(temp)) / scenario
            folder.mkdir(parents=True, exist_ok=True)
            texts = redamaged(scenario, args.month, folder)
            print(f"{scenario} ({SCENARIOS[scenario]}):")
            print(report(score_texts(texts, args.model, args.jobs)))


if __name__ == "__main__":
    main()
