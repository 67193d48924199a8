"""Incremental correctness as a property: after any sequence of edits, every way of building after
the last build makes exactly the bytes of a clean build.

Hypothesis draws sequences of edits of a small project, of every kind of input a site is made from:
the seeds' text (a retitle that keeps the article's URL, in an issue other pages link to as related;
a retitle that changes it; bylines; sections), seeds added, renamed and deleted, issue files (`.md`)
written, edited and removed, sidecars, page images and PDFs (blank, or printing the page's text, so
that its articles are located on it: `sitegen/layout/`), files beside them that are none, what no
output can carry put into a seed or a page (removed on the way in: `intake.py`), a trained parser model written and
removed (it changes the parse of the narrow-column issue), static pages (`pages/*.md`), every key of
the config, template overrides (templates that others extend, include and import among them) and
assets. After every step it compares byte for byte

    `sitegen build`     (a separate `build()` each step: what it knows comes from .sitegen-cache/)
    `sitegen serve`     (one Site updated after each edit, fed the paths it touched as the session
                        is: an update only when a path is one the site is read from)

with `sitegen build --clean` of a copy of the project, in a fresh process (`conftest.clean_site`).
A read not recorded shows here as a stale page (mutation: see the log of issue 20).
SITEGEN_PROPERTY_EXAMPLES sets how many random sequences are tried besides the examples (default 6).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BASE_PATH, SEED, clean_site, differences, snapshot, write_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_print_pages import page_pdf, page_png
from test_train import DAYS, narrow, narrow_project

from sitegen.config import SITE_KEYS, load_config
from sitegen.make import build
from sitegen.make.site import Site
from sitegen.parse import learned, parse_file
from sitegen.parse.issuefile.write import issue_markdown
from sitegen.record.graph import Graph
from sitegen.render.theme import DEFAULT_THEME
from sitegen.serve.changes import read_paths, sort_changes
from sitegen.serve.updates import Preview
from sitegen.train.edition import train

EXAMPLES = int(os.environ.get("SITEGEN_PROPERTY_EXAMPLES", "6"))
TEXT = SEED.read_text(encoding="utf-8")
PAGED = "第01版\n\n" + TEXT.replace("要闻速递\n", "第02版\n\n要闻速递\n", 1)
"""The seed text printed on two pages (page images and PDFs belong to numbered pages)."""
SEED_NAMES = ("2024-09-20", "2024-09-21", "2024-10-08", "2024-11-11", "2025-01-02")
"""Names seeds are added and renamed to (the first three are there at the start)."""
NARROW = "2024-12-30"
"""A narrow-column issue, there from the start: a trained parser model changes its parse."""
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
CONFIG = 'title = "测试日报"\nlist_page_size = 3\n'
CONFIG_CHANGES: dict[str, object] = {
    "title": "改名日报", "description": "另一句说明", "base_url": "/elsewhere/", "feed_size": 2,
    "keywords_per_article": 3, "related_articles": 2, "excerpt_length": 40, "list_page_size": 4,
    "search_shard_size": 5, "search_recent": 3, "search_words": ["循环经济合作"], "editor": "vscode",
    "repo_url": "https://github.com/owner/paper", "repo_branch": "edits", "paths": {"pages": "notes"},
}
"""A change of every key sitegen.toml can hold (base_url is overridden by --base-url in these builds)."""
TEMPLATES = ("article.html", "issue.html", "base.html", "topic.html", "masthead.html", "_macros.html",
             "colophon.html", "emblem.html", "search-fields.html")
"""Extended (base), included (masthead, colophon, emblem, search-fields) and imported (_macros) among them."""
ASSETS = ("style.css", "site.js", "extra.js")
SIDECARS = ('[pages]\n1 = "要闻"\n2 = "经济"\n', 'title = "早一年"\ndate = 2023-01-05\n', None)
PAGES = ("pages/about.md", "notes/about.md")


def test_every_config_key_is_edited() -> None:
    """A key added to the config is added here: its change must reach exactly what it should."""
    assert set(CONFIG_CHANGES) == set(SITE_KEYS)


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A parser model trained on narrow-column issues (`sitegen train`): the folder of its two files."""
    root = tmp_path_factory.mktemp("model")
    project = narrow_project(root / "narrow")
    target = root / ".sitegen" / "parser-model.crfsuite"
    train([(project / "seeds" / f"rmrb-2026-{d}.txt", project / "seeds" / f"rmrb-2026-{d}.md") for d in DAYS[:2]],
          target)
    learned.use_found()
    return target.parent


Files = dict[str, str | bytes | None]


@dataclass(frozen=True)
class Edit:
    """One edit of the project: a kind, the seed (by index into the seeds there) and a variant."""

    kind: str
    seed: int
    variant: int

    def apply(self, project: Path, model: Path) -> Files:
        """The files to write (None: delete), as project-relative path → text or bytes. Seeds are
        taken in name order: seed 2 of the first three is the newest issue, whose articles the
        others' pages list as related articles."""
        seeds = sorted((project / "seeds").glob("*.txt"))
        seed = seeds[self.seed % len(seeds)]
        name = f"seeds/{seed.name}"
        if self.kind in RETITLES:
            pattern, titles = RETITLES[self.kind]
            text = seed.read_text(encoding="utf-8")
            others = [title for title in titles if title not in text]
            return {name: pattern.sub(others[self.variant % len(others)], text, count=1)}
        if self.kind in EDITS:
            old, new = EDITS[self.kind]
            text = seed.read_text(encoding="utf-8")
            return {name: text.replace(old, new) if old in text else text.replace(new, old)}
        if self.kind in ("add seed", "rename seed", "delete seed"):
            return self._seed_files(project, seeds, name)
        if self.kind == "issue file":
            return self._issue_file(seed)
        if self.kind == "sidecar":
            return {name.replace(".txt", ".toml"): SIDECARS[self.variant % len(SIDECARS)]}
        if self.kind == "page scan":
            return self._page_scan(project, seeds)
        if self.kind == "page layout":
            return self._page_layout(project, seeds)
        if self.kind == "not text":
            return self._not_text(project, seed)
        if self.kind == "stray page file":
            return self._stray_page_file(project, seeds)
        if self.kind == "model":
            there = (project / ".sitegen" / "parser-model.crfsuite").exists()
            return {f".sitegen/{path.name}": None if there else path.read_bytes() for path in model.iterdir()}
        if self.kind == "page":
            path = PAGES[self.variant % len(PAGES)]
            there = (project / path).exists()
            return {path: None if there and self.variant % 4 < 2 else f"# 关于本报\n\n第{self.variant}版说明。\n"}
        if self.kind == "config":
            key = list(CONFIG_CHANGES)[self.variant % len(CONFIG_CHANGES)]
            return {"sitegen.toml": _toggled(project / "sitegen.toml", key)}
        return self._theme_file(project)

    def _seed_files(self, project: Path, seeds: list[Path], name: str) -> Files:
        free = [n for n in SEED_NAMES if not (project / f"seeds/{n}.txt").exists()]
        if self.kind == "add seed" and free:
            return {f"seeds/{free[self.variant % len(free)]}.txt": TEXT}
        if self.kind == "rename seed" and free:
            text = (project / name).read_text(encoding="utf-8")
            return {name: None, f"seeds/{free[self.variant % len(free)]}.txt": text}
        if self.kind == "delete seed" and len(seeds) > 1:
            return {name: None}
        return {}

    def _issue_file(self, seed: Path) -> Files:
        """Write the seed's issue file (`sitegen convert`), edit it, or remove it."""
        md = seed.with_suffix(".md")
        name = f"seeds/{md.name}"
        if not md.exists():
            return {name: issue_markdown(parse_file(seed))}
        if self.variant % 2:
            return {name: None}
        text = md.read_text(encoding="utf-8")
        return {name: re.sub(r"^# .+$", "# 编辑改过的标题", text, count=1, flags=re.MULTILINE)}

    def _page_scan(self, project: Path, seeds: list[Path]) -> Files:
        """Add, change or remove a page image or PDF of an issue printed on numbered pages."""
        paged = [s for s in seeds if "第01版" in s.read_text(encoding="utf-8")]
        if not paged:
            return {}
        folder = f"seeds/{paged[self.seed % len(paged)].stem}"
        name = (f"{folder}/01.pdf", f"{folder}/02.png", f"{folder}/02.webp")[self.variant % 3]
        if (project / name).exists():
            return {name: None} if self.variant % 2 else {name: page_pdf(["第01版：要闻", "改过"])
                                                          if name.endswith(".pdf") else page_png("PNG")}
        return {name: page_pdf(["第01版：要闻"]) if name.endswith(".pdf")
                else page_png("WEBP" if name.endswith(".webp") else "PNG")}

    def _page_layout(self, project: Path, seeds: list[Path]) -> Files:
        """Write page 1's PDF with lines of that page's text as the seed has it now (its articles are
        located on it: regions, hotspots, the small page image, warnings), from a line the variant
        picks; or remove it."""
        paged = [s for s in seeds if "第01版" in s.read_text(encoding="utf-8")]
        if not paged:
            return {}
        seed = paged[self.seed % len(paged)]
        name = f"seeds/{seed.stem}/01.pdf"
        if (project / name).exists() and self.variant % 3 == 2:
            return {name: None}
        text = seed.read_text(encoding="utf-8")
        page = text[text.index("第01版"):text.index("第02版")] if "第02版" in text else text
        lines = [line.strip()[:20] for line in page.splitlines()[1:] if line.strip()]
        start = (self.variant % 2) * 3
        return {name: page_pdf(["第01版：要闻", *lines[start:start + 12]])}

    def _not_text(self, project: Path, seed: Path) -> Files:
        """Put what no output can carry (a control character, a noncharacter) into a seed's headline or
        a static page, or take it out again: it is removed on the way in (`intake.NOT_TEXT`), with a
        warning."""
        if self.variant % 2:
            path = project / PAGES[0]
            text = path.read_text(encoding="utf-8") if path.exists() else "# 关于本报\n\n说明。\n"
            return {PAGES[0]: text.replace("\x01", "") if "\x01" in text else text.replace("本报", "本\x01报", 1)}
        text = seed.read_text(encoding="utf-8")
        odd = ("\x01", "\ufffe", "\x7f")[self.variant // 2 % 3]
        if any(c in text for c in "\x01\ufffe\x7f"):
            return {f"seeds/{seed.name}": re.sub("[\x01\ufffe\x7f]", "", text)}
        return {f"seeds/{seed.name}": text.replace("合肥", f"合{odd}肥", 1) if "合肥" in text else text + odd}

    def _stray_page_file(self, project: Path, seeds: list[Path]) -> Files:
        """A file beside the page files that is none (a page the issue lacks, a note, a folder's file):
        a warning, never published; or remove it."""
        folder = f"seeds/{seeds[self.seed % len(seeds)].stem}"
        name = (f"{folder}/09.png", f"{folder}/notes.txt", f"{folder}/extra/01.png")[self.variant % 3]
        if (project / name).exists():
            return {name: None}
        return {name: page_png() if name.endswith(".png") else "排版说明\n"}

    def _theme_file(self, project: Path) -> Files:
        """Write an override of one of the theme's templates or assets, or remove it."""
        kind, names = ("templates", TEMPLATES) if self.kind == "template" else ("assets", ASSETS)
        name = names[self.variant % len(names)]
        if (project / kind / name).exists():
            return {f"{kind}/{name}": None}
        if name == "extra.js":
            return {f"{kind}/{name}": "console.log('no page links me');\n"}
        text = (DEFAULT_THEME / kind / name).read_text(encoding="utf-8")
        if kind == "assets":
            return {f"{kind}/{name}": text + "\n/* edited */\n"}
        return {f"{kind}/{name}": text.replace("</", "<i hidden>edited</i></", 1) if "</" in text else text + "\n"}


def _toggled(config: Path, key: str) -> str:
    """The config with this key changed, or back to what it was at the start."""
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    start = tomllib.loads(CONFIG)
    data[key] = start.get(key) if key in data and data[key] != start.get(key) else CONFIG_CHANGES[key]
    return "".join(f"{k} = {_toml(v)}\n" for k, v in data.items() if v is not None and not isinstance(v, dict)) + \
        "".join(f"[{k}]\n" + "".join(f"{a} = {_toml(b)}\n" for a, b in v.items())
                for k, v in data.items() if isinstance(v, dict))


def _toml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


KINDS = [*RETITLES, *EDITS, "add seed", "rename seed", "delete seed", "issue file", "sidecar", "page scan",
         "page layout", "not text", "stray page file", "model", "page", "config", "template", "asset"]
edits = st.builds(Edit, st.sampled_from(KINDS), st.integers(0, 4), st.integers(0, 14))


def start(root: Path) -> Path:
    """Three issues printed from the seed text (each article's related articles are in the others),
    the first on numbered pages, and a narrow-column issue."""
    project = write_project(root / "project", {
        "sitegen.toml": CONFIG,
        f"seeds/{SEED_NAMES[0]}.txt": PAGED,
        **{f"seeds/{name}.txt": TEXT for name in SEED_NAMES[1:3]},
    })
    (project / f"seeds/{NARROW}.txt").write_text(narrow(TEXT), encoding="utf-8")
    return project


def write(project: Path, files: Files) -> list[Path]:
    paths = []
    for name, content in files.items():
        path = project / name
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path.resolve())
    return paths


class Serve:
    """`sitegen serve`'s updates, fed the paths of each edit as its watcher would."""

    def __init__(self, project: Path, output: Path) -> None:
        self.project = project
        self.config = load_config(None, base_url=BASE_PATH, cwd=project)
        self.site = Site(self.config, output, Graph())
        self.site.update(publisher=Preview())

    def changed(self, paths: list[Path]) -> None:
        """As `Session.rebuild_once`: no update unless a path is one the site is read from."""
        changes = sort_changes(paths, self.config, self.site.theme, read_paths(self.site.reads))
        if not changes:
            return
        if changes.config:  # as Session._new_config: go on under the new config
            previous, self.config = self.site, load_config(None, base_url=BASE_PATH, cwd=self.project)
            self.site = Site(self.config, previous.output, previous.graph)
            self.site.take_over(previous)
        self.site.graph.forget_inputs(str(path) for path in changes.paths)
        self.site.update(publisher=Preview())


def sitegen_build(project: Path) -> dict[str, bytes]:
    config = load_config(None, base_url=BASE_PATH, cwd=project)
    build(config, search=False)
    return snapshot(config.paths.output)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(edits, min_size=1, max_size=4))
@example(steps=[Edit("retitle, same URL", 2, 0), Edit("retitle, same URL", 2, 1)])
@example(steps=[Edit("retitle, same URL (punctuation)", 1, 0), Edit("retitle, same URL (punctuation)", 1, 1)])
@example(steps=[Edit("retitle, new URL", 2, 0), Edit("byline author added", 0, 0), Edit("section", 1, 0)])
@example(steps=[Edit("rename seed", 0, 0), Edit("add seed", 0, 1), Edit("delete seed", 2, 0)])
@example(steps=[Edit("template", 0, 0), Edit("asset", 0, 0), Edit("config", 0, 1), Edit("template", 0, 0)])
@example(steps=[Edit("model", 0, 0), Edit("issue file", 3, 0), Edit("model", 0, 0), Edit("issue file", 3, 0)])
@example(steps=[Edit("page scan", 0, 0), Edit("page scan", 0, 1), Edit("sidecar", 0, 0), Edit("page scan", 0, 0)])
@example(steps=[Edit("template", 0, 6), Edit("template", 0, 4), Edit("asset", 0, 2), Edit("page", 0, 0)])
@example(steps=[Edit("config", 0, 13), Edit("page", 0, 1), Edit("config", 0, 3), Edit("config", 0, 9)])
@example(steps=[Edit("config", 0, 4), Edit("config", 0, 5), Edit("sidecar", 1, 1), Edit("issue file", 1, 1)])
@example(steps=[Edit("page layout", 0, 0), Edit("retitle, same URL", 0, 0), Edit("page layout", 0, 1),
                Edit("byline", 0, 0)])
@example(steps=[Edit("not text", 2, 0), Edit("stray page file", 0, 0), Edit("not text", 0, 1), Edit("not text", 2, 2)])
def test_any_sequence_of_edits_builds_what_a_clean_build_makes(model: Path, steps: list[Edit]) -> None:
    root = Path(tempfile.mkdtemp(prefix="sitegen-property-"))
    try:
        project = start(root)
        sitegen_build(project)
        serve = Serve(project, root / "serve")
        done = []
        for step in steps:
            files = step.apply(project, model)
            done.append(f"{step.kind} {sorted(files)}")
            paths = write(project, files)
            built = sitegen_build(project)
            serve.changed(paths)
            clean = clean_site(project, root, process=True)
            assert differences(built, clean) == [], f"sitegen build after {done}"
            assert differences(snapshot(root / "serve"), clean) == [], f"sitegen serve after {done}"
    finally:
        shutil.rmtree(root, ignore_errors=True)
