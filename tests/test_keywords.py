"""Keyword extraction: rjieba's words with jieba's TF-IDF table give exactly jieba.analyse's keywords.

`extract_tags` cuts words with rjieba (jieba's Rust port) and reads jieba's IDF table itself; it
is checked against jieba.analyse's own TF-IDF on every article of the seed and the corpus issue.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.parse import parse_file
from sitegen.site.keywords import STOP_WORDS, _idf, extract_tags

REPO = Path(__file__).resolve().parent.parent
TEXTS = [REPO / "seeds" / "000_24bddb6c18fb181e.txt", REPO.parent / "shared" / "corpus" / "rmrb-2017-03-25-pages.txt"]


def article_texts() -> list[str]:
    texts = []
    for path in TEXTS:
        if path.exists():
            texts += ["\n".join([a.title, a.subtitle or "", a.text]) for a in parse_file(path).articles]
    return texts


def test_extract_tags_equals_jieba_tfidf() -> None:
    import jieba.analyse

    jieba_tfidf = jieba.analyse.TFIDF()
    assert _idf() == (jieba_tfidf.idf_freq, jieba_tfidf.median_idf)
    assert jieba_tfidf.stop_words == STOP_WORDS
    texts = article_texts()
    assert len(texts) >= 6  # the seed's six articles, and the corpus issue's when ../shared is there
    for text in texts:
        assert extract_tags(text, 15) == jieba_tfidf.extract_tags(text, topK=15)
