"""Slides built for a workshop (issue 14), read back from the .pptx with python-pptx.

Discussion slides lead with the question; one type scale; one footer size and none on the
title slide or the Q&A divider; key figures on one baseline; notes to present from; an
introduction and a closing slide with a QR code; `qa: answers:` after, end or notes.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck import ooxml
from deckgen.theming.load import available
from deckgen.theming.load import load as load_theme

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
FOOTER_TYPES = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
THEMES = available(None)


def render(doc, theme, **options):
    result = get("deck").render(doc, theme, RenderOptions(**options))
    return Presentation(io.BytesIO(result.data)), result


@pytest.fixture(scope="module", params=THEMES)
def themed(request, seed_doc):
    theme = load_theme(request.param)[0]
    prs, result = render(seed_doc, theme)
    return request.param, prs, result


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def _sizes(shape) -> list[float]:
    """The point sizes of every run and field written in a shape."""
    return [int(r.get("sz")) / 100 for r in shape._element.iter(f"{A}rPr") if r.get("sz")]


def _is_footer(shape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type in FOOTER_TYPES


def _discussion_slides(prs, doc):
    questions = {item.question.plain: item for item in doc.qa.items}
    out = []
    for slide in prs.slides:
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        if _title(slide) in questions and any(t.startswith("Vraag ") and " van " in t for t in texts):
            out.append((slide, questions[_title(slide)]))
    return out


def test_discussion_question_leads_by_1_2(themed, seed_doc):
    name, prs, _ = themed
    found = _discussion_slides(prs, seed_doc)
    assert len(found) == len(seed_doc.qa.items)
    for slide, item in found:
        question = slide.shapes.title
        q_sizes = set(_sizes(question))
        assert len(q_sizes) == 1, "the question is set at one size"
        q = q_sizes.pop()
        others = [s for sh in slide.shapes if sh.has_text_frame and sh.shape_id != question.shape_id
                  for s in _sizes(sh)]
        assert others, "counter, task and footer are on the slide"
        assert q >= 1.2 * max(others), (name, item.number, q, max(others))
        assert all(p.alignment is not None and int(p.alignment) == 2 for p in question.text_frame.paragraphs), \
            "the question is centred"
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert f"Vraag {item.number} van 7" in texts
        task = next(t for t in texts if t.startswith(item.task.plain))
        assert task.endswith(f"{item.duration}\u00a0min"), "the task and the time show on the slide"


def test_discussion_slide_has_the_themes_treatment(themed, seed_doc):
    name, prs, _ = themed
    slide, _ = _discussion_slides(prs, seed_doc)[0]
    names = [sh.name for sh in slide.shapes]
    for shape in slide.shapes:  # a band or a rule says nothing: decorative (PowerPoint's checker, screen readers)
        if shape.name in ("discussion band", "discussion rule"):
            assert ooxml.is_decorative(shape._element), shape.name
    if name == "print":
        assert names.count("discussion rule") == 2 and "discussion band" not in names
    else:
        assert names.count("discussion band") == 1
        band = next(sh for sh in slide.shapes if sh.name == "discussion band")
        assert band.width >= prs.slide_width * 0.97, "the band runs across the slide"
        question = slide.shapes.title
        assert band.top <= question.top and question.top + question.height <= band.top + band.height


def test_one_title_size_per_kind_and_one_top_line(themed, seed_doc):
    name, prs, _ = themed
    discussion = {id(s) for s, _ in _discussion_slides(prs, seed_doc)}
    content_sizes, tops = set(), set()
    figure_sizes = set()
    for n, slide in enumerate(prs.slides, 1):
        title = _title(slide)
        if n == 1 or id(slide) in discussion or title in ("Bedankt!", seed_doc.qa.heading.plain):
            continue
        shape = slide.shapes.title
        sizes = set(_sizes(shape))
        assert len(sizes) == 1
        if title.startswith("Kerncijfers"):
            figure_sizes |= sizes
            continue
        content_sizes |= sizes
        assert shape.text_frame._txBody.find(f"{A}bodyPr").get("anchor") == "t", "titles hang from the top line"
        tops.add(shape.top)
    assert len(content_sizes) <= 2, (name, content_sizes)
    assert len(figure_sizes) == 1
    assert len(tops) == 1, "every content title starts on the same top line"


def test_one_footer_size_and_none_on_title_or_divider(themed, seed_doc):
    name, prs, _ = themed
    sizes = set()
    for n, slide in enumerate(prs.slides, 1):
        footers = [sh for sh in slide.shapes if _is_footer(sh)]
        if n == 1 or _title(slide) == seed_doc.qa.heading.plain:
            assert footers == [], (name, n)
            continue
        assert len(footers) == 3, (name, n)
        for sh in footers:
            assert sh.text_frame.text.strip() not in ("", "…")
            sizes |= set(_sizes(sh))
    assert len(sizes) == 1 and min(sizes) >= 10, (name, sizes)


def test_key_figures_share_a_baseline_and_never_wrap(themed, seed_doc):
    name, prs, _ = themed
    slide = next(s for s in prs.slides if _title(s).startswith("Kerncijfers: Asielkosten"))
    values = [sh for sh in slide.shapes if sh.has_text_frame and "procent" in sh.text_frame.text
              or sh.has_text_frame and "miljard" in sh.text_frame.text and "kosten" not in sh.text_frame.text]
    assert len(values) == 2
    assert values[0].text_frame.text.startswith("1,3\u00a0miljard\u00a0euro"), "no break inside a value"
    assert len({v.top + v.height for v in values}) == 1 and len({v.width for v in values}) == 1
    for v in values:
        assert v.text_frame._txBody.find(f"{A}bodyPr").get("anchor") == "b"
        runs = [r for p in v.text_frame.paragraphs for r in p.runs]
        value = int(runs[0]._r.rPr.get("sz"))
        marker = [r for r in runs if int(r._r.rPr.get("baseline") or 0) > 30000]  # raised to the cap height
        assert marker and all(int(m._r.rPr.get("sz")) <= 0.55 * value for m in marker)
        assert all(int(m._r.rPr.get("baseline")) <= 100000 for m in marker)  # PowerPoint's offset range
    assert len({int(v.text_frame.paragraphs[0].runs[0]._r.rPr.get("sz")) for v in values}) == 1
    one = next(s for s in prs.slides if _title(s).startswith("Kerncijfers: Hulp"))
    value = next(sh for sh in one.shapes if sh.has_text_frame and sh.text_frame.text.startswith("7–12"))
    middle = value.left + value.width / 2
    assert abs(middle - prs.slide_width / 2) < prs.slide_width * 0.03, "one figure stands in the middle"


def _links(slide) -> set[str]:
    return {r.hyperlink.address for sh in slide.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs if r.hyperlink.address}


def test_the_closing_slide_links_an_email_address(seed_doc, default_theme):
    doc = replace(seed_doc, contact=replace(seed_doc.contact, email="workshop@example.org"))
    prs, _ = render(doc, default_theme)
    closing = prs.slides[-1]
    assert "workshop@example.org" in "\n".join(sh.text_frame.text for sh in closing.shapes if sh.has_text_frame)
    assert _links(closing) == {"mailto:workshop@example.org", "https://www.partos.nl"}


def test_introduction_agenda_and_closing(themed, seed_doc):
    name, prs, _ = themed
    titles = [_title(s) for s in prs.slides]
    assert titles[2] == "Inleiding"
    agenda = [p.text for p in prs.slides[1].placeholders[1].text_frame.paragraphs]
    assert agenda == ["Inleiding", *(s.heading.plain for s in seed_doc.sections[1:]), seed_doc.qa.heading.plain,
                      "Bronnen"]
    closing = prs.slides[-1]
    assert titles[-1] == "Bedankt!"
    text = "\n".join(sh.text_frame.text for sh in closing.shapes if sh.has_text_frame)
    for expected in ("Partos en OnMigration", "www.partos.nl"):
        assert expected in text
    assert _links(closing) == {"https://www.partos.nl"}
    notes = closing.notes_slide.notes_text_frame.text
    assert seed_doc.colophon.plain in notes, "the colophon moves to the closing slide's notes"
    assert "Over dit document" not in titles


def test_qr_code_encodes_the_link(seed_doc, default_theme):
    import segno
    from PIL import Image

    prs, _ = render(seed_doc, default_theme)
    pics = [sh for sh in prs.slides[-1].shapes if sh.shape_type == 13]
    assert len(pics) == 1
    pic = pics[0]
    assert pic._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr") == "QR-code voor https://www.partos.nl"
    assert pic.width == pic.height
    image = Image.open(io.BytesIO(pic.image.blob)).convert("L")
    expected = segno.make("https://www.partos.nl", error="m", micro=False)
    matrix = [list(row) for row in expected.matrix_iter(border=4)]
    n = len(matrix)
    assert image.width == image.height and image.width % n == 0, "whole pixels per module: sharp"
    cell = image.width // n
    read = [[1 if image.getpixel((x * cell + cell // 2, y * cell + cell // 2)) < 128 else 0 for x in range(n)]
            for y in range(n)]
    assert read == [[1 if v else 0 for v in row] for row in matrix]


def test_notes_lead_with_a_sentence_the_slide_does_not_show_then_the_slot(seed_doc, default_theme):
    prs, _ = render(seed_doc, default_theme)
    section = seed_doc.sections[1]
    slide = next(s for s in prs.slides if _title(s) == section.heading.plain)
    notes = slide.notes_slide.notes_text_frame.text
    say, cue = notes.split("\n")[:2]
    # the text's first sentence is the slide's first point: the notes start with the first one it does not show
    assert say == ("Door de geschiedenis heen verhuizen mensen op zoek naar een betere toekomst voor henzelf en hun "
                   "kinderen \u2013 en dat zullen mensen blijven doen.")
    assert re.fullmatch(r"\d+ min \u00b7 \d+:\d\d\u2013\d+:\d\d", cue)
    assert notes.count(say) == 1 and "De rest van de tekst" not in notes and "Vertel ook:" in notes
    assert "Ontwikkelingssamenwerking kan migratie niet voorkomen" not in notes  # on the slide: not read twice
    assert not any(point.plain in notes for point in section.points)
    assert notes.endswith("Volgende dia: Hulp aan mensen op de vlucht")


def test_discussion_notes_are_for_the_facilitator(seed_doc, default_theme):
    prs, _ = render(seed_doc, default_theme)
    titles = [_title(s) for s in prs.slides]
    for slide, item in _discussion_slides(prs, seed_doc):
        notes = slide.notes_slide.notes_text_frame.text
        answer_slide = prs.slides[titles.index(item.question.plain) + 1]
        answer_notes = answer_slide.notes_slide.notes_text_frame.text
        assert notes.startswith(item.question.plain + "\n" + f"{item.duration} min \u00b7 ")
        assert f"Opdracht: {item.task.plain}" in notes
        listen = notes.index("Waar je op let:")
        for point in item.points:
            assert notes.index(point.plain) > listen
        assert item.answer.plain not in notes, "the answer is the answer slide's"
        # the answer slide's notes: only sentences of the answer its points do not show, each once
        for point in item.points:
            assert point.plain not in answer_notes
        for line in answer_notes.split("\n"):
            sentence = line.removeprefix("\u2022 ")
            if sentence.endswith((".", "?", "!")) and not sentence.startswith(("Volgende dia:", "De hele tekst", "[")):
                assert sentence in " ".join(item.answer.plain.split()) and answer_notes.count(sentence) == 1, line


def test_answers_at_the_end(seed_doc, default_theme):
    doc = replace(seed_doc, qa=replace(seed_doc.qa, answers="end"))
    prs, _ = render(doc, default_theme)
    titles = [_title(s) for s in prs.slides]
    questions = [item.question.plain for item in doc.qa.items]
    firsts = [titles.index(q) for q in questions]
    lasts = [len(titles) - 1 - titles[::-1].index(q) for q in questions]
    assert firsts == sorted(firsts) and lasts == sorted(lasts)
    assert max(firsts) < min(lasts), "every answer after the last question"
    assert lasts == list(range(lasts[0], lasts[0] + len(questions)))
    agenda = [p.text for p in prs.slides[1].placeholders[1].text_frame.paragraphs]
    assert "Antwoorden" in agenda


def test_answers_only_in_the_notes(seed_doc, default_theme):
    doc = replace(seed_doc, qa=replace(seed_doc.qa, answers="notes"))
    prs, _ = render(doc, default_theme)
    titles = [_title(s) for s in prs.slides]
    for item in doc.qa.items:
        assert titles.count(item.question.plain) == 1, "no answer slide"
        slide = prs.slides[titles.index(item.question.plain)]
        notes = slide.notes_slide.notes_text_frame.text
        assert item.answer.plain in notes and "Waar je op let:" in notes
        for number in item.answer.footnotes():
            assert doc.source(number).text.plain in notes


def _figure_slides(prs):
    """(value runs, label runs) of every key-figure slide: values are the runs in the accent colour's
    bottom-anchored boxes, labels the top-anchored boxes under them."""
    out = []
    for slide in prs.slides:
        if not _title(slide).startswith(("Kerncijfers", "Key figures")):
            continue
        boxes = [sh for sh in slide.shapes if sh.has_text_frame and not sh.is_placeholder]
        anchor = [(sh, sh.text_frame._txBody.find(f"{A}bodyPr").get("anchor")) for sh in boxes]
        values = [r for sh, a in anchor if a == "b" for p in sh.text_frame.paragraphs for r in p.runs
                  if not int(r._r.rPr.get("baseline") or 0)]
        labels = [r for sh, a in anchor if a == "t" for p in sh.text_frame.paragraphs for r in p.runs]
        out.append((values, labels))
    return out


@pytest.mark.parametrize("theme_name", ["default", "print", "projector"])
@pytest.mark.parametrize("which", ["seed", "english"])
def test_key_figures_are_sized_per_slide_on_the_type_scale_with_quieter_labels(theme_name, which, seed_doc,
                                                                              english_doc):
    """Each slide's values as large as its room allows, on the type scale (a single figure on an empty
    slide is not held to a pair's size: the projector's was 49 pt); labels a step of the scale at most
    half the value's, never under the theme's body_min (20 pt: read from the back of the room)."""
    from deckgen.renderers.deck.figures import TYPE_SCALE

    doc = seed_doc if which == "seed" else english_doc
    theme = load_theme(theme_name)[0]
    prs, result = render(doc, theme)
    slides = _figure_slides(prs)
    assert len(slides) == 2 and sorted(len(v) for v, _ in slides) == [1, 2]  # a single and a paired slide
    sizes = {}
    for values, labels in slides:
        value = {int(r._r.rPr.get("sz")) / 100 for r in values}
        label = {int(r._r.rPr.get("sz")) / 100 for r in labels}
        assert len(value) == 1 and len(label) == 1, (value, label)  # one size for the values of a slide
        (value,), (label,) = value, label
        assert value in TYPE_SCALE and label in TYPE_SCALE, (value, label)
        assert value <= theme.deck.figure_size and theme.deck.body_min <= label <= max(value * 0.5,
                                                                                        theme.deck.body_min)
        sizes[len(values)] = value
    assert sizes[1] > sizes[2], f"the single figure ({sizes[1]} pt) is set larger than the pair ({sizes[2]} pt)"
    assert "key figures (values/labels, per slide" in " ".join(result.report)


@pytest.mark.render
def test_the_key_figure_marker_renders_above_the_baseline_at_cap_height(tmp_path, seed_doc):
    """On LibreOffice's rendering: the footnote marker's baseline sits well above the value's, and the
    top of its digit on the value's cap height (within a point)."""
    import pdfplumber
    from lo import to_pdf

    from deckgen.text.fonts import FONT_DIR, Face

    for theme_name in ("default", "print", "projector"):
        theme = load_theme(theme_name)[0]
        path = tmp_path / f"{theme_name}.pptx"
        path.write_bytes(get("deck").render(seed_doc, theme, RenderOptions()).data)
    pdfs = to_pdf(sorted(tmp_path.glob("*.pptx")), tmp_path / "pdf")
    checked = 0
    for pdf_path in pdfs:
        with pdfplumber.open(str(pdf_path)) as pdf:
            for page in pdf.pages:
                values = [c for c in page.chars if c["size"] > 30 and c["top"] > page.height * 0.25
                          and "Bold" in c["fontname"]]
                if not (page.extract_text() or "").startswith("Kerncijfers") or not values:
                    continue
                size = values[0]["size"]
                base = max(c["matrix"][5] for c in values)  # the values' baseline (PDF y grows upwards)
                family = values[0]["fontname"].split("+")[-1].split("-")[0]
                font = next(p for p in FONT_DIR.glob(f"*/{family}-Bold.ttf"))
                cap = Face(font).cap
                markers = [c for c in page.chars if c["text"].isdigit() and c["size"] < size * 0.5
                           and 0 < c["matrix"][5] - base < size]
                assert markers, pdf_path.name
                for m in markers:
                    assert m["matrix"][5] - base > 0.3 * size  # well above the baseline: a superscript
                    top = m["matrix"][5] + cap * m["size"]
                    assert abs(top - (base + cap * size)) <= 1.0, (pdf_path.name, top, base + cap * size)
                    checked += 1
    assert checked >= 3 * 3  # three markers a deck, three themes
