"""Articles right, in-process: the shared `articles_right.py`'s own scoring, run on `parse_file`.

The shared tool starts `sitegen parse TEXT --json` once per text; here its `subprocess.run` is
replaced by a parse in this process (in `jobs` worker processes), so the whole corpus is scored in
seconds with exactly the tool's code. `model` parses with the labeller of a model folder instead of
the one shipped in the package (a model trained on other months, `parse_months.py`), or with an
edition's model (`.sitegen/parser-model.crfsuite`, `train_corpus.py`).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.model_json import issue_dict  # noqa: E402
from sitegen.parse import learned, parse_file  # noqa: E402
from sitegen.parse.labeller import Labeller  # noqa: E402

SHARED = ROOT.parent / "shared"
TOOL = SHARED / "tools" / "articles_right.py"


@dataclass(slots=True, frozen=True)
class Score:
    """The tool's figures for one text."""

    text: Path
    gold: int
    right: int
    invented: int
    wrong: int
    """Gold articles found by title but not exactly right."""
    warned: int
    """Of those, how many have a warning (doubt ≥ 0.4) on their lines."""
    warnings: int
    on_wrong: int
    """Warnings that sit on a wrong article."""

    @property
    def silent(self) -> int:
        return self.wrong - self.warned


def _tool(path: Path = TOOL):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("articles_right", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class InProcess:
        @staticmethod
        def run(cmd, **_kwargs):  # type: ignore[no-untyped-def]
            out = json.dumps(issue_dict(parse_file(Path(cmd[2]))), ensure_ascii=False)
            return subprocess.CompletedProcess(cmd, 0, out, "")

    module.subprocess = InProcess
    return module


_module = None


def _init(model: str | None, tool: str | None = None) -> None:
    global _module
    _module = _tool(Path(tool)) if tool else _tool()
    if model and model.endswith(".crfsuite"):
        learned.use(Path(model))  # an edition's model (`sitegen train`), over the shipped one
    else:
        learned.use(Labeller.shipped(Path(model)) if model else None)


def _score(text: Path) -> Score:
    assert _module is not None
    gold, right, invented, (wrong, warned, warnings, on_wrong) = _module.score(str(text))
    return Score(text, gold, right, invented, wrong, warned, warnings, on_wrong)


def score_texts(texts: list[Path], model: Path | None = None, jobs: int = 2, tool: Path = TOOL) -> list[Score]:
    """Each text scored by the shared tool's code (or a copy of it), parsed with the given model
    folder (or the package's)."""
    setup = (str(model) if model else None, str(tool))
    if jobs == 1:
        _init(*setup)
        try:
            return [_score(t) for t in texts]
        finally:
            learned.use_found()
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=setup) as pool:
        return list(pool.map(_score, texts))


def group_of(text: Path) -> tuple[str, str]:
    """(group, layout) of a text: its month for the 2026 corpus (`2026-05`), else `2017` or `seed`;
    `pages` or `plain`."""
    name = text.name
    group = name[5:12] if name.startswith("rmrb-2026") else "2017" if name.startswith("rmrb-2017") else "seed"
    return group, "pages" if name.endswith("-pages.txt") else "plain"


def line(label: str, scores: list[Score]) -> str:
    gold = sum(s.gold for s in scores)
    right = sum(s.right for s in scores)
    invented = sum(s.invented for s in scores)
    wrong = sum(s.wrong for s in scores)
    warned = sum(s.warned for s in scores)
    warnings = sum(s.warnings for s in scores)
    on_wrong = sum(s.on_wrong for s in scores)
    return (f"{label:14} right={right / gold:.3f} of {gold:5}  invented={invented:4} ({invented / gold:.3f})  "
            f"silent={wrong - warned:4}  warnings/10={warnings / gold * 10:.2f}  "
            f"on-wrong={on_wrong / max(warnings, 1):.2f}  wrong-warned={warned / max(wrong, 1):.2f}")


def report(scores: list[Score]) -> str:
    """One line for everything, then per month and per layout."""
    groups: dict[str, list[Score]] = defaultdict(list)
    corpus = [s for s in scores if group_of(s.text)[0].startswith("2026")]
    for s in scores:
        group, layout = group_of(s.text)
        groups[group].append(s)
        if group.startswith("2026"):
            groups[layout].append(s)
    lines = [line("rmrb-2026", corpus)] if corpus else []
    return "\n".join(lines + [line(k, v) for k, v in sorted(groups.items())])
