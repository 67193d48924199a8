"""The edition model: Edition → Issue → Page → Section → Article → Block.

Everything is an immutable dataclass; parents hold tuples of children, never the reverse.
Articles carry the page number and section name they belong to, so an article can be
rendered or serialised without walking back up the tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "heading", "figure", "quote"]


@dataclass(slots=True, frozen=True)
class Block:
    """One piece of an article body."""

    kind: BlockKind
    text: str
    """The paragraph, subhead or quote text; for a figure, its caption."""
    credit: str | None = None
    """Photo credit of a figure as printed (`新华社记者 连振 摄`, `李 凯摄（影像中国）`, `受访者供图`)."""
    line: int = 0
    """Line in the seed where the block starts (1-based)."""


@dataclass(slots=True, frozen=True)
class Article:
    """One article as printed: headline furniture, byline and body blocks."""

    id: str
    """Stable ASCII slug, unique within its issue (pinyin of the title)."""
    title: str
    blocks: tuple[Block, ...]
    kicker: str | None = None
    """引题: the line printed above the headline."""
    subtitle: str | None = None
    """副标题, without the leading ——."""
    byline: str | None = None
    """The byline as printed, without □ (`本报记者 田新元`, `本报讯 记者罗勉报道`)."""
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    """`本报讯`, `新华社北京4月21日电` …"""
    signoff: str | None = None
    """A trailing sign-off as printed, `(胡星宇 严华明)`; its names are among the authors."""
    page: int | None = None
    """Number of the page (版) the article is printed on; None when the issue has no page markers."""
    section: str | None = None
    """Column label (栏目) the article is printed under; None for the unnamed section."""
    line: int = 0
    """Line in the seed where the article's headline (or kicker) stands."""

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """Body paragraphs only."""
        return tuple(b for b in self.blocks if b.kind == "paragraph")

    @property
    def text(self) -> str:
        """The whole body as plain text, one block a line."""
        return "\n".join(b.text for b in self.blocks)


@dataclass(slots=True, frozen=True)
class Section:
    """栏目: a run of articles under one column label on a page."""

    name: str | None
    articles: tuple[Article, ...]


@dataclass(slots=True, frozen=True)
class Page:
    """版面: a printed page. An issue without page markers has one implicit page."""

    number: int | None
    name: str | None
    sections: tuple[Section, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article on the page, in print order."""
        return tuple(a for s in self.sections for a in s.articles)


@dataclass(slots=True, frozen=True)
class ParseWarning:
    """A guess the parser made that an editor should check."""

    source: str
    line: int
    code: str
    """Short machine-readable kind, e.g. `column-join`, `duplicate-dropped`."""
    message: str
    doubt: float = 0.5
    """How likely the guess is wrong, 0–1: editors read warnings from the most doubtful down."""

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.code}: {self.message}"


@dataclass(slots=True, frozen=True)
class Issue:
    """One printed issue, parsed from one seed file."""

    id: str
    """Stable ASCII id from the seed's file name."""
    title: str
    date: dt.date | None
    source: str
    """Path of the seed file, as given (e.g. `seeds/2024-09-20.txt`)."""
    pages: tuple[Page, ...]
    warnings: tuple[ParseWarning, ...] = ()

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article of the issue, in print order."""
        return tuple(a for p in self.pages for a in p.articles)

    @property
    def sections(self) -> tuple[Section, ...]:
        """Every section of every page, in print order."""
        return tuple(s for p in self.pages for s in p.sections)


@dataclass(slots=True, frozen=True)
class PageScan:
    """A printed page's image and PDF: optional files beside the seed (`seeds/<stem>/02.pdf`, `02.png`)."""

    number: int
    image: str | None
    """The page image given (`.png`, `.jpg`, `.webp`), or the PDF, to be rendered; None when neither is."""
    pdf: str | None
    """The page's PDF; None when there is none."""
    width: int
    """Size of the image as published (a PDF: as rendered)."""
    height: int
    digest: bytes
    """Digest of the files' bytes."""

    @property
    def suffix(self) -> str:
        """The published image's file suffix: `.webp` for a rendered PDF, else the image's own."""
        return ".webp" if self.image is None or self.image.endswith(".pdf") else "." + self.image.rsplit(".", 1)[1]


Box = tuple[float, float, float, float]
"""A rectangle on a printed page: x, y, width, height as fractions of the page, origin top-left."""


@dataclass(slots=True, frozen=True)
class PagePhoto:
    """A figure's photo as printed on the page PDF."""

    block: int
    """Index of the figure in its article's blocks."""
    box: Box
    pixels: tuple[int, int]
    """Size of the image as embedded in the PDF, in pixels: the most detail a crop of it can have."""


@dataclass(slots=True, frozen=True)
class ArticleLayout:
    """Where an article stands on its printed page, found in the page's PDF."""

    regions: tuple[Box, ...]
    """Rectangles covering the article: headline, text columns, photos; none when it was not found."""
    photos: tuple[PagePhoto, ...] = ()


@dataclass(slots=True, frozen=True)
class PageLayout:
    """Each article of a page located on the page's PDF (`layout/`)."""

    number: int
    size: tuple[float, float]
    """The page's width and height in PDF points (1/72 inch), as shown (rotation applied)."""
    articles: tuple[tuple[str, ArticleLayout], ...]
    """By article id, in print order: every article of the page."""
    warnings: tuple[ParseWarning, ...] = ()
    """Articles whose text is not on the page, text on the page no article claims."""

    def of(self, article_id: str) -> ArticleLayout | None:
        return next((found for key, found in self.articles if key == article_id), None)


@dataclass(slots=True, frozen=True)
class Edition:
    """Every issue the site is built from."""

    issues: tuple[Issue, ...]
    scans: dict[str, dict[int, PageScan]] = field(default_factory=dict, compare=False, repr=False)
    """Page images and PDFs by issue id and page number."""
    layouts: dict[str, dict[int, PageLayout]] = field(default_factory=dict, compare=False, repr=False)
    """Where each article stands on its page, by issue id and page number: pages with a PDF."""
    _by_id: dict[str, Issue] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({i.id: i for i in self.issues})

    def issues_by_date(self) -> list[Issue]:
        """Newest first; undated issues last, by id."""
        dated = sorted((i for i in self.issues if i.date), key=lambda i: (i.date, i.id), reverse=True)
        undated = sorted((i for i in self.issues if not i.date), key=lambda i: i.id)
        return dated + undated

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id."""
        return self._by_id[issue_id]

    def articles(self) -> Iterator[tuple[Issue, Article]]:
        """Every (issue, article) pair, newest issue first."""
        for issue in self.issues_by_date():
            for article in issue.articles:
                yield issue, article
