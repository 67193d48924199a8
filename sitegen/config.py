"""Site configuration: `sitegen.toml`, read with tomllib and validated in one pass.

A missing sitegen.toml means the defaults below. Every problem (unknown key, wrong type, bad
value) is collected and reported together in one ConfigError, each line naming the file and key:

    sitegen.toml: unknown key 'titel' (did you mean 'title'?)
    sitegen.toml: 'feed_size' must be an integer, not a string

Paths in `[paths]` are relative to the directory holding sitegen.toml (the project directory).
"""

from __future__ import annotations

import difflib
import ipaddress
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from .errors import ConfigError
from .intake import NOT_IN_NAMES, TomlError, char_names, load_toml, not_text, read_file, special_file, strings

log = logging.getLogger(__name__)

CONFIG_NAME = "sitegen.toml"

SITE_KEYS: dict[str, type] = {
    "title": str,
    "description": str,
    "base_url": str,
    "feed_size": int,
    "keywords_per_article": int,
    "related_articles": int,
    "excerpt_length": int,
    "list_page_size": int,
    "search_shard_size": int,
    "search_recent": int,
    "search_words": list,
    "editor": str,
    "repo_url": str,
    "repo_branch": str,
    "paths": dict,
}
PATH_KEYS = ("seeds", "output", "templates", "assets", "pages")
RANGES = {"feed_size": (1, 10_000), "keywords_per_article": (1, 100), "related_articles": (0, 100),
          "excerpt_length": (1, 10_000), "list_page_size": (1, 100_000), "search_shard_size": (1, 1_000_000),
          "search_recent": (1, 1_000_000_000)}
"""The numbers a config may set, each from the least to the most that makes sense."""
URL_PATH = re.compile(r"(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/?")
"""The path of base_url or repo_url: `/`-separated segments of ASCII letters, digits and `-._~` (no
segment `.` or `..`, none empty): what needs no escaping anywhere a URL is written."""
PATH_ADVICE = ("has a path that needs escaping: use only ASCII letters, digits and -._~ between slashes "
               "(no . or .. segments)")
HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
BRANCH = re.compile(r"(?!/|.*(?:\.\.|//|@\{|\.lock/|/\.))[^\x00-\x20\x7f~^:?*\[\\]{1,200}(?<![./])(?<!\.lock)")
"""A git branch name as `git check-ref-format --branch` allows it (no space, `..`, `~^:?*[\\`, `@{` …)."""
REMOVED_KEYS = {
    "default_section": "an article printed under no column label is in its page's section (the name in "
                       "`第02版：要闻` or in the sidecar's [pages]), else in none; a default would label "
                       "评论 and 国际 alike, so remove the key (docs/configuration.md)",
}
"""Keys sitegen once read, and why they are gone: an error saying so rather than a silent change."""
TYPE_NAMES = {str: "a string", int: "an integer", dict: "a table", bool: "a boolean", float: "a number",
              list: "an array"}


@dataclass(slots=True, frozen=True)
class Paths:
    """Where the project's files are, all absolute."""

    project: Path
    """The directory holding sitegen.toml (or the working directory when there is none)."""
    seeds: Path
    """Raw issue texts (`*.txt`, each with an optional sidecar `.toml`)."""
    output: Path
    """The built site; replaced whole by each successful build."""
    templates: Path
    """Project templates; each overrides the built-in template of the same name."""
    assets: Path
    """Project assets; each overrides the built-in asset of the same name."""
    pages: Path
    """Optional static pages in Markdown (`about.md` → `/about/`)."""

    def show(self, path: Path) -> str:
        """Path as the user would write it: relative to the project when inside it."""
        try:
            return str(path.relative_to(self.project))
        except ValueError:
            return str(path)


@dataclass(slots=True, frozen=True)
class Config:
    """Everything sitegen.toml can say, with defaults filled in."""

    paths: Paths
    source: str = CONFIG_NAME
    """The config file as named to the user, for messages."""
    title: str = "数字报"
    """The newspaper's name, set as the masthead."""
    description: str = "报纸数字版"
    base_url: str = "/"
    """Where the site is served: a path (`/paper/`) or a full URL (`https://x.github.io/paper/`)."""
    feed_size: int = 20
    """Articles in each Atom feed."""
    keywords_per_article: int = 5
    related_articles: int = 4
    excerpt_length: int = 90
    """Characters of an article's first lines shown in listings."""
    list_page_size: int = 50
    """Articles on one page of a section, author or keyword list; longer lists go on over more pages."""
    search_shard_size: int = 2000
    """Most articles in one Pagefind index; a larger edition is indexed in shards the browser merges."""
    search_recent: int = 10000
    """Articles the search page searches first, newest first (whole shards); the rest when the reader
    asks for every year or picks an older one."""
    search_words: tuple[str, ...] = ()
    """Names and terms the search segmentation must keep whole, besides those found in the edition."""
    editor: str | None = None
    """`sitegen serve` links each doubt to its file and line in this editor (`vscode`, … or a URL
    pattern with `{path}` and `{line}`)."""
    repo_url: str | None = None
    """The edition's GitHub repository (`https://github.com/owner/paper`): each article page links to
    correcting its source there (纠错)."""
    repo_branch: str = "main"
    """The branch of repo_url the seeds are edited on."""

    def site_url_advice(self) -> str | None:
        """What to do when base_url is only a path: what wants absolute URLs is then left out."""
        if urlsplit(self.base_url).netloc:
            return None
        return (f"{self.source}: base_url {self.base_url!r} is only a path, so sitemap.xml, canonical links, "
                "og:url and og:image are left out; to have them set base_url to the site's full URL, "
                "e.g. base_url = \"https://<user>.github.io/<repo>/\" (or pass --base-url)")


def load_config(path: Path | None = None, *, base_url: str | None = None, cwd: Path | None = None) -> Config:
    """Read and validate the config at path (default ./sitegen.toml; missing means defaults)."""
    cwd = (cwd or Path.cwd()).resolve()
    explicit = path is not None
    given = Path(os.path.normpath(cwd / (path or CONFIG_NAME)))
    path = given.resolve()
    source = _shown(given, cwd)  # as the user names it: a link by its own name, not its target's
    if path.is_dir() or special_file(path):
        raise ConfigError(f"{source}: is {special_file(path) or 'a directory'}, not a config file")
    if not path.is_file():
        if explicit:
            raise ConfigError(f"{source}: no such config file")
        log.info("no %s: using defaults", CONFIG_NAME)
        data: dict[str, Any] = {}
    else:
        data = _read_toml(path, source)
    if base_url is not None:
        problem = base_url_problem(base_url)
        if problem:
            raise ConfigError(f"--base-url: {problem}")
        data["base_url"] = base_url
    return _config(data, source, path.parent)


def _shown(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def _read_toml(path: Path, source: str) -> dict[str, Any]:
    try:
        return load_toml(read_file(path).decode("utf-8-sig"))
    except TomlError as exc:
        raise ConfigError(f"{source}:{exc.line}: {exc}" if exc.line else f"{source}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{source}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{source}: cannot read: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                          f"{exc.start})") from None


def _config(data: dict[str, Any], source: str, project: Path) -> Config:
    """Check every key at once, then build the Config."""
    problems = _key_problems(data, source)
    paths_table = data.get("paths", {}) if isinstance(data.get("paths", {}), dict) else {}
    problems += _path_problems(paths_table, source)
    problems += _value_problems(data, source)
    if problems:
        raise ConfigError("\n".join(problems))
    paths = _paths(paths_table, project)
    problems = _overlap_problems(paths, source)
    if problems:
        raise ConfigError("\n".join(problems))
    values = {k: v for k, v in data.items() if k != "paths"}
    if "search_words" in values:
        values["search_words"] = tuple(w.strip() for w in values["search_words"])
    if "base_url" in values:
        values["base_url"] = normalize_base_url(values["base_url"])
    if "repo_url" in values:
        values["repo_url"] = values["repo_url"].rstrip("/")
    return Config(paths=paths, source=source, **values)


def _key_problems(data: dict[str, Any], source: str) -> list[str]:
    problems = []
    for key, value in data.items():
        expected = SITE_KEYS.get(key)
        if key in REMOVED_KEYS:
            problems.append(f"{source}: '{key}' is no longer read: {REMOVED_KEYS[key]}")
        elif expected is None:
            problems.append(f"{source}: unknown key '{key}'{_did_you_mean(key, SITE_KEYS)}")
        elif not _is(value, expected):
            problems.append(f"{source}: '{key}' must be {TYPE_NAMES[expected]}, not {_type_name(value)}")
    return problems


def _path_problems(table: dict[str, Any], source: str) -> list[str]:
    problems = []
    for key, value in table.items():
        if key not in PATH_KEYS:
            problems.append(f"{source}: unknown key 'paths.{key}'{_did_you_mean(key, PATH_KEYS)}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{source}: 'paths.{key}' must be a non-empty string, not {_type_name(value)}")
        elif found := sorted(set(NOT_IN_NAMES.findall(value)) - set(not_text(value))):
            problems.append(f"{source}: 'paths.{key}' holds {char_names(found)}, which no file name may hold")
    return problems


def _value_problems(data: dict[str, Any], source: str) -> list[str]:
    problems = []
    for key, (least, most) in RANGES.items():
        if _is(data.get(key), int) and data[key] < least:
            problems.append(f"{source}: '{key}' must be at least {least}, not {_number(data[key])}")
        elif _is(data.get(key), int) and data[key] > most:
            problems.append(f"{source}: '{key}' must be at most {most:,}, not {_number(data[key])}")
    if isinstance(data.get("title"), str) and not data["title"].strip():
        problems.append(f"{source}: 'title' must not be empty")
    if isinstance(data.get("search_words"), list) and not all(isinstance(w, str) and w.strip()
                                                               for w in data["search_words"]):
        problems.append(f"{source}: 'search_words' must be an array of non-empty strings")
    if isinstance(data.get("editor"), str) and not data["editor"].strip():
        problems.append(f"{source}: 'editor' must not be empty")
    problems += _text_problems(data, source)
    if isinstance(data.get("base_url"), str) and (problem := base_url_problem(data["base_url"])):
        problems.append(f"{source}: 'base_url' {problem}")
    if isinstance(data.get("repo_url"), str) and (problem := _repo_url_problem(data["repo_url"])):
        problems.append(f"{source}: 'repo_url' {problem}")
    if isinstance(data.get("repo_branch"), str) and not BRANCH.fullmatch(data["repo_branch"]):
        problems.append(f"{source}: 'repo_branch' {data['repo_branch']!r} is not a git branch name (no spaces, "
                        "no .. ~ ^ : ? * [ \\ or @{, not ending in / . or .lock)")
    return problems


def _text_problems(data: dict[str, Any], source: str) -> list[str]:
    """Strings holding what is not text (TOML lets `\\u0001` through): pages and feeds cannot carry it."""
    problems = []
    for key, value in strings(data):
        found = not_text(value)
        if found:
            problems.append(f"{source}: '{key}' holds what is not text ({char_names(found)})")
    return problems


def _number(value: int) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"a number of {len(text)} digits"


def base_url_problem(url: str) -> str | None:
    """What is wrong with a base_url (None: nothing): a path starting with / or an http(s) URL, whose
    path needs no escaping."""
    if url.startswith("/") and not url.startswith("//"):
        return None if URL_PATH.fullmatch(url) else f"{url!r} {PATH_ADVICE}"
    return _url_problem(url, "must be a path starting with / or an http(s) URL")


def _repo_url_problem(url: str) -> str | None:
    return _url_problem(url, "must be an http(s) URL like https://github.com/owner/paper")


def _url_problem(url: str, expected: str) -> str | None:
    """What is wrong with a full http(s) URL of a site (None: nothing)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"{url!r} cannot be read as a URL ({exc}); it {expected}"
    if parts.scheme not in ("http", "https") or not parts.netloc or url != url.strip() or \
            any(c in url for c in "\t\r\n\\"):
        return f"{expected}, not {url!r}"
    if parts.username is not None or parts.password is not None:
        return f"{url!r} must not hold a user name or password"
    if parts.query or parts.fragment or url.rstrip("?#") != url:
        return f"{url!r} must not have a ?query or #fragment"
    if port == 0 or not _valid_host(parts):
        return f"{url!r} has no valid host name (write an international name in ASCII, xn--…)"
    if not URL_PATH.fullmatch(parts.path):
        return f"{url!r} {PATH_ADVICE}"
    return None


def _valid_host(parts: SplitResult) -> bool:
    host = parts.hostname or ""
    if parts.netloc.split("@")[-1].startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    return bool(HOST.fullmatch(host))


def _paths(table: dict[str, str], project: Path) -> Paths:
    resolved = {key: (project / table.get(key, key if key != "output" else "site")).resolve()
                for key in PATH_KEYS}
    return Paths(project=project, **resolved)


def _overlap_problems(paths: Paths, source: str) -> list[str]:
    """The output directory is deleted and replaced: it must hold nothing else of the project's."""
    out = paths.output
    inputs = {"seeds": paths.seeds, "templates": paths.templates, "assets": paths.assets, "pages": paths.pages}
    if out == paths.project or out in paths.project.parents:
        return [f"{source}: 'paths.output' must not be the project directory or above it: {out}"]
    return [f"{source}: 'paths.output' must not contain or be 'paths.{key}' ({paths.show(p)})"
            for key, p in inputs.items() if p == out or out in p.parents] + \
           [f"{source}: 'paths.output' must not be inside 'paths.{key}' ({paths.show(p)})"
            for key, p in inputs.items() if p in out.parents]


def _is(value: Any, expected: type) -> bool:
    """isinstance, except that a TOML boolean is not an integer."""
    return isinstance(value, expected) and not (expected is int and isinstance(value, bool))


def _type_name(value: Any) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def _did_you_mean(key: str, known: Any) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(known))})"


def normalize_base_url(url: str) -> str:
    """Base URL with exactly one trailing slash: `/paper` → `/paper/`."""
    return url.rstrip("/") + "/"
