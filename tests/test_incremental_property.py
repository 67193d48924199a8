"""Incremental correctness as a property: after any sequence of edits, every way of building after
the last build makes exactly the bytes of a clean build.

Hypothesis draws sequences of edits of a small project — a retitle that keeps the article's URL (in
an issue other pages link to as related), a retitle that changes it, byline and section changes,
seeds added, renamed and deleted, template and asset overrides written and removed, config
changes — and after every step compares byte for byte

    `sitegen build`     (a separate `build()` each step: what it knows comes from .sitegen-cache/)
    `sitegen serve`     (one IncrementalBuild fed the paths each edit touched, as the watcher does)

with `sitegen build --clean` of a copy of the project, in a fresh process (`conftest.clean_site`).
A dependency left out of what an output is made from shows here as a stale page (the closing note
of issue 12 shows one). SITEGEN_PROPERTY_EXAMPLES sets how many sequences are tried (default 6,
a few minutes).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conftest import BASE_PATH, SEED, clean_site, differences, snapshot, write_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.config import load_config
from sitegen.make import build
from sitegen.make.changes import sort_changes
from sitegen.make.pipeline import IncrementalBuild
from sitegen.render.theme import DEFAULT_THEME

EXAMPLES = int(os.environ.get("SITEGEN_PROPERTY_EXAMPLES", "6"))
TEXT = SEED.read_text(encoding="utf-8")
SEED_NAMES = ("2024-09-20", "2024-09-21", "2024-10-08", "2024-11-11", "2025-01-02")
"""Names seeds are added and renamed to (the first three are there at the start)."""
RETITLES: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    # a headline's words in one seed, and what the variant makes of them: the slug (and URL) stays
    "retitle, same URL": (re.compile(r"授权突破\d+万件"), tuple(f"授权突破{n}万件" for n in range(5, 13))),
    "retitle, same URL (punctuation)": (re.compile(r"营造有利.大气候."), tuple(
        f"营造有利{quotes[0]}大气候{quotes[1]}" for quotes in ("“”", "《》", "「」", "‘’"))),
}
"""Once a copy of an article is retitled, the copies in other issues list it as related (it is no
longer a reprint of theirs): retitling it again must make their pages again."""
EDITS: dict[str, tuple[str, str]] = {
    # (old, new) in one seed's text, or back
    "retitle, new URL": ("合肥实施城市", "芜湖实施城市"),
    "byline": ("本报记者 赵庆国", "本报记者 钱立新"),
    "byline author added": ("记者罗勉报道", "记者罗勉 王珊报道"),
    "section": ("高质量发展看县域", "县域经济新观察"),
}
CONFIGS = (
    'title = "测试日报"\nlist_page_size = 3\n',
    'title = "测试日报"\nlist_page_size = 4\nrelated_articles = 2\n',
    'title = "改名日报"\nlist_page_size = 3\nfeed_size = 2\nexcerpt_length = 40\n',
    'title = "测试日报"\nlist_page_size = 3\nkeywords_per_article = 3\n',
)


@dataclass(frozen=True)
class Edit:
    """One edit of the project: a kind, the seed (by index into the seeds there) and a variant."""

    kind: str
    seed: int
    variant: int

    def apply(self, project: Path) -> dict[str, str | None]:
        """The files to write (None: delete), as project-relative path → text. Seeds are taken in name
    order: seed 2 of the first three is the newest issue, whose articles the others' pages list
    as related articles."""
        seeds = sorted((project / "seeds").glob("*.txt"))
        seed = seeds[self.seed % len(seeds)]
        name = f"seeds/{seed.name}"
        free = [n for n in SEED_NAMES if not (project / f"seeds/{n}.txt").exists()]
        if self.kind in RETITLES:
            pattern, titles = RETITLES[self.kind]
            text = seed.read_text(encoding="utf-8")
            others = [title for title in titles if title not in text]
            return {name: pattern.sub(others[self.variant % len(others)], text, count=1)}
        if self.kind in EDITS:
            old, new = EDITS[self.kind]
            text = seed.read_text(encoding="utf-8")
            return {name: text.replace(old, new) if old in text else text.replace(new, old)}
        if self.kind == "add seed" and free:
            return {f"seeds/{free[self.variant % len(free)]}.txt": TEXT}
        if self.kind == "rename seed" and free:
            return {name: None, f"seeds/{free[self.variant % len(free)]}.txt": seed.read_text(encoding="utf-8")}
        if self.kind == "delete seed" and len(seeds) > 1:
            return {name: None}
        if self.kind == "template":
            return _override(project, "templates", ("article.html", "issue.html", "base.html", "topic.html",
                                                          "masthead.html", "_macros.html"),
                             self.variant, lambda text: text.replace("</", "<i hidden>edited</i></", 1))
        if self.kind == "asset":
            return _override(project, "assets", ("style.css",), self.variant,
                             lambda text: text + "\n.edited { color: red; }\n")
        if self.kind == "config":
            return {"sitegen.toml": CONFIGS[self.variant % len(CONFIGS)]}
        return {}


def _override(project: Path, kind: str, names: tuple[str, ...], variant: int, change) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    """Write an override of one of the theme's files, or remove it when it is there."""
    name = names[variant % len(names)]
    if (project / kind / name).exists():
        return {f"{kind}/{name}": None}
    return {f"{kind}/{name}": change((DEFAULT_THEME / kind / name).read_text(encoding="utf-8"))}


KINDS = [*RETITLES, *EDITS, "add seed", "rename seed", "delete seed", "template", "asset", "config"]
edits = st.builds(Edit, st.sampled_from(KINDS), st.integers(0, 4), st.integers(0, 7))


def start(root: Path) -> Path:
    """Three issues printed from the seed text: each article's related articles are in the others."""
    return write_project(root / "project", {
        "sitegen.toml": CONFIGS[0],
        **{f"seeds/{name}.txt": TEXT for name in SEED_NAMES[:3]},
    })


def write(project: Path, files: dict[str, str | None]) -> list[Path]:
    paths = []
    for name, text in files.items():
        path = project / name
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        paths.append(path.resolve())
    return paths


class Serve:
    """`sitegen serve`'s incremental build, fed the paths of each edit as its watcher would."""

    def __init__(self, project: Path, output: Path) -> None:
        self.project = project
        self.config = load_config(None, base_url=BASE_PATH, cwd=project)
        self.build = IncrementalBuild(self.config, output)
        self.build.update()

    def changed(self, paths: list[Path]) -> None:
        changes = sort_changes(paths, self.config, self.build.theme)
        if changes.config:  # as Session._new_config: start over under the new config, keeping parses
            previous, self.config = self.build, load_config(None, base_url=BASE_PATH, cwd=self.project)
            self.build = IncrementalBuild(self.config, previous.output)
            self.build.carry_over(previous)
        self.build.update(changes)


def sitegen_build(project: Path) -> dict[str, bytes]:
    config = load_config(None, base_url=BASE_PATH, cwd=project)
    build(config, search=False)
    return snapshot(config.paths.output)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=4))
@example([Edit("retitle, same URL", 2, 0), Edit("retitle, same URL", 2, 1)])
@example([Edit("retitle, same URL (punctuation)", 1, 0), Edit("retitle, same URL (punctuation)", 1, 1)])
@example([Edit("retitle, new URL", 2, 0), Edit("byline author added", 0, 0), Edit("section", 1, 0)])
@example([Edit("rename seed", 0, 0), Edit("add seed", 0, 1), Edit("delete seed", 2, 0)])
@example([Edit("template", 0, 0), Edit("asset", 0, 0), Edit("config", 0, 1), Edit("template", 0, 0)])
def test_any_sequence_of_edits_builds_what_a_clean_build_makes(steps: list[Edit]) -> None:
    root = Path(tempfile.mkdtemp(prefix="sitegen-property-"))
    try:
        project = start(root)
        sitegen_build(project)
        serve = Serve(project, root / "serve")
        done = []
        for step in steps:
            files = step.apply(project)
            done.append(f"{step.kind} {sorted(files)}")
            paths = write(project, files)
            built = sitegen_build(project)
            serve.changed(paths)
            clean = clean_site(project, root, process=True)
            assert differences(built, clean) == [], f"sitegen build after {done}"
            assert differences(snapshot(root / "serve"), clean) == [], f"sitegen serve after {done}"
    finally:
        shutil.rmtree(root, ignore_errors=True)
