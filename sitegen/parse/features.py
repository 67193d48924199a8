"""What the line labeller sees of each unit: its print shape, its neighbours', and how it joins them.

Every feature describes print structure: how long a line is, how it starts and ends, whether it
reads as a byline, a dateline, a credit or a caption (the rules of `units.py` and `bylines.py`),
what the join rule says about it and the line above (`continuation.rule_join`), how likely its
first characters carry on the line above (`ngram.CharModel`), and whether its text was printed
before. None is a string copied from the corpus.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .bylines import is_name_line, is_posted_name, wire_dateline
from .continuation import ORDINAL, rule_join
from .ngram import CharModel
from .units import (
    BOX_GLYPHS,
    COLUMN_TAG,
    DATE_LINE,
    DOCUMENT_ARTICLE,
    DOCUMENT_DIVISION,
    PAGE_REFERENCE,
    ROLE_ONLY,
    SPEECH,
    SUBTITLE,
    Unit,
    ends_sentence,
    inline_credit,
    is_caption,
    is_chart_source,
    is_closing_line,
    is_headline_shaped,
    is_page_marker,
    is_photo_credit,
    is_reporter_byline,
    is_signature,
    squeeze,
    unbalanced,
)

LENGTHS = (2, 4, 6, 8, 10, 12, 15, 18, 22, 26, 30, 40, 60, 100)
SCORES = (-2.0, 0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0)
"""Bounds of the buckets the join score is seen through."""
RECENT = 4000
"""Characters of text looked back over for text printed before (a duplicated text box stands a
little later than the original)."""
MIN_REPEAT = 12
"""Shortest text taken for a repeat of text printed before."""
MAX_FIGURE_LINES = 6
"""Most lines of photos (captions and credits) a sentence can be split by."""
CREDIT_KINDS = frozenset({"credit"})
CAPTION_KINDS = frozenset({"inlinecredit", "caption"})


def _bucket(value: float, bounds: Sequence[float]) -> int:
    """The index of the first bound at or above value (len(bounds) above them all)."""
    return bisect_left(bounds, value)


def _char_class(char: str) -> str:
    if "\u4e00" <= char <= "\u9fff":
        return "han"
    if char.isdigit():
        return "digit"
    if char.isascii() and char.isalpha():
        return "latin"
    return char if char in "。！？…，、；：”“’）（《》—·「」『』%■□●◆★" else "other"


@dataclass(slots=True)
class Shape:
    """What one unit looks like on its own."""

    kind: str
    """A coarse class of the line (marker, byline, dateline, credit, caption, subtitle, …)."""
    flags: list[str]
    length: int
    first: str
    last: str
    flat: str
    """The line without white space."""


SHORT = 40
"""Longest line that can be a byline, a name line, a credit, a date, a headline (`units.MAX_HEADLINE`)."""
DASHES = ("—", "-", "－")


def shape(text: str) -> Shape:
    """Classify one line by the print conventions it follows (most lines are long sentences, for
    which only a dateline, a caption or a closing line are tried)."""
    flat = squeeze(text)
    size = len(flat)
    short = size <= SHORT
    first, last = flat[:1], flat[-1:]
    if short and is_page_marker(text):
        kind = "marker"
    elif first in DASHES and SUBTITLE.match(text):
        kind = "signature" if is_signature(text) else "subtitle"
    elif first == "□" or text.startswith("本报讯"):
        kind = "boxbyline"
    elif short and is_reporter_byline(text):
        kind = "byline"
    elif short and ROLE_ONLY.match(text):
        kind = "role"
    elif size <= 2 * SHORT and is_posted_name(text):
        kind = "posted"
    elif short and is_name_line(text):
        kind = "names"
    elif wire_dateline(text):
        kind = "dateline"
    elif short and is_photo_credit(text):
        kind = "credit"
    elif inline_credit(text):
        kind = "inlinecredit"
    elif is_chart_source(text) or is_caption(text):
        kind = "caption"
    elif is_closing_line(text):
        kind = "closing"
    elif short and (DATE_LINE.match(flat) or PAGE_REFERENCE.match(flat)):
        kind = "dateref"
    elif short and is_headline_shaped(text):
        kind = "tagged" if COLUMN_TAG.search(text) else "short"
    elif ends_sentence(text):
        kind = "sentence"
    else:
        kind = "open"
    flags = []
    if "，" in flat or "," in flat:
        flags.append("comma")
    if any(c in flat[:-1] for c in "。！？"):
        flags.append("stop-inside")
    if unbalanced(flat):
        flags.append("unbalanced")
    if first in ORDINAL_FIRST and ORDINAL.match(flat):
        flags.append("ordinal")
    if first == "第" and (DOCUMENT_DIVISION.match(flat) or DOCUMENT_ARTICLE.match(text)):
        flags.append("document")
    if first in BOX_GLYPHS:
        flags.append("glyph")
    if short and SPEECH.search(flat):
        flags.append("speech")
    if flat.endswith("——"):
        flags.append("dash-end")
    return Shape(kind, flags, size, _char_class(first), _char_class(last), flat)


ORDINAL_FIRST = frozenset("一二三四五六七八九十")


def before_figures(shapes: Sequence[Shape], i: int) -> tuple[int, int]:
    """The line above the photos (captions and credits) that stand right above line i, and how many
    lines they take: (i - 1, 0) when none do."""
    j, skipped = i - 1, 0
    while j > 0 and skipped < MAX_FIGURE_LINES:
        kind = shapes[j].kind
        if kind in CREDIT_KINDS:
            step = 2 if shapes[j - 1].kind not in CREDIT_KINDS | CAPTION_KINDS else 1
        elif kind in CAPTION_KINDS:
            step = 1
        else:
            break
        j, skipped = j - step, skipped + step
    return j, skipped


HEADISH = frozenset({"short", "tagged", "names"})
HEAD_STOPS = frozenset({"short", "tagged", "names", "marker", "byline", "role", "boxbyline", "subtitle", "posted"})
MAX_BOX_NAME = 6
"""Longest name of a box of briefs (环球扫描, 八方速递)."""


def _item_at(shapes: Sequence[Shape], j: int) -> int | None:
    """The dateline line of a brief whose title stands at j (perhaps under a kicker ending in ——)."""
    n = len(shapes)
    if j + 1 < n and shapes[j].kind in HEADISH and shapes[j + 1].kind == "dateline":
        return j + 1
    if j + 2 < n and shapes[j].kind in HEADISH and "dash-end" in shapes[j].flags \
            and shapes[j + 1].kind in HEADISH and shapes[j + 2].kind == "dateline":
        return j + 2
    return None


def boxes(shapes: Sequence[Shape]) -> dict[int, int]:
    """Lines of boxes of briefs, by the number of the brief they belong to: a short name (2–6
    characters) over briefs that each open with a title over a dateline, for as long as they do."""
    found: dict[int, int] = {}
    n, i = len(shapes), 0
    while i < n - 2:
        shape_ = shapes[i]
        if shape_.kind in ("short", "names") and 2 <= shape_.length <= MAX_BOX_NAME and _item_at(shapes, i + 1):
            j, item = i + 1, 0
            while j < n:
                dateline = _item_at(shapes, j)
                if dateline is not None:
                    item += 1
                    found.update((k, item) for k in range(j, dateline + 1))
                    j = dateline + 1
                elif shapes[j].kind in HEAD_STOPS:
                    break
                else:
                    found[j] = item
                    j += 1
            i = j
        else:
            i += 1
    return found


def shapes_of(units: Sequence[Unit]) -> list[Shape]:
    return [shape(u.text) for u in units]


CLASS = {"byline": "B", "role": "B", "boxbyline": "B", "posted": "B", "names": "B", "dateline": "D",
         "credit": "F", "inlinecredit": "F", "caption": "F", "short": "H", "tagged": "H", "subtitle": "H",
         "signature": "H", "dateref": "H", "sentence": "S", "open": "O", "closing": "C", "marker": "M"}
"""Kinds in coarse classes (a □ byline and a reporter's byline are both bylines), so that a print
convention the training corpus lacks still reads as its class."""


def unit_features(units: Sequence[Unit], shapes: Sequence[Shape], model: CharModel | None,
                  roles: Sequence[str] | None = None) -> list[list[str]]:
    """The features of every unit of one seed, in order; `roles` are the rules' verdicts (`rules.roles`)."""
    texts = [u.text for u in units]
    n = len(units)
    kinds = [s.kind for s in shapes] + ["end", "end"]
    classes = [CLASS[k] for k in kinds[:n]] + ["$", "$"]
    in_box = boxes(shapes)
    stories = rule_stories(roles) if roles is not None else []
    joins = [_join_reason(texts[i - 1], texts[i], model) if i and kinds[i - 1] != "marker" and kinds[i] != "marker"
             else None for i in range(n)] + [None]
    """The join reason and score of each line with the line above it, asked once for both lines."""
    printed = ""
    out = []
    for i in range(n):
        s = shapes[i]
        kind = s.kind
        above = kinds[i - 1] if i else "start"
        below = kinds[i + 1]
        c, c_above = classes[i], classes[i - 1] if i else "^"
        f = [f"k={kind}", f"len={_bucket(s.length, LENGTHS)}", f"first={s.first}", f"last={s.last}",
             f"k|last={kind}|{s.last}", f"k-1={above}", f"k+1={below}", f"k-1|k={above}|{kind}",
             f"k|k+1={kind}|{below}", f"k-2={kinds[i - 2] if i >= 2 else 'start'}", f"k+2={kinds[i + 2]}",
             f"c={c}", f"c-1|c|c+1={c_above}{c}{classes[i + 1]}", f"c+2={classes[i + 2]}"]
        f += [f"f={flag}" for flag in s.flags]
        if i in in_box:
            f += ["box", f"box-item={min(in_box[i], 4)}", f"box|k={kind}"]
        if roles is not None:
            r, r_above, r_below = roles[i], roles[i - 1] if i else "^", roles[i + 1] if i + 1 < n else "$"
            story = stories[i]
            f += [f"r={r}", f"r-1={r_above}", f"r+1={r_below}", f"r|c={r}|{c}", f"r-1|r={r_above}|{r}",
                  f"r|r+1={r}|{r_below}", f"rs={story}", f"rs|c={story}|{c}"]
        join = joins[i]
        if join is not None:
            f.append(f"last-1={shapes[i - 1].last}")
            f += _join_features("1", join)
            j, skipped = before_figures(shapes, i)
            if skipped and j >= 0 and kinds[j] != "marker":
                f.append(f"over={skipped}")
                f += _join_features("o", _join_reason(texts[j], texts[i], model))
        else:
            f.append("top")
        following = joins[i + 1]
        if following is not None:
            f += _join_features("n", following)
        flat = s.flat
        if len(flat) >= MIN_REPEAT and printed.find(flat, max(len(printed) - RECENT, 0)) >= 0:
            f.append("repeat")  # in exactly the last RECENT characters, whatever the line's place in the text
        printed = printed + flat if len(printed) < 2 * RECENT else printed[-RECENT:] + flat
        out.append(f)
    return out


def rule_stories(roles: Sequence[str]) -> list[str]:
    """What the rules' verdicts say of the story above each line: signed (a byline under its
    headline) or not, and how long it is so far. A headline over a byline starts a new story under
    a signed one, and is more often a piece of an unsigned one (a package of bylined pieces)."""
    out, signed, body = [], False, 0
    for role in roles:
        out.append(f"{'signed' if signed else 'unsigned'}|{_bucket(body, (0, 2, 6, 20))}")
        if role in ("title", "kicker", "label"):
            signed, body = False, 0
        elif role in ("byline", "byline+"):
            signed = signed or body == 0
        elif role != "page":
            body += 1
    return out


def _join_reason(above: str, below: str, model: CharModel | None) -> tuple[str, int | None]:
    """The join rule's reason for the pair, and the character model's score in its bucket."""
    return rule_join(above, below)[1], _bucket(model.join_score(above, below), SCORES) if model is not None else None


def _join_features(name: str, join: tuple[str, int | None]) -> list[str]:
    reason, score = join
    if score is None:
        return [f"jr{name}={reason}"]
    return [f"jr{name}={reason}", f"lm{name}={score}", f"jr|lm{name}={reason}|{score}"]
