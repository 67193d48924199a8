"""Page images and PDFs (版面图): optional files beside a seed, published with the page they show.

`seeds/<stem>/02.pdf` is page 2's PDF, `seeds/<stem>/02.png` (or `.jpg`, `.webp`) its image. The
PDF is published for download, and rendered to a WebP image (pypdfium2) when no image is given.
Files are read when their name, size or modification time changed (`ScanFinder`); a file that is
not what its name says is a BuildError naming it, found before anything is written, so the last
good site stays.

Every page file is opened through `layout/page_file.py`, which checks it first (SECURITY.md, "Page
images and PDFs"). Here:

- two files for one page (`01.pdf` and `001.pdf`, `01.jpg` and `01.jpeg`) are an error naming both;
  a file whose name is not a page file, or for a page the issue does not have, is a warning.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import BuildError
from ..layout.page_file import (
    Show,
    open_image,
    open_pdf_page,
    read_scan,
    render_size,
    rendered,
    shown_as,
    webp,
)
from ..model import Issue, PageScan

log = logging.getLogger(__name__)

SCAN_NAME = re.compile(r"([0-9]{1,3})\.(pdf|png|jpe?g|webp)", re.IGNORECASE)
"""`02.pdf`, `2.png`, `02.JPG` …: the page's number (ASCII digits) and the file's kind."""
IMAGE_ORDER = ("webp", "png", "jpg")
"""Which image a page shows when several kinds are given."""
Stat = tuple[int, int]


class ScanFinder:
    """The page images and PDFs of each issue, files read again only when their stat changed."""

    def __init__(self) -> None:
        self._probed: dict[str, tuple[Stat, bytes, tuple[int, int]]] = {}
        """By file: its stat, digest and image size (a PDF: as rendered)."""

    def find(self, seeds: Iterable[tuple[Path, Issue]], show: Show | None = None) -> dict[str, dict[int, PageScan]]:
        """Scans by issue id and page number, from each seed's directory (`seeds/<stem>/`); issues
        without any are left out."""
        found: dict[str, dict[int, PageScan]] = {}
        probed: dict[str, tuple[Stat, bytes, tuple[int, int]]] = {}
        for seed, issue in seeds:
            scans = {}
            printed = {page.number for page in issue.pages}
            for number, files in page_files(seed.with_suffix(""), show).items():
                if number not in printed:
                    first = files[next(iter(files))]
                    log.warning("%s: %s has no page %d (第%d版); not published", shown_as(first, show),
                                issue.source, number, number)
                    continue
                scans[number] = self._scan(number, files, probed, show)
            if scans:
                found[issue.id] = scans
        self._probed = probed
        return found

    def _scan(self, number: int, files: dict[str, Path], probed: dict[str, tuple[Stat, bytes, tuple[int, int]]],
              show: Show | None) -> PageScan:
        image = next((files[kind] for kind in IMAGE_ORDER if kind in files), None)
        for unused in (files[kind] for kind in IMAGE_ORDER if kind in files and files[kind] != image):
            log.warning("%s: not shown: page %d shows %s (one image a page: .webp, else .png, else .jpg)",
                        shown_as(unused, show), number, image.name if image else "")
        pdf = files.get("pdf")
        digest = hashlib.sha256()
        size = (0, 0)
        for path in (p for p in (image, pdf) if p is not None):
            key = str(path)
            try:
                stat = os.stat(path)
            except OSError as exc:
                raise BuildError(f"{shown_as(path, show)}: cannot read: {exc.strerror}") from exc
            known = self._probed.get(key)
            if known is None or known[0] != (stat.st_size, stat.st_mtime_ns):
                data = read_scan(path, show)
                known = ((stat.st_size, stat.st_mtime_ns), hashlib.sha256(data).digest(), _size(path, data, show))
            probed[key] = known
            digest.update(key.encode() + b"\0" + known[1])
            if path == (image or pdf):
                size = known[2]
        return PageScan(number=number, image=str(image or pdf), pdf=str(pdf) if pdf else None,
                        width=size[0], height=size[1], digest=digest.digest())


def page_files(directory: Path, show: Show | None = None) -> dict[int, dict[str, Path]]:
    """Page files in a seed's directory: by page number, by kind (`pdf`, `png`, `jpg`, `webp`). Two
    files of one kind for one page are an error naming both; other names are a warning."""
    if not directory.is_dir():
        return {}
    found: dict[int, dict[str, Path]] = {}
    for path in sorted(directory.iterdir()):
        match = SCAN_NAME.fullmatch(path.name)
        if path.name.startswith("."):
            continue
        if not match or not path.is_file():
            what = "a directory" if path.is_dir() else "not a page file"
            log.warning("%s: %s (page files are named like 02.pdf, 02.png, 02.jpg, 02.webp); ignored",
                        shown_as(path, show), what)
            continue
        number, kind = int(match[1]), match[2].lower().replace("jpeg", "jpg")
        other = found.setdefault(number, {}).get(kind)
        if other is not None:
            raise BuildError(f"{shown_as(path, show)}: page {number} has two {kind.upper()} files, this one and "
                             f"{other.name}; keep one")
        found[number][kind] = path
    return dict(sorted(found.items()))


def _size(path: Path, data: bytes, show: Show | None) -> tuple[int, int]:
    """An image's size, or the size a PDF's first page is rendered at; a file that is neither is an error."""
    if path.suffix.lower() == ".pdf":
        with open_pdf_page(data, path, show) as page:
            size = render_size(page, shown_as(path, show), warn=True)
            return size.width, size.height
    with open_image(data, path, show) as image:
        return image.size


def render_pdf(path: str, digest: bytes) -> bytes:
    """The first page of a PDF as a WebP image of `render_size`; digest: of the files, so that an
    output made from other bytes is made again."""
    return webp(rendered(path, digest))


def copy_file(path: str, digest: bytes) -> bytes:
    """A page file's bytes, as given."""
    return read_scan(path)
