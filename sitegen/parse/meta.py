"""Issue metadata: a sidecar `seeds/<stem>.toml`, else a date in the file name."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError

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
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "issue"


def read_meta(path: Path) -> IssueMeta:
    """Metadata for the seed at path; a broken sidecar is a ConfigError naming file and key."""
    sidecar = path.with_suffix(".toml")
    data = _load_sidecar(sidecar) if sidecar.exists() else {}
    date = data.get("date") or _date_from_name(path.stem)
    title = data.get("title") or (f"{date.year}年{date.month}月{date.day}日" if date else path.stem)
    return IssueMeta(
        id=issue_id(path.stem), title=title, date=date,
        page_names={int(k): v for k, v in data.get("pages", {}).items()},
        columns=frozenset(data.get("columns", [])),
    )


def _date_from_name(stem: str) -> dt.date | None:
    match = DATE_IN_NAME.search(stem)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _load_sidecar(sidecar: Path) -> dict:
    """Read and validate a sidecar in one pass, reporting every problem at once."""
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{sidecar}: cannot read sidecar: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{sidecar}: invalid TOML: {exc}") from None
    problems = [f"{sidecar}: unknown key '{k}' (known: {', '.join(sorted(SIDECAR_KEYS))})"
                for k in data if k not in SIDECAR_KEYS]
    problems += _type_problems(sidecar, data)
    if problems:
        raise ConfigError("\n".join(problems))
    return data


def _type_problems(sidecar: Path, data: dict) -> list[str]:
    problems = []
    if "date" in data and (not isinstance(data["date"], dt.date) or isinstance(data["date"], dt.datetime)):
        problems.append(f"{sidecar}: 'date' must be a date like 2024-09-20")
    if "title" in data and not isinstance(data["title"], str):
        problems.append(f"{sidecar}: 'title' must be a string")
    pages = data.get("pages", {})
    if not isinstance(pages, dict) or not all(k.isdigit() and isinstance(v, str) for k, v in pages.items()):
        problems.append(f"{sidecar}: 'pages' must be a table of page number = \"name\"")
    columns = data.get("columns", [])
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        problems.append(f"{sidecar}: 'columns' must be a list of strings")
    return problems
