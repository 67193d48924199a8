"""`sitegen build` after a build: it starts from the state the last one left (`sitegen/state.py`),
does only what changed, and always ends with exactly the site a clean build makes.

Each build here is a separate `build()` call with a fresh BuildState, so what it knows of the last
build comes from `.sitegen-cache/build/` on disk; tests/test_cache.py runs builds in separate
processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_PATH, clean_site, copy_seed_project, dated_project, differences, write_project
from conftest import snapshot as files

from sitegen.config import load_config
from sitegen.errors import BuildError
from sitegen.make import Report, build
from sitegen.make import state as state_module

REPO = Path(__file__).resolve().parent.parent


def sitegen_build(project: Path, *, search: bool = False, clean: bool = False) -> Report:
    return build(load_config(None, base_url=BASE_PATH, cwd=project), search=search, clean=clean)


def edit(project: Path, seed: str, old: str, new: str) -> None:
    path = project / "seeds" / seed
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_means_nothing_done(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    first = sitegen_build(project)
    assert first.fresh and first.written == first.made > 0
    site = files(project / "site")
    again = sitegen_build(project)
    assert again.unchanged and again.made == 0 and list(again.timings) == ["check"]
    # Touched but not changed: the seed is read again, nothing is made.
    (project / "seeds" / "000_24bddb6c18fb181e.txt").touch()
    touched = sitegen_build(project)
    assert not touched.unchanged and not touched.fresh and (touched.made, touched.written) == (0, 0)
    assert files(project / "site") == site


def test_edits_in_a_row_end_as_a_clean_build(tmp_path: Path) -> None:
    """Each build starts from the snapshot plus the journal of the builds since: an edit, another
    seed's edit, then the first one undone must all end exactly where a clean build ends."""
    project = dated_project(tmp_path / "p")
    sitegen_build(project)
    steps = [
        ("2024-09-21.txt", "。", "。补记一句。"),
        ("2024-10-08-a.txt", "田新元", "田新圆"),
        ("2024-09-21.txt", "。补记一句。", "。"),
    ]
    for seed, old, new in steps:
        edit(project, seed, old, new)
        report = sitegen_build(project)
        assert not report.fresh and 0 < report.written <= report.made < report.files
        assert differences(files(project / "site"), clean_site(project, tmp_path)) == []
    journal = (project / ".sitegen-cache/build/journal").read_text(encoding="utf-8").splitlines()
    assert journal[-1] == "complete" and len(journal) > 1


def test_a_large_change_saves_a_new_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = dated_project(tmp_path / "p")
    sitegen_build(project)
    monkeypatch.setattr(state_module, "SNAPSHOT_AFTER", 5)
    edit(project, "2024-09-21.txt", "。", "。补记一句。")
    sitegen_build(project)
    journal = (project / ".sitegen-cache/build/journal").read_text(encoding="utf-8")
    assert journal == "complete\n"
    edit(project, "2024-10-08-b.txt", "。", "。又补一句。")
    sitegen_build(project)
    assert differences(files(project / "site"), clean_site(project, tmp_path)) == []


def test_search_shards_are_indexed_again_only_when_their_articles_changed(tmp_path: Path) -> None:
    project = dated_project(tmp_path / "p")
    (project / "sitegen.toml").write_text(
        (project / "sitegen.toml").read_text(encoding="utf-8") + "search_shard_size = 12\n", encoding="utf-8")
    sitegen_build(project, search=True)
    site = project / "site"
    bundles = sorted(p.name for p in site.iterdir() if p.name.startswith("pagefind"))
    assert len(bundles) > 1
    inode = {name: (site / name / "pagefind-entry.json").stat().st_ino for name in bundles}
    edit(project, "2024-09-21.txt", "。", "。补记一句。")
    report = sitegen_build(project, search=True)
    assert "index" in report.timings
    again = {name: (site / name / "pagefind-entry.json").stat().st_ino for name in bundles}
    kept = [name for name in bundles if again[name] == inode[name]]
    assert 0 < len(kept) < len(bundles), "only the shard holding the edited issue is indexed again"
    assert differences(files(site), clean_site(project, tmp_path, search=True)) == []


def test_hand_made_changes_to_the_site_are_undone(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    sitegen_build(project)
    site = project / "site"
    before = files(site)
    (site / "stale.html").write_text("old", encoding="utf-8")
    (site / "2024" / "old-issue").mkdir()
    (site / "index.html").write_text("defaced", encoding="utf-8")
    (site / "feed.xml").unlink()
    report = sitegen_build(project)
    assert not report.fresh and not report.unchanged
    assert files(site) == before
    assert not (site / "2024" / "old-issue").exists()


def test_a_deleted_site_is_built_again(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    sitegen_build(project)
    before = files(project / "site")
    snapshot = (project / ".sitegen-cache/build/state.pickle").stat().st_mtime_ns
    shutil.rmtree(project / "site")
    report = sitegen_build(project)
    assert files(project / "site") == before and report.written == report.made == report.files
    # Every file was made again, exactly as the snapshot says: no new snapshot, nothing in the journal.
    assert (project / ".sitegen-cache/build/state.pickle").stat().st_mtime_ns == snapshot
    assert (project / ".sitegen-cache/build/journal").read_text(encoding="utf-8") == "complete\n"


def test_a_failed_build_keeps_the_site_and_the_state(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    sitegen_build(project)
    site = project / "site"
    before = files(site)
    edit(project, "000_24bddb6c18fb181e.txt", "。", "。补记一句。")
    write_project(project, {"templates/article.html": '{% extends "base.html" %}{% block main %}{{ nope() }}'
                                                      '{% endblock %}'})
    with pytest.raises(BuildError, match=r"^templates/article.html:1: "):
        sitegen_build(project)
    assert files(site) == before
    (project / "templates" / "article.html").unlink()
    report = sitegen_build(project)
    assert not report.fresh
    assert differences(files(site), clean_site(project, tmp_path)) == []


@pytest.mark.parametrize("damage", ["state", "journal", "incomplete", "key"])
def test_a_damaged_or_unfinished_state_means_a_fresh_build(tmp_path: Path, damage: str) -> None:
    project = copy_seed_project(tmp_path / "p")
    sitegen_build(project)
    folder = project / ".sitegen-cache" / "build"
    if damage == "state":
        (folder / "state.pickle").write_bytes(b"not a pickle")
    elif damage == "journal":
        (folder / "journal").unlink()
    elif damage == "incomplete":  # a build that died half way: its writes are in no journal
        (folder / "journal").write_text("incomplete\n", encoding="utf-8")
        (project / "site" / "index.html").write_text("half written", encoding="utf-8")
    else:  # another config: the state is not for this one
        (project / "sitegen.toml").write_text('title = "另一份报纸"\n', encoding="utf-8")
    edit(project, "000_24bddb6c18fb181e.txt", "。", "。补记一句。")
    report = sitegen_build(project)
    assert report.fresh
    assert differences(files(project / "site"), clean_site(project, tmp_path)) == []


def test_clean_ignores_the_state(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    sitegen_build(project)
    report = sitegen_build(project, clean=True)
    assert report.fresh and report.made > 0


def test_no_cache_directory_still_builds(tmp_path: Path) -> None:
    project = copy_seed_project(tmp_path / "p")
    (project / ".sitegen-cache").write_text("not a directory", encoding="utf-8")
    assert sitegen_build(project).fresh
    assert sitegen_build(project).fresh
    assert (project / ".sitegen-cache").read_text(encoding="utf-8") == "not a directory"


def cli_build(project: Path, *args: str) -> str:
    """`sitegen --debug build --no-search --base-url /paper/ ARGS` in a process of its own (one thread,
    so it may fork), with small batches so that a small project is made in several processes; the
    debug log."""
    code = ("import sitegen.make.pipeline as i, sitegen.parallel as p; i.PER_PROCESS, p.CHUNK = 5, 7; "
            "from sitegen.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", code, "--debug", "build", "--no-search", "--base-url", BASE_PATH,
                           *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    if done.returncode != 0:
        raise BuildError(done.stderr.strip().splitlines()[-1].removeprefix("sitegen.errors.BuildError: "))
    return done.stderr


def test_building_in_several_processes_makes_the_same_bytes(tmp_path: Path) -> None:
    """Seeds parsed and pages rendered in two forked processes: the same site, and a failure in
    either process puts back every file both of them wrote."""
    serial = dated_project(tmp_path / "serial")
    assert " processes" not in cli_build(serial, "-j", "1")
    parallel = dated_project(tmp_path / "parallel")
    assert "items in 2 processes" in cli_build(parallel, "-j", "2")
    assert differences(files(serial / "site"), files(parallel / "site")) == []
    before = files(parallel / "site")
    edit(parallel, "2024-09-21.txt", "。", "。补记一句。")
    write_project(parallel, {"templates/base.html": (REPO / "sitegen/themes/default/templates/base.html").read_text(
        encoding="utf-8") + '{% if page.path.startswith("keywords/") %}{{ nope() }}{% endif %}\n'})
    with pytest.raises(BuildError, match=r"^templates/base.html:\d+: "):
        cli_build(parallel, "-j", "2")
    assert files(parallel / "site") == before
    (parallel / "templates/base.html").unlink()
    cli_build(parallel, "-j", "2")
    assert differences(files(parallel / "site"), clean_site(parallel, tmp_path)) == []


def test_page_pages_images_and_pdfs_end_as_a_clean_build(tmp_path: Path) -> None:
    """The paged issue's 版面 pages, and page files added, changed and removed between builds."""
    from test_print_pages import page_pdf, page_png

    project = dated_project(tmp_path / "p")
    sitegen_build(project)
    assert (project / "site/2024/09/20/02/index.html").is_file()
    scans = project / "seeds/2024-09-20"
    scans.mkdir()
    steps = [
        lambda: (scans / "01.pdf").write_bytes(page_pdf(["第01版：要闻"])),
        lambda: (scans / "02.png").write_bytes(page_png()),
        lambda: (scans / "01.pdf").write_bytes(page_pdf(["第01版：要闻", "改过的版面"])),
        lambda: edit(project, "2024-09-20.toml", '2 = "经济"', '2 = "财经"'),
        lambda: (scans / "01.pdf").unlink(),
    ]
    for step in steps:
        step()
        report = sitegen_build(project)
        assert not report.fresh and report.written > 0
        assert differences(files(project / "site"), clean_site(project, tmp_path)) == []
    site = files(project / "site")
    assert "2024/09/20/02/2024-09-20-02.png" in site and "2024/09/20/01/2024-09-20-01.pdf" not in site
    assert "第02版：财经" in site["2024/09/20/02/index.html"].decode("utf-8")


def test_the_config_file_is_an_input_wherever_it_is_named_from(tmp_path: Path) -> None:
    """`sitegen build --config sub/sitegen.toml`: an edit of that file is a change (it was looked for
    at sub/sub/sitegen.toml, so that only a change of the config's values was seen)."""
    project = copy_seed_project(tmp_path / "sub")

    def build_from_parent() -> Report:
        return build(load_config(Path("sub/sitegen.toml"), cwd=tmp_path), search=False)

    assert build_from_parent().fresh
    assert build_from_parent().unchanged
    with open(project / "sitegen.toml", "a", encoding="utf-8") as f:
        f.write("\n# a comment changes no value, but the file is an input\n")
    assert not build_from_parent().unchanged
