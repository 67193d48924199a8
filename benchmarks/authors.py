"""Author names: does the parser name the people the paper credits, and only them?

Gold names come from the corpus's gold files (`../shared/corpus/rmrb-2026/*.gold.json`), read by
this script's own simple reading of what the paper printed, independent of the parser's:

- the byline: tokens split at spaces; a token with a role word (记者, 通讯员, 评论员, 主讲人：) or
  longer than a name (five characters or more without `·`: an organisation, a post, a place) is
  no name; single characters pair up (`张 枨` → 张枨); `摄影报道` after a name is cut off;
- the dateline that opens the first paragraph or closes the last: `…电 （记者A、B）`;
- a last paragraph in brackets that credits people: only names (`（胡星宇 严华明）`), or names that
  took part (`（本报记者A、B参与采写）`, `（C整理）`, `（D对本文亦有贡献）`).

Each gold article is matched to the parsed article of the same text with the same title (articles
the parse cut differently are left out of the per-article figures, which measure reading names,
not finding articles). Printed:

- per article: precision and recall of the author names over matched articles;
- per site: the distinct names the parse gives author pages to (every article, matched or not)
  against the distinct gold names: how many author pages are real people, and how many of the
  people have one;
- `-v`: the names wrongly given and missed, most frequent first.

    .venv/bin/python benchmarks/authors.py                # the -pages texts of rmrb-2026
    .venv/bin/python benchmarks/authors.py --layout both  # and the texts without page markers
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.parse import parse_file  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "rmrb-2026"
HAN = "\u4e00-\u9fff"
ROLE = re.compile(r"记者|通讯员|评论员|评论部|主讲人|：")
NAME = re.compile(rf"^[{HAN}·]{{2,4}}$|^[{HAN}]+·[{HAN}·]+$")
DATELINE = re.compile(r"电\s*[（(]?\s*(?:记者|通讯员)([^（）()]{2,60})[）)]")
SIGNOFF = re.compile(rf"^[（(]([{HAN}·\s\u3000、，]{{2,80}}?)(?:参与采写|采访整理|翻译整理|整理|对本文亦有贡献)?[）)]$")


def names_in(tokens: list[str]) -> list[str]:
    """Names among byline tokens: role and organisation tokens dropped, single characters paired."""
    names: list[str] = []
    single = ""
    for token in tokens:
        token = re.sub(r"^[（(][^）)]*[）)]", "", token).removesuffix("摄影报道")
        token = re.sub(r"^(?:本版文字由)?[^记通评]*?(?:记者|通讯员|实习生)", "", token)
        if len(token) == 1 and re.match(rf"[{HAN}]", token):
            single += token
            if len(single) == 2:
                names.append(single)
                single = ""
            continue
        single = ""
        if ROLE.search(token) or not NAME.match(token):
            continue
        names.append(token)
    return names


def gold_names(article: dict) -> list[str]:  # type: ignore[type-arg]
    """The names the paper credits for one gold article: byline, opening dateline, closing sign-off."""
    found = names_in(re.split(r"[\s\u3000\u200b]+", article["byline"] or ""))
    paragraphs = article["paragraphs"]
    for text in (paragraphs[0][:80], paragraphs[-1][-80:]) if paragraphs else ():
        if dateline := DATELINE.search(text):
            found += names_in(re.split(r"[\s\u3000、，,]+", dateline.group(1).strip()))
    if paragraphs and (signoff := SIGNOFF.match(paragraphs[-1].strip())):
        found += names_in(re.split(r"[\s\u3000、，]+", signoff.group(1).strip()))
    return list(dict.fromkeys(found))


def parsed(path: Path) -> list[tuple[str, list[str]]]:
    """(title, authors) of every parsed article of a text."""
    return [(a.title, list(a.authors)) for a in parse_file(path).articles]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layout", choices=("pages", "plain", "both"), default="pages")
    parser.add_argument("-j", type=int, default=2, help="processes")
    parser.add_argument("-v", action="store_true", help="list the names wrongly given and missed")
    args = parser.parse_args()
    suffixes = {"pages": ["-pages"], "plain": [""], "both": ["", "-pages"]}[args.layout]
    golds = sorted(CORPUS.glob("*.gold.json"))
    texts = [(gold, gold.with_name(gold.name.removesuffix(".gold.json") + s + ".txt")) for gold in golds
             for s in suffixes]
    with ProcessPoolExecutor(args.j) as pool:
        parses = list(pool.map(parsed, [t for _, t in texts]))
    hit = given = wanted = 0
    wrong: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    site_given: set[str] = set()
    site_gold: set[str] = set()
    matched = total = 0
    for (gold_path, _), articles in zip(texts, parses, strict=True):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
        by_title: dict[str, list[list[str]]] = {}
        for title, authors in articles:
            by_title.setdefault(title, []).append(authors)
            site_given.update(authors)
        for article in gold:
            names = gold_names(article)
            site_gold.update(names)
            total += 1
            candidates = by_title.get(article["title"])
            if not candidates:
                continue
            matched += 1
            authors = candidates.pop(0)
            hit += len(set(authors) & set(names))
            given += len(authors)
            wanted += len(names)
            wrong.update(a for a in authors if a not in names)
            missed.update(n for n in names if n not in authors)
    print(f"texts {len(texts)}, gold articles {total}, matched by title {matched}")
    print(f"per article: precision {hit / max(given, 1):.3f} ({hit}/{given}), "
          f"recall {hit / max(wanted, 1):.3f} ({hit}/{wanted})")
    real = site_given & site_gold
    print(f"author pages: {len(site_given)}, of real people {len(real)} "
          f"(precision {len(real) / max(len(site_given), 1):.3f}); "
          f"people with a page {len(real)}/{len(site_gold)} (recall {len(real) / max(len(site_gold), 1):.3f})")
    if args.v:
        print("names given but not credited (per article):", " ".join(f"{n}×{c}" for n, c in wrong.most_common(80)))
        print("names credited but not given (per article):", " ".join(f"{n}×{c}" for n, c in missed.most_common(80)))
        print("author pages of no credited name:", " ".join(sorted(site_given - site_gold)))


if __name__ == "__main__":
    main()
