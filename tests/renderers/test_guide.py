"""The run sheet (`--format guide`, issue 22): a real PDF, read back with pdfplumber and pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pdfplumber
import pypdf
import pytest
from conftest import ENGLISH, SEED, seed_with

from deckgen.content import cues, session
from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

SESSION = 'session:\n  duration: "90"\n  start: "13:30"\n'


def with_session(tmp_path, source=ENGLISH, block=SESSION):
    """The seed with a session block, loaded from a copy in tmp_path."""
    return load(seed_with(tmp_path, block, source))[0]


def flat(text: str) -> str:
    """Text without spaces, line breaks and hyphens: wrapped and hyphenated lines compare equal."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    doc = with_session(tmp_path_factory.mktemp("guide"))
    result = get("guide").render(doc, load_theme("default")[0], RenderOptions())
    return doc, result


def pages_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_the_clock_runs_from_the_start_to_the_end_and_every_slide_has_a_row(english):
    doc, result = english
    pages = pages_text(result.data)
    plan = session.schedule(doc)
    first = pages[0]
    assert "13:30\u201315:00" in first and "90 min" in first and "3 May 2024" in first
    text = "\n".join(pages)
    rows = re.findall(r"^(\d\d:\d\d)\u2013(\d\d:\d\d) (\d+(?:\u2013\d+)?) ", text, re.M)
    assert len(rows) == len(plan.slots)
    # each row's slides in the deck (the sources continue on a second slide: "24–25"), every slide once
    numbers = [n for r in rows for n in range(int(r[2].split("\u2013")[0]), int(r[2].split("\u2013")[-1]) + 1)]
    assert numbers == list(range(1, len(plan.slots) + 2)) and rows[-2][2] == "24\u201325"
    assert rows[0][0] == "13:30" and rows[-1][1] == "15:00"
    for (_, end, _), (start, _, _) in zip(rows, rows[1:]):
        assert end == start  # one slot after the other, no gap
    assert "migration-and-development-cooperation.cards.pdf" in flat(first) or "cards.pdf" in first
    assert "double-sided" in first and "https://www.partos.nl" in first


def test_every_question_task_time_and_listen_for_is_in_the_text(english):
    doc, result = english
    text = flat(" ".join(pages_text(result.data)))
    for item in doc.qa.items:
        assert flat(item.question.plain) in text
        assert flat(item.task.plain) in text
        assert flat(f"{item.duration} min") in text
        for line in cues.listen_for(item) + cues.key_points(item):
            assert flat(line) in text, line
        for number in item.answer.footnotes():
            assert flat(doc.source(number).text.plain) in text
    for section in doc.sections:  # key figures with their sources, for quick reference
        for fig in section.figures:
            assert flat(fig.value.plain) in text and flat(fig.label.plain) in text


def test_nothing_is_drawn_outside_the_page_margins_and_the_pdf_says_its_language(english):
    doc, result = english
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert 30 <= char["x0"] and char["x1"] <= page.width - 30, char["text"]
                assert 30 <= char["top"] and char["bottom"] <= page.height - 30, char["text"]
            assert (page.width, page.height) == pytest.approx((595.28, 841.89), abs=0.5)
    reader = pypdf.PdfReader(io.BytesIO(result.data))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Migration and development cooperation \u2013 Run sheet"
    assert result.report[0].startswith(f"{len(reader.pages)} pages A4: 26 slides from 13:30 to 15:00")


@pytest.mark.parametrize("theme", ["default", "projector", "print"])
def test_the_dutch_seed_in_every_theme_is_in_dutch_and_the_plan_fits_page_one(tmp_path, theme):
    doc = with_session(tmp_path, SEED)
    data = get("guide").render(doc, load_theme(theme)[0], RenderOptions()).data
    pages = pages_text(data)
    assert pages[0].startswith("DRAAIBOEK") and "Het verloop" in pages[0] and "Afsluiting" in pages[0]
    assert "Waar je op let" in " ".join(pages) and "Nabespreking" in " ".join(pages)
    assert "page" not in " ".join(pages).lower().split("pagina")[0]  # the footer is Dutch too


def test_without_a_session_the_plan_counts_running_minutes(tmp_path):
    doc = load(ENGLISH)[0]
    pages = pages_text(get("guide").render(doc, load_theme("default")[0], RenderOptions()).data)
    assert re.search(r"^0:00\u20130:02 1 Welcome", pages[0], re.M)


def test_question_only_cards_are_listed_single_sided(tmp_path):
    doc = with_session(tmp_path, block=SESSION + 'cards:\n  backs: "none"\n')
    first = pages_text(get("guide").render(doc, load_theme("default")[0], RenderOptions()).data)[0]
    assert "single-sided" in first and "double-sided" not in first


def test_on_letter_paper_and_for_a_long_plan_nothing_leaves_the_page(tmp_path):
    doc = with_session(tmp_path)
    items = tuple(replace(item, number=n) for n, item in enumerate(doc.qa.items * 10, 1))  # 70 questions
    doc = replace(doc, qa=replace(doc.qa, items=items), session=None)
    data = get("guide").render(doc, load_theme("print")[0], RenderOptions(paper="letter")).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) > 10
        rows = 0
        for page in pdf.pages:
            assert (page.width, page.height) == pytest.approx((612, 792), abs=0.5)
            for char in page.chars:
                assert 30 <= char["x0"] and char["x1"] <= page.width - 30
                assert 30 <= char["top"] and char["bottom"] <= page.height - 30
            rows += len(re.findall(r"^\d+:\d\d\u2013\d+:\d\d \d+(\u2013\d+)? ", page.extract_text() or "", re.M))
    assert rows == len(session.schedule(doc).slots) == 2 + 4 + 2 + 1 + 140 + 2


def test_the_run_sheet_is_a_tagged_pdf_in_reading_order(english, tmp_path):
    """Tagged as the handout is (pdf.tagging): PDF/UA checks find nothing; the plan is a Table of TR
    rows with TH headers; the structure reads the questions in order; footers are artifacts."""
    import subprocess

    from renderers.ua_checks import problems

    from pdfua import validate

    doc, result = english
    assert problems(result.data) == []
    path = tmp_path / "guide.pdf"
    path.write_bytes(result.data)
    report = validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    struct = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                            check=True).stdout
    kinds = [line.strip().split(" ")[0].rstrip(":") for line in struct.splitlines() if line.strip()]
    assert kinds.count("H1") == 1 and "Table" in kinds and "TH" in kinds and kinds.count("TR") >= 26
    assert kinds.count("H3") == len(doc.qa.items) and "LI" in kinds and "Lbl" in kinds
    text = flat(struct)
    at = [text.find(flat(item.question.plain)) for item in doc.qa.items]
    assert all(a >= 0 for a in at) and at == sorted(at)
    assert "pageof" not in text.lower().replace(" ", "") and "Runsheet·" not in text


def test_a_question_for_the_whole_group_is_debriefed_with_the_whole_group(tmp_path):
    """Question 7 of the seed is discussed "in de hele groep": its debrief (sheet) and its notes ask a few
    participants, not "two or three groups"; the questions in groups keep asking the groups."""
    doc = with_session(tmp_path, SEED)
    whole = [q.number for q in doc.qa.items if cues.whole_group(q, doc.language)]
    assert whole == [7]
    text = flat("\n".join(pages_text(get("guide").render(doc, load_theme("default")[0], RenderOptions()).data)))
    parts = re.split(flat("Vraag ") + r"(\d)" + flat(" van 7"), text)
    blocks = {int(n): body for n, body in zip(parts[1::2], parts[2::2])}
    assert flat("Vraag een paar deelnemers wat ze ervan vinden") in blocks[7]
    assert flat("twee of drie groepjes") not in blocks[7]
    assert all(flat("Vraag twee of drie groepjes wat ze vonden") in blocks[n] for n in range(1, 7))
    from pptx import Presentation

    prs = Presentation(io.BytesIO(get("deck").render(doc, load_theme("default")[0], RenderOptions()).data))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    seventh = next(n for n in notes if n.startswith(doc.qa.items[6].question.plain))
    assert "Vraag een paar deelnemers" in seventh
    divider = next(n for n in notes if "Zo werkt de ronde" in n)
    assert "Vraag 7: met de hele groep" in divider
    # every question for the whole group: the round itself is described for the whole group
    task = doc.qa.items[6].task
    everyone = replace(doc, qa=replace(doc.qa, items=tuple(replace(q, task=task) for q in doc.qa.items)))
    prs = Presentation(io.BytesIO(get("deck").render(everyone, load_theme("default")[0], RenderOptions()).data))
    divider = next(n for n in (s.notes_slide.notes_text_frame.text for s in prs.slides) if "Zo werkt de ronde" in n)
    assert "de hele groep praat" in divider and "groepjes" not in divider


def test_whole_group_words_in_each_language():
    item = load(ENGLISH)[0].qa.items[0]
    for lang, task, whole in (("en", "Discuss with the whole group", True), ("en", "Talk in pairs", False),
                              ("nl", "Bespreek plenair", True), ("nl", "Bespreek in groepjes van vier", False),
                              ("de", "Besprechen Sie im Plenum", True), ("fr", "Discutez en grand groupe", True),
                              ("es", "Discuss as one group", True)):
        rich = replace(item.task, paragraphs=((replace(item.task.paragraphs[0][0], text=task),),))
        assert cues.whole_group(replace(item, task=rich), lang) is whole, (lang, task)


def test_group_in_the_content_decides_the_debrief_over_the_tasks_words(tmp_path):
    """`group: whole` on question 1 (task "Bespreek in tweetallen") and `group: small` on question 7 (task
    "… in de hele groep"): the run sheet's debriefs and the deck's notes follow the key."""
    doc = with_session(tmp_path, SEED)
    items = tuple(replace(q, group={1: "whole", 7: "small"}.get(q.number)) for q in doc.qa.items)
    doc = replace(doc, qa=replace(doc.qa, items=items))
    text = flat("\n".join(pages_text(get("guide").render(doc, load_theme("default")[0], RenderOptions()).data)))
    parts = re.split(flat("Vraag ") + r"(\d)" + flat(" van 7"), text)
    blocks = {int(n): body for n, body in zip(parts[1::2], parts[2::2])}
    assert flat("Vraag een paar deelnemers wat ze ervan vinden") in blocks[1]
    assert flat("Vraag twee of drie groepjes wat ze vonden") in blocks[7]
    from pptx import Presentation

    prs = Presentation(io.BytesIO(get("deck").render(doc, load_theme("default")[0], RenderOptions()).data))
    divider = next(n for n in (s.notes_slide.notes_text_frame.text for s in prs.slides) if "Zo werkt de ronde" in n)
    assert "Vraag 1: met de hele groep" in divider and "Vraag 7" not in divider
