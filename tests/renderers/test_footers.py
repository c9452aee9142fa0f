"""Footers with real templates (issue 14 owns footer fitting; the templates are issue 13's set):
one size across the deck, at least 10 pt, never a lone "…", slide-number boxes that hold three
digits, and a footer that cannot fit is left out and said once in the fit report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck.footers import FOOTER_MIN
from deckgen.text.fit import WIDTH_MARGIN

SHARED = Path(__file__).resolve().parents[3] / "shared" / "templates"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/templates")
TEMPLATES = sorted(SHARED.glob("*.pptx")) + sorted(SHARED.glob("*.potx")) if SHARED.is_dir() else []
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
KINDS = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


@pytest.mark.skipif(not TEMPLATES, reason="the shared templates are not here")
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_footers_in_real_templates(template, seed_doc, default_theme):
    result = get("deck").render(seed_doc, default_theme, RenderOptions(template=template))
    prs = Presentation(io.BytesIO(result.data))
    face = default_theme.body.face(False, False)
    sizes = set()
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.placeholders:
            if shape.placeholder_format.type not in KINDS:
                continue
            assert n != 1, "no footer on the title slide"
            text = shape.text_frame.text
            assert text.strip() and "…" not in text, (n, text)
            found = {int(r.get("sz")) / 100 for r in shape._element.iter(f"{A}rPr") if r.get("sz")}
            sizes |= found
            if shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER:
                inner = (shape.width - 2 * 91440) / 12700 * WIDTH_MARGIN
                assert inner >= face.width("888") * max(found) - 0.5, "three digits fit"
    assert len(sizes) <= 1 and all(s >= FOOTER_MIN for s in sizes), sizes
    left_out = [line for line in result.report if line.startswith("footer:")]
    assert len(left_out) == len({line.split(" (")[0] for line in left_out}), "said once per kind"


def test_a_footer_too_long_for_its_box_is_left_out_and_said_once(seed_doc, default_theme):
    from dataclasses import replace

    from deckgen.content.model import Rich, Span

    long_title = Rich(((Span("Een titel " * 30),),))
    result = get("deck").render(replace(seed_doc, title=long_title), default_theme, RenderOptions())
    prs = Presentation(io.BytesIO(result.data))
    footers = [sh for s in prs.slides for sh in s.placeholders
               if sh.placeholder_format.type == PP_PLACEHOLDER.FOOTER]
    assert footers == [], "no footer rather than a cut one"
    assert [line for line in result.report if line.startswith("footer:")] == [
        "footer: the footer ('" + " ".join(("Een titel " * 30).split()) + "') does not fit the template's footer "
        "box at 10 pt; left out"]
    dates = [sh for s in prs.slides for sh in s.placeholders if sh.placeholder_format.type == PP_PLACEHOLDER.DATE]
    assert dates and all(d.text_frame.text == "3 mei 2024" for d in dates)


def test_a_footer_on_artwork_moves_along_the_band_beside_it(tmp_path, seed_doc, default_theme):
    from deckgen.renderers.slidexml.freearea import overlap
    from deckgen.renderers.slidexml.layouts import Box
    from renderers.templates import EMU_IN, NUMBER_ART_IN, artwork_on_slide_number

    template = artwork_on_slide_number(tmp_path / "corner.pptx")
    result = get("deck").render(seed_doc, default_theme, RenderOptions(template=template))
    prs = Presentation(io.BytesIO(result.data))
    art = Box(*(int(v * EMU_IN) for v in NUMBER_ART_IN))
    numbered = 0
    for n, slide in enumerate(prs.slides, 1):
        kinds = {sh.placeholder_format.type: sh for sh in slide.placeholders if sh.placeholder_format.type in KINDS}
        if not kinds:
            continue
        number = kinds.get(PP_PLACEHOLDER.SLIDE_NUMBER)
        assert number is not None, f"slide {n}: the slide number is kept"
        assert number.text_frame.text == str(n)
        box = Box(number.left, number.top, number.width, number.height)
        assert not overlap(box, art), (n, box, art)
        for other in kinds.values():  # nor over the date or footer beside it
            if other is not number:
                assert other.left + other.width <= box.left or other.left >= box.left + box.width, (n, other.name)
        numbered += 1
    assert numbered >= len(prs.slides) - 3
    assert any("moved or narrowed along the footer band" in line for line in result.report)
    assert not [line for line in result.report if line.startswith("footer:")], "nothing left out"


def _boxes_by_python_pptx(slide) -> list[tuple[int, int, int, int]]:
    """What footers.py read with python-pptx's shape objects before it read the XML (the reference)."""
    out = []
    stack = list(slide.shapes)
    while stack:
        shape = stack.pop()
        if shape.shape_type == 6:
            stack.extend(shape.shapes)
            continue
        texted = shape.has_text_frame and shape._element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}txBody") is not None and \
            shape.text_frame.text.strip()
        if (getattr(shape, "has_table", False) or getattr(shape, "has_chart", False) or texted) \
                and shape.width and shape.height:
            ph = shape._element.xpath("./*[1]/p:nvPr/p:ph") if shape.is_placeholder else []
            if not (ph and ph[0].get("type") in ("dt", "ftr", "sldNum")):
                out.append((int(shape.left), int(shape.top), int(shape.width), int(shape.height)))
    return sorted(out)


@pytest.mark.parametrize("template", [None, *TEMPLATES], ids=lambda p: p.name if p else "plain")
def test_the_slides_text_boxes_read_from_the_xml_are_python_pptxs_and_change_nothing(template, seed_doc,
                                                                                     default_theme):
    """footers._text_boxes (a footer never goes over the slide's text) reads the boxes from the XML and the
    layout's resolved placeholders: the same boxes python-pptx gives, on every slide of the seed's deck
    with every real template; and reading them adds nothing to the slide (python-pptx's text_frame
    added an empty text body to each shape without one: the discussion bands)."""
    from deckgen.renderers.deck.footers import _text_boxes
    from deckgen.renderers.slidexml.geometry import describe_layouts

    prs = Presentation(io.BytesIO(get("deck").render(seed_doc, default_theme, RenderOptions(template=template)).data))
    masters = [(m._element, [(lay.name, lay._element) for lay in m.slide_layouts]) for m in prs.slide_masters]
    infos = describe_layouts(masters)
    index = {lay._element: i for i, lay in enumerate(lay for m in prs.slide_masters for lay in m.slide_layouts)}
    for n, slide in enumerate(prs.slides, 1):
        before = slide._element.xpath("count(.//p:txBody)")
        mine = sorted((b.left, b.top, b.width, b.height)
                      for b in _text_boxes(slide, infos[index[slide.slide_layout._element]]))
        assert slide._element.xpath("count(.//p:txBody)") == before, f"slide {n}: a text body was added"
        assert mine == _boxes_by_python_pptx(slide), f"slide {n}"
