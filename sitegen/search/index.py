"""The search index: Pagefind's extended indexer run over the staged site, in shards.

Pagefind indexes only the pages that carry `data-pagefind-body` (articles: headline, byline and
body; navigation is marked `data-pagefind-ignore`). Its extended build segments Chinese, since
every page says `lang="zh-CN"`.

The indexer holds the whole index in memory (about 2.7 GB for 10,000 articles), so a large edition
is indexed in shards of at most `search_shard_size` articles, one process after another: whole
issues, newest first, each shard a bundle of its own (`pagefind/`, `pagefind-2/`, …) that the
browser merges into the first with Pagefind's `mergeIndex` (assets/search.js; it asks the bundles
one after another when results are sorted by date). The site's pages name the bundles
(`plan_shards`), so the shards are planned before rendering; the indexer then checks that each
shard holds exactly the articles the plan gave it.

Each shard is indexed into a directory beside the site and moved in once every shard succeeded, so
a failed index leaves the site as it was; `sitegen build` indexes again only the shards whose
articles changed (`stale_shards`). Pagefind writes its filter index in an order that changes from run to run;
`canonical.py` sorts it, so that builds stay byte-identical.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import BuildError
from ..parallel import die_with
from ..site.catalog import Catalog
from ..site.urls import SEARCH_BUNDLES
from .canonical import canonicalize

log = logging.getLogger(__name__)

BUNDLE = SEARCH_BUNDLES
"""Directory of the first (or only) bundle under the site root."""
BUNDLE_NAME = re.compile(rf"{BUNDLE}(-\d+)?")
UNUSED_IN_SHARDS = re.compile(r"pagefind(-(ui|modular-ui|component-ui|highlight|worker))?\.(js|css)|wasm\..*")
"""What the browser loads from the first bundle only (the script, its worker, the wasm, the UIs): a
merged shard needs just its entry, metadata, index, filters and fragments."""
INDEXED = re.compile(r"Indexed (\d+) pages?")


@dataclass(slots=True, frozen=True)
class Shard:
    """One Pagefind bundle and the issues whose articles it indexes."""

    bundle: str
    """Its directory under the site root, with a trailing slash: `pagefind/`, `pagefind-2/`."""
    issues: tuple[str, ...]
    """Site paths of the issues it covers; empty for the only shard, which indexes every page."""
    articles: int


def plan_shards(catalog: Catalog, shard_size: int) -> tuple[Shard, ...]:
    """Whole issues, newest first, in as few shards of at most shard_size articles as possible (an
    issue larger than that is a shard of its own); one shard indexing everything when all fit."""
    total = len(catalog.stories)
    if total <= shard_size:
        return (Shard(f"{BUNDLE}/", (), total),)
    groups = _balanced([(entry.path, len(entry.stories)) for entry in catalog.issues], shard_size)
    return tuple(Shard(_bundle(n), tuple(p for p, _ in g), sum(c for _, c in g)) for n, g in enumerate(groups, 1))


def _balanced(sizes: list[tuple[str, int]], shard_size: int) -> list[list[tuple[str, int]]]:
    """Consecutive issues in as few shards of at most shard_size articles as possible, the largest
    as small as it can be: the smallest cap that fills no more shards than needed, found by
    bisection (filling shards in order up to a cap needs the fewest shards for that cap)."""
    total, largest = sum(n for _, n in sizes), max(n for _, n in sizes)
    high = max(largest, shard_size)
    count = len(_fill(sizes, high))
    low = max(largest, -(-total // count))
    while low < high:
        cap = (low + high) // 2
        if len(_fill(sizes, cap)) <= count:
            high = cap
        else:
            low = cap + 1
    return _fill(sizes, low)


def _fill(sizes: list[tuple[str, int]], cap: int) -> list[list[tuple[str, int]]]:
    """Issues in order, a new shard whenever the next would take the current one over cap."""
    groups: list[list[tuple[str, int]]] = [[]]
    size = 0
    for path, n in sizes:
        if groups[-1] and size + n > cap:
            groups.append([])
            size = 0
        groups[-1].append((path, n))
        size += n
    return groups


def _bundle(n: int) -> str:
    return f"{BUNDLE}/" if n == 1 else f"{BUNDLE}-{n}/"


def stale_shards(catalog: Catalog, shards: tuple[Shard, ...], changed: Iterable[str],
                 before: tuple[Shard, ...] | None = None, site: Path | None = None) -> tuple[Shard, ...]:
    """The shards to index again after an update: those with an article page written or removed, and
    — given the shards indexed before — new or changed ones, and — given the site — those whose
    bundle is missing. `sitegen build` and `sitegen serve` both ask this."""
    pages = [path for path in changed if path.endswith(".html")]
    every_issue = tuple(e.path for e in catalog.issues)
    return tuple(s for s in shards if (before is not None and s not in before)
                 or (site is not None and not (site / s.bundle).is_dir())
                 or any(p.startswith(s.issues or every_issue) for p in pages))


def index_shards(site: Path, todo: Iterable[Shard], shards: tuple[Shard, ...]) -> None:
    """Index the shards in todo again, each into a directory beside the site; once all succeeded, move
    them in and remove the bundles of shards no longer planned. A failure leaves the site's index as
    it was; any failure is a BuildError."""
    binary = pagefind_binary()
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f".{site.name}-index-", dir=site.parent))
    except OSError as exc:
        raise BuildError(f"search index: cannot create a directory beside {site}: {exc.strerror}") from exc
    try:
        made = []
        for n, shard in enumerate(todo):
            bundle = scratch / str(n)
            index_shard(binary, site, shard, bundle)
            made.append((shard.bundle, bundle))
        planned = {s.bundle.rstrip("/") for s in shards}
        for name, bundle in made:
            target = site / name
            if target.exists():
                os.rename(target, scratch / f"old-{target.name}")
            os.rename(bundle, target)
        for old in site.iterdir():
            if BUNDLE_NAME.fullmatch(old.name) and old.is_dir() and old.name not in planned:
                os.rename(old, scratch / f"old-{old.name}")
    except OSError as exc:
        raise BuildError(f"search index: cannot move the index into {site}: {exc.strerror}") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log.debug("search index: Pagefind's peak memory %.0f MB", peak_child_memory() / 1e6)


def peak_child_memory() -> int:
    """Peak resident memory in bytes of the largest child process that has ended (Linux: KiB → bytes)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def pagefind_binary() -> Path:
    """The extended Pagefind binary that `pip install pagefind[extended]` provides."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

        return Path(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise BuildError("search index: Pagefind's extended binary is missing; install it with "
                         "`pip install 'pagefind[extended]'`, or build with --no-search") from exc


def shard_glob(shard: Shard) -> str:
    """The pages of a shard as a Pagefind glob: `{2024/09/20,2024/09/21}/**/*.html`."""
    if not shard.issues:
        return "**/*.html"
    paths = [p.rstrip("/") for p in shard.issues]
    return (paths[0] if len(paths) == 1 else "{" + ",".join(paths) + "}") + "/**/*.html"


def index_shard(binary: Path, site: Path, shard: Shard, output: Path,
                started: Callable[[subprocess.Popen[str]], None] | None = None,
                preexec: Callable[[], None] | None = None) -> None:
    """Index one shard of the site into output, a directory of its own: Pagefind run over the shard's
    pages, the number it indexed checked against the plan, the bundle made byte-stable and, but for
    the first bundle, stripped of what the browser loads from the first only. started: told the
    Pagefind process (`sitegen serve` ends it when it stops); preexec: run in the child before
    Pagefind starts (default: it dies with a single-threaded build). Any failure is a BuildError."""
    if preexec is None and threading.active_count() == 1:
        preexec = partial(die_with, os.getpid())
    command = [str(binary), "--site", str(site), "--output-path", str(output), "--glob", shard_glob(shard)]
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=preexec)
    except OSError as exc:
        raise BuildError(f"search index: cannot run {binary}: {exc.strerror}") from exc
    if started is not None:
        started(process)
    out, err = process.communicate()
    if process.returncode != 0:
        detail = (err.strip() or out.strip()).splitlines()[-5:]
        raise BuildError(f"search index {shard.bundle}: Pagefind failed (exit {process.returncode}): "
                         + " / ".join(detail))
    log.debug("%s", out)
    found = INDEXED.search(out)
    indexed = int(found.group(1)) if found else 0
    if indexed != shard.articles:
        raise BuildError(f"search index {shard.bundle}: Pagefind indexed {indexed} pages, expected "
                         f"{shard.articles} articles; do the article pages still carry data-pagefind-body?")
    canonicalize(output)
    if shard.bundle != f"{BUNDLE}/":
        _drop_browser_code(output)
    log.debug("search index %s: %d articles", shard.bundle, indexed)


def _drop_browser_code(bundle: Path) -> None:
    """Remove what the browser loads from the first bundle only."""
    for path in sorted(bundle.iterdir()):
        if path.is_file() and UNUSED_IN_SHARDS.fullmatch(path.name):
            path.unlink()
        elif path.is_dir() and path.name == "playground":
            shutil.rmtree(path)
