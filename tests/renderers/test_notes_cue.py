"""Notes that cue (issue 22): a sentence to say, the slot, then only what the slide adds.
Read back from the real deck with python-pptx."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from conftest import ENGLISH, SEED, seed_with
from pptx import Presentation

from deckgen.content import session
from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

CUE = re.compile(r"\d+ min \u00b7 \d+:\d\d\u2013\d+:\d\d")
# a slide a text continues on: no slot of its own, but the one it shares with the slide before
CONTINUED = re.compile(r"\((?:vervolg|continued)\)\n(?:Nog het tijdslot van de vorige dia|Still the slot of the slide "
                       r"before) \((\d+:\d\d\u2013\d+:\d\d)\)\.(?:\n\n(?:Volgende dia|Next): .*)?")


def continues(notes: list[str], number: int) -> bool:
    """Whether slide `number`'s notes say it continues the one before, within that one's slot."""
    found = CONTINUED.fullmatch(notes[number - 1])
    if found is None:
        return False
    before = next(t for t in reversed(notes[: number - 1]) if not CONTINUED.fullmatch(t))
    assert re.search(CUE, before).group().endswith(found.group(1)), (number, notes[number - 1])
    return True


def deck_notes(doc, theme="default") -> list[str]:
    data = get("deck").render(doc, load_theme(theme)[0], RenderOptions()).data
    prs = Presentation(io.BytesIO(data))
    return [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in prs.slides]


def with_session(tmp_path, source, block='session:\n  duration: "90"\n  start: "13:30"\n'):
    return load(seed_with(tmp_path, block, source))[0]


@pytest.fixture(scope="module", params=[SEED, ENGLISH], ids=["nl", "en"])
def seeded(request, tmp_path_factory):
    doc = with_session(tmp_path_factory.mktemp("notes"), request.param)
    return doc, deck_notes(doc)


def test_every_slide_starts_with_a_sentence_then_its_slot(seeded):
    doc, notes = seeded
    plan = session.schedule(doc)
    for number, text in enumerate(notes, 1):
        if continues(notes, number):
            continue
        lines = text.split("\n")
        cue_line = next((i for i, line in enumerate(lines) if CUE.fullmatch(line)), None)
        assert cue_line is not None and cue_line <= 1, (number, text[:200])
        if cue_line == 1:
            assert len(lines[0].split()) >= 3, (number, lines[0])
    assert any(continues(notes, n) for n in range(1, len(notes) + 1))  # the sources continue
    cues = [re.search(CUE, t).group() for t in notes if re.search(CUE, t)]
    assert cues[0].endswith("13:30\u201313:32") and cues[-1].endswith("\u201315:00")
    assert {plan.cue(s) for s in plan.slots} <= set(cues)  # every planned slide's slot is in the deck


def test_no_long_paragraph_is_read_out_on_two_slides(seeded):
    _, notes = seeded
    seen: dict[str, int] = {}
    for number, text in enumerate(notes, 1):
        for paragraph in {p.strip() for p in text.split("\n") if p.strip()}:
            if len(paragraph.split()) >= 25:
                assert paragraph not in seen, f"slide {number} repeats slide {seen[paragraph]}: {paragraph[:80]}"
                seen[paragraph] = number


def _kind(doc, notes, ident: str) -> str:
    plan = session.schedule(doc)
    cue = plan.cue(plan.slot(ident))
    return next(t for t in notes if cue in t.split("\n")[:2])


def test_figure_agenda_divider_and_sources_notes_are_short_and_specific(seeded):
    doc, notes = seeded
    figures = _kind(doc, notes, "figures 3")
    section = doc.sections[2]
    assert len(figures.split()) <= 50 and section.figures[0].value.plain not in figures  # the figure is on it
    assert section.figures[0].label.plain not in figures
    assert doc.source(section.figures[0].source).text.plain.split()[0] in figures  # its source is not
    assert section.text.plain.split("\n\n")[0] not in figures  # the text is on the section's slide, once
    agenda = _kind(doc, notes, "agenda")
    plan = session.schedule(doc)
    for slot in plan.slots:
        if slot.kind in ("content", "divider", "closing"):
            assert f"{plan.clock(slot.start)}  {slot.label}" in agenda
    assert doc.lead.plain.split("\n\n")[0] not in agenda
    divider = _kind(doc, notes, "qa divider")
    assert 20 <= len(divider.split()) <= 95 and divider.split("\n")[0] != doc.qa.heading.plain
    sources = _kind(doc, notes, "sources")
    assert len(sources.split()) <= 20 and not any(s.text.plain[:30] in sources for s in doc.sources)


def test_a_written_key_is_the_sentence_to_say(tmp_path):
    doc = with_session(tmp_path, ENGLISH)
    section = replace(doc.sections[1], key=doc.title)  # any Rich will do: the title as the sentence
    item = replace(doc.qa.items[0], key=doc.subtitle)
    doc = replace(doc, sections=(doc.sections[0], section) + doc.sections[2:],
                  qa=replace(doc.qa, items=(item,) + doc.qa.items[1:]))
    notes = deck_notes(doc)
    assert _kind(doc, notes, "section 2").split("\n")[0] == doc.title.plain
    assert _kind(doc, notes, "answer 1").split("\n")[0] == doc.subtitle.plain


def test_without_a_session_the_slots_run_from_0_00(tmp_path):
    notes = deck_notes(load(ENGLISH)[0])
    assert notes[0].split("\n")[1].startswith("2 min \u00b7 0:00\u20130:02")


def test_chart_and_table_slides_have_their_slot_too(tmp_path):
    from deckgen.authoring import starter

    path = tmp_path / "talk.yaml"
    path.write_text(starter.text("en"), encoding="utf-8")
    doc = load(path)[0]
    notes = deck_notes(doc)
    plan = session.schedule(doc)
    assert {s.kind for s in plan.slots} >= {"chart", "table"}
    for number, text in enumerate(notes, 1):
        assert continues(notes, number) or any(CUE.fullmatch(line) for line in text.split("\n")[:2]), \
            (number, text[:120])
    table = _kind(doc, notes, next(s.ident for s in plan.slots if s.kind == "table"))
    assert table.count(table.split("\n")[0]) == 1  # the caption said once, then the data


def test_the_sources_notes_promise_links_only_when_the_handout_has_them(tmp_path):
    """The seed's sources have no links: their notes say the sources are in the handout, not "with their
    links"; a source with a link (which the handout prints) brings the links back."""
    doc = with_session(tmp_path, SEED)
    assert not any(s.url for s in doc.sources)
    sources = _kind(doc, deck_notes(doc), "sources")
    assert sources.startswith("De bronnen staan ook in de hand-out.") and "link" not in sources
    linked = replace(doc, sources=(replace(doc.sources[0], url="https://example.org/a"),) + doc.sources[1:])
    assert _kind(linked, deck_notes(linked), "sources").startswith("De bronnen staan in de hand-out, met hun links.")


# --- cues, not pastes (the review of the decks): read back from the real deck and handout -------

NEXT = re.compile(r"(?:Volgende dia|Next): (.+)")
HANDOUT = ("De hele tekst staat in de hand-out.", "The handout has the whole text.")


def _squash(text: str) -> str:
    """Letters only: the handout's line breaks, hyphens and its raised reference marks (read as digits, on a
    line of their own) left out."""
    return re.sub(r"[\W\d_]+", "", text)


@pytest.fixture(scope="module")
def slides(seeded):
    """Each slide's visible texts, title and notes, of the seeded deck (default theme)."""
    doc, _ = seeded
    prs = Presentation(io.BytesIO(get("deck").render(doc, load_theme("default")[0], RenderOptions()).data))
    out = []
    for slide in prs.slides:
        texts = [p.text for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs if p.text.strip()]
        title = " ".join(slide.shapes.title.text_frame.text.split()) if slide.shapes.title is not None else ""
        out.append((title, texts, slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""))
    return out


def _told(notes: str) -> str:
    """The notes without their sources block and the transition: what they tell."""
    kept = [p for p in notes.split("\n\n") if not p.startswith(("Aangehaalde bronnen:", "Sources cited:"))
            and not NEXT.fullmatch(p)]
    return "\n\n".join(kept)


def test_notes_never_repeat_a_line_the_slide_shows(seeded, slides):
    """A point, a figure or a label on the slide is never in its notes (the agenda's notes give the plan's
    times; a discussion slide's notes start with the question read aloud and list what to listen for)."""
    doc, _ = seeded
    questions = {" ".join(q.question.plain.split()) for q in doc.qa.items}
    answered = 0
    for number, (title, texts, notes) in enumerate(slides, 1):
        if number == 2 or (title in questions and any(t.startswith(("Vraag ", "Question ")) for t in texts[1:2] + texts)
                           and "\n\n" in notes and ("Opdracht:" in notes or "Task:" in notes)):
            continue
        for line in texts[1:]:
            if len(line.split()) >= 4:
                assert " ".join(line.split()) not in " ".join(_told(notes).split()), (number, line)
        answered += title in questions
    assert answered == len(doc.qa.items)  # every answer slide was checked


def test_content_and_answer_notes_are_short_cues(seeded, slides):
    """What the notes tell beside a slide is a sentence to say and a few lead sentences: the seed's longest
    was 136 words of pasted text (section 3, sources left out), now at most the budget and the sentence."""
    doc, notes = seeded
    from deckgen.content.cues import TOLD_WORDS

    longest = 0
    for number, (title, texts, text) in enumerate(slides[:-1], 1):  # not the closing slide: its colophon
        told = _told(text)
        if CUE.search(told) is None:
            continue
        say = told.split("\n")[0] if not CUE.fullmatch(told.split("\n")[0]) else ""
        rest = len(told.split()) - len(say.split()) - 4  # the slot: "1 min · 0:05–0:06" is 4 words
        if title not in ("Agenda",) and not any(t in text for t in ("Opdracht:", "Task:", "Zo werkt", "How the round")):
            assert rest <= TOLD_WORDS + 3, (number, told)  # + the label "Vertel ook:" and the handout's line
            longest = max(longest, len(told.split()))
    assert longest <= 80


def test_every_slide_but_a_discussion_slide_ends_on_the_next_slides_title(slides):
    for number, (title, texts, notes) in enumerate(slides[:-1], 1):
        last = notes.split("\n")[-1]
        if "Opdracht:" in notes or "Task:" in notes:  # the debrief says what comes next
            assert NEXT.fullmatch(last) is None, number
            continue
        found = NEXT.fullmatch(last)
        assert found is not None and found.group(1) == slides[number][0], (number, last)
    assert NEXT.search(slides[-1][2]) is None


def test_no_sentence_is_lost_it_is_on_the_slide_in_the_notes_or_in_the_handout(seeded, slides):
    """Every sentence of a section's text and an answer: in the notes word for word, or shown by a point,
    and always in the handout; the notes say so when they leave some out."""
    from test_properties import handout_texts

    from deckgen.content import cues

    doc, _ = seeded
    handout = _squash(handout_texts(get("handout").render(doc, load_theme("default")[0], RenderOptions()).data)[1])
    texts = [(s.text, [p.plain for p in s.points] + ([s.heading.plain] if s.heading else []), f"section {i}")
             for i, s in enumerate(doc.sections, 1) if s.points]
    texts += [(q.answer, [p.plain for p in q.points] + [q.question.plain], f"answer {q.number}")
              for q in doc.qa.items]
    plan = session.schedule(doc)
    left_out, pointed = 0, 0
    for text, points, ident in texts:
        notes = next(n for _, _, n in slides if plan.cue(plan.slot(ident)) in n.split("\n")[:2])
        flat = " ".join(notes.split())
        pointed += any(h in notes for h in HANDOUT)
        for paragraph in text.plain.split("\n\n"):
            for sentence in cues.sentences(" ".join(paragraph.split())):
                assert _squash(sentence) in handout, sentence
                if sentence not in flat and not cues.shown(sentence, points):
                    assert any(h in notes for h in HANDOUT), (ident, sentence)
                    left_out += 1
    assert bool(left_out) == bool(pointed)  # the pointer to the handout only where the notes left text out
    assert doc.language != "nl" or left_out >= 1  # the Dutch seed has texts longer than a cue
