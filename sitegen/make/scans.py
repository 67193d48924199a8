"""Page images and PDFs (版面图): optional files beside a seed, published with the page they show.

`seeds/<stem>/02.pdf` is page 2's PDF, `seeds/<stem>/02.png` (or `.jpg`, `.webp`) its image. The
PDF is published for download, and rendered to a WebP image (pypdfium2) when no image is given.
The files are read through the recorder: an issue's scans are kept in the graph and read again only
when its folder, one of its files or its pages changed (`load.py`). A file that is not what its
name says is a BuildError naming it, found before anything is written, so the last good site stays.

Every page file is opened through `layout/page_file.py`, which checks it first (SECURITY.md, "Page
images and PDFs"). Here:

- two files for one page (`01.pdf` and `001.pdf`, `01.jpg` and `01.jpeg`) are an error naming both;
  a file whose name is not a page file, or for a page the issue does not have, is a warning.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Set
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
from ..model import PageScan
from ..record import reads

log = logging.getLogger(__name__)

SCAN_NAME = re.compile(r"([0-9]{1,3})\.(pdf|png|jpe?g|webp)", re.IGNORECASE)
"""`02.pdf`, `2.png`, `02.JPG` …: the page's number (ASCII digits) and the file's kind."""
IMAGE_ORDER = ("webp", "png", "jpg")
"""Which image a page shows when several kinds are given."""


def find_scans(directory: Path, printed: Set[int | None], source: str, show: Show | None = None
               ) -> dict[int, PageScan]:
    """The page images and PDFs in a seed's folder (`seeds/<stem>/`), by page number: those of the
    pages the issue (`source`, as warnings name it) has (`printed`: its page numbers)."""
    scans = {}
    for number, files in page_files(directory, show).items():
        if number not in printed:
            first = files[next(iter(files))]
            log.warning("%s: %s has no page %d (第%d版); not published", shown_as(first, show), source, number,
                        number)
            continue
        scans[number] = _scan(number, files, show)
    return scans


def _scan(number: int, files: dict[str, Path], show: Show | None) -> PageScan:
    image = next((files[kind] for kind in IMAGE_ORDER if kind in files), None)
    for unused in (files[kind] for kind in IMAGE_ORDER if kind in files and files[kind] != image):
        log.warning("%s: not shown: page %d shows %s (one image a page: .webp, else .png, else .jpg)",
                    shown_as(unused, show), number, image.name if image else "")
    pdf = files.get("pdf")
    digest = hashlib.sha256()
    size = (0, 0)
    for path in (p for p in (image, pdf) if p is not None):
        data = read_scan(path, show)
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(data).digest())
        if path == (image or pdf):
            size = _size(path, data, show)
    return PageScan(number=number, image=str(image or pdf), pdf=str(pdf) if pdf else None,
                    width=size[0], height=size[1], digest=digest.digest())


def page_files(directory: Path, show: Show | None = None) -> dict[int, dict[str, Path]]:
    """Page files in a seed's directory: by page number, by kind (`pdf`, `png`, `jpg`, `webp`). Two
    files of one kind for one page are an error naming both; other names are a warning."""
    if reads.kind(directory) != "dir":
        return {}
    found: dict[int, dict[str, Path]] = {}
    for name in reads.listing(directory):
        path = directory / name
        match = SCAN_NAME.fullmatch(name)
        if name.startswith("."):
            continue
        what = reads.kind(path)
        if not match or what != "file":
            log.warning("%s: %s (page files are named like 02.pdf, 02.png, 02.jpg, 02.webp); ignored",
                        shown_as(path, show), "a directory" if what == "dir" else "not a page file")
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


def render_pdf(path: str) -> bytes:
    """The first page of a PDF as a WebP image of `render_size` (read through the recorder)."""
    return webp(rendered(path))


def copy_file(path: str) -> bytes:
    """A page file's bytes, as given (read through the recorder)."""
    return read_scan(path)
