"""IncrementalBuild: after every kind of change the output directory is byte-identical to a fresh full
`sitegen build` of the same files, and only the work the change needs was done."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASE_PATH, SEED, clean_site, copy_seed_project, dated_project, snapshot

from sitegen.config import load_config
from sitegen.errors import BuildError, ParseError
from sitegen.make.changes import Changes, sort_changes
from sitegen.make.pipeline import Batch, IncrementalBuild
from sitegen.render.theme import DEFAULT_THEME, fingerprint
from sitegen.search.terms import edition_words

ISSUE = "issues/000-24bddb6c18fb181e/"
ARTICLE = f"{ISSUE}kaizhan-xunhuan-jingji-hezuo-yingzao/"
HEADLINE = "开展循环经济合作 营造有利“大气候”"


class Live:
    """An incremental build of a project, in a directory of its own, fed the paths an edit touched."""

    def __init__(self, project: Path, output: Path, search: bool = False) -> None:
        self.project = project
        self.search = search
        self.config = load_config(None, base_url=BASE_PATH, cwd=project)
        self.build = IncrementalBuild(self.config, output, search=search)
        self.output = output
        self.batches: list[Batch] = []
        self.build.update()

    def edit(self, files: dict[str, str | bytes | None]) -> None:
        """Write (None: delete) project files, then update with exactly those paths."""
        paths = []
        for name, content in files.items():
            path = self.project / name
            if content is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            paths.append(path.resolve())
        self.update(sort_changes(paths, self.config, self.build.theme))

    def update(self, changes: Changes, **options: object) -> None:
        self.batches = []
        self.report = self.build.update(changes, publish=self.batches.append, **options)  # type: ignore[arg-type]

    @property
    def written(self) -> set[str]:
        return {path for batch in self.batches for path in batch.written}

    def full_build(self) -> dict[str, bytes]:
        """A clean build of the project as it is now, in a copy (without the Pagefind index, which
        serve makes apart: `serve/indexer.py`)."""
        site = clean_site(self.project, self.output.parent / "oracle", search=self.search)
        return {path: data for path, data in site.items() if not path.startswith("pagefind")}


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture()
def live(tmp_path: Path) -> Live:
    return Live(dated_project(tmp_path / "project"), tmp_path / "live")


def test_first_build_equals_a_full_build(live: Live) -> None:
    assert snapshot(live.output) == live.full_build()


def test_every_kind_of_edit_gives_what_a_full_build_gives(live: Live) -> None:
    seeds = live.project / "seeds"
    theme = DEFAULT_THEME / "templates"
    headline = text(seeds / "2024-09-21.txt").replace(HEADLINE, "开展循环经济合作 营造有利“新气候”")
    body = text(seeds / "2024-10-08-a.txt").replace("循环经济", "数字货币")
    steps: list[tuple[str, dict[str, str | bytes | None]]] = [
        ("headline", {"seeds/2024-09-21.txt": headline}),
        ("body: other keywords", {"seeds/2024-10-08-a.txt": body}),
        ("sidecar: the issue moves", {"seeds/2024-10-08-b.toml": 'date = 2023-01-05\ntitle = "早一年"\n'}),
        ("template override", {"templates/topic.html": text(theme / "topic.html").replace("<h1>", "<h1 class=t>")}),
        ("base template override", {"templates/base.html": text(theme / "base.html").replace("<main", "<main data-x")}),
        ("template override removed", {"templates/base.html": None}),
        ("stylesheet", {"assets/style.css": "body { color: rgb(1, 2, 3); }\n"}),
        ("script added", {"assets/extra.js": "console.log(1);\n"}),
        ("static page", {"pages/about.md": "# 关于我们\n\n新的说明。\n"}),
        ("seed added", {"seeds/2024-11-11.txt": SEED.read_text(encoding="utf-8").replace(HEADLINE, "全新的头条")}),
        ("seed removed", {"seeds/2024-09-20.txt": None, "seeds/2024-09-20.toml": None}),
        ("seed renamed", {"seeds/2024-12-01.txt": text(seeds / "2024-09-21.txt"), "seeds/2024-09-21.txt": None}),
    ]
    for step, files in steps:
        live.edit(files)
        assert snapshot(live.output) == live.full_build(), f"after the {step} edit"


def test_a_seed_edit_parses_that_seed_alone_and_writes_only_what_it_reaches(live: Live) -> None:
    before = dict(live.build._seeds)
    total = len(snapshot(live.output))
    seed = live.project / "seeds/2024-09-21.txt"
    live.edit({"seeds/2024-09-21.txt": text(seed).replace(HEADLINE, "开展循环经济合作 营造有利“新气候”")})
    kept = [p.name for p, s in live.build._seeds.items() if s is before[p]]
    assert sorted(kept) == sorted(p.name for p in before if p.name != "2024-09-21.txt")
    assert "2024/09/21/kaizhan-xunhuan-jingji-hezuo-yingzao/index.html" in live.batches[0].written, \
        "the edited issue's pages come first"
    others = {"2024/09/20/index.html", "2024/10/08/2024-10-08-a/index.html", f"{ISSUE}index.html"}
    assert others <= set(snapshot(live.output)) and not others & live.written, "other issues' pages stay"
    assert len(live.written) < total / 3


def test_a_template_edit_renders_from_the_model_without_parsing(live: Live) -> None:
    catalog, seeds = live.build.catalog, dict(live.build._seeds)
    topic = text(DEFAULT_THEME / "templates/topic.html").replace("<h1>", "<h1 class=t>")
    live.edit({"templates/topic.html": topic})
    assert live.build.catalog is catalog and live.build._seeds == seeds
    assert live.written and all(p.startswith(("sections/", "authors/", "keywords/")) for p in live.written)
    assert all(p.endswith("/index.html") and (p.count("/") == 2 or "/page/" in p) for p in live.written)
    assert "sections/yaowen-sudi/page/1/index.html" in live.written, "every page of a list"


def test_list_pages_come_and_go_with_the_articles_of_their_topic(live: Live) -> None:
    seeds = live.project / "seeds"
    pages = [f"sections/yaowen-sudi/page/{n}/index.html" for n in range(1, 6)]
    assert all((live.output / p).is_file() for p in pages), "20 articles: 5 numbered pages of 3, the newest 5"
    paged = text(seeds / "2024-09-20.txt")
    live.edit({"seeds/2024-09-20.txt": None})
    assert not (live.output / pages[-1]).exists(), "16 articles: 4 numbered pages, the newest 4"
    assert all((live.output / p).is_file() for p in pages[:-1])
    assert snapshot(live.output) == live.full_build()
    live.edit({"seeds/2024-09-20.txt": paged, "seeds/2024-09-25.txt": text(seeds / "2024-09-21.txt")})
    assert all((live.output / p).is_file() for p in pages)
    assert (live.output / "sections/yaowen-sudi/page/7/index.html").is_file(), "24 articles: 7 numbered pages"
    assert "sections/yaowen-sudi/page/7/index.html" in live.written
    assert snapshot(live.output) == live.full_build()
    before = snapshot(live.output)
    config = text(live.project / "sitegen.toml")
    live.edit({"sitegen.toml": config.replace("list_page_size = 3", "list_page_size = 50")})
    live.config = load_config(None, base_url=BASE_PATH, cwd=live.project)
    fresh = IncrementalBuild(live.config, live.output)
    fresh.carry_over(live.build)
    fresh.update()
    assert not list(live.output.glob("sections/*/page")) and snapshot(live.output) != before
    assert snapshot(live.output) == live.full_build()


def test_an_article_edit_makes_again_only_the_list_pages_of_its_topics(live: Live) -> None:
    seed = live.project / "seeds/2024-10-08-a.txt"
    live.edit({"seeds/2024-10-08-a.txt": text(seed).replace("发明专利授权突破5万件", "发明专利授权突破6万件")})
    lists = {p for p in live.written if p.startswith(("sections/", "authors/", "keywords/"))}
    assert any(p.startswith("sections/yaowen-sudi/") for p in lists), "the section's pages"
    assert not any(p.startswith("sections/gaozhiliang-fazhan-kan-xianyu/") for p in lists), "other sections stay"
    assert snapshot(live.output) == live.full_build()


def test_a_stylesheet_edit_is_copied_and_swapped_without_reloading_pages(live: Live) -> None:
    live.edit({"assets/style.css": "body { color: rgb(1, 2, 3); }\n"})
    first = live.batches[0]
    new = fingerprint(b"body { color: rgb(1, 2, 3); }\n")
    assert first.written == ["assets/style.css"]
    assert first.stylesheets == [(f"{BASE_PATH}assets/style.css", f"{BASE_PATH}assets/style.css?v={new}")]
    pages = {p for p in snapshot(live.output) if p.endswith(".html")}
    assert pages <= live.written, "every page links the stylesheet by its fingerprint"
    assert not any(batch.reload for batch in live.batches)
    live.edit({"assets/site.js": "/* changed */\n"})
    assert any("index.html" in batch.reload for batch in live.batches), "a script cannot be swapped: reload"


def test_a_broken_template_keeps_the_last_good_site_until_fixed(live: Live) -> None:
    before = snapshot(live.output)
    with pytest.raises(BuildError, match=r"^templates/article.html:1: "):
        live.edit({"templates/article.html": "{% if %}\n"})
    assert snapshot(live.output) == before
    live.edit({"templates/article.html": None})
    assert snapshot(live.output) == live.full_build()


def test_a_failure_after_the_first_pages_were_written_undoes_them(live: Live) -> None:
    before = snapshot(live.output)
    seed = live.project / "seeds/2024-09-21.txt"
    topic = text(DEFAULT_THEME / "templates/topic.html").replace("<h1>", "<h1>{{ no_such_thing }}")
    with pytest.raises(BuildError, match=r"^templates/topic.html:\d+: UndefinedError"):
        live.edit({"seeds/2024-09-21.txt": text(seed).replace(HEADLINE, "改过的标题"),
                   "templates/topic.html": topic})
    assert any(b.written for b in live.batches), "the issue's pages were written, then undone"
    assert snapshot(live.output) == before
    assert not [p for p in live.output.parent.iterdir() if "undo" in p.name]
    live.edit({"templates/topic.html": None})
    assert snapshot(live.output) == live.full_build()


def test_an_undecodable_seed_is_an_error_naming_it_until_fixed(live: Live) -> None:
    before = snapshot(live.output)
    with pytest.raises(ParseError, match=r"^seeds/2024-09-21.txt: binary file"):
        live.edit({"seeds/2024-09-21.txt": b"\x00\x01binary"})
    assert snapshot(live.output) == before
    with pytest.raises(ParseError, match=r"^seeds/2024-09-21.txt: binary file"):
        live.edit({"pages/about.md": "# 关于\n"})
    live.edit({"seeds/2024-09-21.txt": SEED.read_bytes()})
    assert snapshot(live.output) == live.full_build()


def test_an_update_cut_short_is_finished_by_the_next(live: Live) -> None:
    live.edit({})
    seed = live.project / "seeds/2024-09-21.txt"
    seed.write_text(text(seed).replace(HEADLINE, "又一个标题"), encoding="utf-8")
    style = live.project / "assets/style.css"
    style.parent.mkdir(exist_ok=True)
    style.write_text("body { color: red; }\n", encoding="utf-8")
    live.update(sort_changes([seed, style], live.config, live.build.theme), interrupted=lambda: True)
    assert not live.report.complete
    live.update(Changes())
    assert live.report.complete and live.report.made > 0
    assert snapshot(live.output) == live.full_build()


def test_a_config_change_starts_over_keeping_parses_and_unchanged_files(tmp_path: Path) -> None:
    live = Live(copy_seed_project(tmp_path / "project"), tmp_path / "live")
    (live.project / "sitegen.toml").write_text(text(live.project / "sitegen.toml").replace("示例日报", "新报名"),
                                               encoding="utf-8")
    config = load_config(None, base_url=BASE_PATH, cwd=live.project)
    fresh = IncrementalBuild(config, live.output)
    fresh.carry_over(live.build)
    report = fresh.update()
    assert report.written < report.made, "files whose bytes did not change are not written"
    live.config = config
    assert snapshot(live.output) == live.full_build()


@pytest.mark.parametrize("edit", ["vim", "git checkout"])
def test_editor_and_checkout_bursts_are_sorted_by_kind(tmp_path: Path, edit: str) -> None:
    project = copy_seed_project(tmp_path)
    config = load_config(None, cwd=project)
    live = IncrementalBuild(config, tmp_path / "out")
    names: dict[str, Callable[[Path], list[Path]]] = {
        "vim": lambda p: [p / "seeds/4913", p / "seeds/.x.txt.swp", p / "seeds/x.txt~", p / "seeds/x.txt"],
        "git checkout": lambda p: [p / "seeds/a.txt", p / "seeds/a.toml", p / "templates/x.html", p / "assets/y.css",
                                   p / "pages/about.md", p / "sitegen.toml", p / "site/index.html", p / ".git/x"],
    }
    changes = sort_changes(names[edit](project.resolve()), config, live.theme)
    if edit == "vim":
        assert changes == Changes(seeds=frozenset({project.resolve() / "seeds/x.txt"}))
    else:
        assert changes.kinds == ["seed", "template", "asset", "page", "config"]
        assert len(changes.seeds) == 2
    shutil.rmtree(tmp_path / "out", ignore_errors=True)


def test_search_fields_equal_a_full_builds_as_the_dictionary_changes(tmp_path: Path) -> None:
    live = Live(copy_seed_project(tmp_path / "project"), tmp_path / "live", search=True)
    assert snapshot(live.output) == live.full_build()
    article = "2024/09/20/kaizhan-xunhuan-jingji-hezuo-yingzao/"  # the seed project's: dated by its sidecar
    assert b'data-pagefind-meta' in (live.output / article / "index.html").read_bytes()
    search = live.build.search
    assert search is not None and len(search.shards) == 1, "one issue: one shard, its dictionary the edition's"
    issue = "2024/09/20/"
    dictionary = search.dictionary_of(issue)
    seed = live.project / "seeds/000_24bddb6c18fb181e.txt"
    live.edit({"seeds/000_24bddb6c18fb181e.txt": text(seed).replace("开展循环经济合作", "开展“绿氢走廊”合作")})
    assert "绿氢走廊" in search.dictionary_of(issue) and search.dictionary_of(issue) != dictionary
    assert edition_words(live.build.catalog, live.config.search_words) == search.dictionary_of(issue)  # type: ignore[arg-type]
    assert snapshot(live.output) == live.full_build()
    live.edit({"seeds/000_24bddb6c18fb181e.txt": text(seed).replace("田新元", "田新")})
    assert snapshot(live.output) == live.full_build()


def test_page_files_come_and_go_as_a_full_build_makes_them(live: Live) -> None:
    from test_print_pages import page_pdf, page_png

    live.edit({"seeds/2024-09-20/01.pdf": page_pdf(["第01版：要闻"])})
    assert "2024/09/20/01/2024-09-20-01.webp" in live.written and "2024/09/20/01/index.html" in live.written
    assert "2024/09/21/index.html" not in live.written, "another issue is not made again"
    assert snapshot(live.output) == live.full_build()
    live.edit({"seeds/2024-09-20/02.webp": page_png("WEBP")})
    assert snapshot(live.output) == live.full_build()
    live.edit({"seeds/2024-09-20/02.webp": None, "seeds/2024-09-20/02.png": page_png()})
    assert snapshot(live.output) == live.full_build()
    live.edit({"seeds/2024-09-20/01.pdf": None})
    assert not (live.output / "2024/09/20/01/2024-09-20-01.webp").exists()
    assert snapshot(live.output) == live.full_build()


def test_a_corrupt_page_file_keeps_the_last_good_site_until_fixed(live: Live) -> None:
    before = snapshot(live.output)
    with pytest.raises(BuildError, match=r"2024-09-20/01.pdf: not a readable PDF"):
        live.edit({"seeds/2024-09-20/01.pdf": b"%PDF-1.4 cut short"})
    assert snapshot(live.output) == before
    live.edit({"seeds/2024-09-20/01.pdf": None})
    assert snapshot(live.output) == live.full_build()
