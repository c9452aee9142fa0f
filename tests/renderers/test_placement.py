"""Issue 21: where deckgen puts text on a template's slides, and at what size.

A low title box keeps the layout's body, a title box above the slide is clipped to it, a 20 in
wide slide gets its type ×1.5, a master without layouts still gives a deck, footers are measured
in their own font, no word is left to be broken between letters, the discussion slide hangs no
title rule over nothing, and `deckgen inspect` names the risks first."""

from __future__ import annotations

import pytest
from conftest import SEED
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from renderers.templates import EMU_IN, legibility_template

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.text.fit import Para, Run, TextStyle, count_lines
from deckgen.text.sysfonts import find_family
from deckgen.text.wholewords import BREAK
from deckgen.theming.load import load as load_theme

CASES = ("half-inch-title", "title-above-slide", "wide-slide", "no-layouts", "footer-font", "rule-through-question")
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("placed")
    doc, _ = load(SEED)
    theme, _ = load_theme("default")
    out = {}
    for case in CASES + ("plain",):
        options = RenderOptions() if case == "plain" else RenderOptions(
            template=legibility_template(tmp / f"{case}.pptx", case))
        result = get("deck").render(doc, theme, options)
        path = tmp / f"deck-{case}.pptx"
        path.write_bytes(result.data)
        out[case] = (Presentation(str(path)), result)
    return out


def _sizes(prs, kind) -> list[float]:
    return [r.font.size.pt for slide in prs.slides for sh in slide.placeholders
            if sh.placeholder_format.type == kind for p in sh.text_frame.paragraphs for r in p.runs if r.font.size]


def test_a_low_title_box_keeps_the_layouts_body(built):
    """Title boxes 0.5 in high: the body still goes into the layout's body placeholder, not a text box."""
    prs, result = built["half-inch-title"]
    assert not [w for w in result.warnings if "no layout with" in w.message]
    bodies = [sh for slide in prs.slides for sh in slide.placeholders if sh.placeholder_format.type in
              (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT) and sh.text_frame.text.strip()]
    assert len(bodies) >= 10
    for slide in prs.slides:
        title = slide.shapes.title
        if title is not None and title.top < 2 * EMU_IN:  # a content slide's title: taller than 0.5 in now
            assert title.height > 0.7 * EMU_IN


def test_a_title_box_above_the_slide_is_clipped(built):
    prs, _ = built["title-above-slide"]
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert shape.top >= 0, f"slide {n}: {shape.name} starts {shape.top / EMU_IN:.2f} in above the slide"


def test_type_scales_up_with_a_taller_slide(built):
    """20 × 11.25 in against 13.33 × 7.5 in: the body and titles ×1.5, the same number of slides."""
    wide, result = built["wide-slide"]
    plain, _ = built["plain"]
    assert any("×1.50" in line for line in result.report)
    assert max(_sizes(wide, PP_PLACEHOLDER.TITLE)) >= 1.4 * max(_sizes(plain, PP_PLACEHOLDER.TITLE))
    body = [s for s in _sizes(wide, PP_PLACEHOLDER.OBJECT) + _sizes(wide, PP_PLACEHOLDER.BODY)]
    assert max(body) >= 1.4 * 28 * 0.95
    assert abs(len(wide.slides) - len(plain.slides)) <= 2


def test_a_master_without_layouts_gives_a_deck(built):
    prs, result = built["no-layouts"]
    assert [w for w in result.warnings if "has no layouts" in w.message]
    assert len(prs.slides) >= 20
    assert all(slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip() for slide in prs.slides)


def test_footers_are_measured_in_their_own_font_and_take_one_line(built):
    """The footers are set in DejaVu Serif at 14 pt: each footer text takes one line in that font."""
    prs, _ = built["footer-font"]
    serif = TextStyle(find_family("DejaVu Serif", ()), space_before=0)
    footers = 0
    for slide in prs.slides:
        for sh in slide.placeholders:
            if sh.placeholder_format.type not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE):
                continue
            for p in sh.text_frame.paragraphs:
                text = "".join(r.text for r in p.runs)
                size = p.runs[0].font.size.pt
                width = (sh.width - 2 * 91440) / 12700
                assert count_lines(Para((Run(text),)), serif, size, width) == 1, f"{text!r} at {size} pt"
                footers += 1
    assert footers >= 20


@pytest.mark.parametrize("case", CASES)
def test_no_word_is_left_to_break_between_letters(built, case):
    """Every word of every text deckgen wrote fits its line in the font it is measured with, or
    carries a hyphen and a break deckgen put there (words of more than 20 letters included)."""
    prs, result = built[case]
    family = find_family("Calibri", ())
    for n, slide in enumerate(prs.slides, 1):
        for sh in slide.shapes:
            if not sh.has_text_frame:
                continue
            width = (sh.width - 2 * 91440) / 12700
            for p in sh.text_frame.paragraphs:
                for r in p.runs:
                    if not r.font.size:
                        continue
                    for word in r.text.replace(BREAK, " ").split():
                        w = family.face(True, False).width(word) * r.font.size.pt
                        assert w <= width * 1.08 or len(word) < 6, f"{case} slide {n}: {word!r} in {sh.name}"
    hyphenated = [w for w in result.warnings if "hyphenated as" in w.message]
    for w in hyphenated:
        assert "'ontwikkelings-samenwerking'" in w.message or "-" in w.message


def test_discussion_slides_hang_no_title_rule_over_nothing(tmp_path):
    """The projector's amber bar and print's bars sit under titles at the top; the discussion slide,
    whose question stands in the middle, shows neither, and keeps the rest of the master's shapes."""
    doc, _ = load(SEED)
    for name in ("projector", "print"):
        theme, _ = load_theme(name)
        prs = Presentation(__import__("io").BytesIO(get("deck").render(doc, theme, RenderOptions()).data))
        master = prs.slide_master
        bars = [s for s in master.shapes if not s.is_placeholder and s.height <= 0.03 * prs.slide_height
                and s.top < 2 * EMU_IN]
        assert bars, name
        discussion = [s for s in prs.slides if any(sh.name == "discussion rule" or sh.name == "discussion band"
                                                   for sh in s.shapes)]
        assert len(discussion) == 7
        for slide in discussion:
            assert slide._element.get("showMasterSp") == "0"
            names = [sh.name for sh in slide.shapes]
            kept = [s for s in master.shapes if not s.is_placeholder and s not in bars]
            assert all(k.name in names for k in kept), name
        content = [s for s in prs.slides if s not in discussion]
        assert all(s._element.get("showMasterSp") != "0" for s in content)


def test_inspect_names_the_risks_before_building(tmp_path, run):
    template = legibility_template(tmp_path / "white.pptx", "white-title-white-layout")
    code, out, _ = run("inspect", "--template", str(template), "--content", str(SEED))
    assert code == 0
    assert "risks to legibility" in out
    assert "title: its text colour #FFFFFF has contrast 1.00:1 on #FFFFFF" in out
    template = legibility_template(tmp_path / "callout.pptx", "callout-under-body")
    code, out, _ = run("inspect", "--template", str(template), "--content", str(SEED))
    assert "body: the template's shape 'Artwork' lies where its text would go" in out
