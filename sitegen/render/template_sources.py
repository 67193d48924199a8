"""What a template is made of: the templates it extends, includes and imports, a digest of all their
sources, and whether any of them reads the whole catalog.

A page is made again when its template's digest changed; a page whose templates read `catalog`
(home, archive, the topic indexes) is made again whenever anything in the edition changed, since
it may show any of it. A reference the template names only at run time makes every template part
of it, and an unreadable template counts as reading everything: when in doubt, render.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import jinja2
import jinja2.meta

log = logging.getLogger(__name__)

CATALOG = "catalog"


@dataclass(slots=True, frozen=True)
class TemplateSource:
    """A template and everything it pulls in."""

    digest: str
    """sha256 of the names and sources of the template and every template it uses."""
    reads_catalog: bool


class TemplateSources:
    """The sources of the templates of one Jinja environment, each worked out once; a template whose
    source is the same as in `previous` (another environment's) is not parsed again."""

    def __init__(self, env: jinja2.Environment, previous: TemplateSources | None = None) -> None:
        self.env = env
        self._found: dict[str, TemplateSource] = {}
        self._read_before = dict(previous._reads) if previous is not None else {}
        self._reads: dict[str, tuple[str, list[str], bool]] = {}

    def of(self, name: str) -> TemplateSource:
        """What this template is made of."""
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = self._work_out(name)
        return found

    def _work_out(self, name: str) -> TemplateSource:
        digest = hashlib.sha256()
        reads_catalog = False
        todo, seen = [name], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            source, uses, reads = self._read(current)
            digest.update(f"{current}\0{source}\0".encode())
            reads_catalog = reads_catalog or reads
            todo += uses
        return TemplateSource(digest.hexdigest(), reads_catalog)

    def _read(self, name: str) -> tuple[str, list[str], bool]:
        """A template's source, the templates it names and whether it reads the catalog."""
        assert self.env.loader is not None
        try:
            source = self.env.loader.get_source(self.env, name)[0]
        except jinja2.TemplateNotFound:
            return f"\0missing {name}", [], False
        found = self._reads.get(name) or self._read_before.get(name)
        if found is None or found[0] != source:
            found = self._parse(source)
        self._reads[name] = found
        return found

    def _parse(self, source: str) -> tuple[str, list[str], bool]:
        try:
            uses = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
            reads = any(kind == "name" and value == CATALOG for _, kind, value in self.env.lex(source))
        except jinja2.TemplateSyntaxError:
            return source, [], True
        if None in uses:
            return source, self.env.list_templates(), True
        return source, [u for u in uses if u is not None], reads
