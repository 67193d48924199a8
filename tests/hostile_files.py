"""Page images and PDFs made by hand, as an attacker or a careless scanner would make them: headers
declaring any size, boxes of any geometry, bytes of one format under another's name. Used by
tests/test_surfaces.py and benchmarks/hostile_probe.py."""

from __future__ import annotations

import html.parser
import io
import json
import os
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, *, rows: int | None = None, crc_ok: bool = True) -> bytes:
    """A PNG declaring width×height (8-bit grey); pixel data for `rows` rows only (default: all, if small)."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    rows = height if rows is None else rows
    raw = b"".join(b"\0" + b"\x80" * width for _ in range(rows)) if width * rows < 10_000_000 else b""
    idat = png_chunk(b"IDAT", zlib.compress(raw))
    if not crc_ok:
        idat = idat[:-4] + b"\0\0\0\0"
    return b"\x89PNG\r\n\x1a\n" + header + idat + png_chunk(b"IEND", b"")


def pil_bytes(kind: str, size: tuple[int, int] = (40, 60), mode: str = "RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, 200).save(out, kind)
    return out.getvalue()


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF0) says width×height."""
    data = bytearray(pil_bytes("JPEG"))
    at = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def webp_vp8x(width: int, height: int) -> bytes:
    """A WebP (extended format) whose canvas says width×height (24 bits each)."""
    body = bytearray(pil_bytes("WEBP"))
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + (width - 1).to_bytes(3, "little") + \
        (height - 1).to_bytes(3, "little")
    chunks = vp8x + bytes(body[12:])
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WEBP" + chunks


def pdf(box: str = "0 0 595 842", extra: str = "", *, pages_extra: str = "", content: bytes = b"0 0 m 10 10 l S",
        media: bool = True, catalog_extra: str = "") -> bytes:
    """A one-page PDF written by hand: MediaBox `box` and whatever `extra` says of the page."""
    media_box = f"/MediaBox [{box}]" if media else ""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>".encode(),
        f"<< /Type /Pages /Kids [3 0 R] /Count 1 {pages_extra}>>".encode(),
        f"<< /Type /Page /Parent 2 0 R {media_box} {extra} /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def reportlab_pdf(width: float = 595, height: float = 842, **options: object) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height), **options)  # type: ignore[arg-type]
    page.drawString(20, 20, "page")
    page.showPage()
    page.save()
    return out.getvalue()


def toml_string(text: str) -> str:
    """A TOML basic string holding text exactly, escapes for everything but printable ASCII (astral
    characters as \\UXXXXXXXX: TOML has no surrogate pairs)."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif " " <= c <= "~":
            out.append(c)
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


# ---- a project with every kind of input --------------------------------------------------------

ISSUE = """\
---
title = "测试日报"
date = 2024-09-20

[pages]
1 = "要闻"
2 = "经济"
---

# 第1版

## 要闻速递

### 开展循环经济合作 营造有利大气候

```toml
kicker = "引题在此"
subtitle = "副题在此"
byline = "本报记者 田新元"
authors = ["田新元"]
dateline = "本报讯"
signoff = "（完）"
```

建设绿色家园是人类的共同梦想，保护生态环境需要世界各国同舟共济。

#### 我国双碳工作取得积极进展

> 应对气候变化是全人类的共同使命。

{.figure credit="新华社记者 连振 摄"}
近年来东北地区加速布局清洁能源产业。

<!-- column-join: joined across a column break [doubt 0.3] -->

中国经济已进入加快绿色化低碳化的高质量发展阶段。

# 第2版

### 中美循环经济合作前景广阔

```toml
slug = "zhongmei-hezuo"
```

当今世界百年未有之大变局加速演进，全球气候治理的复杂性上升。

### 围绕相关议题深入讨论

与会代表围绕循环经济政策、绿色供应链等议题深入讨论。
"""
CONFIG = """\
title = "测试日报"
description = "测试用数字报"
base_url = "https://example.org/paper/"
repo_url = "https://github.com/owner/paper"
repo_branch = "main"
related_articles = 4
"""
"""An issue file with every kind of block and field, on two pages, and a config that names the site's
URL and repository (so that feeds, sitemap and 纠错 links are made)."""


# ---- what a site built from any input must be ---------------------------------------------------

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                       + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17)) + "]")
"""What no HTML, XML or JSON output may hold: C0 controls but tab, newline and CR, DEL, C1 controls,
surrogates, noncharacters (written out here, not taken from sitegen: the oracle is independent)."""
BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MARKUP = "<i>x1</i>"
"""Markup smuggled into values: never found as such in HTML or XML output."""
MAGIC = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
         ".webp": (b"RIFF",), ".pdf": (b"%PDF",)}


def site_problems(site: Path) -> list[str]:
    """What makes a built site invalid: an HTML, XML or JSON file that does not parse, a forbidden
    character in any text file, a file name no site may have, markup smuggled in unescaped, a page
    image whose bytes are not what its name says."""
    problems: list[str] = []
    for directory, dirs, files in os.walk(site):
        for name in dirs + files:
            if len(os.fsencode(name)) > 255 or BAD_NAME.search(name):
                problems.append(f"bad file name {name!r}")
        for name in files:
            path = Path(directory, name)
            relative = path.relative_to(site).as_posix()
            if relative.startswith("pagefind"):
                continue
            if path.suffix in MAGIC and not path.read_bytes().startswith(MAGIC[path.suffix]):
                problems.append(f"{relative}: bytes that are not {path.suffix}")
            if path.suffix in (".html", ".xml", ".json", ".txt"):
                problems += _text_problems(relative, path.read_bytes())
    return problems[:10]


def _text_problems(relative: str, data: bytes) -> list[str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{relative}: not UTF-8"]
    problems = []
    found = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)})
    if found:
        problems.append(f"{relative}: forbidden characters {', '.join(found)}")
    if relative.endswith((".html", ".xml")) and MARKUP in text:
        problems.append(f"{relative}: unescaped markup")
    try:
        if relative.endswith(".xml"):
            ET.fromstring(data)
        elif relative.endswith(".json"):
            json.loads(text)
        elif relative.endswith(".html"):
            html.parser.HTMLParser().feed(text)
            for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
                json.loads(script)
    except (ET.ParseError, ValueError) as exc:
        problems.append(f"{relative}: does not parse ({exc})")
    return problems


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path (links not followed)."""
    found = {}
    for directory, _dirs, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            found[path.relative_to(root).as_posix()] = b"link" if path.is_symlink() else path.read_bytes()
    return found
