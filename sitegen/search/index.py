"""The search index: Pagefind's extended indexer run over the staged site, one shard at a time.

Pagefind indexes only the pages that carry `data-pagefind-body` (articles: headline, byline and
body; navigation is marked `data-pagefind-ignore`). Its extended build segments Chinese, since
every page says `lang="zh-CN"`.

The indexer holds the whole index in memory, so the index is made of shards of at most
`search_shard_size` articles, each a period of the calendar (`shards.py`), indexed one after
another, each into a bundle of its own (`pagefind-2026-05/` …) that the browser merges with
Pagefind's `mergeIndex` (assets/search.js reads the bundles from `search/shards.json`). Each bundle
keeps what the browser needs to load it first (`pagefind.js`, its worker and its wasm); the UIs
Pagefind writes are not used. The indexer checks that each shard holds exactly the articles the
plan gave it.

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
from functools import partial
from pathlib import Path

from .. import progress
from ..errors import BuildError
from ..parallel import die_with
from ..site.urls import SEARCH_BUNDLES
from .canonical import canonicalize
from .shards import Shard

log = logging.getLogger(__name__)

BUNDLE_NAME = re.compile(rf"{SEARCH_BUNDLES}(-[0-9a-z-]+)?")
"""A bundle's directory (and those of the layouts before time shards: `pagefind/`, `pagefind-2/`)."""
KEPT = re.compile(r"pagefind(-worker)?\.js|wasm\..*|pagefind-entry\.json|.*\.pf_meta")
"""What a bundle keeps of Pagefind's files beside its index, filters and fragments: what the browser
loads from the first bundle it opens (the script, its worker, the wasm) and the bundle's entry and
metadata."""
INDEXED = re.compile(r"Indexed (\d+) pages?")


def stale_shards(shards: tuple[Shard, ...], changed: Iterable[str],
                 before: tuple[Shard, ...] | None = None, site: Path | None = None) -> tuple[Shard, ...]:
    """The shards to index again after an update: those with an article page written or removed, and
    — given the shards indexed before — new or changed ones, and — given the site — those whose
    bundle is missing. `sitegen build` and `sitegen serve` both ask this."""
    pages = [path for path in changed if path.endswith(".html")]
    return tuple(s for s in shards if (before is not None and s not in before)
                 or (site is not None and not (site / s.bundle).is_dir())
                 or any(p.startswith(s.issues) for p in pages))


def index_shards(site: Path, todo: Iterable[Shard], shards: tuple[Shard, ...]) -> None:
    """Index the shards in todo again, each into a directory beside the site; once all succeeded, move
    them in and remove the bundles of shards no longer planned. A failure leaves the site's index as
    it was; any failure is a BuildError."""
    binary = pagefind_binary()
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f".{site.name}-index-", dir=site.parent))
    except OSError as exc:
        raise BuildError(f"search index: cannot create a directory beside {site}: {exc.strerror}") from exc
    todo = tuple(todo)
    try:
        made = []
        with progress.task("index", sum(s.articles for s in todo)) as advance:
            for n, shard in enumerate(todo):
                bundle = scratch / str(n)
                index_shard(binary, site, shard, bundle)
                made.append((shard.bundle, bundle))
                advance(shard.articles)
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
    paths = [p.rstrip("/") for p in shard.issues]
    return (paths[0] if len(paths) == 1 else "{" + ",".join(paths) + "}") + "/**/*.html"


def index_shard(binary: Path, site: Path, shard: Shard, output: Path,
                started: Callable[[subprocess.Popen[str]], None] | None = None,
                preexec: Callable[[], None] | None = None) -> None:
    """Index one shard of the site into output, a directory of its own: Pagefind run over the shard's
    pages, the number it indexed checked against the plan, the bundle made byte-stable and stripped
    of what the browser never loads. started: told the
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
    _drop_unused(output)
    log.debug("search index %s: %d articles", shard.bundle, indexed)


def _drop_unused(bundle: Path) -> None:
    """Remove what the browser never loads: the UIs, the highlighter, the playground."""
    for path in sorted(bundle.iterdir()):
        if path.is_file() and not KEPT.fullmatch(path.name):
            path.unlink()
        elif path.is_dir() and path.name == "playground":
            shutil.rmtree(path)
