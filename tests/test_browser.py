"""The built site in a real Chromium (Playwright, sync API): phone and desktop widths, no horizontal
scrolling, no console error, no request leaving the site, the font-size switch remembered.
Screenshots go to tests/artifacts/ (git-ignored) for a human to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
WIDTHS = (375, 1280)
PAGES = {
    "home": "",
    "issue": "2024/09/20/",
    "page": "2024/09/20/02/",
    "article": "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/",
    "archive": "archive/",
    "archive-year": "archive/2024/",
    "archive-month": "archive/2024/09/",
    "section": "sections/yaowen-sudi/page/2/",
}


def open_page(browser, url: str, width: int, scheme: str = "light"):  # type: ignore[no-untyped-def]
    """A fresh page at that width; collects console errors and requests that leave the site."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.errors, page.outside = [], []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(url) else page.outside.append(r.url))
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen_without_errors(browser, dated_url: str, name: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, dated_url, width)
    response = page.goto(dated_url + PAGES[name])
    assert response is not None and response.status == 200
    page.wait_for_load_state("load")
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    assert scroll_width <= inner_width, f"{name} scrolls sideways at {width}px"
    assert page.errors == []
    assert page.outside == []
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.context.close()


def test_seed_article_in_dark_mode(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, seed_url, 375, scheme="dark")
    page.goto(seed_url + "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-375-dark.png"))
    assert background == "rgb(23, 24, 27)"
    assert page.errors == [] and page.outside == []
    page.context.close()


def test_body_typography(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, seed_url, 1280)
    page.goto(seed_url + "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/")
    indent, line_height, font_size, width = page.evaluate("""() => {
        const p = document.querySelector('.story-body p'); const s = getComputedStyle(p);
        return [parseFloat(s.textIndent), parseFloat(s.lineHeight), parseFloat(s.fontSize), p.clientWidth]; }""")
    assert indent == pytest.approx(2 * font_size)
    assert 1.7 <= line_height / font_size <= 1.9
    assert 28 <= width / font_size <= 42, "a comfortable measure: 28–42 characters a line"
    page.context.close()


def test_font_size_switch_is_remembered(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, seed_url, 1280)
    page.goto(seed_url)
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.excerpt')).fontSize)")
    page.get_by_role("button", name="大").click()
    assert page.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    page.goto(seed_url + "archive/")
    page.goto(seed_url)
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.excerpt')).fontSize)")
    assert after > before * 1.1
    assert page.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    page.context.close()


def test_skip_link_is_the_first_stop_and_moves_to_main(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, seed_url, 375)
    page.goto(seed_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.context.close()


def test_copy_buttons_appear_with_javascript(browser, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, seed_url, 1280)
    page.goto(seed_url + "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/")
    assert page.get_by_role("button", name="复制引用").is_visible()
    assert page.get_by_role("button", name="复制链接").is_visible()
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_list_pages_are_reached_by_their_pager(browser, dated_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page = open_page(browser, dated_url, width)
    page.goto(dated_url + "sections/yaowen-sudi/")
    pager = page.get_by_role("navigation", name="分页")
    assert pager.get_by_role("link", name="第1页").is_visible()
    assert pager.locator("[aria-current=page]").inner_text() == "最新"
    pager.get_by_role("link", name="下一页").click()
    page.wait_for_url(dated_url + "sections/yaowen-sudi/page/5/")
    pager = page.get_by_role("navigation", name="分页")
    assert pager.locator("[aria-current=page]").inner_text() == "5"
    pager.get_by_role("link", name="第2页").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(dated_url + "sections/yaowen-sudi/page/2/")
    page.get_by_role("navigation", name="分页").get_by_role("link", name="上一页").click()
    page.wait_for_url(dated_url + "sections/yaowen-sudi/page/3/")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.list-pager a')]
        .map(e => e.getBoundingClientRect()).map(r => [r.width, r.height, r.right])""")
    assert all(w >= 24 and h >= 24 for w, h, _ in boxes), "targets large enough to tap"
    assert all(right <= width for _, _, right in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.errors == [] and page.outside == []
    page.context.close()
