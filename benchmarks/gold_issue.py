"""A corpus issue's gold JSON written as the issue file an editor would have corrected it into.

Gold lists an article's subheads and figures apart from its paragraphs; here they are put back in
print order by where their text first appears in the day's text dump. Used by
`benchmarks/train_corpus.py` and the tests of `sitegen train`.

    .venv/bin/python benchmarks/gold_issue.py GOLD.json TEXT.txt > x.md
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.model import Article, Block, Issue, Page, Section  # noqa: E402
from sitegen.parse.issuefile.write import issue_markdown  # noqa: E402
from sitegen.parse.units import squeeze  # noqa: E402
from sitegen.slug import unique_slugs  # noqa: E402

PROBE = 12
"""Characters of a block's start looked up in the dump to find its place."""


def gold_issue(gold: Path, text: Path) -> Issue:
    """The issue gold describes, its blocks in the order their text has in the dump."""
    data = json.loads(gold.read_text(encoding="utf-8"))
    dump = squeeze(text.read_text(encoding="utf-8"))
    items = data["articles"]
    ids = unique_slugs([a["title"] for a in items], [(a["paragraphs"] or [a["title"]])[0] for a in items])
    articles = [_article(a, slug, dump) for a, slug in zip(items, ids, strict=True)]
    pages = []
    for number, on_page in groupby(articles, key=lambda a: a.page):
        group = list(on_page)
        sections = tuple(Section(name, tuple(g)) for name, g in groupby(group, key=lambda a: a.section))
        pages.append(Page(number, group[0].section, sections))
    return Issue(id=text.stem, title=f"人民日报 {data['date']}", date=dt.date.fromisoformat(data["date"]),
                 source=str(text), pages=tuple(pages))


def _article(item: dict, slug: str, dump: str) -> Article:  # type: ignore[type-arg]
    start = dump.find(squeeze(item["title"])[:PROBE])
    blocks = [(p, Block("paragraph", p)) for p in item["paragraphs"]]
    blocks += [(h, Block("heading", h)) for h in item.get("headings") or []]
    blocks += [(f["caption"], Block("figure", f["caption"], credit=f.get("credit") or ""))
               for f in item.get("figures") or []]
    placed = sorted(((_place(text, dump, start), n, block) for n, (text, block) in enumerate(blocks)),
                    key=lambda t: (t[0], t[1]))
    return Article(id=slug, title=item["title"], blocks=tuple(b for _, _, b in placed), kicker=item.get("kicker"),
                   subtitle=item.get("subtitle"), byline=item.get("byline"), page=item.get("page"),
                   section=item.get("page_name"))


def _place(text: str, dump: str, start: int) -> int:
    """Where text stands in the dump: its first occurrence after the headline, else anywhere."""
    probe = squeeze(text)[:PROBE]
    found = dump.find(probe, max(start, 0))
    return found if found >= 0 else max(dump.find(probe), start)


def write_gold_issue(gold: Path, text: Path, target: Path) -> Path:
    target.write_text(issue_markdown(gold_issue(gold, text)), encoding="utf-8")
    return target


if __name__ == "__main__":
    sys.stdout.write(issue_markdown(gold_issue(Path(sys.argv[1]), Path(sys.argv[2]))))
