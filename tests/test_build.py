"""`sitegen build`: every page type, the seed's six articles, config errors, template errors,
escaping of seed text, atomic output and byte-identical rebuilds — asserted on the built files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import (
    BASE_PATH,
    SITE_URL,
    build_project,
    clean_site,
    copy_seed_project,
    dated_project,
    snapshot,
    write_project,
)
from htmldoc import SITEMAP, jsonld, page, parse_html, sitemap_urls

from sitegen.cli import main
from sitegen.config import load_config
from sitegen.errors import BuildError, ConfigError
from sitegen.make import build
from sitegen.render.renderer import SiteInfo

ISSUE = "2024/09/20/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = SiteInfo(title="测试日报", description="", language="zh-CN", nav=(), static_pages=(), feed=None,
                list_page_size=50)
"""What every page knows of the site, for route functions called alone."""


def FakeEntry(day: dt.date) -> SimpleNamespace:  # noqa: N802
    """What the archive's pages read of an issue of that day (equal for equal days)."""
    return SimpleNamespace(issue=SimpleNamespace(date=day, id=day.isoformat()), title=day.isoformat())

# The seed's six articles as a reader must see them: title, section (栏目; the lead story is printed
# under no column label on a page with no name, so it is in none), subtitle, byline, subheads, figure
# caption (with credit).
ARTICLES = {
    "kaizhan-xunhuan-jingji-hezuo-yingzao": dict(
        title="开展循环经济合作 营造有利“大气候”", section=None, subtitle=None, byline="本报记者 田新元",
        subheads=["我国“双碳”工作取得积极进展", "中美循环经济合作前景广阔", "围绕相关议题深入讨论"],
        figure="近年来，东北地区围绕资源优势加速布局清洁能源产业，持续加快风能、光能、氢能等新能源产业建设，"
               "为全面振兴提供新动能。图为内蒙古自治区通辽市238万千瓦风电项目。",
    ),
    "dongbeisansheng-yi-qu-gong-qian-shenhua": dict(
        title="东北三省一区共签深化科技合作框架协议", section="要闻速递", subtitle=None,
        byline="本报讯 记者施文郁报道", subheads=[], figure=None,
    ),
    "guangdong-zhongxiaoqiye-famingzhuanli": dict(
        title="广东中小企业发明专利授权突破5万件", section="要闻速递", subtitle=None,
        byline="本报讯 记者罗勉报道", subheads=[], figure=None,
    ),
    "hefei-shishi-chengshi-gui-jian-zhi": dict(
        title="合肥实施城市“规建治”一体化改革", section="要闻速递", subtitle=None, byline="本报讯",
        subheads=[], figure=None,
    ),
    "xianning-pi-gong-heyi-youhua-tudiyaosu": dict(
        title="咸宁“批供合一”优化土地要素配置", section="要闻速递", subtitle=None,
        byline="本报讯 陈仕源 记者李宏伟报道", subheads=[], figure=None,
    ),
    "rang-wenhua-zixin-de-zhongzi-zai-ertong": dict(
        title="让文化自信的种子在儿童心中扎根", section="高质量发展看县域",
        subtitle="温州市瓯海区以“瓯海传戏”为主题，大力弘扬中华优秀传统文化，用文化赋能经济转型升级",
        byline="本报记者 赵庆国", subheads=[], figure=None,
    ),
}


# ---- the seed site: every page type ----------------------------------------------------------

def test_every_page_type_is_built(seed_site: Path) -> None:
    expected = [
        "index.html", "archive/index.html", f"{ISSUE}index.html", "sections/index.html",
        "sections/yaowen-sudi/index.html", "sections/yaowen-sudi/feed.xml", "authors/index.html",
        "authors/tian-xinyuan/index.html", "keywords/index.html", "search/index.html", "404.html",
        "feed.xml", "sitemap/index.html", "robots.txt", ".nojekyll", "about/index.html", "archive/dates.json",
        "assets/style.css", "assets/site.js", "assets/favicon.svg",
    ]
    for slug in ARTICLES:
        expected += [f"{ISSUE}{slug}/index.html", f"{ISSUE}{slug}/article.txt", f"{ISSUE}{slug}/article.json"]
    missing = [p for p in expected if not (seed_site / p).is_file()]
    assert missing == []


def test_home_shows_masthead_lead_and_sections(seed_site: Path) -> None:
    home = page(seed_site, "")
    assert home.find("html").attrs["lang"] == "zh-CN"
    assert home.find("h1", "masthead-name").text == "中国经济导报"
    assert home.find(cls="masthead-date").text == "2024年9月20日 星期五", "the seed's sidecar dates it"
    assert home.find(cls="teaser-lead").find("h3").text == ARTICLES["kaizhan-xunhuan-jingji-hezuo-yingzao"]["title"]
    assert home.texts("h2", "section-head") == ["要闻速递", "高质量发展看县域"]
    links = {a.attrs["href"] for a in home.find_all("a")}
    assert f"{BASE_PATH}archive/" in links
    assert {f"{BASE_PATH}{ISSUE}{slug}/" for slug in ARTICLES} <= links


def test_issue_page_lists_every_article_with_its_furniture(seed_site: Path) -> None:
    issue = page(seed_site, ISSUE)
    assert issue.find("h1").text == "2024年9月20日 星期五 中国经济导报"
    assert issue.find_all("ol", "board") == [], "an issue without page markers keeps its sections"
    nav = issue.find("nav", "issue-nav")
    assert [a.text for a in nav.find_all("a")] == ["本期文章", "要闻速递", "高质量发展看县域"]
    for a in nav.find_all("a"):
        anchor = a.attrs["href"].split("#")[1]
        assert issue.find_all(id=anchor), f"section nav points to a missing anchor #{anchor}"
    teasers = issue.find_all("article", "teaser")
    assert [t.find(cls="teaser-title").text for t in teasers] == [a["title"] for a in ARTICLES.values()]
    for teaser, expected in zip(teasers, ARTICLES.values(), strict=True):
        assert teaser.find(cls="byline").text == expected["byline"]
        assert teaser.find(cls="excerpt").text
        subtitles = teaser.texts("p", "subtitle")
        assert subtitles == ([f"——{expected['subtitle']}"] if expected["subtitle"] else [])
    sections = issue.find_all("section", "issue-section")
    assert [s.find(cls="section-head").text.split()[0] for s in sections] == \
        ["本期文章", "要闻速递", "高质量发展看县域"]
    assert [bool(s.find_all("a", "section-more")) for s in sections] == [False, True, True], "no section, no page"


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_article_page_shows_the_article_as_printed(seed_site: Path, slug: str) -> None:
    expected = ARTICLES[slug]
    doc = page(seed_site, f"{ISSUE}{slug}/")
    story = doc.find("article", "story")
    assert story.find("h1").text == expected["title"]
    assert story.texts("p", "subtitle") == ([f"——{expected['subtitle']}"] if expected["subtitle"] else [])
    assert story.find("p", "byline").text == expected["byline"]
    assert story.texts("h2", "subhead") == expected["subheads"]
    meta = story.find(cls="story-meta").texts("a")
    assert meta == ["2024年9月20日 星期五", *([expected["section"]] if expected["section"] else [])]
    crumbs = doc.find("nav", "crumbs").texts("li")
    assert crumbs == ["中国经济导报", "2024年9月20日 星期五", *([expected["section"]] if expected["section"] else []),
                      expected["title"]]
    if expected["figure"]:
        caption = story.find("figcaption")
        assert caption.text == f"{expected['figure']} 新华社记者 连振 摄"
    else:
        assert story.find_all("figure") == []
    assert story.attrs.get("data-pagefind-body") == ""


def test_article_page_links_authors_keywords_related_and_neighbours(seed_site: Path) -> None:
    doc = page(seed_site, f"{ISSUE}xianning-pi-gong-heyi-youhua-tudiyaosu/")
    byline_links = doc.find("p", "byline").find_all("a")
    assert [(a.text, a.attrs["href"]) for a in byline_links] == [
        ("陈仕源", f"{BASE_PATH}authors/chen-shiyuan/"), ("李宏伟", f"{BASE_PATH}authors/li-hongwei/")]
    assert doc.find_all("ul", "tags") == [], "no keyword of this article is another's: none has a page"
    pager = doc.find("nav", "story-pager")
    assert pager.find("a", "prev").attrs["href"] == f"{BASE_PATH}{ISSUE}hefei-shishi-chengshi-gui-jian-zhi/"
    assert pager.find("a", "next").attrs["href"] == f"{BASE_PATH}{ISSUE}rang-wenhua-zixin-de-zhongzi-zai-ertong/"
    assert pager.find("a", "to-issue").attrs["href"].startswith(f"{BASE_PATH}{ISSUE}#")
    related = doc.find("aside", "related").find_all("a")
    assert 1 <= len(related) <= 4
    assert f"{BASE_PATH}{ISSUE}xianning-pi-gong-heyi-youhua-tudiyaosu/" not in [a.attrs["href"] for a in related]


def test_article_has_citation_permalink_and_signoff(seed_site: Path) -> None:
    doc = page(seed_site, f"{ISSUE}hefei-shishi-chengshi-gui-jian-zhi/")
    url = f"{BASE_PATH}{ISSUE}hefei-shishi-chengshi-gui-jian-zhi/"
    assert doc.find("p", "permalink").find("a").attrs["href"] == url
    assert doc.find("p", "citation").text == \
        f"胡星宇, 严华明. 合肥实施城市“规建治”一体化改革[N]. 中国经济导报, 2024-09-20. {url}"
    assert [b.text for b in doc.find_all("button") if "data-copy" in b.attrs] == ["复制引用", "复制链接"]
    assert doc.find("p", "signoff").text == "(胡星宇 严华明)"
    assert [a.text for a in doc.find("p", "story-authors").find_all("a")] == ["胡星宇", "严华明"]


def test_article_head_has_canonical_opengraph_and_jsonld(seed_site: Path) -> None:
    doc = page(seed_site, f"{ISSUE}kaizhan-xunhuan-jingji-hezuo-yingzao/")
    assert doc.find_all("link", rel="canonical") == [], "base_url is only a path: no relative canonical"
    og = {m.attrs["property"]: m.attrs["content"] for m in doc.find_all("meta") if "property" in m.attrs}
    assert og["og:type"] == "article"
    assert og["og:title"] == ARTICLES["kaizhan-xunhuan-jingji-hezuo-yingzao"]["title"]
    assert "og:url" not in og and "og:image" not in og
    assert og["og:locale"] == "zh_CN"
    assert doc.find("meta", name="twitter:card").attrs["content"] == "summary"
    [data] = jsonld(doc)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == ARTICLES["kaizhan-xunhuan-jingji-hezuo-yingzao"]["title"]
    assert data["author"] == [{"@type": "Person", "name": "田新元"}]
    assert data["printEdition"] == "2024年9月20日 星期五"
    assert "printSection" not in data and "articleSection" not in data, "printed under no column label"
    assert data["datePublished"] == "2024-09-20"
    assert data["description"].startswith("建设绿色家园是人类的共同梦想")
    assert data["publisher"] == {"@type": "NewsMediaOrganization", "name": "中国经济导报"}


def test_jsonld_of_a_dated_paged_issue_has_every_print_field(dated_site: Path) -> None:
    data, _crumbs = jsonld(page(dated_site, "2024/09/20/dongbeisansheng-yi-qu-gong-qian-shenhua/"))
    assert data["datePublished"] == "2024-09-20"
    assert data["printEdition"] == "2024年9月20日 星期五"
    assert data["printSection"] == "要闻速递"
    assert data["printPage"] == "2"
    assert data["dateline"] == "本报讯"
    assert [a["name"] for a in data["author"]] == ["施文郁"]


def test_article_text_and_json_beside_html(seed_site: Path) -> None:
    base = seed_site / ISSUE / "rang-wenhua-zixin-de-zhongzi-zai-ertong"
    text = (base / "article.txt").read_text(encoding="utf-8")
    assert text.startswith("让文化自信的种子在儿童心中扎根\n——温州市瓯海区以“瓯海传戏”为主题")
    assert "本报记者 赵庆国" in text
    data = json.loads((base / "article.json").read_text(encoding="utf-8"))
    assert data["title"] == "让文化自信的种子在儿童心中扎根"
    assert data["section"] == "高质量发展看县域"
    assert data["authors"] == ["赵庆国"]
    assert data["url"] == f"{BASE_PATH}{ISSUE}rang-wenhua-zixin-de-zhongzi-zai-ertong/"
    assert data["blocks"][0]["type"] == "paragraph"


def test_section_author_and_keyword_pages(seed_site: Path) -> None:
    section = page(seed_site, "sections/yaowen-sudi/")
    assert section.find("h1").text == "栏目：要闻速递"
    assert len(section.find_all("article", "teaser")) == 4
    assert section.find("link", rel="alternate", title="中国经济导报 · 要闻速递").attrs["href"] == \
        f"{BASE_PATH}sections/yaowen-sudi/feed.xml"
    assert section.find_all("nav", "list-pager") == [] and not (seed_site / "sections/yaowen-sudi/page").exists(), \
        "4 articles fit on one page of 50"
    author = page(seed_site, "authors/li-hongwei/")
    assert author.find("h1").text == "作者：李宏伟"
    assert author.texts("h2", "teaser-title") == ["咸宁“批供合一”优化土地要素配置"]
    index = page(seed_site, "authors/")
    assert len(index.find("ul", "topic-index").find_all("li")) == 8
    keyword = page(seed_site, "keywords/")
    first = keyword.find("ul", "topic-index").find("a")
    target = page(seed_site, first.attrs["href"].removeprefix(BASE_PATH))
    assert target.find("h1").text == f"关键词：{first.text}"


def test_long_lists_go_on_over_pages_numbered_from_the_oldest(dated_site: Path) -> None:
    first = page(dated_site, "sections/yaowen-sudi/")
    assert first.find("h1").text == "栏目：要闻速递"
    assert first.find("p", "listing-count").text.startswith("共20篇文章")
    assert len(first.find_all("article", "teaser")) == 5, "the newest: 20 = 5 numbered pages of 3, and 5"
    assert first.find("link", rel="canonical").attrs["href"] == f"{SITE_URL}sections/yaowen-sudi/"
    pager = first.find("nav", "list-pager")
    assert pager.attrs["aria-label"] == "分页"
    assert pager.find("a", rel="next").attrs["href"] == f"{BASE_PATH}sections/yaowen-sudi/page/5/"
    assert pager.find_all("a", rel="prev") == [] and pager.find("span", "pager-prev").text == "上一页"
    assert pager.find("a", "pager-current").attrs == {
        "href": f"{BASE_PATH}sections/yaowen-sudi/", "aria-label": "最新一页", "class": "pager-current",
        "aria-current": "page"}
    assert pager.find("ol").texts("li") == ["最新", "5", "4", "…", "1"], "the newest, near pages, the oldest"
    assert first.find("link", rel="next").attrs["href"] == f"{BASE_PATH}sections/yaowen-sudi/page/5/"
    middle = page(dated_site, "sections/yaowen-sudi/page/3/").find("nav", "list-pager")
    assert middle.find("ol").texts("li") == ["最新", "5", "4", "3", "2", "1"]
    assert middle.find("a", "pager-current").text == "3"
    assert middle.find("a", rel="prev").attrs["href"] == f"{BASE_PATH}sections/yaowen-sudi/page/4/"
    newest = page(dated_site, "sections/yaowen-sudi/page/5/").find("nav", "list-pager")
    assert newest.find("a", rel="prev").attrs["href"] == f"{BASE_PATH}sections/yaowen-sudi/"
    oldest = page(dated_site, "sections/yaowen-sudi/page/1/")
    assert oldest.find("h1").text == "栏目：要闻速递（第1页）"
    assert oldest.find("title").text == "栏目：要闻速递（第1页） - 测试日报"
    assert oldest.find("p", "listing-count").text.startswith("第1页（较早的文章）"), "no count a new article changes"
    assert len(oldest.find_all("article", "teaser")) == 3
    assert oldest.find("link", rel="canonical").attrs["href"] == f"{SITE_URL}sections/yaowen-sudi/page/1/"
    assert oldest.find("nav", "list-pager").find("a", rel="prev").attrs["href"] == \
        f"{BASE_PATH}sections/yaowen-sudi/page/2/"
    assert oldest.find("nav", "list-pager").find_all("a", rel="next") == []
    assert oldest.find("nav", "crumbs").texts("li") == ["测试日报", "栏目", "栏目：要闻速递", "栏目：要闻速递（第1页）"]
    assert oldest.find("link", rel="alternate", title="测试日报 · 要闻速递").attrs["href"] == \
        f"{BASE_PATH}sections/yaowen-sudi/feed.xml"
    assert sorted(p.name for p in (dated_site / "sections/yaowen-sudi/page").iterdir()) == ["1", "2", "3", "4", "5"]
    assert f"{SITE_URL}sections/yaowen-sudi/page/5/" in sitemap_urls(dated_site, SITE_URL)


def test_an_article_added_changes_a_long_list_only_at_its_newest_pages() -> None:
    from sitegen.render.routes import topic_pages, topic_specs
    from sitegen.site.catalog import Topic

    def specs(count: int) -> dict[str, tuple[object, ...]]:
        stories = tuple(f"story {n}" for n in range(count, 0, -1))  # newest first
        topic = Topic("section", "要闻", "sections/yaowen/", stories)  # type: ignore[arg-type]
        return {spec.path: spec.args[1:] for spec in topic_specs(topic, SITE)}

    assert [topic_pages(n, 50) for n in (49, 50, 99, 100, 149, 1000)] == [0, 0, 0, 1, 1, 19]
    before, after = specs(1000), specs(1001)
    changed = [path for path in after if after[path] != before.get(path)]
    assert changed == ["sections/yaowen/"], "its own page only, while the newest numbered page is not full"
    grown = specs(1050)
    assert [path for path in grown if grown[path] != after.get(path)] == [
        "sections/yaowen/", "sections/yaowen/page/20/", "sections/yaowen/page/19/", "sections/yaowen/page/18/"]


def _listed(site: Path, path: str) -> list[str]:
    """The articles a topic lists, page after page (following rel=next), and its stated count."""
    found: list[str] = []
    doc = page(site, path)
    count = int(doc.find("p", "listing-count").text.removeprefix("共").split("篇")[0])
    while True:
        found += [t.find("h2", "teaser-title").find("a").attrs["href"] for t in doc.find_all("article", "teaser")]
        following = doc.find_all("link", rel="next")
        if not following:
            break
        doc = page(site, following[0].attrs["href"].removeprefix(BASE_PATH))
    assert len(found) == count, f"{path} says {count} articles and lists {len(found)}"
    return found


def test_every_article_of_a_topic_is_on_exactly_one_of_its_pages(dated_site: Path) -> None:
    expected: dict[str, list[str]] = {}
    for file in dated_site.rglob("index.html"):
        doc = parse_html(file.read_text(encoding="utf-8"))
        story = doc.find_all("article", "story")
        if not story:
            continue
        url = f"{BASE_PATH}{file.parent.relative_to(dated_site).as_posix()}/"
        links = [a for a in story[0].find(cls="story-meta").find_all("a") if "/sections/" in a.attrs["href"]]
        links += story[0].find_all("a", rel="tag")
        links += story[0].find("p", "story-authors").find_all("a") if story[0].find_all("p", "story-authors") else []
        for link in links:
            expected.setdefault(link.attrs["href"].removeprefix(BASE_PATH), []).append(url)
    assert len(expected) > 20
    paged = 0
    for topic, articles in expected.items():
        listed = _listed(dated_site, topic)
        assert sorted(listed) == sorted(articles), topic
        paged += len(listed) > 3
    assert paged >= 5, "sections, authors and keywords with more than one page"


def test_search_page_and_header_search_are_ready_for_pagefind(seed_site: Path) -> None:
    search = page(seed_site, "search/")
    assert search.find("ol", id="search-results")
    form = search.find("form", "search-form")
    assert form.attrs["action"] == f"{BASE_PATH}search/"
    assert form.find("input").attrs["name"] == "q"
    header = page(seed_site, "").find("form", "site-search")
    assert header.attrs["action"] == f"{BASE_PATH}search/" and header.find("input").attrs["name"] == "q"
    assert search.find_all("meta", name="robots") == [], "one canonical URL for every query, not in the sitemap"


def test_404_page_links_with_the_base_path(seed_site: Path) -> None:
    doc = page(seed_site, "404.html")
    assert doc.find("h1").text == "页面未找到"
    hrefs = [a.attrs["href"] for a in doc.find("main").find_all("a")]
    assert hrefs and all(h.startswith(BASE_PATH) for h in hrefs)


def test_archive_lists_undated_issue_by_a_readable_name(dated_site: Path) -> None:
    archive = page(dated_site, "archive/")
    undated = archive.find("section", "archive-undated")
    assert undated.find("a").text == "未注明日期的一期：开展循环经济合作 营造有利“大气候”", "not the file name"
    assert undated.find("a").attrs["href"] == f"{BASE_PATH}issues/000-24bddb6c18fb181e/"


def test_the_archive_by_year_and_month(dated_site: Path) -> None:
    archive = page(dated_site, "archive/")
    grid = archive.find("table", "archive-years")
    assert [th.text for th in grid.find("thead").find_all("th")] == ["年份", *(f"{n}月" for n in range(1, 13))]
    rows = grid.find("tbody").find_all("tr")
    assert [r.find("th").text for r in rows] == ["2024年"]
    assert rows[0].find("th").find("a").attrs["href"] == f"{BASE_PATH}archive/2024/"
    assert {a.attrs["aria-label"]: a.attrs["href"] for a in rows[0].find_all("a")[1:]} == {
        "2024年9月": f"{BASE_PATH}archive/2024/09/", "2024年10月": f"{BASE_PATH}archive/2024/10/"}
    year = page(dated_site, "archive/2024/")
    assert year.find("h1").text == "2024年"
    assert [a.attrs["href"] for a in year.find("ol", "archive-months").find_all("a")] == [
        f"{BASE_PATH}archive/2024/09/", f"{BASE_PATH}archive/2024/10/"]
    assert len(year.find("ol", "archive-months").find_all("span", "no-issue")) == 10
    september = page(dated_site, "archive/2024/09/")
    assert september.find("h1").text == "2024年9月" and september.find("p", "listing-count").text == "共2期"
    table = september.find("table", "month")
    assert [th.text for th in table.find_all("th")] == list("一二三四五六日")
    assert all(th.attrs["scope"] == "col" for th in table.find_all("th"))
    days = {a.attrs["aria-label"]: a.attrs["href"] for a in table.find_all("a")}
    assert days == {"2024年9月20日 星期五": f"{BASE_PATH}2024/09/20/",
                    "2024年9月21日 星期六": f"{BASE_PATH}2024/09/21/"}
    assert [li.find("a").text for li in september.find("ul", "issue-list").find_all("li")] == [
        "2024年9月20日 星期五", "2024年9月21日 星期六"]
    pager = september.find("nav", "archive-pager")
    assert pager.find("a", rel="next").attrs["href"] == f"{BASE_PATH}archive/2024/10/"
    assert pager.find_all("a", rel="prev") == []
    october = page(dated_site, "archive/2024/10/")
    assert {a.attrs["aria-label"]: a.attrs["href"] for a in october.find("table", "month").find_all("a")} == {
        "2024年10月8日 星期二（2024-10-08-a）": f"{BASE_PATH}2024/10/08/2024-10-08-a/",
        "2024年10月8日 星期二（2024-10-08-b）": f"{BASE_PATH}2024/10/08/2024-10-08-b/"}
    assert october.find("nav", "crumbs").texts("li") == ["测试日报", "往期", "2024年", "2024年10月"]


def test_a_day_added_changes_only_its_month_among_the_archive_pages() -> None:
    from sitegen.render.routes import archive_parts

    def parts(days: list[dt.date]) -> dict[object, tuple[object, ...]]:
        entries = tuple(FakeEntry(day) for day in sorted(days, reverse=True))
        return {part.name: part.args for part in archive_parts(entries, SITE)}  # type: ignore[arg-type]

    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(900)]
    before = parts(days)
    after = parts([*days, days[-1] + dt.timedelta(days=1)])
    assert [name for name in after if after[name] != before.get(name)] == [("archive", 2026, 6)]
    new_month = parts([*days, dt.date(2026, 7, 1)])
    assert sorted(str(n) for n in new_month if new_month[n] != before.get(n)) == sorted(
        ["archive", "('archive', 2026)", "('archive', 2026, 7)", "('archive', 2026, 6)"])


def test_dated_issues_have_date_paths_pages_and_neighbours(dated_site: Path) -> None:
    issue = page(dated_site, "2024/09/20/")
    assert issue.find("h1").text == "2024年9月20日 星期五"
    pager = issue.find("nav", "issue-pager")
    assert pager.find("a", "newer").attrs["href"] == f"{BASE_PATH}2024/09/21/"
    assert pager.find("a", "older").attrs["href"] == f"{BASE_PATH}issues/000-24bddb6c18fb181e/"
    home = page(dated_site, "")
    assert "2024年10月8日 星期二" in home.find(cls="masthead-date").text
    assert (dated_site / "2024/10/08/2024-10-08-b/kaizhan-xunhuan-jingji-hezuo-yingzao/index.html").is_file()
    assert not (dated_site / "2024/10/08/index.html").exists()


# ---- 版面: a page of its own for every printed page ---------------------------------------------

def test_a_paged_issue_is_a_page_navigation(dated_site: Path) -> None:
    issue = page(dated_site, "2024/09/20/")
    board = issue.find("ol", "board")
    titles = [li.find("h3", "board-page-title").find("a") for li in board.find_all("li", "board-page")]
    assert [(a.text, a.attrs["href"]) for a in titles] == [
        ("第01版：要闻", f"{BASE_PATH}2024/09/20/01/"), ("第02版：经济", f"{BASE_PATH}2024/09/20/02/")]
    headlines = [ul.texts("li") for ul in board.find_all("ul", "board-headlines")]
    assert headlines[0] == [ARTICLES["kaizhan-xunhuan-jingji-hezuo-yingzao"]["title"]]
    assert sum(len(h) for h in headlines) == 6
    assert issue.find_all("article", "teaser") == [], "the issue page lists headlines; each page has its articles"
    assert issue.find("form", "date-picker").attrs["data-dates"] == f"{BASE_PATH}archive/dates.json"


def test_a_printed_page_lists_its_articles_in_print_order(dated_site: Path) -> None:
    second = page(dated_site, "2024/09/20/02/")
    assert second.find("h1").text == "第02版：经济 2024年9月20日 星期五"
    assert second.find("title").text == "第02版：经济 - 测试日报"
    assert second.find("nav", "crumbs").texts("li") == ["测试日报", "2024年9月20日 星期五", "第02版：经济"]
    assert second.texts("h4", "teaser-title") == [a["title"] for a in list(ARTICLES.values())[1:]]
    pager = second.find("nav", "print-pager")
    assert pager.find("a", "prev").attrs["href"] == f"{BASE_PATH}2024/09/20/01/"
    assert pager.find_all("a", "next") == [] and "已是最后一版" in pager.find("span", "next").text
    assert pager.find("a", "to-issue").attrs["href"] == f"{BASE_PATH}2024/09/20/"
    current = second.find("nav", "page-list").find("a", **{"aria-current": "page"})
    assert current.text == "第02版：经济"
    assert second.find_all("figure", "print-scan") == [], "no image or PDF given"
    assert second.find("link", rel="canonical").attrs["href"] == f"{SITE_URL}2024/09/20/02/"


def test_an_article_links_its_page_and_the_other_articles_of_it(dated_site: Path) -> None:
    doc = page(dated_site, "2024/09/20/hefei-shishi-chengshi-gui-jian-zhi/")
    assert doc.find("nav", "crumbs").texts("li") == [
        "测试日报", "2024年9月20日 星期五", "第02版：经济", "要闻速递", "合肥实施城市“规建治”一体化改革"]
    assert doc.find("a", "story-page").attrs["href"] == f"{BASE_PATH}2024/09/20/02/"
    others = doc.find("aside", "page-others").find("ul").texts("li")
    assert others == [a["title"] for slug, a in list(ARTICLES.items())[1:]
                      if slug != "hefei-shishi-chengshi-gui-jian-zhi"]
    assert doc.find("nav", "story-pager").find("a", "to-issue").attrs["href"] == f"{BASE_PATH}2024/09/20/02/"
    data = jsonld(doc)
    assert data[1]["@type"] == "BreadcrumbList"
    assert [i["item"] for i in data[1]["itemListElement"]] == [
        SITE_URL, f"{SITE_URL}2024/09/20/", f"{SITE_URL}2024/09/20/02/", f"{SITE_URL}2024/09/20/02/#page-2-yaowen-sudi",
        f"{SITE_URL}2024/09/20/hefei-shishi-chengshi-gui-jian-zhi/"]
    assert data[0]["publisher"]["logo"]["url"] == f"{SITE_URL}assets/emblem.png"
    og = {m.attrs["property"]: m.attrs["content"] for m in doc.find_all("meta") if "property" in m.attrs}
    assert og["og:image"].startswith(f"{SITE_URL}assets/emblem.png?v=")


def test_the_dates_of_the_issues_are_there_for_the_date_picker(dated_site: Path) -> None:
    dates = json.loads((dated_site / "archive/dates.json").read_text(encoding="utf-8"))
    assert dates == [["2024-09-20", "2024/09/20/"], ["2024-09-21", "2024/09/21/"],
                     ["2024-10-08", "2024/10/08/2024-10-08-a/"], ["2024-10-08", "2024/10/08/2024-10-08-b/"]]


# ---- feeds and machine data ------------------------------------------------------------------

def test_atom_feeds_sitemap_robots(dated_site: Path) -> None:
    feed = ET.parse(dated_site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated").text == "2024-10-08T00:00:00+08:00"
    assert feed.find(f"{ATOM}id").text == f"{SITE_URL}feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    assert entries[0].find(f"{ATOM}link").get("href") == \
        f"{SITE_URL}2024/10/08/2024-10-08-b/kaizhan-xunhuan-jingji-hezuo-yingzao/"
    assert entries[0].find(f"{ATOM}id").text == \
        "tag:example.org,2024-10-08:/paper/2024/10/08/2024-10-08-b/kaizhan-xunhuan-jingji-hezuo-yingzao/"
    assert entries[0].find(f"{ATOM}updated").text == "2024-10-08T00:00:00+08:00"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    section_feed = ET.parse(dated_site / "sections/gaozhiliang-fazhan-kan-xianyu/feed.xml").getroot()
    assert len(section_feed.findall(f"{ATOM}entry")) == 4, "the undated issue's article is in no feed"
    for path in [dated_site / "feed.xml", *dated_site.glob("sections/*/feed.xml")]:
        text = path.read_text(encoding="utf-8")
        assert "1970" not in text, path
    index = ET.parse(dated_site / "sitemap.xml").getroot()
    assert [(s.find(f"{SITEMAP}loc").text, getattr(s.find(f"{SITEMAP}lastmod"), "text", None))
            for s in index.findall(f"{SITEMAP}sitemap")] == [
        (f"{SITE_URL}sitemap-2024.xml", "2024-10-08"), (f"{SITE_URL}sitemap-pages.xml", None)]
    urls = sitemap_urls(dated_site, SITE_URL)
    assert f"{SITE_URL}2024/09/20/" in urls and f"{SITE_URL}2024/09/20/01/" in urls
    assert f"{SITE_URL}search/" not in urls
    assert all(u.startswith(SITE_URL) for u in urls), "a deployed build's sitemap has absolute URLs only"
    assert len(urls) == len(set(urls))
    dated = [u.text for u in ET.parse(dated_site / "sitemap-2024.xml").getroot().iter(f"{SITEMAP}loc")]
    assert dated == sorted(dated) and all(u.startswith(f"{SITE_URL}2024/") for u in dated)
    assert (dated_site / "robots.txt").read_text() == \
        f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"
    assert (dated_site / ".nojekyll").read_bytes() == b""


def test_the_feed_holds_the_whole_latest_issue(tmp_path: Path) -> None:
    project = dated_project(tmp_path)
    write_project(project, {"sitegen.toml": 'title = "测试日报"\nfeed_size = 2\n'})
    site = build_project(project, base_url=SITE_URL)
    entries = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert len(entries) == 6, "all six articles of the latest issue, though feed_size is 2"


def test_a_base_url_without_a_host_leaves_out_what_needs_absolute_urls(seed_site: Path) -> None:
    assert not (seed_site / "sitemap.xml").exists()
    assert (seed_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    home = page(seed_site, "")
    assert home.find_all("link", rel="canonical") == []
    assert not [m for m in home.find_all("meta") if m.attrs.get("property") in ("og:url", "og:image")]
    footer = home.find("footer").find_all("a")
    assert "网站地图" in [a.text for a in footer if a.attrs["href"] == f"{BASE_PATH}sitemap/"]
    sitemap = page(seed_site, "sitemap/")
    assert sitemap.find("h1").text == "网站地图"
    assert f"{BASE_PATH}archive/2024/" in [a.attrs["href"] for a in sitemap.find_all("a")], "the archive by year"


def test_a_base_url_without_a_host_is_said_once_with_what_to_do(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "build", "--no-search"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=True)
    advice = [line for line in result.stderr.splitlines() if "only a path" in line]
    assert advice == ["sitegen.toml: base_url '/' is only a path, so sitemap.xml, canonical links, og:url and "
                      "og:image are left out; to have them set base_url to the site's full URL, e.g. "
                      "base_url = \"https://<user>.github.io/<repo>/\" (or pass --base-url)"]


def test_full_base_url_gives_absolute_canonical_and_sitemap(tmp_path: Path) -> None:
    site = build_project(copy_seed_project(tmp_path), base_url="https://example.org/paper")
    doc = page(site, f"{ISSUE}kaizhan-xunhuan-jingji-hezuo-yingzao/")
    assert doc.find("link", rel="canonical").attrs["href"] == \
        f"https://example.org/paper/{ISSUE}kaizhan-xunhuan-jingji-hezuo-yingzao/"
    assert doc.find("link", rel="stylesheet").attrs["href"].startswith("/paper/assets/style.css?v=")
    assert "Sitemap: https://example.org/paper/sitemap.xml" in (site / "robots.txt").read_text()


# ---- craft: no request leaves the site, typography -------------------------------------------

def test_no_external_resources(seed_site: Path) -> None:
    for html in seed_site.rglob("*.html"):
        doc = page(seed_site, html.relative_to(seed_site).as_posix())
        for el in doc.find_all("script") + doc.find_all("link") + doc.find_all("img"):
            url = el.attrs.get("src") or el.attrs.get("href")
            if url and el.attrs.get("rel") not in ("canonical", "alternate"):
                assert url.startswith(BASE_PATH), f"{html}: <{el.tag}> loads {url}"
    css = (seed_site / "assets/style.css").read_text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    for needle in ("line-height: 1.8", "text-indent: 2em", "prefers-color-scheme: dark", "@media print",
                   "Noto Sans CJK SC", "PingFang SC"):
        assert needle in css


def test_project_templates_override_the_builtin_theme(seed_site: Path) -> None:
    colophon = page(seed_site, "").find("p", "colophon").text
    assert colophon.startswith("《中国经济导报》数字版")
    project_emblem = Path(__file__).parent.parent / "assets/favicon.svg"
    assert (seed_site / "assets/favicon.svg").read_bytes() == project_emblem.read_bytes()


def test_static_page_from_markdown_escapes_raw_html(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    write_project(project, {"pages/colophon.md": "# 版权声明\n\n<script>alert(1)</script>\n\n正文。\n"})
    site = build_project(project)
    html = (site / "colophon/index.html").read_text(encoding="utf-8")
    assert "<h1>版权声明</h1>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html



def test_a_day_added_never_moves_a_page_that_was_there(tmp_path: Path) -> None:
    """杨懿 and 杨毅 are both `yang-yi`: the author whose page came first keeps it, the newcomer gets the
    slug with a hash of the name, and the site equals a clean build."""
    story = """
        {title}

        □ 本报记者 {author}

        这是一段足够长的正文，用来确认解析器把它当作段落，并且记下作者的名字。

        第二段正文，同样足够长，确保文章有正文内容，并且以句号结束。
        """
    first = story.format(title="第一天的报道标题", author="杨懿")
    project = write_project(tmp_path / "p", {"seeds/2024-01-02.txt": first})
    config = load_config(None, base_url=BASE_PATH, cwd=project)
    site = config.paths.output
    build(config, search=False)
    assert "杨懿" in (site / "authors/yang-yi/index.html").read_text(encoding="utf-8")
    write_project(project, {"seeds/2024-01-03.txt": story.format(title="第二天的报道标题", author="杨毅")})
    build(config, search=False)
    assert "杨懿" in (site / "authors/yang-yi/index.html").read_text(encoding="utf-8")
    newcomer = [p.parent.name for p in site.glob("authors/yang-yi-*/index.html")]
    assert len(newcomer) == 1 and "杨毅" in (site / "authors" / newcomer[0] / "index.html").read_text(encoding="utf-8")
    assert snapshot(site) == clean_site(project, tmp_path / "clean")
    write_project(project, {"seeds/2024-01-01.txt": story.format(title="前一天的报道标题", author="杨毅")})
    build(config, search=False)
    assert "杨毅" in (site / "authors/yang-yi/index.html").read_text(encoding="utf-8"), "an older issue: first again"
    assert snapshot(site) == clean_site(project, tmp_path / "clean2")


# ---- seed text is data -----------------------------------------------------------------------

def test_html_in_a_seed_is_shown_as_text(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"seeds/2024-01-02.txt": """
        标题里的<script>alert(1)</script>

        □ 本报记者 张三

        正文里有<script>alert(1)</script>和<b>粗体</b>以及&amp;符号。这是一段足够长的正文，用来确认解析器把它当作段落。

        第二段正文，同样足够长，确保文章有正文内容，并且以句号结束。
        """})
    site = build_project(project)
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any("<script>alert" in p for p in pages)
    assert not any("<b>粗体" in p for p in pages)
    article = next(p for p in pages if 'class="story"' in p)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;b&gt;粗体&lt;/b&gt;" in article
    assert "&amp;amp;符号" in article
    ld = next(p for p in pages if "application/ld+json" in p and 'class="story"' in p)
    assert "\\u003cscript\\u003e" in ld
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in feed and "<script>" not in feed


# ---- configuration ---------------------------------------------------------------------------

def test_missing_config_means_defaults(tmp_path: Path) -> None:
    config = load_config(None, cwd=tmp_path)
    assert (config.title, config.base_url, config.feed_size) == ("数字报", "/", 20)
    assert config.paths.seeds == tmp_path.resolve() / "seeds"
    assert config.paths.output == tmp_path.resolve() / "site"


def test_config_unknown_key_and_wrong_type_are_reported_together(tmp_path: Path) -> None:
    write_project(tmp_path, {"sitegen.toml": """
        titel = "示例"
        feed_size = "20"
        base_url = 3

        [paths]
        seed = "seeds"
        output = 1
        """})
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "sitegen.toml", cwd=tmp_path)
    assert str(error.value) == "\n".join([
        "sitegen.toml: unknown key 'titel' (did you mean 'title'?)",
        "sitegen.toml: 'feed_size' must be an integer, not a string",
        "sitegen.toml: 'base_url' must be a string, not an integer",
        "sitegen.toml: unknown key 'paths.seed' (did you mean 'seeds'?)",
        "sitegen.toml: 'paths.output' must be a non-empty string, not an integer",
    ])


def test_config_bad_values(tmp_path: Path) -> None:
    write_project(tmp_path, {"sitegen.toml": 'feed_size = 0\nlist_page_size = 0\nbase_url = "paper"\ntitle = " "\n'
                                             '[paths]\noutput = "."\n'})
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "sitegen.toml", cwd=tmp_path)
    assert str(error.value) == "\n".join([
        "sitegen.toml: 'feed_size' must be at least 1, not 0",
        "sitegen.toml: 'list_page_size' must be at least 1, not 0",
        "sitegen.toml: 'title' must not be empty",
        "sitegen.toml: 'base_url' must be a path starting with / or an http(s) URL, not 'paper'",
    ])
    write_project(tmp_path, {"sitegen.toml": '[paths]\noutput = "."\n'})
    with pytest.raises(ConfigError, match=r"^sitegen.toml: 'paths.output' must not be the project directory"):
        load_config(tmp_path / "sitegen.toml", cwd=tmp_path)


def test_config_invalid_toml_names_the_file(tmp_path: Path) -> None:
    write_project(tmp_path, {"sitegen.toml": "title = \n"})
    with pytest.raises(ConfigError, match=r"^sitegen.toml:1: invalid TOML: Invalid value$"):
        load_config(tmp_path / "sitegen.toml", cwd=tmp_path)


def test_cli_says_its_version() -> None:
    from sitegen import __version__

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == f"sitegen {__version__}\n"


def test_cli_reports_config_error_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"sitegen.toml": "colour = 'red'\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.output == "error: sitegen.toml: unknown key 'colour' (known: base_url, description, " \
        "editor, excerpt_length, feed_size, keywords_per_article, list_page_size, paths, " \
        "related_articles, repo_branch, repo_url, search_recent, search_shard_size, search_words, title)\n"
    result = CliRunner().invoke(main, ["build", "--config", "nope.toml"])
    assert (result.exit_code, result.output) == (1, "error: nope.toml: no such config file\n")
    result = CliRunner().invoke(main, ["build", "--base-url", "paper"])
    assert result.exit_code == 1 and result.output.startswith("error: --base-url: must be a path")


def test_cli_debug_shows_the_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"sitegen.toml": "feed_size = true\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--debug"])
    assert isinstance(result.exception, ConfigError)
    assert str(result.exception) == "sitegen.toml: 'feed_size' must be an integer, not a boolean"


def test_cli_builds_with_base_url_and_no_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_seed_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--base-url", "/news/", "--no-search"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert 'href="/news/archive/"' in html


# ---- templates: errors name file and line; the last good site survives ------------------------

BROKEN_SYNTAX = """\
{% extends "base.html" %}
{% block main %}
<h1>{{ story.article.title }</h1>
{% endblock %}
"""
BROKEN_NAME = """\
{% extends "base.html" %}
{% block main %}

<h1>{{ story.article.headline }}</h1>
{% endblock %}
"""


@pytest.mark.parametrize(("template", "message"), [
    (BROKEN_SYNTAX, "templates/article.html:3: unexpected '}'"),
    (BROKEN_NAME, "templates/article.html:4: "
                  "UndefinedError: 'sitegen.model.Article object' has no attribute 'headline'"),
    ('{% include "sidebar.html" %}\n', "templates/article.html:1: template 'sidebar.html' not found (looked in "
                                        "templates/, sitegen/themes/default/templates/)"),
])
def test_broken_template_is_a_build_error_and_keeps_the_last_good_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str, message: str) -> None:
    project = copy_seed_project(tmp_path / "project")
    site = build_project(project)
    before = snapshot(site)
    write_project(project, {"templates/article.html": template})
    with pytest.raises(BuildError) as error:
        build_project(project)
    assert str(error.value) == message
    assert snapshot(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".sitegen-cache") == []
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert (result.exit_code, result.output) == (1, f"error: {message}\n")


def test_a_broken_seed_is_an_error_naming_it_and_keeps_the_site(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    site = build_project(project)
    before = snapshot(site)
    (project / "seeds/2024-01-01.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(Exception, match=r"^seeds/2024-01-01.txt: binary file"):
        build_project(project)
    assert snapshot(site) == before


# ---- output: atomic, exact, deterministic ----------------------------------------------------

def test_files_not_produced_by_the_build_are_removed(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    site = build_project(project)
    (site / "stale.html").write_text("old")
    (site / "2024/old-issue").mkdir()
    build_project(project)
    assert not (site / "stale.html").exists() and not (site / "2024/old-issue").exists()
    assert (site / "index.html").is_file()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = snapshot(build_project(dated_project(tmp_path / "a")))
    again = snapshot(build_project(tmp_path / "a"))
    assert list(again) == list(first)
    assert [p for p in first if first[p] != again[p]] == []
    # Elsewhere on disk, in another process with another hash seed: still the same bytes.
    other = dated_project(tmp_path / "b")
    repo = str(Path(__file__).resolve().parent.parent)
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "-q", "build", "--base-url", BASE_PATH]
    subprocess.run(command, cwd=other, check=True, env={**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": repo})
    second = snapshot(other / "site")
    assert [p for p in first if first[p] != second.get(p)] == [] and list(first) == list(second)


def test_build_logs_each_phase(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = copy_seed_project(tmp_path)
    caplog.set_level("INFO", logger="sitegen")
    config = load_config(project / "sitegen.toml", cwd=project)
    report = build(config)
    fresh = ["check", "state", "load", "catalog", "plan", "make", "write", "index", "swap", "save"]
    assert list(report.timings) == fresh and report.fresh
    assert (report.issues, report.articles) == (1, 6) and 0 < report.made == report.written <= report.files
    logged = [r.getMessage().split()[0] for r in caplog.records if r.name == "sitegen.make" and r.levelname == "INFO"]
    assert logged == fresh
    # Nothing changed: nothing is done.
    caplog.clear()
    again = build(config)
    assert again.unchanged and list(again.timings) == ["check"] and again.made == 0
    # An edited seed: the last build's state is loaded and brought up to date.
    seed = next((project / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8").replace("。", "。补记一句。", 1), encoding="utf-8")
    edited = build(config)
    assert list(edited.timings) == ["check", "state", "verify", "load", "catalog", "plan", "make", "write",
                                    "index", "swap", "save"]
    assert not edited.fresh and 0 < edited.written < edited.made < edited.files


def test_no_seeds_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"^seeds: no seed files \(\*\.txt or \*\.md\) to build from$"):
        build_project(tmp_path)


def test_quiet_is_accepted_after_the_command_too(tmp_path: Path) -> None:
    """`sitegen build -q` as `sitegen -q build`: only warnings and errors (here: none)."""
    project = copy_seed_project(tmp_path / "p")
    repo = str(Path(__file__).resolve().parent.parent)
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "build", "--no-search",
               "--base-url", SITE_URL]  # a full URL: no advice to set one
    env = {**os.environ, "PYTHONPATH": repo}
    quiet = subprocess.run([*command, "-q", "--clean"], cwd=project, env=env, capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == ""
    loud = subprocess.run([*command, "-v", "--clean"], cwd=project, env=env, capture_output=True, text=True)
    assert loud.returncode == 0 and "built 1 issues, 6 articles" in loud.stderr


def _on_a_terminal(project: Path, *args: str, ci: bool = False) -> str:
    """`sitegen build ARGS` with stdin, stdout and stderr on a pseudo-terminal: what it showed there."""
    import pty
    import select

    repo = str(Path(__file__).resolve().parent.parent)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": repo, "COLUMNS": "100", "TERM": "xterm"}
    if ci:
        env["CI"] = "true"
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", "from sitegen.cli import main; main()", "build", *args],
                               cwd=project, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        try:
            chunk = os.read(leader, 65536) if ready else b""
        except OSError:  # the terminal closed with the process
            chunk = b""
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, shown
    return shown.decode("utf-8", errors="replace")


def test_on_a_terminal_each_step_shows_a_bar_with_its_counts_and_the_time_left(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    shown = _on_a_terminal(project, "--base-url", SITE_URL)
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown)
    for step, total in (("parse", "1"), ("related", "6"), ("pages", r"\d+"), ("index", "6")):
        assert re.search(rf"{step} +━+ +\d+/{total} left (-:--:--|\d+:\d\d:\d\d)", text), step
    assert re.search(r"load +\d+\.\d\ds\r\n", text) and "built 1 issues, 6 articles" in text


def test_in_ci_off_a_terminal_and_with_q_only_warnings_and_errors_are_printed(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    advice = "sitegen.toml: base_url '/' is only a path"
    in_ci = _on_a_terminal(project, "--no-search", "--clean", ci=True)
    assert in_ci.strip().startswith(advice) and "━" not in in_ci and "built" not in in_ci, in_ci
    quiet = _on_a_terminal(project, "--no-search", "--clean", "-q")
    assert quiet.strip().startswith(advice) and "━" not in quiet and "built" not in quiet, quiet
    repo = str(Path(__file__).resolve().parent.parent)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": repo}
    piped = subprocess.run([sys.executable, "-c", "from sitegen.cli import main; main()", "build", "--no-search",
                            "--clean"], cwd=project, env=env, capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stdout == ""
    assert [line for line in piped.stderr.splitlines() if not line.startswith(advice)] == [], piped.stderr
