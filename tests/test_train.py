"""`sitegen train`: an edition's corrected issues teach the parser its layout.

The lesson used here is a real one: three issues of the 2026 corpus (tests/fixtures/rmrb-2026) as
a narrow-column paper prints them, every long line of the dump broken into lines of 11 characters.
The shipped model reads many such short lines as standing apart (subheads, ends of paragraphs); two
corrected issues teach a model stacked over it that on this paper they run on, and the third
issue, never seen, parses into many more of its real paragraphs.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_PATH, clean_site, differences, snapshot
from test_serve import serving, wait_until

from sitegen.cli import main
from sitegen.config import load_config
from sitegen.make import build
from sitegen.make.load import parse
from sitegen.model import Issue
from sitegen.parse import learned, parse_file
from sitegen.parse.units import squeeze
from sitegen.record.graph import Graph
from sitegen.train.edition import train, train_project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rmrb-2026"
DAYS = ("05-07", "06-07", "06-23")
COLUMN = 11
"""Characters per printed line of the narrow-column paper."""


def _gold_issue_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gold_issue", ROOT / "benchmarks" / "gold_issue.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gold_issue", module)
    spec.loader.exec_module(module)
    return module


gold_issue = _gold_issue_module()


def narrow(text: str) -> str:
    """The dump as a narrow-column paper prints it: every line longer than two columns broken."""
    lines = []
    for line in text.split("\n"):
        lines += [line[i:i + COLUMN] for i in range(0, len(line), COLUMN)] if len(line) > 2 * COLUMN else [line]
    return "\n".join(lines)


def narrow_project(root: Path, corrected: tuple[str, ...] = DAYS[:2]) -> Path:
    """A project of the three narrow issues, the first two with their corrected issue files."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    (root / "sitegen.toml").write_text('title = "窄栏报"\n', encoding="utf-8")
    for day in DAYS:
        txt = seeds / f"rmrb-2026-{day}.txt"
        txt.write_text(narrow((FIXTURES / f"rmrb-2026-{day}-pages.txt").read_text(encoding="utf-8")), encoding="utf-8")
        if day in corrected:
            gold_issue.write_gold_issue(FIXTURES / f"rmrb-2026-{day}.gold.json", txt, txt.with_suffix(".md"))
    return root


def paragraphs_found(issue: Issue, day: str) -> int:
    """How many of the day's real paragraphs the parse holds, exactly."""
    gold = gold_issue.gold_issue(FIXTURES / f"rmrb-2026-{day}.gold.json", FIXTURES / f"rmrb-2026-{day}-pages.txt")
    made = {squeeze(b.text) for a in issue.articles for b in a.blocks if b.kind == "paragraph"}
    return sum(squeeze(b.text) in made for a in gold.articles for b in a.blocks if b.kind == "paragraph")


@pytest.fixture(autouse=True)
def _models_found_beside_seeds() -> Iterator[None]:
    learned.use_found()
    yield
    learned.use_found()


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The narrow project after `sitegen train`."""
    project = narrow_project(tmp_path_factory.mktemp("narrow"))
    train([(project / "seeds" / f"rmrb-2026-{d}.txt", project / "seeds" / f"rmrb-2026-{d}.md") for d in DAYS[:2]],
          project / ".sitegen" / "parser-model.crfsuite")
    return project


@pytest.mark.slow
def test_corrections_teach_the_parser_a_narrow_column_layout(trained: Path) -> None:
    third = trained / "seeds" / f"rmrb-2026-{DAYS[2]}.txt"
    with_model = parse_file(third)  # the model is found in the project's .sitegen/
    learned.use(None)
    shipped_alone = parse_file(third)
    facts = json.loads((trained / ".sitegen" / "parser-model.json").read_text(encoding="utf-8"))
    assert facts["held_out"]["stacked"] > facts["held_out"]["shipped"]
    before, after = paragraphs_found(shipped_alone, DAYS[2]), paragraphs_found(with_model, DAYS[2])
    assert after >= 2 * before + 20, (before, after)
    assert any(w.code == "column-join" for w in with_model.warnings)  # every learned join is still reported


@pytest.mark.slow
def test_a_model_trained_between_builds_is_what_the_next_build_and_the_preview_parse_with(tmp_path: Path) -> None:
    """Issue 20's stale case: three narrow issues, two corrected as issue files; build, train, build.
    The second build equals a clean one (it used to keep the parse made without the model: 683 files
    differed), and `sitegen serve`, running all the while, rebuilds with the model too."""
    project = narrow_project(tmp_path / "narrow")
    config = load_config(None, base_url=BASE_PATH, cwd=project)
    build(config, search=False)
    untrained = snapshot(project / "site")
    with serving(project) as session:
        preview = session.output
        assert differences(snapshot(preview), untrained) == []
        train_project(project / "sitegen.toml")
        report = build(config, search=False)
        clean = clean_site(project, tmp_path)
        assert not report.unchanged and differences(snapshot(project / "site"), clean) == []
        assert len(differences(untrained, clean)) > 50, "the model changes what the third issue's pages say"
        wait_until(lambda: differences(snapshot(preview), clean) == [], timeout=120)


def test_training_is_deterministic_and_a_retrained_model_is_a_new_parse(trained: Path, tmp_path: Path) -> None:
    config = load_config(trained / "sitegen.toml")
    third = trained / "seeds" / f"rmrb-2026-{DAYS[2]}.txt"
    model = trained / ".sitegen" / "parser-model.json"
    graph = Graph()
    read = graph.intern(parse(third, config)[1])
    assert ("file", str(model)) in dict(read), "the parse read the model's facts"

    def parse_holds() -> bool:
        """The parse's record holds: nothing it read gives something else now."""
        graph.begin(config)
        return graph.holds(read)

    again = tmp_path / ".sitegen" / "parser-model.crfsuite"
    train([(trained / "seeds" / f"rmrb-2026-{d}.txt", trained / "seeds" / f"rmrb-2026-{d}.md") for d in DAYS[:2]],
          again)
    assert again.read_bytes() == model.with_name("parser-model.crfsuite").read_bytes()
    assert again.with_name("parser-model.json").read_bytes() == model.read_bytes()
    assert parse_holds()
    kept = model.read_bytes()
    try:
        model.write_bytes(kept.replace(b'"lines": ', b'"lines": 1'))
        assert not parse_holds()
    finally:
        model.write_bytes(kept)
    assert parse_holds()


def test_train_without_corrected_issues_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["train"])
    assert result.exit_code == 1
    assert result.output.startswith("error: seeds: no corrected issues to learn from")
    assert result.output.count("\n") == 1
    assert not (tmp_path / ".sitegen").exists()


def test_a_bad_corrected_issue_is_one_line_naming_file_and_line(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    narrow_project(tmp_path)
    md = tmp_path / "seeds" / "rmrb-2026-05-07.md"
    lines = md.read_text(encoding="utf-8").split("\n")
    at = lines.index("```toml") + 1
    lines.insert(at, 'kickr = "眉题"')
    md.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["train"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: seeds/rmrb-2026-05-07.md:{at + 1}: ")
    assert "kickr" in result.output and result.output.count("\n") == 1
    assert not (tmp_path / ".sitegen").exists()


def test_an_issue_file_of_another_issue_is_no_correction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    narrow_project(tmp_path, corrected=DAYS[:1])
    seeds = tmp_path / "seeds"
    (seeds / "rmrb-2026-05-07.md").rename(seeds / "rmrb-2026-06-07.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["train"])
    assert result.exit_code == 1
    assert result.output.startswith("error: seeds/rmrb-2026-06-07.md:1: only ")
    assert "not a correction of that dump" in result.output and result.output.count("\n") == 1


def test_a_damaged_model_is_an_error_of_the_seed_not_a_traceback(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    narrow_project(tmp_path, corrected=())
    model = tmp_path / ".sitegen" / "parser-model.crfsuite"
    model.parent.mkdir()
    model.write_bytes(b"not a model")
    model.with_name("parser-model.json").write_text('{"overrules": []}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["parse", "seeds/rmrb-2026-05-07.txt"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {model}: not a trained parser model")
    assert result.output.count("\n") == 1


def test_without_a_model_of_its_own_a_project_parses_with_the_shipped_one(tmp_path: Path) -> None:
    narrow_project(tmp_path, corrected=())
    seed = tmp_path / "seeds" / "rmrb-2026-05-07.txt"
    found = parse_file(seed)
    learned.use(None)
    assert parse_file(seed) == found


def test_one_corrected_issue_is_no_held_out_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    narrow_project(tmp_path, corrected=DAYS[:1])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["train"])
    assert result.exit_code == 1
    assert result.output.startswith("error: seeds/rmrb-2026-05-07.md: one corrected issue is no held-out test")
    assert result.output.count("\n") == 1
    assert not (tmp_path / ".sitegen").exists()


def test_an_issue_file_still_holding_converts_warnings_is_no_correction(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    narrow_project(tmp_path)
    md = tmp_path / "seeds" / "rmrb-2026-06-07.md"
    lines = md.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("### "))
    lines.insert(at, "<!-- headline-guess: this headline may be a subhead of the story above [doubt 0.7] -->")
    md.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["train"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: seeds/rmrb-2026-06-07.md:{at + 1}: still holds a warning")
    assert result.output.count("\n") == 1
    assert not (tmp_path / ".sitegen").exists()
