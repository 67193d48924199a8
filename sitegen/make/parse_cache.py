"""The parse cache: each seed's parsed Issue, and its articles' keywords, kept by content hash.

Parsing the seeds and extracting every article's keywords (jieba TF-IDF) is most of a cold
build. Both depend on nothing but the seed's bytes, its sidecar's, the name the seed is shown by,
the keyword count and sitegen's own parsing code (and the segmenters' versions), so a build keeps
them in `.sitegen-cache/issues/` of the project: one pickle per seed, named by a hash of the seed's
name and the sha256 of all those inputs. A warm build parses only the seeds that changed. An
entry is never stale, only unused: a changed seed, sidecar, count or parser makes a new key, and
the seed's old entry is deleted when the new one is written. Deleting the directory is always safe.

    .sitegen-cache/issues/<sha256 of the seed's name, 16 hex>-<sha256 of the inputs, 32 hex>.pickle
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import model, progress
from ..config import Config
from ..errors import ParseError
from ..intake import read_file
from ..model import Issue
from ..parallel import fork_map
from ..parse import learned
from ..parse.seeds import parse_seed
from ..site.keywords import article_keywords, remember_keywords
from . import pickling
from .cache_dir import cache_dir, code_digest

log = logging.getLogger(__name__)

pickling.install(model)

FORMAT = 2
"""Bump when the layout of an entry changes."""
CODE = ("parse/*.py", "parse/issuefile/*.py", "model.py", "slug.py", "site/keywords.py", "make/parse_cache.py")
"""sitegen's sources an entry depends on, relative to the package: any edit to them is a new key."""


@dataclass(slots=True, frozen=True)
class Entry:
    """What the cache keeps for one seed."""

    issue: Issue
    keywords: tuple[tuple[str, ...], ...]
    """Keywords of each of the issue's articles, in print order."""


def parse_all(paths: Sequence[Path], config: Config, jobs: int = 1) -> list[Issue | ParseError]:
    """Each seed parsed as the build shows it (`parse_file(path, config.paths.show(path))`), or the
    ParseError it raised: from the cache when nothing it depends on changed, else parsed (in up to
    `jobs` processes) and kept in the cache; the articles' keywords are remembered either way."""
    cache = ParseCache.of(config)
    found: dict[Path, Issue | ParseError] = {}
    missed = []
    for path in paths:
        issue = cache.cached(path)
        if issue is None:
            missed.append(path)
        else:
            found[path] = issue
    # The first in this process: the segmenters' dictionaries are loaded once, before forking.
    with progress.task("parse", len(missed)) as advance:
        parsed = [cache.parse(missed[0])] if missed else []
        advance(len(parsed))
        parsed += fork_map(cache.parse, missed[1:], jobs, done=lambda _: advance(1))
    for path, result in zip(missed, parsed, strict=True):
        if isinstance(result, Entry):
            cache.remember(result)
            found[path] = result.issue
        else:
            found[path] = result
    return [found[path] for path in paths]


class ParseCache:
    """Parsed seeds of one project under `<project>/.sitegen-cache/issues/`."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.folder = cache_dir(config, "issues")
        self.writable = True
        """Cleared after the first failed write: a read-only project builds without the cache."""

    @staticmethod
    def of(config: Config) -> ParseCache:
        """The cache of this config's project (one per config, so a build shares it)."""
        return _cache_for(config)

    def cached(self, path: Path) -> Issue | None:
        """The seed's issue from the cache (its articles' keywords remembered), or None."""
        key = self.key(path, self.config.paths.show(path))
        entry = self._read(path, key) if key else None
        if entry is None:
            return None
        self.remember(entry)
        return entry.issue

    def parse(self, path: Path) -> Entry | ParseError:
        """Parse the seed and extract its articles' keywords (in a child process of `parse_all`), and
        keep both in the cache."""
        source = self.config.paths.show(path)
        key = self.key(path, source)
        try:
            issue = parse_seed(path, source)
        except ParseError as exc:
            return exc
        count = self.config.keywords_per_article
        entry = Entry(issue, tuple(article_keywords(a, count) for a in issue.articles))
        if key and self.writable:
            self._write(path, key, entry)
        return entry

    def remember(self, entry: Entry) -> None:
        """Let keywords.py know the keywords of an entry's articles."""
        for article, words in zip(entry.issue.articles, entry.keywords, strict=True):
            remember_keywords(article, self.config.keywords_per_article, words)

    def key(self, path: Path, source: str) -> str | None:
        """sha256 of everything the entry depends on; None when the seed cannot be read (the
        parser then reports it as it always does)."""
        try:
            seed = read_file(path)
            sidecar = path.with_suffix(".toml")
            side = read_file(sidecar) if sidecar.exists() else b"-"
            model = learned.digest_for(path)
        except (OSError, ParseError):
            return None
        h = hashlib.sha256()
        for part in (str(FORMAT), code_digest(CODE), source, str(self.config.keywords_per_article), path.name, model):
            h.update(part.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(seed).digest() + hashlib.sha256(side).digest())
        return h.hexdigest()

    def _file(self, path: Path, key: str) -> Path:
        return self.folder / f"{_name_hash(path)}-{key[:32]}.pickle"

    def _read(self, path: Path, key: str) -> Entry | None:
        try:
            with open(self._file(path, key), "rb") as f:
                entry = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged or foreign entry is a miss, never an error
            log.debug("cache: ignoring %s: %s", self._file(path, key), exc)
            return None
        return entry if isinstance(entry, Entry) else None

    def _write(self, path: Path, key: str, entry: Entry) -> None:
        """Write the entry atomically and delete the seed's older entries."""
        target = self._file(path, key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{_name_hash(path)}-*.pickle"):
                old.unlink(missing_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as f:
                pickle.dump(entry, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        except OSError as exc:
            self.writable = False
            log.warning("cache: cannot write %s (%s); building without the parse cache", self.folder, exc.strerror)


@lru_cache(maxsize=4)
def _cache_for(config: Config) -> ParseCache:
    return ParseCache(config)


def _name_hash(path: Path) -> str:
    return hashlib.sha256(path.name.encode("utf-8")).hexdigest()[:16]
