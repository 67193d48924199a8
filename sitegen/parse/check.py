"""`sitegen check`: every warning of every seed, for an editor's checklist or an edition's CI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import load_config
from ..errors import ParseError, SitegenError
from ..model import Issue, ParseWarning
from .reader import check_seed_file
from .seeds import parse_seed, seed_files


@dataclass(slots=True, frozen=True)
class Findings:
    """What checking the seeds found."""

    seeds: int
    warnings: tuple[ParseWarning, ...]
    errors: tuple[ParseError, ...]
    """Seeds that cannot be read at all."""
    parsed: tuple[tuple[Path, Issue], ...] = ()
    """Each seed read, with its issue (for the checks on its page PDFs, `build/layouts.py`)."""


def check_seeds(config_path: Path | None = None, files: list[Path] | None = None) -> Findings:
    """Read each seed as the build would (an issue file over its text dump), or just the files given."""
    show: Callable[[Path], str] = str
    if files:
        paths = files
    else:
        config = load_config(config_path)
        paths, show = seed_files(config.paths.seeds), config.paths.show
        if not paths:
            raise SitegenError(f"{show(config.paths.seeds)}: no seed files (*.txt or *.md) to check")
    warnings: list[ParseWarning] = []
    errors: list[ParseError] = []
    parsed: list[tuple[Path, Issue]] = []
    for path in paths:
        check_seed_file(path)
        try:
            issue = parse_seed(path, show(path))
        except ParseError as exc:
            errors.append(exc)
            continue
        warnings += issue.warnings
        parsed.append((path, issue))
    return Findings(len(paths), tuple(warnings), tuple(errors), tuple(parsed))
