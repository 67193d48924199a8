"""Every input surface against its contract (SECURITY.md, "Input surfaces"), with hypothesis.

Not collected by itself: `tests/test_surfaces.py` runs this file in a `pytest` process of its own
under a memory cap (RLIMIT_AS, as `ulimit -v 3000000`) and a time bound, one surface at a time, so
that an input that makes a build eat memory fails the test instead of the machine.

The contract, whatever the input: `sitegen build` exits 0 and the site is valid (every HTML, XML
and JSON file parses and holds no character XML or HTML forbids, no file name holds a control
character, no markup got through unescaped, page images are what their names say), and what was
removed or passed over is reported naming the file; or it exits 1 with `error:` lines naming the
file (and line), the last good site unchanged. Never a traceback, never out of memory, never
longer than PER_EXAMPLE seconds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import cache
from pathlib import Path

from click.testing import CliRunner
from hostile_files import (
    CONFIG,
    ISSUE,
    MARKUP,
    jpeg_declaring,
    pdf,
    pil_bytes,
    png,
    site_problems,
    toml_string,
    tree,
    webp_vp8x,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sitegen.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_24bddb6c18fb181e.txt"
PER_EXAMPLE = 90
"""Seconds one build may take (a small project builds in about one)."""
EXAMPLES = int(os.environ.get("SITEGEN_SURFACE_EXAMPLES", "25"))
SURFACE = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=PER_EXAMPLE), derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MD, SIDECAR, SCANS = "seeds/2024-09-20.md", "seeds/2024-09-21.toml", "seeds/2024-09-20"


@cache
def base() -> Path:
    """A project of an issue file (two pages, every field), a text dump with a sidecar, a page, a page
    image and a page PDF, built once."""
    project = Path(tempfile.mkdtemp(prefix="sitegen-surfaces-")) / "base"
    files: dict[str, str | bytes] = {
        "sitegen.toml": CONFIG, MD: ISSUE, "seeds/2024-09-21.txt": SEED.read_text(encoding="utf-8"),
        SIDECAR: 'title = "测试日报"\n[pages]\n1 = "要闻"\n', "pages/about.md": "# 关于本报\n\n> 引文\n",
        f"{SCANS}/01.png": pil_bytes("PNG", (300, 450)), f"{SCANS}/02.pdf": pdf(),
    }
    for name, data in files.items():
        put(project, name, data)
    code, output = build(project)
    assert code == 0, output
    return project


def put(project: Path, name: str, data: str | bytes) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def edit(project: Path, name: str, old: str, new: str) -> None:
    text = (project / name).read_text(encoding="utf-8")
    assert old in text, (name, old)
    (project / name).write_text(text.replace(old, new, 1), encoding="utf-8")


class _Alarm(Exception):
    pass


def _ring(signum: int, frame: object) -> None:
    raise _Alarm


@contextlib.contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail an example that takes longer than seconds (hypothesis's deadline cannot end a hang)."""
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.alarm(seconds)
    try:
        yield
    except _Alarm:
        raise AssertionError(f"no answer within {seconds} s") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build(project: Path) -> tuple[int, str]:
    """`sitegen -q build --no-search` in the project: exit code, and everything it said (warnings too).
    An exception that escapes the command (a traceback) fails here."""
    lines = _Lines()
    logging.getLogger().addHandler(lines)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with within(PER_EXAMPLE):
            result = CliRunner().invoke(main, ["-q", "build", "--no-search"])
    finally:
        os.chdir(cwd)
        logging.getLogger().removeHandler(lines)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"a traceback: {type(result.exception).__name__}: {result.exception}") \
            from result.exception
    return result.exit_code, result.output + "".join(f"{line}\n" for line in lines.lines)


def holds(change: Callable[[Path], None], names: str, *, report: bool = False) -> tuple[int, Path, str]:
    """Apply change to a copy of the built base project and build: the contract holds (names: what an
    error must name; report: the input must also be named when the build succeeds). The exit code, the
    project and what the build said, for further checks."""
    project = Path(tempfile.mkdtemp(prefix="sitegen-surface-")) / "project"
    shutil.copytree(base(), project, symlinks=True)
    before = tree(project / "site")
    change(project)
    code, output = build(project)
    assert code in (0, 1), output
    if code == 1:
        errors = [line for line in output.splitlines() if line.startswith("error: ")]
        assert errors, output
        assert names in output, f"the error does not name {names}: {output}"
        assert tree(project / "site") == before, "the last good site changed"
    else:
        assert not report or names in output, f"nothing said about {names}: {output}"
        problems = site_problems(project / "site")
        assert not problems, problems
    return code, project, output


# ---- TOML values: escapes and odd numbers --------------------------------------------------------

ODD = st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f",
                       "\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\u202e", "\u2066",
                       "\u2028", "\u2029", "\ufeff", "\u200b", "\t", "\n", MARKUP, "]]>", "</script>", "&amp;",
                       "\\", '"'])
VALUES = st.lists(st.one_of(ODD, st.text(max_size=5).filter(lambda t: not re.search("[\ud800-\udfff]", t)),
                            st.sampled_from(["报", "经济", "a"])), min_size=1, max_size=8).map("".join)
PLACES = [(MD, 'title = "测试日报"', "title = {}"), (MD, '2 = "经济"', "2 = {}"),
          (MD, 'kicker = "引题在此"', "kicker = {}"), (MD, 'subtitle = "副题在此"', "subtitle = {}"),
          (MD, 'byline = "本报记者 田新元"', "byline = {}"), (MD, 'authors = ["田新元"]', "authors = [{}]"),
          (MD, 'dateline = "本报讯"', "dateline = {}"), (MD, 'signoff = "（完）"', "signoff = {}"),
          (SIDECAR, 'title = "测试日报"', "title = {}"), (SIDECAR, '1 = "要闻"', "1 = {}"),
          ("sitegen.toml", 'title = "测试日报"', "title = {}"),
          ("sitegen.toml", 'description = "测试用数字报"', "description = {}"),
          ("sitegen.toml", 'base_url = "https://example.org/paper/"', "base_url = {}"),
          ("sitegen.toml", 'repo_url = "https://github.com/owner/paper"', "repo_url = {}"),
          ("sitegen.toml", 'repo_branch = "main"', "repo_branch = {}")]


@SURFACE
@given(st.sampled_from(PLACES), VALUES)
def test_toml_values_with_escapes(place: tuple[str, str, str], value: str) -> None:
    file, old, new = place
    reported = bool(re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0010ffff]", value))
    holds(lambda p: edit(p, file, old, new.format(toml_string(value))), Path(file).name, report=reported)


NUMBERS = st.one_of(st.integers(-(2**70), 2**70), st.integers(-5, 200), st.floats(allow_nan=True),
                    st.sampled_from(["9" * 5000, "-" + "9" * 40, "0x7fffffffffffffff", "1_000", "true", '"4"', "[]"]))
NUMBER_KEYS = ["related_articles", "feed_size", "keywords_per_article", "excerpt_length", "list_page_size",
               "search_shard_size", "search_recent"]


def _toml_number(value: object) -> str:
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value > 0 else "-inf") if abs(value) == float("inf") \
            else repr(value)
    return str(value)


@SURFACE
@given(st.sampled_from(NUMBER_KEYS), NUMBERS)
def test_numbers_in_the_config(key: str, value: object) -> None:
    kept = "".join(line for line in CONFIG.splitlines(keepends=True) if not line.startswith(f"{key} ="))
    holds(lambda p: put(p, "sitegen.toml", kept + f"{key} = {_toml_number(value)}\n"), "sitegen.toml")


PAGE_KEYS = st.one_of(st.text(alphabet="0123456789²０１٣-+e. _x一", min_size=0, max_size=8),
                      st.integers(0, 10**30).map(str), st.just("9" * 5000))


@SURFACE
@given(PAGE_KEYS, st.sampled_from(["issue-file key", "sidecar key", "heading"]))
def test_page_numbers(number: str, where: str) -> None:
    if where == "issue-file key":
        holds(lambda p: edit(p, MD, '2 = "经济"', f"{toml_string(number)} = \"经济\""), "2024-09-20.md")
    elif where == "sidecar key":
        holds(lambda p: edit(p, SIDECAR, '1 = "要闻"', f"{toml_string(number)} = \"要闻\""), "2024-09-21.toml")
    else:
        assume("\n" not in number)
        holds(lambda p: edit(p, MD, "# 第2版", f"# 第{number}版"), "2024-09-20.md")


# ---- slugs -----------------------------------------------------------------------------------------

SLUGS = st.one_of(st.text(alphabet="abz09-_./\\ \n\t\rA界\x00", max_size=120),
                  st.integers(1, 700).map(lambda n: "a" * n), st.sampled_from(["02", "01", "..", "a/b", "abc\n"]))


@SURFACE
@given(SLUGS)
def test_slugs(slug: str) -> None:
    code, project, output = holds(lambda p: edit(p, MD, 'slug = "zhongmei-hezuo"', f"slug = {toml_string(slug)}"),
                                  "2024-09-20.md")
    if code == 1:
        assert re.search(r"seeds/2024-09-20\.md:\d+: ", output), f"a slug's error names its line: {output}"
    else:
        assert (project / "site/2024/09/20" / slug / "index.html").is_file(), "a slug taken is the article's URL"


# ---- Markdown nesting -------------------------------------------------------------------------------

NESTING = st.lists(st.sampled_from(["> ", "- ", "1. ", "* ", "  ", ">"]), max_size=150).map("".join)


@SURFACE
@given(NESTING, st.sampled_from(["page", "issue file"]))
def test_markdown_nesting(prefix: str, where: str) -> None:
    marker = "深层文字不可丢失"
    if where == "page":
        code, project, _ = holds(lambda p: put(p, "pages/about.md", f"# 关于\n\n{prefix}{marker}\n"),
                                 "pages/about.md")
        built = project / "site/about/index.html"
    else:
        code, project, _ = holds(lambda p: edit(p, MD, "> 应对气候变化是全人类的共同使命。", f"{prefix}{marker}"),
                                 "2024-09-20.md")
        built = project / "site/2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/index.html"
    if code == 0:
        assert marker in built.read_text(encoding="utf-8"), "text nested deep was lost silently"


# ---- PDF page boxes ----------------------------------------------------------------------------------

COORDINATE = st.one_of(st.sampled_from([0, 1, 3, 595, 842, 14400, 1e6, 1e9, -600, 1e-6, 1e-30, 99999999999999999999]),
                       st.floats(-1e6, 1e6, allow_nan=False))
BOXES = st.lists(COORDINATE, min_size=4, max_size=4).map(lambda b: " ".join(f"{x:g}" for x in b))


@SURFACE
@given(BOXES, st.none() | BOXES, st.none() | st.sampled_from(["75000", "0", "-1", "1e-9", "1e9", "2"]),
       st.none() | st.sampled_from(["90", "180", "270", "-90", "45", "1000000000"]))
def test_pdf_page_boxes(media: str, crop: str | None, unit: str | None, rotate: str | None) -> None:
    extra = " ".join(x for x in (crop and f"/CropBox [{crop}]", unit and f"/UserUnit {unit}",
                                 rotate and f"/Rotate {rotate}") if x)
    code, project, _ = holds(lambda p: put(p, f"{SCANS}/02.pdf", pdf(media, extra)), "02.pdf")
    if code == 0:
        from PIL import Image

        from sitegen.layout.page_file import MAX_RENDER_PIXELS, MAX_RENDER_SIDE

        with Image.open(project / "site/2024/09/20/02/2024-09-20-02.webp") as image:
            width, height = image.size
        assert width * height <= MAX_RENDER_PIXELS * 1.01 and max(width, height) <= MAX_RENDER_SIDE


# ---- image headers -----------------------------------------------------------------------------------

@st.composite
def images(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["png", "jpeg", "webp", "gif", "bmp", "tiff"]))
    if kind == "png":
        width, height = draw(st.integers(0, 2**31 - 1)), draw(st.integers(0, 2**31 - 1))
        data = png(width, height, rows=1)
    elif kind == "jpeg":
        data = jpeg_declaring(draw(st.integers(0, 65535)), draw(st.integers(0, 65535)))
    elif kind == "webp":
        data = webp_vp8x(draw(st.integers(1, 2**24)), draw(st.integers(1, 2**24)))
    else:
        data = pil_bytes(kind.upper(), (draw(st.integers(1, 64)), draw(st.integers(1, 64))))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return draw(st.sampled_from(["01.png", "01.jpg", "01.jpeg", "01.webp", "01.PNG"])), data


@SURFACE
@given(images())
def test_image_headers(image: tuple[str, bytes]) -> None:
    name, data = image

    def change(project: Path) -> None:
        (project / SCANS / "01.png").unlink()
        put(project, f"{SCANS}/{name}", data)

    holds(change, name)


# ---- file names ----------------------------------------------------------------------------------

NAMES = st.text(st.characters(exclude_characters="/\x00", exclude_categories=["Cs"]), min_size=1, max_size=40)


@SURFACE
@given(NAMES, st.sampled_from(["seeds/{}.txt", "seeds/2024-09-22{}.txt", "pages/{}.md", "assets/{}.css",
                               f"{SCANS}/{{}}.png", "templates/{}.html"]))
def test_file_names(name: str, pattern: str) -> None:
    path = pattern.format(name)
    assume(len(os.fsencode(Path(path).name)) <= 255 and Path(path).name not in (".", ".."))
    data = SEED.read_text(encoding="utf-8") if path.endswith(".txt") else "# x\n" if path.endswith(".md") else \
        pil_bytes("PNG") if path.endswith(".png") else "x"
    holds(lambda p: put(p, path, data), path.rsplit("/", 1)[0])
