"""Lighthouse scores of the built site: home, issue (版面导航), page (版面), article and search pages.

Builds three real 人民日报 issues (../shared/corpus/rmrb-2026/, page markers, page names from a
sidecar, a page PDF and image the script makes; page 1 of the first issue typeset by `typeset.py`,
so that its 版面 page has every article as a hotspot) with search, for an absolute base_url, serves
the site under its path, and runs Lighthouse (the `lighthouse` npm package) in Chromium on each page,
mobile (Lighthouse's default) and desktop. Prints one line per page and form factor with the four
category scores, and exits 1 when any is below --min.

    npm install lighthouse            # somewhere; pass its bin with --lighthouse
    CHROME_PATH=/usr/bin/chromium python benchmarks/lighthouse.py --lighthouse node_modules/.bin/lighthouse
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from conftest import BASE_PATH, serve  # noqa: E402
from test_print_pages import paper_project  # noqa: E402
from typeset import gold_pages, grid_page  # noqa: E402

from sitegen.config import load_config  # noqa: E402
from sitegen.make import build  # noqa: E402

SITE_URL = "https://example.org/paper/"
PAGES = {
    "home": "",
    "issue": "2026/05/01/",
    "page": "2026/05/01/01/",
    "article": None,  # the first article of page 1, found in the built page
    "search": "search/?q=基础研究",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def first_article(site: Path) -> str:
    html = (site / "2026/05/01/01/index.html").read_text(encoding="utf-8")
    start = html.index('class="teaser-title"><a href="') + len('class="teaser-title"><a href="')
    return html[start:html.index('"', start)].removeprefix(BASE_PATH)


def lighthouse(binary: str, url: str, desktop: bool, out: Path) -> dict[str, float]:
    command = [binary, url, "--quiet", "--output=json", f"--output-path={out}",
               "--chrome-flags=--headless --no-sandbox --disable-gpu", "--only-categories=" + ",".join(CATEGORIES)]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH",
                                                                                         "/usr/bin/chromium")})
    report = json.loads(out.read_text(encoding="utf-8"))
    return {c: report["categories"][c]["score"] for c in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default="lighthouse", help="the lighthouse command")
    parser.add_argument("--min", type=float, default=0.95)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project = paper_project(Path(scratch) / "paper")
        typeset = grid_page(gold_pages("2026-05-01")[1], 1, "人民日报  2026-05-01  第01版")
        assert typeset is not None
        (project / "seeds" / "2026-05-01" / "01.pdf").write_bytes(typeset[0])
        config = load_config(None, base_url=SITE_URL, cwd=project)
        build(config, search=True)
        site = config.paths.output
        PAGES["article"] = first_article(site)
        server = serve(site)
        base = next(server)
        low = []
        try:
            print(f"{'page':8} {'form':8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
            for name, path in PAGES.items():
                for desktop in (False, True):
                    scores = lighthouse(args.lighthouse, base + str(path), desktop, Path(scratch) / "report.json")
                    form = "desktop" if desktop else "mobile"
                    print(f"{name:8} {form:8} " + " ".join(f"{scores[c]:>15.2f}" for c in CATEGORIES), flush=True)
                    low += [f"{name} {form} {c} {scores[c]:.2f}" for c in CATEGORIES if scores[c] < args.min]
        finally:
            server.close()
    if low:
        print("below", args.min, ":", "; ".join(low))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
