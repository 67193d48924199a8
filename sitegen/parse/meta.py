"""Issue metadata: a sidecar `seeds/<stem>.toml`, else a date in the file name."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..intake import TomlError, char_names, clean, load_toml, not_text, page_number, read_file, special_file, strings
from ..slug import cap

DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
SIDECAR_KEYS = {"date", "title", "pages", "columns"}


@dataclass(slots=True, frozen=True)
class IssueMeta:
    """What a seed's file name and sidecar say about its issue."""

    id: str
    title: str
    date: dt.date | None
    page_names: dict[int, str] = field(default_factory=dict)
    columns: frozenset[str] = frozenset()
    """Extra column labels (栏目) to recognise in this issue."""


def issue_id(stem: str) -> str:
    """ASCII id from a file stem: `rmrb-2017-03-25` stays, `000_24bd…` → `000-24bd…`."""
    slug = cap(re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-"))
    return slug or "issue"


def read_meta(path: Path, source: str | None = None) -> IssueMeta:
    """Metadata for the seed at path (shown as source); a broken sidecar is a ConfigError naming file
    and key."""
    sidecar = path.with_suffix(".toml")
    where = str(Path(source or path).with_suffix(".toml"))
    data = _load_sidecar(sidecar, where) if _exists(sidecar) else {}
    date = data.get("date") or _date_from_name(path.stem)
    title = data.get("title") or (f"{date.year}年{date.month}月{date.day}日" if date else clean(path.stem))
    return IssueMeta(
        id=issue_id(path.stem), title=title, date=date,
        page_names={page_number(k) or 0: v for k, v in data.get("pages", {}).items()},
        columns=frozenset(data.get("columns", [])),
    )


def _exists(path: Path) -> bool:
    """Whether there is something at path (a dangling link too); a name too long to exist is not there."""
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def _date_from_name(stem: str) -> dt.date | None:
    match = DATE_IN_NAME.search(stem)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _load_sidecar(path: Path, sidecar: str) -> dict:
    """Read and validate a sidecar in one pass, reporting every problem at once."""
    if path.is_dir() or special_file(path):
        raise ConfigError(f"{sidecar}: is {special_file(path) or 'a directory'}, not a sidecar file")
    try:
        data = load_toml(read_file(path).decode("utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{sidecar}: cannot read sidecar: {exc.strerror}") from None
    except TomlError as exc:
        raise ConfigError(f"{sidecar}:{exc.line}: {exc}" if exc.line else f"{sidecar}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{sidecar}: invalid TOML: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
                          f"{exc.start})") from None
    problems = [f"{sidecar}: unknown key '{k}' (known: {', '.join(sorted(SIDECAR_KEYS))})"
                for k in data if k not in SIDECAR_KEYS]
    problems += _type_problems(sidecar, data)
    if problems:
        raise ConfigError("\n".join(problems))
    return data


def _type_problems(sidecar: str, data: dict) -> list[str]:
    problems = []
    if "date" in data and (not isinstance(data["date"], dt.date) or isinstance(data["date"], dt.datetime)):
        problems.append(f"{sidecar}: 'date' must be a date like 2024-09-20")
    if "title" in data and not isinstance(data["title"], str):
        problems.append(f"{sidecar}: 'title' must be a string")
    pages = data.get("pages", {})
    if not isinstance(pages, dict) or not all(page_number(k) is not None and isinstance(v, str)
                                              for k, v in pages.items()):
        problems.append(f"{sidecar}: 'pages' must be a table of page number (0 to 999) = \"name\"")
    columns = data.get("columns", [])
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        problems.append(f"{sidecar}: 'columns' must be a list of strings")
    return problems + _text_problems(sidecar, data)


def _text_problems(sidecar: str, data: dict) -> list[str]:
    """Strings holding what is not text (TOML lets `\\u0001` through): pages and feeds cannot carry it."""
    return [f"{sidecar}: '{key}' holds what is not text ({char_names(found)})"
            for key, value in strings(data) if (found := not_text(value))]
