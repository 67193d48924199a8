"""Two sitegens side by side: a git ref (default `main`) against this checkout, on one generated edition.

Each scenario runs for both, one right after the other, on copies of the same edition (each with its
own .sitegen-cache/ and site/), so a loaded machine slows both alike; the table gives the ratios
this/ref of wall time and of CPU time (user + system, children included; < 1 means this checkout is
faster), and the phases each logged. Scenarios, all `sitegen build --no-search`:

    cold        no .sitegen-cache/, no site/
    warm        site/ removed, .sitegen-cache/ kept: every file made and written again
    edit        one sentence appended to one paragraph of one seed (benchmarks/bench.py's edit)
    no-op       again, nothing changed
    new issue   the newest real issue of ../shared/corpus/rmrb-2026 added (the edition ends the day before
                it), built before without it

The ref is exported with `git archive` into the work directory and run by this environment's Python
with PYTHONPATH pointing at it (its dependencies must be installed here, as after a merge of it).
With `--repeat R` each scenario runs R times per side and the fastest run is kept.

    .venv/bin/python benchmarks/versus.py 3000                 # main against this checkout
    .venv/bin/python benchmarks/versus.py 3000 --ref 9f63f4a --repeat 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bench import (
    CORPUS_SEED,
    DEFAULT_WORK,
    ROOT,
    Run,
    append_sentence,
    generate,
    measure,
    middle_seed,
    new_issue_file,
    remove,
)

SCENARIOS = ("cold", "warm", "edit", "no-op", "new issue")


def export(ref: str, work: Path) -> Path:
    """The tree of a git ref, exported once per commit."""
    commit = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    tree = work / f"tree-{commit[:12]}"
    if not (tree / "sitegen").is_dir():
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


class Side:
    """One sitegen (its source tree) building its own copy of the edition."""

    def __init__(self, name: str, tree: Path, edition: Path, project: Path) -> None:
        self.name, self.tree, self.project = name, tree, project
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(edition, project, ignore=shutil.ignore_patterns(".sitegen-cache", "site", ".generated"))
        self.env = {**os.environ, "PYTHONPATH": str(tree)}
        self.cmd = [sys.executable, "-c", "from sitegen.cli import main; main()", "build", "--no-search"]
        check = subprocess.run([sys.executable, "-c", "import sitegen; print(sitegen.__file__)"], env=self.env,
                               cwd=project, capture_output=True, text=True, check=True).stdout.strip()
        assert check.startswith(str(tree)), f"{name} imports {check}, not from {tree}"
        usage = subprocess.run([*self.cmd[:-1], "--help"], env=self.env, cwd=project, capture_output=True,
                               text=True, check=True).stdout
        if "--verbose" in usage:  # its phases are printed off a terminal only when asked
            self.cmd.append("--verbose")

    def run(self, scenario: str, times: int, before: Callable[[], None] = lambda: None) -> Run:
        runs = []
        for _ in range(times):
            before()
            runs.append(measure(f"{self.name} {scenario}", self.cmd, self.project, self.env))
        return min(runs, key=lambda r: r.wall)

    def quietly(self) -> None:
        subprocess.run(self.cmd, cwd=self.project, env=self.env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)


def scenario_steps(side: Side) -> dict[str, tuple[Callable[[], None], Callable[[], None]]]:
    """Per scenario: what to do before each run, and after the last."""
    project = side.project
    seed = middle_seed(project)
    original = seed.read_bytes()
    source = new_issue_file()
    added = project / "seeds" / CORPUS_SEED.sub(r"\1.txt", source.name)

    def without_new() -> None:
        added.unlink(missing_ok=True)
        side.quietly()
        shutil.copyfile(source, added)

    def restore() -> None:
        seed.write_bytes(original)
        added.unlink(missing_ok=True)
        side.quietly()

    nothing = lambda: None  # noqa: E731
    return {
        "cold": (lambda: remove(project / ".sitegen-cache", project / "site"), nothing),
        "warm": (lambda: remove(project / "site"), nothing),
        "edit": (lambda: append_sentence(seed), nothing),
        "no-op": (nothing, restore),
        "new issue": (without_new, restore),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=int, nargs="?", default=3000)
    parser.add_argument("--ref", default="main", help="the git ref to compare with (default main)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    edition = generate(args.articles, args.work)
    print(f"load before: {os.getloadavg()[0]:.1f}", flush=True)
    sides = [Side(f"ref {args.ref}", export(args.ref, args.work), edition, args.work / "versus-ref"),
             Side("this", ROOT, edition, args.work / "versus-this")]
    steps = [scenario_steps(side) for side in sides]
    results: dict[str, list[Run]] = {}
    for scenario in SCENARIOS:
        results[scenario] = [side.run(scenario, args.repeat, step[scenario][0])
                             for side, step in zip(sides, steps, strict=True)]
        for step in steps:
            step[scenario][1]()
    print(f"load after: {os.getloadavg()[0]:.1f}\n")
    print(f"| scenario ({args.articles} articles) | wall: ref | this | this/ref | CPU: ref | this | this/ref |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for scenario, (ref, this) in results.items():
        print(f"| {scenario} | {ref.wall:.2f} | {this.wall:.2f} | {this.wall / ref.wall:.2f} | {ref.cpu:.2f} | "
              f"{this.cpu:.2f} | {this.cpu / max(ref.cpu, 0.01):.2f} |")
    print("\nphases (s), ref / this:")
    for runs in results.values():
        for run in runs:
            print(f"  {run.name}: " + ", ".join(f"{k} {v:.2f}" for k, v in run.phases.items()))
    failed = [run.name for runs in results.values() for run in runs if run.status != 0]
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
