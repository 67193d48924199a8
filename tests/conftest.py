"""Shared fixtures. Each block belongs to one part of the test suite; add new blocks, keep them apart."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# sitegen build: the seed project built once per session, scratch projects, a local web server.
# Used by tests/test_build.py, tests/test_links.py and tests/test_browser.py.
# ---------------------------------------------------------------------------------------------
import functools
import http.server
import shutil
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_24bddb6c18fb181e.txt"
SEED_PROJECT = ("sitegen.toml", "seeds", "templates", "assets", "pages")
"""What of the repository makes up the seed project."""
BASE_PATH = "/paper/"
"""The subpath the test sites are built for and served under, as GitHub Pages serves a project site."""
SITE_URL = "https://example.org/paper/"
"""The full URL a deployed test site is built for (its pages link by the path, BASE_PATH)."""


def copy_seed_project(dest: Path) -> Path:
    """A copy of the repository's seed project (config, seeds, templates, assets, pages) in dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SEED_PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    return dest


def write_project(root: Path, files: dict[str, str]) -> Path:
    """A scratch project: each path → text (dedented), written under root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def dated_project(root: Path) -> Path:
    """Five issues made from the seed text: one with two page markers and page names, one plain,
    two sharing a date, and the undated original; three articles a list page, so that section,
    author and keyword lists go on over several pages (要闻速递: 20 articles, 7 pages)."""
    text = SEED.read_text(encoding="utf-8")
    paged = "第01版\n\n" + text.replace("要闻速递\n", "第02版\n\n要闻速递\n", 1)
    return write_project(root, {
        "sitegen.toml": 'title = "测试日报"\ndescription = "测试用数字报"\nlist_page_size = 3\n',
        "seeds/2024-09-20.txt": paged,
        # A short bare name heading a page over a title reads as often as a kicker in print (刘国中强调,
        # 中央宣传部等部门 in the corpus): the desk lists its column labels, as the README's sidecar does.
        "seeds/2024-09-20.toml": 'columns = ["要闻速递"]\n\n[pages]\n1 = "要闻"\n2 = "经济"\n',
        "seeds/2024-09-21.txt": text,
        "seeds/2024-10-08-a.txt": text,
        "seeds/2024-10-08-b.txt": text,
        "seeds/000_24bddb6c18fb181e.txt": text,
    })


def build_project(project: Path, base_url: str | None = BASE_PATH) -> Path:
    """Build a project as `sitegen build --base-url` would; return its site directory."""
    from sitegen.config import load_config
    from sitegen.make import build

    config = load_config(None, base_url=base_url, cwd=project)
    build(config)
    return config.paths.output


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project, built once for base_url /paper/."""
    return build_project(copy_seed_project(tmp_path_factory.mktemp("seed")))


@pytest.fixture(scope="session")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A five-issue project (dated, paged, same-day, undated), built once as deployed: for base_url
    https://example.org/paper/ (served under /paper/)."""
    return build_project(dated_project(tmp_path_factory.mktemp("dated")), base_url=SITE_URL)


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one directory under BASE_PATH only; everything else is 404, as on GitHub Pages."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(BASE_PATH):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + clean[len(BASE_PATH):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


def serve(site: Path) -> Iterator[str]:
    """Serve site under http://127.0.0.1:<port>/paper/ in a thread; yield that URL."""
    handler = functools.partial(_SubpathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def seed_url(seed_site: Path) -> Iterator[str]:
    """The built seed site served under /paper/."""
    yield from serve(seed_site)


@pytest.fixture(scope="session")
def dated_url(dated_site: Path) -> Iterator[str]:
    """The built five-issue site served under /paper/."""
    yield from serve(dated_site)

# ---------------------------------------------------------------------------------------------
# end of the sitegen build block
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Parser acceptance on the shared corpus (tests/test_parse_gold.py): without ../shared those
# tests are skipped, and the run says so at its start and in its summary, never silently.
# ---------------------------------------------------------------------------------------------
SHARED_DATA = REPO.parent / "shared"
SHARED_MISSING = f"SHARED CORPUS NOT FOUND at {SHARED_DATA}: the parser's corpus acceptance tests are SKIPPED"


def pytest_report_header(config: pytest.Config) -> str | None:
    return None if SHARED_DATA.is_dir() else f"WARNING: {SHARED_MISSING}; only tests/fixtures score real issues"


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    if SHARED_DATA.is_dir():
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "shared gold files not found" in str(r.longrepr)]
    terminalreporter.write_sep("!", f"{SHARED_MISSING} ({len(skipped)} tests)", red=True, bold=True)


# ---------------------------------------------------------------------------------------------
# Helpers several test files share: a site as a dict of files, what differs between two, the
# oracle of every incremental test (a clean build in a copy), and a real Chromium.
# Used by tests/test_build.py, test_cache.py, test_incremental*.py, test_state.py, test_search.py,
# test_browser.py and test_serve.py.
# ---------------------------------------------------------------------------------------------
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from contextlib import contextmanager, suppress  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a directory by relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """Files only one of two sites has, then files both have with other bytes."""
    return sorted(set(a) ^ set(b)) + [p for p in a if p in b and a[p] != b[p]]


def clean_site(project: Path, scratch: Path, *, search: bool = False, base_url: str = BASE_PATH,
               process: bool = False) -> dict[str, bytes]:
    """What a clean build (`sitegen build --clean`) makes of the project as it is now, in a copy without
    its output or cache: the oracle every incremental build is compared with. process: in a fresh
    `sitegen` process (nothing of this one's memory can leak into it), else in this one."""
    from sitegen.config import load_config
    from sitegen.make import build

    copy = scratch / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", ".sitegen-cache"))
    if process:
        command = [sys.executable, "-c", "from sitegen.cli import main; main()", "build", "-q", "--clean",
                   "--base-url", base_url, *(() if search else ("--no-search",))]
        subprocess.run(command, cwd=copy, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    else:
        report = build(load_config(None, base_url=base_url, cwd=copy), search=search, clean=True)
        assert report.fresh
    return snapshot(copy / "site")


@contextmanager
def spawned(command: list[str], **options: object) -> Iterator[subprocess.Popen]:  # type: ignore[type-arg]
    """A process in a process group of its own, killed with its whole group when the block ends, however
    it ends: a failing test leaves no `sitegen serve` or build running."""
    process = subprocess.Popen(command, start_new_session=True, **options)  # type: ignore[call-overload]
    try:
        yield process
    finally:
        with suppress(ProcessLookupError):  # before the wait: the group's id cannot have been reused
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium (skipped where there is none)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

# ---------------------------------------------------------------------------------------------
# end of the shared helpers
# ---------------------------------------------------------------------------------------------
