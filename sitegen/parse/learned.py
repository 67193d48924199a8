"""What an edition's own corrections taught the parser (`sitegen train`), used where the rules are unsure.

A trained model is two files in the edition's project, `.sitegen/parser-model.crfsuite` (a CRFsuite
model, python-crfsuite) and `.sitegen/parser-model.json` (what it was trained on, and which of the
join rule's reasons proved unreliable on that paper). The parser looks for them from the seed's
folder upwards, up to the folder holding `sitegen.toml`, and loads them once per process.

The decision it learns is the one the rules get wrong most: whether a line runs on into the next
one (a sentence cut by a column break) or stands alone (a subhead, the end of a paragraph). The
model only overrules `continuation.join_reason` when it is confident, and only with the answers
(a rule reason and the model's verdict, `short-line>join`) that made the parse of the training
issues agree better with their corrections when they were held out (see `sitegen/train.py`).
Without a model the parser behaves exactly as its rules say.
"""

from __future__ import annotations

import hashlib
import json
import threading
from contextvars import ContextVar, Token
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ParseError
from ..record import note, reads
from ..record.inputs import SETTINGS
from .units import (
    COLUMN_TAG,
    ends_sentence,
    is_caption,
    is_headline_shaped,
    is_photo_credit,
    is_reporter_byline,
    squeeze,
)

MODEL_DIR = ".sitegen"
MODEL_NAME = "parser-model.crfsuite"
FACTS_NAME = "parser-model.json"
MAX_MODEL_BYTES = 256 * 2**20
"""Largest trained model read (a regular file only, as every input)."""
PROJECT_MARK = "sitegen.toml"
JOIN, APART = "join", "apart"
"""The labels: the line runs on into the next one, or the next one starts a new block."""
CONFIDENT = 0.75
"""The model overrules the rule only when it gives its own answer at least this probability."""
LENGTHS = (4, 8, 12, 16, 20, 25, 30, 40, 60)
"""Bounds of the length buckets a line's length is seen through."""


@dataclass(slots=True, frozen=True)
class Learned:
    """A loaded model: the tagger and the answers of the rule it may overrule (`overrule_key`)."""

    path: Path
    overrules: frozenset[str]
    digest: str
    tagger: object

    def prefers_join(self, a: str, b: str, reason: str) -> bool | None:
        """The model's answer for the pair when it is confident, else None."""
        with _TAGGER_LOCK:
            self.tagger.set([pair_features(a, b, reason)])  # type: ignore[attr-defined]
            p_join = self.tagger.marginal(JOIN, 0)  # type: ignore[attr-defined]
        if p_join >= CONFIDENT:
            return True
        if 1 - p_join >= CONFIDENT:
            return False
        return None


_TAGGER_LOCK = threading.Lock()
_forced: list[Learned | None] = []
"""A model set by `use` (benchmarks, tests), winning over the one found beside the seed."""
_active: ContextVar[Learned | None] = ContextVar("parser_model", default=None)
"""The model of the seed being parsed now in this thread (set by `parse_file`)."""


def pair_features(a: str, b: str, reason: str) -> list[str]:
    """What the model sees of a line `a` and the line `b` below it: the rule's reason, their edges,
    lengths and shapes, all things the rules compute too."""
    sa, sb = squeeze(a), squeeze(b)
    tail, head = _cut(sa[-6:]), _cut(sb[:6])
    la, lb = _bucket(len(sa)), _bucket(len(sb))
    features = [
        f"reason={reason}", f"a1={sa[-1:]}", f"a2={sa[-2:]}", f"b1={sb[:1]}", f"b2={sb[:2]}",
        f"la={la}", f"lb={lb}", f"la|lb={la}|{lb}", f"reason|la={reason}|{la}",
        f"atok={tail[-1] if tail else ''}", f"btok={head[0] if head else ''}",
    ]
    flags = {
        "a_ends": ends_sentence(a), "b_ends": ends_sentence(b),
        "a_headline": is_headline_shaped(a), "b_headline": is_headline_shaped(b),
        "a_comma": "，" in a, "a_stop_inside": any(c in a[:-1] for c in "。！？"),
        "a_tag": bool(COLUMN_TAG.search(a)), "b_quote": sb[:1] in ("“", "「", "『"),
        "b_digit": sb[:1].isdigit(), "b_byline": is_reporter_byline(b), "b_credit": is_photo_credit(b),
        "b_caption": is_caption(b), "a_colon": sa[-1:] in ("：", ":"),
    }
    return features + [name for name, on in flags.items() if on]


@lru_cache(maxsize=8192)
def _cut(text: str) -> tuple[str, ...]:
    import rjieba

    return tuple(rjieba.cut(text, False))


def _bucket(length: int) -> int:
    return next((bound for bound in LENGTHS if length <= bound), 999)


def use(model: Path | Learned | None) -> None:
    """Parse with this model (or the one at this path) from now on in this process, whatever lies
    beside the seeds; None: with the rules alone. For training, benchmarks and tests."""
    _forced[:] = [load(model) if isinstance(model, Path) else model]


def use_found() -> None:
    """Back to the model found beside each seed."""
    _forced.clear()


def model_for(seed: Path) -> Learned | None:
    """The model a seed is parsed with: the one set by `use`, else the nearest one above the seed."""
    note(("setting", "parser-model"), _forced_setting())
    if _forced:
        return _forced[0]
    path = find_model(seed.resolve().parent)
    return load(path) if path is not None else None


def _forced_setting() -> bytes:
    """The model set by `use` as a setting of the process (`record.inputs`): its digest, `none` for
    the rules alone, `-` when none is set."""
    if not _forced:
        return reads.MISSING
    return _forced[0].digest.encode() if _forced[0] is not None else b"none"


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


def load(path: Path) -> Learned:
    """The model at path (cached by its contents: a retrained model is loaded again)."""
    try:
        facts_path = path.with_name(FACTS_NAME)
        model_bytes, facts_bytes = reads.read_bytes(path, MAX_MODEL_BYTES), reads.read_bytes(facts_path)
    except OSError as exc:
        raise ParseError(str(path), f"cannot read the trained parser model: {exc.strerror}") from None
    digest = hashlib.sha256(hashlib.sha256(model_bytes).digest() + facts_bytes).hexdigest()
    return _load(path, digest, facts_bytes)


@lru_cache(maxsize=8)
def _load(path: Path, digest: str, facts_bytes: bytes) -> Learned:
    import pycrfsuite

    try:
        facts = json.loads(facts_bytes)
        overrules = frozenset(facts["overrules"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(str(path.with_name(FACTS_NAME)), f"not a parser model's facts: {exc}") from None
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except (OSError, ValueError) as exc:
        raise ParseError(str(path), f"not a trained parser model: {exc}") from None
    return Learned(path, overrules, digest, tagger)


def activate(model: Learned | None) -> Token[Learned | None]:
    """Parse with this model until `deactivate`."""
    return _active.set(model)


def deactivate(token: Token[Learned | None]) -> None:
    _active.reset(token)


def overrule_join(a: str, b: str, joined: bool, reason: str) -> tuple[bool, str]:
    """The rule's answer, or the model's where the rule is unsure on this paper and the model is not."""
    model = _active.get()
    if model is None or not any(key.startswith(f"{reason}>") for key in model.overrules):
        return joined, reason
    verdict = model.prefers_join(a, b, reason)
    if verdict is None or verdict == joined or overrule_key(reason, verdict) not in model.overrules:
        return joined, reason
    return verdict, "learned"


def overrule_key(reason: str, joined: bool) -> str:
    """How the facts name an overrule: the rule's reason and the model's answer (`short-line>join`)."""
    return f"{reason}>{JOIN if joined else APART}"
