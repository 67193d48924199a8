"""The kinds of input, in one place: how a read noted earlier is checked now.

    file      a file's bytes              a digest; read again only when its stat changed
    is        what is at a path           file, dir, missing or other
    listing   a folder's names            read again only when the folder's stat changed
    config    a key of sitegen.toml       the value's fingerprint, in the config of this update
    setting   a setting of the build      the search index on or off (`World.settings`), a parser
                                          model set by code (`SETTINGS`)

A read of any other kind is provided by the update that reads it (`Graph.provide`: the catalog a
template reads). Adding a kind of input is adding it here, and reading it through `reads.py` (or
`note` with the same key).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import Key
from .fingerprint import fingerprint
from .reads import MISSING, Seen, digest, kind_now, names_digest, seen, stat_of

RACY = 2_000_000_000
"""A file modified less than this many ns before it was read may change again without its stat
changing (a timestamp's granularity): it is read again to be sure, as git does with racy files."""


class World:
    """What inputs are checked against: the config of this update and the process's settings."""

    def __init__(self, config: Any, settings: Mapping[str, bytes] | None = None) -> None:
        self.config = config
        self.settings = dict(settings or {})


def check(key: Key, world: World, known: Seen | None) -> bytes:
    """The fingerprint the read of an input gives now (known: how it was last seen, if at all)."""
    return KINDS[key[0]](key, world, known)


def is_input(key: Key) -> bool:
    return key[0] in KINDS


def _file(key: Key, world: World, known: Seen | None) -> bytes:
    path = key[1]
    at = time.time_ns()
    try:
        found = os.stat(path)
        if _unchanged(known, found):
            assert known is not None
            return known.fingerprint
        with open(path, "rb") as f:
            data = f.read()
    except (FileNotFoundError, NotADirectoryError):
        return MISSING
    except OSError:
        return b"unreadable"
    fingerprint = digest(data)
    seen[key] = Seen(fingerprint, stat_of(found), at)
    return fingerprint


def _listing(key: Key, world: World, known: Seen | None) -> bytes:
    path = key[1]
    at = time.time_ns()
    try:
        found = os.stat(path)
        if _unchanged(known, found):
            assert known is not None
            return known.fingerprint
        names = sorted(os.listdir(path))
    except (FileNotFoundError, NotADirectoryError):
        return MISSING
    except OSError:
        return b"unreadable"
    fingerprint = names_digest(names)
    seen[key] = Seen(fingerprint, stat_of(found), at)
    return fingerprint


def _unchanged(known: Seen | None, found: os.stat_result) -> bool:
    """The file looks as it did when it was read, and was not modified so close to that read that a
    later change could keep its modification time."""
    return known is not None and known.stat == stat_of(found) and known.at - found.st_mtime_ns > RACY


def _is(key: Key, world: World, known: Seen | None) -> bytes:
    return kind_now(Path(key[1])).encode()


def _config(key: Key, world: World, known: Seen | None) -> bytes:
    return config_fingerprint(world.config, key[1])


def config_fingerprint(config: Any, name: str) -> bytes:
    """The fingerprint of a config key's value (worked out once per config and key)."""
    found = _config_fingerprints.get((id(config), name))
    if found is None or found[0] is not config:
        found = _config_fingerprints[(id(config), name)] = (config, fingerprint(object.__getattribute__(config, name)))
    return found[1]


_config_fingerprints: dict[tuple[int, str], tuple[Any, bytes]] = {}


def _setting(key: Key, world: World, known: Seen | None) -> bytes:
    found = world.settings.get(key[1])
    if found is None:
        setting = SETTINGS.get(key[1])
        found = setting() if setting is not None else MISSING
    return found


SETTINGS: dict[str, Callable[[], bytes]] = {}
"""Settings of the whole process, by name: what each gives now (a parser model set by code, which
`parse/learned.py` registers)."""


KINDS: dict[str, Callable[[Key, World, Seen | None], bytes]] = {
    "file": _file, "is": _is, "listing": _listing, "config": _config, "setting": _setting,
}
