"""Raw issue text → typed model. `parse_file` is the one entry point."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from ..errors import ParseError
from ..model import Article, Issue, Page, ParseWarning, Section
from ..slug import unique_slugs
from . import learned
from .body import build_body, starts_mid_sentence
from .bylines import person_names
from .doubt import CODES, TAKEN_FOR, article_doubt, calibrated, doubt_of
from .meta import IssueMeta, read_meta
from .reader import clean_text, read_seed
from .segment import UNTITLED, Draft, Line, Segmenter, doubt_lines
from .units import ends_sentence, is_closing_line, is_signature, split_units

log = logging.getLogger(__name__)


def parse_file(path: Path, source: str | None = None) -> Issue:
    """Parse one seed file (and its sidecar) into an Issue."""
    source = source or str(path)
    text, meta = read_seed(path, source), read_meta(path, source)
    token = learned.activate(learned.model_for(path))
    try:
        return parse_text(text, source, meta)
    finally:
        learned.deactivate(token)


def parse_text(text: str, source: str, meta: IssueMeta) -> Issue:
    """Parse decoded seed text into an Issue (what is not text removed first, with a warning)."""
    text, cleaned = clean_text(text, source)
    units = split_units(text)
    if not units:
        raise ParseError(source, "the file is empty (no text to parse)")
    labelling = learned.labeller().label(units)
    lines = [Line(u, lab, p) for u, lab, p in zip(units, labelling.labels, labelling.confidence, strict=True)]
    segmenter = Segmenter(lines, source, meta.columns)
    drafts = segmenter.run()
    warnings = cleaned + segmenter.warnings
    page_names = {**segmenter.page_names, **meta.page_names}
    articles = _finish_articles(drafts, source, warnings, page_names)
    if not any(a.blocks for a in articles):
        raise ParseError(source, _no_text_message(articles, units[0].text), line=units[0].line)
    if meta.date is None:
        warnings.insert(0, ParseWarning(source, 1, "undated",
                                        "no date in a sidecar .toml or the file name; the issue is undated",
                                        doubt_of("undated")))
    warnings.sort(key=lambda w: w.line)
    return Issue(id=meta.id, title=meta.title, date=meta.date, source=source,
                 pages=_pages(articles, page_names), warnings=tuple(warnings))


def _no_text_message(articles: list[Article], first_line: str) -> str:
    """Say what the file holds instead of article text."""
    if not articles:
        return "no article text: the file holds only page markers"
    titled = [a.title for a in articles if a.line and a.title != UNTITLED]
    if titled:
        return f"no article text: only a headline («{titled[0][:30]}») and nothing under it"
    return f"no article text: only «{first_line[:30]}»"


def _finish_articles(drafts: list[Draft], source: str, warnings: list[ParseWarning],
                     page_names: dict[int, str]) -> list[Article]:
    """Articles from drafts, their bodies built; an article under no column label is in its page's
    section when the page has a name (`第02版：要闻`, or the sidecar's `[pages]`), else in none."""
    def warn(line: int, code: str, message: str, doubt: float | None = None) -> None:
        warnings.append(ParseWarning(source, line, code, message, doubt_of(code) if doubt is None else doubt))

    bodies = [build_body(d.body, warn) for d in drafts]
    ids = unique_slugs([d.title for d in drafts], [d.body[0].unit.text if d.body else str(d.line) for d in drafts])
    table = learned.labeller().calibration
    articles = []
    charged = False
    for n, (draft, body, slug) in enumerate(zip(drafts, bodies, ids, strict=True)):
        _check_edges(draft, body.blocks, warn)
        charged = _doubt_article(draft, drafts[n + 1] if n + 1 < len(drafts) else None, table, warn, charged)
        authors = list(draft.authors)
        credited = person_names(body.signoff_authors) + _dateline_authors(draft, body.blocks)
        authors += [a for a in dict.fromkeys(credited) if a not in authors]
        articles.append(Article(
            id=slug, title=draft.title, blocks=tuple(body.blocks), kicker=draft.kicker,
            subtitle=draft.subtitle, byline=draft.byline, authors=tuple(authors),
            dateline=draft.dateline or _wire(draft), signoff=body.signoff, page=draft.page,
            section=draft.section or (page_names.get(draft.page) if draft.page is not None else None),
            line=draft.line,
        ))
    return articles


def _dateline_authors(draft: Draft, blocks: list) -> list[str]:  # type: ignore[type-arg]
    """Reporters named in the dateline that opens the story (`本报文昌5月11日电 （记者石磊、刘诗瑶）`) or
    closes it (`（新华社北京4月30日电  记者齐中熙、樊曦）`), and the people a closing credit says took
    part (`（本报记者刘温馨、王昊男参与采写）`)."""
    from .bylines import closing_dateline_authors, contributed_authors, wire_dateline

    found = wire_dateline(draft.body[0].unit.text) if draft.body else None
    names = list(found[1]) if found else []
    last = blocks[-1].text if blocks and blocks[-1].kind != "figure" else ""
    if last and is_closing_line(last):
        names += [n for n in closing_dateline_authors(last) if n not in names]
    if last:
        names += [n for n in contributed_authors(last) if n not in names]
    return names


def _wire(draft: Draft) -> str | None:
    from .bylines import wire_dateline

    found = wire_dateline(draft.body[0].unit.text) if draft.body else None
    return found[0] if found else None


ARTICLE_NOTE = 0.2
EDGE_NOTE = 0.3
"""An article that starts or ends mid-sentence: a note, its doubt is in the article's."""
"""Least doubt of an article recorded at all (below SHOWN it is a note)."""


def _doubt_article(draft: Draft, following: Draft | None, table: Sequence[tuple[float, float]], warn,  # type: ignore[no-untyped-def]
                   charged: bool) -> bool:
    """One warning for the article, when the labeller was unsure of it: of its lines, and of the
    next headline (a headline taken wrongly splits the story above it, so its doubt is charged to
    that story). The warning stands on the least sure line of the article, or on its last line when
    that is the next headline. An article whose headline the story above was warned about (`charged`)
    gets no warning of its own: one warning is enough for one doubtful headline. Returns whether the
    warning is about the next headline."""
    found = article_doubt(doubt_lines(draft, following))
    doubt = round(calibrated(found.raw, table), 2)
    if doubt < ARTICLE_NOTE or charged:
        return False
    if following is not None and following.head and found.line == following.head[0].unit.line:
        last = (draft.body or draft.head)[-1].unit.line
        warn(last, CODES.get(found.label, "label-guess"), f"article «{draft.title[:24]}» may go on after line {last}: "
             f"line {found.line} was taken for {TAKEN_FOR.get(found.label, found.label)} "
             f"(probability {found.confidence:.2f})", doubt)
        return True
    else:
        warn(found.line, CODES.get(found.label, "label-guess"),
             f"article «{draft.title[:24]}»: line {found.line} taken for {TAKEN_FOR.get(found.label, found.label)} "
             f"(probability {found.confidence:.2f}); check the article", doubt)
    return False


def _check_edges(draft: Draft, blocks: list, warn) -> None:  # type: ignore[no-untyped-def]
    """Warn where an article seems to start or end in the middle of a sentence."""
    if starts_mid_sentence(blocks):
        warn(blocks[0].line, "starts-mid-sentence",
             f"article «{draft.title}» may start mid-sentence: {blocks[0].text[:16]}…", EDGE_NOTE)
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    if paragraphs and not ends_sentence(paragraphs[-1].text) and paragraphs[-1] is blocks[-1] \
            and not is_closing_line(paragraphs[-1].text) and not is_signature(paragraphs[-1].text):
        warn(paragraphs[-1].line, "ends-mid-sentence",
             f"article «{draft.title}» may end mid-sentence: …{paragraphs[-1].text[-16:]}", EDGE_NOTE)
    if not blocks:
        warn(draft.line, "no-body", f"article «{draft.title}» has a headline but no text")


def _pages(articles: list[Article], page_names: dict[int, str]) -> tuple[Page, ...]:
    pages = []
    for number, on_page in groupby(articles, key=lambda a: a.page):
        on_page_list = list(on_page)
        sections = tuple(Section(name, tuple(group)) for name, group in groupby(on_page_list, key=lambda a: a.section))
        name = page_names.get(number) if number is not None else None
        pages.append(Page(number=number, name=name, sections=sections))
    return tuple(pages)
