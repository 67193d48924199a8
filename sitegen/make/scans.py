"""Page images and PDFs (版面图): optional files beside a seed, published with the page they show.

`seeds/<stem>/02.pdf` is page 2's PDF, `seeds/<stem>/02.png` (or `.jpg`, `.webp`) its image. The
PDF is published for download, and rendered to a WebP image (pypdfium2) when no image is given.
Files are read when their name, size or modification time changed (`ScanFinder`); a file that is
not what its name says is a BuildError naming it, found before anything is written, so the last
good site stays.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import BuildError
from ..model import Issue, PageScan

SCAN_NAME = re.compile(r"(\d{1,3})\.(pdf|png|jpe?g|webp)", re.IGNORECASE)
"""`02.pdf`, `2.png`, `02.JPG` …: the page's number and the file's kind."""
IMAGE_ORDER = ("webp", "png", "jpg", "jpeg")
"""Which image a page shows when several are given."""
RENDER_WIDTH = 1200
"""Width in pixels of a PDF page rendered to an image."""
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
            for number, files in _files(seed.with_suffix("")).items():
                scans[number] = self._scan(number, files, probed, show)
            if scans:
                found[issue.id] = scans
        self._probed = probed
        return found

    def _scan(self, number: int, files: dict[str, Path], probed: dict[str, tuple[Stat, bytes, tuple[int, int]]],
              show: Show | None) -> PageScan:
        image = next((files[kind] for kind in IMAGE_ORDER if kind in files), None)
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
                data = _read(path, show)
                known = ((stat.st_size, stat.st_mtime_ns), hashlib.sha256(data).digest(), _size(path, data, show))
            probed[key] = known
            digest.update(key.encode() + b"\0" + known[1])
            if path == (image or pdf):
                size = known[2]
        return PageScan(number=number, image=str(image or pdf), pdf=str(pdf) if pdf else None,
                        width=size[0], height=size[1], digest=digest.digest())


def _files(directory: Path) -> dict[int, dict[str, Path]]:
    """Page files in a seed's directory: by page number, by kind (`pdf`, `png` …)."""
    if not directory.is_dir():
        return {}
    found: dict[int, dict[str, Path]] = {}
    for path in sorted(directory.iterdir()):
        match = SCAN_NAME.fullmatch(path.name)
        if match and path.is_file():
            found.setdefault(int(match[1]), {})[match[2].lower()] = path
    return dict(sorted(found.items()))


def _read(path: Path, show: Show | None) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{_shown(path, show)}: cannot read: {exc.strerror}") from exc


def _shown(path: Path | str, show: Show | None) -> str:
    return show(Path(path)) if show is not None else str(path)


def _size(path: Path, data: bytes, show: Show | None) -> tuple[int, int]:
    """An image's size, or the size a PDF's first page is rendered at; a file that is neither is an error."""
    if path.suffix.lower() == ".pdf":
        page = _pdf_page(data, path, show)
        width, height = page.get_size()
        return RENDER_WIDTH, round(RENDER_WIDTH * height / width)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BuildError(f"{_shown(path, show)}: not a readable {path.suffix[1:].upper()} image ({exc})") from None


def _pdf_page(data: bytes, path: Path | str, show: Show | None = None):  # type: ignore[no-untyped-def]
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        if len(document) == 0:
            raise BuildError(f"{_shown(path, show)}: the PDF has no page")
        return document[0]
    except pypdfium2.PdfiumError as exc:
        raise BuildError(f"{_shown(path, show)}: not a readable PDF ({exc})") from None


def render_pdf(path: str, digest: bytes) -> bytes:
    """The first page of a PDF as a WebP image RENDER_WIDTH pixels wide; digest: of the files, so that
    an output made from other bytes is made again."""
    data = Path(path).read_bytes()
    page = _pdf_page(data, path)
    image = page.render(scale=RENDER_WIDTH / page.get_width(), may_draw_forms=True).to_pil()
    if image.width != RENDER_WIDTH:
        image = image.resize((RENDER_WIDTH, round(RENDER_WIDTH * image.height / image.width)))
    out = io.BytesIO()
    image.convert("RGB").save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def copy_file(path: str, digest: bytes) -> bytes:
    """A page file's bytes, as given."""
    return Path(path).read_bytes()
