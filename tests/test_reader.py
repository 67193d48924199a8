"""What a reader meets on a real issue (issue 19): pages with no name and articles in no section,
credits as printed, figures with no image (small, in a real Chromium at 375 and 1280 px, kept out
of search excerpts), author pages only for people, keywords whole and never words of grammar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_PATH, REPO, build_project, serve, write_project
from htmldoc import page

from sitegen.cli import main
from sitegen.errors import ConfigError
from sitegen.model import Article, Block
from sitegen.parse.bylines import authors_from_byline, contributed_authors, person_names
from sitegen.site.keywords import article_keywords, names_in

FIXTURE = REPO / "tests" / "fixtures" / "rmrb-2026" / "rmrb-2026-06-07-pages.txt"
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real issue of 人民日报 (its pages marked `第01版` with no name), built."""
    project = tmp_path_factory.mktemp("paper")
    write_project(project, {"sitegen.toml": 'title = "人民日报"\n'})
    (project / "seeds").mkdir(exist_ok=True)
    (project / "seeds" / FIXTURE.name).write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return build_project(project)


def articles(site: Path) -> list[Path]:
    return sorted(p for p in (site / "2026/06/07").glob("*/index.html") if not p.parent.name.isdigit())


# ---- sections ------------------------------------------------------------------------------------

def test_a_page_with_no_name_has_none_and_its_articles_no_section(paper: Path) -> None:
    assert not (paper / "sections" / "yaowen").exists(), "no default section"
    assert page(paper, "2026/06/07/01/").find("h1").text.startswith("第01版 ")
    story = articles(paper)[0].parent.relative_to(paper).as_posix() + "/"
    doc = page(paper, story)
    assert [a.attrs["href"] for a in doc.find("p", "story-meta").find_all("a") if "/sections/" in a.attrs["href"]] == []
    assert doc.find_all("meta", name="search:section") == []
    assert all(not li.text.startswith("要闻") for li in doc.find("nav", "crumbs").find_all("li"))
    data = json.loads((paper / story / "article.json").read_text(encoding="utf-8"))
    assert (data["section"], data["section_label"]) == (None, None)
    assert "要闻" not in (paper / story / "article.txt").read_text(encoding="utf-8").splitlines()[-2]
    feed = (paper / "feed.xml").read_text(encoding="utf-8")
    assert "<entry>" in feed and "<category" not in feed


def test_default_section_is_a_removed_key_with_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"sitegen.toml": 'default_section = "要闻"\n'})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1
    assert result.output.startswith("error: sitegen.toml: 'default_section' is no longer read: an article printed "
                                    "under no column label is in its page's section")
    from sitegen.config import load_config
    with pytest.raises(ConfigError, match="docs/configuration.md"):
        load_config(None, cwd=tmp_path)


# ---- credits and figures --------------------------------------------------------------------------

def test_credits_print_as_the_paper_printed_them(paper: Path) -> None:
    credits = [c.text for p in articles(paper) for c in page(paper, p.parent.relative_to(paper).as_posix() + "/")
               .find_all("span", "credit")]
    assert len(credits) > 10
    assert not [c for c in credits if c.endswith(" 摄") and "摄" in c[:-2]], "a second 摄"
    assert not [c for c in credits if c.endswith(("供图 摄", "提供 摄", "资料图片 摄", "） 摄"))]


def test_figures_are_kept_out_of_the_search_body(paper: Path) -> None:
    figures = [f for p in articles(paper) for f in page(paper, p.parent.relative_to(paper).as_posix() + "/")
               .find_all("figure", "photo")]
    assert figures and all(f.attrs.get("data-pagefind-ignore") == "" for f in figures)
    assert all(f.find_all("p", "photo-missing") and f.find_all("figcaption") for f in figures)


def test_search_excerpts_never_read_the_placeholder_or_a_caption(paper: Path) -> None:
    """Pagefind's own fragments (what it shows as excerpts) hold no figure text."""
    import gzip
    fragments = [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
                 for f in paper.glob("pagefind-*/fragment/*.pf_fragment")]
    assert fragments
    assert not [f for f in fragments if "图片见印刷版" in f["content"]]


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_a_figure_with_no_image_is_small_and_quiet(browser, paper: Path, width: int) -> None:  # type: ignore[no-untyped-def]
    story = next(p for p in articles(paper) if 'class="photo"' in p.read_text(encoding="utf-8"))
    url_path = story.parent.relative_to(paper).as_posix() + "/"
    for base in serve(paper):
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto(f"{base}{url_path}")
        figure = tab.locator("figure.photo").first
        placeholder = figure.locator(".photo-missing").bounding_box()
        caption = figure.locator("figcaption").bounding_box()
        box = figure.bounding_box()
        assert placeholder and caption and box
        assert placeholder["height"] < 32, "the placeholder is one small line, not a box"
        assert box["height"] < caption["height"] + placeholder["height"] + 24, "nothing but the placeholder and caption"
        assert tab.locator("figure.photo figcaption").first.is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        figure.scroll_into_view_if_needed()
        tab.screenshot(path=str(ARTIFACTS / f"figure-no-image-{width}.png"))
        tab.close()
    assert BASE_PATH


# ---- authors --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "names"), [
    ("本报记者 季 芳", ["季芳"]),
    ("本报记者 王 观 游 仪 洪秋婷", ["王观", "游仪", "洪秋婷"]),
    ("人民网记者郝萍", ["郝萍"]),
    ("开栏的话", []),
    ("越发绚烂", []),
    ("普京总统", []),
    ("本报记者", []),
    ("阿尔达克", ["阿尔达克"]),
    ("欧阳自远", ["欧阳自远"]),
    ("新华社记者 曹祎铭摄影报道", ["曹祎铭"]),
    ("约罗·迪亚洛", ["约罗·迪亚洛"]),
])
def test_author_names_by_the_print_structure_of_a_name(byline: str, names: list[str]) -> None:
    assert authors_from_byline(byline) == names


def test_credits_at_the_end_name_the_people_who_took_part() -> None:
    assert contributed_authors("（本报记者刘温馨、王昊男参与采写）") == ["刘温馨", "王昊男"]
    assert contributed_authors("（张凡整理）") == ["张凡"]
    assert contributed_authors("（本报记者孟祥夫、吴秋余、方圆）") == ["孟祥夫", "吴秋余", "方圆"]
    assert contributed_authors("（作者为中国社会科学院研究员）") == []
    assert contributed_authors("（完）") == []
    assert person_names(["本报记者", "张文豪"]) == ["张文豪"]


def test_author_pages_are_for_people(paper: Path) -> None:
    links = page(paper, "authors/").find_all("a")
    names = [a.text for a in links if a.attrs["href"].startswith(f"{BASE_PATH}authors/")]
    assert len(names) > 20
    assert not [n for n in names if "记者" in n or "总统" in n or n.endswith(("整理", "摄"))]


# ---- keywords -------------------------------------------------------------------------------------

def test_keywords_keep_names_whole_and_leave_out_words_of_grammar() -> None:
    body = ("全国人大常委会副委员长李鸿忠、王东明、洛桑江村出席。双方同比增长，愿同各方合作。"
            "洛桑江村表示，双方愿同各方共同推动合作。洛桑江村强调，同比增长。") * 3
    article = Article(id="x", title="洛桑江村出席合作会议", blocks=(Block("paragraph", body),), authors=("田新元",))
    assert {"李鸿忠", "洛桑江村"} <= set(names_in(article))
    words = article_keywords(article, 5)
    assert "洛桑江村" in words and "洛桑" not in words and "江村" not in words
    assert not {"双方", "同比", "愿同", "各方", "田新元"} & set(words)
