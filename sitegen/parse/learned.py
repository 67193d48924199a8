"""Which learned model labels a seed's lines: the one shipped in the package, or an edition's own.

The shipped model (`parse/model/`, `make train-parser`) reads any seed. An edition that corrected
some of its issues can train a model of its own over it (`sitegen train`): two files in the
project, `.sitegen/parser-model.crfsuite` (a CRFsuite model stacked over the shipped one, see
`labeller.py`) and `.sitegen/parser-model.json` (what it was trained on and how it did on
corrections it had not seen). The parser looks for them from the seed's folder upwards, up to the
folder holding `sitegen.toml`, at each parse, and loads a model once per process (by its contents).
"""

from __future__ import annotations

import hashlib
import json
from contextvars import ContextVar, Token
from functools import lru_cache
from pathlib import Path

from ..errors import ParseError
from ..record import note, reads
from ..record.inputs import SETTINGS
from .labeller import Labeller

MODEL_DIR = ".sitegen"
MODEL_NAME = "parser-model.crfsuite"
FACTS_NAME = "parser-model.json"
MAX_MODEL_BYTES = 256 * 2**20
"""Largest trained model read (a regular file only, as every input)."""
PROJECT_MARK = "sitegen.toml"

_forced: list[Labeller] = []
"""A labeller set by `use` (benchmarks, tests), winning over the one found beside the seed."""
_active: ContextVar[Labeller | None] = ContextVar("parser_model", default=None)
"""The labeller of the seed being parsed now in this thread (set by `parse_file`)."""


@lru_cache(maxsize=1)
def shipped() -> Labeller:
    """The model in the package (loaded once per process)."""
    return Labeller.shipped()


def labeller() -> Labeller:
    """The labeller of the parse under way: the active one, else the shipped one."""
    return _active.get() or shipped()


def use(model: Path | Labeller | None) -> None:
    """Parse with this labeller (or the edition model at this path) from now on in this process,
    whatever lies beside the seeds; None: with the shipped model alone. For benchmarks and tests."""
    _forced[:] = [shipped() if model is None else load(model) if isinstance(model, Path) else model]


def use_found() -> None:
    """Back to the model found beside each seed."""
    _forced.clear()


def model_for(seed: Path) -> Labeller:
    """The labeller a seed is parsed with: the one set by `use`, else the edition's model nearest
    above the seed, else the shipped one (the shipped model is part of sitegen's code: `code_digest`)."""
    note(("setting", "parser-model"), _forced_setting())
    if _forced:
        return _forced[0]
    path = find_model(seed.resolve().parent)
    return load(path) if path is not None else shipped()


def _forced_setting() -> bytes:
    """The labeller set by `use` as a setting of the process (`record.inputs`): `forced` and its
    digest (`-` for the shipped model alone), or reads.MISSING when none is set."""
    return b"forced " + _forced[0].digest.encode() if _forced else reads.MISSING


SETTINGS["parser-model"] = _forced_setting


def find_model(folder: Path) -> Path | None:
    """`.sitegen/parser-model.crfsuite` in folder or the nearest folder above it, not above the
    project (the folder holding sitegen.toml). Looked up at each parse: a model trained while
    `sitegen serve` runs is used by its next rebuild."""
    for candidate in (folder, *folder.parents):
        model = candidate / MODEL_DIR / MODEL_NAME
        if reads.is_file(model):
            return model
        if reads.is_file(candidate / PROJECT_MARK):
            return None
    return None


def _read(path: Path) -> tuple[str, bytes, bytes]:
    try:
        facts_path = path.with_name(FACTS_NAME)
        model_bytes, facts_bytes = reads.read_bytes(path, MAX_MODEL_BYTES), reads.read_bytes(facts_path)
    except OSError as exc:
        raise ParseError(str(path), f"cannot read the trained parser model: {exc.strerror}") from None
    digest = hashlib.sha256(hashlib.sha256(model_bytes).digest() + facts_bytes).hexdigest()
    return digest, model_bytes, facts_bytes


def load(path: Path) -> Labeller:
    """The edition model at path over the shipped one (cached by contents: a retrained model is
    loaded again)."""
    digest, model_bytes, facts_bytes = _read(path)
    return _load(path, digest, model_bytes, facts_bytes)


@lru_cache(maxsize=8)
def _load(path: Path, digest: str, model_bytes: bytes, facts_bytes: bytes) -> Labeller:
    base = shipped()
    labeller = Labeller(base.crf, base.chars, str(path), stacked=model_bytes, digest=digest,
                        calibration=base.calibration, rules=base.rules)
    try:
        over = json.loads(facts_bytes)["base"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(str(path.with_name(FACTS_NAME)), f"not a parser model's facts: {exc}") from None
    if over != base_digest(base):
        raise ParseError(str(path), "trained over another version of sitegen's parser model: run `sitegen train` "
                         "again (or delete the file to parse with the shipped model)")
    return labeller


def base_digest(base: Labeller) -> str:
    """What an edition's model is stacked over: the shipped model, by its digest."""
    return hashlib.sha256(base.crf).hexdigest()[:16]


def activate(model: Labeller) -> Token[Labeller | None]:
    """Parse with this labeller until `deactivate`."""
    return _active.set(model)


def deactivate(token: Token[Labeller | None]) -> None:
    _active.reset(token)
