"""Fitted text on cards: blocks (paragraphs at one size, as ReportLab lays them out) and the text helpers.

Shared by the fitting (`__init__`) and the drawing (`draw`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from deckgen.content.model import Document, QAItem
from deckgen.errors import Diagnostic, Location
from deckgen.renderers.cards.sheet import ELLIPSIS
from deckgen.text.fit import WIDTH_MARGIN, Para, Run, TextStyle
from deckgen.text.runs import runs as span_runs


@dataclass
class Block:
    """Paragraphs fitted to a width at one size, ready to draw."""

    paras: list[Para]
    style: TextStyle
    role: str
    size: float
    color: str
    loc: Location | None
    height: float = 0.0  # as ReportLab lays it out
    notes: list[str] = field(default_factory=list)  # for the fit report
    warns: list[Diagnostic] = field(default_factory=list)


@dataclass
class Card:
    item: QAItem
    question: Block
    answer: Block | None  # None: question-only cards (cards: backs: none)
    sources: Block | None
    recall: Block | None = None  # the question, small, at the top of the back
    task: Block | None = None  # the task and time, on the front under the question
    picture_h: float = 0.0  # the question's picture and its credit take this much of the front's top
    credit: Block | None = None


def whole_words_size(paras: list[Para], style: TextStyle, width: float) -> float:
    """The largest size at which the longest word of each paragraph fits on a line, as fit measures."""
    best = math.inf
    for para in paras:
        indent = style.bullet_indent if para.bullet or para.continued else 0.0
        longest = current = 0.0
        for run in para.runs:
            face = style.family.face(run.bold, run.italic)
            for part in re.split(r"( +)", run.text):
                if part.startswith(" "):
                    current = 0.0
                elif part:
                    current += face.width(part)
                    longest = max(longest, current)
        if longest:
            best = min(best, width * WIDTH_MARGIN / (longest + indent))
    return best


def note_anchor(card: int, note: int) -> str:
    """The link target of a source printed on a card's back."""
    return f"card-{card}-note-{note}"


def linked(paras: list[Para], card: int) -> list[Para]:
    """The paragraphs with each footnote marker linked to its source on the card's back."""
    return [replace(p, runs=tuple(replace(r, href="#" + note_anchor(card, int(r.text))) if r.superscript
                                  and r.text.isdigit() else r for r in p.runs)) for p in paras]


def cut(paras: list[Para], count: int) -> list[Para]:
    """The first count characters of the paragraphs, ended by an ellipsis."""
    out: list[Para] = []
    left = count
    for para in paras:
        length = len(para.text)
        if left > length:
            out.append(para)
            left -= length
            continue
        kept: list[Run] = []
        for run in para.runs:
            if left <= 0:
                break
            kept.append(replace(run, text=run.text[:left]))
            left -= len(run.text)
        while kept and not kept[-1].text.strip():
            kept.pop()
        last = kept[-1] if kept else Run("")
        if kept:
            kept[-1] = replace(last, text=last.text.rstrip(" ,;:–-"))
        kept.append(Run(ELLIPSIS, bold=last.bold, italic=last.italic))
        out.append(Para(tuple(kept), para.bullet, para.continued, para.origin))
        break
    return out


def source_paras(doc: Document, item: QAItem, printed: tuple) -> list[Para]:
    """The sources cited by the text printed on the back (`printed`): a note never stands
    without its marker (the answer's notes are not listed under points that do not cite them)."""
    cited: list[int] = []
    for rich in printed:
        for number in rich.footnotes():
            if number not in cited:
                cited.append(number)
    out = []
    for number in cited:
        src = next((s for s in doc.sources if s.number == number), None)
        if src is None:
            continue
        text: list[Run] = []
        for i, paragraph in enumerate(src.text.paragraphs):
            if i:
                text.append(Run(" "))
            text.extend(r for r in span_runs(paragraph) if not r.superscript)
        out.append(Para((Run(f"[{number}] ", bold=True, href=src.href, anchor=note_anchor(item.number, number)),)
                        + tuple(text)))
    return out
