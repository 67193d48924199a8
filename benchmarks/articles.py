"""Articles right, in-process: the shared `articles_right.py`'s own scoring, run on `parse_file`.

The shared tool starts `sitegen parse TEXT --json` once per text; here its `subprocess.run` is
replaced by a parse in this process (in `jobs` worker processes), so the whole corpus is scored in
seconds with exactly the tool's code. `model` parses with the labeller of a model folder instead of
the one shipped in the package (a model trained on other months, `parse_months.py`).
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


def _init(model: str | None) -> None:
    global _module
    _module = _tool()
    learned.use(Labeller.shipped(Path(model)) if model else None)


def _score(text: Path) -> Score:
    assert _module is not None
    gold, right, invented, (wrong, warned, warnings, on_wrong) = _module.score(str(text))
    return Score(text, gold, right, invented, wrong, warned, warnings, on_wrong)


def score_texts(texts: list[Path], model: Path | None = None, jobs: int = 2) -> list[Score]:
    """Each text scored by the shared tool's code, parsed with the given model folder (or the
    package's)."""
    if jobs == 1:
        _init(str(model) if model else None)
        return [_score(t) for t in texts]
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(str(model) if model else None,)) as pool:
        return list(pool.map(_score, texts))


def group_of(text: Path) -> tuple[str, str]:
    """(month, layout) of a corpus text: `2026-05`, `pages` or `plain`."""
    name = text.name
    month = name[5:12] if name.startswith("rmrb-2026") else name.split(".")[0]
    return month, "pages" if name.endswith("-pages.txt") else "plain"


def line(label: str, scores: list[Score]) -> str:
    gold = sum(s.gold for s in scores)
    right = sum(s.right for s in scores)
    invented = sum(s.invented for s in scores)
    wrong = sum(s.wrong for s in scores)
    warned = sum(s.warned for s in scores)
    warnings = sum(s.warnings for s in scores)
    on_wrong = sum(s.on_wrong for s in scores)
    return (f"{label:14} right={right / gold:.3f} of {gold:5}  invented={invented:4} ({invented / gold:.3f})  "
            f"silent={wrong - warned:4}  warnings/10={warnings / gold * 10:.2f}  on-wrong={on_wrong / max(warnings, 1):.2f}"
            f"  wrong-warned={warned / max(wrong, 1):.2f}")


def report(scores: list[Score]) -> str:
    """One line for everything, then per month and per layout."""
    groups: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        month, layout = group_of(s.text)
        groups[month].append(s)
        groups[layout].append(s)
    return "\n".join([line("all", scores)] + [line(k, v) for k, v in sorted(groups.items())])
