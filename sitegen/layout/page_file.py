"""A page file (a page's PDF or image, 版面) opened safely: the one way any code reads one.

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
  RENDER_SECONDS. A part of a page (a photo) is drawn the same way: `fit` its box, `render_page` it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError
from ..intake import read_file

if TYPE_CHECKING:
    from PIL.Image import Image
    from pypdfium2 import PdfPage

log = logging.getLogger(__name__)

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
WEBP_METHOD = 2
"""libwebp's effort (0–6): 2 encodes a page twice as fast as the default 4 for files about 1.5 % larger
(benchmarks/hotspots.py counts it in the time a page costs)."""

Show = Callable[[Path], str]


def read_scan(path: Path | str, show: Show | None = None) -> bytes:
    """A page file's bytes: a regular file of at most MAX_SCAN_BYTES (checked before reading)."""
    try:
        return read_file(path, MAX_SCAN_BYTES)
    except OSError as exc:
        raise BuildError(f"{shown_as(path, show)}: cannot read: {exc.strerror}") from exc


def shown_as(path: Path | str, show: Show | None) -> str:
    return show(Path(path)) if show is not None else str(path)


@contextlib.contextmanager
def open_image(data: bytes, path: Path | str, show: Show | None = None) -> Iterator[Image]:
    """A page image checked and decoded: its bytes are the format its name says, its header declares
    at most MAX_IMAGE_PIXELS (checked before decoding), and it decodes whole."""
    shown = shown_as(path, show)
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
        raise BuildError(f"{shown_as(path, show)}: not a readable PDF ({exc})") from None
    try:
        if len(document) == 0:
            raise BuildError(f"{shown_as(path, show)}: the PDF has no page")
        try:
            page = document[0]
        except pypdfium2.PdfiumError as exc:
            raise BuildError(f"{shown_as(path, show)}: not a readable PDF ({exc})") from None
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


def webp(image: Image) -> bytes:
    """An RGB image as the WebP file every page image, photo and thumbnail is published as."""
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out.getvalue()


@lru_cache(maxsize=2)
def rendered(path: str, digest: bytes, box: Box = WHOLE, width: int = RENDER_WIDTH) -> Image:
    """A box of a PDF's first page (all of it by default) drawn `width` pixels wide, or smaller where
    `fit` caps it, as an RGB image; the whole page at RENDER_WIDTH is `render_size`'s size. Kept for
    the next call in this process (a page's image, its small copy and its photos are made one after
    another from one drawing): never change the image returned. digest: of the file's bytes, the key."""
    with open_pdf_page(read_scan(path), path) as page:
        if box == WHOLE and width == RENDER_WIDTH:
            size = render_size(page, path)
        else:
            page_width, page_height = page.get_size()  # as shown: rotated, as the box is
            try:
                size = fit(page_width, page_height, width, box)
            except ValueError:
                raise BuildError(f"{path}: the part {box} of page 1 has no area") from None
        return render_page(page, size, path, box).convert("RGB")
