"""The session plan: every slide of the deck with its minutes and its place on the clock.

Computed once from the model, here below the renderers, so the deck's notes, the run sheet
(`--format guide`) and the notes handout show the same times. The slides are the deck's
logical slides, in the deck's order and with the deck's names (`ident`: "title",
"agenda", "section 2", "figures 2", "qa divider", "question 3", "answer 3", "sources",
"closing"); a slide the deck continues onto a second slide shares its slot.

Minutes come from the content where it gives them: a question's `duration` (its
discussion slide), a section's `minutes` (its slide and its key-figure slide), the
session's `welcome` (the title and agenda slides) and `close` (the closing slide). The
rest is estimated:

- a section's or an answer's slide: its words at PACE words a minute (a trainer presenting,
  pauses included), at least 1 minute; a section's key-figure slide 1 minute;
- the welcome: WELCOME minutes plus the lead at PACE (the agenda slide takes 1 of them);
- the Q&A divider (how the round works) and the sources slide: 1 minute each; a question
  without a duration QUESTION minutes; the close CLOSE minutes.

With a `session: duration`, the estimated slots are stretched or squeezed together (at
most ×STRETCH, at least 1 minute each) so that the plan ends on time; what they cannot
absorb shows as a plan ending late or early, and `warning` says so once (for `validate`
and `build`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from deckgen.content import i18n
from deckgen.content.model import Document, paragraph_text
from deckgen.errors import Diagnostic

PACE = 130  # words a minute: presenting to a group, with pauses (conversation runs at 150–160)
WELCOME = 2  # minutes of greeting before the lead is presented
QUESTION = 5  # minutes for a discussion whose question sets no duration
CLOSE = 2  # minutes on the closing slide: thanks, the link, what next
STRETCH = 2.0  # the most an estimated slot is stretched to fill a session's duration
UNDER = 0.15  # a plan shorter than its duration by more than this share is warned about


@dataclass(frozen=True)
class Slot:
    """One slide's time: `start` counts minutes from the session's start."""

    ident: str  # the deck's name for the slide
    kind: str  # title, agenda, content, figures, divider, question, answer, sources, closing
    label: str  # what happens, in the document's language
    number: int  # its place among the logical slides; the deck's numbers, after texts continue: renderers/paging.py
    minutes: int
    start: int
    fixed: bool  # minutes as the content gives them (not estimated)

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class Plan:
    slots: tuple[Slot, ...]
    clock_start: int | None  # minutes after midnight; None: running minutes from 0:00
    duration: int | None  # the session's, when it has one
    needed: int  # minutes the plan takes at its estimates, before fitting the duration
    language: str = "en"

    @property
    def total(self) -> int:
        return self.slots[-1].end if self.slots else 0

    def slot(self, ident: str) -> Slot | None:
        return self._by_ident.get(ident)

    @cached_property
    def _by_ident(self) -> dict[str, Slot]:
        """The first slot of each ident (the run sheet asks for two per question: linear in 1,400 slots)."""
        found: dict[str, Slot] = {}
        for s in self.slots:
            found.setdefault(s.ident, s)
        return found

    def clock(self, minute: int) -> str:
        """'13:42' for a session with a start; '0:12' (running time) without one."""
        at = minute + (self.clock_start or 0)
        return f"{at // 60 % 24:02d}:{at % 60:02d}" if self.clock_start is not None else f"{at // 60}:{at % 60:02d}"

    def span(self, slot: Slot) -> str:
        """'13:42–13:45'."""
        return f"{self.clock(slot.start)}\u2013{self.clock(slot.end)}"

    def cue(self, slot: Slot) -> str:
        """'3 min · 13:42–13:45', the line under a slide's sentence in its notes."""
        return f"{i18n.t(self.language, 'minutes', n=slot.minutes)} \u00b7 {self.span(slot)}"

    def minutes_of(self, *kinds: str) -> int:
        return sum(s.minutes for s in self.slots if s.kind in kinds)


def words(*texts: str) -> int:
    return sum(len(t.split()) for t in texts)


def _at_pace(n_words: int) -> int:
    return max(1, round(n_words / PACE))


def _first_line(rich) -> str:
    return paragraph_text(rich.paragraphs[0]) if rich and rich.paragraphs else ""


def schedule(doc: Document, combined: bool = False, fit: bool = True) -> Plan:
    """The plan of the deck `doc` makes; `combined`: the theme's `qa_layout: combined` (each
    answer right after its question, whatever `qa: answers:` says); `fit`: the estimates fitted
    to the session's duration (without: as estimated)."""
    lang = doc.language
    session = doc.session
    raw: list[tuple[str, str, str, int, bool]] = []  # ident, kind, label, minutes, fixed

    groups = len(doc.sections) + bool(doc.qa) + bool(doc.qa and doc.qa.answers == "end") + bool(doc.sources)
    agenda = groups > 1
    if session and session.welcome is not None:
        welcome, fixed_welcome = session.welcome, True
    else:
        welcome, fixed_welcome = WELCOME + (round(words(doc.lead.plain) / PACE) if doc.lead else 0) + agenda, False
    agenda_minutes = min(1, welcome) if agenda else 0
    raw.append(("title", "title", i18n.t(lang, "welcome"), welcome - agenda_minutes, fixed_welcome))
    if agenda:
        raw.append(("agenda", "agenda", i18n.t(lang, "agenda"), agenda_minutes, fixed_welcome))

    for index, section in enumerate(doc.sections, 1):
        heading = _first_line(section.heading) or i18n.t(lang, "introduction")
        figures = 1 if section.figures else 0
        if section.minutes is not None:
            figures = min(figures, section.minutes // 2)
            raw.append((f"section {index}", "content", heading, section.minutes - figures, True))
        else:
            raw.append((f"section {index}", "content", heading, _at_pace(words(section.text.plain)), False))
        if section.figures:
            raw.append((f"figures {index}", "figures", f"{i18n.t(lang, 'key_figures')}: {heading}", figures,
                        section.minutes is not None))
        for k, chart in enumerate(section.charts, 1):  # a minute to read each chart and each table
            raw.append((f"chart {index}.{k}", "chart", chart.title, 1, False))
        for k, table in enumerate(section.tables, 1):
            raw.append((f"table {index}.{k}", "table", table.caption or heading, 1, False))

    if doc.qa:
        qa = doc.qa
        raw.append(("qa divider", "divider", _first_line(qa.heading) or i18n.t(lang, "questions"), 1, False))
        later = []
        for item in qa.items:
            n = item.number
            question = " ".join(item.question.plain.split())
            raw.append((f"question {n}", "question", f"{i18n.t(lang, 'question', n=n)}: {question}",
                        item.duration or QUESTION, item.duration is not None))
            if qa.answers == "notes" and not combined:
                continue
            answer = (f"answer {n}", "answer", i18n.t(lang, "answer_to", n=n),
                      _at_pace(words(item.answer.plain)), False)
            (raw if qa.answers == "after" or combined else later).append(answer)
        raw += later
    if doc.sources:
        raw.append(("sources", "sources", i18n.t(lang, "sources"), 1, False))
    if session and session.close is not None:
        raw.append(("closing", "closing", i18n.t(lang, "close"), session.close, True))
    else:
        raw.append(("closing", "closing", i18n.t(lang, "close"), CLOSE, False))

    needed = sum(r[3] for r in raw)
    minutes = [r[3] for r in raw]
    if session is not None and fit:
        minutes = _fitted(raw, session.duration)
    slots, at = [], 0
    for number, ((ident, kind, label, _, fixed), m) in enumerate(zip(raw, minutes), 1):
        slots.append(Slot(ident, kind, label, number, m, at, fixed))
        at += m
    return Plan(tuple(slots), session.start if session else None, session.duration if session else None,
                needed, lang)


def _fitted(raw: list[tuple[str, str, str, int, bool]], duration: int) -> list[int]:
    """The minutes with the estimated ones scaled (whole minutes, largest remainders) to end
    the plan on `duration`: at least 1 minute each (0 stays 0), at most STRETCH times the estimate."""
    fixed = sum(r[3] for r in raw if r[4])
    flexible = [i for i, r in enumerate(raw) if not r[4] and r[3] > 0]
    estimated = sum(raw[i][3] for i in flexible)
    out = [r[3] for r in raw]
    if not flexible or estimated == duration - fixed:
        return out
    room = max(len(flexible), duration - fixed)
    factor = min(STRETCH, room / estimated)
    ideal = {i: max(1.0, raw[i][3] * factor) for i in flexible}
    for i in flexible:
        out[i] = math.floor(ideal[i])
    target = min(room, round(sum(ideal.values())))
    for i in sorted(flexible, key=lambda i: (out[i] - ideal[i], i))[: max(0, target - sum(out[i] for i in flexible))]:
        out[i] += 1
    return out


def warning(doc: Document) -> Diagnostic | None:
    """One warning when the plan at its estimates runs over the session's duration, or under
    it by more than UNDER, saying by how many minutes and what takes the time."""
    session = doc.session
    if session is None:
        return None
    plan = schedule(doc, fit=False)
    duration, needed = session.duration, plan.needed
    questions = plan.minutes_of("question")
    if needed > duration:
        return Diagnostic("warning", f"the session plan needs {needed} minutes, {needed - duration} more than its "
                                     f"duration of {duration}: {_parts(plan)}", session.loc,
                          "the questions alone take longer than the session: shorten their 'duration' or drop some"
                          if questions >= duration else
                          "give the session more time, shorten the questions' 'duration', or set the sections' "
                          "'minutes' and the session's 'welcome' and 'close'")
    if needed < duration * (1 - UNDER):
        return Diagnostic("warning", f"the session plan needs only {needed} of its {duration} minutes "
                                     f"({duration - needed} to spare): {_parts(plan)}", session.loc,
                          "give the questions more time ('duration'), set the sections' 'minutes', "
                          "or shorten the session")
    return None


def _parts(plan: Plan) -> str:
    """What takes the time at the plan's estimates: 'the questions take 70 of 92 minutes, ...'."""
    q = plan.minutes_of("question")
    a = plan.minutes_of("answer")
    c = plan.minutes_of("content", "figures")
    rest = plan.needed - q - a - c
    out = [f"the questions take {q} of {plan.needed} minutes"] if q else []
    out += [f"the answers {a}"] if a else []
    out += [f"the sections {c}"] if c else []
    out += [f"the welcome, agenda, divider, sources and close {rest}"] if rest else []
    return ", ".join(out)
