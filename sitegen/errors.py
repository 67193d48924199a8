"""The one error hierarchy: every message names its source (file, and line where there is one)."""

from __future__ import annotations

from pathlib import Path


class SitegenError(Exception):
    """Base of every error sitegen reports to the user (printed without a traceback)."""


class ConfigError(SitegenError):
    """A problem in sitegen.toml or a seed's sidecar .toml."""


class ParseError(SitegenError):
    """A seed that cannot be read or parsed."""

    def __init__(self, source: str | Path, message: str, line: int | None = None) -> None:
        self.source = str(source)
        self.line = line
        self.message = message
        where = f"{self.source}:{line}" if line else self.source
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str, int | None]]:
        """Pickled as made (a seed parsed in another process can fail too)."""
        return ParseError, (self.source, self.message, self.line)


class BuildError(SitegenError):
    """A problem while rendering or writing the site (templates, assets, output)."""
