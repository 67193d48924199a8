"""版面 pages on three real issues of 人民日报 (../shared/corpus/rmrb-2026/, printed with `第NN版`
markers): a page of its own for every printed page, the 版面导航, 上一版/下一版 across a whole issue,
page images and PDFs made by the tests themselves, and the outputs a deployed build must get right
(feeds, sitemap, keywords) — on the built files and in a real Chromium."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BASE_PATH, REPO, SITE_URL, build_project, serve, write_project
from htmldoc import page, sitemap_urls

from sitegen.errors import BuildError

CORPUS = REPO.parent / "shared" / "corpus" / "rmrb-2026"
ISSUES = ("2026-05-01", "2026-05-03", "2026-05-05")
NAMES = {1: "要闻", 2: "要闻", 3: "要闻", 4: "要闻", 5: "评论", 6: "经济", 7: "社会", 8: "国际"}
"""Page names the tests give: by sidecar for the first issue, by `第NN版：名` markers for the second."""
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTIFACTS = Path(__file__).parent / "artifacts"


def page_pdf(lines: list[str]) -> bytes:
    """A one-page A3 PDF with these lines in a CJK font (reportlab's built-in STSong-Light)."""
    from reportlab.lib.pagesizes import A3
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A3, invariant=1)
    sheet.setFont("STSong-Light", 36)
    for n, line in enumerate(lines):
        sheet.drawString(60, A3[1] - 100 - 60 * n, line)
    sheet.rect(40, 40, A3[0] - 80, A3[1] - 80)
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def page_png(kind: str = "PNG") -> bytes:
    """A page image drawn with Pillow (PNG, or another format Pillow writes)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 850), "#f1ecdf")
    ImageDraw.Draw(image).rectangle((30, 30, 570, 820), outline="#222222", width=4)
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def paper_project(root: Path) -> Path:
    """Three dated issues with page markers: page names from a sidecar, from the markers, and none."""
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    texts = {day: (CORPUS / f"rmrb-{day}-pages.txt").read_text(encoding="utf-8") for day in ISSUES}
    named = re.sub(r"^第(\d\d)版$", lambda m: f"第{m[1]}版：{NAMES[int(m[1])]}", texts[ISSUES[1]], flags=re.M)
    write_project(root, {
        "sitegen.toml": 'title = "人民日报"\ndescription = "人民日报数字版"\n',
        f"seeds/{ISSUES[0]}.txt": texts[ISSUES[0]],
        f"seeds/{ISSUES[0]}.toml": "[pages]\n" + "".join(f'{n} = "{name}"\n' for n, name in NAMES.items()),
        f"seeds/{ISSUES[1]}.txt": named,
        f"seeds/{ISSUES[2]}.txt": texts[ISSUES[2]],
    })
    scans = root / "seeds" / ISSUES[0]
    scans.mkdir()
    (scans / "01.pdf").write_bytes(page_pdf(["人民日报 第01版：要闻", "以更大力度更实举措加强基础研究"]))
    (scans / "02.png").write_bytes(page_png())
    return root


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three issues built as deployed (base_url https://example.org/paper/), without search."""
    from sitegen.config import load_config
    from sitegen.make import build

    project = paper_project(tmp_path_factory.mktemp("paper"))
    config = load_config(None, base_url=SITE_URL, cwd=project)
    build(config, search=False)
    return config.paths.output


@pytest.fixture(scope="module")
def paper_url(paper: Path) -> Iterator[str]:
    yield from serve(paper)


def pages_of(site: Path, day: str) -> list[tuple[str, str]]:
    """(title, path) of every page on an issue's 版面导航."""
    board = page(site, f"{day.replace('-', '/')}/").find("ol", "board")
    links = [li.find("h3", "board-page-title").find("a") for li in board.find_all("li", "board-page")]
    return [(a.text, a.attrs["href"].removeprefix(BASE_PATH)) for a in links]


# ---- the built files -------------------------------------------------------------------------

def test_every_printed_page_has_a_page_named_from_sidecar_marker_or_number(paper: Path) -> None:
    first, second, third = (pages_of(paper, day) for day in ISSUES)
    assert first[:3] == [("第01版：要闻", "2026/05/01/01/"), ("第02版：要闻", "2026/05/01/02/"),
                         ("第03版：要闻", "2026/05/01/03/")]
    assert [t for t, _ in first] == [f"第{n:02d}版：{NAMES[n]}" for n in (1, 2, 3, 4, 5, 6, 8)], \
        "page 7 is not in the dump"
    printed = re.findall(r"^第(\d\d)版$", (CORPUS / f"rmrb-{ISSUES[1]}-pages.txt").read_text(encoding="utf-8"), re.M)
    assert [t for t, _ in second] == [f"第{n}版：{NAMES[int(n)]}" for n in printed], "names from 第NN版：名 markers"
    assert third[0] == ("第01版", "2026/05/05/01/"), "no name anywhere: the number alone"
    for title, path in first + second + third:
        doc = page(paper, path)
        assert doc.find("h1", "print-title").text.startswith(title)
        assert doc.find("section", "print-stories").find_all("article", "teaser"), f"{path} lists no article"


def test_a_page_lists_its_articles_in_print_order_and_each_links_back(paper: Path) -> None:
    doc = page(paper, "2026/05/01/01/")
    links = [h.find("a") for h in doc.find("section", "print-stories").find_all("h4", "teaser-title")]
    assert links[0].text.startswith("以更大力度更实举措加强基础研究")
    for n, link in enumerate(links):
        article = page(paper, link.attrs["href"].removeprefix(BASE_PATH))
        assert article.find("a", "story-page").attrs["href"] == f"{BASE_PATH}2026/05/01/01/"
        assert article.find("nav", "crumbs").texts("li")[2] == "第01版：要闻"
        others = [a.attrs["href"] for a in article.find("aside", "page-others").find_all("a")][1:]
        assert others == [a.attrs["href"] for m, a in enumerate(links) if m != n], "本版其他文章 in print order"


def test_page_image_and_pdf_are_published_with_the_page(paper: Path) -> None:
    first = page(paper, "2026/05/01/01/").find("figure", "print-scan")
    image = first.find("img")
    assert image.attrs["src"] == f"{BASE_PATH}2026/05/01/01/2026-05-01-01.webp"
    assert (image.attrs["width"], image.attrs["height"]) == ("1200", str(round(1200 * 1190.55 / 841.89)))
    webp = (paper / "2026/05/01/01/2026-05-01-01.webp").read_bytes()
    assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP", "the PDF rendered to an image"
    pdf = first.find("a", "pdf-link")
    assert pdf.text.startswith("PDF下载") and pdf.attrs["href"] == f"{BASE_PATH}2026/05/01/01/2026-05-01-01.pdf"
    assert (paper / "2026/05/01/01/2026-05-01-01.pdf").read_bytes() == page_pdf(
        ["人民日报 第01版：要闻", "以更大力度更实举措加强基础研究"])
    second = page(paper, "2026/05/01/02/").find("figure", "print-scan")
    assert second.find("img").attrs["src"] == f"{BASE_PATH}2026/05/01/02/2026-05-01-02.png"
    assert second.find_all("a", "pdf-link") == [], "an image without a PDF: nothing to download"
    assert page(paper, "2026/05/01/03/").find_all("figure", "print-scan") == []
    og = {m.attrs["property"]: m.attrs["content"] for m in page(paper, "2026/05/01/01/").find_all("meta")
          if "property" in m.attrs}
    assert og["og:image"] == f"{SITE_URL}2026/05/01/01/2026-05-01-01.webp"


def test_feeds_are_atom_with_unique_ids_and_real_dates(paper: Path) -> None:
    feeds = [paper / "feed.xml", *sorted(paper.glob("sections/*/feed.xml"))]
    assert len(feeds) >= 2
    latest = sum(len(ul.find_all("li")) for ul in page(paper, "2026/05/05/").find_all("ul", "board-headlines"))
    for path in feeds:
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        ids = [root.find(f"{ATOM}id").text] + [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
        assert len(ids) == len(set(ids)), f"{path}: ids repeat"
        assert all(i.startswith(("tag:example.org,2026-05-", SITE_URL)) for i in ids), ids
        assert "1970" not in path.read_text(encoding="utf-8")
    entries = ET.parse(paper / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert len(entries) >= latest > 20, "the whole latest issue, though feed_size is 20"


def test_the_sitemap_of_a_deployed_build_has_absolute_urls_only(paper: Path) -> None:
    urls = sitemap_urls(paper, SITE_URL)
    assert urls and all(u.startswith(SITE_URL) for u in urls)
    assert f"{SITE_URL}2026/05/01/08/" in urls
    keywords = {u for u in urls if u.startswith(f"{SITE_URL}keywords/") and u != f"{SITE_URL}keywords/"}
    for url in keywords:
        listed = page(paper, url.removeprefix(SITE_URL)).find_all("article", "teaser")
        assert len(listed) > 1 or "/page/" in url, f"{url}: a keyword of one article has a page"


def test_keywords_are_whole_terms_never_numbers_or_datelines(paper: Path) -> None:
    names = page(paper, "keywords/").find("ul", "topic-index").texts("li")
    assert len(names) > 20
    words = [n.split()[0] for n in names]
    assert not [w for w in words if re.fullmatch(r"第?[〇零一二两三四五六七八九十百千万]+", w)], "numbers"
    assert not [w for w in words if w.endswith("日电") or w in ("无标题",)], "datelines, placeholders"


def test_a_corrupt_page_file_is_one_error_naming_it_and_the_site_stays(tmp_path: Path) -> None:
    seed = "第01版\n\n标题一则\n\n本报记者 张三\n\n正文一段，足够长的正文。\n"
    project = write_project(tmp_path, {"seeds/2026-05-01.txt": seed})
    site = build_project(project, base_url=SITE_URL)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (project / "seeds/2026-05-01").mkdir()
    (project / "seeds/2026-05-01/01.pdf").write_bytes(b"%PDF-1.7 this is not a PDF")
    with pytest.raises(BuildError) as error:
        build_project(project, base_url=SITE_URL)
    assert str(error.value).startswith("seeds/2026-05-01/01.pdf: not a readable PDF")
    assert "\n" not in str(error.value)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    (project / "seeds/2026-05-01/01.pdf").unlink()
    (project / "seeds/2026-05-01/01.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    with pytest.raises(BuildError, match=r"^seeds/2026-05-01/01.png: not a readable PNG image"):
        build_project(project, base_url=SITE_URL)


# ---- in Chromium -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    chromium_path = Path("/usr/bin/chromium")
    if not chromium_path.exists():
        pytest.skip(f"no Chromium at {chromium_path}")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(chromium_path), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


def tab(browser, width: int = 1280, scheme: str = "light"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page_ = context.new_page()
    page_.errors = []
    page_.on("pageerror", lambda e: page_.errors.append(str(e)))
    page_.on("console", lambda m: page_.errors.append(m.text) if m.type == "error" else None)
    return page_


@pytest.mark.browser
def test_a_reader_goes_through_a_whole_issue_page_by_page(browser, paper: Path, paper_url: str) -> None:  # type: ignore[no-untyped-def]
    expected = pages_of(paper, ISSUES[0])
    reader = tab(browser)
    reader.goto(paper_url + "2026/05/01/")
    assert reader.locator(".board-page-title a").all_inner_texts() == [t for t, _ in expected]
    reader.locator(".board-page-title a").first.click()
    seen = [reader.locator("h1.print-title").inner_text()]
    while reader.locator(".print-pager").first.locator("a.next").count():
        reader.locator(".print-pager").first.locator("a.next").click()
        reader.wait_for_load_state()
        seen.append(reader.locator("h1.print-title").inner_text())
    assert [s.split()[0] for s in seen] == [t for t, _ in expected]
    assert "已是最后一版" in reader.locator(".print-pager").first.inner_text()
    reader.locator(".print-pager").first.locator("a.prev").click()
    assert reader.url == paper_url + expected[-2][1]
    reader.locator(".print-pager").first.locator("a.to-issue").click()
    assert reader.url == paper_url + "2026/05/01/"
    assert reader.errors == []


@pytest.mark.browser
def test_the_page_image_shows_and_the_pdf_downloads(browser, paper_url: str) -> None:  # type: ignore[no-untyped-def]
    reader = tab(browser, 375)
    reader.goto(paper_url + "2026/05/01/01/")
    image = reader.locator("figure.print-scan img")
    image.scroll_into_view_if_needed()
    reader.wait_for_function("document.querySelector('figure.print-scan img').complete")
    assert image.evaluate("img => img.naturalWidth") == 1200
    assert image.bounding_box()["width"] <= 375
    link = reader.locator("a.pdf-link")
    assert link.is_visible()
    response = reader.request.get(paper_url + "2026/05/01/01/2026-05-01-01.pdf")
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
    reader.goto(paper_url + "2026/05/01/03/")
    assert reader.locator("figure.print-scan").count() == 0


@pytest.mark.browser
def test_the_date_picker_goes_to_the_issue_of_a_day(browser, paper_url: str) -> None:  # type: ignore[no-untyped-def]
    reader = tab(browser)
    reader.goto(paper_url + "2026/05/01/01/")
    reader.locator(".print-side input[type=date]").fill("2026-05-03")
    reader.locator(".print-side .date-picker button").click()
    reader.wait_for_url(paper_url + "2026/05/03/")
    reader.locator(".issue-head input[type=date]").fill("2026-05-04")
    reader.locator(".issue-head .date-picker button").click()
    reader.wait_for_url(paper_url + "2026/05/03/")  # no paper that day: the one before
    dates = json.loads(reader.request.get(paper_url + "archive/dates.json").body())
    assert [d for d, _ in dates] == list(ISSUES)
    assert reader.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_page_pages_fit_the_screen(browser, paper_url: str, width: int, scheme: str) -> None:  # type: ignore[no-untyped-def]
    reader = tab(browser, width, scheme)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("issue", "2026/05/01/"), ("page", "2026/05/01/01/"), ("page2", "2026/05/01/02/")):
        reader.goto(paper_url + path)
        reader.wait_for_load_state("networkidle")
        assert reader.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
        reader.screenshot(path=str(ARTIFACTS / f"print-{name}-{width}-{scheme}.png"), full_page=True)
    assert reader.errors == []
