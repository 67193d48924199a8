"""What a build may read: the project's own files, by names that are text.

Before anything is read, every entry under `seeds/`, `pages/`, `templates/` and `assets/` is
looked over, and a build refuses, with one line each naming the file:

- a symbolic link that leads outside the project (and outside the input folder it is in): a seed
  linked to `/etc/passwd` would publish it;
- a file name that is not valid UTF-8 (it could be neither shown nor put in a URL), or that holds a
  control character, a line separator or a bidi control (`intake.NOT_IN_NAMES`: it would reach
  titles, links and messages, or make a name read other than it is);
- a FIFO, socket or device anywhere (reading one would hang the build, or never end);
- a directory where a file is expected: `seeds/x.txt/`, a sidecar `seeds/x.toml/`, `pages/x.md/`.

A full build and an incremental one (and `sitegen serve`) run the same check, so they give the same
answer for the same files.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Config
from ..errors import BuildError
from ..intake import NOT_IN_NAMES, char_names, printable, special_file

EXPECTED_FILES = {"seeds": {".txt": "a seed file", ".md": "an issue file", ".toml": "a sidecar file"},
                  "pages": {".md": "a page"}}
"""Names that must be files, by input folder and suffix, and what such a file is."""
MAX_SEED_NAME = 250
"""Longest name in seeds/, in bytes: `x.txt`'s sidecar `x.toml` must fit in a file name's 255."""


def check_inputs(config: Config) -> None:
    """Raise one BuildError listing every problem found in the input folders (none: return)."""
    paths = config.paths
    problems: list[str] = []
    for kind, root in (("seeds", paths.seeds), ("pages", paths.pages), ("templates", paths.templates),
                       ("assets", paths.assets)):
        if root.is_dir():
            problems += folder_problems(root, paths.show(root), (paths.project, root), EXPECTED_FILES.get(kind, {}),
                                        MAX_SEED_NAME if kind == "seeds" else 255)
    if problems:
        raise BuildError("\n".join(problems))


def folder_problems(root: Path, shown: str, allowed: tuple[Path, ...], expected: dict[str, str],
                    longest: int = 255) -> list[str]:
    """Problems of every entry under root (shown as `shown/...`): names that are not UTF-8 or hold what
    no name may, links leading outside `allowed`, FIFOs, sockets and devices, directories named as files
    `expected` directly in root, names there longer than `longest` bytes."""
    problems = []
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        relative = os.path.relpath(directory, root)
        for name in sorted(files) + dirs:
            path = os.path.join(directory, name)
            where = f"{shown}/{printable(name if relative == '.' else os.path.join(relative, name))}"
            problem = _entry_problem(path, name, allowed)
            if problem is None and relative == "." and len(os.fsencode(name)) > longest:
                problem = (f"the file name is {len(os.fsencode(name))} bytes long; one here may have {longest} "
                           "(a seed's sidecar .toml and issue file .md must fit beside it)")
            if problem is None and relative == "." and name in dirs and Path(name).suffix in expected \
                    and not os.path.islink(path):
                problem = f"is a directory, not {expected[Path(name).suffix]}"
            if problem is not None:
                problems.append(f"{where}: {problem}")
        dirs[:] = [d for d in dirs if _is_text(d) and not NOT_IN_NAMES.search(d)]
    return problems


def _entry_problem(path: str, name: str, allowed: tuple[Path, ...]) -> str | None:
    if not _is_text(name):
        return "the file name is not valid UTF-8; rename it"
    bad = sorted(set(NOT_IN_NAMES.findall(name)))
    if bad:
        return f"the file name holds {char_names(bad)}, which no file name may hold; rename it"
    if os.path.islink(path):
        target = Path(os.path.realpath(path))
        if not any(target == root or target.is_relative_to(root) for root in allowed):
            return f"a symbolic link to {printable(str(target))}, outside the project; refusing to read it"
    kind = special_file(Path(path))
    return f"is {kind}, not a file; refusing to read it" if kind else None


def _is_text(name: str) -> bool:
    """The name was valid UTF-8 (Python keeps undecodable bytes as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
