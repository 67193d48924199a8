"""Export a generated edition as Markdown pages for the peer generators: Hugo, Pelican and MkDocs.

The seeds are parsed with sitegen's own parser, so every peer gets exactly the articles sitegen
builds: one Markdown page per article (kicker, title, subtitle, byline, subheads, figure captions,
quotes) with front matter for its date, 栏目 (section), authors and keywords (sitegen's jieba
keywords, so each peer makes the same keyword pages). Each peer gets a comparable site: one page
per article plus list pages for every issue, section, author and keyword.

- `hugo/`: `hugo.toml`, `content/issues/<issue>/<article>.md` (an `_index.md` per issue), and a
  minimal theme of our own in `layouts/` (`single.html`, `list.html`): taxonomies `columns`,
  `authors` and `keywords`; previous/next in the issue and four related articles by shared
  keywords (Hugo's `Related`; sitegen also ranks by shared section and issue, but a `columns`
  index in Hugo's related config makes it compare every pair of pages: over 4 minutes at 10k);
  lists paginated by 50 (sitegen's `list_page_size`); RSS for the home page and each column
  (栏目, by a cascade from `content/columns/_index.md`), as sitegen has a feed per section.
- `pelican/`: `pelicanconf.py`, `content/*.md` with Pelican's metadata header; the built-in
  `simple` theme, no plugins, no pagination; category = section, tags = keywords; Atom feeds for
  the site and each category, 20 entries each (sitegen's feed_size).
- `mkdocs/`: `mkdocs.yml` with the built-in `mkdocs` theme and **no plugins** (its search plugin is
  off, as `sitegen build --no-search` is); MkDocs has no taxonomies, so the list pages (issues,
  sections, authors, keywords) are written as Markdown pages; `nav` names only the indexes, since
  a nav of every article would put 10,000 links on every page.

    .venv/bin/python benchmarks/export_markdown.py /tmp/sitegen-bench/n1000/edition/seeds /tmp/sitegen-bench/n1000/peers
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.model import Article, Block, Issue  # noqa: E402
from sitegen.parse import parse_file  # noqa: E402
from sitegen.site.catalog import excerpt  # noqa: E402
from sitegen.site.keywords import article_keywords  # noqa: E402

TITLE = "基准日报"
DEFAULT_SECTION = "要闻"
KEYWORDS = 5
EXCERPT = 90
FEED_SIZE = 20
LIST_PAGE_SIZE = 50
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass(slots=True, frozen=True)
class Entry:
    """One article with everything the peers' front matter needs."""

    issue: Issue
    article: Article
    order: int
    """Print order within the issue, from 0."""
    section: str
    keywords: tuple[str, ...]
    excerpt: str

    @property
    def name(self) -> str:
        """`<issue id>-<article id>`: unique in the edition, ASCII."""
        return f"{self.issue.id}-{self.article.id}"


def load_entries(seeds: Path) -> list[Entry]:
    """Parse every seed; one Entry per article, in issue then print order."""
    entries = []
    for path in sorted(seeds.glob("*.txt")):
        issue = parse_file(path)
        for order, article in enumerate(issue.articles):
            entries.append(Entry(issue, article, order, article.section or DEFAULT_SECTION,
                                 article_keywords(article, KEYWORDS), excerpt(article, EXCERPT)))
    return entries


def escape(text: str) -> str:
    """Text as literal Markdown."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def q(text: str) -> str:
    """A YAML (and TOML) string: JSON's quoting is valid in both."""
    return json.dumps(text, ensure_ascii=False)


def name_slug(name: str) -> str:
    """An ASCII slug for a section, author or keyword name."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def body_markdown(article: Article) -> str:
    """The article's blocks as Markdown."""
    return "\n\n".join(block_markdown(b) for b in article.blocks) + "\n"


def block_markdown(block: Block) -> str:
    if block.kind == "heading":
        return f"## {escape(block.text)}"
    if block.kind == "quote":
        return f"> {escape(block.text)}"
    if block.kind == "figure":
        credit = f"（{escape(block.credit)} 摄）" if block.credit else ""
        return f"*{escape(block.text)}*{credit}"
    return escape(block.text)


def headline_markdown(article: Article) -> str:
    """Kicker, subtitle and byline above the body (the title comes from the front matter)."""
    lines = []
    if article.kicker:
        lines.append(f"**{escape(article.kicker)}**")
    if article.subtitle:
        lines.append(f"——{escape(article.subtitle)}")
    if article.byline:
        lines.append(f"□ {escape(article.byline)}")
    return "\n\n".join(lines) + ("\n\n" if lines else "")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def yaml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


# --- Hugo ---------------------------------------------------------------------------------------

HUGO_CONFIG = f"""\
baseURL = "/"
languageCode = "zh-CN"
title = {q(TITLE)}
enableRobotsTXT = true
disableKinds = []

[taxonomies]
column = "columns"
author = "authors"
keyword = "keywords"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]

[services.rss]
limit = {FEED_SIZE}

[related]
includeNewer = true
threshold = 1
toLower = false
[[related.indices]]
name = "keywords"
weight = 100
"""

HUGO_HEAD = """\
<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<a href="/columns/">栏目</a> <a href="/authors/">作者</a> <a href="/keywords/">关键词</a></header>
"""

HUGO_SINGLE = HUGO_HEAD + """\
<main><article>
{{ with .Params.kicker }}<p class="kicker">{{ . }}</p>{{ end }}
<h1>{{ .Title }}</h1>
{{ with .Params.subtitle }}<p class="subtitle">——{{ . }}</p>{{ end }}
<p class="meta"><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a>
{{ range .GetTerms "columns" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ with .Params.byline }}{{ . }}{{ end }}
{{ range .GetTerms "authors" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
<p class="keywords">{{ range .GetTerms "keywords" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">上一篇：{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">下一篇：{{ .Title }}</a>{{ end }}</nav>
{{ with first 4 (site.RegularPages.Related .) }}<h2>相关文章</h2><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}
</ul>{{ end }}
</article></main>
</body></html>
"""

HUGO_LIST = HUGO_HEAD + """\
<main><h1>{{ .Title }}</h1>
<ul>
{{ $pager := .Paginate .Pages %d }}{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
{{ .Date.Format "2006-01-02" }}{{ with .Params.excerpt }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }} {{ $pager.PageNumber }}/{{ $pager.TotalPages }}
{{ with $pager.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}</nav></main>
</body></html>
""".replace("%d", str(LIST_PAGE_SIZE))

HUGO_COLUMNS = """\
---
title: 栏目
cascade:
  - outputs: ["html", "rss"]
    target:
      kind: term
---
"""


def export_hugo(entries: list[Entry], out: Path) -> None:
    """hugo.toml, content/issues/<issue>/<article>.md and a two-template theme."""
    write(out / "hugo.toml", HUGO_CONFIG)
    write(out / "layouts" / "single.html", HUGO_SINGLE)
    write(out / "layouts" / "list.html", HUGO_LIST)
    write(out / "content" / "_index.md", f"---\ntitle: {q(TITLE)}\n---\n")
    write(out / "content" / "columns" / "_index.md", HUGO_COLUMNS)
    for issue in {e.issue.id: e.issue for e in entries}.values():
        write(out / "content" / "issues" / issue.id / "_index.md",
              f"---\ntitle: {q(issue.title)}\ndate: {issue.date}\n---\n")
    for e in entries:
        write(out / "content" / "issues" / e.issue.id / f"{e.article.id}.md", hugo_page(e))


def hugo_page(e: Entry) -> str:
    a = e.article
    front = [
        f"title: {q(a.title)}", f"date: {e.issue.date}", f"weight: {e.order + 1}",
        f"columns: {yaml_list([e.section])}", f"authors: {yaml_list(a.authors)}",
        f"keywords: {yaml_list(e.keywords)}", f"excerpt: {q(e.excerpt)}",
    ]
    front += [f"{key}: {q(value)}" for key, value in
              (("kicker", a.kicker), ("subtitle", a.subtitle), ("byline", a.byline)) if value]
    return "---\n" + "\n".join(front) + "\n---\n" + body_markdown(a)


# --- Pelican ------------------------------------------------------------------------------------

PELICAN_CONFIG = f"""\
# Pelican settings for the benchmark: built-in `simple` theme, no plugins, no pagination.
AUTHOR = ""
SITENAME = {q(TITLE)}
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
THEME = "simple"
PLUGINS = []
PLUGIN_PATHS = []
DEFAULT_PAGINATION = False
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
ARTICLE_URL = "articles/{{slug}}/"
ARTICLE_SAVE_AS = "articles/{{slug}}/index.html"
FEED_DOMAIN = "https://example.org"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = {FEED_SIZE}
LOAD_CONTENT_CACHE = False
"""


def export_pelican(entries: list[Entry], out: Path) -> None:
    """pelicanconf.py and content/<issue>-<article>.md with Pelican's metadata header."""
    write(out / "pelicanconf.py", PELICAN_CONFIG)
    for e in entries:
        write(out / "content" / f"{e.name}.md", pelican_page(e))


def pelican_page(e: Entry) -> str:
    a = e.article
    hour, minute = divmod(e.order, 60)
    meta = [
        f"Title: {a.title}", f"Date: {e.issue.date} {8 + hour:02d}:{minute:02d}", f"Category: {e.section}",
        f"Tags: {', '.join(e.keywords)}", f"Slug: {e.name}", f"Summary: {e.excerpt}",
    ]
    if a.authors:
        meta.append(f"Authors: {', '.join(a.authors)}")
    return "\n".join(meta) + "\n\n" + headline_markdown(a) + body_markdown(a)


# --- MkDocs -------------------------------------------------------------------------------------

MKDOCS_CONFIG = f"""\
site_name: {q(TITLE)}
site_url: https://example.org/
theme:
  name: mkdocs
plugins: []
nav:
  - 首页: index.md
  - 栏目: sections/index.md
  - 作者: authors/index.md
  - 关键词: keywords/index.md
validation:
  nav:
    omitted_files: ignore
"""


def export_mkdocs(entries: list[Entry], out: Path) -> None:
    """mkdocs.yml, docs/issues/<issue>/<article>.md and list pages written as Markdown."""
    docs = out / "docs"
    write(out / "mkdocs.yml", MKDOCS_CONFIG)
    by_issue: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_issue[e.issue.id].append(e)
        write(docs / "issues" / e.issue.id / f"{e.article.id}.md", mkdocs_page(e))
    for issue_id, items in by_issue.items():
        write(docs / "issues" / issue_id / "index.md", list_page(items[0].issue.title, items, "../.."))
    write(docs / "index.md", f"# {TITLE}\n\n" + "".join(
        f"- [{escape(items[0].issue.title)}](issues/{issue_id}/index.md)\n"
        for issue_id, items in reversed(by_issue.items())))
    for kind, names_of in (("sections", lambda e: [e.section]), ("authors", lambda e: e.article.authors),
                           ("keywords", lambda e: e.keywords)):
        write_topics(docs / kind, entries, names_of)


def write_topics(folder: Path, entries: list[Entry], names_of) -> None:  # type: ignore[no-untyped-def]
    """One list page per name (newest first) and an index of names."""
    members: dict[str, list[Entry]] = defaultdict(list)
    for e in reversed(entries):
        for name in names_of(e):
            members[name].append(e)
    for name, items in members.items():
        write(folder / f"{name_slug(name)}.md", list_page(name, items, ".."))
    write(folder / "index.md", f"# {folder.name}\n\n" + "".join(
        f"- [{escape(name)}]({name_slug(name)}.md)（{len(items)}）\n" for name, items in sorted(members.items())))


def list_page(title: str, items: list[Entry], up: str) -> str:
    """A Markdown list of articles with their dates and excerpts; `up` leads from the page to docs/."""
    lines = [f"# {escape(title)}\n"]
    for e in items:
        link = f"{up}/issues/{e.issue.id}/{e.article.id}.md"
        lines.append(f"- [{escape(e.article.title)}]({link}) {e.issue.date}  \n  {escape(e.excerpt)}")
    return "\n".join(lines) + "\n"


def mkdocs_page(e: Entry) -> str:
    a = e.article
    topic = (f"[{escape(e.section)}](../../sections/{name_slug(e.section)}.md) · "
             + " ".join(f"[{escape(n)}](../../authors/{name_slug(n)}.md)" for n in a.authors))
    keywords = " ".join(f"[{escape(k)}](../../keywords/{name_slug(k)}.md)" for k in e.keywords)
    return (f"---\ntitle: {q(a.title)}\ndate: {e.issue.date}\n---\n\n# {escape(a.title)}\n\n"
            + headline_markdown(a) + topic + "\n\n" + body_markdown(a) + "\n" + keywords + "\n")


# ------------------------------------------------------------------------------------------------

EXPORTERS = {"hugo": export_hugo, "pelican": export_pelican, "mkdocs": export_mkdocs}


def export(seeds: Path, out: Path, peers: Iterable[str] = EXPORTERS) -> int:
    """Write every peer's project under out/<peer>/ (replacing it); return the number of articles."""
    entries = load_entries(seeds)
    for peer in peers:
        shutil.rmtree(out / peer, ignore_errors=True)
        EXPORTERS[peer](entries, out / peer)
    return len(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, help="directory of generated seeds (*.txt)")
    parser.add_argument("out", type=Path, help="directory to write hugo/, pelican/ and mkdocs/ into")
    parser.add_argument("--peer", action="append", choices=sorted(EXPORTERS), help="only this peer (repeatable)")
    args = parser.parse_args()
    start = time.perf_counter()
    count = export(args.seeds, args.out, args.peer or list(EXPORTERS))
    print(f"{count} articles exported to {args.out} in {time.perf_counter() - start:.1f}s")


if __name__ == "__main__":
    main()
