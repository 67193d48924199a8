"""The search index: Pagefind's extended indexer run over the staged site, in shards.

Pagefind indexes only the pages that carry `data-pagefind-body` (articles: headline, byline and
body; navigation is marked `data-pagefind-ignore`). Its extended build segments Chinese, since
every page says `lang="zh-CN"`.

The indexer holds the whole index in memory (about 2.7 GB for 10,000 articles), so a large edition
is indexed in shards of at most `search_shard_size` articles, one process after another: whole
issues, newest first, each shard a bundle of its own (`pagefind/`, `pagefind-2/`, …) that the
browser merges into the first with Pagefind's `mergeIndex` (assets/search.js; it asks the bundles
one after another when results are sorted by date). The site's pages name the bundles
(`SearchPlan.bundles`), so the plan is made before rendering; the indexer then checks that each
shard holds exactly the articles the plan gave it.

The directory indexed is the staged build, before it replaces the old site: a failed index leaves
the old site in place. Pagefind writes its filter index in an order that changes from run to run;
`canonical.py` sorts it, so that builds stay byte-identical.
"""

from __future__ import annotations

import logging
import re
import resource
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from ..errors import BuildError
from .canonical import canonicalize
from .terms import SearchWords

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
"""Directory of the first (or only) bundle under the site root."""
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


@dataclass(slots=True, frozen=True)
class SearchPlan:
    """What the search index will hold, known before rendering."""

    shards: tuple[Shard, ...]
    words: Mapping[str, SearchWords] = field(default_factory=dict)
    """Each article page's hidden search fields, by story key."""

    @property
    def bundles(self) -> tuple[str, ...]:
        """Site paths of every bundle, the one to load first first."""
        return tuple(s.bundle for s in self.shards)


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


def index_site(site: Path, plan: SearchPlan) -> None:
    """Index the articles under site into the plan's bundles; any failure is a BuildError."""
    binary = pagefind_binary()
    for shard in plan.shards:
        indexed = _run(binary, site, shard)
        if indexed != shard.articles:
            raise BuildError(f"search index {shard.bundle}: Pagefind indexed {indexed} pages, expected "
                             f"{shard.articles} articles; do the article pages still carry data-pagefind-body?")
        canonicalize(site / shard.bundle)
        if shard.bundle != f"{BUNDLE}/":
            _drop_browser_code(site / shard.bundle)
        log.debug("search index %s: %d articles", shard.bundle, indexed)
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


def _run(binary: Path, site: Path, shard: Shard) -> int:
    """Run Pagefind for one shard; the number of pages it indexed."""
    command = [str(binary), "--site", str(site), "--output-subdir", shard.bundle.rstrip("/"),
               "--glob", shard_glob(shard)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BuildError(f"search index: cannot run {binary}: {exc.strerror}") from exc
    if done.returncode != 0:
        detail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-5:]
        raise BuildError(f"search index {shard.bundle}: Pagefind failed (exit {done.returncode}): "
                         + " / ".join(detail))
    log.debug("%s", done.stdout)
    found = INDEXED.search(done.stdout)
    return int(found.group(1)) if found else 0


def _drop_browser_code(bundle: Path) -> None:
    """Remove what the browser loads from the first bundle only."""
    for path in sorted(bundle.iterdir()):
        if path.is_file() and UNUSED_IN_SHARDS.fullmatch(path.name):
            path.unlink()
        elif path.is_dir() and path.name == "playground":
            shutil.rmtree(path)
