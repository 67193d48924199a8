"""Each page with a PDF located (`sitegen/layout/`): its articles' regions and photos, and the warnings.

A page is located again only when its PDF's bytes or its articles changed: the last update's
layouts are kept in memory (and in the build state between `sitegen build`s), and on disk in
`.sitegen-cache/layouts/`, one pickle per page named by a digest of the PDF's bytes, the page's
articles, the names the warnings give and sitegen's locating code, so a `--clean` build or a new
`sitegen serve` does not locate an unchanged page again. Pages are located in `jobs` processes when
there are several. A PDF that cannot be read was already an error (`scans.py`); a page with more
text than MOST_CHARACTERS is not located (a warning says so).

    .sitegen-cache/layouts/<sha256 of the inputs, 32 hex>.pickle
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import model
from ..config import Config
from ..layout import locate, read_page
from ..layout.page_file import read_scan
from ..model import Article, Issue, PageLayout, PageScan, ParseWarning
from ..parallel import fork_map
from . import pickling
from .cache_dir import cache_dir, code_digest
from .scans import ScanFinder

log = logging.getLogger(__name__)

pickling.install(model)

FORMAT = 1
"""Bump when the layout of an entry changes."""
CODE = ("layout/*.py", "model.py", "make/layouts.py")
"""sitegen's sources a layout depends on, relative to the package."""
MOST_CHARACTERS = 200_000
"""A page PDF with more characters than this is not located: no printed page has that many."""
KEEP = 4096
"""Entries the disk cache keeps; the oldest are deleted beyond that."""

@dataclass(slots=True, frozen=True)
class _Page:
    """What one page's layout is made from."""

    pdf: str
    number: int
    articles: tuple[Article, ...]
    seed: str
    """The seed as warnings name it."""
    shown: str
    """The PDF as warnings name it."""


class LayoutFinder:
    """The layouts of every page with a PDF, by issue id and page number, located again only where
    the PDF or the page's articles changed."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, int], tuple[bytes, _Page, PageLayout]] = {}

    def find(self, issues: Iterable[Issue], scans: dict[str, dict[int, PageScan]], config: Config,
             jobs: int = 1) -> dict[str, dict[int, PageLayout]]:
        show = config.paths.show
        found: dict[str, dict[int, PageLayout]] = {}
        kept: dict[tuple[str, int], tuple[bytes, _Page, PageLayout]] = {}
        todo: list[tuple[tuple[str, int], bytes, _Page]] = []
        for issue in issues:
            for number, scan in scans.get(issue.id, {}).items():
                if scan.pdf is None:
                    continue
                page = _Page(scan.pdf, number, tuple(a for a in issue.articles if a.page == number),
                             issue.source, show(Path(scan.pdf)))
                old = self._kept.get((issue.id, number))
                if old is not None and old[0] == scan.digest and old[1] == page:
                    kept[(issue.id, number)] = old
                else:
                    todo.append(((issue.id, number), scan.digest, page))
        if todo:
            cache = _DiskCache(cache_dir(config, "layouts"))
            pages = [page for _, _, page in todo]
            layouts = fork_map(lambda n: cache.layout(pages[n]), range(len(pages)), jobs, least=2)
            for (key, digest, page), layout in zip(todo, layouts, strict=True):
                kept[key] = (digest, page, layout)
            cache.trim()
        for (issue_id, number), (_, _, layout) in kept.items():
            found.setdefault(issue_id, {})[number] = layout
        self._kept = kept
        return found


class _DiskCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def layout(self, page: _Page) -> PageLayout:
        """The page's layout: from the cache, else located and kept there."""
        data = read_scan(page.pdf)
        key = _key(page, data)
        path = self.folder / f"{key}.pickle"
        try:
            with open(path, "rb") as file:
                found = pickle.load(file)
            if isinstance(found, PageLayout):
                return found
        except FileNotFoundError:
            pass
        except Exception as exc:  # a damaged or foreign entry is a miss, never an error
            log.debug("cache: ignoring %s: %s", path, exc)
        layout = _locate(page, data)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as file:
                pickle.dump(layout, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except OSError as exc:
            log.debug("cache: cannot write %s (%s)", path, exc.strerror)
        return layout

    def trim(self) -> None:
        """Delete the oldest entries beyond KEEP."""
        try:
            entries = sorted(self.folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)


def _key(page: _Page, data: bytes) -> str:
    h = hashlib.sha256()
    for part in (str(FORMAT), code_digest(CODE), page.seed, page.shown, str(page.number), repr(page.articles)):
        h.update(part.encode("utf-8") + b"\0")
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()[:32]


def _locate(page: _Page, data: bytes) -> PageLayout:
    content = read_page(data, page.shown, most_characters=MOST_CHARACTERS)
    if content is None:
        warning = ParseWarning(page.seed, page.articles[0].line if page.articles else 0, "page-too-large",
                               f"page {page.number} ({page.shown}) has more than {MOST_CHARACTERS} characters: "
                               "its articles are not located on it", doubt=0.5)
        return PageLayout(page.number, (0.0, 0.0), tuple((a.id, model.ArticleLayout(())) for a in page.articles),
                          (warning,))
    return locate(content, page.articles, page.number, page.seed, page.shown)


def page_warnings(config: Config, seeds: Sequence[tuple[Path, Issue]], jobs: int = 1) -> list[ParseWarning]:
    """The warnings of locating the seeds' articles on their page PDFs (`sitegen check`): articles not
    on their page, text on a page no article claims."""
    scans = ScanFinder().find(seeds, config.paths.show)
    layouts = LayoutFinder().find((issue for _, issue in seeds), scans, config, jobs)
    return [w for _, issue in seeds for _, layout in sorted(layouts.get(issue.id, {}).items()) for w in layout.warnings]
