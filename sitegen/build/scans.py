"""Page images and PDFs (版面图): optional files beside a seed, published with the page they show.

`seeds/<stem>/02.pdf` is page 2's PDF, `seeds/<stem>/02.png` (or `.jpg`, `.webp`) its image. The
PDF is published for download, and rendered to a WebP image (pypdfium2) when no image is given.
Files are read when their name, size or modification time changed (`ScanFinder`); a file that is
not what its name says is a BuildError naming it, found before anything is written, so the last
good site stays.

Every page file passes the checks here before any work is done on it (SECURITY.md, "Page images
and PDFs"); code that reads a page file (rendering, cropping, text positions) opens it only through
`read_scan`, `open_image` and `open_pdf_page`, and draws a PDF page with `render_page` at the size
`render_size` (a whole page) or `fit` (a part of one) gives:

- at most MAX_SCAN_BYTES, read from fstat before a byte is read; a regular file only;
- an image is what its bytes say (PNG, JPEG or WebP by content, whatever its name), declares at
  most MAX_IMAGE_PIXELS and MAX_IMAGE_SIDE a side in its header (checked before its pixels are
  decoded), and decodes whole (a truncated file is an error);
- a PDF page is rendered RENDER_WIDTH pixels wide, but never to more than MAX_RENDER_PIXELS or
  MAX_RENDER_SIDE a side, whatever its MediaBox, CropBox, UserUnit or rotation (an odd shape is
  rendered smaller, with a warning); a page with no area is an error; drawing it may take at most
  RENDER_SECONDS. A part of a page (a photo) is drawn the same way: `fit` its box, `render_page` it;
- two files for one page (`01.pdf` and `001.pdf`, `01.jpg` and `01.jpeg`) are an error naming both;
  a file whose name is not a page file, or for a page the issue does not have, is a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError
from ..intake import read_file
from ..model import Issue, PageScan

if TYPE_CHECKING:
    from PIL.Image import Image
    from pypdfium2 import PdfPage

log = logging.getLogger(__name__)

SCAN_NAME = re.compile(r"([0-9]{1,3})\.(pdf|png|jpe?g|webp)", re.IGNORECASE)
"""`02.pdf`, `2.png`, `02.JPG` …: the page's number (ASCII digits) and the file's kind."""
IMAGE_ORDER = ("webp", "png", "jpg")
"""Which image a page shows when several kinds are given."""
FORMATS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}
"""The image format (as Pillow names it) each kind of page image must hold."""
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "GIF": ".gif", "BMP": ".bmp", "TIFF": ".tif"}
MAX_SCAN_BYTES = 200 * 2**20
"""Largest page image or PDF: a broadsheet page scanned at 600 dpi is well below it."""
MAX_IMAGE_PIXELS = 100_000_000
"""Most pixels a page image may declare: a broadsheet page at 600 dpi (7,000 × 11,800) has 83 million."""
MAX_IMAGE_SIDE = 30_000
"""Most pixels of a page image's side."""
RENDER_WIDTH = 1200
"""Width in pixels of a PDF page rendered to an image (less for a page of an odd shape)."""
MAX_RENDER_PIXELS = 12_000_000
"""Most pixels of a rendered PDF page (1,200 × 10,000): its bitmap takes at most 48 MB."""
MAX_RENDER_SIDE = 16_383
"""Most pixels of a rendered page's side: WebP's limit."""
RENDER_SECONDS = 60
"""Longest a PDF page may take to draw."""
WEBP_QUALITY = 80

Stat = tuple[int, int]
Show = Callable[[Path], str]


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
                    log.warning("%s: %s has no page %d (第%d版); not published", _shown(files[next(iter(files))], show),
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
                        _shown(unused, show), number, image.name if image else "")
        pdf = files.get("pdf")
        digest = hashlib.sha256()
        size = (0, 0)
        for path in (p for p in (image, pdf) if p is not None):
            key = str(path)
            try:
                stat = os.stat(path)
            except OSError as exc:
                raise BuildError(f"{_shown(path, show)}: cannot read: {exc.strerror}") from exc
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
                        _shown(path, show), what)
            continue
        number, kind = int(match[1]), match[2].lower().replace("jpeg", "jpg")
        other = found.setdefault(number, {}).get(kind)
        if other is not None:
            raise BuildError(f"{_shown(path, show)}: page {number} has two {kind.upper()} files, this one and "
                             f"{other.name}; keep one")
        found[number][kind] = path
    return dict(sorted(found.items()))


def read_scan(path: Path | str, show: Show | None = None) -> bytes:
    """A page file's bytes: a regular file of at most MAX_SCAN_BYTES (checked before reading)."""
    try:
        return read_file(path, MAX_SCAN_BYTES)
    except OSError as exc:
        raise BuildError(f"{_shown(path, show)}: cannot read: {exc.strerror}") from exc


def _shown(path: Path | str, show: Show | None) -> str:
    return show(Path(path)) if show is not None else str(path)


def _size(path: Path, data: bytes, show: Show | None) -> tuple[int, int]:
    """An image's size, or the size a PDF's first page is rendered at; a file that is neither is an error."""
    if path.suffix.lower() == ".pdf":
        with open_pdf_page(data, path, show) as page:
            size = render_size(page, _shown(path, show), warn=True)
            return size.width, size.height
    with open_image(data, path, show) as image:
        return image.size


@contextlib.contextmanager
def open_image(data: bytes, path: Path | str, show: Show | None = None) -> Iterator[Image]:
    """A page image checked and decoded: its bytes are the format its name says, its header declares
    at most MAX_IMAGE_PIXELS (checked before decoding), and it decodes whole."""
    shown = _shown(path, show)
    kind = Path(path).suffix[1:].lower().replace("jpeg", "jpg")
    expected = FORMATS.get(kind, kind.upper())
    with _header(data, shown, expected) as image:
        if image.format != expected:
            rename = SUFFIXES.get(image.format or "", "")
            advice = f"rename it {Path(path).stem}{rename}" if image.format in FORMATS.values() else \
                "page images are PNG, JPEG or WebP"
            article = "an" if (image.format or "x")[0] in "AEIOU" else "a"
            raise BuildError(f"{shown}: holds {article} {image.format} image, not {expected}; {advice}")
        width, height = image.size
        if not 0 < width <= MAX_IMAGE_SIDE or not 0 < height <= MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
            raise BuildError(f"{shown}: the image says it is {width:,} × {height:,} pixels; a page image may have at "
                             f"most {MAX_IMAGE_PIXELS:,} pixels and {MAX_IMAGE_SIDE:,} a side")
        try:
            image.verify()  # checksums, where the format has them (PNG)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise BuildError(f"{shown}: not a readable {expected} image ({exc})") from None
    with _header(data, shown, expected) as image:
        try:
            if image.format == "JPEG":
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))  # every byte read, 1/64 decoded
            image.load()
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise BuildError(f"{shown}: not a readable {expected} image ({exc})") from None
        yield image


def _header(data: bytes, shown: str, expected: str) -> Image:
    """An image with only its header read: no size limit of Pillow's applies yet (the caller checks the
    size with its own message)."""
    from PIL import Image, UnidentifiedImageError

    limit = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None
        return Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise BuildError(f"{shown}: not a readable {expected} image (its bytes are no image format sitegen "
                         "reads)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise BuildError(f"{shown}: not a readable {expected} image ({exc})") from None
    finally:
        Image.MAX_IMAGE_PIXELS = limit


@contextlib.contextmanager
def open_pdf_page(data: bytes, path: Path | str, show: Show | None = None) -> Iterator[PdfPage]:
    """The first page of a PDF, the document closed after: `with open_pdf_page(data, path) as page:`."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise BuildError(f"{_shown(path, show)}: not a readable PDF ({exc})") from None
    try:
        if len(document) == 0:
            raise BuildError(f"{_shown(path, show)}: the PDF has no page")
        try:
            page = document[0]
        except pypdfium2.PdfiumError as exc:
            raise BuildError(f"{_shown(path, show)}: not a readable PDF ({exc})") from None
        yield page
    finally:
        document.close()


@dataclass(slots=True, frozen=True)
class RenderSize:
    """How (part of) a PDF page is rendered: the image's size, and the scale (pixels per point) the
    whole page is drawn at."""

    width: int
    height: int
    scale: float


Box = tuple[float, float, float, float]
WHOLE: Box = (0.0, 0.0, 1.0, 1.0)
"""A part of a page as fractions of it from the top left: (left, top, width, height)."""


def fit(width: float, height: float, wanted: int, box: Box = WHOLE) -> RenderSize:
    """The size to draw a box of a page of width × height points at (pdfium's own size: CropBox, rotation
    and all): `wanted` pixels wide, unless that would make more than MAX_RENDER_PIXELS or a side longer
    than MAX_RENDER_SIDE (then smaller, keeping its shape). ValueError for what has no area."""
    part_width, part_height = width * box[2], height * box[3]
    if not all(math.isfinite(x) for x in (part_width, part_height, *box)) or min(part_width, part_height) < 1 / 72:
        raise ValueError(f"{part_width:g} × {part_height:g} pt has no area")
    scale = min(wanted / part_width, math.sqrt(MAX_RENDER_PIXELS / (part_width * part_height)),
                MAX_RENDER_SIDE / part_width, MAX_RENDER_SIDE / part_height)
    return RenderSize(max(1, min(MAX_RENDER_SIDE, round(part_width * scale))),
                      max(1, min(MAX_RENDER_SIDE, round(part_height * scale))), scale)


def render_size(page: PdfPage, shown: str, *, warn: bool = False) -> RenderSize:
    """The size a whole page is rendered at (`fit`, RENDER_WIDTH wide); a page with no area is a
    BuildError; warn: say so when an odd shape makes it narrower."""
    width, height = page.get_size()
    try:
        pixels = fit(width, height, RENDER_WIDTH)
    except ValueError:
        raise BuildError(f"{shown}: page 1 has no area ({width:g} × {height:g} pt)") from None
    if warn and pixels.width < RENDER_WIDTH:
        log.warning("%s: page 1 is %s × %s pt, an odd shape for a page; rendered at %d × %d pixels (at most %s "
                    "pixels, %s a side)", shown, f"{width:g}", f"{height:g}", pixels.width, pixels.height,
                    f"{MAX_RENDER_PIXELS:,}", f"{MAX_RENDER_SIDE:,}")
    return pixels


def render_page(page: PdfPage, size: RenderSize, shown: str, box: Box = WHOLE) -> Image:
    """A box of the page (all of it by default) drawn into an RGB image of `size` (from `fit` or
    `render_size`), by pdfium's progressive renderer, which is asked between drawing operations whether
    to go on: a page that takes more than RENDER_SECONDS (millions of paths, a content stream made to be
    slow) is a BuildError, not a build that never ends."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    width, height = page.get_size()
    whole = (round(width * size.scale), round(height * size.scale))
    start = (-round(box[0] * whole[0]), -round(box[1] * whole[1]))
    deadline = time.monotonic() + RENDER_SECONDS
    pause = pdfium.IFSDK_PAUSE(version=1)
    pause.NeedToPauseNow = type(pause.NeedToPauseNow)(lambda _: time.monotonic() > deadline)
    bitmap = pypdfium2.PdfBitmap.new_native(size.width, size.height, pdfium.FPDFBitmap_BGR)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, size.width, size.height)
    try:
        status = pdfium.FPDF_RenderPageBitmap_Start(bitmap, page, *start, *whole, 0, pdfium.FPDF_ANNOT,
                                                    ctypes.byref(pause))
        while status == pdfium.FPDF_RENDER_TOBECONTINUED and time.monotonic() <= deadline:
            status = pdfium.FPDF_RenderPage_Continue(page, ctypes.byref(pause))
    finally:
        pdfium.FPDF_RenderPage_Close(page)
    if status == pdfium.FPDF_RENDER_TOBECONTINUED:
        raise BuildError(f"{shown}: drawing page 1 takes more than {RENDER_SECONDS} s; not rendered "
                         "(give the page an image, 01.png or 01.jpg)")
    if status != pdfium.FPDF_RENDER_DONE:
        raise BuildError(f"{shown}: pdfium cannot draw page 1")
    return bitmap.to_pil()


def render_pdf(path: str, digest: bytes) -> bytes:
    """The first page of a PDF as a WebP image of `render_size`; digest: of the files, so that an
    output made from other bytes is made again."""
    with open_pdf_page(read_scan(path), path) as page:
        image = render_page(page, render_size(page, path), path)
        out = io.BytesIO()
        image.convert("RGB").save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        return out.getvalue()


def copy_file(path: str, digest: bytes) -> bytes:
    """A page file's bytes, as given."""
    return read_scan(path)
