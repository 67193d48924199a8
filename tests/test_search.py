"""Search: jieba's search fields on the built pages, Pagefind's index (shards, determinism, a failed
index keeping the old site), and the reader's side in a real Chromium under /paper/: the header box,
the search page with filters and sort, highlighted words on the article, and 20 headline words of
the real corpus issue found among the first five results."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import BASE_PATH, REPO, build_project, copy_seed_project, dated_project, serve, snapshot, write_project
from htmldoc import page

from sitegen.config import load_config
from sitegen.errors import BuildError, ConfigError
from sitegen.make import build
from sitegen.search.canonical import SIGNATURE, canonicalize, decode, encode
from sitegen.search.index import shard_glob
from sitegen.search.shards import Shard, plan
from sitegen.search.terms import SearchTokenizer

LEAD = "开展循环经济合作 营造有利“大气候”"
LEAD_PATH = "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/"
CORPUS = REPO.parent / "shared" / "corpus" / "rmrb-2017-03-25-pages.txt"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"

# What a reader types, and the article that must come first (acceptance of issue 4).
FIRST_RESULTS = {
    "循环经济": LEAD,
    "碳达峰": LEAD,
    "专利": "广东中小企业发明专利授权突破5万件",
    "瓯海": "让文化自信的种子在儿童心中扎根",
    "戏曲": "让文化自信的种子在儿童心中扎根",
    "规建治": "合肥实施城市“规建治”一体化改革",
    "田新元": LEAD,
    "中美 合作": LEAD,
}
NOTHING = "鳄鱼"
"""Neither character is anywhere in the seed."""


def meta(doc, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.attrs["content"] for m in doc.find_all("meta", name=name)]


# ---- the hidden search fields -------------------------------------------------------------------

def test_article_pages_carry_filters_sort_and_hidden_search_words(seed_site: Path) -> None:
    doc = page(seed_site, LEAD_PATH)
    head, words = meta(doc, "search:head")[0].split(), meta(doc, "search:words")[0].split()
    assert {"循环经济", "田新元", "新元", "元"} <= set(head)
    assert {"碳达峰", "碳中和", "高质量", "质量"} <= set(words)
    assert not set(head) & set(words)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in head + words)
    assert meta(doc, "search:section") == [] and meta(doc, "search:author") == ["田新元"], "in no section"
    assert meta(doc, "search:date") == ["2024-09-20"]  # the seed is dated by its sidecar
    tag = doc.find("meta", name="search:words")
    assert tag.attrs["data-pagefind-meta"] == "kw[content]"
    sectioned = page(seed_site, "2024/09/20/dongbeisansheng-yi-qu-gong-qian-shenhua/")
    assert sectioned.find("meta", name="search:section").attrs["data-pagefind-filter"] == "section[content]"
    assert doc.find("article", "story").attrs["data-pagefind-body"] == ""


def test_dated_pages_filter_by_year_and_page_and_sort_by_date(dated_site: Path) -> None:
    doc = page(dated_site, "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/")
    assert meta(doc, "search:year") == ["2024"]
    assert meta(doc, "search:page") == ["第01版：要闻"]
    assert meta(doc, "search:date") == ["2024-09-20"]
    assert meta(doc, "search:issue") == ["2024年9月20日 星期五"]


SEED_BUNDLE = "pagefind-2024-09-15/"
"""The seed's issue (20 September 2024) is in the latest month, in its third week."""


def test_non_article_pages_are_not_indexed(seed_site: Path) -> None:
    entry = json.loads((seed_site / SEED_BUNDLE / "pagefind-entry.json").read_text())
    assert entry["languages"]["zh-cn"]["page_count"] == 6
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in home and 'data-search-shards="/paper/search/shards.json"' in home
    assert json.loads((seed_site / "search/shards.json").read_text()) == {"recent": 10000, "shards": [
        {"bundle": SEED_BUNDLE, "from": "2024-09-20", "to": "2024-09-20", "articles": 6}]}


def test_search_words_keep_the_edition_terms_whole_and_find_pieces_of_words() -> None:
    tokenizer = SearchTokenizer(["规建治", "田新元"])
    tokens = tokenizer.tokens("合肥实施城市“规建治”一体化改革，本报记者田新元，推动高质量发展")
    assert {"规建治", "建治", "治", "田新元", "新元", "高质量", "质量", "一体化", "体化"} <= set(tokens)
    assert len(tokens) == len(set(tokens))


def test_the_search_dictionary_changes_neither_jieba_nor_slugs() -> None:
    import jieba

    from sitegen.slug import slugify

    title = "合肥实施城市“规建治”一体化改革 田新元谈瓯海传戏"
    before = (jieba.lcut(title), slugify(title))
    SearchTokenizer(["规建治", "田新元", "瓯海传戏", "城市规建"]).tokens(title)
    assert (jieba.lcut(title), slugify(title)) == before


# ---- the index: shards, no-search, failures -----------------------------------------------------

def test_the_index_is_in_shards_by_period(tmp_path: Path) -> None:
    project = dated_project(tmp_path)
    (project / "sitegen.toml").write_text('title = "测试日报"\nsearch_shard_size = 12\n', encoding="utf-8")
    site = build_project(project)
    bundles = ["pagefind-2024-10-08/", "pagefind-2024-09/", "pagefind-undated/"]
    assert sorted(p.name + "/" for p in site.glob("pagefind*")) == sorted(bundles)
    counts = [json.loads((site / b / "pagefind-entry.json").read_text())["languages"]["zh-cn"]["page_count"]
              for b in bundles]
    assert counts == [12, 12, 6]
    for bundle in bundles:  # each can be the first the browser opens; none has Pagefind's UIs
        kept = {p.name for p in (site / bundle).iterdir()}
        assert {"pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"} <= kept
        assert not (site / bundle / "pagefind-ui.js").exists()
    assert json.loads((site / "search/shards.json").read_text())["shards"] == [
        {"bundle": "pagefind-2024-10-08/", "from": "2024-10-08", "to": "2024-10-08", "articles": 12},
        {"bundle": "pagefind-2024-09/", "from": "2024-09-20", "to": "2024-09-21", "articles": 12},
        {"bundle": "pagefind-undated/", "from": None, "to": None, "articles": 6}]
    header = page(site, "").find("form", "site-search")
    assert header.attrs["data-search-shards"] == BASE_PATH + "search/shards.json"


def issues(*spec: tuple[str, int]) -> list:  # type: ignore[type-arg]
    """Plan input: (date or path of an undated issue, articles), newest first."""
    from sitegen.search.shards import _Issue

    found = []
    for name, articles in spec:
        date = dt.date.fromisoformat(name) if name[:2] == "20" else None
        found.append(_Issue(date, f"{name.replace('-', '/')}/" if date else f"issues/{name}/", articles))
    return found


def layout(shards: tuple[Shard, ...]) -> list[tuple[str, int]]:
    return [(s.bundle, s.articles) for s in shards]


def test_shards_follow_time_weeks_of_the_latest_month_months_and_small_years() -> None:
    days = [(d.isoformat(), 80) for d in (dt.date(2026, 6, 30) - dt.timedelta(days=n) for n in range(700))]
    shards = plan(issues(*days, ("a", 5)), 2000)
    assert layout(shards)[:7] == [
        ("pagefind-2026-06-29/", 160), ("pagefind-2026-06-22/", 560), ("pagefind-2026-06-15/", 560),
        ("pagefind-2026-06-08/", 560), ("pagefind-2026-06-01/", 560), ("pagefind-2026-05-2/", 480),
        ("pagefind-2026-05-1/", 2000)]
    assert layout(shards)[-4:] == [("pagefind-2024-08-2/", 480), ("pagefind-2024-08-1/", 2000),
                                   ("pagefind-2024-07/", 80), ("pagefind-undated/", 5)]
    assert max(s.articles for s in shards) <= 2000
    assert (shards[0].first, shards[0].last) == (dt.date(2026, 6, 29), dt.date(2026, 6, 30))
    weekly = [(d.isoformat(), 30) for d in (dt.date(2026, 6, 26) - dt.timedelta(days=7 * n) for n in range(120))]
    assert [b for b, _ in layout(plan(issues(*weekly), 2000))] == [
        "pagefind-2026-06-22/", "pagefind-2026-06-15/", "pagefind-2026-06-08/", "pagefind-2026-06-01/",
        *(f"pagefind-2026-{m:02d}/" for m in range(5, 0, -1)), "pagefind-2025/", "pagefind-2024/"]


def test_a_day_added_changes_only_its_week_and_a_new_month_only_the_month_before() -> None:
    days = [(d.isoformat(), 25) for d in (dt.date(2026, 6, 29) - dt.timedelta(days=n) for n in range(4000))]
    before = plan(issues(*days), 2000)
    after = plan(issues(("2026-06-30", 76), *days), 2000)
    assert [s for s in after if s not in before] == [after[0]] and after[0].bundle == "pagefind-2026-06-29/"
    assert len(before) == len(after) and max(s.articles for s in after) <= 2000
    july = plan(issues(("2026-07-01", 76), ("2026-06-30", 76), *days), 2000)
    changed = [s.bundle for s in july if s not in after]
    assert changed == ["pagefind-2026-07-01/", "pagefind-2026-06/"]
    edited = plan(issues(*days[:1000], (days[1000][0], 30), *days[1001:]), 2000)
    assert len([s for s in edited if s not in before]) == 1


def test_shard_globs_name_whole_issue_directories() -> None:
    assert shard_glob(Shard("pagefind-2024-09/", ("2024/09/21/",), 6)) == "2024/09/21/**/*.html"
    assert shard_glob(Shard("pagefind-2024/", ("2024/10/08/a/", "issues/x/"), 12)) == \
        "{2024/10/08/a,issues/x}/**/*.html"


def test_no_search_builds_no_index_and_says_so(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    report = build(load_config(None, base_url=BASE_PATH, cwd=project), search=False)
    site = project / "site"
    assert not list(site.glob("pagefind*")) and "search" not in report.timings
    assert not (site / "search/shards.json").exists()
    assert "data-search-shards" not in (site / "index.html").read_text(encoding="utf-8")
    assert "本站没有建立全文索引" in page(site, "search/").find("p", "search-note").text
    assert not page(site, LEAD_PATH).find_all("meta", name="search:words")


def test_a_failed_index_leaves_the_old_site(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    site = build_project(project)
    before = (site / SEED_BUNDLE / "pagefind-entry.json").read_bytes()
    article = (REPO / "sitegen/themes/default/templates/article.html").read_text(encoding="utf-8")
    write_project(project, {"templates/article.html": article.replace(" data-pagefind-body", "")})
    message = (f"search index {SEED_BUNDLE}: Pagefind indexed 7 pages, expected 6 articles; "
               "do the article pages still carry data-pagefind-body?")
    with pytest.raises(BuildError, match=f"^{re.escape(message)}$"):
        build_project(project)
    assert (site / SEED_BUNDLE / "pagefind-entry.json").read_bytes() == before
    assert 'data-pagefind-body' in (site / LEAD_PATH / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in project.iterdir() if p.name.startswith(".site-")] == []


def test_filter_values_in_any_order_give_the_same_index(seed_site: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(seed_site / SEED_BUNDLE, bundle)
    canonical = snapshot(bundle)
    assert canonicalize(bundle) and snapshot(bundle) == canonical
    chunk = next(p for p in (bundle / "filter").glob("*.pf_filter")
                 if len(decode(gzip.decompress(p.read_bytes())[len(SIGNATURE):], 0)[0][1]) > 2)
    name, values = decode(gzip.decompress(chunk.read_bytes())[len(SIGNATURE):], 0)[0]
    chunk.write_bytes(gzip.compress(SIGNATURE + encode([name, values[::-1]])))
    assert snapshot(bundle) != canonical
    assert canonicalize(bundle) and snapshot(bundle) == canonical


def test_an_index_it_cannot_read_is_left_as_it_is(seed_site: Path, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(seed_site / SEED_BUNDLE, bundle)
    chunk = sorted((bundle / "filter").glob("*.pf_filter"))[0]
    chunk.write_bytes(gzip.compress(SIGNATURE + b"\xa1\x61a\x01"))
    before = snapshot(bundle)
    assert not canonicalize(bundle)
    assert snapshot(bundle) == before
    assert caplog.messages == [f"search index pagefind: left as Pagefind wrote it ({chunk.name}: "
                               "CBOR major type 5 not read); the build will not be byte-identical"]


def test_search_settings_are_checked(tmp_path: Path) -> None:
    write_project(tmp_path, {"sitegen.toml": 'search_shard_size = 0\nsearch_words = ["循环经济", 3]\n'})
    with pytest.raises(ConfigError) as error:
        load_config(None, cwd=tmp_path)
    assert str(error.value).splitlines() == [
        "sitegen.toml: 'search_shard_size' must be at least 1, not 0",
        "sitegen.toml: 'search_words' must be an array of non-empty strings",
    ]


def test_search_words_from_the_config_stay_whole(tmp_path: Path, seed_site: Path) -> None:
    project = copy_seed_project(tmp_path)
    config = (project / "sitegen.toml").read_text(encoding="utf-8")
    (project / "sitegen.toml").write_text('search_words = ["家园是人类"]\n' + config, encoding="utf-8")
    site = build_project(project)
    assert "家园是人类" in meta(page(site, LEAD_PATH), "search:words")[0].split()
    assert "家园是人类" not in meta(page(seed_site, LEAD_PATH), "search:words")[0].split()


# ---- in the browser -----------------------------------------------------------------------------

def open_tab(browser, url: str, width: int = 1280, scheme: str = "light"):  # type: ignore[no-untyped-def]
    """A fresh page that records console errors and any request leaving url."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    tab.errors, tab.outside = [], []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("request", lambda r: None if r.url.startswith(url) else tab.outside.append(r.url))
    return tab


def close_clean(tab) -> None:  # type: ignore[no-untyped-def]
    """Close the tab; it must have logged no error and fetched nothing outside the site."""
    errors, outside = tab.errors, tab.outside
    tab.context.close()
    assert errors == [] and outside == []


def search_page(tab, url: str, query: str = "", **params: str):  # type: ignore[no-untyped-def]
    """Open /search/ with the query and filters in the URL; wait for the answer."""
    args = "&".join(f"{k}={quote(v)}" for k, v in {"q": query, **params}.items() if v)
    tab.goto(f"{url}search/?{args}")
    tab.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                          " return s && s !== '正在搜索…'; }")
    return tab


def status(tab) -> str:  # type: ignore[no-untyped-def]
    return tab.inner_text("#search-status")


def titles(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return tab.locator(".result-title").all_inner_texts()


def suggestions(tab, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into the header box; the titles it offers (its last line when it offers none)."""
    tab.fill("#site-search-q", query)
    tab.wait_for_function(
        "q => { const last = document.querySelector('.search-suggest:not([hidden]) .suggest-all');"
        " if (!last) return false; const a = last.querySelector('a');"
        " return a ? decodeURIComponent(a.href).endsWith('q=' + q) : last.textContent.includes(q); }", arg=query)
    found = tab.locator(".search-suggest .suggest-title").all_inner_texts()
    return found or [tab.inner_text(".search-suggest .suggest-all")]


@pytest.mark.browser
@pytest.mark.parametrize("query", list(FIRST_RESULTS))
def test_the_header_box_offers_the_right_article_first(browser, seed_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(browser, seed_url)
    tab.goto(seed_url + LEAD_PATH)
    assert suggestions(tab, query)[0] == FIRST_RESULTS[query]
    close_clean(tab)


@pytest.mark.browser
@pytest.mark.parametrize("query", list(FIRST_RESULTS))
def test_the_search_page_shows_the_right_article_first(browser, seed_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    tab = search_page(open_tab(browser, seed_url), seed_url, query)
    assert titles(tab)[0] == FIRST_RESULTS[query]
    assert status(tab).startswith("找到 ")
    close_clean(tab)


@pytest.mark.browser
def test_a_piece_of_a_word_is_found_marked_and_highlighted_on_the_article(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(browser, seed_url)
    tab.goto(seed_url)
    offered = suggestions(tab, "质量")
    assert offered and not offered[0].startswith("未找到")
    search_page(tab, seed_url, "质量")
    first = tab.locator(".result").first
    assert "质量" in first.locator(".result-excerpt mark").all_inner_texts()
    assert "高质量" in first.locator(".result-excerpt").inner_text()
    first.locator(".result-title a").click()
    tab.wait_for_load_state("load")
    assert tab.url.endswith("?highlight=" + quote("质量"))
    hits = tab.locator("mark.search-hit").all_inner_texts()
    assert hits and set(hits) == {"质量"}
    assert "高质量" in tab.locator(".story-body").inner_text()
    close_clean(tab)


@pytest.mark.browser
def test_a_query_with_no_match_says_so(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = search_page(open_tab(browser, seed_url), seed_url, NOTHING)
    assert status(tab) == f"未找到与“{NOTHING}”相关的文章。换个说法，或减少筛选条件试试。"
    assert titles(tab) == []
    assert suggestions(tab, NOTHING) == [f"未找到包含“{NOTHING}”的文章"]
    close_clean(tab)


@pytest.mark.browser
def test_results_holding_only_some_of_the_words_are_marked_as_such(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = search_page(open_tab(browser, seed_url), seed_url, "外星人")
    assert status(tab).startswith("未找到包含“外星人”的文章；以下")
    assert titles(tab) and tab.locator(".result-partial").count() == len(titles(tab))
    close_clean(tab)


@pytest.mark.browser
def test_a_reporter_brings_every_article_of_theirs_first(browser, dated_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = search_page(open_tab(browser, dated_url), dated_url, "田新元")
    assert titles(tab)[:5] == [LEAD] * 5
    close_clean(tab)


def result_count(tab) -> int:  # type: ignore[no-untyped-def]
    found = re.match(r"(?:找到|共) (\d+) 篇", status(tab))
    assert found, status(tab)
    return int(found.group(1))


@pytest.mark.browser
def test_filters_narrow_the_results(browser, dated_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(browser, dated_url)
    everything = result_count(search_page(tab, dated_url, "合作"))
    in_2024 = result_count(search_page(tab, dated_url, "合作", year="2024"))
    assert 0 < in_2024 < everything
    search_page(tab, dated_url, "合作", section="要闻速递")
    metas = tab.locator(".result-meta").all_inner_texts()
    assert metas and all(m.endswith("要闻速递") for m in metas) and len(metas) < everything
    search_page(tab, dated_url, "合作", page="第02版：经济")
    metas = tab.locator(".result-meta").all_inner_texts()
    assert metas and all(m.startswith("2024年9月20日 星期五 · 第02版：经济 · ") for m in metas)
    search_page(tab, dated_url, author="田新元")
    assert titles(tab) == [LEAD] * 5 and status(tab) == "共 5 篇文章，按日期排列，新的在前"
    assert tab.input_value("select[name=author]") == "田新元"
    tab.select_option("select[name=author]", "")
    tab.select_option("select[name=year]", "2024")
    tab.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('共 ')")
    assert result_count(tab) == 24 and tab.url.endswith("?year=2024")
    close_clean(tab)


def result_dates(tab) -> list[str]:  # type: ignore[no-untyped-def]
    """ISO dates of the results shown, `0000-00-00` for an undated issue."""
    dates = []
    for line in tab.locator(".result-meta").all_inner_texts():
        found = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line)
        dates.append(f"{found[1]}-{int(found[2]):02d}-{int(found[3]):02d}" if found else "0000-00-00")
    return dates


@pytest.mark.browser
def test_results_sort_by_date(browser, dated_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(browser, dated_url)
    newest = result_dates(search_page(tab, dated_url, "合作", sort="date:desc"))
    oldest = result_dates(search_page(tab, dated_url, "合作", sort="date:asc"))
    assert newest == sorted(newest, reverse=True) and newest[0] == "2024-10-08"
    assert oldest == sorted(oldest) and oldest[0] == "0000-00-00"
    close_clean(tab)


@pytest.fixture(scope="module")
def sharded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The five-issue project indexed in three shards (12, 12 and 6 articles)."""
    project = dated_project(tmp_path_factory.mktemp("sharded"))
    (project / "sitegen.toml").write_text('title = "测试日报"\nsearch_shard_size = 12\n', encoding="utf-8")
    yield from serve(build_project(project))


@pytest.mark.browser
def test_the_browser_merges_the_shards(browser, sharded_url: str, dated_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(browser, sharded_url)
    assert titles(search_page(tab, sharded_url, "田新元"))[:5] == [LEAD] * 5
    merged = result_count(tab)
    search_page(tab, sharded_url, "合作", sort="date:desc")
    dates = result_dates(tab)
    tab.click("#search-more button")
    tab.wait_for_function("n => document.querySelectorAll('.result').length > n", arg=len(dates))
    dates = result_dates(tab)
    assert dates == sorted(dates, reverse=True) and dates[0] == "2024-10-08" and dates[-1] < "2024-09-21"
    close_clean(tab)
    single = open_tab(browser, dated_url)
    assert result_count(search_page(single, dated_url, "田新元")) == merged
    close_clean(single)


@pytest.fixture(scope="module")
def recent_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The five-issue project in three shards, searching first the newest 12 articles (and the undated)."""
    project = dated_project(tmp_path_factory.mktemp("recent"))
    (project / "sitegen.toml").write_text('title = "测试日报"\nsearch_shard_size = 12\nsearch_recent = 12\n',
                                          encoding="utf-8")
    yield from serve(build_project(project))


@pytest.mark.browser
def test_the_search_page_searches_the_recent_shards_first_and_every_year_on_request(  # type: ignore[no-untyped-def]
        browser, recent_url: str) -> None:
    tab = open_tab(browser, recent_url)
    bundles: list[str] = []
    tab.on("request", lambda r: bundles.append(r.url.split("/")[-2]) if r.url.endswith(".pf_meta") else None)
    search_page(tab, recent_url, "田新元")
    assert result_count(tab) == 3 and sorted(result_dates(tab)) == ["0000-00-00", "2024-10-08", "2024-10-08"]
    assert sorted(bundles) == ["pagefind-2024-10-08", "pagefind-undated"], "September is not loaded"
    scope = tab.locator("#search-scope")
    assert scope.is_visible() and scope.inner_text().startswith("只搜索了2024年10月以来的文章。")
    scope.locator("button").click()
    tab.wait_for_function("() => /找到 5 篇/.test(document.getElementById('search-status').textContent)")
    assert "years=all" in tab.url and not scope.is_visible()
    assert sorted(bundles) == ["pagefind-2024-09", "pagefind-2024-10-08", "pagefind-undated"]
    search_page(tab, recent_url, "田新元", year="2024")  # an older year picked: its shards are loaded
    assert result_count(tab) == 4 and "0000-00-00" not in result_dates(tab)
    close_clean(tab)


@pytest.mark.browser
def test_screenshots_of_the_search_page_and_the_header_box(browser, dated_url: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    for width, scheme in ((1280, "light"), (375, "light"), (375, "dark")):
        tab = search_page(open_tab(browser, dated_url, width, scheme), dated_url, "循环经济")
        name = f"search-{width}" + ("-dark" if scheme == "dark" else "")
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert tab.evaluate("[document.documentElement.scrollWidth, innerWidth]")[0] <= width
        tab.goto(dated_url)
        suggestions(tab, "合作")
        tab.screenshot(path=str(ARTIFACTS / f"search-box-{width}{'-dark' if scheme == 'dark' else ''}.png"))
        close_clean(tab)


# ---- the real corpus issue as a second edition --------------------------------------------------

@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CORPUS.exists():
        pytest.skip(f"no corpus issue at {CORPUS}")
    project = copy_seed_project(tmp_path_factory.mktemp("corpus"))
    shutil.copy2(CORPUS, project / "seeds" / CORPUS.name)
    yield from serve(build_project(project))


def headline_words(count: int) -> list[tuple[str, str]]:
    """(word, headline) for the first `count` corpus headlines: each one's longest word of two or more
    Han characters by jieba's own dictionary (the first of equals), as a reader might search it."""
    import jieba

    from sitegen.parse import parse_file

    tokenizer = jieba.Tokenizer()
    picked = []
    for article in parse_file(CORPUS).articles:
        words = [w for w in tokenizer.cut(article.title, HMM=False) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)]
        if words:
            picked.append((max(words, key=len), " ".join(article.title.split())))
    return picked[:count]


@pytest.mark.browser
def test_twenty_headline_words_of_the_corpus_find_their_article_in_the_first_five(browser, corpus_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(browser, corpus_url)
    missed = []
    picked = headline_words(20)
    assert len(picked) == 20
    for word, headline in picked:
        shown = [" ".join(t.split()) for t in titles(search_page(tab, corpus_url, word))][:5]
        if headline not in shown:
            missed.append((word, headline, shown))
    assert missed == []
    close_clean(tab)


# ---- a real edition: three issues of the 2026 corpus (benchmarks/search_quality.py --small) ----------

@functools.cache
def quality_bench():  # type: ignore[no-untyped-def]
    """benchmarks/search_quality.py as a module."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("search_quality", REPO / "benchmarks" / "search_quality.py")
    assert spec and spec.loader
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three real issues (about 135 articles) built under /paper/ as the benchmark builds them."""
    bench = quality_bench()
    if not bench.CORPUS.is_dir():
        pytest.skip(f"no corpus at {bench.CORPUS}")
    return bench.build_site(bench.make_project(tmp_path_factory.mktemp("edition"), bench.corpus_issues(3), True))


@pytest.fixture(scope="module")
def edition_url(edition: Path) -> Iterator[str]:
    yield from serve(edition)


def holders(site: Path, query: str) -> dict[str, bool]:
    """The oracle: path of each article whose text holds query (white space ignored) → in its title?"""
    bench = quality_bench()
    found = {}
    for path in site.rglob("article.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = [data.get(k) or "" for k in ("kicker", "title", "subtitle", "byline", "signoff")]
        text += [b.get("text") or "" for b in data["blocks"]]
        if query in bench.squash("\n".join(text)):
            found[data["url"]] = query in bench.squash(data["title"])
    return found


def shown(tab) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """(path, partial?) of each result shown, in order, and ("divider", …) where the divider is."""
    return tab.eval_on_selector_all(
        "#search-results > li",
        "items => items.map(li => li.classList.contains('result-divider') ? ['divider', li.textContent]"
        " : [new URL(li.querySelector('a').href).pathname, li.classList.contains('result-partial')])")


def test_the_benchmark_makes_one_answer_queries_from_the_gold(edition: Path) -> None:
    bench = quality_bench()
    queries = bench.make_queries(bench.corpus_issues(3), edition, 40)
    assert len(queries) == 40 and len({q.text for q in queries}) == 40
    assert {q.kind for q in queries} == {"headline", "body", "name", "place"}
    for query in queries:
        assert list(holders(edition, query.text)) == [query.target]
    assert queries == bench.make_queries(bench.corpus_issues(3), edition, 40)


@pytest.mark.browser
def test_forty_remembered_phrases_find_their_article_first(browser, edition: Path) -> None:  # type: ignore[no-untyped-def]
    """The test-suite size of benchmarks/search_quality.py: hit@1 of at least 0.95 through the real page."""
    bench = quality_bench()
    queries = bench.make_queries(bench.corpus_issues(3), edition, 40)
    score = bench.run_queries(edition, queries, "sitegen", plain=False, browser=browser)
    missed = [(q.text, r) for q, r in zip(queries, score.ranks, strict=True) if r != 1]
    assert score.at(1) >= 0.95, missed


def article_texts(site: Path) -> dict[str, tuple[str, str]]:
    """URL → (title, whole text without white space) of every article of the built site."""
    bench = quality_bench()
    found = {}
    for path in sorted(site.rglob("article.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = [data.get(k) or "" for k in ("kicker", "title", "subtitle", "byline", "signoff")]
        text += [b.get("text") or "" for b in data["blocks"]]
        found[data["url"]] = (bench.squash(data["title"]), bench.squash("\n".join(text)))
    return found


def common_phrase(site: Path) -> str:
    """A phrase of two words (three or four characters) that three to eight articles hold, in the title of
    some and only in the text of others: the first such pair of the edition's headlines, so the choice
    is stable, and two words so that a search for it also finds articles holding only one of them."""
    import jieba

    texts = article_texts(site)
    for title, _ in texts.values():
        words = jieba.lcut(title)
        for first, second in itertools.pairwise(words):
            phrase = first + second
            if not 3 <= len(phrase) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in phrase):
                continue
            holding = [t for t, text in texts.values() if phrase in text]
            if 3 <= len(holding) <= 8 and any(phrase not in t for t in holding):
                return phrase
    raise AssertionError("no headline phrase held by three to eight articles")


def lone_phrases(site: Path, count: int) -> list[str]:
    """Phrases of three to five characters, two words of the text side by side, that one article holds
    whole while many others hold each of its characters apart: where the pieces could win."""
    import jieba

    texts = article_texts(site)
    phrases: list[str] = []
    for _, text in texts.values():
        words = jieba.lcut(text[len(text) // 2:][:200])
        for first, second in itertools.pairwise(words[1:]):
            phrase = first + second
            if not 3 <= len(phrase) <= 5 or not all("\u4e00" <= c <= "\u9fff" for c in phrase):
                continue
            if sum(phrase in t for _, t in texts.values()) == 1 and \
                    all(sum(c in t for _, t in texts.values()) >= 10 for c in phrase):
                phrases.append(phrase)
                break
        if len(phrases) == count:
            return phrases
    raise AssertionError(f"fewer than {count} lone phrases")


@pytest.mark.browser
def test_articles_holding_the_phrase_come_first_titles_first_and_are_counted(browser, edition: Path,  # type: ignore[no-untyped-def]
                                                                            edition_url: str) -> None:
    query = common_phrase(edition)
    truth = holders(edition, query)
    tab = search_page(open_tab(browser, edition_url), edition_url, query)
    rows = shown(tab)
    divider = [n for n, (path, _) in enumerate(rows) if path == "divider"]
    assert len(truth) >= 3 and divider == [len(truth)]
    exact = [path for path, _ in rows[:len(truth)]]
    assert set(exact) == set(truth) and all(not partial for _, partial in rows[:len(truth)])
    in_title = [truth[p] for p in exact]
    assert in_title == sorted(in_title, reverse=True)
    assert all(partial and path not in truth for path, partial in rows[len(truth) + 1:])
    total = tab.evaluate("() => document.querySelectorAll('.result').length")
    found = re.fullmatch(rf"找到 {len(truth)} 篇包含“{query}”的文章，另有 (\d+) 篇只包含其中的部分字词", status(tab))
    assert found, status(tab)
    assert rows[len(truth)][1] == f"以下 {found[1]} 篇只包含“{query}”中的部分字词"
    assert int(found[1]) >= total - len(truth) - 1 > 0
    close_clean(tab)


@pytest.mark.browser
def test_a_phrase_beats_its_pieces_found_apart(browser, edition: Path, edition_url: str) -> None:  # type: ignore[no-untyped-def]
    """Phrases whose characters many articles hold apart: the one article holding it comes first,
    alone above the divider."""
    tab = open_tab(browser, edition_url)
    for query in lone_phrases(edition, 4):
        truth = holders(edition, query)
        assert truth, query
        rows = shown(search_page(tab, edition_url, query))
        assert [p for p, _ in rows[:len(truth)]] == list(truth) and rows[len(truth)][0] == "divider", (query, rows)
        assert status(tab).startswith(f"找到 {len(truth)} 篇包含“{query}”的文章，另有 ")
    close_clean(tab)


@pytest.mark.browser
def test_filters_offer_only_values_with_results(browser, edition: Path, edition_url: str) -> None:  # type: ignore[no-untyped-def]
    tab = search_page(open_tab(browser, edition_url), edition_url, common_phrase(edition))
    options = tab.eval_on_selector_all(
        "select[name=author] option[value]:not([value=''])", "os => os.map(o => [o.hidden, o.textContent])")
    offered = [label for hidden, label in options if not hidden]
    assert offered and len(offered) < len(options)
    assert all(not label.endswith("（0）") for label in offered)
    assert all(label.endswith("（0）") for hidden, label in options if hidden)
    close_clean(tab)


@pytest.mark.browser
def test_the_search_page_does_not_move_when_results_arrive(browser, edition: Path, edition_url: str) -> None:  # type: ignore[no-untyped-def]
    for width in (1280, 375):
        tab = open_tab(browser, edition_url, width)
        tab.add_init_script("window.__shift = 0; new PerformanceObserver(list => list.getEntries().forEach("
                            "e => { if (!e.hadRecentInput) window.__shift += e.value; }))"
                            ".observe({ type: 'layout-shift', buffered: true });")
        search_page(tab, edition_url, common_phrase(edition))
        tab.wait_for_timeout(300)
        assert tab.evaluate("window.__shift") < 0.01
        close_clean(tab)


def test_names_and_the_dateline_place_are_in_the_head_field(edition: Path) -> None:
    places = names = 0
    for path in sorted(edition.rglob("article.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        head = set(meta(page(edition, data["url"].removeprefix(BASE_PATH)), "search:head")[0].split())
        place = re.match(r"^据?(?:本报|新华社)([\u4e00-\u9fff]{2,6}?)\d{1,2}月\d{1,2}日电", data["dateline"] or "")
        if place:
            assert place[1] in head, data["url"]
            places += 1
        assert {part for name in data["authors"] for part in re.split(r"·", name)} <= head
        names += len(data["authors"])
    assert places >= 20 and names >= 50
