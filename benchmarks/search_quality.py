"""Search quality on a real edition: does the reader find the article they remember?

It builds an edition from real issues of 人民日报 (`../shared/corpus/rmrb-2026/*-pages.txt`) under the
base URL `/paper/`, makes queries from the gold files, runs each through the real search page
(`/paper/search/?q=…`) in Debian's Chromium, and prints hit@1, hit@5 and MRR (over the ten results
of the first page) for three searches side by side:

- `sitegen`: the site as `sitegen build` makes it (jieba's hidden fields, assets/search.js);
- `sitegen without jieba fields`: the same pages and search page without the hidden fields
  (a project template drops them);
- `plain Pagefind`: Pagefind's JavaScript API with its default options over the pages without the
  hidden fields, its results in its own order.

Queries are deterministic: each is a phrase that occurs in exactly one article of the edition (in
the gold text and in the built pages, whitespace ignored) and in that article's built page: two or
three consecutive jieba words of its headline or of a paragraph in the middle of its body, a
reporter's name from its byline, or the place of its dateline (`本报文昌5月11日电` → 文昌).

    .venv/bin/python benchmarks/search_quality.py                 # 29 issues (2,200 articles), 200 queries
    .venv/bin/python benchmarks/search_quality.py --small         # 3 issues, 40 queries
    .venv/bin/python benchmarks/search_quality.py --only sitegen --misses   # one search, list what it missed

tests/test_search.py runs the small edition's queries (`make_queries`, `run_queries`) and wants
hit@1 ≥ 0.95.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import logging
import random
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.config import load_config  # noqa: E402
from sitegen.make import build  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "rmrb-2026"
THEME = ROOT / "sitegen" / "themes" / "default" / "templates"
BASE = "/paper/"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SEED = 15
"""Of the random choice of queries (fixed: the same corpus always gives the same queries)."""
MIX = {"headline": 0.35, "body": 0.4, "name": 0.15, "place": 0.1}
"""Share of each kind of query; a kind with too few candidates leaves its share to body phrases."""
SHOWN = 10
"""Results on the first page of the search page: MRR counts ranks up to here."""

HAN = re.compile(r"[\u4e00-\u9fff]+")
SPACE = re.compile(r"\s+")
ROLE = re.compile(r"本报记者|本报通讯员|特约记者|见习记者|实习生|通讯员|新华社记者|新华社|本报|记者|人民日报")
JIEBA_FIELDS = re.compile(r"\{% if extras\.search %\}.*?\{% endif %\}\n", re.S)
"""The hidden fields of jieba's words in templates/search-fields.html."""
DATELINE = re.compile(r"^(?:据)?(?:本报|新华社)([\u4e00-\u9fff]{2,8}?)\d{1,2}月\d{1,2}日电")


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    target: str
    """Site path of the article that holds it."""


@dataclass
class Score:
    name: str
    ranks: list[int | None] = field(default_factory=list)
    seconds: float = 0.0

    def at(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks)

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r is not None) / len(self.ranks)


# ---- the edition ----------------------------------------------------------------------------------

def make_project(root: Path, issues: list[Path], jieba_fields: bool) -> Path:
    """A project of the given corpus issues; without jieba_fields a template override drops them."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    for issue in issues:
        (root / "seeds" / issue.name).write_bytes(issue.read_bytes())
    (root / "sitegen.toml").write_text('title = "人民日报"\n', encoding="utf-8")
    if not jieba_fields:
        fields = (THEME / "search-fields.html").read_text(encoding="utf-8")
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / "search-fields.html").write_text(JIEBA_FIELDS.sub("", fields), encoding="utf-8")
    return root


def build_site(project: Path) -> Path:
    config = load_config(None, base_url=BASE, cwd=project)
    build(config)
    return config.paths.output


def corpus_issues(count: int | None) -> list[Path]:
    issues = sorted(CORPUS.glob("rmrb-*-pages.txt"))
    return issues[:count] if count else issues


# ---- the queries ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Built:
    path: str
    text: str
    authors: tuple[str, ...]


def built_articles(site: Path) -> dict[tuple[str, str], Built]:
    """(date, title without spaces) → the built article (path under the site, its text, its authors)."""
    found: dict[tuple[str, str], Built] = {}
    for path in sorted(site.rglob("article.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        parts = [data.get(k) or "" for k in ("kicker", "title", "subtitle", "byline", "signoff")]
        text = "\n".join(parts + [b.get("text") or "" for b in data["blocks"]])
        date = data["issue"]["date"] or ""
        found[(date, squash(data["title"]))] = Built(data["url"], squash(text), tuple(data["authors"]))
    return found


def squash(text: str) -> str:
    return SPACE.sub("", text)


def gold_articles(issues: list[Path]) -> list[tuple[str, dict[str, Any]]]:
    """(date, gold article) for every article of the issues."""
    found: list[tuple[str, dict[str, Any]]] = []
    for issue in issues:
        gold = json.loads((issue.parent / issue.name.replace("-pages.txt", ".gold.json")).read_text(encoding="utf-8"))
        date = re.search(r"\d{4}-\d{2}-\d{2}", issue.name).group()  # type: ignore[union-attr]
        found.extend((date, article) for article in gold["articles"])
    return found


def gold_text(article: dict[str, Any]) -> str:
    parts = [article.get(k) or "" for k in ("kicker", "title", "subtitle", "byline")]
    parts += article["paragraphs"] + article.get("headings", [])
    parts += [f.get("caption", "") + f.get("credit", "") for f in article.get("figures", [])]
    return squash("\n".join(parts))


def phrases(text: str, cut: Callable[[str], list[str]], low: int, high: int) -> list[str]:
    """Two or three consecutive jieba words of text, Han characters only, low to high characters long."""
    words = cut(text)
    found = []
    for size in (2, 3):
        for i in range(len(words) - size + 1):
            phrase = "".join(words[i:i + size])
            if HAN.fullmatch(phrase) and low <= len(phrase) <= high:
                found.append(phrase)
    return sorted(set(found))


def names(byline: str | None) -> list[str]:
    """Reporters' names of a gold byline (`本报记者 王云娜 宋 飞` → 王云娜, 宋飞)."""
    if not byline:
        return []
    cleaned = ROLE.sub(" ", byline)
    tokens = [t for t in re.split(r"[\s、，,：:（）()]+", cleaned) if t]
    joined: list[str] = []
    for token in tokens:   # a two-character name printed with a space: 宋 飞
        if len(token) == 1 and joined and len(joined[-1]) == 1:
            joined[-1] += token
        else:
            joined.append(token)
    return [n for n in joined if HAN.fullmatch(n) and 2 <= len(n) <= 4]


def make_queries(issues: list[Path], site: Path, total: int) -> list[Query]:
    """total queries (fewer if the edition lacks candidates), by MIX, deterministic."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()

    def cut(text: str) -> list[str]:
        return list(tokenizer.cut(text, HMM=False))

    built = built_articles(site)
    gold = gold_articles(issues)
    texts = [gold_text(a) for _, a in gold] + [b.text for b in built.values()]

    def unique(phrase: str) -> bool:
        return sum(phrase in t for t in texts) == 2   # once in the gold, once in the built pages

    candidates: dict[str, list[Query]] = {kind: [] for kind in MIX}
    for date, article in gold:
        page = built.get((date, squash(article["title"])))
        if page is None or not article["paragraphs"]:
            continue
        middle = article["paragraphs"][len(article["paragraphs"]) // 2]
        pools = {
            "headline": phrases(squash(article["title"]), cut, 3, 8),
            "body": phrases(middle, cut, 4, 10),
            "name": [n for n in names(article["byline"]) + dateline_names(article) if n in page.authors],
            "place": [m.group(1) for m in [DATELINE.match(article["paragraphs"][0])] if m],
        }
        for kind, pool in pools.items():
            held = [p for p in pool if p in page.text or (kind == "name" and p in page.authors)]
            if held:
                candidates[kind].append(Query(random.Random(f"{SEED}{page.path}{kind}").choice(held), kind, page.path))
    rng = random.Random(SEED)
    chosen: list[Query] = []
    seen: set[str] = set()
    for kind in sorted(MIX, key=lambda k: k == "body"):   # body last: it takes what the others leave
        want = round(total * MIX[kind]) if kind != "body" else total - len(chosen)
        ordered = sorted(candidates[kind], key=lambda q: (q.target, q.text))
        rng.shuffle(ordered)
        for query in ordered:
            if len([q for q in chosen if q.kind == kind]) >= want:
                break
            if query.text not in seen and unique(query.text):
                chosen.append(query)
                seen.add(query.text)
    return chosen


def dateline_names(article: dict[str, Any]) -> list[str]:
    """Names in a wire dateline's parentheses: `新华社北京5月10日电 （记者谢希瑶）`."""
    lead = article["paragraphs"][0] if article["paragraphs"] else ""
    found = re.match(r"^.{0,30}?电\s*[（(]([^）)]{2,40})[）)]", lead)
    return names(found.group(1)) if found else []


# ---- the browser ----------------------------------------------------------------------------------

class _Subpath(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(BASE):
            return str(Path(self.directory) / ".no-such-file")
        return super().translate_path("/" + clean[len(BASE):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site under http://127.0.0.1:<port>/paper/, as GitHub Pages serves a project site."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Subpath, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    finally:
        server.shutdown()
        server.server_close()


STATUS_READY = ("() => { const s = document.getElementById('search-status');"
                " return s && s.textContent && s.textContent !== '正在搜索…'; }")
PLAIN = """async ([query, shown]) => {
  const form = document.querySelector('form[data-search-shards]');
  const base = form.getAttribute('data-search-base');
  const shards = (await (await fetch(form.getAttribute('data-search-shards'))).json()).shards;
  const bundles = shards.map(s => base + s.bundle);
  if (!window.__plain) {
    window.__plain = await import(bundles[0] + 'pagefind.js');
    await window.__plain.options({ baseUrl: base });
    for (const bundle of bundles.slice(1)) { await window.__plain.mergeIndex(bundle); }
  }
  const found = await window.__plain.search(query);
  const top = await Promise.all(found.results.slice(0, shown).map(r => r.data()));
  return top.map(d => d.url);
}"""


def shown_paths(tab: Any) -> list[str]:
    """Site paths of the results the search page shows, in order."""
    hrefs = tab.eval_on_selector_all(".result-title a", "links => links.map(a => a.href)")
    return [unquote(urlsplit(h).path) for h in hrefs]


def run_queries(site: Path, queries: list[Query], name: str, plain: bool, browser: Any = None) -> Score:
    """Each query through the search page (or Pagefind's own API for plain); the target's rank. A
    Chromium of its own unless given one (Playwright's sync API runs one at a time per thread)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                return run_queries(site, queries, name, plain, chromium)
            finally:
                chromium.close()
    score = Score(name)
    start = time.perf_counter()
    with served(site) as url:
        context = browser.new_context()
        tab = context.new_page()
        if plain:
            tab.goto(url + "search/")
        for query in queries:
            if plain:
                paths = [unquote(urlsplit(u).path) for u in tab.evaluate(PLAIN, [query.text, SHOWN])]
            else:
                tab.goto(f"{url}search/?q={quote(query.text)}")
                tab.wait_for_function(STATUS_READY)
                paths = shown_paths(tab)
            paths = paths[:SHOWN]
            score.ranks.append(paths.index(query.target) + 1 if query.target in paths else None)
        context.close()
    score.seconds = time.perf_counter() - start
    return score


# ---- the run --------------------------------------------------------------------------------------

SEARCHES = {"sitegen": (True, False), "sitegen without jieba fields": (False, False), "plain Pagefind": (False, True)}
"""name → (jieba fields in the pages, Pagefind's own API)."""


def evaluate(work: Path, issues: list[Path], total: int, only: list[str] | None = None
             ) -> tuple[list[Query], list[Score], int]:
    """Build the edition (with and without the jieba fields), make the queries, run every search."""
    sites = {}
    for fields in (True, False):
        if any(SEARCHES[n][0] == fields for n in only or SEARCHES):
            sites[fields] = build_site(make_project(work / ("full" if fields else "plain"), issues, fields))
    first = next(iter(sites.values()))
    queries = make_queries(issues, first, total)
    scores = [run_queries(sites[fields], queries, name, plain)
              for name, (fields, plain) in SEARCHES.items() if not only or name in only]
    articles = sum(1 for _ in first.rglob("article.json"))
    return queries, scores, articles


def report(queries: list[Query], scores: list[Score], articles: int, misses: bool) -> None:
    kinds = {k: sum(q.kind == k for q in queries) for k in MIX}
    print(f"{len(queries)} queries ({', '.join(f'{n} {k}' for k, n in kinds.items())}) over {articles} articles")
    print("| search | hit@1 | hit@5 | MRR | time |")
    print("| --- | --- | --- | --- | --- |")
    for s in scores:
        print(f"| {s.name} | {s.at(1):.3f} | {s.at(5):.3f} | {s.mrr:.3f} | {s.seconds:.0f} s |")
    if misses:
        for s in scores:
            print(f"\n{s.name}: not first")
            for q, r in zip(queries, s.ranks, strict=True):
                if r != 1:
                    print(f"  {q.kind:8} {q.text:12} rank {r}  {q.target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="3 issues and 40 queries")
    parser.add_argument("--issues", type=int, help="the first N issues of the corpus (default: all)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--only", action="append", choices=list(SEARCHES), help="run only this search")
    parser.add_argument("--misses", action="store_true", help="list the queries whose article was not first")
    parser.add_argument("--keep", type=Path, help="build under this directory and keep it")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    issues = corpus_issues(3 if args.small else args.issues)
    total = 40 if args.small else args.queries
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        queries, scores, articles = evaluate(work, issues, total, args.only)
        report(queries, scores, articles, args.misses)


if __name__ == "__main__":
    main()
