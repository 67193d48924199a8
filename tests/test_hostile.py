"""Nothing lost, ever: the output guard, leftovers of killed builds, workers that die with their
parent, a lock a dead build does not keep, input that is text and only the project's, and a
preview server that hostile requests and idle connections do not upset. Each refusal is checked
by its exact line. (SIGKILL during real builds: tests/test_kill.py.)"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED, build_project, copy_seed_project, write_project

from sitegen.cli import main
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.make.staging import MARKER
from sitegen.make.state import BuildState
from sitegen.parse import parse_file, parse_text
from sitegen.parse.meta import IssueMeta
from sitegen.parse.reader import clean_text

REPO = Path(__file__).resolve().parent.parent
TEXT = SEED.read_text(encoding="utf-8")


def files(root: Path) -> dict[str, bytes]:
    """Every file under root (links not followed), by relative path."""
    found = {}
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            found[path.relative_to(root).as_posix()] = b"link" if path.is_symlink() else path.read_bytes()
    return found


def cli_build(project: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, str]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["-q", "build", "--no-search", *extra])
    return result.exit_code, result.output


def refused(project: Path, monkeypatch: pytest.MonkeyPatch, line: str, *extra: str) -> None:
    """`sitegen build` exits 1 printing exactly this line, and no traceback."""
    assert cli_build(project, monkeypatch, *extra) == (1, f"error: {line}\n")


# ---- the output guard ------------------------------------------------------------------------

NOT_A_SITE = ("not empty and not a site sitegen made (no .sitegen-site file in it); refusing to replace it: "
              "move it away or point paths.output elsewhere")


@pytest.mark.parametrize("output", ["docs", ".git", "sitegen", ".sitegen-cache", "../outside", "home"])
def test_a_directory_that_is_not_a_site_is_refused_and_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    output: str) -> None:
    project = copy_seed_project(tmp_path / "project")
    write_project(project, {"sitegen.toml": f'[paths]\noutput = "{output}"\n'})
    target = (project / output).resolve()
    write_project(target, {"HEAD": "ref: refs/heads/main\n", "notes/keep.txt": "mine\n"})
    before = files(tmp_path)
    shown = output if not output.startswith("..") else str(target)
    refused(project, monkeypatch, f"{shown}: {NOT_A_SITE}")
    refused(project, monkeypatch, f"{shown}: {NOT_A_SITE}", "--clean")
    assert files(tmp_path) == before


def test_a_project_file_as_output_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_seed_project(tmp_path)
    write_project(project, {"sitegen.toml": '[paths]\noutput = "sitegen.toml"\n'})
    before = files(project)
    refused(project, monkeypatch, "sitegen.toml: the output is a file, not a directory; refusing to replace it "
                                  "(point paths.output elsewhere)")
    assert files(project) == before


def test_an_output_linked_elsewhere_is_guarded_where_it_leads(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_seed_project(tmp_path / "project")
    elsewhere = write_project(tmp_path / "elsewhere", {"mine.txt": "mine\n"})
    (project / "site").symlink_to(elsewhere)
    refused(project, monkeypatch, f"{elsewhere}: {NOT_A_SITE}")
    assert files(elsewhere) == {"mine.txt": b"mine\n"}
    (elsewhere / "mine.txt").unlink()
    assert cli_build(project, monkeypatch) == (0, "")
    assert (project / "site").is_symlink() and (elsewhere / MARKER).is_file()


@pytest.mark.parametrize(("output", "line"), [
    (".", "sitegen.toml: 'paths.output' must not be the project directory or above it: {project}"),
    ("..", "sitegen.toml: 'paths.output' must not be the project directory or above it: {parent}"),
    ("seeds", "sitegen.toml: 'paths.output' must not contain or be 'paths.seeds' (seeds)"),
    ("assets/site", "sitegen.toml: 'paths.output' must not be inside 'paths.assets' (assets)"),
])
def test_the_project_its_parents_and_its_inputs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              output: str, line: str) -> None:
    project = copy_seed_project(tmp_path / "project")
    write_project(project, {"sitegen.toml": f'[paths]\noutput = "{output}"\n'})
    before = files(tmp_path)
    refused(project, monkeypatch, line.format(project=project, parent=tmp_path))
    assert files(tmp_path) == before


def test_an_absent_an_empty_and_a_sitegen_site_are_written(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    site = build_project(project)
    assert (site / MARKER).is_file()
    (site / ".nojekyll").unlink()
    build_project(project)
    assert (site / MARKER).is_file() and (site / ".nojekyll").is_file()
    write_project(project, {"sitegen.toml": '[paths]\noutput = "empty"\n'})
    (project / "empty").mkdir()
    assert (build_project(project) / "index.html").is_file()


def test_leftovers_of_a_killed_build_are_removed_and_a_site_moved_away_is_put_back(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    site = build_project(project)
    before = files(site)
    work = project / ".site.sitegen-work"
    write_project(work, {"new/index.html": "half a site", "new/.sitegen-site": "x", ".new-index-abc/0/x": "y"})
    build_project(project)
    assert not work.exists() and files(site) == before
    # Killed between the two renames of a system without an atomic exchange: no site, the old one aside.
    work.mkdir()
    os.rename(site, work / "old")
    write_project(work, {"new/index.html": "half a site"})
    build_project(project)
    assert not work.exists() and files(site) == before


def test_an_update_from_the_spare_equals_a_clean_build_even_after_edits_in_place(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "project")
    site = build_project(project)
    seed = next((project / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8").replace("。", "。补记一句。", 1), encoding="utf-8")
    build_project(project)
    spare = project / ".sitegen-cache/build/spare"
    assert (spare / MARKER).is_file(), "the site the update replaced is kept to start the next one from"
    with open(site / "index.html", "r+b") as page:  # written into: the spare shares this file
        page.write(b"<!-- hand edit -->")
    (site / "feed.xml").unlink()
    seed.write_text(seed.read_text(encoding="utf-8").replace("补记一句。", "", 1), encoding="utf-8")
    build_project(project)
    clean = copy_seed_project(tmp_path / "clean")
    assert files(site) == files(build_project(clean))
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".sitegen-cache"]


# ---- processes: no orphans, no lock kept by the dead ----------------------------------------------

CHILD = """
import os, sys, time
from pathlib import Path
from sitegen.config import load_config
from sitegen.make.state import BuildState
import sitegen.parallel  # makes every child forked from here die with its parent
state = BuildState(load_config(None, cwd=Path(sys.argv[1])), search=False)
with state.lock():
    child = os.fork()
    if child == 0:
        time.sleep(120)
        os._exit(0)
    print(child, flush=True)
    time.sleep(120)
"""


def test_a_killed_build_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(project)], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    assert process.stdout is not None
    child = int(process.stdout.readline())
    state = BuildState(load_config(None, cwd=project), search=False)
    taken = threading.Event()

    def take() -> None:
        with state.lock():
            taken.set()

    waiter = threading.Thread(target=take, daemon=True)
    waiter.start()
    assert not taken.wait(0.5), "the build holds the lock"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 2
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        state_line = Path(f"/proc/{child}/stat").read_text() if Path(f"/proc/{child}/stat").exists() else ""
        if ") Z " in state_line:
            break
        time.sleep(0.02)
    assert not Path(f"/proc/{child}").exists() or ") Z " in Path(f"/proc/{child}/stat").read_text(), \
        "the worker died with its parent"
    assert taken.wait(2), "the lock of a dead build is free"


DYING_WORKER = """
import os
from sitegen.errors import BuildError
from sitegen.parallel import fork_map

def work(item):
    if item == 3:
        os._exit(9)  # as the kernel's OOM killer would end it
    return item

try:
    fork_map(work, list(range(8)), 2)
except BuildError as exc:
    print(exc)
"""


def test_a_worker_that_dies_is_an_error_not_a_build_waiting_for_ever() -> None:
    done = subprocess.run([sys.executable, "-c", DYING_WORKER], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.stdout == "a worker process died before its work was done (2 processes for 8 items; " \
                          "out of memory? try -j 1)\n"


# ---- input is text, and only the project's ---------------------------------------------------

def test_control_characters_are_removed_with_a_warning_and_feeds_stay_xml(tmp_path: Path) -> None:
    dirty = TEXT.replace("\n", "\n\f", 1).replace("建设绿色家园", "建设\v绿色\x01家园\ufffe\x7f\x85", 1)
    project = tmp_path
    (project / "seeds").mkdir()
    (project / "seeds/2024-09-23.txt").write_text(dirty, encoding="utf-8")
    issue = parse_file(project / "seeds/2024-09-23.txt", "seeds/2024-09-23.txt")
    assert [str(w) for w in issue.warnings if w.code == "control-character"] == [
        "seeds/2024-09-23.txt:2: control-character: removed what is not text: U+000C",
        "seeds/2024-09-23.txt:7: control-character: removed what is not text: U+0001, U+000B, U+007F, U+0085, U+FFFE",
    ]
    site = build_project(project)
    for name, data in files(site).items():
        if not name.endswith((".html", ".xml", ".json", ".txt")):
            continue
        text = data.decode("utf-8")
        assert not [c for c in text if c in "\f\v\x01\x7f\x85\ufffe"], name
        if name.endswith(".xml"):
            ET.fromstring(data)
    assert "建设绿色家园" in (site / "feed.xml").read_text(encoding="utf-8")


def test_lone_surrogates_and_noncharacters_are_removed() -> None:
    text, warnings = clean_text("第一行\n甲\ud800乙\uffff丙\n", "seeds/x.txt")
    assert text == "第一行\n甲乙丙\n"
    assert [str(w) for w in warnings] == ["seeds/x.txt:2: control-character: removed what is not text: U+D800, U+FFFF"]


def test_a_nul_anywhere_makes_the_file_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = TEXT.encode() * 10
    assert len(data) > 70000
    project = write_project(tmp_path, {})
    (project / "seeds").mkdir()
    (project / "seeds/2024-09-23.txt").write_bytes(data[:70000] + b"\x00" + data[70000:])
    refused(project, monkeypatch, "seeds/2024-09-23.txt: binary file (NUL byte at offset 70000), not text")
    (project / "seeds/2024-09-23.txt").write_bytes(b"\xff\xfe" + (TEXT[:50] + "\x00" + TEXT).encode("utf-16-le"))
    refused(project, monkeypatch, "seeds/2024-09-23.txt: binary file (NUL character at offset 102), not text")


@pytest.mark.parametrize(("link", "line"), [
    ("seeds/2024-09-21.txt", "seeds/2024-09-21.txt: a symbolic link to {outside}, outside the project; "
                             "refusing to read it"),
    ("seeds/2024-09-23.toml", "seeds/2024-09-23.toml: a symbolic link to {outside}, outside the project; "
                              "refusing to read it"),
    ("pages/leak.md", "pages/leak.md: a symbolic link to {outside}, outside the project; refusing to read it"),
    ("templates/article.html", "templates/article.html: a symbolic link to {outside}, outside the project; "
                               "refusing to read it"),
    ("assets/leak.css", "assets/leak.css: a symbolic link to {outside}, outside the project; refusing to read it"),
    ("assets/img", "assets/img: a symbolic link to {root}, outside the project; refusing to read it"),
])
def test_links_leading_outside_the_project_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        link: str, line: str) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    project = copy_seed_project(tmp_path / "project")
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    (project / link).symlink_to(tmp_path if link == "assets/img" else outside)
    refused(project, monkeypatch, line.format(outside=outside, root=tmp_path))
    refused(project, monkeypatch, line.format(outside=outside, root=tmp_path), "--clean")
    assert not (project / "site").exists()


def test_links_inside_the_project_are_followed(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path)
    write_project(project, {"drafts/2024-09-23.txt": TEXT})
    (project / "seeds/2024-09-23.txt").symlink_to(project / "drafts/2024-09-23.txt")
    assert (build_project(project) / "2024/09/23/index.html").is_file()


def test_a_file_name_that_is_not_utf8_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_seed_project(tmp_path)
    (project / os.fsdecode(b"seeds/2024-09-23-\xff.txt")).write_text(TEXT, encoding="utf-8")
    line = "seeds/2024-09-23-\\xff.txt: the file name is not valid UTF-8; rename it"
    refused(project, monkeypatch, line)
    refused(project, monkeypatch, line, "--clean")


def test_a_very_long_word_gives_a_short_url(tmp_path: Path) -> None:
    word = "supercalifragilistic" * 15
    text = "第01版\n\n" + TEXT.replace("开展循环经济合作 营造有利“大气候”", f"{word}营造有利", 1)
    config = f'title = "{word}"\n'
    project = write_project(tmp_path, {"seeds/2024-09-23.txt": text, "sitegen.toml": config,
                                       "seeds/2024-09-23.toml": f'[pages]\n1 = "{word}"\n'})
    site = build_project(project)
    names = [name for _d, dirs, found in os.walk(site) for name in dirs + found]
    assert max(len(os.fsencode(name)) for name in names) <= 80
    assert word[:40] in names


@pytest.mark.parametrize(("files_", "line"), [
    ({"seeds/2024-09-23.toml": '[pages]\n"²" = "要闻"\n'},
     "seeds/2024-09-23.toml: 'pages' must be a table of page number = \"name\""),
    ({"seeds/2024-09-23.toml": 'title = "报\\u0001"\n'},
     "seeds/2024-09-23.toml: 'title' holds what is not text (U+0001)"),
    ({"sitegen.toml": 'title = "日报\\u000b"\n'}, "sitegen.toml: 'title' holds what is not text (U+000B)"),
])
def test_bad_sidecars_and_configs_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               files_: dict[str, str], line: str) -> None:
    project = write_project(tmp_path, {"seeds/2024-09-23.txt": TEXT, **files_})
    refused(project, monkeypatch, line)
    refused(project, monkeypatch, line, "--clean")


@pytest.mark.parametrize(("directory", "line"), [
    ("seeds/2024-09-21.txt", "seeds/2024-09-21.txt: is a directory, not a seed file"),
    ("seeds/2024-09-23.toml", "seeds/2024-09-23.toml: is a directory, not a sidecar file"),
    ("pages/about.md", "pages/about.md: is a directory, not a page"),
    ("sitegen.toml", "sitegen.toml: is a directory, not a config file"),
])
def test_a_directory_where_a_file_belongs_is_the_same_error_incremental_or_clean(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory: str, line: str) -> None:
    project = write_project(tmp_path, {"seeds/2024-09-23.txt": TEXT})
    assert cli_build(project, monkeypatch)[0] == 0
    path = project / directory
    if path.is_file():
        path.unlink()
    path.mkdir(parents=True)
    refused(project, monkeypatch, line)
    refused(project, monkeypatch, line, "--clean")
    (path / "inside.txt").write_text("x")
    refused(project, monkeypatch, line)


def test_sitegen_parse_of_a_bad_sidecar_names_it(tmp_path: Path) -> None:
    write_project(tmp_path, {"x.txt": TEXT, "x.toml": '[pages]\n"²" = "要闻"\n'})
    with pytest.raises(SitegenError) as error:
        parse_file(tmp_path / "x.txt", "x.txt")
    assert str(error.value) == "x.toml: 'pages' must be a table of page number = \"name\""


def test_parse_text_survives_control_characters_everywhere() -> None:
    noisy = "".join(c + chr(n % 32) for n, c in enumerate(TEXT[:3000]) if n % 32 not in (9, 10, 13))
    issue = parse_text(noisy, "x.txt", IssueMeta("x", "x", None))
    assert all(not any(ord(ch) < 32 and ch not in "\t\n" for ch in a.title) for a in issue.articles)


# ---- the preview server ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """`sitegen serve --no-search` of the seed project in a process of its own: its port and process."""
    project = copy_seed_project(tmp_path_factory.mktemp("serve"))
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "serve", "--port", "0", "--no-search"]
    process = subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if line.startswith("serving http://127.0.0.1:"):
            break
    port = int(lines[-1].split(":")[2].split("/")[0])
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    yield port, process, lines
    if process.poll() is None:
        process.kill()
        process.wait()


def request(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_long_paths_are_404_or_414(server) -> None:  # type: ignore[no-untyped-def]
    port, _process, _lines = server
    assert request(port, "/" + "a" * 300 + "/") == 404
    assert request(port, "/" + "%E6%96%87" * 100 + "/index.html") == 404
    assert request(port, "/" + "/".join(["b" * 250] * 20)) == 414
    assert request(port, "/") == 200
    assert "Traceback" not in server_log(server)


def server_log(server) -> str:  # type: ignore[no-untyped-def]
    """What the server has logged so far."""
    time.sleep(0.2)
    return "".join(server[2])


def test_the_listen_backlog_is_at_least_128(server) -> None:  # type: ignore[no-untyped-def]
    port, _process, _lines = server
    listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True)
    backlog = int(listening.stdout.split()[2])  # State Recv-Q Send-Q: a listening socket's Send-Q is its backlog
    assert backlog >= 128
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(150)]
    for s in sockets:
        s.close()
    assert request(port, "/") == 200


def test_ctrl_c_stops_within_a_second_with_idle_connections_open(server) -> None:  # type: ignore[no-untyped-def]
    port, process, _lines = server
    silent = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(10)]
    kept = []
    for _ in range(10):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        connection.getresponse().read()
        kept.append(connection)  # HTTP/1.1 keep-alive: the server waits for the next request
    time.sleep(0.2)
    start = time.monotonic()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    stopped = time.monotonic() - start
    assert "Traceback" not in server_log(server)
    assert stopped < 1.0, f"stopped after {stopped:.2f} s"
    for s in silent:
        s.close()
