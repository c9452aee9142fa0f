"""The deck read back with python-pptx: structure, notes, language, sections, footers, templates."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from renderers.templates import as_potx, dutch_template

from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck.ooxml import section_names

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def render(doc, theme, **options):
    result = get("deck").render(doc, theme, RenderOptions(**options))
    return Presentation(io.BytesIO(result.data)), result


@pytest.fixture(scope="module")
def seed_deck(seed_doc, default_theme):
    return render(seed_doc, default_theme)


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def test_slide_order_and_titles(seed_deck, seed_doc):
    prs, _ = seed_deck
    titles = [_title(s) for s in prs.slides]
    assert all(t.strip() for t in titles), "every slide has a title"
    assert titles[0] == "Migratie en ontwikkelingssamenwerking"
    assert titles[1] == "Agenda"
    assert "Niet bedoeld om migratie te voorkomen" in titles
    assert titles[2] == "Inleiding", "the unheaded opening section gets a localized title"
    for n, item in enumerate(seed_doc.qa.items, 1):
        i = titles.index(item.question.plain)
        texts = [sh.text_frame.text for sh in prs.slides[i].shapes if sh.has_text_frame]
        assert f"Vraag {n} van 7" in texts, "the counter is on the discussion slide"
        assert not any(p.plain in t for p in item.points for t in texts), "no answer on the discussion slide"
        assert titles[i + 1] == item.question.plain, "followed by its answer"
        assert [p.text for p in prs.slides[i + 1].placeholders[1].text_frame.paragraphs] == \
            [p.plain for p in item.points]
    assert titles[-1] == "Bedankt!"
    assert "Bronnen" in titles and "Over dit document" not in titles


def test_title_is_first_in_reading_order(seed_deck):
    prs, _ = seed_deck
    for slide in prs.slides:
        first = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip())
        assert first.is_placeholder and first.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                                          PP_PLACEHOLDER.CENTER_TITLE)


def test_points_are_real_bullet_paragraphs_in_body_placeholders(seed_deck, seed_doc):
    prs, _ = seed_deck
    section = seed_doc.sections[1]
    slide = next(s for s in prs.slides if _title(s) == section.heading.plain)
    body = slide.placeholders[1]
    assert body.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
    paras = [p.text for p in body.text_frame.paragraphs]
    assert paras == [p.plain for p in section.points]
    for p in body.text_frame.paragraphs:
        assert p._p.pPr.find(f"{A}buNone") is None, "points keep the master's bullet"


def test_notes_carry_the_cited_sources(seed_deck, seed_doc):
    """Each answer slide's notes give the sources its answer cites (whole, the first time); its text is
    cued, not pasted: see test_notes_cue.py."""
    prs, _ = seed_deck
    answers = [s for s in prs.slides if s.notes_slide.notes_text_frame.text.count("Aangehaalde bronnen:")]
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in answers)
    for item in seed_doc.qa.items:
        for number in item.answer.footnotes():
            assert seed_doc.source(number).text.plain in notes


def test_footnote_markers_are_superscript(seed_deck):
    prs, _ = seed_deck
    slide = next(s for s in prs.slides if "Kerncijfers: Hulp" in _title(s))
    runs = [r for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs]
    marker = [r for r in runs if int(r._r.rPr.get("baseline") or 0) > 0]  # raised to the cap height (issue 23)
    assert [r.text for r in marker] == ["1"]


def test_every_run_is_tagged_with_the_language(seed_deck):
    prs, _ = seed_deck
    count = 0
    for slide in prs.slides:
        trees = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
        for tree in trees:
            for r in tree.iter(f"{A}r"):
                r_pr = r.find(f"{A}rPr")
                assert r_pr is not None and r_pr.get("lang") == "nl-NL", r.findtext(f"{A}t")
                count += 1
    assert count > 100


def test_sections_group_all_slides(seed_deck, seed_doc):
    prs, _ = seed_deck
    sections = section_names(prs)
    assert [name for name, _ in sections] == [
        "Migratie en ontwikkelingssamenwerking", "Inleiding", *(s.heading.plain for s in seed_doc.sections[1:]),
        seed_doc.qa.heading.plain, "Bronnen"]
    ids = [sid for _, group in sections for sid in group]
    assert ids == [s.slide_id for s in prs.slides]


def test_footer_date_and_slide_number_fields(seed_deck):
    prs, _ = seed_deck
    for n, slide in enumerate(prs.slides, 1):
        kinds = {ph.placeholder_format.type: ph for ph in slide.placeholders}
        if n == 1 or _title(slide) == "Q & A migratie en ontwikkelingssamenwerking":
            assert not {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER} & set(kinds), \
                "no footer on the title slide and the Q&A divider"
            continue
        assert kinds[PP_PLACEHOLDER.DATE].text_frame.text == "3 mei 2024"
        assert kinds[PP_PLACEHOLDER.FOOTER].text_frame.text.startswith("Migratie en ontwikkelingssamenwerking")
        fields = kinds[PP_PLACEHOLDER.SLIDE_NUMBER]._element.findall(f".//{A}fld")
        assert len(fields) == 1 and fields[0].get("type") == "slidenum"
        assert fields[0].findtext(f"{A}t") == str(n)


def test_document_properties_and_no_timestamps(seed_deck, seed_doc, default_theme):
    prs, result = seed_deck
    props = prs.core_properties
    assert props.title == "Migratie en ontwikkelingssamenwerking"
    assert props.author == "Mirjam Vossen (OnMigration)"
    assert props.subject == "hoe hangt het samen?"
    assert props.language == "nl-NL"
    assert props.created.year == 2024 and props.modified == props.created
    again = get("deck").render(seed_doc, default_theme, RenderOptions()).data
    assert again == result.data, "building twice gives byte-identical files"


def test_no_deckgen_logo_and_the_content_logo_has_alt_text(seed_deck, seed_doc, default_theme):
    """The built-in theme draws no logo of its own; a content file's logo is drawn, with its alt text."""
    import dataclasses
    from pathlib import Path

    from deckgen.content.model import Logo

    prs, _ = seed_deck
    assert not [sh for sh in prs.slides[0].shapes if sh.shape_type == 13]
    logo = Path(__file__).resolve().parent.parent / "data" / "logo.png"
    prs, _ = render(dataclasses.replace(seed_doc, logo=Logo(str(logo), "Logo of Partos")), default_theme)
    pics = [sh for sh in prs.slides[0].shapes if sh.shape_type == 13]
    assert len(pics) == 1 and pics[0]._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr") == "Logo of Partos"
    assert pics[0].image.blob == logo.read_bytes()


def test_english_document_is_tagged_and_localized(english_doc, default_theme):
    prs, _ = render(english_doc, default_theme)
    titles = [_title(s) for s in prs.slides]
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert "Question 1 of 7" in texts and "Sources" in titles
    assert titles[2] == "Introduction" and titles[-1] == "Thank you!"
    assert prs.core_properties.language == "en-GB"


def test_long_text_continues_on_slides_marked_continued(stress_doc, default_theme):
    prs, result = render(stress_doc, default_theme)
    titles = [_title(s) for s in prs.slides]
    continued = [t for t in titles if t.endswith("(continued)")]
    assert continued, "the stress document needs continuation slides"
    assert any("continued over" in line for line in result.report)
    sizes = [r.font.size.pt for s in prs.slides for sh in s.placeholders if sh.placeholder_format.idx == 1
             for p in sh.text_frame.paragraphs for r in p.runs if r.font.size]
    assert min(sizes) >= 20, "body text never below the theme's minimum"


def test_properties_truncated_for_overlong_title(tmp_path, default_theme):
    from conftest import write

    from deckgen.content.load import load

    path = write(tmp_path, 'title: "' + "Lang " * 70 + '"\nlanguage: nl\nsections:\n  - text: "Tekst."\n')
    doc, _ = load(path)
    prs, result = render(doc, default_theme)
    assert len(prs.core_properties.title) == 255
    assert any("255" in w.message for w in result.warnings)


# --- templates --------------------------------------------------------------------------

def test_dutch_template_layouts_chosen_by_role(tmp_path, seed_doc, default_theme):
    path = dutch_template(tmp_path / "sjabloon.pptx")
    prs, result = render(seed_doc, default_theme, template=path)
    names = [s.slide_layout.name for s in prs.slides]
    assert names[0] == "Titeldia"
    assert names[1] == "Titel en object"
    assert "Sectiekop" in names
    assert "Voorbeelddia 1" not in [_title(s) for s in prs.slides], "sample slides are dropped"
    assert any("removed 2 sample slide" in line for line in result.report)


def test_potx_template_opens(tmp_path, seed_doc, default_theme):
    potx = as_potx(dutch_template(tmp_path / "a.pptx"), tmp_path / "huisstijl.potx")
    prs, _ = render(seed_doc, default_theme, template=potx)
    assert len(prs.slides) > 20 and prs.slides[0].slide_layout.name == "Titeldia"


def test_template_without_content_layout_falls_back_with_warning(tmp_path, seed_doc, default_theme):
    path = dutch_template(tmp_path / "kaal.pptx", samples=0, keep=("Alleen titel", "Leeg"))
    prs, result = render(seed_doc, default_theme, template=path)
    assert any("no layout with a title and a body" in w.message for w in result.warnings)
    slide = next(s for s in prs.slides if _title(s) == "Niet bedoeld om migratie te voorkomen")
    boxes = [sh for sh in slide.shapes if not sh.is_placeholder and sh.has_text_frame]
    assert boxes and "Migratie is van alle tijden" in boxes[0].text_frame.text
    assert boxes[0].top > slide.shapes.title.top + slide.shapes.title.height - 1


def test_fallback_template_keeps_subtitle_and_draws_bullets(seed_doc, default_theme):
    from conftest import DATA

    prs, _ = render(seed_doc, default_theme, template=DATA / "templates" / "title-only-blank.pptx")
    first = prs.slides[0]
    boxes = [sh.text_frame.text for sh in first.shapes if not sh.is_placeholder and sh.has_text_frame]
    assert any("hoe hangt het samen?" in b and "3 mei 2024" in b for b in boxes)
    agenda = prs.slides[1]
    box = next(sh for sh in agenda.shapes if not sh.is_placeholder and sh.has_text_frame)
    chars = [p._p.pPr.find(f"{A}buChar") for p in box.text_frame.paragraphs]
    assert all(c is not None and c.get("char") == "\u2022" for c in chars), "text boxes get their own bullets"


def test_template_fonts_are_used_for_measuring(tmp_path, seed_doc, default_theme):
    path = dutch_template(tmp_path / "t.pptx", samples=0)
    deck = get("deck")
    result = deck.render(seed_doc, default_theme, RenderOptions(template=path))
    assert not [w for w in result.warnings if "no metrics" in w.message], "Calibri is measured with Carlito"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "PNG image"),
    (b"PK\x03\x04" + b"0" * 100, "damaged"),
])
def test_broken_templates_are_named(tmp_path, content, message, default_theme):
    from deckgen.errors import DeckgenError

    path = tmp_path / "corp.pptx"
    path.write_bytes(content)
    with pytest.raises(DeckgenError) as info:
        get("deck").check(default_theme, RenderOptions(template=path))
    assert message in str(info.value) and str(path) in str(info.value)


def test_combined_question_and_answer(tmp_path, seed_doc):
    from deckgen.theming.load import load

    theme_dir = tmp_path / "samen"
    theme_dir.mkdir()
    (theme_dir / "theme.yaml").write_text('name: samen\nextends: default\ndeck:\n  qa_layout: combined\n')
    theme, _ = load(str(theme_dir))
    doc = replace(seed_doc, qa=replace(seed_doc.qa, answers="end"))
    prs, _ = render(doc, theme)
    titles = [_title(s) for s in prs.slides]
    for n, item in enumerate(doc.qa.items, 1):
        i = titles.index(item.question.plain)
        texts = [sh.text_frame.text for sh in prs.slides[i].shapes if sh.has_text_frame]
        assert f"Vraag {n} van 7" in texts, "the discussion slide comes first"
        assert titles[i + 1] == item.question.plain, "its answer follows at once, whatever answers: says"
