"""Lighthouse on the search page with results shown: performance, accessibility, best practices, SEO,
and the layout shift (CLS) as results arrive.

It builds three issues of the 2026 corpus under /paper/ (as `search_quality.py --small` does), or
takes a built site (`--site`), serves it, and runs the Lighthouse CLI (installed with npm, outside the
project: `npm install lighthouse` in a directory of your choice) against
`/paper/search/?q=…` in Debian's Chromium, on the mobile and desktop presets.

    CHROME_PATH=/usr/bin/chromium .venv/bin/python benchmarks/search_lighthouse.py \\
        --lighthouse /tmp/lh/node_modules/.bin/lighthouse
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import build_site, corpus_issues, make_project, served  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


def lighthouse(cli: Path, url: str, preset: str, out: Path) -> dict[str, float]:
    """Category scores and CLS of one Lighthouse run."""
    command = [str(cli), url, "--output=json", f"--output-path={out}", "--quiet", f"--chrome-flags={FLAGS}",
               f"--only-categories={','.join(CATEGORIES)}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    scores["CLS"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", type=Path, required=True, help="the lighthouse CLI")
    parser.add_argument("--site", type=Path, help="a site built for /paper/ (default: build 3 corpus issues)")
    parser.add_argument("--query", default="两会")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_site(make_project(Path(tmp) / "edition", corpus_issues(3), True))
        with served(site) as url:
            page = f"{url}search/?q={quote(args.query)}"
            print(f"| preset | {' | '.join(CATEGORIES)} | CLS |")
            print("| --- |" + " --- |" * (len(CATEGORIES) + 1))
            for preset in ("mobile", "desktop"):
                s = lighthouse(args.lighthouse, page, preset, Path(tmp) / f"{preset}.json")
                print(f"| {preset} | " + " | ".join(f"{s[c]:.2f}" for c in CATEGORIES) + f" | {s['CLS']:.3f} |")


if __name__ == "__main__":
    main()
