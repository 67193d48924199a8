"""Where templates and assets come from: the built-in theme, overridden file by file by the project.

Design choice: the default theme ships *inside the package* (`sitegen/themes/default/templates` and
`sitegen/themes/default/assets`, declared as package data), so `pip install sitegen` followed by
`sitegen build` works in any project directory with nothing but `seeds/`. The project's
`templates/` and `assets/` (paths.templates, paths.assets in sitegen.toml) come first: a file there
replaces the built-in file with the same relative name, and everything else falls back to the
default. Templates use a Jinja ChoiceLoader (project first); assets are merged the same way.

The repository's own top-level `templates/` and `assets/` are therefore the seed project's
overrides (its colophon and emblem), not a copy of the defaults.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..record import reads

DEFAULT_THEME = Path(__file__).parent.parent / "themes" / "default"
PACKAGE_ROOT = Path(__file__).parents[2]


@dataclass(slots=True, frozen=True)
class Theme:
    """Template and asset directories, most specific first."""

    template_dirs: tuple[Path, ...]
    asset_dirs: tuple[Path, ...]
    project: Path

    @classmethod
    def for_config(cls, config: Config) -> Theme:
        """The project's directories in front of the built-in theme."""
        return cls(
            template_dirs=(config.paths.templates, DEFAULT_THEME / "templates"),
            asset_dirs=(config.paths.assets, DEFAULT_THEME / "assets"),
            project=config.paths.project,
        )

    def assets(self) -> dict[str, Path]:
        """Every asset by its path under assets/ (`style.css`), the project's winning; sorted."""
        found: dict[str, Path] = {}
        for directory in reversed(self.asset_dirs):
            found.update({p.relative_to(directory).as_posix(): p for p in reads.files_under(directory)})
        return dict(sorted(found.items()))

    def show(self, filename: str | Path) -> str:
        """A template or asset path as a user reads it: `templates/article.html`."""
        path = Path(filename).resolve()
        for root in (self.project, PACKAGE_ROOT):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return str(path)


def fingerprint(data: bytes) -> str:
    """Short content hash, for cache-busting asset URLs (`style.css?v=…`)."""
    return hashlib.sha256(data).hexdigest()[:10]
