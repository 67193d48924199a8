"""Keywords of the corpus as a reader meets them: which get a page, which are words of grammar, which
are pieces of a name.

Extracts each article's keywords from the `-pages` texts of `../shared/corpus/rmrb-2026` exactly as
the build does (`article_keywords`, `keywords_per_article` = 5), then prints:

- keyword pages: keywords of more than one article (only those get a page of their own);
- the 30 keywords of most articles;
- function words: keywords every piece of which jieba tags as a closed class of grammar (pronoun,
  numeral, conjunction, preposition …), and the issue's examples (愿同, 双方, 同比);
- name pieces: keywords that are a strict part of a person's name printed in the same article
  (a name after a title, `主席洛桑江村`, or an author of the article), e.g. 洛桑 of 洛桑江村.

    .venv/bin/python benchmarks/keywords.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.parse import parse_file  # noqa: E402
from sitegen.site.keywords import article_keywords  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "rmrb-2026"
TITLED = re.compile(r"(?:主席|总书记|书记|总理|总统|部长|省长|市长|主任|大使|院长|局长|董事长|教授|院士)"
                    r"([\u4e00-\u9fff]{2,4}?)(?=[，。、；：（\s]|表示|说|指出|强调|介绍|会见|出席|在|同|与|和)")
"""This measure's own reading of a name after a title (apart from the one the keywords use)."""
GRAMMAR_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "r", "rr", "rz", "m", "mq", "q", "y", "e", "o"))
"""This measure's words of grammar by jieba's part of speech of the word alone: the closed classes
(prepositions, conjunctions, particles, pronouns, numerals, measure words, modal particles,
interjections, onomatopoeia)."""
EXAMPLES = ("愿同", "双方", "同比")
"""The issue's examples of function words taken as keywords."""


def keywords_of(path: Path) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(keywords, names printed in it) of every article of a text."""
    found = []
    for article in parse_file(path).articles:
        text = "\n".join([article.title, article.text])
        found.append((article_keywords(article, 5), (*article.authors, *TITLED.findall(text))))
    return found


def main() -> None:
    import rjieba

    texts = sorted(CORPUS.glob("*-pages.txt"))
    with ProcessPoolExecutor(2) as pool:
        results = [a for text in pool.map(keywords_of, texts) for a in text]
    per_word = Counter(w for words, _ in results for w in dict.fromkeys(words))
    pages = {w: n for w, n in per_word.items() if n > 1}
    function = {w: n for w, n in per_word.items() if all(t in GRAMMAR_TAGS for _, t in rjieba.tag(w))}
    pieces: Counter[str] = Counter()
    for words, names in results:
        pieces.update(w for w in words if any(w in name and w != name for name in names))
    print(f"articles {len(results)}, keywords {sum(len(w) for w, _ in results)}, distinct {len(per_word)}, "
          f"keyword pages (of more than one article) {len(pages)}")
    print("most articles:", " ".join(f"{w}×{n}" for w, n in per_word.most_common(30)))
    print(f"function words: {len(function)} distinct, {sum(function.values())} article keywords; "
          f"with a page: {sum(1 for w in function if w in pages)}")
    print("  most:", " ".join(f"{w}×{n}" for w, n in Counter(function).most_common(25)))
    print("  the issue's examples:", " ".join(f"{w}×{per_word[w]}" for w in EXAMPLES))
    print(f"name pieces: {len(pieces)} distinct, {sum(pieces.values())} article keywords: "
          + " ".join(f"{w}×{n}" for w, n in pieces.most_common(25)))


if __name__ == "__main__":
    main()
