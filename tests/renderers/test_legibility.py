"""Issue 21: every word deckgen places is readable where it lands, in any organisation's template.

Each case is a small template the test makes (renderers/templates.py: legibility_template), with
the colour behind the text and the artwork's place known here, so the checks do not trust
deckgen's own reading of the template."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from conftest import ENGLISH, SEED
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from renderers.templates import ARTWORK, EMU_IN, NAVY, legibility_template

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml import colours
from deckgen.theming.contrast import minimum_for, ratio
from deckgen.theming.load import load as load_theme

A = "http://schemas.openxmlformats.org/drawingml/2006/main"

# case: (the colour behind the text, the colour the template gives titles and other text)
CONTRAST = {
    "black-text-dark-bg": ("#" + NAVY, "#000000", "#000000"),
    "navy-text-navy-panel": ("#" + NAVY, "#000000", "#" + NAVY),
    "white-title-white-layout": ("#FFFFFF", "#FFFFFF", "#000000"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("legible")
    doc, _ = load(SEED)
    theme, _ = load_theme("default")
    out = {}
    for case in list(CONTRAST) + list(ARTWORK):
        template = legibility_template(tmp / f"{case}.pptx", case)
        result = get("deck").render(doc, theme, RenderOptions(template=template))
        path = tmp / f"deck-{case}.pptx"
        path.write_bytes(result.data)
        out[case] = (path, result)
    return out


def _runs(shape):
    for p in shape.text_frame.paragraphs:
        for r in p._p.iter(f"{{{A}}}r", f"{{{A}}}fld"):
            t = r.find(f"{{{A}}}t")
            if t is not None and (t.text or "").strip():
                yield r


def _colour(run, scheme):
    rpr = run.find(f"{{{A}}}rPr")
    fill = rpr.find(f"{{{A}}}solidFill") if rpr is not None else None
    return colours.colour_of(fill[0], scheme) if fill is not None else None


@pytest.mark.parametrize("case", list(CONTRAST))
def test_text_reaches_its_contrast_on_what_is_behind_it(built, case):
    """Every run of every text on the slides that lies on the case's colour: its colour (its own, or
    what the template gives, which is the problem) reaches WCAG AA there."""
    path, result = built[case]
    behind, title_colour, text_colour = CONTRAST[case]
    prs = Presentation(str(path))
    scheme = ooxml.theme_colors(prs)
    checked = 0
    for n, slide in enumerate(prs.slides, 1):
        panel = any(s.name == "Navy panel" for s in slide.slide_layout.shapes)
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.shape_type == 13:
                continue
            if case == "navy-text-navy-panel" and (not panel or shape.top < 1.5 * EMU_IN
                                                   or shape.top + shape.height > 6.7 * EMU_IN):
                continue  # only what lies on the panel
            title = shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                                                PP_PLACEHOLDER.CENTER_TITLE)
            default = title_colour if title else text_colour
            furniture = shape.is_placeholder and shape.placeholder_format.type in (
                PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
            if furniture or not title and shape.is_placeholder and _tinted(slide, shape):
                default = TINTED  # the master's footers are tinted too
            for run in _runs(shape):
                colour = _colour(run, scheme) or default
                rpr = run.find(f"{{{A}}}rPr")
                size = int(rpr.get("sz")) / 100
                need = minimum_for(size, rpr.get("b") == "1")
                assert ratio(colour, behind) >= need - 1e-6, (
                    f"{case} slide {n} {shape.name}: {colour} on {behind} is {ratio(colour, behind):.2f}:1")
                checked += 1
    assert checked > 50
    assert any("the template's colour" in line and " is used (" in line for line in result.report)


TINTED = "#898989"  # python-pptx's template sets its subtitles and section texts in tx1 tinted 75 %


def _tinted(slide, shape) -> bool:
    """Whether the layout's placeholder sets its own (tinted) text colour, as python-pptx's does for
    the subtitle and the section header's text."""
    try:
        layout_ph = slide.slide_layout.placeholders.get(idx=shape.placeholder_format.idx)
    except KeyError:
        return False
    return layout_ph is not None and bool(layout_ph._element.xpath(".//a:lstStyle//a:solidFill"))


def _box(shape):
    return (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)


def _artwork_box(case):
    x, y, w, h = (v * EMU_IN for v in ARTWORK[case])
    if case != "rotated-stamp":
        return (x, y, x + w, y + h)
    angle = math.radians(345)
    cx, cy = x + w / 2, y + h / 2
    pts = [(cx + dx * math.cos(angle) - dy * math.sin(angle), cy + dx * math.sin(angle) + dy * math.cos(angle))
           for dx, dy in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


@pytest.mark.parametrize("case", list(ARTWORK))
def test_no_text_box_crosses_the_templates_artwork(built, case):
    """A callout under the body, a rotated stamp, a rule through the question area, a logo under a
    centred title: no text deckgen places overlaps them (text insets aside)."""
    path, _ = built[case]
    art = _artwork_box(case)
    inset_x, inset_y = 91440, 45720
    slides = 0
    for n, slide in enumerate(Presentation(str(path)).slides, 1):
        layout, master = slide.slide_layout, slide.slide_layout.slide_master
        if not any(s.name in ("Artwork", "Logo") for s in list(layout.shapes) + list(master.shapes)):
            continue
        slides += 1
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            left, top, right, bottom = _box(shape)
            left, top, right, bottom = left + inset_x, top + inset_y, right - inset_x, bottom - inset_y
            crosses = left < art[2] and art[0] < right and top < art[3] and art[1] < bottom
            assert not crosses, f"{case} slide {n}: {shape.name} {(left, top, right, bottom)} crosses {art}"
    assert slides >= 10


@pytest.mark.parametrize("theme_name", ["default", "projector", "print"])
@pytest.mark.parametrize("source", [SEED, ENGLISH], ids=["nl", "en"])
def test_built_in_themes_need_no_repair(theme_name, source):
    """The built-in themes are designed readable: the guard finds nothing to change on either seed."""
    doc, _ = load(source)
    theme, _ = load_theme(theme_name)
    result = get("deck").render(doc, theme, RenderOptions())
    changed = [line for line in result.report if "the template's colour" in line]
    assert changed == []


def test_a_templates_light_grey_footers_become_a_readable_shade_of_grey(tmp_path):
    """Office's blank template (python-pptx's) as the organisation's template: its date, footer and slide number
    are tx1 tinted 75 % (#898989 on white, 3.5:1, under WCAG's 4.5:1 for 12 pt text). Each becomes the nearest
    darker shade of that grey that reaches 4.5:1, not the body text's black: quieter than the body still."""
    import pptx

    template = tmp_path / "blank.pptx"
    template.write_bytes((Path(pptx.__file__).parent / "templates" / "default.pptx").read_bytes())
    doc, _ = load(SEED)
    theme, _ = load_theme("default")
    result = get("deck").render(doc, theme, RenderOptions(template=template))
    shaded = [line for line in result.report if "a shade of it" in line]
    assert {line.split("(")[1].split(")")[0] for line in shaded} >= {"date", "footer"}
    prs = Presentation(io.BytesIO(result.data))
    seen = 0
    for slide in prs.slides:
        for shape in slide.placeholders:
            if shape.placeholder_format.type not in (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER):
                continue
            for run in shape.text_frame.paragraphs[0].runs:
                colour = "#" + str(run.font.color.rgb)
                r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
                assert ratio(colour, "#FFFFFF") >= 4.5 and max(r, g, b) - min(r, g, b) <= 4  # a grey
                assert ratio(colour, "#FFFFFF") < 7  # a shade, not black: the footer stays quieter than the text
                seen += 1
    assert seen >= 40
