"""Time from saving a file to an open browser tab showing the change, under `sitegen serve`.

Starts `sitegen serve` on a project, opens an article in Chromium (Playwright, /usr/bin/chromium)
and, five times each, edits the article's headline in its seed and a colour in the stylesheet. A
seed edit is timed from the moment the file is written to the first frame of the reloaded page
showing the new headline; a stylesheet edit to the first frame whose computed colour is the new
one (the page is not reloaded). Prints every run and the median of each.

    python benchmarks/serve_latency.py                      # the repository's seed project
    python benchmarks/serve_latency.py --articles 10000     # an edition made by benchmarks/generate.py
    python benchmarks/serve_latency.py --articles 10000 --dir /tmp/bench10k   # keep and reuse it

Each measurement runs twice, with the search index kept up to date (`sitegen serve`) and without
(`--no-search`), one after the other on the same project, and prints both medians and their ratio;
`--search on` or `--search off` runs one of them. Target: a seed edit shown within 300 ms (median),
with search on, on the seed project and at 10,000 articles.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.parse import parse_file  # noqa: E402
from sitegen.render.theme import DEFAULT_THEME  # noqa: E402
from sitegen.site.urls import article_path, issue_paths  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SEED_PROJECT = ("sitegen.toml", "seeds", "templates", "assets", "pages")
SHOWN_AT = """
document.addEventListener('DOMContentLoaded', () => requestAnimationFrame(() => {
  window.__shownAt = performance.timeOrigin + performance.now();
}));
"""
"""Every document notes the wall-clock time of its first frame."""
COLOUR_AT = """colour => {
  window.__colourAt = undefined;
  const h1 = document.querySelector('h1.story-title');
  const look = () => getComputedStyle(h1).color === colour
    ? window.__colourAt = performance.timeOrigin + performance.now() : requestAnimationFrame(look);
  look();
}"""
"""Notes the wall-clock time of the first frame in which the headline has that colour."""


def make_project(articles: int, directory: Path) -> Path:
    """The seed project, or a generated edition of that many articles (reused when already there)."""
    if articles == 0:
        for name in SEED_PROJECT:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, directory / name, dirs_exist_ok=True)
            elif source.is_file():
                shutil.copy2(source, directory / name)
    elif not (directory / "seeds").is_dir():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(articles), str(directory)],
                       check=True)
    style = directory / "assets" / "style.css"
    if not style.exists():
        style.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(DEFAULT_THEME / "assets" / "style.css", style)
    return directory


def pick_article(project: Path) -> tuple[Path, str, str]:
    """A seed from the middle of the edition, the site path of its first article and its headline."""
    seeds = sorted((project / "seeds").glob("*.txt"))
    seed = seeds[len(seeds) // 2]
    issue = parse_file(seed, str(seed.relative_to(project)))
    article = next(a for a in issue.articles if a.blocks and f"\n{a.title}\n" in f"\n{seed.read_text('utf-8')}")
    return seed, article_path(issue_paths([issue])[issue.id], article), article.title


class Server:
    """`sitegen serve --port 0` in the project, until stopped."""

    def __init__(self, project: Path, search: bool) -> None:
        command = [sys.executable, "-c", "from sitegen.cli import main; main()", "serve", "--port", "0"]
        self.process = subprocess.Popen(command + ([] if search else ["--no-search"]), cwd=project,
                                        stderr=subprocess.PIPE, text=True)
        self.url = ""
        self.log: list[str] = []
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)
            found = re.match(r"serving (http://\S+)", line)
            if found:
                self.url = found.group(1)
                break
        if not self.url:
            raise SystemExit("sitegen serve did not start:\n" + "".join(self.log))
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def edit_headline(page, seed: Path, title: str, new: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from writing the seed to the first frame showing the new headline."""
    text = seed.read_text(encoding="utf-8")
    page.evaluate("window.__shownAt = undefined")
    saved = _write(seed, text.replace(f"\n{title}\n", f"\n{new}\n", 1))
    page.locator("h1.story-title", has_text=new).wait_for(timeout=60_000)
    page.wait_for_function("window.__shownAt !== undefined", timeout=60_000)
    return page.evaluate("window.__shownAt") / 1000 - saved


def edit_colour(page, style: Path, base: str, n: int) -> float:  # type: ignore[no-untyped-def]
    """Seconds from writing the stylesheet to the first frame with the new colour, without a reload."""
    colour = f"rgb({n}, {2 * n}, {3 * n})"
    page.evaluate("window.__notReloaded = true")
    page.evaluate(COLOUR_AT, colour)
    saved = _write(style, f"{base}\nh1.story-title {{ color: {colour}; }}\n")
    page.wait_for_function("window.__colourAt !== undefined", timeout=60_000)
    seconds = page.evaluate("window.__colourAt") / 1000 - saved
    assert page.evaluate("window.__notReloaded") is True, "the page was reloaded"
    return seconds


def _write(path: Path, text: str) -> float:
    """Save a file as an editor does; the wall-clock time it was saved."""
    path.write_text(text, encoding="utf-8")
    return time.time()


def measure(project: Path, runs: int, search: bool, verbose: bool) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    seed, path, title = pick_article(project)
    base_seed = seed.read_text(encoding="utf-8")
    style = project / "assets" / "style.css"
    base_css = style.read_text(encoding="utf-8")
    started = time.perf_counter()
    server = Server(project, search)
    print(f"serving {server.url} after {time.perf_counter() - started:.1f} s; article {path}", flush=True)
    results: dict[str, list[float]] = {"seed": [], "css": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.add_init_script(SHOWN_AT)
            page.goto(server.url + path)
            page.wait_for_timeout(500)
            shown = title
            for n in range(runs):
                new = f"{title}（改{n + 1}）"
                results["seed"].append(edit_headline(page, seed, shown, new))
                shown = new
                page.wait_for_timeout(1500)
                results["css"].append(edit_colour(page, style, base_css, n + 1))
                page.wait_for_timeout(1500)
                print(f"run {n + 1}: seed {results['seed'][-1] * 1000:.0f} ms, css {results['css'][-1] * 1000:.0f} ms",
                      flush=True)
            browser.close()
    finally:
        server.stop()
        style.write_text(base_css, encoding="utf-8")
        seed.write_text(base_seed, encoding="utf-8")
        if verbose:
            print("".join(server.log), end="")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=0, help="generate an edition of N articles (0: the seed)")
    parser.add_argument("--dir", type=Path, help="where the generated edition is (made when missing, kept)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--search", choices=("both", "on", "off"), default="both",
                        help="with the search index kept up to date, without, or both (default)")
    parser.add_argument("--verbose", action="store_true", help="print the server's log")
    args = parser.parse_args()
    scratch = None
    if args.dir is None or args.articles == 0:
        scratch = Path(tempfile.mkdtemp(prefix="serve-latency-"))
    directory = args.dir if args.dir is not None and args.articles else scratch
    assert directory is not None
    modes = {"both": (True, False), "on": (True,), "off": (False,)}[args.search]
    results = {}
    try:
        project = make_project(args.articles, directory)
        for search in modes:
            print(f"search {'on' if search else 'off'}:", flush=True)
            results[search] = measure(project, args.runs, search, args.verbose)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    name = "seed project" if args.articles == 0 else f"{args.articles} articles"
    for kind, label in (("seed", "seed edit → new headline shown"), ("css", "CSS edit → new colour shown")):
        medians = {}
        for search, found in results.items():
            medians[search] = statistics.median(found[kind])
            print(f"{name}, search {'on ' if search else 'off'}: {label}: median {medians[search] * 1000:.0f} ms "
                  f"(runs: {', '.join(f'{s * 1000:.0f}' for s in found[kind])} ms)")
        if len(medians) == 2:
            print(f"{name}: {label}: search on ÷ off = {medians[True] / medians[False]:.2f}")
        if kind == "seed" and True in medians:
            print(f"target ≤ 300 ms with search on: {medians[True] * 1000:.0f} ms → "
                  f"{'met' if medians[True] <= 0.3 else 'MISSED'}")


if __name__ == "__main__":
    main()
