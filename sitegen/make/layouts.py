"""Each page with a PDF located (`sitegen/layout/`): its articles' regions and photos, and the warnings.

A page's layout is a kept value of the recorder's graph (`("layout", seed path, page number)`), made
from the page's articles, the names its warnings give (its arguments) and the PDF's bytes (read
through the recorder as it is located): it is located again only when one of them changed (or
sitegen's code). `--clean` keeps these records as it keeps the parses, and `sitegen check` reads
them from the last build's store (`check.py`), so an unchanged page is not located twice. Pages to locate are
located in `jobs` processes when there are several. A PDF that cannot be read was already an error
(`scans.py`); a page with more text than MOST_CHARACTERS is not located (a warning says so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import model
from ..layout import locate, read_page
from ..layout.page_file import read_scan
from ..model import Article, Issue, PageLayout, PageScan, ParseWarning
from ..parallel import fork_map
from ..record import Key, reads, recording, replay
from ..record.graph import UNLOADED, Graph, ReadList
from . import pickling

pickling.install(model)

MOST_CHARACTERS = 200_000
"""A page PDF with more characters than this is not located: no printed page has that many."""


@dataclass(slots=True, frozen=True)
class PageToLocate:
    """What one page's layout is made from (besides the PDF's bytes)."""

    pdf: str
    number: int
    articles: tuple[Article, ...]
    seed: str
    """The seed as warnings name it."""
    shown: str
    """The PDF as warnings name it."""


Located = tuple[PageLayout, ReadList, dict[Key, reads.Seen]]


def find_layouts(graph: Graph, seeds: Iterable[tuple[Path, Issue]], scans: dict[str, dict[int, PageScan]],
                 show: Callable[[Path], str], jobs: int = 1) -> dict[str, dict[int, PageLayout]]:
    """The layout of every page with a PDF, by issue id and page number: kept ones where what they were
    made from is unchanged, the others located (in up to `jobs` processes)."""
    found: dict[str, dict[int, PageLayout]] = {}
    todo: list[tuple[Key, str, PageToLocate]] = []
    for path, issue in seeds:
        for number, scan in scans.get(issue.id, {}).items():
            if scan.pdf is None:
                continue
            page = PageToLocate(scan.pdf, number, tuple(a for a in issue.articles if a.page == number),
                                issue.source, show(Path(scan.pdf)))
            key: Key = ("layout", str(path), str(number))
            layout = graph.kept(key, (page,))
            if layout is UNLOADED:
                todo.append((key, issue.id, page))
            else:
                found.setdefault(issue.id, {})[number] = layout
    pages = [page for _, _, page in todo]
    for (key, issue_id, page), (layout, read, seen) in zip(
            todo, fork_map(lambda n: _located(pages[n]), range(len(pages)), jobs, least=2), strict=True):
        reads.seen.update(seen)
        replay(read)
        graph.made(key, (page,), layout, read)
        found.setdefault(issue_id, {})[page.number] = layout
    return {issue_id: dict(sorted(pages_of.items())) for issue_id, pages_of in found.items()}


def _located(page: PageToLocate) -> Located:
    """The page's layout, what locating it read, and how each file it read looked."""
    with recording() as frame:
        layout = locate_page(page)
    read = tuple(frame.reads.items())
    return layout, read, {key: reads.seen[key] for key, _ in read if key in reads.seen}


def locate_page(page: PageToLocate) -> PageLayout:
    """Where each of the page's articles stands on its PDF (read through the recorder)."""
    content = read_page(read_scan(page.pdf, lambda _: page.shown), page.shown, most_characters=MOST_CHARACTERS)
    if content is None:
        warning = ParseWarning(page.seed, page.articles[0].line if page.articles else 0, "page-too-large",
                               f"page {page.number} ({page.shown}) has more than {MOST_CHARACTERS} characters: "
                               "its articles are not located on it", doubt=0.5)
        return PageLayout(page.number, (0.0, 0.0), tuple((a.id, model.ArticleLayout(())) for a in page.articles),
                          (warning,))
    return locate(content, page.articles, page.number, page.seed, page.shown)
