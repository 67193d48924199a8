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


def test_keywords_are_whole_terms_not_numbers_datelines_or_placeholders() -> None:
    from sitegen.model import Article, Block
    from sitegen.site.keywords import article_keywords

    body = ("新华社北京4月21日电 （记者张三）共建“一带一路”十九国代表在京研讨循环经济。"
            "一带一路倡议提出以来，循环经济合作不断深化，第二十二次会议上各方同意扩大“绿色走廊”。"
            "与会代表表示，一带一路与循环经济相互促进，“绿色走廊”将连接十九国的港口。")
    article = Article(id="x", title="（无标题）", blocks=(Block("paragraph", body),), dateline="新华社北京4月21日电")
    words = article_keywords(article, 5)
    assert {"一带一路", "循环经济", "绿色走廊"} <= set(words), words
    assert not {"一带", "一路", "循环", "日电", "无标题", "十九", "第二十二", "十九国"} & set(words), words
