"""The run sheet's slide numbers are the numbers the slides have in the deck built with the same theme,
template and paper: the deck (python-pptx, its own worker) and the run sheet (ReportLab, the PDF worker)
count the slides a text continues on with the same computation (renderers/paging.py) on the same room
(renderers/slidexml/geometry.py). Checked against the real .pptx, read with python-pptx: for every row
of the plan, the slides with its numbers carry that row's slide (its title, then "(vervolg)"), the rows
number every slide of the deck once, in order; the questions' "dia N" and the debrief's "laat dan
dia N zien" too."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import ENGLISH, ROOT, SEED
from pptx import Presentation

from renderers.templates import CASES, made_template, ole_template, rewrite_part

from deckgen.content import i18n, session
from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

SHARED = ROOT.parent.parent / "shared" / "templates"
if not SHARED.is_dir():  # the project's checkout beside the shared folder, or the lead's /work/main
    SHARED = Path("/work/shared/templates")
# utwente: artwork the body is moved clear of; besser-list: a free area; mechatronic-7: letter-spacing;
# awshonolulu: a logo over the body's corner
TEMPLATES = ["utwente.pptx", "besser-list.potx", "mechatronic-7.pptx", "awshonolulu.potx"]
ROW = re.compile(r"^\d+:\d\d\u2013\d+:\d\d (\d+(?:\u2013\d+)?|\u2013) ", re.M)


def _title(slide) -> str:
    """The slide's title as written, a word hyphenated to fit its box joined again."""
    shape = slide.shapes.title
    return " ".join(re.sub("-\u200b|\u00ad", "", shape.text).split()) if shape is not None else ""


def expected(doc, ident: str) -> set[str]:
    """The titles the first slide of `ident` may have (its own, or the short one the deck uses for a
    title too long for the template's box)."""
    lang = doc.language
    kind, _, n = ident.partition(" ")
    flat = lambda rich: " ".join(rich.plain.split())  # noqa: E731
    if ident == "title":
        return {flat(doc.title)}
    if ident == "agenda":
        return {i18n.t(lang, "agenda")}
    if kind == "section":
        section = doc.sections[int(n) - 1]
        return {flat(section.heading) if section.heading else i18n.t(lang, "introduction")}
    if kind == "figures":
        heading = flat(doc.sections[int(n) - 1].heading)
        return {f"{i18n.t(lang, 'key_figures')}: {heading}", i18n.t(lang, "key_figures")}
    if ident == "qa divider":
        return {flat(doc.qa.heading)}
    if kind in ("question", "answer"):
        return {flat(doc.qa.items[int(n) - 1].question), i18n.t(lang, "answer_to", n=int(n))}
    if kind in ("chart", "table"):
        section, k = (int(x) for x in n.split("."))
        exhibit = (doc.sections[section - 1].charts if kind == "chart" else doc.sections[section - 1].tables)[k - 1]
        heading = flat(doc.sections[section - 1].heading)
        return {exhibit.title if kind == "chart" else exhibit.caption or heading, heading}
    if ident == "sources":
        return {i18n.t(lang, "sources")}
    if ident == "closing":
        return {i18n.t(lang, "thanks")}
    raise AssertionError(ident)


def check_numbers(doc, theme_name, template: str | Path | None = None) -> tuple[list[str], int]:
    """Builds the deck and the run sheet; asserts every number the sheet gives; its rows' numbers.
    `theme_name`: a built-in theme's name, or a Theme."""
    theme = load_theme(theme_name)[0] if isinstance(theme_name, str) else theme_name
    options = RenderOptions(template=(SHARED / template if isinstance(template, str) else template)
                            if template else None)
    prs = Presentation(io.BytesIO(get("deck").render(doc, theme, options).data))
    titles = [_title(s) for s in prs.slides]
    guide = get("guide").render(doc, theme, options)
    with pdfplumber.open(io.BytesIO(guide.data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    plan = session.schedule(doc, combined=theme.deck.qa_layout == "combined")
    rows = ROW.findall(text)
    assert len(rows) == len(plan.slots), (len(rows), len(plan.slots))
    continued = i18n.t(doc.language, "continued")
    at = 1
    for shown, slot in zip(rows, plan.slots):
        if shown == "\u2013":  # not known in advance: from here on the sheet gives no number
            at = None
            continue
        assert at is not None, f"{slot.ident}: a number after a dash"
        first, _, last = shown.partition("\u2013")
        first, last = int(first), int(last or first)
        assert first == at, (slot.ident, shown, at)
        # (a template may set titles in capitals: compared without case)
        assert titles[first - 1].casefold() in {t.casefold() for t in expected(doc, slot.ident)}, (
            theme_name, template, slot.ident, shown, titles[first - 1])
        for number in range(first + 1, last + 1):  # the slides its text continues on
            assert titles[number - 1].endswith(continued), (slot.ident, number, titles[number - 1])
        at = last + 1
    if at is not None:
        assert at == len(titles) + 1, "the rows number every slide of the deck"
    # the questions' own "dia N" and the debrief's "laat dan dia N zien" are the same numbers
    word = i18n.t(doc.language, "slide_n", n=0).split()[0]
    flat_text = " ".join(text.split())
    for shown, slot in zip(rows, plan.slots):
        if slot.kind == "question" and shown != "\u2013":
            label = i18n.t(doc.language, "question_of", n=slot.ident.split()[1], total=len(doc.qa.items))
            assert f"{label} · {plan.span(slot)} · {word} {shown}" in flat_text, (slot.ident, shown)
    return rows, len(titles)


@pytest.mark.parametrize("theme_name", ["default", "print", "projector"])
def test_every_row_of_the_dutch_seed_is_the_deck_slide_with_that_number(seed_doc, theme_name):
    rows, slides = check_numbers(seed_doc, theme_name)
    assert "\u2013" not in rows  # every number known: no table, a template deckgen reads
    assert rows[-2].startswith("24\u2013") and rows[-1] == str(slides)  # the sources continue; the close after


@pytest.mark.parametrize("size", ["4:3", "16:10"])
def test_the_plain_base_in_other_slide_sizes(english_doc, size):
    """The plain base is python-pptx's template as deck/plain.py makes it: the slide size, the layouts
    stretched sideways (the run sheet reads it as changed the same way)."""
    from dataclasses import replace

    theme = load_theme("default")[0]
    theme = replace(theme, deck=replace(theme.deck, slide_size=size))
    rows, _ = check_numbers(english_doc, theme)
    assert "\u2013" not in rows


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("source", [SEED, ENGLISH], ids=["nl", "en"])
def test_every_row_is_the_deck_slide_with_that_number_in_real_templates(source, template):
    if not (SHARED / template).is_file():
        pytest.skip(f"no shared templates at {SHARED} (they are not part of the project)")
    rows, _ = check_numbers(load(source)[0], "default", template)
    assert "\u2013" not in rows


def test_the_english_seed_with_pictures_beside_its_sections(english_doc):
    """Pictures narrow a section's text to half the slide: counted with the narrowed room."""
    assert any(s.image for s in english_doc.sections)
    rows, _ = check_numbers(english_doc, "default")
    assert "\u2013" not in rows


def test_a_table_continues_on_the_slides_the_deck_gives_it(tmp_path):
    """A table continues by rows (slidexml/tables.py plans it for the deck and counts it for the sheet):
    the starter's table, and the same table made long enough for three slides, then the rows after it."""
    from dataclasses import replace

    from deckgen.authoring import starter

    path = tmp_path / "talk.yaml"
    path.write_text(starter.text("en"), encoding="utf-8")
    doc = load(path)[0]
    rows, _ = check_numbers(doc, "default")
    assert "\u2013" not in rows
    index = next(i for i, s in enumerate(doc.sections) if s.tables)
    table = doc.sections[index].tables[0]
    long = replace(table, rows=table.rows * 30)
    section = replace(doc.sections[index], tables=(long,))
    doc = replace(doc, sections=doc.sections[:index] + (section,) + doc.sections[index + 1:])
    for theme_name in ("default", "projector"):
        rows, _ = check_numbers(doc, theme_name)
        plan = session.schedule(doc)
        shown = rows[next(i for i, s in enumerate(plan.slots) if s.kind == "table")]
        first, _, last = shown.partition("\u2013")
        assert last and int(last) - int(first) >= 2, shown  # over three slides or more


@pytest.mark.parametrize("kind", CASES + ("ole", "ole-linked"))
def test_templates_made_to_break_things_number_alike(seed_doc, tmp_path, kind):
    """Fonts and letter-spacing set on layouts, a single layout, blank layouts only (the free area, a
    title box of deckgen's own), tiny placeholders, a logo on the master, an OLE object on the content
    layout (which the deck removes, keeping its picture in its place): the same numbers."""
    path = tmp_path / f"{kind}.pptx"
    template = ole_template(path, linked=kind == "ole-linked") if kind.startswith("ole") else made_template(path, kind)
    rows, _ = check_numbers(seed_doc, "default", template)
    assert "\u2013" not in rows


def test_a_package_the_deck_repairs_gets_dashes_not_a_guess(seed_doc, tmp_path):
    """A template without a slide size is repaired by the deck (package.py); the run sheet does not read
    the repair: its first rows keep their numbers, the rows from the first text slide on a dash, and a
    line under the plan says why."""
    source = made_template(tmp_path / "plain.pptx", "master-logo")
    template = rewrite_part(source, tmp_path / "nosize.pptx", "ppt/presentation.xml",
                            lambda xml: re.sub(rb"<p:sldSz[^>]*/>", b"", xml))
    rows, _ = check_numbers(seed_doc, "default", template)
    assert rows[0] == "1" and rows[1] == "2" and set(rows[2:]) == {"\u2013"}  # the agenda is the first text slide
    theme = load_theme("default")[0]
    guide = get("guide").render(seed_doc, theme, RenderOptions(template=template))
    with pdfplumber.open(io.BytesIO(guide.data)) as pdf:
        text = " ".join(" ".join(page.extract_text() or "" for page in pdf.pages).split())
    assert "zoek de dia op zijn titel" in text
