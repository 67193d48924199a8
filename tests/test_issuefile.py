"""The issue file `seeds/<stem>.md`: round trip (property and real issues), `sitegen convert`, the .md
winning in a build with every URL kept, errors naming file and line, and `sitegen check`."""

from __future__ import annotations

import logging
import re
import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED, build_project, copy_seed_project, dated_project
from htmldoc import page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.cli import main
from sitegen.errors import ParseError
from sitegen.model import Article, Block, Issue, Page, ParseWarning, Section
from sitegen.parse import parse_file
from sitegen.parse.doubt import SHOWN
from sitegen.parse.issuefile.convert import without_lines
from sitegen.parse.issuefile.read import read_issue_file
from sitegen.parse.issuefile.write import issue_markdown
from sitegen.slug import unique_slugs

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus"
MD = "seeds/000_24bddb6c18fb181e.md"


def round_trip(issue: Issue, tmp_path: Path, name: str = "x.md") -> Issue:
    path = tmp_path / name
    path.write_text(issue_markdown(issue), encoding="utf-8")
    return read_issue_file(path)


def same_doubts(a: Issue, b: Issue) -> bool:
    """The same warnings, but for the lines they name (of the file each was read from)."""
    def doubts(issue: Issue) -> Counter:
        return Counter((w.code, re.sub(r"line \d+", "line N", w.message), w.doubt) for w in issue.warnings)
    return doubts(a) == doubts(b)


# ---- round trip: parse(txt) → model → md → parse(md) is the same model ------------------------

def test_the_seed_round_trips(tmp_path: Path) -> None:
    issue = parse_file(SEED)
    back = round_trip(issue, tmp_path, SEED.with_suffix(".md").name)
    assert without_lines(back) == without_lines(issue)
    assert same_doubts(back, issue) and len(back.warnings) == len(issue.warnings) > 10


@pytest.mark.parametrize("message", ["quotes --> from the seed", "a back\\slash", "--\\> as written", "ends with \\"])
def test_a_warning_message_comes_back_as_it_was(message: str, tmp_path: Path) -> None:
    """A warning's comment cannot hold the `-->` that would end it: written escaped, read back whole."""
    issue = replace(parse_file(SEED), warnings=(ParseWarning("x.txt", 3, "column-join", message, 0.5),))
    text = issue_markdown(issue)
    assert text.count("-->") == text.count("<!--")
    [back] = round_trip(issue, tmp_path).warnings
    assert (back.code, back.message, back.doubt) == ("column-join", message, 0.5)


def corpus_seeds() -> list[Path]:
    return sorted(CORPUS.rglob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"SKIPPED LOUDLY: {CORPUS} is absent; the corpus round trip "
                                                 "did not run")
@pytest.mark.parametrize("seed", corpus_seeds(), ids=lambda p: p.name)
def test_every_corpus_issue_round_trips(seed: Path, tmp_path: Path) -> None:
    issue = parse_file(seed)
    back = round_trip(issue, tmp_path, seed.with_suffix(".md").name)
    assert without_lines(back) == without_lines(issue)
    assert same_doubts(back, issue)


# Text as the parser gives it (stripped, one line, never empty), with the characters Markdown would
# take for syntax: headings, quotes, lists, escapes, attributes, fences, HTML, entities, emphasis.
ALPHABET = "中国经济报道记者新华社电图为摄　“”（）《》，。：；！？—…·" + "#>*_-+=.!&\"'|~:{}[]()<>`\\/%0123456789 aZ"
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=30).map(str.strip).filter(bool)
OPTIONAL = st.none() | TEXT


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, dict]:
    blocks = draw(st.lists(st.tuples(st.sampled_from(["paragraph", "heading", "figure", "quote"]), TEXT,
                                     OPTIONAL | st.just("")), max_size=5))
    fields = dict(kicker=draw(OPTIONAL), subtitle=draw(OPTIONAL), byline=draw(OPTIONAL), dateline=draw(OPTIONAL),
                  signoff=draw(OPTIONAL), authors=tuple(draw(st.lists(TEXT, max_size=3))))
    return draw(TEXT), dict(fields, blocks=tuple(Block(kind, text, credit if kind == "figure" else None)
                                                 for kind, text, credit in blocks))


@st.composite
def issues(draw: st.DrawFn) -> Issue:
    numbers: list[int | None] = sorted(draw(st.sets(st.integers(1, 24), max_size=3)))
    if not numbers or draw(st.booleans()):
        numbers.insert(0, None)
    layout = [(n, draw(st.lists(OPTIONAL, min_size=1, max_size=3, unique=True))) for n in numbers]
    drawn = [[[draw(articles()) for _ in range(draw(st.integers(1, 2)))] for _ in sections]
             for _, sections in layout]
    titles = [title for page in drawn for section in page for title, _ in section]
    ids = iter(unique_slugs(titles, [str(n) for n in range(len(titles))]))
    pages = []
    for (number, names), page_drawn in zip(layout, drawn, strict=True):
        sections = tuple(Section(name, tuple(Article(next(ids), title, page=number, section=name, **fields)
                                             for title, fields in section_drawn))
                         for name, section_drawn in zip(names, page_drawn, strict=True))
        pages.append(Page(number, draw(OPTIONAL) if number is not None else None, sections))
    warnings = tuple(ParseWarning("x.txt", draw(st.integers(0, 50)), "column-join", draw(TEXT))
                     for _ in range(draw(st.integers(0, 3))))
    return Issue("x", draw(TEXT), draw(st.none() | st.dates()), "x.txt", tuple(pages), warnings)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(issue=issues())
def test_any_issue_round_trips(issue: Issue, tmp_path: Path) -> None:
    back = round_trip(issue, tmp_path)
    assert without_lines(back) == without_lines(issue)
    assert same_doubts(back, issue)


# ---- sitegen convert, and the .md winning in the build -----------------------------------------

def test_convert_writes_the_doubts_where_they_apply_and_keeps_an_edited_file(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    copy_seed_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    warnings = len(parse_file(SEED).warnings)
    result = CliRunner().invoke(main, ["convert", "seeds/000_24bddb6c18fb181e.txt"])
    wrote = f"wrote {MD} (6 articles, {warnings} warnings as <!-- comments -->)\n"
    assert (result.exit_code, result.output) == (0, wrote)
    text = (tmp_path / MD).read_text(encoding="utf-8")
    dup = text.index("<!-- duplicate-dropped: repeats an earlier paragraph")
    assert text.rindex("### 咸宁“批供合一”优化土地要素配置", 0, dup) > text.rindex("\n### ", 0, dup) - 1
    assert text.count("<!-- ") == warnings
    result = CliRunner().invoke(main, ["convert", "seeds/000_24bddb6c18fb181e.txt"])
    assert result.exit_code == 1
    assert result.output == f"error: {MD}: exists (it may hold an editor's corrections); --force overwrites it\n"


def article_urls(site: Path) -> set[str]:
    """The URL paths of the articles: the directories holding an article.json."""
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("article.json")}


def test_edits_in_the_issue_file_reach_the_site_and_keep_every_other_url(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    project = copy_seed_project(tmp_path)
    site = build_project(project)
    before = article_urls(site)
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["convert", "seeds/000_24bddb6c18fb181e.txt"]).exit_code == 0
    md = project / MD
    text = md.read_text(encoding="utf-8")
    first, second = "国家发展改革委副主任赵辰昕表示，", "\n\n#### 我国“双碳”工作"
    merged = text.replace("合作成果。\n\n国家发展改革委", "合作成果。国家发展改革委", 1)
    edited = merged.replace("### 合肥实施城市“规建治”一体化改革", "### 合肥推进城市“规建治”一体化", 1)
    assert edited.count(first) == 1 and second in edited and edited != merged != text
    md.write_text(edited, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        build_project(project)
    told = [r.getMessage() for r in caplog.records if "the issue file wins" in r.getMessage()]
    assert told == [f"{MD}: read instead of seeds/000_24bddb6c18fb181e.txt (the issue file wins)"]
    after = article_urls(site)
    assert before - after == {"2024/09/20/hefei-shishi-chengshi-gui-jian-zhi"}
    assert after - before == {"2024/09/20/hefei-tuijin-chengshi-gui-jian-zhi"}
    edited_page = page(site, "2024/09/20/hefei-tuijin-chengshi-gui-jian-zhi/")
    assert edited_page.find_all("h1", "story-title")[0].text == "合肥推进城市“规建治”一体化"
    lead = page(site, "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/")
    paragraphs = [p.text for p in lead.find_all("div", "story-body")[0].find_all("p")]
    assert paragraphs[0].endswith("合作成果。国家发展改革委副主任赵辰昕表示，应对气候变化是全人类的共同事业，"
                                  "离不开中美两个大国的合作。举办中美循环经济合作论坛是落实《阳光之乡声明》的重要举措，"
                                  "也是中美循环经济合作的又一里程碑，对中美携手应对气候危机具有重要意义，希望中美双方政府部门、"
                                  "企业、研究机构、智库等围绕循环经济加强政策对话、深化技术交流、强化务实合作。")
    assert not any(p.startswith("国家发展改革委副主任") for p in paragraphs)
    # A slug field keeps the old URL after a headline edit.
    headline = "### 合肥推进城市“规建治”一体化\n\n```toml\n"
    slugged = edited.replace(headline, headline + 'slug = "hefei-shishi-chengshi-gui-jian-zhi"\n', 1)
    assert slugged != edited
    md.write_text(slugged, encoding="utf-8")
    build_project(project)
    assert article_urls(site) == before


# ---- a hand-edited issue file with a mistake: file:line, exit 1, the last good site stays -------

FRONT = '---\ntitle = "测试"\ndate = 2024-09-20\n---\n\n'
ARTICLE = "### 标题一\n\n```toml\nbyline = \"本报记者 田新元\"\n```\n\n正文第一段。\n\n"
BAD = {
    "unknown field": (FRONT + "### 标题一\n\n```toml\nbyline = \"本报记者 田新元\"\nauthor = \"田新元\"\n```\n\n"
                      "正文。\n",
                      "seeds/2024-09-20.md:10: unknown field 'author' (known: kicker, subtitle, byline, authors, "
                      "dateline, signoff, slug)"),
    "no headline": (FRONT + ARTICLE + "###\n\n正文。\n",
                    "seeds/2024-09-20.md:14: article with no headline: write it after ###"),
    "text before any headline": (FRONT + "正文。\n\n" + ARTICLE,
                                 "seeds/2024-09-20.md:6: text before the first article: an article starts "
                                 "with a `### headline`"),
    "bad front matter (TOML)": ('---\ntitle = "测试\ndate = 2024-09-20\n---\n\n' + ARTICLE,
                                "seeds/2024-09-20.md:2: invalid TOML: Illegal character '\\n'"),
    "bad front matter (key)": ('---\ntitle = "测试"\nday = 2024-09-20\n---\n\n' + ARTICLE,
                               "seeds/2024-09-20.md:3: unknown front matter key 'day' (known: title, date, pages)"),
    "bad front matter (type)": ('---\ntitle = "测试"\ndate = "2024-09-20"\n---\n\n' + ARTICLE,
                                "seeds/2024-09-20.md:3: 'date' must be a date like 2024-09-20 (no quotes)"),
    "front matter never closed": ('---\ntitle = "测试"\n\n' + ARTICLE,
                                  "seeds/2024-09-20.md:1: front matter opened with --- is never closed by a "
                                  "line of ---"),
    "same slug twice": (FRONT + ARTICLE + "### 标题二\n\n```toml\nslug = \"biaoti-yi\"\n```\n\n正文。\n",
                        "seeds/2024-09-20.md:14: two articles with the slug 'biaoti-yi' (the other at line 6); "
                        "give one a `slug` field of its own"),
    "same headline twice": (FRONT + ARTICLE + "### 标题一\n\n正文。\n",
                            "seeds/2024-09-20.md:14: two articles with the slug 'biaoti-yi' (the other at line 6); "
                            "give one a `slug` field of its own"),
    "a list": (FRONT + ARTICLE + "- 一\n- 二\n",
               "seeds/2024-09-20.md:14: a list has no place in an issue file (paragraphs, headings, > quotes "
               "and {.figure} captions only)"),
    "bad page heading": (FRONT + "# 要闻\n\n" + ARTICLE,
                         "seeds/2024-09-20.md:6: a page heading is `# 第N版`, not `# 要闻`"),
    "unknown figure attribute": (FRONT + ARTICLE + "{.figure by=\"新华社\"}\n图为。\n",
                                 "seeds/2024-09-20.md:14: unknown figure attribute 'by' (known: credit)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_mistake_in_an_issue_file_names_file_and_line_and_keeps_the_site(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, message = BAD[case]
    project = tmp_path
    (project / "seeds").mkdir()
    (project / "seeds/2024-09-20.md").write_text(FRONT + ARTICLE, encoding="utf-8")
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["build", "--no-search"]).exit_code == 0
    good = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    (project / "seeds/2024-09-20.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--no-search"])
    assert (result.exit_code, result.output) == (1, f"error: {message}\n")
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == good


def test_an_issue_file_alone_is_an_issue_and_its_front_matter_names_pages(tmp_path: Path) -> None:
    path = tmp_path / "2024-09-20.md"
    path.write_text(textwrap.dedent("""\
        ---
        title = "示例日报 2024年9月20日"

        [pages]
        2 = "要闻"
        ---

        # 第02版

        ## 要闻速递

        ### 1. 标题 \\#

        正文第一行
        接着第二行。

        > 引语。

        {.figure credit="新华社记者 连振 摄"}
        图为风电项目。
        """), encoding="utf-8")
    issue = read_issue_file(path)
    assert (issue.id, issue.title, str(issue.date)) == ("2024-09-20", "示例日报 2024年9月20日", "2024-09-20")
    assert [(p.number, p.name) for p in issue.pages] == [(2, "要闻")]
    (article,) = issue.articles
    assert (article.title, article.section, article.page, article.line) == ("1. 标题 #", "要闻速递", 2, 12)
    assert [(b.kind, b.text, b.credit, b.line) for b in article.blocks] == [
        ("paragraph", "正文第一行接着第二行。", None, 14), ("quote", "引语。", None, 17),
        ("figure", "图为风电项目。", "新华社记者 连振 摄", 20)]


# ---- sitegen check ------------------------------------------------------------------------------

CHECK_LINE = re.compile(r"^(seeds/[^:]+):(\d+): (warning|note): ([a-z-]+): (.+) \[doubt ([01]\.\d\d)\]$")
"""A line of `sitegen check`: file and line first, the level, the code, the message, the doubt."""


def test_check_lists_warnings_apart_from_notes_most_doubtful_first_and_strict_fails_on_warnings_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_seed_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    parsed = parse_file(SEED).warnings
    shown = [w for w in parsed if w.doubt >= SHOWN]
    notes = [w for w in parsed if w.doubt < SHOWN]
    assert len(shown) >= 1 and len(notes) > 10  # the seed parses exactly right: its notes show the order
    result = CliRunner().invoke(main, ["check"])
    lines = [CHECK_LINE.match(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and all(lines) and len(lines) == len(shown), "the warnings only, by default"
    assert {(int(m[2]), m[4]) for m in lines if m} == {(w.line, w.code) for w in shown}
    assert {m[3] for m in lines if m} == {"warning"}
    assert result.stderr.endswith(f"{len(shown)} warnings, {len(notes)} notes (`--notes` lists them), "
                                  "0 errors in 1 seeds\n")
    result = CliRunner().invoke(main, ["check", "--notes"])
    lines = [CHECK_LINE.match(line) for line in result.stdout.splitlines()]
    assert all(lines) and [m[3] for m in lines if m] == ["warning"] * len(shown) + ["note"] * len(notes)
    doubts = [float(m[6]) for m in lines if m]
    assert doubts[:len(shown)] == sorted(doubts[:len(shown)], reverse=True), "most doubtful first"
    assert doubts[len(shown):] == sorted(doubts[len(shown):], reverse=True)
    assert CliRunner().invoke(main, ["check", "--strict"]).exit_code == 1

    assert CliRunner().invoke(main, ["convert", "seeds/000_24bddb6c18fb181e.txt"]).exit_code == 0
    result = CliRunner().invoke(main, ["check", "--strict", "--notes"])
    assert result.exit_code == 1 and result.stdout.count(f"{MD}:") == len(parsed)
    md = tmp_path / MD
    # Every line a message names is a line of the issue file: a column join names the paragraph it
    # joined (which holds both sides of the break), wherever the comment stands.
    text = md.read_text(encoding="utf-8").split("\n")
    joins = [m for m in map(CHECK_LINE.match, result.stdout.splitlines()) if m and m[4] == "column-join"]
    assert len(joins) > 5
    for join in joins:
        named = int(re.search(r"joined to line (\d+)", join[5])[1])
        before, after = re.search(r"…(.+)\|(.+)…", join[5]).groups()
        assert before + after in text[named - 1], f"{MD}:{named} is not the paragraph joined ({join[0]})"
    # An editor resolves the warnings (notes left in): strict passes, the notes are still there.
    resolved = re.sub(r"\n<!-- [^\n]* \[doubt 0\.[4-9][0-9]*\] -->\n", "\n", md.read_text(encoding="utf-8"))
    md.write_text(resolved, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.endswith(f"0 warnings, {len(notes)} notes (`--notes` lists them), 0 errors in 1 seeds\n")
    corrected = re.sub(r"\n<!-- [^\n]* -->\n", "\n", md.read_text(encoding="utf-8"))
    md.write_text(corrected.replace('title = "000_24bddb6c18fb181e"', 'title = "中国经济导报"\ndate = 2024-09-20'),
                  encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--strict"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "0 warnings, 0 notes, 0 errors in 1 seeds\n"


def test_a_line_a_warning_names_stays_right_when_the_issue_file_is_edited_above(tmp_path: Path) -> None:
    path = tmp_path / "000_24bddb6c18fb181e.md"
    path.write_text(issue_markdown(parse_file(SEED)), encoding="utf-8")
    before = {w.line: w.message for w in read_issue_file(path).warnings}
    text = path.read_text(encoding="utf-8")
    first = text.index("\n### ") + 1
    path.write_text(text[:first] + "### 新加的一篇\n\n编辑加的一段。\n\n" + text[first:], encoding="utf-8")
    after = {w.line: w.message for w in read_issue_file(path).warnings}
    shifted = {line - 4: re.sub(r"line (\d+)", lambda m: f"line {int(m[1]) - 4}", message)
               for line, message in after.items()}
    assert shifted == before and len(before) > 10
    assert any("line " in message for message in shifted.values())


def test_check_reports_an_unreadable_issue_file_as_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/x.md").write_text(FRONT + "###\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "error: seeds/x.md:6: article with no headline: write it after ###\n" in result.stderr


def test_parse_reads_an_issue_file_too(tmp_path: Path) -> None:
    issue = parse_file(SEED)
    path = tmp_path / "000_24bddb6c18fb181e.md"
    path.write_text(issue_markdown(issue), encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 0 and "6 articles" in result.output
    with pytest.raises(ParseError):
        (tmp_path / "y.md").write_text("", encoding="utf-8")
        read_issue_file(tmp_path / "y.md")


def test_the_documented_example_reads_as_the_seed_s_first_article(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs/issue-format.md").read_text(encoding="utf-8")
    example = doc.split("````markdown\n", 1)[1].split("````", 1)[0]
    path = tmp_path / "000_24bddb6c18fb181e.md"
    path.write_text(example, encoding="utf-8")
    (documented,) = read_issue_file(path).articles
    first = parse_file(SEED).articles[0]
    assert without_lines(read_issue_file(path)).articles[0] == replace(first, line=0, blocks=tuple(
        replace(b, line=0) for b in first.blocks))
    assert documented.title == "开展循环经济合作 营造有利“大气候”"


def test_issue_files_coming_and_going_give_what_a_full_build_gives(tmp_path: Path) -> None:
    from test_incremental import Live

    live = Live(dated_project(tmp_path / "project"), tmp_path / "live")
    seeds = live.project / "seeds"
    converted = issue_markdown(parse_file(seeds / "2024-09-20.txt", "seeds/2024-09-20.txt"))
    edited = converted.replace("### 东北三省一区共签深化科技合作框架协议", "### 东北三省一区签署科技合作协议")
    steps: list[tuple[str, dict[str, str | bytes | None]]] = [
        ("converted", {"seeds/2024-09-20.md": converted}),
        ("headline edited in the .md", {"seeds/2024-09-20.md": edited}),
        ("the .txt edited under its .md", {"seeds/2024-09-20.txt": "第01版\n\n全新的头条\n\n本报记者 田新元\n\n正文"}),
        ("the .md removed", {"seeds/2024-09-20.md": None}),
        ("an .md alone, dated by its name", {"seeds/2024-12-01.md": edited.replace("date = 2024-09-20\n", "")}),
    ]
    for step, files in steps:
        live.edit(files)
        assert snapshot(live.output) == live.full_build(), f"after: {step}"
    assert "2024/12/01/dongbeisansheng-yi-qu-qianshu-keji-hezuo/index.html" in snapshot(live.output)


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
