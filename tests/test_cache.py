"""The parse cache (the records of parses in .sitegen-cache/graph.sqlite): a warm build writes
exactly the bytes of a cold one.

Each build runs in a fresh process, as `sitegen build` does, so that what the warm build knows
comes from the cache on disk and not from anything the cold build left in memory.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import BASE_PATH, copy_seed_project, dated_project, differences, snapshot

REPO = Path(__file__).resolve().parent.parent


def sitegen_build(project: Path) -> dict[str, bytes]:
    """`sitegen build --no-search --clean` in a fresh process; every file of the built site by relative
    path. (The cache does not touch the search index; leaving Pagefind out keeps the test to what it
    does. --clean: every seed is read through the parse cache, not skipped as unchanged since the
    last build.)"""
    command = [sys.executable, "-c", "from sitegen.cli import main; main()", "-q", "build", "--no-search",
               "--clean", "--base-url", BASE_PATH]
    subprocess.run(command, cwd=project, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return snapshot(project / "site")


def entries(project: Path) -> dict[bytes, int]:
    """The records of parses by key, with their row (a record written again gets a new one)."""
    with sqlite3.connect(project / ".sitegen-cache" / "graph.sqlite") as db:
        return dict(db.execute("SELECT key, rowid FROM records WHERE key >= ? AND key < ?", (b"seed\0", b"seed\1")))


def test_cold_and_warm_builds_of_the_seed_project_are_byte_identical(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "seed")
    cold = sitegen_build(project)
    made = entries(project)
    assert len(made) == len(list((project / "seeds").glob("*.txt")))
    warm = sitegen_build(project)
    assert entries(project) == made, "the warm build parsed again instead of reading the cache"
    assert differences(cold, warm) == []
    assert differences(build_without_cache(tmp_path / "none"), warm) == []


def build_without_cache(folder: Path) -> dict[str, bytes]:
    """The seed project where no cache can be kept: `.sitegen-cache` is a file, not a directory."""
    project = copy_seed_project(folder)
    (project / ".sitegen-cache").write_text("not a directory")
    site = sitegen_build(project)
    assert (project / ".sitegen-cache").read_text() == "not a directory"
    return site


def test_warm_build_of_dated_issues_is_byte_identical(tmp_path: Path) -> None:
    """Five issues, a sidecar, several seeds with the very same articles."""
    project = dated_project(tmp_path / "dated")
    cold = sitegen_build(project)
    made = entries(project)
    assert len(made) == 5
    warm = sitegen_build(project)
    assert entries(project) == made
    assert differences(cold, warm) == []


def test_after_an_edit_the_cached_build_equals_a_fresh_one(tmp_path: Path) -> None:
    """Edit a seed and a sidecar: those two seeds miss, the others hit, and the site is exactly
    what a build without any cache makes of the edited project."""
    cached = dated_project(tmp_path / "cached")
    sitegen_build(cached)
    before = entries(cached)
    fresh = dated_project(tmp_path / "fresh")
    for project in (cached, fresh):
        seed = project / "seeds" / "2024-09-21.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace("。", "。补记一句。", 1), encoding="utf-8")
        (project / "seeds" / "2024-09-20.toml").write_text('[pages]\n1 = "头版"\n2 = "经济"\n', encoding="utf-8")
    warm = sitegen_build(cached)
    after = entries(cached)
    kept = set(after.items()) & set(before.items())
    assert len(after) == 5 and len(kept) == 3 and "补记一句" in warm["feed.xml"].decode()
    assert differences(sitegen_build(fresh), warm) == []


def test_a_damaged_entry_is_parsed_again(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "seed")
    cold = sitegen_build(project)
    database = project / ".sitegen-cache" / "graph.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE records SET value = ? WHERE key >= ? AND key < ?", (b"not a pickle", b"seed\0", b"seed\1"))
    assert differences(cold, sitegen_build(project)) == []
    with sqlite3.connect(database) as db:
        values = [row[0] for row in db.execute("SELECT value FROM records WHERE key >= ? AND key < ?",
                                                (b"seed\0", b"seed\1"))]
    assert values and b"not a pickle" not in values
