"""SIGKILL at many points of real `sitegen build` processes (fresh builds, updates, --clean): the site
is at every instant exactly the old site or the new one, no process outlives the killed build, the
lock it held is free, and the next build removes what it left and leaves nothing behind.

Two versions of a five-issue edition (the second with an edited headline, which moves an article's
URL, and a paragraph fewer) take turns; each run is killed after a random delay over the length of a
whole build (seeded: the same points every run). Between kills nothing is repaired by hand: every
build starts from whatever the killed one left.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BASE_PATH, dated_project

REPO = Path(__file__).resolve().parent.parent
KILLS = 30
ORPHAN_WAIT = 3.0
"""Seconds the killed build's children have to be gone (PR_SET_PDEATHSIG kills them at once)."""
BUILD_TIMEOUT = 300.0
HEADLINE = "开展循环经济合作 营造有利“大气候”"


def tree(site: Path) -> dict[str, bytes] | None:
    """Every file and directory under site (None: no site)."""
    if not site.exists():
        return None
    found: dict[str, bytes] = {}
    for directory, _dirs, files in os.walk(site):
        relative = Path(directory).relative_to(site).as_posix()
        found[f"{relative}/"] = b""
        for name in files:
            found[f"{relative}/{name}"] = Path(directory, name).read_bytes()
    return found


def start_build(project: Path, *extra: str, search: bool = False) -> subprocess.Popen[bytes]:
    """`sitegen build` in a process (and process group) of its own."""
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "-q", "build",
               *([] if search else ["--no-search"]),
               "--base-url", BASE_PATH, "-j", "2", *extra]
    return subprocess.Popen(command, cwd=project, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def build(project: Path, *extra: str, search: bool = False) -> float:
    """Run a whole build; its seconds (a build that fails or takes too long is killed with its group)."""
    start = time.perf_counter()
    process = start_build(project, *extra, search=search)
    try:
        out, err = process.communicate(timeout=BUILD_TIMEOUT)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == 0, err.decode()
    return time.perf_counter() - start


def group_members(group: int) -> list[int]:
    """Processes still in a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def orphans_after_kill(process: subprocess.Popen[bytes]) -> list[int]:
    """Kill the build's own process only (its children are left to die by themselves); the processes of
    its group still there after ORPHAN_WAIT (each then killed, so that the test cleans up)."""
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    deadline = time.monotonic() + ORPHAN_WAIT
    while (left := group_members(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def versions(project: Path) -> list[dict[Path, bytes]]:
    """The seeds of the two versions of the edition."""
    seeds = sorted((project / "seeds").glob("*.txt"))
    first = {path: path.read_bytes() for path in seeds}
    second = {}
    for path, data in first.items():
        text = data.decode()
        paragraphs = text.split("\n\n")
        text = "\n\n".join(p for n, p in enumerate(paragraphs) if n != 9)
        second[path] = text.replace(HEADLINE, "开展循环经济合作 共建绿色家园", 1).encode()
    return [first, second]


def put(version: dict[Path, bytes]) -> None:
    for path, data in version.items():
        path.write_bytes(data)


@pytest.mark.slow
@pytest.mark.parametrize(("kills", "search"), [(KILLS, False), (KILLS // 4, True)], ids=["no-search", "search"])
def test_sigkill_at_any_point_leaves_the_old_or_the_new_site(tmp_path: Path, kills: int, search: bool) -> None:
    project = dated_project(tmp_path / "project")
    site = project / "site"
    editions = versions(project)
    sites, seconds = [], []
    for version in editions:
        put(version)
        seconds.append(build(project, "--clean", search=search))
        sites.append(tree(site))
    assert sites[0] != sites[1] and sites[0] is not None
    whole = max(seconds)
    rng = random.Random(20261129)
    outcomes = {"old": 0, "new": 0, "mixed": 0}
    orphans = []
    for kill in range(kills):
        before = tree(site)
        assert before in sites
        target = 1 if before == sites[0] else 0
        put(editions[target])
        process = start_build(project, *(["--clean"] if kill % 5 == 4 else []), search=search)
        try:
            time.sleep(rng.uniform(0.05, 1.1) * whole)
        finally:
            orphans += orphans_after_kill(process)
        after = tree(site)
        if after == before:
            outcomes["old"] += 1
        elif after == sites[target]:
            outcomes["new"] += 1
        else:
            outcomes["mixed"] += 1
            break
    print(f"\n{kills} kills of `sitegen build` ({'with' if search else 'without'} search) over {whole:.1f} s builds: "
          f"{outcomes}, orphans {len(orphans)}")
    assert outcomes["mixed"] == 0 and orphans == []
    assert min(outcomes["old"], outcomes["new"]) >= max(1, kills // 10), "kills land before and after the swap"
    # The lock is free, leftovers go, and the last build leaves only the site (and the cache) behind.
    target = rng.randrange(2)
    put(editions[target])
    build(project, search=search)
    assert tree(site) == sites[target]
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".sitegen-cache"]
    put(editions[1 - target])
    build(project, "--clean", search=search)
    assert tree(site) == sites[1 - target]
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".sitegen-cache"]
