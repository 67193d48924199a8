"""What the parser accepts and how it refuses: bad files, encodings, layouts, sidecars, size.

Bad input goes through the real command (`sitegen parse`): exit status 1, one `error: …` line
naming the file, no traceback unless `--debug`.
"""

from __future__ import annotations

import codecs
import importlib.util
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sitegen.cli import main
from sitegen.errors import SitegenError
from sitegen.parse import parse_file

ROOT = Path(__file__).parents[1]
SEED = ROOT / "seeds" / "000_24bddb6c18fb181e.txt"
HEADLINE = "开展循环经济合作 营造有利“大气候”"


def sitegen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def parse_json(path: Path) -> dict:
    result = sitegen("parse", str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def seed_copy(directory: Path, text: str | None = None, name: str = SEED.name) -> Path:
    """The seed (or text) written under directory/seeds/ with the given file name."""
    path = directory / "seeds" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SEED.read_text(encoding="utf-8") if text is None else text, encoding="utf-8")
    return path


# -- bad input ------------------------------------------------------------------------------------

BAD_INPUT = {
    "empty": (b"", "{path}: the file is empty (no text to parse)"),
    "whitespace-only": (" \n\n\t\u3000\n\r\n".encode(), "{path}: the file is empty (no text to parse)"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
               "{path}: binary file (NUL byte at offset 8), not text"),
    "undecodable": ("开展循环经济合作\n\n建设绿色".encode() + b"\xff\xfe" + "家园。\n".encode(),
                    "{path}: cannot decode as UTF-8 or GB18030: invalid byte 0xff at offset 38"),
    "not-chinese-gb18030": (b"abc \x81\x40 def\n",
                            "{path}: not UTF-8 (invalid byte 0x81 at offset 4) and not plausible GB18030 text"),
    "headline-only": (f"\n\n{HEADLINE}\n".encode(),
                      f"{{path}}:3: no article text: only a headline («{HEADLINE}») and nothing under it"),
    "missing": (None, "{path}: no such file"),
    "directory": (None, "{path}: is a directory, not a seed file"),
    "utf-16 with a lone surrogate": (codecs.BOM_UTF16_LE + "标题".encode("utf-16-le") + b"\x00\xd8",
                                     "{path}: cannot decode as utf-16-le: invalid byte 0x00 at offset 6"),
}


def bad_file(tmp_path: Path, case: str) -> tuple[Path, str]:
    data, message = BAD_INPUT[case]
    path = tmp_path / f"{case}.txt"
    if case == "directory":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    return path, message.format(path=path)


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_one_error_line_naming_the_file(tmp_path: Path, case: str) -> None:
    path, message = bad_file(tmp_path, case)
    result = sitegen("parse", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"error: {message}\n"
    assert result.stdout == ""
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_under_debug_raises_the_error_itself(tmp_path: Path, case: str) -> None:
    path, message = bad_file(tmp_path, case)
    result = sitegen("parse", str(path), "--debug")
    assert result.exit_code == 1
    assert isinstance(result.exception, SitegenError), result.exception
    assert str(result.exception) == message


def test_installed_command_prints_no_traceback_unless_debug(tmp_path: Path) -> None:
    command = shutil.which("sitegen", path=str(Path(sys.executable).parent)) or shutil.which("sitegen")
    assert command, "no installed `sitegen` entry point (pip install -e .)"
    path, message = bad_file(tmp_path, "undecodable")
    plain = subprocess.run([command, "parse", str(path)], capture_output=True, text=True, timeout=120)
    assert (plain.returncode, plain.stdout, plain.stderr) == (1, "", f"error: {message}\n")
    debug = subprocess.run([command, "--debug", "parse", str(path)], capture_output=True, text=True, timeout=120)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.rstrip().endswith(f"sitegen.errors.ParseError: {message}")


# -- encodings and layouts -------------------------------------------------------------------------


def without_lines(articles: list[dict]) -> list[dict]:
    """Articles without their line numbers (a layout without blank lines numbers lines differently)."""
    return [{k: v for k, v in a.items() if k != "line"}
            | {"blocks": [{k: v for k, v in b.items() if k != "line"} for b in a["blocks"]]} for a in articles]


@pytest.fixture(scope="module")
def utf8_parse() -> dict:
    return parse_json(SEED)


@pytest.mark.parametrize(("variant", "encode"), [
    ("utf-8 with BOM", lambda text: text.encode("utf-8-sig")),
    ("CRLF", lambda text: text.replace("\n", "\r\n").encode("utf-8")),
    ("BOM and CRLF", lambda text: text.replace("\n", "\r\n").encode("utf-8-sig")),
    ("CR", lambda text: text.replace("\n", "\r").encode("utf-8")),
    ("GB18030", lambda text: text.encode("gb18030")),
    ("GBK", lambda text: text.encode("gbk")),
    ("GBK and CRLF", lambda text: text.replace("\n", "\r\n").encode("gbk")),
    ("UTF-16 LE with BOM (Notepad's Unicode)", lambda text: text.replace("\n", "\r\n").encode("utf-16")),
    ("UTF-16 BE with BOM", lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
])
def test_encodings_and_newlines_parse_like_utf8(tmp_path: Path, utf8_parse: dict, variant: str, encode) -> None:
    path = tmp_path / SEED.name
    path.write_bytes(encode(SEED.read_text(encoding="utf-8")))
    sidecar = SEED.with_suffix(".toml")
    if sidecar.exists():  # the seed's date and title, as beside the UTF-8 original
        path.with_suffix(".toml").write_bytes(sidecar.read_bytes())
    parse = parse_json(path)
    assert parse["articles"] == utf8_parse["articles"]
    assert parse["warnings"] == utf8_parse["warnings"]


def test_gb18030_only_characters_are_decoded(tmp_path: Path) -> None:
    """GB18030 is read as GB18030, not GBK: 𠮷 (four bytes) and € survive."""
    path = tmp_path / "issue.txt"
    path.write_bytes(f"{HEADLINE}\n\n□ 本报记者 田新元\n\n𠮷野家在北京开店，售价10€。\n".encode("gb18030"))
    [article] = parse_json(path)["articles"]
    assert article["blocks"][0]["text"] == "𠮷野家在北京开店，售价10€。"


def one_line_paragraphs(text: str) -> str:
    """The seed as 一行一段: no blank lines, every paragraph (a long line, or one ending a sentence)
    indented with two full-width spaces; headlines, labels and bylines stay flush left."""
    out = []
    for line in text.split("\n"):
        flat = "".join(line.split())
        if flat:
            paragraph = len(flat) > 40 or flat.endswith(("。", "”", "！", "？"))
            out.append(f"\u3000\u3000{line}" if paragraph else line)
    return "\n".join(out) + "\n"


def test_one_line_paragraphs_indented_with_full_width_spaces_parse_alike(tmp_path: Path, utf8_parse: dict) -> None:
    converted = one_line_paragraphs(SEED.read_text(encoding="utf-8"))
    assert "\n\n" not in converted and converted.count("\u3000\u3000") >= 50
    parse = parse_json(seed_copy(tmp_path, converted))
    assert without_lines(parse["articles"]) == without_lines(utf8_parse["articles"])


def test_indented_paragraphs_without_blank_lines_are_split_at_each_indent(tmp_path: Path) -> None:
    path = tmp_path / "issue.txt"
    path.write_text(textwrap.dedent("""\
        稳住外贸基本盘
        □ 本报记者 王明
        \u3000\u3000今年以来，外贸进出口保持稳定增长。
        \u3000\u3000一季度，全国进出口总值同比增长5%。
        \u3000\u3000专家表示，外贸企业信心正在恢复。
        """), encoding="utf-8")
    [article] = parse_json(path)["articles"]
    assert (article["title"], article["byline"]) == ("稳住外贸基本盘", "本报记者 王明")
    assert [(b["type"], b["text"]) for b in article["blocks"]] == [
        ("paragraph", "今年以来，外贸进出口保持稳定增长。"),
        ("paragraph", "一季度，全国进出口总值同比增长5%。"),
        ("paragraph", "专家表示，外贸企业信心正在恢复。"),
    ]


# -- sidecar metadata and dates ---------------------------------------------------------------------

STORY = textwrap.dedent("""\
    第02版

    经济观察

    稳住外贸基本盘

    本报记者 王明

    今年以来，外贸进出口保持稳定增长。
    """)


def test_sidecar_sets_date_title_page_names_and_columns(tmp_path: Path) -> None:
    seed = seed_copy(tmp_path, STORY, "story.txt")
    without = parse_json(seed)
    assert without["articles"][0]["kicker"] == "经济观察"  # the heuristics alone take it for a kicker
    seed.with_suffix(".toml").write_text(textwrap.dedent("""\
        date = 2024-09-20
        title = "中国经济导报 2024年9月20日"
        columns = ["经济观察"]

        [pages]
        2 = "要闻"
        """), encoding="utf-8")
    parse = parse_json(seed)
    assert parse["issue"] == {"id": "story", "date": "2024-09-20", "title": "中国经济导报 2024年9月20日"}
    assert parse["pages"] == [{"number": 2, "name": "要闻"}]
    [article] = parse["articles"]
    assert (article["section"], article["kicker"], article["page"]) == ("经济观察", None, {"number": 2, "name": "要闻"})
    assert "undated" not in [w["code"] for w in parse["warnings"]]


def test_sidecar_dates_the_seed(tmp_path: Path) -> None:
    seed = seed_copy(tmp_path)
    seed.with_suffix(".toml").write_text('date = 2024-09-20\ntitle = "中国经济导报"\n', encoding="utf-8")
    parse = parse_json(seed)
    assert parse["issue"] == {"id": "000-24bddb6c18fb181e", "date": "2024-09-20", "title": "中国经济导报"}
    assert len(parse["articles"]) == 6


def test_sidecar_unknown_key_is_an_error_naming_key_and_file(tmp_path: Path) -> None:
    seed = seed_copy(tmp_path)
    sidecar = seed.with_suffix(".toml")
    sidecar.write_text('date = 2024-09-20\ncolour = "red"\n', encoding="utf-8")
    result = sitegen("parse", str(seed))
    assert result.exit_code == 1
    assert result.stderr == f"error: {sidecar}: unknown key 'colour' (known: columns, date, pages, title)\n"


def test_sidecar_problems_are_reported_together(tmp_path: Path) -> None:
    seed = seed_copy(tmp_path)
    sidecar = seed.with_suffix(".toml")
    sidecar.write_text('date = "yesterday"\nedition = 3\ncolumns = "要闻速递"\n', encoding="utf-8")
    result = sitegen("parse", str(seed))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {sidecar}: unknown key 'edition' (known: columns, date, pages, title)\n"
        f"{sidecar}: 'date' must be a date like 2024-09-20\n"
        f"{sidecar}: 'columns' must be a list of strings\n"
    )


def test_sidecar_that_is_not_toml_is_an_error(tmp_path: Path) -> None:
    seed = seed_copy(tmp_path)
    sidecar = seed.with_suffix(".toml")
    sidecar.write_text("date = \n", encoding="utf-8")
    result = sitegen("parse", str(seed))
    assert result.exit_code == 1
    assert result.stderr == f"error: {sidecar}:1: invalid TOML: Invalid value\n"


def test_unreadable_sidecar_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    seed = seed_copy(tmp_path)
    sidecar = seed.with_suffix(".toml")
    sidecar.mkdir()
    result = sitegen("parse", str(seed))
    assert result.exit_code == 1
    assert result.stderr == f"error: {sidecar}: is a directory, not a sidecar file\n"


def test_date_in_the_file_name_dates_the_issue(tmp_path: Path) -> None:
    parse = parse_json(seed_copy(tmp_path, name="rmrb-2024-09-20.txt"))
    assert parse["issue"] == {"id": "rmrb-2024-09-20", "date": "2024-09-20", "title": "2024年9月20日"}
    assert "undated" not in [w["code"] for w in parse["warnings"]]


def test_sidecar_date_wins_over_the_file_name(tmp_path: Path) -> None:
    seed = seed_copy(tmp_path, name="2024-09-20.txt")
    seed.with_suffix(".toml").write_text("date = 2024-09-21\n", encoding="utf-8")
    assert parse_json(seed)["issue"]["date"] == "2024-09-21"


# -- size ---------------------------------------------------------------------------------------


def load_benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("parse_scaling", ROOT / "benchmarks" / "parse_scaling.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_twenty_megabyte_issue_parses(tmp_path: Path) -> None:
    """The seed repeated to 20 MB (headlines made unique, as benchmarks/parse_scaling.py does)."""
    scaling = load_benchmark()
    text, copies = scaling.generate(20)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 20_000_000
    issue = parse_file(path)
    titles = scaling.seed_titles()
    assert len(issue.articles) == len(titles) * copies
    assert [a.title for a in issue.articles[-len(titles):]] == [scaling.place_prefix(copies - 1) + t for t in titles]
    assert len({a.id for a in issue.articles}) == len(issue.articles)
    assert sum(len(a.blocks) for a in issue.articles) == copies * sum(len(a.blocks) for a in parse_file(SEED).articles)
