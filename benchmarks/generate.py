"""Generate a deterministic edition of N articles of realistic raw issue text, for benchmarks.

The articles are the real ones of `seeds/` and `../shared/corpus/`, parsed, reshuffled and
written back as a PDF text dump would have them: page markers, kickers, `——` subtitles, `□`
bylines, `本报讯` leads, paragraphs broken mid-sentence at column breaks and photo captions with
their credit lines. Each issue is a dated seed `YYYY-MM-DD.txt` of about 25 articles, one a day
from 2015-01-01, or up to the day given with `--end` (an archive that ends the day before a real
issue is added to it, as `bench.py` does).

    python benchmarks/generate.py 10000 /tmp/bench10k      # writes /tmp/bench10k/seeds/*.txt
    python benchmarks/generate.py 10000 /tmp/bench10k --end 2026-06-29
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.model import Article  # noqa: E402
from sitegen.parse import parse_file  # noqa: E402

ARTICLES_PER_ISSUE = 25
ARTICLES_PER_PAGE = 5
COLUMN_BREAK_RATE = 0.15
FIRST_DAY = dt.date(2015, 1, 1)


def source_articles() -> list[Article]:
    """Every article of the real text we have."""
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus" / "rmrb-2017-03-25-pages.txt"
    if corpus.exists():
        paths.append(corpus)
    return [a for p in paths for a in parse_file(p).articles if a.blocks]


def article_lines(article: Article, rng: random.Random, variant: int) -> list[str]:
    """The raw lines of one article, with fresh column breaks."""
    lines = [article.kicker] if article.kicker else []
    lines.append(article.title if variant == 0 else f"{article.title}（{variant}）")
    if article.subtitle:
        lines.append(f"——{article.subtitle}")
    blocks = list(article.blocks)
    if article.byline and article.byline.startswith("本报讯") and blocks and blocks[0].kind == "paragraph":
        lines.append(f"{article.byline} {blocks.pop(0).text}")
    elif article.byline:
        lines.append(f"□ {article.byline}")
    for block in blocks:
        if block.kind == "figure":
            lines += [block.text, block.credit or "新华社记者 摄"]
        else:
            lines += column_break(block.text, rng) if block.kind == "paragraph" else [block.text]
    if article.signoff:
        lines.append(article.signoff)
    return lines


def column_break(text: str, rng: random.Random) -> list[str]:
    """Split a paragraph mid-sentence, as a column break does, now and then."""
    if len(text) < 60 or rng.random() > COLUMN_BREAK_RATE:
        return [text]
    cut = rng.randrange(30, len(text) - 20)
    while cut < len(text) - 20 and not ("\u4e00" <= text[cut - 1] <= "\u9fff" and "\u4e00" <= text[cut] <= "\u9fff"):
        cut += 1
    return [text[:cut], text[cut:]]


def issue_text(articles: list[Article], rng: random.Random, variant: int) -> str:
    """One issue's raw text with page markers every few articles."""
    lines: list[str] = []
    for n, article in enumerate(articles):
        if n % ARTICLES_PER_PAGE == 0:
            lines.append(f"第{n // ARTICLES_PER_PAGE + 1:02d}版")
        lines += article_lines(article, rng, variant)
    return "\n\n".join(lines) + "\n"


def generate(total: int, out: Path, seed: int = 2024, end: dt.date | None = None) -> list[Path]:
    """Write seeds for `total` articles under out/seeds, one issue a day from FIRST_DAY or ending on
    `end`; return their paths."""
    rng = random.Random(seed)
    issues = -(-total // ARTICLES_PER_ISSUE)
    first = FIRST_DAY if end is None else end - dt.timedelta(days=issues - 1)
    pool = source_articles()
    seeds = out / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    written = []
    for issue_no, start in enumerate(range(0, total, ARTICLES_PER_ISSUE)):
        count = min(ARTICLES_PER_ISSUE, total - start)
        picked = [pool[(start + k) % len(pool)] for k in range(count)]
        rng.shuffle(picked)
        variant = (start // len(pool))
        day = first + dt.timedelta(days=issue_no)
        path = seeds / f"{day.isoformat()}.txt"
        path.write_text(issue_text(picked, rng, variant), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--end", type=dt.date.fromisoformat, help="date of the last issue (YYYY-MM-DD)")
    args = parser.parse_args()
    paths = generate(args.articles, args.out, args.seed, args.end)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} issues, {args.articles} articles, {size / 1e6:.1f} MB in {args.out / 'seeds'}")


if __name__ == "__main__":
    main()
