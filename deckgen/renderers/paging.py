"""The slides each logical slide of the deck becomes, computed the same way by the deck and the run sheet.

A text slide (the agenda, a section, an answer, the sources) continues on as many slides as its
body needs at the theme's minimum size: `split` decides that, from the body and the room the
deck gives it (`BodyGeometry`: its box inside the insets, its style, its sizes). The deck
writes what `split` returns; the run sheet, drawn in another process without python-pptx,
reads the same room from the template's XML (slidexml/geometry.py) and counts with the same
`split` on the same bodies (`body`, which the deck's plan takes its bodies from), so a slide
number on the sheet is the number that slide has in the deck.

A table continues by rows: counted with the deck's own plan of it (slidexml/tables.py). Where
the run sheet cannot know the count (a template the deck would repair first), `numbers` says
None rather than guess, from that slide on.
"""

from __future__ import annotations

from deckgen.content import i18n
from deckgen.content.model import Document, QAItem, Section, paragraph_text
from deckgen.content.session import Plan
from deckgen.renderers.slidexml.geometry import BodyGeometry
from deckgen.renderers.slidexml.room import Room
from deckgen.text.fit import Fit, Para, Run, fit_split
from deckgen.text.runs import paras, plain, runs

TEXT_KINDS = ("agenda", "content", "answer", "sources")  # the plan's kinds whose body may continue


def joined(rich) -> tuple[Run, ...]:
    """The runs of all paragraphs on one line, a space between paragraphs (nothing is left out)."""
    out: list[Run] = []
    for i, paragraph in enumerate(rich.paragraphs if rich else ()):
        out += ([Run(" ")] if i else []) + list(runs(paragraph))
    return tuple(out)


def agenda_groups(doc: Document) -> list[str]:
    """Every group of slides the deck has, in order: the agenda lists them all."""
    lang = doc.language
    groups = [paragraph_text(s.heading.paragraphs[0]) if s.heading else i18n.t(lang, "introduction")
              for s in doc.sections]
    if doc.qa:
        groups.append(doc.qa.heading.plain or i18n.t(lang, "questions"))
        if doc.qa.answers == "end":
            groups.append(i18n.t(lang, "answers"))
    if doc.sources:
        groups.append(i18n.t(lang, "sources"))
    return groups


def agenda_body(doc: Document) -> tuple[Para, ...]:
    return tuple(plain(g, bullet=True) for g in agenda_groups(doc))


def section_body(section: Section) -> tuple[Para, ...]:
    """A section's points as bullets, else its text."""
    return tuple([p for point in section.points for p in paras(point, bullet=True)] or paras(section.text))


def answer_body(item: QAItem) -> tuple[Para, ...]:
    """An answer's points as bullets, else its text."""
    return tuple([p for point in item.points for p in paras(point, bullet=True)] or paras(item.answer))


def sources_body(doc: Document) -> tuple[Para, ...]:
    """Each source numbered (`source_number` reads the number back), its text and its link."""
    body = []
    for src in doc.sources:
        link = (Run(" "), Run(src.url, href=src.href)) if src.url else ()
        body.append(Para((Run(f"{src.number}. ", bold=True),) + joined(src.text) + link))
    return tuple(body)


def source_number(paragraph: str) -> int | None:
    """The number of the source a paragraph of `sources_body` lists ("3. Report …" -> 3), else None."""
    head, dot, _ = paragraph.partition(". ")
    return int(head) if dot and head.isascii() and head.isdigit() else None


def body(doc: Document, ident: str) -> tuple[Para, ...] | None:
    """The body of the text slide the plan calls `ident`; None for a slide that never continues."""
    kind, _, n = ident.partition(" ")
    if ident == "agenda":
        return agenda_body(doc)
    if ident == "sources":
        return sources_body(doc)
    if kind == "section":
        return section_body(doc.sections[int(n) - 1])
    if kind == "answer" and doc.qa:
        return answer_body(doc.qa.items[int(n) - 1])
    return None


_splits: dict = {}  # (paragraphs, room) -> Fit: the run sheet reuses the deck's in one process (-j 1, watch)
SPLITS = 256  # kept at most


def split(paragraphs, room: BodyGeometry) -> Fit:
    """The body fitted into as few slides as it takes, all at one size (text/fit.py); the same inputs
    give the same Fit, kept for the run sheet when it is made in the deck's process."""
    key = (tuple(paragraphs), room)
    fit = _splits.get(key)
    if fit is None:
        if len(_splits) >= SPLITS:
            _splits.clear()
        fit = _splits[key] = fit_split(paragraphs, room.style, room.width, room.height, room.preferred,
                                       room.minimum)
    return fit


def slides_taken(paragraphs, room: BodyGeometry) -> int:
    return max(1, len(split(paragraphs, room).boxes))


def _picture(doc: Document, ident: str):
    """The picture beside a section's text, which narrows its room (slidexml/art.py)."""
    kind, _, n = ident.partition(" ")
    return doc.sections[int(n) - 1].image if kind == "section" else None


def _table(doc: Document, ident: str):
    section, _, k = ident.partition(" ")[2].partition(".")
    return doc.sections[int(section) - 1].tables[int(k) - 1]


def numbers(doc: Document, plan: Plan, room: Room | None) -> list[tuple[int | None, int | None]]:
    """For each slot of the plan, the first and the last number its slides have in the deck, with the
    rooms the deck gives its text slides and tables (slidexml/room.py). Without a room (a template the
    deck would repair first) a slide that may continue has its first number but not its last, and
    every slide after it neither: None, never a guess."""
    out: list[tuple[int | None, int | None]] = []
    at: int | None = 1
    for slot in plan.slots:
        count: int | None = 1
        if slot.kind == "table":
            count = room.table_slides(doc, _table(doc, slot.ident)) if room is not None else None
        elif slot.kind in TEXT_KINDS:
            paragraphs = body(doc, slot.ident)
            if paragraphs is not None:
                count = slides_taken(paragraphs, room.text(_picture(doc, slot.ident))) if room is not None else None
        last = at + count - 1 if at is not None and count is not None else None
        out.append((at, last))
        at = last + 1 if last is not None else None
    return out
