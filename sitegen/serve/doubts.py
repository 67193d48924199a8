"""The preview shows the parser's doubts: `sitegen serve` only, never in a built site.

Each warning of an issue belongs to the article whose headline (or first block) is the last to start
at or before the warning's line; warnings above the first article belong to the issue. As pages are
served, an article page with doubts gets a marker listing each warning's message and `file:line` (a
link opening the source in the configured editor), and an issue page gets, first, the list of its
doubtful articles. The site directory itself is never touched: it stays equal to `sitegen build`'s.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from ..model import Issue, ParseWarning
from ..site.catalog import Catalog, IssueEntry
from ..site.urls import Links, output_file

EDITORS = {
    "vscode": "vscode://file/{path}:{line}",
    "vscodium": "vscodium://file/{path}:{line}",
    "cursor": "cursor://file/{path}:{line}",
    "idea": "idea://open?file={path}&line={line}",
    "pycharm": "pycharm://open?file={path}&line={line}",
    "sublime": "subl://open?url=file://{path}&line={line}",
    "textmate": "txmt://open?url=file://{path}&line={line}",
    "emacs": "org-protocol://open-source?url=file://{path}&line={line}",
}
"""`editor = "…"` in sitegen.toml: the URL that opens a file at a line; any other value containing
`{path}` and `{line}` is used as it is."""
STYLE = ("<style>.sitegen-doubts{margin:1rem auto;max-width:60rem;padding:.75rem 1rem;border:2px solid #d97706;"
         "background:#fffbeb;color:#1f2937;font:14px/1.5 system-ui,sans-serif}.sitegen-doubts h2{margin:0 0 .4rem;"
         "font-size:15px;color:#b45309}.sitegen-doubts ul{margin:0;padding-left:1.2rem}.sitegen-doubts code{"
         "font-size:13px}</style>")


def article_warnings(issue: Issue, more: Iterable[ParseWarning] = ()) -> dict[str | None, list[ParseWarning]]:
    """The issue's warnings (and more of it: those of its page PDFs) by the id of the article they concern
    (None: the issue itself)."""
    starts: list[tuple[int, str]] = []
    for article in issue.articles:
        line = article.line or next((b.line for b in article.blocks if b.line), 0)
        if line:
            starts.append((line, article.id))
    starts.sort()
    lines = [line for line, _ in starts]
    found: dict[str | None, list[ParseWarning]] = {}
    for warning in (*issue.warnings, *more):
        at = bisect.bisect_right(lines, warning.line) - 1
        found.setdefault(starts[at][1] if at >= 0 else None, []).append(warning)
    return found


def editor_link(editor: str | None, project: Path, warning: ParseWarning) -> str | None:
    """The URL opening the warning's file at its line in the editor, if one is configured."""
    if not editor:
        return None
    pattern = EDITORS.get(editor, editor)
    path = quote((project / warning.source).resolve().as_posix(), safe="/:")
    return pattern.replace("{path}", path).replace("{line}", str(warning.line))


@dataclass(slots=True)
class Doubts:
    """What the preview adds to each served page that has doubts: HTML by site file."""

    panels: dict[str, bytes]
    pages: set[str] = field(default_factory=set)
    """Every page that could have a panel: each issue's and article's."""
    made: dict[str, tuple[tuple[object, ...], dict[str, bytes]]] = field(default_factory=dict)
    """By issue id: what its panels were made from (the Issue object, editor, base path), and them."""

    @staticmethod
    def of(catalog: Catalog, links: Links, project: Path, editor: str | None,
           previous: Doubts | None = None) -> Doubts:
        """The panels of every page of the catalog; those of an issue unchanged since previous are kept."""
        doubts = Doubts({})
        for entry in catalog.issues:
            inputs: tuple[object, ...] = (entry.issue, entry.page_warnings, entry.path, editor, links.base_path,
                                          project)
            kept = previous.made.get(entry.issue.id) if previous is not None else None
            if kept is not None and all(a is b or a == b for a, b in zip(kept[0], inputs, strict=True)):
                panels = kept[1]
            else:
                panels = _issue_panels(entry, links, project, editor)
            doubts.made[entry.issue.id] = (inputs, panels)
            doubts.panels.update(panels)
            doubts.pages.add(output_file(entry.path))
            doubts.pages.update(output_file(story.path) for story in entry.stories)
        return doubts

    def changed(self, other: Doubts) -> set[str]:
        """Pages of other whose panel differs from this one's (a page that is gone, or moved to a new URL,
        is not among them: its tab is told by the build)."""
        return {f for f in self.panels.keys() | other.panels.keys()
                if f in other.pages and self.panels.get(f) != other.panels.get(f)}

    def annotate(self, file: str, html: bytes) -> bytes:
        """The page with its panel at the top of `<main>` (or of `<body>`)."""
        panel = self.panels.get(file)
        if panel is None:
            return html
        for tag in (b"<main", b"<body"):
            start = html.find(tag)
            end = html.find(b">", start) if start >= 0 else -1
            if end >= 0:
                return html[:end + 1] + panel + html[end + 1:]
        return panel + html


def _issue_panels(entry: IssueEntry, links: Links, project: Path, editor: str | None) -> dict[str, bytes]:
    """The panels of an issue's page and of its articles' pages."""
    by_article = article_warnings(entry.issue, entry.page_warnings)
    panels = {}
    for story in entry.stories:
        warnings = by_article.get(story.article.id)
        if warnings:
            panels[output_file(story.path)] = _article_panel(warnings, project, editor)
    issue_panel = _issue_panel(entry, by_article, links, project, editor)
    if issue_panel:
        panels[output_file(entry.path)] = issue_panel
    return panels


def _items(warnings: Iterable[ParseWarning], project: Path, editor: str | None) -> Markup:
    items = []
    for w in warnings:
        where = escape(f"{w.source}:{w.line}")
        href = editor_link(editor, project, w)
        place = Markup('<a href="{}">{}</a>').format(href, where) if href else Markup("<code>{}</code>").format(where)
        items.append(Markup('<li data-code="{}">{} <code>{}</code> {}</li>').format(w.code, place, w.code, w.message))
    return Markup("").join(items)


def _article_panel(warnings: list[ParseWarning], project: Path, editor: str | None) -> bytes:
    html = Markup('{}<aside class="sitegen-doubts" role="note" aria-label="解析存疑"><h2>解析存疑 · {} 处'
                  '（仅预览可见）</h2><ul>{}</ul></aside>').format(Markup(STYLE), len(warnings),
                                                          _items(warnings, project, editor))
    return str(html).encode("utf-8")


def _issue_panel(entry: IssueEntry, by_article: dict[str | None, list[ParseWarning]], links: Links,
                 project: Path, editor: str | None) -> bytes | None:
    doubtful = [s for s in entry.stories if by_article.get(s.article.id)]
    issue_wide = by_article.get(None, [])
    if not doubtful and not issue_wide:
        return None
    rows = [Markup('<li><a href="{}">{}</a> · {} 处存疑</li>').format(
        links.href(s.path), s.article.title, len(by_article[s.article.id])) for s in doubtful]
    html = Markup('{}<aside class="sitegen-doubts" role="note" aria-label="存疑文章"><h2>存疑文章 · {} 篇'
                  '（仅预览可见）</h2><ul>{}{}</ul></aside>').format(
        Markup(STYLE), len(doubtful), _items(issue_wide, project, editor), Markup("").join(rows))
    return str(html).encode("utf-8")
