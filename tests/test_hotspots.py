"""Articles located on their page PDFs (版面图 hotspots) and photos taken from them, on real PDFs the
tests make: pages of the 2026 corpus typeset with reportlab by benchmarks/typeset.py (the true regions
written beside them), and a page drawn here by hand in an order no reader would read it in. Then the
built site: hotspots on the 版面 page, the article's place on its page, photos with srcset,
`regions` in article.json, the warnings both ways, a PNG page as before, incremental builds equal to
clean ones, and a real Chromium clicking and tabbing to a hotspot."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from conftest import BASE_PATH, REPO, SITE_URL, build_project, differences, serve, snapshot, write_project
from htmldoc import page

from sitegen.layout import locate, read_page
from sitegen.model import Article, Block

CORPUS = REPO.parent / "shared" / "corpus" / "rmrb-2026"
DAY = "2026-05-03"
"""A day whose first two pages have photos."""


def _module(name: str) -> ModuleType:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    pytest.importorskip("reportlab")
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def typeset() -> ModuleType:
    return _module("typeset")


@pytest.fixture(scope="module")
def hotspots() -> ModuleType:
    return _module("hotspots")


@pytest.fixture(scope="module")
def pages(typeset: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The day typeset page by page (grid layout): NN.pdf and NN.json (the true regions)."""
    out = tmp_path_factory.mktemp("typeset")
    assert typeset.typeset_day(DAY, "grid", out) >= 6
    return out / DAY


def _truth(pages: Path, number: int) -> dict:  # type: ignore[type-arg]
    return json.loads((pages / f"{number:02d}.json").read_text(encoding="utf-8"))


# ---- locating, on typeset corpus pages ---------------------------------------------------------

@pytest.mark.parametrize("number", [1, 2, 3, 8])
def test_every_article_is_found_where_it_was_typeset(typeset, hotspots, pages: Path, number: int) -> None:  # type: ignore[no-untyped-def]
    articles = typeset.gold_pages(DAY)[number]
    content = read_page((pages / f"{number:02d}.pdf").read_bytes(), "01.pdf")
    layout = locate(content, articles, number, "seeds/x.txt", "seeds/x/01.pdf")
    truth = _truth(pages, number)["articles"]
    scores = [hotspots.iou(list(layout.of(a.id).regions), [tuple(r) for r in t["regions"]])
              for a, t in zip(articles, truth, strict=True)]
    assert min(scores) >= 0.85 and sum(s >= 0.9 for s in scores) >= 0.9 * len(scores), scores
    assert layout.warnings == ()
    for article, true in zip(articles, truth, strict=True):
        found = {p.block: p.box for p in layout.of(article.id).photos}
        assert set(found) == {int(b) for b in true["photos"]}, article.title
        for block, box in true["photos"].items():
            assert hotspots.iou([found[int(block)]], [tuple(box)]) > 0.95


def test_the_parse_of_the_text_dump_is_found_on_the_pages(typeset, hotspots, pages: Path) -> None:  # type: ignore[no-untyped-def]
    """The parsed articles (the parser's mistakes and all) against where the gold articles were typeset."""
    from sitegen.parse import parse_file

    issue = parse_file(CORPUS / f"rmrb-{DAY}-pages.txt")
    scores = []
    for number, gold in typeset.gold_pages(DAY).items():
        parsed = [a for a in issue.articles if a.page == number]
        content = read_page((pages / f"{number:02d}.pdf").read_bytes(), "x.pdf")
        layout = locate(content, parsed, number, "x.txt", "x.pdf")
        for g, true in zip(gold, _truth(pages, number)["articles"], strict=True):
            match = hotspots.pair(g, parsed)
            regions = list(layout.of(match.id).regions) if match else []
            scores.append(hotspots.iou(regions, [tuple(r) for r in true["regions"]]))
    assert sum(s >= 0.9 for s in scores) >= 0.85 * len(scores), sorted(scores)[:10]


# ---- a page drawn by hand ------------------------------------------------------------------------

A_TITLE = "春耕时节田间地头忙"
A_TEXT = ("清明前后，各地抓住农时开展春耕生产，农机手驾驶播种机在田间来回作业，一派繁忙景象。"
          "农技人员走进田间，指导农户科学施肥、合理灌溉，保障粮食稳产增产。")
B_TITLE = "社区食堂办到家门口"
B_TEXT = ("老年助餐服务点覆盖更多社区，菜品荤素搭配、价格实惠，老人步行几分钟就能吃上热乎饭。"
          "志愿者还为行动不便的老人送餐上门，让温暖延伸到每一户。")
CAPTION = "农机手在田间播种作业"
CREDIT = "本报记者 王明摄"
BOXED = "遇到侵权行为，请拨打举报电话反映情况"


def _wrap(text: str, per_line: int) -> list[str]:
    return [text[i:i + per_line] for i in range(0, len(text), per_line)]


def hand_made_page(extra: str | None = None) -> tuple[bytes, dict[str, list[tuple[float, float, float, float]]],
                                                        tuple[float, float, float, float]]:
    """An A4 page: article A (headline over two columns, a photo with its caption), article B in the
    third column, article C boxed at the foot; drawn B first, A's columns bottom line first, headlines
    last. Returns the PDF, each article's true rectangles (x0, y0, x1, y1 in points from the top) and
    the photo's. extra: a paragraph no article has, under B."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4, invariant=1)

    def text(x: float, top: float, line: str, size: float) -> None:
        sheet.setFont("STSong-Light", size)
        sheet.drawString(x, height - top - size, line)

    size, pitch, column = 10.0, 14.0, 12  # 12 characters a column line
    sheet.setFont("STSong-Light", 9)
    sheet.drawString(40, height - 30, "测试日报  2026年5月3日  第01版")  # the header: no article's
    b_lines = _wrap(B_TEXT, column)
    text(340, 60, B_TITLE, 14)
    for n, line in enumerate(b_lines):
        text(340, 84 + n * pitch, line, size)
    b_bottom = 84 + len(b_lines) * pitch
    if extra:
        for n, line in enumerate(_wrap(extra, column)):
            text(340, b_bottom + 30 + n * pitch, line, size)
    photo = Image.new("RGB", (400, 240), (120, 160, 90))
    sheet.drawImage(ImageReader(photo), 60, height - 100 - 150, 250, 150)
    photo_box = (60.0, 100.0, 310.0, 250.0)
    text(60, 254, CAPTION + "（" + CREDIT + "）", 8)
    a_lines = _wrap(A_TEXT, column)
    half = (len(a_lines) + 1) // 2
    for n in reversed(range(len(a_lines))):
        x, row = (60, n) if n < half else (190, n - half)
        text(x, 272 + row * pitch, a_lines[n], size)
    a_bottom = 272 + half * pitch
    text(60, 60, A_TITLE, 24)
    sheet.rect(60, height - 520, 250, 60)
    text(70, 470, "举报电话", 12)
    text(70, 490, BOXED, 9)
    sheet.showPage()
    sheet.save()
    truth = {"a": [(60.0, 60.0, 310.0, a_bottom)], "b": [(340.0, 60.0, 340 + column * size, b_bottom)],
             "c": [(60.0, 460.0, 310.0, 520.0)]}
    return out.getvalue(), truth, photo_box


def hand_made_articles(missing: bool = False) -> list[Article]:
    articles = [
        Article("a", A_TITLE, (Block("figure", CAPTION, credit=CREDIT.removesuffix("摄")), Block("paragraph", A_TEXT)),
                page=1, line=3),
        Article("b", B_TITLE, (Block("paragraph", B_TEXT),), page=1, line=9),
        Article("c", "举报电话", (Block("paragraph", BOXED),), page=1, line=12),
    ]
    if missing:
        articles.append(Article("d", "此文不在版面上", (Block("paragraph", "这一段文字在版面的任何地方都找不到。"),),
                                page=1, line=15))
    return articles


def _points(box: tuple[float, float, float, float], size: tuple[float, float]) -> tuple[float, float, float, float]:
    x, y, w, h = box
    return (x * size[0], y * size[1], (x + w) * size[0], (y + h) * size[1])


def test_a_hand_made_page_drawn_out_of_reading_order(hotspots) -> None:  # type: ignore[no-untyped-def]
    data, truth, photo_box = hand_made_page()
    content = read_page(data, "seeds/x/01.pdf")
    assert content is not None
    layout = locate(content, hand_made_articles(), 1, "seeds/x.txt", "seeds/x/01.pdf")
    size = layout.size
    for key, rects in truth.items():
        found = [_points(r, size) for r in layout.of(key).regions]
        as_boxes = [(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in found]
        true = [(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in rects]
        assert hotspots.iou(as_boxes, true) >= 0.85, (key, found, rects)
    photos = layout.of("a").photos
    assert [p.block for p in photos] == [0] and photos[0].pixels == (400, 240)
    assert all(abs(a - b) < 1 for a, b in zip(_points(photos[0].box, size), photo_box, strict=True))
    assert layout.of("b").photos == ()
    assert layout.warnings == (), "the page's header is no article's, and no warning"


def test_an_article_not_on_its_page_and_text_no_article_has_are_warnings() -> None:
    extra = "本段文字印在版面上，却不属于解析出的任何一篇文章，编辑应当核对。"
    data, _, _ = hand_made_page(extra=extra)
    content = read_page(data, "seeds/2026-05-03/01.pdf")
    assert content is not None
    layout = locate(content, hand_made_articles(missing=True), 1, "seeds/2026-05-03.txt", "seeds/2026-05-03/01.pdf")
    lines = [str(w) for w in layout.warnings]
    assert len(lines) == 2, lines
    assert lines[0].startswith("seeds/2026-05-03.txt:15: not-on-page: 「此文不在版面上」 is not on page 1 "
                               "(seeds/2026-05-03/01.pdf)")
    assert lines[1].startswith("seeds/2026-05-03.txt:3: unclaimed-on-page: page 1 (seeds/2026-05-03/01.pdf) "
                               "prints text no article of the page has: 「本段文字印在版面上")
    assert layout.of("d").regions == ()
    assert layout.of("b").regions, "the others are still found"


def test_a_page_without_text_is_one_warning() -> None:
    """A scan without a text layer: nothing to locate, one warning for the page, not one per article."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(600, 800), invariant=1)
    sheet.drawImage(ImageReader(Image.new("RGB", (300, 400), (200, 190, 170))), 0, 0, 600, 800)
    sheet.showPage()
    sheet.save()
    content = read_page(out.getvalue(), "x.pdf")
    assert content is not None and content.lines == () and content.images == (), "a page-sized scan is no photo"
    layout = locate(content, hand_made_articles(), 1, "seeds/x.txt", "seeds/x/01.pdf")
    assert [w.code for w in layout.warnings] == ["page-without-text"]
    assert str(layout.warnings[0]).startswith("seeds/x.txt:3: page-without-text: page 1 (seeds/x/01.pdf) has no text")
    assert all(found.regions == () for _, found in layout.articles)


@pytest.mark.parametrize("rotation", [90, 270])
def test_a_rotated_page_is_located_as_it_is_shown(rotation: int) -> None:
    """A page PDF with /Rotate: regions are fractions of the page as shown (and as rendered)."""
    import pypdfium2
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(600, 800), invariant=1)
    sheet.setPageRotation(rotation)  # the page's own space is 800 wide, 600 high
    sheet.setFont("STSong-Light", 20)
    sheet.drawString(100, 500, "征    集")  # a headline spread over its column
    sheet.setFont("STSong-Light", 10)
    for n, line in enumerate(_wrap(A_TEXT, 12)):
        sheet.drawString(100, 470 - 14 * n, line)
    sheet.showPage()
    sheet.save()
    data = out.getvalue()
    content = read_page(data, "x.pdf")
    assert content is not None and (content.width, content.height) == (600, 800)
    article = Article("a", "征集", (Block("paragraph", A_TEXT),), page=1, line=1)
    layout = locate(content, [article], 1, "x.txt", "x.pdf")
    assert layout.warnings == ()
    [(x, y, w, h)] = layout.of("a").regions
    image = pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil().convert("L")
    assert image.size == (600, 800)
    ink = [(px, py) for py in range(image.height) for px in range(image.width) if image.getpixel((px, py)) < 160]
    inside = [(px, py) for px, py in ink
              if x * 600 - 2 <= px <= (x + w) * 600 + 2 and y * 800 - 2 <= py <= (y + h) * 800 + 2]
    assert len(inside) == len(ink) > 500, "every inked pixel of the rendered page is in the region"
    assert w * h < 0.2, "and the region is not the whole page"


# ---- the built site ------------------------------------------------------------------------------

def paper_with_pdfs(root: Path, pages: Path) -> Path:
    """The day's text dump as the seed, pages 1 and 2 as typeset PDFs, page 3 as a PNG image."""
    write_project(root, {"sitegen.toml": 'title = "人民日报"\n',
                         f"seeds/{DAY}.txt": (CORPUS / f"rmrb-{DAY}-pages.txt").read_text(encoding="utf-8")})
    scans = root / "seeds" / DAY
    scans.mkdir()
    for number in (1, 2):
        shutil.copy(pages / f"{number:02d}.pdf", scans / f"{number:02d}.pdf")
    from test_print_pages import page_png

    (scans / "03.png").write_bytes(page_png())
    return root


@pytest.fixture(scope="module")
def paper(pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(paper_with_pdfs(tmp_path_factory.mktemp("paper"), pages), base_url=SITE_URL)


@pytest.fixture(scope="module")
def paper_url(paper: Path) -> Iterator[str]:
    yield from serve(paper)


PERCENT = re.compile(r"left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%;height:([\d.]+)%")


def _percent(style: str) -> tuple[float, ...]:
    found = PERCENT.fullmatch(style)
    assert found, style
    return tuple(float(v) for v in found.groups())


def test_the_page_shows_a_link_over_each_article_named_by_its_headline(paper: Path) -> None:
    root = f"{DAY.replace('-', '/')}/"
    doc = page(paper, f"{root}01/")
    scan = doc.find("figure", "print-scan")
    image = scan.find("img")
    assert image.attrs["src"] == f"{BASE_PATH}{root}01/{DAY}-01.webp"
    spots = scan.find_all("a", "hotspot")
    teasers = doc.find("section", "print-stories").find_all("article", "teaser")
    assert len(spots) == len(teasers) >= 5, "every article of the page is on it"
    for spot, teaser in zip(spots, teasers, strict=True):
        title = teaser.find("h4", "teaser-title").find("a")
        assert spot.attrs["href"] == title.attrs["href"]
        assert spot.find("span", "visually-hidden").text == title.text, "named by its headline"
        assert spot.attrs["data-story"] == teaser.attrs["data-story"], "the list and the image know each other"
        x, y, w, h = _percent(spot.attrs["style"])
        assert x >= 0 and y >= 0 and x + w <= 100.01 and y + h <= 100.01 and w * h > 0
        for area in spot.find_all("span", "hotspot-area"):
            ax, ay, aw, ah = _percent(area.attrs["style"])
            assert ax >= -0.01 and ay >= -0.01 and ax + aw <= 100.01 and ay + ah <= 100.01
    png = page(paper, f"{root}03/").find("figure", "print-scan")
    assert png.find_all("a", "hotspot") == [] and png.find_all("div", "page-map") == []
    assert png.find("img").attrs["src"] == f"{BASE_PATH}{root}03/{DAY}-03.png", "a PNG page as before"
    assert not list((paper / root / "03").glob("*-small.webp"))


def test_article_json_has_its_regions_and_the_article_page_its_place(paper: Path) -> None:
    root = f"{DAY.replace('-', '/')}/"
    first = page(paper, f"{root}01/").find("a", "hotspot")
    path = first.attrs["href"].removeprefix(BASE_PATH)
    data = json.loads((paper / path / "article.json").read_text(encoding="utf-8"))
    assert data["regions"] and all(len(r) == 4 and all(0 <= v <= 1 for v in r) for r in data["regions"])
    assert data["regions"][0][1] < 0.5, "the lead article stands near the top"
    article = page(paper, path)
    place = article.find("aside", "page-place")
    link = place.find("a", "page-place-map")
    assert link.attrs["href"] == f"{BASE_PATH}{root}01/"
    thumb = link.find("img")
    assert thumb.attrs["src"] == f"{BASE_PATH}{root}01/{DAY}-01-small.webp" and thumb.attrs["width"] == "360"
    assert "版面图" in thumb.attrs["alt"]
    small = (paper / root / "01" / f"{DAY}-01-small.webp").read_bytes()
    assert small[8:12] == b"WEBP"
    from PIL import Image

    with Image.open(io.BytesIO(small)) as image:  # the file is the size the page declares
        assert image.size == (int(thumb.attrs["width"]), int(thumb.attrs["height"]))
    marks = [_percent(m.attrs["style"]) for m in link.find_all("span", "page-place-mark")]
    assert marks == [tuple(round(v * 100, 2) for v in r) for r in data["regions"]]
    png_story = page(paper, f"{root}03/").find("section", "print-stories").find("h4", "teaser-title").find("a")
    other = page(paper, png_story.attrs["href"].removeprefix(BASE_PATH))
    assert other.find_all("aside", "page-place") == [], "no PDF, no place"
    assert json.loads((paper / png_story.attrs["href"].removeprefix(BASE_PATH) / "article.json")
                      .read_text(encoding="utf-8"))["regions"] == []


def test_a_figure_gets_its_photo_from_the_page_pdf_as_responsive_webp(paper: Path) -> None:
    root = f"{DAY.replace('-', '/')}/"
    photos = 0
    for number in ("01", "02"):
        for spot in page(paper, f"{root}{number}/").find_all("a", "hotspot"):
            path = spot.attrs["href"].removeprefix(BASE_PATH)
            for figure in page(paper, path).find_all("figure", "photo"):
                caption = figure.find("figcaption")
                image = figure.find("img")
                if image is None:
                    assert figure.find("div", "photo-frame"), "no photo found: the placeholder"
                    continue
                photos += 1
                assert image.attrs["alt"] == caption.text.split(" ")[0].strip() or \
                    caption.text.startswith(image.attrs["alt"])
                sizes = [part.strip().split(" ") for part in image.attrs["srcset"].split(",")]
                assert [w for _, w in sizes] == sorted((w for _, w in sizes), key=lambda w: int(w[:-1]))
                assert image.attrs["src"] == sizes[-1][0] and image.attrs["width"] == sizes[-1][1][:-1]
                assert int(image.attrs["height"]) > 0 and "sizes" in image.attrs
                for url, width in sizes:
                    data = (paper / url.removeprefix(BASE_PATH)).read_bytes()
                    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
                    from PIL import Image

                    with Image.open(io.BytesIO(data)) as webp:
                        assert webp.width == int(width[:-1])
    assert photos >= 3, "the day's first pages print photos"


def test_the_build_counts_and_check_lists_the_page_warnings(pages: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen.cli import main
    from sitegen.config import load_config
    from sitegen.make import build

    project = paper_with_pdfs(tmp_path, pages)
    (project / "seeds" / DAY / "01.pdf").write_bytes((pages / "02.pdf").read_bytes())  # page 2's PDF as page 1's
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check", "--notes"], catch_exceptions=False)
    lines = [line for line in result.output.splitlines() if "-on-page:" in line]
    assert lines and all(line.startswith(f"seeds/{DAY}.txt:") for line in lines)
    assert any(f"not on page 1 (seeds/{DAY}/01.pdf)" in line for line in lines)
    assert any("unclaimed-on-page: page 1" in line for line in lines)
    parser = sum(1 for line in result.output.splitlines() if re.match(rf"seeds/{DAY}.txt:\d+: ", line)) - len(lines)
    report = build(load_config(None, cwd=project), search=False)
    assert report.warnings == parser + len(lines)


def test_a_changed_pdf_is_located_again_and_the_build_equals_a_clean_one(pages: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen.make import layouts

    project = paper_with_pdfs(tmp_path / "p", pages)
    build_project(project, base_url=SITE_URL)
    calls: list[int] = []
    located = layouts._locate
    monkeypatch.setattr(layouts, "_locate", lambda page, data: calls.append(page.number) or located(page, data))
    (project / "seeds" / DAY / "02.pdf").write_bytes((pages / "03.pdf").read_bytes())
    site = build_project(project, base_url=SITE_URL)
    assert calls == [2], "only the page whose PDF changed"
    incremental = snapshot(site)
    shutil.rmtree(project / ".sitegen-cache")
    shutil.rmtree(site)
    calls.clear()
    assert differences(incremental, snapshot(build_project(project, base_url=SITE_URL))) == []
    assert sorted(calls) == [1, 2]
    calls.clear()
    shutil.rmtree(project / ".sitegen-cache" / "build")
    build_project(project, base_url=SITE_URL)
    assert calls == [], "a build without its state still has the located pages in the cache"


# ---- in a browser --------------------------------------------------------------------------------

@pytest.mark.browser
def test_a_reader_clicks_a_story_on_the_page_image_and_tabs_to_another(browser, paper: Path,  # type: ignore[no-untyped-def]
                                                                         paper_url: str) -> None:
    root = f"{DAY.replace('-', '/')}/"
    for width in (1280, 375):
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto(f"{paper_url}{root}01/")
        spots = tab.locator("a.hotspot")
        second = spots.nth(1)
        title = second.get_attribute("data-story")
        name = tab.locator("a.hotspot").nth(1).locator(".visually-hidden").inner_text()
        area = second.locator(".hotspot-area").first
        area.hover()
        lit = tab.locator(f'article.teaser[data-story="{title}"]')
        assert "is-lit" in (lit.get_attribute("class") or ""), "hovering the image lights up 本版新闻"
        outline = area.evaluate("e => getComputedStyle(e).outlineStyle")
        assert outline == "solid", "outlined on hover"
        tab.locator("a.page-image").focus()
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.classList.contains('hotspot')")
        tab.keyboard.press("Tab")
        focused = tab.evaluate("document.activeElement.querySelector('.visually-hidden').textContent")
        assert focused == name
        assert area.evaluate("e => getComputedStyle(e).outlineWidth") == "3px", "outlined on keyboard focus"
        box = area.bounding_box()
        image = tab.locator("a.page-image img").bounding_box()
        assert box and image
        assert image["x"] - 1 <= box["x"] and box["x"] + box["width"] <= image["x"] + image["width"] + 1
        href = second.get_attribute("href") or "-"
        area.click()
        tab.wait_for_load_state()
        assert tab.url == f"{paper_url}{href.removeprefix(BASE_PATH)}"
        assert tab.locator("h1.story-title").inner_text() == name
        assert tab.locator("aside.page-place img").count() == 1
        tab.close()


@pytest.mark.browser
def test_hotspots_work_without_javascript(browser, paper_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    root = f"{DAY.replace('-', '/')}/"
    tab.goto(f"{paper_url}{root}01/")
    area = tab.locator("a.hotspot .hotspot-area").first
    area.hover()
    assert area.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    href = tab.locator("a.hotspot").first.get_attribute("href")
    area.click()
    tab.wait_for_load_state()
    assert href and tab.url.endswith(href.removeprefix(BASE_PATH))
    context.close()
