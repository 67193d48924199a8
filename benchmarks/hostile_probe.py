"""Hostile-input probe: hundreds of attacker's or careless uploads against `sitegen build`, `check`,
`parse` and `serve`, each in a fresh process under a memory cap and a time bound, judged by the
contract of SECURITY.md:

- never a traceback, never killed (memory), never over the time bound;
- exit 1 with `error:` lines naming the file at fault (and the last good site unchanged), or exit 0
  with the hostile input reported (a warning naming the file) where the case says it must be;
- a site built is valid: every HTML, XML and JSON file parses, none holds a character XML or HTML
  forbid, no file name holds a control character, and no markup smuggled in a value is unescaped.

    .venv/bin/python benchmarks/hostile_probe.py               # every case, 2 at a time
    .venv/bin/python benchmarks/hostile_probe.py --only pdf,serve --jobs 1 -v
    .venv/bin/python benchmarks/hostile_probe.py --list        # the cases, by class

Prints, per class, the cases tried and held, then every failure with what went wrong; writes every
result to `--out` (default /tmp/sitegen-hostile/results.json).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from hostile_files import (  # noqa: E402
    CONFIG,
    FORBIDDEN,
    ISSUE,
    MARKUP,
    jpeg_declaring,
    pdf,
    pil_bytes,
    png,
    png_chunk,
    reportlab_pdf,
    site_problems,
    webp_vp8x,
)

SEED = REPO / "seeds" / "000_24bddb6c18fb181e.txt"
SITEGEN = [sys.executable, "-c", "from sitegen.cli import main; main()"]
MEMORY = 3_000_000 * 1024
"""`ulimit -v 3000000`: the address space every probed process gets."""
TIMEOUT = 90.0
"""Seconds any one command may take (a hang is a failure)."""

MD = "seeds/2024-09-20.md"
TXT = "seeds/2024-09-21.txt"
SIDECAR = "seeds/2024-09-21.toml"
SCANS = "seeds/2024-09-20"


# ---- a case ------------------------------------------------------------------------------------

Setup = Callable[[Path], None]


@dataclass
class Case:
    klass: str
    name: str
    setup: Setup
    command: tuple[str, ...] = ("build",)
    names: str | None = None
    """What an error or warning must name (a file); None: nothing in particular."""
    report: bool = False
    """The input must be reported (error or warning naming `names`), not passed over silently."""
    check: Callable[[Path, str], str | None] | None = None
    """Further check of the result (project, stderr): a problem, or None."""
    serve: Callable[[Path, int, list[str]], str | None] | None = None
    """For serve cases: the client's actions (project, port, server log so far): a problem, or None."""
    timeout: float = TIMEOUT


@dataclass
class Result:
    klass: str
    name: str
    held: bool
    problems: list[str] = field(default_factory=list)
    exit: int | None = None
    seconds: float = 0.0
    stderr: str = ""


def write(project: Path, name: str, data: str | bytes) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists() and not path.is_dir():
        path.unlink()
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def edit(name: str, old: str, new: str, count: int = 1) -> Setup:
    def setup(project: Path) -> None:
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return setup


def put(name: str, data: str | bytes) -> Setup:
    return lambda project: write(project, name, data)


def both(*setups: Setup) -> Setup:
    def setup(project: Path) -> None:
        for s in setups:
            s(project)

    return setup


def special(name: str, kind: str) -> Setup:
    """A FIFO, a socket or a character device where a file is expected."""

    def setup(project: Path) -> None:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "socket":
            s = socket.socket(socket.AF_UNIX)
            s.bind(str(path))
            s.close()
        elif kind == "chardev":
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
        elif kind == "blockdev":
            os.mknod(path, 0o666 | stat.S_IFBLK, os.makedev(7, 0))
        elif kind == "link-fifo":
            os.mkfifo(project / "fifo")
            path.symlink_to(project / "fifo")

    return setup


def sparse(name: str, size: int, head: bytes) -> Setup:
    def setup(project: Path) -> None:
        write(project, name, head)
        os.truncate(project / name, size)

    return setup


# ---- judging ---------------------------------------------------------------------------------


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    if not root.exists():
        return "absent"
    for directory, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            path = Path(directory, name)
            digest.update(os.fsencode(path.relative_to(root)) + b"\0")
            digest.update(path.read_bytes() if not path.is_symlink() else b"link")
    return digest.hexdigest()


def limited() -> None:
    """In the child: the memory cap, its own process group (so a hang can be killed whole)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    os.setsid()


def run(command: list[str], cwd: Path, timeout: float) -> tuple[int | None, str, str, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONFAULTHANDLER": ""}
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=limited,
        stdin=subprocess.DEVNULL,
    )
    try:
        out, err = process.communicate(timeout=timeout)
        code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        code = None
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.perf_counter() - start


def judge(case: Case, project: Path, before: str) -> Result:
    result = Result(case.klass, case.name, True)
    site = project / "site"
    try:
        case.setup(project)
    except Exception as exc:  # the probe's own mistake: say so
        return Result(case.klass, case.name, False, [f"setup failed: {type(exc).__name__}: {exc}"])
    command = [*SITEGEN, *case.command]
    if case.command[0] == "build":
        command = [*SITEGEN, "build", "--no-search", *case.command[1:]]
    code, out, err, seconds = run(command, project, case.timeout)
    result.exit, result.seconds, result.stderr = code, seconds, err[-3000:]
    problems = result.problems
    if code is None:
        problems.append(f"no answer within {case.timeout:.0f} s (hang)")
    elif code < 0:
        problems.append(f"killed by signal {-code} (memory?)")
    elif code not in (0, 1):
        problems.append(f"exit {code}")
    for stream, text in (("stderr", err), ("stdout", out)):
        if "Traceback" in text or "MemoryError" in text:
            problems.append(f"a traceback on {stream}")
    if code == 1:
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        if not errors:
            problems.append("exit 1 without an `error:` line")
        elif case.names and case.names not in "\n".join(errors) and case.names not in err:
            problems.append(f"the error does not name {case.names!r}")
        if case.command[0] == "build" and tree_digest(site) != before:
            problems.append("the last good site changed")
    if code == 0:
        if case.report and case.names and case.names not in err:
            problems.append(f"exit 0 without a warning naming {case.names!r}")
        if case.command[0] == "build":
            problems += site_problems(site)
        if case.command[0] == "parse" and "--json" in case.command:
            try:
                data = json.loads(out)
                if FORBIDDEN.search(json.dumps(data, ensure_ascii=False)):
                    problems.append("parse --json holds forbidden characters")
            except ValueError as exc:
                problems.append(f"parse --json is not JSON ({exc})")
    if case.check is not None and code in (0, 1):
        extra = case.check(project, err)
        if extra:
            problems.append(extra)
    result.held = not problems
    return result


def judge_serve(case: Case, project: Path) -> Result:
    result = Result(case.klass, case.name, True)
    try:
        case.setup(project)
    except Exception as exc:
        return Result(case.klass, case.name, False, [f"setup failed: {type(exc).__name__}: {exc}"])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [*SITEGEN, "serve", "--port", "0", "--no-search", *case.command[1:]]
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=project,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        preexec_fn=limited,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    )
    lines: list[str] = []
    assert process.stderr is not None
    ready = threading.Event()
    port = 0

    def read() -> None:
        nonlocal port
        for line in process.stderr:  # type: ignore[union-attr]
            lines.append(line)
            found = re.match(r"serving http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(60) or not port:
            process.wait(10)
            log = "".join(lines)
            if case.serve is not None or process.returncode != 1 or "error:" not in log:
                result.problems.append("serve did not start: " + log[-500:])
            elif case.names and case.names not in log:
                result.problems.append(f"the error does not name {case.names!r}")
        elif case.serve is None:
            pass
        else:
            assert case.serve is not None
            try:
                problem = case.serve(project, port, lines)
            except Exception as exc:
                problem = f"client step failed: {type(exc).__name__}: {exc}"
            if problem:
                result.problems.append(problem)
            if process.poll() is not None:
                result.problems.append(f"serve died (exit {process.returncode})")
            elif status(port, "/paper/") != 200:
                result.problems.append("serve no longer answers GET /paper/ with 200")
        time.sleep(0.3)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                result.problems.append("serve did not stop within 10 s of SIGINT")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        reader.join(5)
    log = "".join(lines)
    result.seconds = time.perf_counter() - start
    result.stderr = log[-3000:]
    if "Traceback" in log:
        result.problems.append(f"a traceback in serve's log ({log.count('Traceback')})")
    result.held = not result.problems
    return result


def status(port: int, path: str, method: str = "GET", timeout: float = 10) -> int:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request(method, path)
        code = connection.getresponse().status
        connection.close()
        return code
    except (OSError, http.client.HTTPException):
        return 0


# ---- the base project ------------------------------------------------------------------------


def base_project(root: Path) -> Path:
    project = root / "base"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    write(project, "sitegen.toml", CONFIG)
    write(project, MD, ISSUE)
    write(project, TXT, SEED.read_text(encoding="utf-8"))
    write(project, SIDECAR, 'title = "测试日报"\n[pages]\n1 = "要闻"\n')
    write(project, "pages/about.md", "# 关于本报\n\n本报是测试用数字报。\n\n> 引文\n")
    write(project, "templates/colophon.html", (REPO / "templates/colophon.html").read_text(encoding="utf-8"))
    write(project, "assets/favicon.svg", (REPO / "assets/favicon.svg").read_bytes())
    write(project, f"{SCANS}/01.png", pil_bytes("PNG", (300, 450)))
    write(project, f"{SCANS}/02.pdf", reportlab_pdf())
    code, out, err, _ = run([*SITEGEN, "build", "--no-search"], project, 300)
    if code != 0:
        sys.exit(f"the base project does not build:\n{err}")
    return project


# ---- the cases ---------------------------------------------------------------------------------

CHARS = [
    "\u0000",
    "\u0001",
    "\u0008",
    "\u000b",
    "\u000c",
    "\u000d",
    "\u001b",
    "\u001f",
    "\u007f",
    "\u0080",
    "\u0085",
    "\u009f",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\U0001fffe",
    "\U0010ffff",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
]
"""Characters a TOML escape can carry into a value (lone surrogates cannot: they are invalid TOML)."""
EVERY_C0 = [chr(n) for n in range(32) if chr(n) not in "\t\n"] + ["\u007f"]


def toml_escape(c: str) -> str:
    return f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"


def text_cases() -> list[Case]:
    """TOML escapes and raw characters in every text an issue file, a sidecar and the config hold."""
    cases = []
    must = {
        "\u0000",
        "\u0001",
        "\u0008",
        "\u000b",
        "\u000c",
        "\u000d",
        "\u001b",
        "\u001f",
        "\u007f",
        "\u0080",
        "\u0085",
        "\u009f",
        "\ufffe",
        "\uffff",
        "\ufdd0",
        "\U0001fffe",
        "\U0010ffff",
    }
    places = [
        ("front-title", MD, 'title = "测试日报"', 'title = "测试{}日报"'),
        ("page-name", MD, '2 = "经济"', '2 = "经{}济"'),
        ("kicker", MD, 'kicker = "引题在此"', 'kicker = "引题{}在此"'),
        ("subtitle", MD, 'subtitle = "副题在此"', 'subtitle = "副题{}在此"'),
        ("byline", MD, 'byline = "本报记者 田新元"', 'byline = "本报记者{} 田新元"'),
        ("author", MD, 'authors = ["田新元"]', 'authors = ["田新{}元"]'),
        ("dateline", MD, 'dateline = "本报讯"', 'dateline = "本报{}讯"'),
        ("signoff", MD, 'signoff = "（完）"', 'signoff = "（完{}）"'),
        ("sidecar-title", SIDECAR, 'title = "测试日报"', 'title = "测试{}日报"'),
        ("sidecar-page", SIDECAR, '1 = "要闻"', '1 = "要{}闻"'),
        ("config-title", "sitegen.toml", 'title = "测试日报"', 'title = "测试{}日报"'),
        ("config-description", "sitegen.toml", 'description = "测试用数字报"', 'description = "测试{}用数字报"'),
        (
            "config-base_url",
            "sitegen.toml",
            'base_url = "https://example.org/paper/"',
            'base_url = "https://example.org/pa{}per/"',
        ),
        (
            "config-repo_url",
            "sitegen.toml",
            'repo_url = "https://github.com/owner/paper"',
            'repo_url = "https://github.com/owner/pa{}per"',
        ),
        ("config-repo_branch", "sitegen.toml", 'repo_branch = "main"', 'repo_branch = "ma{}in"'),
    ]
    for place, file, old, new in places:
        for c in CHARS:
            cases.append(
                Case(
                    "toml-escape",
                    f"{place} {toml_escape(c)}",
                    edit(file, old, new.format(toml_escape(c))),
                    names=file.split("/")[-1],
                    report=c in must,
                )
            )
    extra = [
        ("config-default_section", 'default_section = "要{}闻"\n'),
        ("config-editor", 'editor = "vs{}code"\n'),
        ("config-search_words", 'search_words = ["循环{}经济"]\n'),
        ("config-paths.output", '[paths]\noutput = "si{}te"\n'),
        ("config-paths.seeds", '[paths]\nseeds = "see{}ds"\n'),
    ]
    for place, line in extra:
        for c in ["\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\ufffe", "\u202e", "\u2028"]:
            cases.append(
                Case(
                    "toml-escape",
                    f"{place} {toml_escape(c)}",
                    lambda p, line=line, c=c: write(p, "sitegen.toml", CONFIG + line.format(toml_escape(c))),
                    names="sitegen.toml",
                    report=c not in "\u202e\u2028",
                )
            )
    for c in EVERY_C0:
        cases.append(
            Case(
                "toml-escape",
                f"every-c0 headline-field {toml_escape(c)}",
                edit(MD, 'subtitle = "副题在此"', f'subtitle = "副题{toml_escape(c)}在此"'),
                names="2024-09-20.md",
                report=True,
            )
        )
    surrogate = [
        ("front-title", MD, 'title = "测试日报"', 'title = "测试\\ud800日报"'),
        ("kicker", MD, 'kicker = "引题在此"', 'kicker = "引题\\udfff在此"'),
        ("config-title", "sitegen.toml", 'title = "测试日报"', 'title = "测试\\ud83d日报"'),
        ("sidecar-title", SIDECAR, 'title = "测试日报"', 'title = "\\udc00"'),
    ]
    for place, file, old, new in surrogate:
        cases.append(
            Case("toml-escape", f"{place} lone surrogate", edit(file, old, new), names=file.split("/")[-1], report=True)
        )
    # raw characters written into the issue file's Markdown (not TOML): headline, body, subhead, caption …
    raw_places = [
        ("headline", "### 中美循环经济合作前景广阔", "### 中美循环{}经济合作前景广阔"),
        ("paragraph", "建设绿色家园是人类的共同梦想", "建设绿色{}家园是人类的共同梦想"),
        ("subhead", "#### 我国双碳工作取得积极进展", "#### 我国双碳{}工作取得积极进展"),
        ("quote", "> 应对气候变化是全人类的共同使命。", "> 应对气候{}变化是全人类的共同使命。"),
        ("caption", "近年来东北地区加速布局清洁能源产业。", "近年来东北{}地区加速布局清洁能源产业。"),
        ("credit", 'credit="新华社记者 连振 摄"', 'credit="新华社记者{} 连振 摄"'),
        ("section", "## 要闻速递", "## 要闻{}速递"),
        ("doubt", "joined across a column break", "joined across{} a column break"),
    ]
    for place, old, new in raw_places:
        for c in [
            "\u0001",
            "\u000b",
            "\u000c",
            "\u001b",
            "\u007f",
            "\u0085",
            "\ufffe",
            "\uffff",
            "\ufdd0",
            "\U0001fffe",
            "\u2028",
        ]:
            cases.append(
                Case(
                    "raw-char",
                    f"md {place} U+{ord(c):04X}",
                    edit(MD, old, new.format(c)),
                    names="2024-09-20.md",
                    report=c not in "\u2028",
                )
            )
    for place, old, new in [
        ("about", "本报是测试用数字报。", "本报是{}测试用数字报。"),
        ("about-title", "# 关于本报", "# 关于{}本报"),
    ]:
        for c in ["\u0001", "\u000b", "\u007f", "\u0085", "\ufffe", "\ufdd0"]:
            cases.append(
                Case(
                    "raw-char",
                    f"page {place} U+{ord(c):04X}",
                    edit("pages/about.md", old, new.format(c)),
                    names="about.md",
                    report=True,
                )
            )
    # markup smuggled in values: escaped in HTML, XML and JSON
    for place, file, old, new in places[:10] + [
        ("headline", MD, "### 围绕相关议题深入讨论", "### 围绕{}讨论"),
        ("paragraph", MD, "与会代表围绕", "与会{}代表围绕"),
        ("config-title", "sitegen.toml", 'title = "测试日报"', 'title = "测试{}日报"'),
    ]:
        payload = MARKUP + "]]></script><!--&amp;"
        value = payload.replace('"', '\\"') if file.endswith(".toml") or "=" in new else payload
        cases.append(Case("escape", f"markup in {place}", edit(file, old, new.format(value))))
    return cases


def file_name_cases() -> list[Case]:
    """Control characters, bidi controls and other odd characters in the names of seeds, pages, assets,
    templates and page scans."""
    cases = []
    text = SEED.read_text(encoding="utf-8")
    odd = {
        "ctl-01": "\u0001",
        "newline": "\n",
        "cr": "\r",
        "tab": "\t",
        "esc": "\u001b",
        "del": "\u007f",
        "c1-85": "\u0085",
        "rlo": "\u202e",
        "lsep": "\u2028",
        "fffe": "\ufffe",
        "quote": '"',
        "lt": "<",
        "percent": "%2e",
        "space": " ",
        "backslash": "\\",
        "hash": "#",
        "question": "?",
        "amp": "&",
    }
    for label, c in odd.items():
        must = label in ("ctl-01", "newline", "cr", "tab", "esc", "del", "c1-85", "rlo", "lsep", "fffe")
        name = f"2024-09-22{c}x.txt"
        cases.append(
            Case("file-name", f"seed {label}", put(f"seeds/{name}", text), report=must, names="seeds/2024-09-22")
        )
        cases.append(
            Case(
                "file-name",
                f"undated seed {label}",
                put(f"seeds/paper{c}x.txt", text),
                report=must,
                names="seeds/paper",
            )
        )
        cases.append(
            Case("file-name", f"asset {label}", put(f"assets/a{c}b.css", "body{}"), report=must, names="assets/a")
        )
        cases.append(Case("file-name", f"page {label}", put(f"pages/a{c}b.md", "# x\n"), names="pages/a"))
        cases.append(Case("file-name", f"scan {label}", put(f"{SCANS}/0{c}1.png", pil_bytes("PNG")), names=SCANS))
        cases.append(
            Case("file-name", f"template {label}", put(f"templates/a{c}b.html", "x"), report=must, names="templates/a")
        )
    for label, c in odd.items():  # the 纠错 link: a seed whose name holds it, with repo_url set
        if c in "\n\r\t\u0001\u001b\u007f\u0085\u202e\u2028\ufffe":
            continue
        cases.append(
            Case(
                "file-name",
                f"correction link {label}",
                both(put(f"seeds/2024-09-23{c}y.txt", text)),
                check=_correction_links_ok,
            )
        )
    cases.append(Case("file-name", "seed named 255 bytes", put("seeds/2024-09-24-" + "经" * 80 + ".txt", text)))
    cases.append(Case("file-name", "seed named .txt only", put("seeds/.txt", text)))
    cases.append(Case("file-name", "seed named -", put("seeds/-.txt", text)))
    cases.append(Case("file-name", "seed stem of dots", put("seeds/....txt", text)))
    cases.append(Case("file-name", "seed stem fullwidth digits", put("seeds/２０２４-０９-２５.txt", text)))
    return cases


def _correction_links_ok(project: Path, err: str) -> str | None:
    """Every 纠错 link is a URL a browser reads as meant: no raw space, quote, `#` or `?` inside the path."""
    for page in (project / "site").rglob("index.html"):
        for href in re.findall(r'href="(https://github\.com/owner/paper/(?:edit|blob)/[^"]*)"', page.read_text()):
            path = href.split("?plain=1")[0]
            if re.search(r"[ \"<>#?\\]|&(?!amp;)", path.split("/paper/", 1)[1]):
                return f"correction link not encoded: {href}"
    return None


def number_cases() -> list[Case]:
    cases = []
    page_keys = [
        "²",
        "０１",
        "٣",
        "1e3",
        "-1",
        "0",
        "+1",
        "01",
        "1_0",
        "999",
        "1000",
        "99999",
        "1" * 20,
        "9" * 5000,
        " 1",
        "1 ",
        "0x10",
        "",
        "一",
    ]
    for key in page_keys:
        label = key if len(key) < 25 else f"{len(key)} digits"
        cases.append(
            Case(
                "number",
                f"issue-file [pages] key {label!r}",
                edit(MD, '2 = "经济"', f'"{key}" = "经济"'),
                names="2024-09-20.md",
            )
        )
        cases.append(
            Case(
                "number",
                f"sidecar [pages] key {label!r}",
                edit(SIDECAR, '1 = "要闻"', f'"{key}" = "要闻"'),
                names="2024-09-21.toml",
            )
        )
    for n in [
        "0",
        "00",
        "1000",
        "9" * 20,
        "9" * 5000,
        "²",
        "０２",
        "٢",
        "-2",
        "2.5",
        "1e3",
        " 2 ",
        "9223372036854775808",
    ]:
        label = n if len(n) < 25 else f"{len(n)} digits"
        cases.append(
            Case("number", f"page heading 第{label}版", edit(MD, "# 第2版", f"# 第{n}版"), names="2024-09-20.md")
        )
        cases.append(
            Case(
                "number",
                f"text dump marker 第{label}版",
                edit(TXT, "要闻速递\n", f"第{n}版\n\n要闻速递\n"),
                names="2024-09-21.txt",
            )
        )
    values = [
        "-1",
        "0",
        "1",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "9" * 100,
        "9" * 5000,
        "1.5",
        "1e308",
        "inf",
        "nan",
        "true",
        '"4"',
        "0x7fffffffffffffff",
        "[]",
    ]
    for key in [
        "related_articles",
        "feed_size",
        "keywords_per_article",
        "excerpt_length",
        "list_page_size",
        "search_shard_size",
    ]:
        for value in values:
            label = value if len(value) < 25 else f"{len(value)} digits"
            line = f"{key} = {value}\n"
            cases.append(
                Case(
                    "number",
                    f"config {key} = {label}",
                    lambda p, line=line, key=key: write(
                        p, "sitegen.toml", re.sub(rf"(?m)^{key} = .*\n", "", CONFIG) + line
                    ),
                    names="sitegen.toml",
                )
            )
    for doubt in ["1.5", "-0.1", "1e999", "0." + "1" * 5000, "nan", "99999"]:
        cases.append(
            Case("number", f"doubt {doubt[:12]}", edit(MD, "[doubt 0.3]", f"[doubt {doubt}]"), names="2024-09-20.md")
        )
    cases.append(Case("number", "date out of range", edit(MD, "date = 2024-09-20", "date = 9999-12-31")))
    cases.append(Case("number", "date year 1", edit(MD, "date = 2024-09-20", "date = 0001-01-01")))
    cases.append(
        Case("number", "datetime", edit(MD, "date = 2024-09-20", "date = 2024-09-20T10:00:00Z"), names="2024-09-20.md")
    )
    cases.append(Case("number", "seed name date 9999-99-99", put("seeds/9999-99-99.txt", SEED.read_text())))
    cases.append(Case("number", "seed name date 0000-01-01", put("seeds/0000-01-01.txt", SEED.read_text())))
    cases.append(Case("number", "heading level 7", edit(MD, "#### 我国", "####### 我国")))
    return cases


URLS = [
    "http://[::1",
    "http://[",
    "https://[::1]:80/paper/",
    "http://x:99999/",
    "http://x:abc/",
    "https://",
    "https:///paper/",
    "https://ex.org/?q=1#f",
    "https://user:pass@ex.org/",
    "javascript:alert(1)",
    "/paper/<script>/",
    '/pa"per/',
    "/%2e%2e/",
    "/pa per/",
    "//evil.example/",
    "/\\evil",
    "https://例子.中国/",
    "http://127.0.0.1:8000",
    "https://ex.org/\tpaper/",
    "https://ex.org/pa\nper/",
    "/paper/../x/",
    "/./",
    "file:///etc/",
    "https://ex.org:0/",
    "https://ex.org/%ZZ/",
    "/" + "a" * 5000 + "/",
    "https://ex.org/#x",
    "https://ex.org/paper?x=<i>",
    "/paper/%0a/",
    "HTTPS://EX.ORG/Paper/",
    "http://[::1]/",
    "http://[fe80::1%eth0]/",
    "ftp://ex.org/",
    " /paper/",
    "https://ex.org/paper/\u202e/",
]


def url_cases() -> list[Case]:
    cases = []
    for url in URLS:
        label = url if len(url) < 40 else url[:20] + "…"
        value = json.dumps(url, ensure_ascii=True)
        setup = edit("sitegen.toml", 'base_url = "https://example.org/paper/"', f"base_url = {value}")
        for command in (("build",), ("check",), ("parse", MD, "--json")):
            cases.append(Case("url", f"base_url {label!r} → {command[0]}", setup, command=command, names="base_url"))
        cases.append(
            Case("url", f"--base-url {label!r}", lambda p: None, command=("build", "--base-url", url), names="base-url")
        )
        cases.append(
            Case(
                "url",
                f"repo_url {label!r}",
                edit("sitegen.toml", 'repo_url = "https://github.com/owner/paper"', f"repo_url = {value}"),
                names="repo_url",
            )
        )
        cases.append(Case("url", f"base_url {label!r} → serve", setup, command=("serve",), names="base_url"))
    for branch in [
        "ma in",
        'main"',
        "../../x",
        "#x",
        "?x",
        "a<b",
        "%2e",
        "main/",
        "",
        " ",
        "a..b",
        "@{x}",
        "~1",
        "feature/x",
        "分支",
        "x" * 300,
        "main\\u0000".replace("\\u0000", ""),
    ]:
        cases.append(
            Case(
                "url",
                f"repo_branch {branch[:20]!r}",
                edit("sitegen.toml", 'repo_branch = "main"', f"repo_branch = {json.dumps(branch)}"),
                names="repo_branch",
                check=_branch_links_ok,
            )
        )
    return cases


def _branch_links_ok(project: Path, err: str) -> str | None:
    return _correction_links_ok(project, err)


def slug_cases() -> list[Case]:
    cases = []
    slugs = [
        "abc\\n",
        "abc\\r",
        "\\nabc",
        "a" * 500,
        "a" * 81,
        "a" * 80,
        "../x",
        "a/b",
        "..",
        ".",
        "a\\u0000",
        "con",
        "nul",
        "index",
        "index.html",
        "feed.xml",
        "01",
        "02",
        "article",
        "pagefind",
        "assets",
        "-a",
        "a-",
        "a--b",
        "A",
        "ａ",
        "a b",
        "",
        "ı",
        "x\\tx",
        "zhongmei-hezuo",
    ]
    for slug in slugs:
        cases.append(
            Case(
                "slug",
                f"slug {slug[:30]!r}",
                edit(MD, 'slug = "zhongmei-hezuo"', f'slug = "{slug}"'),
                names="2024-09-20.md",
                check=_slug_names_line if slug in ("a" * 500, "abc\\n") else None,
            )
        )
    cases.append(
        Case(
            "slug",
            "two articles one slug",
            edit(
                MD, "### 围绕相关议题深入讨论\n", '### 围绕相关议题深入讨论\n\n```toml\nslug = "zhongmei-hezuo"\n```\n'
            ),
            names="2024-09-20.md",
        )
    )
    cases.append(
        Case(
            "slug",
            "slug equal to a page number path",
            edit(MD, "### 围绕相关议题深入讨论\n", '### 围绕相关议题深入讨论\n\n```toml\nslug = "02"\n```\n'),
        )
    )
    cases.append(Case("slug", "headline that slugs to 02", edit(MD, "### 围绕相关议题深入讨论", "### 02")))
    cases.append(
        Case("slug", "headline of 5000 characters", edit(MD, "### 围绕相关议题深入讨论", "### " + "经" * 5000))
    )
    cases.append(
        Case(
            "slug",
            "headline of 100 ASCII words",
            edit(MD, "### 围绕相关议题深入讨论", "### " + " ".join(["word"] * 100)),
        )
    )
    return cases


def _slug_names_line(project: Path, err: str) -> str | None:
    if "error:" in err and not re.search(r"2024-09-20\.md:\d+", err):
        return "the slug error does not name the .md line"
    return None


def nesting_cases() -> list[Case]:
    cases = []
    for depth in (5, 19, 20, 21, 25, 50, 200, 2000):
        quote = ">" * depth + " 深层引文的文字不可丢失"
        cases.append(
            Case(
                "nesting",
                f"issue-file quote {depth} deep",
                edit(MD, "> 应对气候变化是全人类的共同使命。", quote),
                names="2024-09-20.md",
                check=_kept_or_error("深层引文的文字不可丢失", "2024/09/20"),
            )
        )
        cases.append(
            Case(
                "nesting",
                f"page quote {depth} deep",
                edit("pages/about.md", "> 引文", quote),
                names="about.md",
                check=_kept_or_error("深层引文的文字不可丢失", "about"),
            )
        )
        nested = (
            "\n".join("  " * n + "- 列表" + str(n) for n in range(depth)) + "\n" + "  " * depth + "- 深层列表末项\n"
        )
        cases.append(
            Case(
                "nesting",
                f"page list {depth} deep",
                put("pages/about.md", "# 关于\n\n" + nested),
                names="about.md",
                check=_kept_or_error("深层列表末项", "about"),
            )
        )
        mixed = "".join("> - " for _ in range(depth)) + "混合嵌套末项"
        cases.append(
            Case(
                "nesting",
                f"page quote+list {depth} deep",
                put("pages/about.md", "# 关于\n\n" + mixed + "\n"),
                names="about.md",
                check=_kept_or_error("混合嵌套末项", "about"),
            )
        )
    for depth in (30, 1000, 20000):
        cases.append(
            Case(
                "nesting",
                f"page emphasis {depth} deep",
                put("pages/about.md", "# 关于\n\n" + "*" * depth + "强调末字" + "*" * depth + "\n"),
                names="about.md",
                check=_kept_or_error("强调末字", "about"),
            )
        )
        cases.append(
            Case(
                "nesting",
                f"page brackets {depth} deep",
                put("pages/about.md", "# 关于\n\n" + "[" * depth + "链接末字" + "](x)" * 1 + "\n"),
                names="about.md",
                check=_kept_or_error("链接末字", "about"),
            )
        )
        cases.append(
            Case(
                "nesting",
                f"issue-file brackets {depth}",
                edit(MD, "与会代表围绕", "[" * depth + "与会代表围绕"),
                check=_kept_or_error("与会代表围绕", "2024/09/20"),
            )
        )
    cases.append(Case("nesting", "page of 100,000 lines", put("pages/about.md", "# 关于\n\n" + "一行\n\n" * 100000)))
    cases.append(
        Case("nesting", "list in an issue file", edit(MD, "> 应对气候变化", "- 应对气候变化"), names="2024-09-20.md")
    )
    cases.append(Case("nesting", "html in a page", put("pages/about.md", f"# 关于\n\n{MARKUP}<script>x</script>\n")))
    return cases


def _kept_or_error(text: str, where: str) -> Callable[[Path, str], str | None]:
    def check(project: Path, err: str) -> str | None:
        if "error:" in err:
            return None
        pages = [p for p in (project / "site" / where).rglob("index.html")]
        if not any(text in p.read_text(encoding="utf-8") for p in pages):
            return f"the text {text!r} was lost silently"
        return None

    return check


def special_cases() -> list[Case]:
    cases = []
    places = [
        ("seed", "seeds/2024-09-22.txt"),
        ("issue file", MD),
        ("sidecar", SIDECAR),
        ("page scan png", f"{SCANS}/01.png"),
        ("page scan pdf", f"{SCANS}/02.pdf"),
        ("new page scan", f"{SCANS}/03.png"),
        ("page", "pages/extra.md"),
        ("template", "templates/colophon.html"),
        ("new template", "templates/x.html"),
        ("asset", "assets/x.css"),
        ("config", "sitegen.toml"),
        ("scan directory", "seeds/2024-09-21/01.pdf"),
    ]
    for kind in ("fifo", "socket", "chardev", "link-fifo"):
        for label, name in places:
            cases.append(
                Case(
                    "special",
                    f"{kind} as {label}",
                    special(name, kind),
                    names=name.split("/")[-1],
                    timeout=60,
                    report=True,
                )
            )
    cases.append(
        Case(
            "special",
            "blockdev as seed",
            special("seeds/2024-09-22.txt", "blockdev"),
            names="2024-09-22.txt",
            timeout=60,
            report=True,
        )
    )
    cases.append(
        Case(
            "special",
            "fifo as scans directory entry named 01.pdf in a dir",
            both(special(f"{SCANS}/sub/01.pdf", "fifo")),
            timeout=60,
        )
    )
    for command in (
        ("parse", "x.txt"),
        ("parse", "x.md", "--json"),
        ("check", "x.md"),
        ("convert", "x.txt"),
        ("build", "--config", "x.toml"),
    ):
        name = command[1] if command[0] != "build" else "x.toml"
        cases.append(
            Case(
                "special",
                f"fifo given to {' '.join(command)}",
                special(name, "fifo"),
                command=command,
                names=name,
                timeout=60,
            )
        )
        cases.append(
            Case(
                "special",
                f"chardev given to {' '.join(command)}",
                special(name, "chardev"),
                command=command,
                names=name,
                timeout=60,
            )
        )
    return cases


def scan_cases() -> list[Case]:
    cases = []

    def scan(label: str, name: str, data: bytes | Setup, **kw: object) -> None:
        setup = data if callable(data) else put(f"{SCANS}/{name}", data)
        if SCAN_IMAGE.fullmatch(name) and not name.startswith("01.png"):  # the only image of its page
            setup = both(lambda p: (p / SCANS / "01.png").unlink(missing_ok=True), setup)
        cases.append(
            Case(
                kw.pop("klass", "pdf") if name.endswith(".pdf") else "image",  # type: ignore[arg-type]
                label,
                setup,
                names=kw.pop("names", name),
                **kw,
            )
        )  # type: ignore[arg-type]

    boxes = [
        "0 0 1 600",
        "0 0 600 1",
        "0 0 3 100",
        "0 0 100 3",
        "0 0 0 0",
        "0 0 0 600",
        "0 0 -600 -800",
        "600 800 0 0",
        "0 0 1000000 1000000",
        "0 0 14400 14400",
        "0 0 14400 1",
        "0 0 1 14400",
        "0 0 0.001 800",
        "0 0 1e-30 800",
        "0 0 99999999999999999999 800",
        "0 0 595",
        "(a) (b) (c) (d)",
        "0 0 595 842 12",
        "-1e9 -1e9 1e9 1e9",
        "0 0 200000 200000",
        "0 0 16384 16384",
        "0 0 2 2",
    ]
    for box in boxes:
        scan(f"pdf MediaBox [{box}]", "02.pdf", pdf(box))
    for unit in ["75000", "0", "-1", "1e-9", "1e9", "(x)", "2"]:
        scan(f"pdf UserUnit {unit}", "02.pdf", pdf("0 0 595 842", f"/UserUnit {unit}"))
        scan(f"pdf UserUnit {unit} on 1×600", "02.pdf", pdf("0 0 1 600", f"/UserUnit {unit}"))
    for crop in ["0 0 1 842", "0 0 595 1", "0 0 0 0", "1000 1000 2000 2000", "0 0 1e9 1e9", "-5 -5 5 5"]:
        scan(f"pdf CropBox [{crop}]", "02.pdf", pdf("0 0 595 842", f"/CropBox [{crop}]"))
        scan(f"pdf CropBox [{crop}] in a huge MediaBox", "02.pdf", pdf("0 0 14400 14400", f"/CropBox [{crop}]"))
    for rotate in ["90", "180", "270", "-90", "45", "1000000000", "(x)"]:
        scan(f"pdf Rotate {rotate} on 1×600", "02.pdf", pdf("0 0 1 600", f"/Rotate {rotate}"))
        scan(f"pdf Rotate {rotate} on 600×1", "02.pdf", pdf("0 0 600 1", f"/Rotate {rotate}"))
    scan("pdf without MediaBox", "02.pdf", pdf(media=False))
    scan("pdf MediaBox inherited 1×600", "02.pdf", pdf(media=False, pages_extra="/MediaBox [0 0 1 600]"))
    scan("pdf of no page", "02.pdf", pdf().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0"))
    scan("pdf Count 1e9", "02.pdf", pdf().replace(b"/Count 1", b"/Count 1000000000"))
    scan("pdf page tree loop", "02.pdf", pdf().replace(b"/Kids [3 0 R]", b"/Kids [2 0 R 3 0 R]"))
    scan("pdf truncated to 100 bytes", "02.pdf", pdf()[:100])
    scan("pdf truncated in half", "02.pdf", reportlab_pdf()[: len(reportlab_pdf()) // 2])
    scan("pdf empty", "02.pdf", b"")
    scan("pdf header only", "02.pdf", b"%PDF-1.7\n")
    scan("pdf 200,000 strokes", "02.pdf", pdf(content=b"0 0 m 500 800 l S\n" * 200_000), timeout=120)
    scan("pdf encrypted", "02.pdf", reportlab_pdf(encrypt="secret"))
    scan("pdf png bytes", "02.pdf", pil_bytes("PNG"))
    scan("pdf html bytes", "02.pdf", b"<html><body>x</body></html>")
    scan("pdf 5 GB sparse", "02.pdf", sparse(f"{SCANS}/02.pdf", 5 * 2**30, pdf()))
    scan("pdf 300 MB sparse", "02.pdf", sparse(f"{SCANS}/02.pdf", 300 * 2**20, pdf()))
    scan(
        "pdf alone for a page with no image, 1×600",
        "01.pdf",
        both(lambda p: (p / SCANS / "01.png").unlink(), put(f"{SCANS}/01.pdf", pdf("0 0 1 600"))),
    )
    # images: headers declaring huge sizes, types by content, truncation
    scan("png 50000² declared", "01.png", png(50000, 50000, rows=1))
    scan("png 65535×65535 declared", "01.png", png(65535, 65535, rows=1))
    scan("png 2^31-1 wide", "01.png", png(2**31 - 1, 1, rows=0))
    scan("png 1×200000", "01.png", png(1, 200000))
    scan("png 200000×1", "01.png", png(200000, 1))
    scan("png 0×0", "01.png", png(0, 0))
    scan("png 20000×20000 declared", "01.png", png(20000, 20000, rows=1))
    scan("png 12000×12000 declared, data short", "01.png", png(12000, 12000, rows=2))
    scan("png truncated", "01.png", pil_bytes("PNG", (300, 450))[:200])
    scan("png bad crc", "01.png", png(30, 30, crc_ok=False))
    scan("png signature only", "01.png", b"\x89PNG\r\n\x1a\n")
    scan(
        "png zTXt bomb",
        "01.png",
        pil_bytes("PNG")[:33] + png_chunk(b"zTXt", b"k\0\0" + zlib.compress(b"a" * 50_000_000)) + pil_bytes("PNG")[33:],
    )
    scan("jpeg 65500² declared", "01.jpg", jpeg_declaring(65500, 65500), names="01.jpg")
    scan("jpeg 30000² declared", "01.jpg", jpeg_declaring(30000, 30000), names="01.jpg")
    scan("jpeg 0×0 declared", "01.jpg", jpeg_declaring(0, 0), names="01.jpg")
    scan("jpeg truncated", "01.jpg", pil_bytes("JPEG", (800, 1200))[:600], names="01.jpg")
    scan("jpeg SOI only", "01.jpg", b"\xff\xd8", names="01.jpg")
    scan("webp 16777215² declared", "01.webp", webp_vp8x(16777215, 16777215), names="01.webp")
    scan("webp 20000² declared", "01.webp", webp_vp8x(20000, 20000), names="01.webp")
    scan("webp truncated", "01.webp", pil_bytes("WEBP", (800, 1200))[:100], names="01.webp")
    for kind, ext in [
        ("GIF", "png"),
        ("GIF", "jpg"),
        ("BMP", "png"),
        ("PNG", "jpg"),
        ("WEBP", "png"),
        ("JPEG", "webp"),
        ("TIFF", "jpg"),
        ("ICO", "png"),
        ("PNG", "jpeg"),
    ]:
        scan(
            f"{kind} bytes named .{ext}",
            f"01.{ext}",
            pil_bytes(kind, (32, 32)),
            names=f"01.{ext}",
            check=_published_type_ok,
        )
    scan(
        "svg named .png",
        "01.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        check=_published_type_ok,
    )
    scan("html named .png", "01.png", b"<html><script>alert(1)</script></html>", check=_published_type_ok)
    scan("pdf named .png", "01.png", pdf(), check=_published_type_ok)
    scan("empty png", "01.png", b"")
    scan("png 5 GB sparse", "01.png", sparse(f"{SCANS}/01.png", 5 * 2**30, pil_bytes("PNG")))
    scan("png 300 MB sparse", "01.png", sparse(f"{SCANS}/01.png", 300 * 2**20, pil_bytes("PNG")))
    # page numbers in scan names
    scan("001.pdf beside 02.pdf for page 2: 002.pdf", "002.pdf", reportlab_pdf(), names="002.pdf", report=True)
    scan("01.PNG beside 01.png", "01.PNG", pil_bytes("PNG"), names="01.PNG", report=True)
    scan("1.png beside 01.png", "1.png", pil_bytes("PNG"), names="1.png", report=True)
    scan(
        "01.jpeg beside 01.jpg",
        "01.jpeg",
        both(put(f"{SCANS}/01.jpg", pil_bytes("JPEG")), put(f"{SCANS}/01.jpeg", pil_bytes("JPEG"))),
        names="01.jp",
        report=True,
    )
    scan("0001.png", "0001.png", pil_bytes("PNG"), names="0001.png", report=True)
    scan("٠٢.pdf (Arabic-Indic digits)", "٠٢.pdf", reportlab_pdf(), names="٠٢.pdf", report=True)
    scan("00.png (page 0)", "00.png", pil_bytes("PNG"), names="00.png", report=True)
    scan("09.png (no page 9)", "09.png", pil_bytes("PNG"), names="09.png", report=True)
    scan("999.png", "999.png", pil_bytes("PNG"), names="999.png", report=True)
    scan("page1.png (not a page name)", "page1.png", pil_bytes("PNG"), names="page1.png", report=True)
    scan(
        "01.png as a directory",
        "01.png",
        lambda p: ((p / SCANS / "01.png").unlink(), (p / SCANS / "01.png").mkdir()),
        names="01.png",
        report=True,
    )
    scan("scans of an issue file and of a dump", "01.png", put("seeds/2024-09-21/01.png", pil_bytes("PNG")), names="x")
    return cases


SCAN_IMAGE = re.compile(r"0?1\.(jpe?g|webp)")


def _published_type_ok(project: Path, err: str) -> str | None:
    magic = {".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8", ".webp": b"RIFF", ".pdf": b"%PDF"}
    for path in (project / "site").rglob("*"):
        if path.suffix in magic and path.is_file() and not path.read_bytes().startswith(magic[path.suffix]):
            if path.suffix == ".webp" and path.read_bytes()[8:12] != b"WEBP":
                return f"{path.name} published with bytes that are not {path.suffix}"
            if path.suffix != ".webp":
                return f"{path.name} published with bytes that are not {path.suffix}"
    return None


def reserved_cases() -> list[Case]:
    cases = []
    for name in [
        "pagefind",
        "pagefind-2",
        "assets",
        "2024",
        "1999",
        "search",
        "archive",
        "sections",
        "authors",
        "keywords",
        "issues",
        "sitemap",
        "404",
        "feed",
        "index",
        "robots",
        "favicon",
        "about",
        "0",
        "sitemap-xml",
        "feed-xml",
        "pagefind-ui",
    ]:
        cases.append(
            Case(
                "reserved",
                f"pages/{name}.md",
                put(f"pages/{name}.md", f"# {name}\n\n正文。\n"),
                names=f"pages/{name}.md",
                check=_no_collision,
            )
        )
    for name in [
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        ".nojekyll",
        ".sitegen-site",
        "assets.md.md",
        "Index",
        "x_y",
        "-x",
        "x" * 250,
    ]:
        cases.append(Case("reserved", f"pages/{name[:30]}.md", put(f"pages/{name}.md", "# x\n"), names="pages/"))
    return cases


def _no_collision(project: Path, err: str) -> str | None:
    """A page that was built did not take the place of a generated file (search still there, etc.)."""
    site = project / "site"
    if "error:" in err:
        return None
    if not (site / "search/index.html").is_file() or not (site / "feed.xml").is_file():
        return "a generated page went missing"
    if not (site / "2024/09/20/index.html").is_file():
        return "an issue page went missing"
    return None


# ---- serve: client behaviour and special files while serving ------------------------------------


def _send_raw(port: int, data: bytes, *, read: bool = True, rst: bool = False, wait: float = 0.0) -> bytes:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        if data:
            s.sendall(data)
        if wait:
            time.sleep(wait)
        if rst:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return b""
        if read:
            with contextlib.suppress(OSError):
                return s.recv(65536)
        return b""
    finally:
        s.close()


def serve_cases() -> list[Case]:
    cases = []

    def client(label: str, action: Callable[[int], str | None]) -> None:
        cases.append(
            Case("serve", label, lambda p: None, command=("serve",), serve=lambda project, port, log: action(port))
        )

    def many_resets(port: int) -> str | None:
        for _ in range(300):
            with contextlib.suppress(OSError):
                _send_raw(port, b"GET /paper/2024/09/20/ HTTP/1.1\r\nHost: x\r\n\r\n", rst=True, read=False)
        return None

    def half_request(port: int) -> str | None:
        for _ in range(50):
            _send_raw(port, b"GET /paper/ HTT", read=False)
        return None

    def close_mid_body(port: int) -> str | None:
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
            s.sendall(b"GET /paper/archive/ HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(10)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        return None

    def events_then_reset(port: int) -> str | None:
        for _ in range(30):
            _send_raw(port, b"GET /__sitegen/events?path=/paper/ HTTP/1.1\r\nHost: x\r\n\r\n", rst=True, wait=0.05)
        return None

    def huge_header(port: int) -> str | None:
        answer = _send_raw(port, b"GET /paper/ HTTP/1.1\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
        return None if not answer or answer.startswith(b"HTTP/1") else f"odd answer {answer[:40]!r}"

    def many_headers(port: int) -> str | None:
        _send_raw(port, b"GET /paper/ HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(300)) + b"\r\n")
        return None

    def long_request_line(port: int) -> str | None:
        _send_raw(port, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
        return None

    def slowloris(port: int) -> str | None:
        sockets = []
        for _ in range(400):
            with contextlib.suppress(OSError):
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                s.sendall(b"GET /paper/ HTTP/1.1\r\nHost: x\r\n")
                sockets.append(s)
        start = time.monotonic()
        code = status(port, "/paper/", timeout=10)
        took = time.monotonic() - start
        for s in sockets:
            with contextlib.suppress(OSError):
                s.sendall(b"X-a: b\r\n")
        for s in sockets:
            s.close()
        if code != 200:
            return f"with 400 slow clients a request got {code}"
        return None if took < 5 else f"with 400 slow clients a request took {took:.1f} s"

    def methods(port: int) -> str | None:
        for method in [
            "HEAD",
            "POST",
            "PUT",
            "DELETE",
            "OPTIONS",
            "TRACE",
            "CONNECT",
            "PATCH",
            "BREW",
            "get",
            "G\x00ET",
            "A" * 5000,
        ]:
            with contextlib.suppress(OSError):
                _send_raw(
                    port, method.encode("latin-1") + b" /paper/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                )
        return None if status(port, "/paper/", "HEAD") == 200 else "HEAD / is not 200"

    def garbage(port: int) -> str | None:
        for data in [
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(200),
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            b"\r\n\r\n\r\n",
            b"GET\r\n",
            b"GET / HTTP/9.9\r\n\r\n",
            b"GET /\r\n",
            os.urandom(4000),
            b"GET /paper/ HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n",
            b"GET /paper/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"GET /paper/ HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            b"GET /paper/ HTTP/1.1\r\nbad header\r\n\r\n",
            b"GET /paper/\xff\xfe HTTP/1.1\r\n\r\n",
            b"GET http://evil/etc/passwd HTTP/1.1\r\n\r\n",
        ]:
            with contextlib.suppress(OSError):
                _send_raw(port, data)
        return None

    def traversal(port: int) -> str | None:
        for path in [
            "/paper/../../../../etc/passwd",
            "/paper/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/paper/..%2f..%2fetc/passwd",
            "//etc/passwd",
            "/paper/%00",
            "/paper/..\\..\\etc\\passwd",
            "/paper/%252e%252e/",
            "/paper/%c0%ae%c0%ae/",
            "/paper/" + "%2e%2e/" * 30 + "etc/passwd",
            "/../etc/passwd",
            "/paper/./././",
            "/paper/~root",
            "/paper/.sitegen-site",
            "/paper/.%2e/.%2e/etc/passwd",
        ]:
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            with contextlib.suppress(OSError):
                while chunk := s.recv(65536):
                    answer += chunk
            s.close()
            if b"root:" in answer:
                return f"{path} served a file outside the site"
        return None

    def pipelined(port: int) -> str | None:
        _send_raw(port, b"GET /paper/ HTTP/1.1\r\nHost: x\r\n\r\n" * 200, rst=True)
        return None

    def event_queries(port: int) -> str | None:
        for query in ["path=%ff", "path=" + "a" * 10000, "path=/paper/%00", "path=../../", ""]:
            _send_raw(port, f"GET /__sitegen/events?{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), wait=0.05, rst=True)
        return None

    client("client resets mid-response ×300", many_resets)
    client("client closes mid request line ×50", half_request)
    client("client reads 10 bytes then resets ×200", close_mid_body)
    client("event stream reset ×30", events_then_reset)
    client("a 70 KB header", huge_header)
    client("300 headers", many_headers)
    client("a 70 KB request line", long_request_line)
    client("slowloris ×400", slowloris)
    client("odd methods", methods)
    client("garbage and TLS bytes", garbage)
    client("path traversal", traversal)
    client("200 pipelined requests then reset", pipelined)
    client("odd event-stream queries", event_queries)

    def while_serving(label: str, change: Setup, undo: Setup | None = None) -> None:
        def action(project: Path, port: int, log: list[str]) -> str | None:
            before = len(log)
            change(project)
            time.sleep(2.5)
            if undo is not None:
                undo(project)
                time.sleep(2.0)
            # a plain edit afterwards must still rebuild: the new text is served, or (the hostile input
            # still there) the rebuild it caused is refused again with an `error:` line
            errors = sum(1 for line in log if line.startswith("error:"))
            md = project / MD
            md.write_text(
                md.read_text(encoding="utf-8").replace("中美循环经济合作前景广阔", "中美循环经济合作前景更广阔"),
                encoding="utf-8",
            )
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if undo is None and sum(1 for line in log if line.startswith("error:")) > errors:
                    return None
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/paper/2024/09/20/")
                body = connection.getresponse().read().decode("utf-8", "replace")
                connection.close()
                if "前景更广阔" in body:
                    return None
                time.sleep(0.3)
            return "an edit after the hostile change was never rebuilt: " + "".join(log[before:])[-400:]

        cases.append(Case("serve", label, lambda p: None, command=("serve",), serve=action))

    def rm(name: str) -> Setup:
        return lambda p: (p / name).unlink()

    for kind in ("fifo", "socket", "chardev"):
        for label, name in [
            ("seed", "seeds/2024-09-22.txt"),
            ("page scan", f"{SCANS}/03.png"),
            ("page", "pages/x.md"),
            ("template", "templates/x.html"),
            ("asset", "assets/x.css"),
            ("sidecar", "seeds/2024-09-20.toml"),
        ]:
            while_serving(f"{kind} appears as {label} while serving", special(name, kind), rm(name))
    while_serving("fifo stays in seeds while serving", special("seeds/2024-09-22.txt", "fifo"))
    while_serving(
        "5000-digit page heading while serving",
        edit(MD, "# 第2版", "# 第" + "9" * 5000 + "版"),
        edit(MD, "# 第" + "9" * 5000 + "版", "# 第2版"),
    )
    while_serving("escape in front matter while serving", edit(MD, 'title = "测试日报"', 'title = "测试\\u0001日报"'))
    while_serving(
        "huge png while serving",
        put(f"{SCANS}/01.png", png(50000, 50000, rows=1)),
        put(f"{SCANS}/01.png", pil_bytes("PNG", (300, 450))),
    )
    while_serving("1×600 pdf while serving", put(f"{SCANS}/02.pdf", pdf("0 0 1 600")))
    while_serving(
        "bad base_url while serving",
        edit("sitegen.toml", 'base_url = "https://example.org/paper/"', 'base_url = "http://[::1"'),
        edit("sitegen.toml", 'base_url = "http://[::1"', 'base_url = "https://example.org/paper/"'),
    )
    while_serving(
        "related_articles 2^63 while serving",
        edit("sitegen.toml", "related_articles = 4", "related_articles = 9223372036854775807"),
    )
    while_serving("quote 50 deep while serving", edit(MD, "> 应对气候", ">" * 50 + " 应对气候"))

    def sigint_ignored(project: Path) -> None:
        pass

    cases.append(
        Case(
            "process",
            "serve stops on SIGINT when started with SIGINT ignored",
            sigint_ignored,
            command=("serve-sigint-ignored",),
        )
    )
    return cases


def process_case(case: Case, project: Path) -> Result:
    """`sitegen serve` started as from a background job (SIGINT ignored): SIGINT still stops it."""
    result = Result(case.klass, case.name, True)
    command = [
        "setsid",
        "bash",
        "-c",
        'trap "" INT; exec "$@"',
        "bash",
        *SITEGEN,
        "serve",
        "--port",
        "0",
        "--no-search",
    ]
    process = subprocess.Popen(
        command,
        cwd=project,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("serving"):
                break
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            result.problems.append("still running 10 s after SIGINT")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    result.held = not result.problems
    return result


# ---- running ---------------------------------------------------------------------------------

CLASSES: dict[str, Callable[[], list[Case]]] = {
    "text": text_cases,
    "file-name": file_name_cases,
    "number": number_cases,
    "url": url_cases,
    "slug": slug_cases,
    "nesting": nesting_cases,
    "special": special_cases,
    "scans": scan_cases,
    "reserved": reserved_cases,
    "serve": serve_cases,
}


def run_case(case: Case, base: Path, work: Path, before: str) -> Result:
    project = Path(tempfile.mkdtemp(dir=work))
    try:
        shutil.copytree(base, project, symlinks=True, dirs_exist_ok=True)
        if case.command[0] == "serve-sigint-ignored":
            return process_case(case, project)
        if case.command[0] == "serve":
            return judge_serve(case, project)
        return judge(case, project, before)
    finally:
        shutil.rmtree(project, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated groups: " + ", ".join(CLASSES))
    parser.add_argument("--match", help="only cases whose name holds this")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-hostile")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    groups = args.only.split(",") if args.only else list(CLASSES)
    cases = [case for group in groups for case in CLASSES[group]()]
    if args.match:
        cases = [c for c in cases if args.match in c.name]
    if args.list:
        for case in cases:
            print(f"{case.klass:12} {case.name}")
        print(f"{len(cases)} cases")
        return
    args.work.mkdir(parents=True, exist_ok=True)
    base = base_project(args.work)
    before = tree_digest(base / "site")
    start = time.perf_counter()
    results: list[Result] = []
    with ThreadPoolExecutor(args.jobs) as pool:
        for result in pool.map(lambda c: run_case(c, base, args.work, before), cases):
            results.append(result)
            if args.verbose or not result.held:
                mark = "ok  " if result.held else "FAIL"
                print(
                    f"{mark} {result.klass:12} {result.name} ({result.seconds:.1f}s) {'; '.join(result.problems)}",
                    flush=True,
                )
    tried, held = Counter(r.klass for r in results), Counter(r.klass for r in results if r.held)
    print(f"\n{'class':14}{'tried':>7}{'held':>7}")
    for klass in tried:
        print(f"{klass:14}{tried[klass]:7}{held[klass]:7}")
    print(f"{'all':14}{sum(tried.values()):7}{sum(held.values()):7}   in {time.perf_counter() - start:.0f} s")
    ways = Counter(p.split(" (")[0].split(":")[0] for r in results for p in r.problems)
    print(
        f"{len([r for r in results if not r.held])} failed, in {len(ways)} ways: "
        + "; ".join(f"{w} ×{n}" for w, n in ways.most_common())
    )
    out = args.out or args.work / "results.json"
    out.write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
