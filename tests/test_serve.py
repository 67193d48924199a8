"""`sitegen serve`: the server serves only the site, open tabs hear what changed, a failed rebuild is
shown and the last good site kept, bursts are one rebuild, stopping leaves nothing behind; and in a
real Chromium, edits to a seed, a stylesheet and a template show up in an open page by themselves."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_PATH, copy_seed_project, spawned, write_project

from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.render.theme import fingerprint
from sitegen.serve import Session

ARTICLE = "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/"
HEADLINE = "开展循环经济合作 营造有利“大气候”"
SEED_FILE = "seeds/000_24bddb6c18fb181e.txt"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def serving(project: Path, base_url: str = BASE_PATH, search: bool = False) -> Iterator[Session]:
    """`sitegen serve` of a project on a free port, its rebuild loop in a thread; stopped afterwards."""
    session = Session(None, base_url=base_url, port=0, cwd=project, search=search)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            session.rebuild_once(timeout=0.05)

    session.start()
    thread = threading.Thread(target=loop, name="test-rebuild-loop")
    thread.start()
    try:
        yield session
    finally:
        stop.set()
        thread.join()
        session.close()


def get(session: Session, path: str) -> tuple[int, dict[str, str], bytes]:
    """A raw GET (the path sent exactly as given)."""
    host, port = session.server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Events:
    """One tab's event stream, read in a thread."""

    def __init__(self, session: Session, page: str) -> None:
        host, port = session.server.server_address[:2]
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        self.connection.request("GET", f"/__sitegen/events?path={page}")
        self.response = self.connection.getresponse()
        self.received: list[tuple[str, dict[str, object]]] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        event = None
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event:
                    self.received.append((event, json.loads(line[6:])))
        except (OSError, ValueError):
            pass

    def wait_for(self, event: str, timeout: float = 20) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, data in self.received:
                if name == event:
                    self.received.remove((name, data))
                    return data
            time.sleep(0.02)
        raise AssertionError(f"no {event!r} event; got {self.received}")

    def close(self) -> None:
        self.connection.close()


def wait_until(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_seed_project(tmp_path / "project")


# ---- the server ------------------------------------------------------------------------------

def test_serves_only_files_inside_the_site(project: Path) -> None:
    with serving(project) as session:
        (session.output / "outside").symlink_to("/etc")
        assert get(session, BASE_PATH)[0] == 200
        assert get(session, f"{BASE_PATH}{ARTICLE}")[0] == 200
        for path in (f"{BASE_PATH}../../../etc/passwd", f"{BASE_PATH}%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                     f"{BASE_PATH}assets/..%2f..%2f..%2fetc/passwd", f"{BASE_PATH}outside/passwd",
                     "/etc/passwd", f"{BASE_PATH}assets/", f"{BASE_PATH}%ff", f"{BASE_PATH}.%00/index.html"):
            status, _, body = get(session, path)
            assert status in (400, 404), path
            assert b"root:" not in body
        status, _, body = get(session, f"{BASE_PATH}no/such/page/")
        assert status == 404 and "页面未找到".encode() in body, "the site's own 404 page"
        assert get(session, "/")[:2][0] == 301 and get(session, "/")[1]["Location"] == BASE_PATH
        status, headers, _ = get(session, f"{BASE_PATH}archive")
        assert (status, headers["Location"]) == (301, f"{BASE_PATH}archive/")


def test_the_live_script_is_in_served_pages_only(project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(project) as session:
        status, headers, body = get(session, f"{BASE_PATH}{ARTICLE}")
        assert b'<script src="/__sitegen/live.js" defer></script></head>' in body
        assert headers["Cache-Control"] == "no-store"
        assert b"__sitegen" not in (session.output / ARTICLE / "index.html").read_bytes()
        assert b"EventSource" in get(session, "/__sitegen/live.js")[2]
        assert b"__sitegen" not in get(session, f"{BASE_PATH}assets/style.css")[2]
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["build", "--no-search"]).exit_code == 0
    built = [p for p in (project / "site").rglob("*") if p.is_file() and b"__sitegen" in p.read_bytes()]
    assert built == []


def test_binds_loopback_unless_told_and_a_port_in_use_is_a_clear_message(project: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SitegenError, match=rf"^127.0.0.1:{port} is already in use .*--port$"):
            Session(None, port=port, cwd=project)
        monkeypatch.chdir(project)
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
        assert result.exit_code == 1 and result.output.startswith(f"error: 127.0.0.1:{port} is already in use")
    assert not list(tmp_path.glob("sitegen-serve-*")), "no temporary directory left behind"
    with serving(project) as session:
        assert session.server.server_address[0] == "127.0.0.1"
        assert list(tmp_path.glob("sitegen-serve-*")) == [session.workdir]


# ---- live reload -----------------------------------------------------------------------------

def test_only_tabs_showing_a_changed_page_reload(project: Path) -> None:
    with serving(project) as session:
        article = Events(session, f"{BASE_PATH}{ARTICLE}")
        about = Events(session, f"{BASE_PATH}about/")
        assert article.wait_for("hello") == about.wait_for("hello")
        edit(project / SEED_FILE, HEADLINE, "开展循环经济合作 营造有利“新气候”")
        article.wait_for("reload")
        wait_until(lambda: "新气候" in (session.output / ARTICLE / "index.html").read_text(encoding="utf-8"))
        time.sleep(0.3)
        assert [name for name, _ in about.received] == [], "the about page did not change"
        edit(project / "assets/favicon.svg", "<svg", "<svg data-x='1'")
        about.wait_for("reload")
        article.close()
        about.close()


def test_a_tab_follows_its_article_when_a_new_headline_changes_the_url(project: Path) -> None:
    with serving(project) as session:
        tab = Events(session, f"{BASE_PATH}{ARTICLE}")
        tab.wait_for("hello")
        edit(project / SEED_FILE, HEADLINE, "推进绿色低碳合作")
        moved = tab.wait_for("moved")
        assert moved == {"href": f"{BASE_PATH}2024/09/20/tuijin-lvse-di-tan-hezuo/"}
        assert get(session, str(moved["href"]))[0] == 200
        assert get(session, f"{BASE_PATH}{ARTICLE}")[0] == 404
        assert [name for name, _ in tab.received] == [], "no reload into the 404 page"
        tab.close()


def test_a_stylesheet_is_swapped_not_reloaded(project: Path) -> None:
    write_project(project, {"assets/style.css": "body { color: rgb(1, 2, 3); }\n"})
    with serving(project) as session:
        tab = Events(session, f"{BASE_PATH}{ARTICLE}")
        tab.wait_for("hello")
        (project / "assets/style.css").write_text("body { color: rgb(4, 5, 6); }\n", encoding="utf-8")
        sheets = tab.wait_for("css")["sheets"]
        href = f"{BASE_PATH}assets/style.css?v={fingerprint(b'body { color: rgb(4, 5, 6); }' + bytes([10]))}"
        assert sheets == [{"path": f"{BASE_PATH}assets/style.css", "href": href}]
        status, headers, body = get(session, href)
        assert body == b"body { color: rgb(4, 5, 6); }\n" and "immutable" in headers["Cache-Control"]
        wait_until(lambda: href.encode() in (session.output / ARTICLE / "index.html").read_bytes())
        time.sleep(0.2)
        assert [name for name, _ in tab.received] == []
        tab.close()


def test_a_failed_rebuild_is_shown_and_the_last_good_site_kept_until_fixed(project: Path) -> None:
    with serving(project) as session:
        tab = Events(session, f"{BASE_PATH}{ARTICLE}")
        tab.wait_for("hello")
        good = get(session, f"{BASE_PATH}{ARTICLE}")[2]
        write_project(project, {"templates/article.html": '{% extends "base.html" %}\n{% block main %}{{ story.nope }}'
                                                          '{% endblock %}\n'})
        failure = tab.wait_for("failed")
        assert failure["where"] == "templates/article.html:2"
        assert "UndefinedError" in str(failure["message"])
        assert get(session, f"{BASE_PATH}{ARTICLE}")[2] == good
        late = Events(session, f"{BASE_PATH}{ARTICLE}")
        late.wait_for("failed"), "a tab opened while the build is broken sees the overlay too"
        (project / "templates/article.html").unlink()
        tab.wait_for("fixed")
        late.close()
        (project / "seeds/2099-01-01.txt").write_bytes(b"\x00\x01binary")
        assert tab.wait_for("failed")["where"] == "seeds/2099-01-01.txt"
        (project / "seeds/2099-01-01.txt").unlink()
        tab.wait_for("fixed")
        (project / "sitegen.toml").write_text('titel = "x"\n', encoding="utf-8")
        assert "unknown key 'titel'" in str(tab.wait_for("failed")["message"])
        (project / "sitegen.toml").write_text('title = "新报名"\n', encoding="utf-8")
        tab.wait_for("fixed")
        tab.wait_for("reload")
        assert "新报名".encode() in get(session, f"{BASE_PATH}{ARTICLE}")[2]
        tab.close()


SPECIAL = ["seeds/2024-09-22.txt", "seeds/000_24bddb6c18fb181e/03.png", "pages/extra.md", "templates/extra.html",
           "assets/extra.css", "seeds/000_24bddb6c18fb181e.toml"]


def test_a_special_file_in_a_watched_folder_fails_one_rebuild_and_never_stops_the_next(project: Path) -> None:
    """A FIFO (or socket) where a seed, page image, page, template, asset or sidecar belongs: the rebuild
    fails at once naming it (opening a FIFO would wait for a writer for ever), and once it is gone the
    next edit is built."""
    with serving(project) as session:
        tab = Events(session, f"{BASE_PATH}{ARTICLE}")
        tab.wait_for("hello")
        for n, name in enumerate(SPECIAL):
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            kept = path.read_bytes() if path.is_file() else None
            path.unlink(missing_ok=True)
            if n % 2:
                with socket.socket(socket.AF_UNIX) as listener:
                    listener.bind(str(path))
            else:
                os.mkfifo(path)
            failure = tab.wait_for("failed")
            assert failure["where"] == name and "not a file; refusing to read it" in str(failure["message"]), failure
            path.unlink()
            if kept is not None:
                path.write_bytes(kept)
            tab.wait_for("fixed")
        edit(project / SEED_FILE, HEADLINE, "开展循环经济合作 共建绿色家园")
        wait_until(lambda: "共建绿色家园" in get(session, f"{BASE_PATH}2024/09/20/")[2].decode())
        tab.close()


def test_a_first_build_that_fails_is_shown_and_the_site_appears_once_fixed(project: Path) -> None:
    write_project(project, {"templates/issue.html": "{% if %}\n"})
    with serving(project) as session:
        status, _, body = get(session, f"{BASE_PATH}{ARTICLE}")
        assert status == 404 and b"/__sitegen/live.js" in body, "a page that can show the overlay"
        tab = Events(session, f"{BASE_PATH}{ARTICLE}")
        assert tab.wait_for("failed")["where"] == "templates/issue.html:1"
        (project / "templates/issue.html").unlink()
        tab.wait_for("fixed")
        tab.wait_for("reload")
        assert get(session, f"{BASE_PATH}{ARTICLE}")[0] == 200
        tab.close()


def test_a_burst_of_changes_is_one_rebuild(project: Path) -> None:
    text = (project / SEED_FILE).read_text(encoding="utf-8")
    with serving(project) as session:
        for n in range(20):
            (project / f"seeds/2024-01-{n + 1:02d}.txt").write_text(text, encoding="utf-8")
        wait_until(lambda: (session.output / "2024/01/20/index.html").is_file())
        time.sleep(0.3)
        assert session.builds == 1


def test_stopping_leaves_no_thread_and_no_temporary_file(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    before = set(threading.enumerate())
    with serving(project) as session:
        tab = Events(session, f"{BASE_PATH}{ARTICLE}")
        tab.wait_for("hello")
        assert list((tmp_path / "tmp").iterdir())
    tab.close()
    wait_until(lambda: set(threading.enumerate()) <= before, timeout=5)
    left = [p.name for p in (tmp_path / "tmp").iterdir() if p.name != "jieba.cache"]
    assert left == [], "jieba's own dictionary cache may stay; nothing of serve's"


@pytest.mark.parametrize("sigint", ["default", "ignored"])
def test_ctrl_c_stops_the_command_cleanly(project: Path, tmp_path: Path, sigint: str) -> None:
    """Also when started with SIGINT ignored, as a background job of a script or some CI runners start
    it (a child inherits the ignoring, and Python keeps it): SIGINT still stops it."""
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "serve", "--port", "0"]
    ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint == "ignored" else None
    with spawned(command, cwd=project, env=env, stderr=subprocess.PIPE, text=True, preexec_fn=ignore) as process:
        assert process.stderr is not None
        lines = []
        for line in process.stderr:
            lines.append(line)
            if line.startswith("serving http://127.0.0.1:"):
                break
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0, lines
        assert "Traceback" not in process.stderr.read()
    left = [p.name for p in (tmp_path / "tmp").iterdir() if p.name != "jieba.cache"]
    assert left == [], "jieba's own dictionary cache may stay; nothing of serve's"


# ---- in a real browser -----------------------------------------------------------------------

def open_tab(browser, url: str):  # type: ignore[no-untyped-def]
    """A page at url, connected to the event stream, marked so that a reload would show."""
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    page.evaluate("window.__notReloaded = true")
    page.wait_for_function("performance.getEntriesByType('resource').some(r => r.name.includes('/__sitegen/events'))"
                           " || document.readyState === 'complete'")
    time.sleep(0.2)
    return page


@pytest.mark.browser
def test_browser_shows_a_new_headline_without_a_manual_reload(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(project) as session:
        page = open_tab(browser, session.url + ARTICLE)
        assert page.locator("h1.story-title").text_content() == HEADLINE
        page.evaluate("window.scrollTo(0, 400)")
        edit(project / SEED_FILE, HEADLINE, "开展循环经济合作 营造有利“新气候”")
        page.locator("h1.story-title", has_text="新气候").wait_for(timeout=10_000)
        assert page.evaluate("window.scrollY") == pytest.approx(400, abs=2), "the scroll position is kept"
        assert page.errors == []
        page.close()


@pytest.mark.browser
def test_browser_follows_an_article_whose_headline_changed_its_url(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(project) as session:
        page = open_tab(browser, session.url + ARTICLE)
        edit(project / SEED_FILE, HEADLINE, "推进绿色低碳合作")
        page.locator("h1.story-title", has_text="推进绿色低碳合作").wait_for(timeout=10_000)
        assert page.url == f"{session.url}2024/09/20/tuijin-lvse-di-tan-hezuo/"
        page.close()


@pytest.mark.browser
def test_browser_swaps_a_changed_stylesheet_without_reloading(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    style = project / "assets/style.css"
    with serving(project) as session:
        page = open_tab(browser, session.url + ARTICLE)
        colour = "getComputedStyle(document.querySelector('h1.story-title')).color"
        assert page.evaluate(colour) != "rgb(1, 2, 3)"
        style.write_text(session.build.assets["style.css"].decode() + "\nh1.story-title { color: rgb(1, 2, 3); }\n",
                         encoding="utf-8")
        page.wait_for_function(f"{colour} === 'rgb(1, 2, 3)'", timeout=10_000)
        assert page.evaluate("window.__notReloaded") is True
        assert page.locator('link[rel="stylesheet"]').count() == 1
        assert page.errors == []
        page.close()


@pytest.mark.browser
def test_browser_shows_a_broken_template_in_an_overlay_until_fixed(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(project) as session:
        page = open_tab(browser, session.url + ARTICLE)
        overlay = page.locator("sitegen-overlay")
        write_project(project, {"templates/article.html": '{% extends "base.html" %}\n{% block main %}{% if %}'
                                                          '{% endblock %}\n'})
        overlay.wait_for(timeout=10_000)
        assert "templates/article.html:2" in overlay.locator(".where").text_content()
        assert overlay.locator("pre").text_content() == \
            "templates/article.html:2: Expected an expression, got 'end of statement block'"
        assert page.locator("h1.story-title").text_content() == HEADLINE, "the last good page stays"
        write_project(project, {"templates/article.html": '{% extends "base.html" %}\n{% block main %}'
                                                          '<h1 class="fixed">{{ story.article.title }}</h1>'
                                                          '{% endblock %}\n'})
        page.locator("h1.fixed").wait_for(timeout=10_000)
        assert overlay.count() == 0
        assert page.errors == []
        page.close()


@pytest.mark.browser
def test_search_finds_a_new_headline_after_the_index_caught_up(browser, project: Path) -> None:  # type: ignore[no-untyped-def]
    with serving(project, search=True) as session:
        assert session.indexer is not None and session.indexer.wait(timeout=60)
        assert list(session.output.glob("pagefind-*/pagefind.js"))
        runs = session.indexer.runs
        edit(project / SEED_FILE, HEADLINE, "开展循环经济合作 共建“绿氢走廊”")
        wait_until(lambda: session.indexer.runs > runs and session.indexer.wait(timeout=0), timeout=60)
        page = browser.new_page()
        page.goto(f"{session.url}search/?q=绿氢走廊")
        page.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                               " return s && s !== '正在搜索…'; }")
        assert page.locator(".result-title").all_inner_texts()[0] == "开展循环经济合作 共建“绿氢走廊”"
        page.close()


def test_the_search_index_waits_for_the_reloaded_page_and_for_a_rebuild_to_end(project: Path, tmp_path: Path) -> None:
    from sitegen.config import load_config
    from sitegen.make import build_project
    from sitegen.make.pipeline import IncrementalBuild
    from sitegen.search.shards import plan_shards
    from sitegen.serve.indexer import SearchIndexer

    build_project(project / "sitegen.toml", search=False)
    config = load_config(project / "sitegen.toml")
    build = IncrementalBuild(config, tmp_path / "scratch")
    build.update()
    assert build.catalog is not None
    shown = threading.Event()
    indexer = SearchIndexer(project / "site", tmp_path, settle=shown.wait)
    try:
        indexer.request(plan_shards(build.catalog, config.search_shard_size))
        assert not indexer.wait(timeout=0.5), "nothing is indexed before the reloaded page was shown"
        indexer.hold()
        shown.set()
        assert not indexer.wait(timeout=0.5), "nor while a rebuild runs"
        assert not list((project / "site").glob("pagefind*"))
        indexer.resume()
        assert indexer.wait(timeout=120)
        assert indexer.runs == 1 and list((project / "site").glob("pagefind-*/pagefind.js"))
    finally:
        indexer.close()
