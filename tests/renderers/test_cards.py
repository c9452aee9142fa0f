"""The Q&A cards: real PDFs, read back with pdfplumber, pdffonts and qpdf."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace

import pdfplumber
import pikepdf
import pytest
from conftest import write

from deckgen.content import i18n
from deckgen.content.model import paragraph_text
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.cards import CardsRenderer
from deckgen.renderers.cards.sheet import BLEED, MM, SAFE, sheet_for

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
TOOLS = pytest.mark.needs("pdffonts", "qpdf")


def render(doc, theme, paper=None):
    return CardsRenderer().render(doc, theme, RenderOptions(paper=paper))


def load_text(tmp_path, text):
    from deckgen.content.load import load

    return load(write(tmp_path, text))[0]


def norm(text: str) -> str:
    """Text without spaces, line breaks and hyphens, so hyphenated and wrapped lines compare equal."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def cut_rects(page) -> list[dict]:
    """Each card's cut lines on the sheet (from the sheet's geometry), in reading order, as pdfplumber boxes."""
    sheet = sheet_for("letter" if page.width == pytest.approx(LETTER[0], abs=0.5) else "A4")
    out = []
    for row in (0, 1):
        for col in (0, 1):
            r = sheet.card(col, row)
            out.append({"x0": r.x, "x1": r.right, "top": page.height - r.top, "bottom": page.height - r.y})
    return out


def frames(page) -> list[dict]:
    """The cards' safe areas (SAFE inside the cut lines) that hold text, in reading order."""
    found = []
    for r in cut_rects(page):
        safe = {"x0": r["x0"] + SAFE, "x1": r["x1"] - SAFE, "top": r["top"] + SAFE, "bottom": r["bottom"] - SAFE}
        if page.within_bbox((safe["x0"], safe["top"], safe["x1"], safe["bottom"])).chars:
            found.append(safe)
    return found


def frame_text(page, frame) -> str:
    return page.within_bbox((frame["x0"], frame["top"], frame["x1"], frame["bottom"])).extract_text() or ""


def frame_with(page, text: str) -> dict:
    hits = [f for f in frames(page) if norm(text) in norm(frame_text(page, f))]
    assert len(hits) == 1, f"{text!r} is in {len(hits)} cards on page {page.page_number}"
    return hits[0]


def centre_x(box) -> float:
    return (box["x0"] + box["x1"]) / 2


@pytest.fixture(scope="module")
def seed_cards(seed_doc, default_theme):
    return render(seed_doc, default_theme)


@pytest.fixture(scope="module")
def seed_pdf(seed_cards):
    with pdfplumber.open(io.BytesIO(seed_cards.data)) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def stress_cards(stress_doc, default_theme):
    return render(stress_doc, default_theme)


def check_cards(pdf, doc, size):
    """Pages front, back, ...; each question on a front, its points or answer behind it (mirrored)."""
    items = doc.qa.items
    sheets = -(-len(items) // 4)
    assert len(pdf.pages) == 2 * sheets
    for page in pdf.pages:
        assert page.width == pytest.approx(size[0], abs=0.5) and page.height == pytest.approx(size[1], abs=0.5)
    for index, item in enumerate(items):
        front, back = pdf.pages[2 * (index // 4)], pdf.pages[2 * (index // 4) + 1]
        question = " ".join(paragraph_text(p) for p in item.question.paragraphs)
        f = frame_with(front, question)
        assert norm(i18n.t(doc.language, "question", n=item.number)) in norm(frame_text(front, f))
        answer = [paragraph_text(p) for point in item.points for p in point.paragraphs]
        b = frame_with(back, answer[0] if answer else paragraph_text(item.answer.paragraphs[0])[:40])
        text = norm(frame_text(back, b))
        assert norm(i18n.t(doc.language, "answer_to", n=item.number)) in text
        for point in answer:
            assert norm(point) in text, f"point {point!r} is not behind question {item.number}"
        # the back of the card lies behind its front: mirrored left-right, same row
        assert centre_x(b) == pytest.approx(front.width - centre_x(f), abs=0.5)
        assert b["top"] == pytest.approx(f["top"], abs=0.5) and b["bottom"] == pytest.approx(f["bottom"], abs=0.5)
        assert (centre_x(f) < front.width / 2) != (centre_x(b) < back.width / 2)
        slot = index % 4
        assert (centre_x(f) > front.width / 2, f["top"] > front.height / 2) == (slot % 2 == 1, slot >= 2)


def check_inside(pdf):
    """Every character lies inside a card's safe area (6 mm inside its cut lines), or in the margin above
    the cards (the printing note); every cut mark lies outside the cards and their bleed."""
    for page in pdf.pages:
        boxes = frames(page)
        assert boxes
        grid_top = min(r["top"] for r in cut_rects(page)) - BLEED
        cards = [(r["x0"] - BLEED, r["top"] - BLEED, r["x1"] + BLEED, r["bottom"] + BLEED) for r in cut_rects(page)]
        for ch in page.chars:
            inside = any(f["x0"] <= ch["x0"] and ch["x1"] <= f["x1"] and f["top"] <= ch["top"]
                         and ch["bottom"] <= f["bottom"] for f in boxes)
            assert inside or ch["bottom"] <= grid_top, (page.page_number, ch["text"], ch["x0"], ch["top"])
        marks = [ln for ln in page.lines if ln["linewidth"] == pytest.approx(0.3)]
        assert len(marks) == 12
        for ln in marks:
            for x0, top, x1, bottom in cards:
                overlaps = ln["x0"] < x1 - 0.1 and ln["x1"] > x0 + 0.1 and ln["top"] < bottom - 0.1 \
                    and ln["bottom"] > top + 0.1
                assert not overlaps, (page.page_number, ln["x0"], ln["top"])


def test_seed_sheets_fronts_and_mirrored_backs(seed_doc, seed_pdf):
    assert len(seed_doc.qa.items) == 7
    check_cards(seed_pdf, seed_doc, A4)
    fronts = [norm(seed_pdf.pages[i].extract_text()) for i in (0, 2)]
    backs = [norm(seed_pdf.pages[i].extract_text()) for i in (1, 3)]
    assert all("Vraag" in t and "Antwoordop" not in t for t in fronts)
    assert all("Antwoordopvraag" in t for t in backs)
    assert len(frames(seed_pdf.pages[2])) == 3 and len(frames(seed_pdf.pages[3])) == 3
    # the printing note, localized, and the document's title on each front
    assert norm(i18n.t("nl", "print_duplex")) in fronts[0]
    assert fronts[0].count(norm(seed_doc.title.plain)) == 4


def test_seed_text_stays_on_its_card(seed_pdf):
    check_inside(seed_pdf)


def test_backs_cite_the_sources_of_the_text_they_print(seed_doc, seed_pdf, default_theme):
    item = seed_doc.qa.items[1]  # its answer cites [^4]; its points cite nothing
    back = seed_pdf.pages[1]
    text = norm(frame_text(back, frame_with(back, paragraph_text(item.points[0].paragraphs[0]))))
    number = item.answer.footnotes()[0]
    assert norm(f"[{number}] ") not in text  # no note under points that carry no marker
    doc = replace(seed_doc, card_backs="answer")  # the whole answer, with its marker: its note too
    with pdfplumber.open(io.BytesIO(render(doc, default_theme).data)) as pdf:
        back = pdf.pages[1]
        first = paragraph_text(item.answer.paragraphs[0])[:40]
        text = norm(frame_text(back, frame_with(back, first)))
    assert norm(f"[{number}] " + seed_doc.source(number).text.plain[:60]) in text


def test_seed_fits_without_warnings(seed_cards):
    assert seed_cards.warnings == []
    assert seed_cards.report[0].startswith("7 cards of 95×138 mm on 2 A4 sheets: 4 pages")


@TOOLS
def test_fonts_embedded_and_pdf_valid(tmp_path, seed_cards):
    path = tmp_path / "cards.pdf"
    path.write_bytes(seed_cards.data)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\b", row), row  # embedded, subset
        assert "+" in row.split()[0]
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)


def test_byte_identical(seed_doc, default_theme, seed_cards):
    again = render(seed_doc, default_theme)
    assert again.data == seed_cards.data
    with pikepdf.open(io.BytesIO(seed_cards.data)) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20240503")  # the content's date: no build-time timestamp


def test_letter(english_doc, default_theme):
    result = render(english_doc, default_theme, paper="letter")
    assert "97×129 mm" in result.report[0] and "letter" in result.report[0]
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        check_cards(pdf, english_doc, LETTER)
        check_inside(pdf)
        assert norm(i18n.t("en", "print_duplex")) in norm(pdf.pages[0].extract_text())


def test_sheet_geometry():
    a4, letter = sheet_for("A4"), sheet_for("letter")
    assert a4.mm == (95, 138) and letter.mm == (97, 129)
    for sheet in (a4, letter):
        assert sheet.left >= 10 * MM - 0.01 and sheet.bottom >= 10 * MM - 0.01
        for col in (0, 1):
            for row in (0, 1):
                front, back = sheet.card(col, row), sheet.card(col, row, back=True)
                assert back.x + back.w / 2 == pytest.approx(sheet.width - (front.x + front.w / 2))
                assert back.y == front.y
    assert a4.card(0, 0).top > a4.card(0, 1).top  # row 0 is the top row


def test_stress_renders_and_escapes(stress_doc, stress_cards):
    with pdfplumber.open(io.BytesIO(stress_cards.data)) as pdf:
        check_cards(pdf, stress_doc, A4)
        check_inside(pdf)
        front, back = (p.extract_text() for p in pdf.pages)
    # content that looks like markup prints literally
    assert "x<y & <b>bold" in back
    assert "x<y in one place" in front
    assert "<jan@ngo.nl>" in back
    # the answer without points is too long: the build says so, at the question's line
    item = next(i for i in stress_doc.qa.items if not i.points)
    warned = [w for w in stress_cards.warnings if "has no points" in w.message]
    assert len(warned) == 1 and warned[0].location == item.question.loc
    assert f"question {item.number}" in warned[0].message and "ellipsis" in warned[0].message


LONG = '''title: "Lange antwoorden"
language: nl
sections:
  - text: "Een tekst."
qa:
  heading: "Vragen"
  items:
    - question: "Past een heel lang antwoord op een kaart?"
      answer: "{answer}"
    - question: "En met punten?"
      answer: "{answer}"
      points:
        - "Een kort punt"
'''
SENTENCE = "Dit is een zin die het antwoord langer maakt dan een kaart aankan, met woorden als x<y & <b>. "


@pytest.mark.parametrize("repeat, outcome", [(25, "below the theme's minimum"), (70, "cut off with an ellipsis")])
def test_long_answer_without_points_warns_and_fits(tmp_path, default_theme, repeat, outcome):
    doc = load_text(tmp_path, LONG.replace("{answer}", SENTENCE * repeat))
    result = render(doc, default_theme)
    item = doc.qa.items[0]
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.location == item.question.loc and warning.location.line == 8
    assert "question 1" in warning.message and "no points" in warning.message and outcome in warning.message
    assert "points:" in warning.hint
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        check_inside(pdf)
        back = pdf.pages[1]
        text = frame_text(back, frame_with(back, "Dit is een zin"))
        assert "x<y & <b>" in text
        assert ("…" in text) == (outcome == "cut off with an ellipsis")
        # the item with points shows its point, not the long answer
        assert "Dit is een zin" not in frame_text(back, frame_with(back, "Een kort punt"))


def test_fallback_fonts_and_missing_glyphs(tmp_path, default_theme):
    doc = load_text(tmp_path, '''title: "Tekens"
language: en
sections:
  - text: "A text."
qa:
  heading: "Q"
  items:
    - question: "What does 中文 mean, and what is \u0d9a?"
      answer: "Chinese."
''')
    result = render(doc, default_theme)
    missing = [w for w in result.warnings if "U+0D9A" in w.message]
    assert len(missing) == 1
    assert (missing[0].location.line, missing[0].location.col) == (8, 49)  # the character, not its block
    assert b"DroidSansFallback" in result.data
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        assert "中文" in pdf.pages[0].extract_text()
        fonts = {ch["fontname"].split("+")[-1] for ch in pdf.pages[0].chars}
    assert "DroidSansFallback" in fonts and not any("Helvetica" in f for f in fonts)


def test_no_questions(tmp_path, default_theme):
    from conftest import MINIMAL

    result = render(load_text(tmp_path, MINIMAL), default_theme)
    assert result.data.startswith(b"%PDF") and "no questions" in result.warnings[0].message
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 2


def test_build_writes_cards(tmp_path):
    from conftest import SEED

    from deckgen.build.run import DEFAULT_FORMATS, Settings, build

    assert "cards" in DEFAULT_FORMATS
    assert isinstance(get("cards"), CardsRenderer)
    outcomes, _ = build(Settings(files=(SEED,), themes=("default",), out=tmp_path, formats=("cards",),
                                 paper="letter", project=SEED.parent.parent))
    [outcome] = outcomes
    assert outcome.job.output == tmp_path / "default" / (SEED.stem + ".cards.pdf")
    with pdfplumber.open(outcome.job.output) as pdf:
        assert len(pdf.pages) == 4 and pdf.pages[0].width == pytest.approx(LETTER[0])


def test_i18n_words_in_every_language():
    for lang in ("en", "nl", "de", "fr"):
        for key in ("cards", "front", "back", "print_duplex"):
            assert i18n.t(lang, key)
        assert "2" in i18n.t(lang, "sheet_side", n=1, total=2, side="x")


def test_fronts_show_the_task_and_time_under_the_question(seed_doc, seed_pdf):
    """Issue 14: a card's front says what the group does and for how long, under its question."""
    for item in seed_doc.qa.items:
        page = seed_pdf.pages[((item.number - 1) // 4) * 2]
        slot = (item.number - 1) % 4
        half = page.crop((0 if slot % 2 == 0 else page.width / 2, 0,
                          page.width / 2 if slot % 2 == 0 else page.width, page.height))
        line = i18n.task_line(item.task.plain, item.duration, "nl")
        assert norm(line) in norm(half.extract_text())
        assert all(norm(line) not in norm(p.extract_text()) for p in seed_pdf.pages[1::2]), "not on a back"
        task = half.search(item.task.plain[:25], regex=False)
        question = half.search(item.question.plain.split()[0], regex=False)  # (later words may be hyphenated)
        near = [q for q in question if any(abs(q["x0"] - t["x0"]) < 5 and q["top"] < t["top"] for t in task)]
        assert near, f"the task of question {item.number} sits under its question"


def test_a_question_of_zero_width_characters_only_is_drawn_not_a_crash(tmp_path, default_theme):
    """The naughty strings' U+200B alone as a question has no word to measure (tools/corpus_run.py
    found the internal error: the largest size for whole words was infinite)."""
    doc = load_text(tmp_path, 'title: "T"\nlanguage: en\nsections:\n  - text: "x"\nqa:\n  heading: "Q"\n  items:\n'
                              '    - question: "\\u200b"\n      answer: "\\u200b\\u200c"\n')
    result = render(doc, default_theme)
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 2


def _points(page, frame) -> list[list[float]]:
    """The widths of each line of each answer point on one card (words in the answer's size: the most common)."""
    words = page.within_bbox((frame["x0"], frame["top"], frame["x1"], frame["bottom"])).extract_words(
        extra_attrs=["size"])
    sizes = [round(w["size"], 1) for w in words]
    size = max(set(sizes), key=sizes.count)
    lines: dict[float, list[dict]] = {}
    for w in words:
        if round(w["size"], 1) == size or w["text"] == "•":
            lines.setdefault(round(w["top"]), []).append(w)
    points: list[list[float]] = []
    for top in sorted(lines):
        line = sorted(lines[top], key=lambda w: w["x0"])
        text = [w for w in line if w["text"] != "•"]
        if not text:
            continue
        if line[0]["text"] == "•" or not points:
            points.append([])
        points[-1].append(text[-1]["x1"] - text[0]["x0"])
    return points


def test_answers_break_into_even_lines(seed_doc, default_theme):
    """The answers' points are set in even lines, as a typesetter breaks short texts by hand (pdf.runts.even):
    measured on the drawn backs, no line before a point's last is under 60 % of its longest (6 were with
    greedy breaking and the no-runt binding: "… is niet / het doel / van ontwikkelingssamenwerking"), the
    longest and shortest lines of a point differ by 21 % of the longest on average (38 %), and no line starts
    with a dash."""
    data = render(seed_doc, default_theme).data
    holes, spreads, starts = 0, [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            if "achterkant" not in (page.extract_text() or ""):
                continue  # the fronts: questions
            for frame in frames(page):
                for widths in _points(page, frame):
                    if len(widths) < 2:
                        continue
                    longest = max(widths)
                    holes += sum(w < 0.6 * longest for w in widths[:-1])
                    spreads.append((longest - min(widths)) / longest)
            starts += [line for line in page.extract_text().splitlines() if line.lstrip()[:1] in "–—"]
    assert len(spreads) >= 15
    assert holes <= 1  # "Daarop heeft / ontwikkelingssamenwerking / weinig invloed": the long word leaves no choice
    assert sum(spreads) / len(spreads) < 0.25, sum(spreads) / len(spreads)
    assert starts == []


def test_the_same_text_on_several_cards_is_set_the_same_way(seed_doc, default_theme):
    """Five cards share the task "Bespreek in tweetallen: …": each is drawn with the lines set for it
    (pdf.runts), not only the first (the layout kept for drawing was let go after its first use, so the others
    were drawn as first broken: "… wat weet je hierover, en / wat denk je? — 10 min")."""
    data = render(seed_doc, default_theme).data
    firsts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for frame in frames(page):
                text = page.within_bbox((frame["x0"], frame["top"], frame["x1"], frame["bottom"])).extract_text()
                firsts += [line for line in text.splitlines() if line.startswith("Bespreek in tweetallen")]
    assert len(firsts) >= 4 and len(set(firsts)) == 1, firsts
