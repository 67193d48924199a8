"""The preview shows the parser's doubts (in `sitegen serve` only, never in `sitegen build` output), an
issue file's errors show in the overlay while the last good site stays, and 纠错 links to GitHub."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_project, copy_seed_project
from htmldoc import page as built_page
from htmldoc import parse_html
from test_serve import ARTICLE, Events, get, open_tab, serving

from sitegen.cli import main

ISSUE = "2024/09/20/"
DOUBTFUL = "2024/09/20/xianning-pi-gong-heyi-youhua-tudiyaosu/"
"""The article with a joined byline, a column join and a dropped duplicate."""
CLEAN = "2024/09/20/guangdong-zhongxiaoqiye-famingzhuanli/"
"""An article the parser had no doubt about."""
MD = "seeds/000_24bddb6c18fb181e.md"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = copy_seed_project(tmp_path / "project")
    config = root / "sitegen.toml"
    config.write_text('editor = "vscode"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def served(session, path: str) -> str:  # type: ignore[no-untyped-def]
    status, _, body = get(session, session.server.base_path + path)
    assert status == 200
    return body.decode("utf-8")


def test_served_pages_carry_the_doubts_and_the_site_directory_does_not(project: Path) -> None:
    with serving(project) as session:
        article = parse_html(served(session, DOUBTFUL))
        (panel,) = article.find_all("aside", "sitegen-doubts")
        items = [li.text for li in panel.find_all("li")]
        assert [item.split(" ")[:2] for item in items] == [
            ["seeds/000_24bddb6c18fb181e.txt:111", "byline-joined"],
            ["seeds/000_24bddb6c18fb181e.txt:119", "column-join"],
            ["seeds/000_24bddb6c18fb181e.txt:123", "duplicate-dropped"]]
        assert "本报讯 陈仕源 记者" in items[0] and "土地要素潜能活力激发" in items[2]
        link = panel.find_all("a")[0].attrs["href"]
        assert link == f"vscode://file/{(project / 'seeds/000_24bddb6c18fb181e.txt').resolve().as_posix()}:111"
        assert "sitegen-doubts" not in served(session, CLEAN)
        issue = parse_html(served(session, ISSUE))
        first = issue.find_all("main")[0].find_all("aside", "sitegen-doubts")[0]
        listed = [a.text for a in first.find_all("a")]
        assert "咸宁“批供合一”优化土地要素配置" in listed and "广东中小企业发明专利授权突破5万件" not in listed
        for file in session.output.rglob("*.html"):
            assert b"sitegen-doubts" not in file.read_bytes(), file


def test_a_build_never_shows_the_doubts(tmp_path: Path) -> None:
    site = build_project(copy_seed_project(tmp_path))
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for file in pages:
        text = file.read_text(encoding="utf-8")
        assert "sitegen-doubts" not in text and "解析存疑" not in text and "vscode://" not in text, file


def test_removing_a_doubt_from_the_issue_file_updates_the_preview(project: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["convert", "seeds/000_24bddb6c18fb181e.txt"]).exit_code == 0
    with serving(project) as session:
        html = served(session, DOUBTFUL)
        assert f"{MD}:" in html and "byline-joined" in html
        events = Events(session, session.server.base_path + DOUBTFUL)
        md = project / MD
        text = md.read_text(encoding="utf-8")
        md.write_text(re.sub(r"<!-- byline-joined: [^\n]*-->\n\n", "", text), encoding="utf-8")
        events.wait_for("reload")
        html = served(session, DOUBTFUL)
        assert "byline-joined" not in html and "column-join" in html
        events.close()


def test_a_mistake_in_the_issue_file_shows_in_the_overlay_and_the_last_good_site_stays(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["convert", "seeds/000_24bddb6c18fb181e.txt"]).exit_code == 0
    with serving(project) as session:
        before = served(session, ARTICLE)
        events = Events(session, session.server.base_path + ARTICLE)
        md = project / MD
        text = md.read_text(encoding="utf-8")
        line = text[:text.index('byline = "本报记者 田新元"')].count("\n") + 1
        md.write_text(text.replace('byline = "本报记者 田新元"', 'writer = "田新元"', 1), encoding="utf-8")
        failed = events.wait_for("failed")
        assert failed["where"] == f"{MD}:{line}"
        assert failed["message"] == f"{MD}:{line}: unknown field 'writer' (known: kicker, subtitle, byline, authors, " \
                                    "dateline, signoff, slug)"
        assert served(session, ARTICLE) == before
        events.close()


@pytest.mark.browser
def test_browser_shows_the_doubt_marker_in_serve(browser, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(project) as session:
        tab = open_tab(browser, session.url + DOUBTFUL)
        marker = tab.locator("aside.sitegen-doubts")
        marker.wait_for(timeout=10_000)
        assert marker.is_visible()
        assert "seeds/000_24bddb6c18fb181e.txt:119" in marker.inner_text()
        box = marker.bounding_box()
        assert box is not None and box["height"] > 40 and box["width"] > 200
        tab.screenshot(path=str(tmp_path / "doubts.png"))
        tab.goto(session.url + ISSUE)
        first = tab.locator("main aside.sitegen-doubts")
        assert first.is_visible()
        title = tab.locator("main .issue-title").bounding_box()
        assert title is not None and first.bounding_box()["y"] < title["y"], "the doubtful articles come first"
        tab.close()


# ---- 纠错: each article page links to correcting its source on GitHub --------------------------

def test_repo_url_links_each_article_to_its_source_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_seed_project(tmp_path)
    config = project / "sitegen.toml"
    config.write_text('repo_url = "https://github.com/example/paper/"\n' + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    site = build_project(project)
    links = built_page(site, DOUBTFUL).find_all("p", "correct")[0].find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "https://github.com/example/paper/edit/main/seeds/000_24bddb6c18fb181e.txt",
        "https://github.com/example/paper/blob/main/seeds/000_24bddb6c18fb181e.txt?plain=1#L109"]
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["convert", "seeds/000_24bddb6c18fb181e.txt"]).exit_code == 0
    build_project(project)
    line = next(n for n, text in enumerate((project / MD).read_text(encoding="utf-8").splitlines(), 1)
                if text == "### 咸宁“批供合一”优化土地要素配置")
    links = built_page(site, DOUBTFUL).find_all("p", "correct")[0].find_all("a")
    assert [a.attrs["href"] for a in links] == [
        f"https://github.com/example/paper/edit/main/{MD}",
        f"https://github.com/example/paper/blob/main/{MD}?plain=1#L{line}"]
    assert links[1].text == f"第 {line} 行"


def test_without_repo_url_there_is_no_correction_link(tmp_path: Path) -> None:
    site = build_project(copy_seed_project(tmp_path))
    assert built_page(site, DOUBTFUL).find_all("p", "correct") == []
