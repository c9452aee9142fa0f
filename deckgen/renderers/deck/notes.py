"""Speaker notes that cue: one sentence to say, the slot, then what the slide adds.

Every slide's notes start with the sentence to say — what the slide does not show: a section's
or an answer's `key:`, else the first sentence of its text that no point on the slide says
(content/cues.py: `untold`); the question itself on a discussion slide —, then its slot from
the session plan ("3 min · 13:42–13:45", content/session.py), then only what this slide adds
and does not show: the rest of the untold text condensed to its lead sentences ("Vertel ook:",
at most cues.TOLD_WORDS words, with "the handout has the whole text" when some were left
out), the sources on a key-figure slide (its figures are on it), the task and what to listen
for on a discussion slide, the plan with times on the agenda, how the discussion round works
on the divider, and the sources cited on that slide. A source is given whole on the first
slide that cites it and by its number and first words after that, so no long paragraph is
read twice. The deck renderer ends each slide's notes with the next slide's title (a
discussion slide's debrief already says what comes next). Pure text from the model.
"""

from __future__ import annotations

from deckgen.content import cues, i18n
from deckgen.content.cues import cites
from deckgen.content.model import Document, QAItem, Rich, Section
from deckgen.content.session import Plan

SHORT_SOURCE = 10  # words of a source's text repeated on a later slide that cites it


def sources_block(doc: Document, numbers: list[int], given: set[int] | None = None) -> str:
    """'Sources cited:' with each source; one in `given` (already whole on an earlier slide) by
    its number and first words. Adds the ones given whole to `given`."""
    if not numbers:
        return ""
    lines = [i18n.t(doc.language, "notes_sources") + ":"]
    for number in numbers:
        src = doc.source(number)
        text = " ".join(src.text.plain.split())
        if given is not None and number in given:
            words = text.split()
            more = " …" if len(words) > SHORT_SOURCE else ""
            lines.append(f"[{number}] " + " ".join(words[:SHORT_SOURCE]) + more)
            continue
        lines.append(f"[{number}] {text}" + (f" {src.url}" if src.url else ""))
        if given is not None:
            given.add(number)
    return "\n".join(lines)


def _join(*chunks: str) -> str:
    return "\n\n".join(c for c in chunks if c)


def _labelled(label: str, lines: list[str] | str) -> str:
    body = "\n".join(lines) if isinstance(lines, list) else lines
    return f"{label}:\n{body}" if body else ""


class Notes:
    """The notes of one deck, slide by slide, in the deck's order (sources given whole once)."""

    def __init__(self, doc: Document, plan: Plan):
        self.doc, self.plan, self.lang = doc, plan, doc.language
        self.given: set[int] = set()

    def _t(self, key: str, **values) -> str:
        return i18n.t(self.lang, key, **values)

    def cue(self, ident: str) -> str:
        """'3 min · 13:42–13:45' for the slide the plan calls `ident`."""
        slot = self.plan.slot(ident)
        return self.plan.cue(slot) if slot is not None else ""

    def _head(self, say: str, ident: str) -> str:
        return "\n".join(x for x in (say, self.cue(ident)) if x)

    def _beside(self, text: Rich | None, on_slide: list[str], key: Rich | None = None) -> tuple[str, str]:
        """What the notes tell beside a slide showing `on_slide`: the sentence to say (the `key:`, else the
        text's first sentence the slide does not show; "" when it shows them all) and the rest of the
        untold text, condensed to lead sentences, with a pointer to the handout when some were left out."""
        told = cues.untold(text, on_slide)
        say = " ".join(key.plain.split()) if key else ""
        if say and any(say.rstrip(".!?…") in " ".join(t.split()) for t in on_slide):  # the author's own
            say = ""  # sentence is kept unless the slide shows it word for word
        told = [(k, s) for k, s in told if " ".join(s.split()) != say]
        if not say and told:
            say, told = " ".join(told[0][1].split()), told[1:]
        chosen, cut = cues.condensed(told)
        rest = _labelled(self._t("also_say"), ["\u2022 " + " ".join(s.split()) for s in chosen]) if chosen else ""
        return say, _join(rest, self._t("in_handout") if cut else "")

    def continued(self, ident: str) -> str:
        """A slide a text continues on: "(vervolg)", then that it is still the slot of the slide before
        (not a slot of its own, which would read as one more minute)."""
        slot = self.plan.slot(ident)
        return "\n".join([self._t("continued")] + ([self._t("continued_slot", span=self.plan.span(slot))]
                                                   if slot is not None else []))

    # --- the slides --------------------------------------------------------------------
    def title(self) -> str:
        doc = self.doc
        on_slide = [doc.title.plain] + ([doc.subtitle.plain] if doc.subtitle else [])
        say, rest = self._beside(doc.lead, on_slide)
        return _join(self._head(say, "title"), rest, sources_block(doc, cites(doc.lead), self.given))

    def agenda(self) -> str:
        plan = self.plan
        say = (self._t("agenda_key", end=plan.clock(plan.total)) if plan.clock_start is not None
               else self._t("agenda_key_running", n=plan.total))
        lines = [f"{plan.clock(s.start)}  {s.label}" for s in plan.slots
                 if s.kind in ("content", "divider", "sources", "closing")]
        return _join(self._head(say, "agenda"), _labelled(self._t("plan"), lines))

    def section(self, section: Section, index: int) -> str:
        doc = self.doc
        if not section.points:  # the text is the slide's body: nothing to tell beside it but a key
            on_slide = [section.text.plain]
        else:
            on_slide = [p.plain for p in section.points] + ([section.heading.plain] if section.heading else [])
        say, rest = self._beside(section.text, on_slide, section.key)
        return _join(self._head(say, f"section {index}"), rest,
                     sources_block(doc, cites(section.text, *section.points), self.given))

    def figures(self, section: Section, index: int) -> str:
        """The slot and the figures' sources: the figures are on the slide, the text on the section's."""
        doc = self.doc
        numbers = [f.source for f in section.figures if f.source is not None]
        return _join(self._head("", f"figures {index}"), sources_block(doc, list(dict.fromkeys(numbers)), self.given))

    def divider(self) -> str:
        """How the round works; the questions the whole group discusses named (their debrief differs)."""
        items = self.doc.qa.items if self.doc.qa else ()
        whole = [i18n.t(self.lang, "question", n=q.number) for q in items if cues.whole_group(q, self.lang)]
        if items and len(whole) == len(items):  # every question for the whole group: the round says so
            return _join(self._head(self._t("round_key", n=len(items)), "qa divider"), self._t("round_how_whole"))
        return _join(self._head(self._t("round_key", n=len(items)), "qa divider"), self._t("round_how"),
                     self._t("round_whole", questions=", ".join(whole)) if whole else "")

    def discussion(self, item: QAItem, answers: str) -> str:
        """The question to read out, the slot, the task, what to listen for, and where the answer is."""
        doc, lang = self.doc, self.lang
        say = " ".join(item.question.plain.split())
        task = f"{i18n.t(lang, 'task')}: {' '.join(item.task.plain.split())}" if item.task else ""
        out = [self._head(say, f"question {item.number}"), task,
               _labelled(i18n.t(lang, "listen_for"), ["\u2022 " + line for line in cues.listen_for(item)])]
        if answers == "notes":  # no answer slide: the whole answer is read from here
            out += [_labelled(i18n.t(lang, "answer"), item.answer.plain),
                    _labelled(i18n.t(lang, "notes_extra"), item.notes.plain) if item.notes else "",
                    sources_block(doc, cites(item.answer, item.notes, *item.points), self.given)]
        else:
            whole = cues.whole_group(item, lang)
            out.append(i18n.t(lang, ("then_answer_whole" if whole else "then_answer") if answers == "after"
                              else "answer_later"))
        return _join(*out)

    def answer(self, item: QAItem) -> str:
        doc = self.doc
        on_slide = ([p.plain for p in item.points] + [item.question.plain]) if item.points else [item.answer.plain]
        say, rest = self._beside(item.answer, on_slide, item.key)
        return _join(self._head(say, f"answer {item.number}"), rest,
                     _labelled(self._t("notes_extra"), item.notes.plain) if item.notes else "",
                     sources_block(doc, cites(item.answer, item.notes, *item.points), self.given))

    def sources(self) -> str:
        """The sources are in the handout: "with their links" only when some have one (the handout prints them)."""
        linked = any(src.url for src in self.doc.sources)
        return self._head(self._t("sources_key" if linked else "sources_key_plain"), "sources")

    def closing(self, colophon: str) -> str:
        doc = self.doc
        return _join(self._head(self._t("closing_key"), "closing"), colophon,
                     sources_block(doc, cites(doc.colophon), self.given))

    def exhibit(self, ident: str, say: str, body: str) -> str:
        """A chart's or a table's slide: its title to say, the slot, then its data (not its title again)."""
        if body.split("\n", 1)[0] == say:
            body = body.split("\n", 1)[-1].lstrip("\n")
        return _join(self._head(say, ident), body)


def task_line(doc: Document, item: QAItem) -> str:
    """The task and the time, as the discussion slide shows them."""
    task = item.task.plain.replace("\n\n", " ") if item.task else ""
    return i18n.task_line(task, item.duration, doc.language)
