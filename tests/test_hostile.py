"""Nothing lost, ever: the output guard, leftovers of killed builds, workers that die with their
parent, a lock a dead build does not keep, input that is text and only the project's, and a
preview server that hostile requests and idle connections do not upset. Each refusal is checked
by its exact line. (SIGKILL during real builds: tests/test_kill.py.)"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import stat
import struct
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED, build_project, copy_seed_project, spawned, write_project
from hostile_files import CONFIG, ISSUE, pdf, pil_bytes, png, site_problems
from hostile_files import tree as files

from sitegen.cli import main
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.intake import NOT_TEXT, clean_output
from sitegen.make.staging import MARKER
from sitegen.make.state import BuildState
from sitegen.parse import parse_file, parse_text
from sitegen.parse.meta import IssueMeta
from sitegen.parse.reader import clean_text
from sitegen.parse.seeds import parse_seed
from sitegen.site.urls import reserved

REPO = Path(__file__).resolve().parent.parent
TEXT = SEED.read_text(encoding="utf-8")


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
    with spawned([sys.executable, "-c", CHILD, str(project)], stdout=subprocess.PIPE, text=True,
                 env={**os.environ, "PYTHONPATH": str(REPO)}) as process:
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
     "seeds/2024-09-23.toml: 'pages' must be a table of page number (0 to 999) = \"name\""),
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
    assert str(error.value) == "x.toml: 'pages' must be a table of page number (0 to 999) = \"name\""


def test_what_is_not_text_is_exactly_the_controls_surrogates_and_noncharacters() -> None:
    """NOT_TEXT (written as two ranges and a look-behind, for speed) matches every code point it names
    and no other: checked over all of Unicode against the plain definition."""
    def not_text(point: int) -> bool:
        return (point < 0x20 and chr(point) not in "\t\n") or 0x7F <= point <= 0x9F \
            or 0xD800 <= point <= 0xDFFF or 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE
    every = "".join(map(chr, range(0x110000)))
    assert NOT_TEXT.findall(every) == [c for c in every if not_text(ord(c))]
    assert clean_output(every) == "".join(c for c in every if not not_text(ord(c)))
    assert clean_output("版\U0001fffe面\U0010ffff\U0010fffd") == "版面\U0010fffd"


def test_parse_text_survives_control_characters_everywhere() -> None:
    noisy = "".join(c + chr(n % 32) for n, c in enumerate(TEXT[:3000]) if n % 32 not in (9, 10, 13))
    issue = parse_text(noisy, "x.txt", IssueMeta("x", "x", None))
    assert all(not any(ord(ch) < 32 and ch not in "\t\n" for ch in a.title) for a in issue.articles)


# ---- the new doors: issue files, page files, config values, special files ---------------------

def issue_project(root: Path, **files: str | bytes) -> Path:
    """The issue file of hostile_files (two pages, every field) with the seed text as a second issue,
    the config naming the site's URL and repository; then each of files (path → text or bytes)."""
    write_project(root, {"sitegen.toml": CONFIG, "seeds/2024-09-20.md": ISSUE, "seeds/2024-09-21.txt": TEXT})
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            (root / name).write_bytes(data)
        else:
            (root / name).write_text(data, encoding="utf-8")
    return root


def line_of(text: str, needle: str) -> int:
    return text.split("\n").index(next(line for line in text.split("\n") if needle in line)) + 1


def special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "FIFO (named pipe)":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(str(path))
    else:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))


KINDS = ["FIFO (named pipe)", "socket",
         pytest.param("character device", marks=pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root"))]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["seeds/2024-09-22.txt", "seeds/2024-09-20.md", "seeds/2024-09-21.toml",
                                  "seeds/2024-09-20/01.png", "pages/x.md", "templates/article.html", "assets/x.css"])
def test_a_special_file_where_a_file_belongs_is_refused_before_it_is_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, kind: str) -> None:
    """Opening a FIFO waits for a writer for ever, a device never ends: the build names it and stops at
    once, incremental or --clean, the last site kept."""
    project = issue_project(tmp_path)
    assert cli_build(project, monkeypatch)[0] == 0
    before = files(project / "site")
    (project / name).unlink(missing_ok=True)
    special(project / name, kind)
    line = f"{name}: is a {kind}, not a file; refusing to read it"
    refused(project, monkeypatch, line)
    refused(project, monkeypatch, line, "--clean")
    assert files(project / "site") == before


def test_a_special_file_given_by_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "x.txt")
    os.mkfifo(tmp_path / "sitegen.toml")
    for command in (["parse", "x.txt"], ["check", "x.txt"], ["convert", "x.txt"]):
        assert CliRunner().invoke(main, command).output == "error: x.txt: is a FIFO (named pipe), not a seed file\n"
    assert CliRunner().invoke(main, ["build"]).output == \
        "error: sitegen.toml: is a FIFO (named pipe), not a config file\n"


def test_toml_escapes_are_removed_with_a_warning_and_reach_no_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    issue = ISSUE.replace('title = "测试日报"', 'title = "测试\\u0001日报"').replace(
        'kicker = "引题在此"', 'kicker = "引题\\u0000\\ufffe在此\\U0010ffff"').replace(
        "建设绿色家园", "建设\x0b绿色\x85家园")
    project = issue_project(tmp_path, **{"seeds/2024-09-20.md": issue})
    assert cli_build(project, monkeypatch) == (0, "")
    assert caplog.messages == ["seeds/2024-09-20.md:2: removed what is not text on 3 lines (`sitegen check` lists "
                               "them): U+0001"]
    found = parse_seed(project / "seeds/2024-09-20.md", "seeds/2024-09-20.md")
    assert [str(w) for w in found.warnings if w.code == "control-character"] == [
        "seeds/2024-09-20.md:2: control-character: removed what is not text from 'title': U+0001",
        f"seeds/2024-09-20.md:{line_of(ISSUE, 'kicker')}: control-character: removed what is not text from "
        "'kicker': U+0000, U+FFFE, U+10FFFF",
        f"seeds/2024-09-20.md:{line_of(ISSUE, '建设绿色家园')}: control-character: removed what is not text: "
        "U+000B, U+0085"]
    assert found.title == "测试日报" and found.articles[0].kicker == "引题在此"
    assert site_problems(project / "site") == []
    assert "建设绿色家园" in (project / "site/feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("config", "lines"), [
    ('base_url = "https://example.org/pa\\u0001per/"',
     ["'base_url' holds what is not text (U+0001)",
      "'base_url' 'https://example.org/pa\\x01per/' has a path that needs escaping: use only ASCII letters, digits "
      "and -._~ between slashes (no . or .. segments)"]),
    ('repo_branch = "ma\\u0000in"', ["'repo_branch' holds what is not text (U+0000)",
                                    "'repo_branch' 'ma\\x00in' is not a git branch name (no spaces, no .. ~ ^ : ? * "
                                    "[ \\ or @{, not ending in / . or .lock)"]),
    ('base_url = "http://[::1"', ["'base_url' 'http://[::1' cannot be read as a URL (Invalid IPv6 URL); it must be a "
                                  "path starting with / or an http(s) URL"]),
    ('base_url = "https://user:secret@example.org/"', ["'base_url' 'https://user:secret@example.org/' must not hold "
                                                       "a user name or password"]),
    ('repo_url = "https://github.com/o/r?x=1"', ["'repo_url' 'https://github.com/o/r?x=1' must not have a ?query or "
                                                 "#fragment"]),
    ("related_articles = 9223372036854775807",
     ["'related_articles' must be at most 100, not 9223372036854775807"]),
    ("feed_size = -1", ["'feed_size' must be at least 1, not -1"]),
    (f"list_page_size = {'9' * 5000}", ["7: invalid TOML: a number of more than 30 digits"]),
])
def test_config_values_out_of_bounds_are_one_line_each_in_every_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, lines: list[str]) -> None:
    project = issue_project(tmp_path)
    key = config.split(" =")[0]
    kept = "\n".join(line for line in CONFIG.split("\n") if not line.startswith(f"{key} ="))
    (project / "sitegen.toml").write_text(kept + config + "\n", encoding="utf-8")
    shown = [f"sitegen.toml:{line}" if line[0].isdigit() else f"sitegen.toml: {line}" for line in lines]
    assert cli_build(project, monkeypatch) == (1, "error: " + "\n".join(shown) + "\n")
    check = CliRunner().invoke(main, ["check"])
    assert (check.exit_code, "Traceback" in check.output) == (1, False)


@pytest.mark.parametrize(("edit", "line"), [
    (('2 = "经济"', '"²" = "经济"'), "seeds/2024-09-20.md:7: 'pages' must be a table of page number (0 to 999) "
                                   "= \"name\""),
    (("# 第2版", "# 第" + "9" * 5000 + "版"), "seeds/2024-09-20.md:{}: page number 99999999999999999999…(5000 "
                                              "characters) is out of range (0 to 999)"),
    (('slug = "zhongmei-hezuo"', 'slug = "zhongmei\\n"'), "seeds/2024-09-20.md:{}: slug 'zhongmei\\n' must be "
                                                          "lowercase ASCII letters and digits joined by -"),
    (('slug = "zhongmei-hezuo"', f'slug = "{"a" * 500}"'), "seeds/2024-09-20.md:{}: slug 'aaaaaaaaaaaaaaaaaaaa…(500 "
                                                          "characters)' is 500 characters long; at most 80"),
    (('slug = "zhongmei-hezuo"', 'slug = "02"'), "seeds/2024-09-20.md:{}: slug '02' is only digits: a printed "
                                                 "page's URL is its number (`02/`); add a word"),
    (("> 应对气候变化", ">" * 40 + " 应对气候变化"), "seeds/2024-09-20.md:{}: blocks nested more than 32 deep (quotes "
                                                   "in quotes): write them one level deep"),
])
def test_issue_file_values_out_of_bounds_are_one_line_naming_the_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str], line: str) -> None:
    issue = ISSUE.replace(*edit)
    project = issue_project(tmp_path, **{"seeds/2024-09-20.md": issue})
    refused(project, monkeypatch, line.format(line_of(issue, edit[1][:12])))


def test_a_page_named_as_what_the_site_makes_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pagefind", "pagefind-2", "assets", "search", "2024", "404"):
        project = issue_project(tmp_path / name, **{f"pages/{name}.md": "# 页\n"})
        refused(project, monkeypatch, f"pages/{name}.md: /{name}/ is where the site keeps what it makes; give the page "
                                      "another name")


def test_the_reserved_names_cover_every_directory_the_site_makes(dated_site: Path) -> None:
    """site.urls.reserved is the list a page's name is checked against: every directory at the root of a
    built site (with issues dated and undated, topics, search) is in it."""
    made = {p.name for p in dated_site.iterdir() if p.is_dir()}
    assert made and all(reserved(name) for name in made), sorted(name for name in made if not reserved(name))


def test_pages_nested_too_deep_are_an_error_not_lost_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = issue_project(tmp_path, **{"pages/about.md": "# 关于\n\n" + "> - " * 20 + "末项\n"})
    refused(project, monkeypatch, "pages/about.md:3: blocks nested more than 32 deep (quotes or lists in one "
                                  "another): flatten them")
    (project / "pages/about.md").write_text("# 关于\n\n" + "> " * 30 + "末项\n", encoding="utf-8")
    assert cli_build(project, monkeypatch)[0] == 0
    assert "末项" in (project / "site/about/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "data", "line"), [
    ("01.png", png(50000, 50000, rows=1), "the image says it is 50,000 × 50,000 pixels; a page image may have at "
                                          "most 100,000,000 pixels and 30,000 a side"),
    ("01.png", pil_bytes("GIF"), "holds a GIF image, not PNG; page images are PNG, JPEG or WebP"),
    ("01.jpg", pil_bytes("PNG"), "holds a PNG image, not JPEG; rename it 01.png"),
    ("01.png", pil_bytes("PNG", (300, 450))[:200], "not a readable PNG image ("),
    ("01.jpg", pil_bytes("JPEG", (800, 1200))[:700], "not a readable JPEG image ("),
    ("01.png", png(30, 30, crc_ok=False), "not a readable PNG image ("),
    ("02.pdf", pdf()[:100], "not a readable PDF (Failed to load document (PDFium: Data format error).)"),
    ("02.pdf", pdf("0 0 0.001 800"), "page 1 has no area (0.001 × 800 pt)"),
])
def test_a_page_file_that_is_not_what_its_name_says_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 name: str, data: bytes, line: str) -> None:
    project = issue_project(tmp_path, **{"seeds/2024-09-20/01.png": pil_bytes("PNG"), "seeds/2024-09-20/02.pdf": pdf()})
    assert cli_build(project, monkeypatch)[0] == 0
    (project / "seeds/2024-09-20/01.png").unlink()
    (project / "seeds/2024-09-20" / name).write_bytes(data)
    code, output = cli_build(project, monkeypatch)
    assert code == 1 and output.count("\n") == 1, output
    if line.endswith("("):  # Pillow's own words follow
        assert output.startswith(f"error: seeds/2024-09-20/{name}: {line}"), output
    else:
        assert output == f"error: seeds/2024-09-20/{name}: {line}\n"


def test_a_huge_page_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    project = issue_project(tmp_path, **{"seeds/2024-09-20/01.png": pil_bytes("PNG")})
    with open(project / "seeds/2024-09-20/01.png", "r+b") as f:
        f.truncate(5 * 2**30)  # sparse: 5 GB that take no disk
    start = time.monotonic()
    refused(project, monkeypatch, "seeds/2024-09-20/01.png: cannot read: 5.0 GB, more than the 200 MB such a file "
                                  "may have")
    assert time.monotonic() - start < 30


def test_two_files_for_one_page_are_an_error_naming_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    project = issue_project(tmp_path, **{"seeds/2024-09-20/01.pdf": pdf(), "seeds/2024-09-20/001.pdf": pdf()})
    refused(project, monkeypatch, "seeds/2024-09-20/01.pdf: page 1 has two PDF files, this one and 001.pdf; keep one")
    (project / "seeds/2024-09-20/001.pdf").unlink()
    (project / "seeds/2024-09-20/9.png").write_bytes(pil_bytes("PNG"))
    (project / "seeds/2024-09-20/page1.png").write_bytes(pil_bytes("PNG"))
    assert cli_build(project, monkeypatch) == (0, "")
    assert "seeds/2024-09-20/9.png: seeds/2024-09-20.md has no page 9 (第9版); not published" in caplog.messages
    assert "seeds/2024-09-20/page1.png: not a page file (page files are named like 02.pdf, 02.png, 02.jpg, " \
           "02.webp); ignored" in caplog.messages


@pytest.mark.parametrize("box", ["0 0 1 600", "0 0 3 100", "0 0 600 1", "0 0 14400 14400"])
def test_a_pdf_page_of_any_shape_is_rendered_within_the_pixel_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture, box: str) -> None:
    """A page 1 pt wide and 600 high would be 1,200 × 720,000 pixels (3.5 GB) at the usual width: it is
    drawn smaller instead, with a warning, and never over WebP's 16,383 pixels a side."""
    from PIL import Image

    from sitegen.layout.page_file import MAX_RENDER_PIXELS, MAX_RENDER_SIDE, RENDER_WIDTH

    project = issue_project(tmp_path, **{"seeds/2024-09-20/02.pdf": pdf(box)})
    assert cli_build(project, monkeypatch) == (0, "")
    with Image.open(project / "site/2024/09/20/02/2024-09-20-02.webp") as image:
        width, height = image.size
    assert width * height <= MAX_RENDER_PIXELS and max(width, height) <= MAX_RENDER_SIDE
    assert any("an odd shape for a page" in m for m in caplog.messages) == (width < RENDER_WIDTH)


def test_file_names_holding_control_characters_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = issue_project(tmp_path, **{"seeds/2024-09-22\x01.txt": TEXT, "assets/a\u202eb.css": "x",
                                         "pages/a\nb.md": "# x\n"})
    refused(project, monkeypatch, "\n".join([
        "seeds/2024-09-22\\x01.txt: the file name holds U+0001, which no file name may hold; rename it",
        "pages/a\\nb.md: the file name holds U+000A, which no file name may hold; rename it",
        "assets/a\\u202eb.css: the file name holds U+202E, which no file name may hold; rename it"]))


# ---- the preview server ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """`sitegen serve --no-search` of the seed project in a process of its own: its port and process."""
    project = copy_seed_project(tmp_path_factory.mktemp("serve"))
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "serve", "--port", "0", "--no-search"]
    with spawned(command, cwd=project, stderr=subprocess.PIPE, text=True,
                 env={**os.environ, "PYTHONPATH": str(REPO)}) as process:
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


def send(port: int, data: bytes, *, reset: bool = False, read: bool = True) -> bytes:
    """Raw bytes to the server; reset: close with a TCP RST at once (SO_LINGER 0), reading nothing."""
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        s.sendall(data)
        if reset:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return b""
        try:
            return s.recv(65536) if read else b""
        except TimeoutError:  # the server waits for the rest of a request: its right
            return b""


def test_what_a_client_does_never_prints_a_traceback(server) -> None:  # type: ignore[no-untyped-def]
    """Clients that reset mid-response, close mid-request, read a little and go, send garbage, huge
    headers or odd methods: a line in the debug log at most, and the server goes on serving."""
    port, _process, _lines = server
    for _ in range(200):
        send(port, b"GET /paper/2024/09/20/ HTTP/1.1\r\nHost: x\r\n\r\n", reset=True)
        send(port, b"GET /paper/ HTT", read=False)
    for _ in range(50):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET /__sitegen/events?path=/ HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(10)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    answers = [send(port, data) for data in (
        b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n",
        b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(300)) + b"\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)),
        b"BREW / HTTP/1.1\r\n\r\n", b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
        b"GET /\xff\xfe HTTP/1.1\r\n\r\n", b"G\x00ET / HTTP/1.1\r\n\r\n", b"GET /\r\n")]
    assert all(a.startswith(b"HTTP/1.") or a.startswith(b"<") or a == b"" for a in answers), answers
    slow = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(100)]
    for s in slow:
        s.sendall(b"GET / HTTP/1.1\r\n")
    assert request(port, "/") == 200, "a hundred clients that never finish do not keep others out"
    for s in slow:
        s.close()
    log = server_log(server)
    assert "Traceback" not in log and "Error" not in log, log[-2000:]


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
