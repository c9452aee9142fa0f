"""Issue 13: templates that set their formatting below the theme, or are degenerate, still give
a deck of the normal length whose text fits, with nothing left over and no deckgen logo.

Each case is a template the test makes (renderers/templates.py: made_template)."""

from __future__ import annotations

import pytest
from conftest import DATA, SEED
from pptx import Presentation
from renderers import lo
from renderers.templates import CASES, made_template

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml import colours
from deckgen.theming.contrast import ratio
from deckgen.theming.load import load as load_theme

DECKGEN_LOGO = (DATA / "logo.png").read_bytes()  # the logo the built-in themes carried until issue 13



def master_pictures(slide) -> set[str]:
    """The master's own pictures: a discussion slide that hides the master's title rules shows copies."""
    return {s.name for s in slide.slide_layout.slide_master.shapes if s.shape_type == 13}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed built with each case's template, and with the built-in default theme."""
    tmp = tmp_path_factory.mktemp("cases")
    doc, _ = load(SEED)
    theme, _ = load_theme("default")
    out = {}
    for case in CASES:
        result = get("deck").render(doc, theme, RenderOptions(template=made_template(tmp / f"{case}.pptx", case)))
        path = tmp / f"deck-{case}.pptx"
        path.write_bytes(result.data)
        out[case] = (path, result)
    plain = get("deck").render(doc, theme, RenderOptions())
    (tmp / "plain.pptx").write_bytes(plain.data)
    return out, len(Presentation(str(tmp / "plain.pptx")).slides)


@pytest.mark.parametrize("case", CASES)
def test_a_template_changes_the_look_never_the_number_of_slides(built, case):
    decks, plain = built
    count = len(Presentation(str(decks[case][0])).slides)
    assert abs(count - plain) <= 0.15 * plain, f"{case}: {count} slides, the default theme gives {plain}"


@pytest.mark.parametrize("case", CASES)
def test_nothing_is_thrown_away_or_left_over(built, case):
    """No shape holds only '…', no placeholder is left empty, no picture (deckgen's logo) is added."""
    prs = Presentation(str(built[0][case][0]))
    for n, slide in enumerate(prs.slides, 1):
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip(), f"slide {n}"
        for shape in slide.shapes:
            text = shape.text_frame.text.strip() if shape.has_text_frame else ""
            assert text not in ("…", "..."), f"{case} slide {n}: {shape.name} holds only an ellipsis"
            if shape.is_placeholder:
                assert text, f"{case} slide {n}: {shape.name} is an empty placeholder"
            copied = slide._element.get("showMasterSp") == "0" and shape.name in master_pictures(slide)
            if shape.shape_type == 13 and not copied:  # deckgen adds no picture but the QR code: no logo
                assert shape.name == "QR code" and shape.image.blob != DECKGEN_LOGO, f"{case} slide {n}: {shape.name}"


def test_one_warning_names_what_the_template_lacks(built):
    decks, _ = built
    for case, lacks in (("single-layout", "a title and a body of usable size"), ("title-only", "a title and a body"),
                        ("blank-only", "a title;"), ("tiny-placeholders", "a title and a body of usable size")):
        messages = [w.message for w in decks[case][1].warnings if "the template has no layout with" in w.message]
        assert len(messages) == 1 and lacks in messages[0], (case, messages)


def test_key_figures_are_readable_on_a_dark_template_with_dark_accents(built):
    """The dark case's accents (#2B2F3A) are unreadable on its background (#101418): the figures take a
    scheme colour that is readable there (3:1 for the large values, 4.5:1 for the labels)."""
    path = built[0]["dark-low-contrast"][0]
    prs = Presentation(str(path))
    scheme = ooxml.theme_colors(prs)
    assert ratio(scheme["accent1"], "#101418") < 1.5  # the case is what it claims
    checked = 0
    for slide in prs.slides:
        if not slide.shapes.title.text_frame.text.startswith("Kerncijfers"):
            continue
        bg = colours.background(slide.slide_layout, scheme)
        assert bg == "#101418"
        for shape in slide.shapes:
            if shape.is_placeholder or not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            run = shape.text_frame.paragraphs[0].runs[0]._r
            fill = run.find("./a:rPr/a:solidFill/*", {"a": colours.A}) if run.find("./a:rPr", {"a": colours.A}) \
                is not None else None
            colour = colours.colour_of(fill, scheme) if fill is not None else scheme["tx1"]
            large = run.find("./a:rPr", {"a": colours.A}).get("b") == "1"
            assert ratio(colour, bg) >= (3.0 if large else 4.5), (shape.text_frame.text, colour)
            checked += 1
    assert checked >= 4


def test_measured_with_the_formatting_the_template_sets(built):
    """The fit report names the typeface the layouts set (DejaVu Sans), not the theme's (Calibri)."""
    report = " ".join(built[0]["layout-fonts"][1].report)
    assert "DejaVu Sans (" in report and "fonts:" in report


@pytest.mark.render
def test_libreoffice_draws_every_case_inside_its_boxes(built, tmp_path):
    decks, _ = built
    named = []
    for case, (path, _) in decks.items():
        target = tmp_path / f"{case}.pptx"
        target.write_bytes(path.read_bytes())
        named.append(target)
    pdfs = lo.to_pdf(named, tmp_path / "pdf")
    problems = {deck.stem: lo.overflows(deck, pdf) for deck, pdf in zip(named, pdfs)}
    assert problems == {case: [] for case in CASES}


def test_when_no_scheme_colour_is_readable_the_theme_text_colour_is_used_with_a_warning():
    scheme = dict.fromkeys(colours.FIGURE_SLOTS + colours.TEXT_SLOTS, "#2B2F3A")
    palette, problems = colours.palette_problems(scheme, "#101418", "#F2F2F2")
    assert palette == {"value": ("F2F2F2", None), "label": ("F2F2F2", None)}
    assert len(problems) == 2 and "readable on its background #101418 (3:1) for key figure values" in problems[0]


def test_the_background_is_read_from_a_picture_or_gradient():
    from lxml import etree

    def bg(fill: str) -> str | None:
        xml = (f'<p:sldLayout xmlns:p="{colours.P}" xmlns:a="{colours.A}"><p:cSld><p:bg><p:bgPr>{fill}'
               '</p:bgPr></p:bg></p:cSld></p:sldLayout>')
        return colours.own_background(etree.fromstring(xml), {"accent1": "#FF0000"})

    assert bg('<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>') == "#FF0000"
    assert bg('<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"/></a:gs>'
              '<a:gs pos="100000"><a:srgbClr val="FFFFFF"/></a:gs></a:gsLst></a:gradFill>') == "#808080"


def test_a_sixteen_bit_grey_picture_background_is_read_as_its_grey():
    """pandoc's template draws its slides on a 16-bit grey PNG: read as grey, not clipped to white."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("I;16", (16, 16), 0x8787).save(out, "PNG")
    assert colours._picture(out.getvalue()) == "#878787"


def test_body_text_stays_clear_of_a_logo_the_master_draws_over_the_body(built):
    prs = Presentation(str(built[0]["master-logo"][0]))
    logo = next(sh for sh in prs.slide_master.shapes if sh.shape_type == 13)
    checked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip() or shape.top < prs.slide_height * 0.2:
                continue
            if shape.is_placeholder and shape.placeholder_format.idx in (10, 11, 12):
                continue  # footers: the template's own band
            apart = (shape.left + shape.width <= logo.left or logo.left + logo.width <= shape.left
                     or shape.top + shape.height <= logo.top or logo.top + logo.height <= shape.top)
            assert apart, f"{shape.name} ({shape.text_frame.text[:30]!r}) overlaps the master's logo"
            checked += 1
    assert checked > 20


def test_a_title_too_long_for_a_one_line_box_gets_a_taller_box_not_a_smaller_size(built):
    result = built[0]["one-line-titles"][1]
    report = "\n".join(result.report)
    assert "title box made taller" in report and "below the theme's minimum" not in report
    assert any("its box is made taller" in w.message for w in result.warnings)


def test_key_figures_leave_a_layout_the_artwork_fills_for_the_content_layout(tmp_path, seed_doc, default_theme):
    """LibreOffice's Focus covers its Title Only layout with coloured shards but for a gap a tenth of the
    slide wide: the key figures were squeezed into it and cut ("7–12 pro…"). They take the content
    layout, whose body the template keeps clear, and stay whole at a size of the type scale."""
    prs = Presentation()
    only = next(lay for lay in prs.slide_layouts if lay.name == "Title Only")
    w, h = prs.slide_width, prs.slide_height
    for left, width in ((0, int(w * 0.45)), (int(w * 0.55), int(w * 0.45))):  # a gap in the middle only
        ooxml.add_rect(only.shapes._spTree, (left, int(h * 0.25), width, int(h * 0.7)), "shard", "E04020", None)
    result, deck = _rendered(prs, tmp_path / "shards.pptx", seed_doc, default_theme)
    figures = _titled(deck, "Kerncijfers")
    assert figures and all(s.slide_layout.name == "Title and Content" for s in figures)
    texts = [sh.text_frame.text for s in figures for sh in s.shapes if sh.has_text_frame]
    assert any(t.replace("\xa0", " ").startswith("7–12 procent") for t in texts), texts
    assert not any("…" in t for t in texts), texts
    assert not [w for w in result.warnings if "too long for its column" in w.message]
    assert any("key figures, charts and tables use 'Title and Content'" in line for line in result.report)


def test_a_title_half_on_a_band_is_moved_onto_it_at_its_height(tmp_path, seed_doc, default_theme):
    """LibreOffice's Piano puts its title's box half over a grey band: the title was cut to the part on the
    band (0.41 of 0.61 in) and set at 19 pt with a warning on every slide. It is moved onto the band at the
    height the template gave it."""
    prs = Presentation()
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    title, body = layout.placeholders[0], layout.placeholders[1]
    band = (title.left - 91440, title.top + title.height // 3, title.width + 182880, int(title.height * 1.2))
    body.top, body.height = band[1] + band[3] + 91440, body.height - 600000  # below the band
    ooxml.add_rect(layout.shapes._spTree, band, "band", "404040", None)
    result, deck = _rendered(prs, tmp_path / "band.pptx", seed_doc, default_theme)
    slides = [s for s in deck.slides if s.shapes.title is not None
              and s.shapes.title.text_frame.text in ("Agenda", "Inleiding", "Niet bedoeld om migratie te voorkomen")]
    assert len(slides) == 3 and all(s.slide_layout.name == "Title and Content" for s in slides)
    for slide in slides:
        box = slide.shapes.title
        assert band[1] <= box.top and box.top + box.height <= band[1] + band[3], (box.top, box.height, band)
        assert box.height == title.height
    assert not [w for w in result.warnings if "too long for the title box" in w.message]


def test_key_figures_on_artwork_no_colour_reads_on_share_one_panel(tmp_path, seed_doc, default_theme):
    """Key figures over artwork on which no colour reads (black and white stripes: a photo's dark and light
    spots) get one panel behind them all, not a panel for some texts and none for others."""
    prs = Presentation()
    w, h = prs.slide_width, prs.slide_height
    tree = prs.slide_master.shapes._spTree
    for n in range(20):
        ooxml.add_rect(tree, (n * w // 20, int(h * 0.3), w // 20, int(h * 0.55)), f"stripe {n}",
                       "000000" if n % 2 else "FFFFFF", None)
    result, deck = _rendered(prs, tmp_path / "stripes.pptx", seed_doc, default_theme)
    figures = _titled(deck, "Kerncijfers")
    assert len(figures) == 2
    for slide in figures:
        names = [sh.name for sh in slide.shapes]
        assert names.count("figures panel") == 1 and "legibility panel" not in names, names
        panel = next(sh for sh in slide.shapes if sh.name == "figures panel")
        texts = [sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()
                 and not sh.is_placeholder]  # the values and labels
        assert len(texts) >= 2 and all(panel.left <= t.left and t.left + t.width <= panel.left + panel.width
                                       and panel.top <= t.top and t.top + t.height <= panel.top + panel.height
                                       for t in texts)


def test_a_body_is_not_moved_onto_a_band_over_its_title(tmp_path, seed_doc, default_theme):
    """A band under the title and the upper part of the body (LibreOffice's Grey Elegant: light grey over
    the top 73 % of the slide, white below): the body stays on the band, but moved up onto it whole it
    covered the title; it keeps its part on the band instead."""
    prs = Presentation()
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    body = layout.placeholders[1]  # a light band from the top over the title and 70 % of the body, white below
    ooxml.add_rect(layout.shapes._spTree, (0, 0, prs.slide_width, body.top + int(body.height * 0.7)), "band",
                   "E0E0E0", None)
    result, deck = _rendered(prs, tmp_path / "band.pptx", seed_doc, default_theme)
    slides = [s for s in deck.slides if s.shapes.title is not None
              and s.shapes.title.text_frame.text in ("Agenda", "Inleiding", "Niet bedoeld om migratie te voorkomen")]
    assert len(slides) == 3
    for slide in slides:
        head = slide.shapes.title
        text = next(sh for sh in slide.placeholders if sh.placeholder_format.idx == 1)
        assert text.top >= head.top + head.height or text.top + text.height <= head.top, (head.top, head.height,
                                                                                         text.top)


def test_the_cover_credit_stays_off_a_title_across_the_top(tmp_path, english_doc, default_theme):
    """A title slide whose title runs across the top and whose subtitle fills the slide down to the footers
    (LibreOffice's Piano and DNA): the cover picture's credit went to the upper right, over the title."""
    prs = Presentation()
    layout = prs.slide_layouts[0]
    w, h = prs.slide_width, prs.slide_height
    title, subtitle = layout.placeholders[0], layout.placeholders[1]
    title.left, title.top, title.width, title.height = int(w * 0.05), int(h * 0.03), int(w * 0.9), int(h * 0.15)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = int(w * 0.05), int(h * 0.2), int(w * 0.9), \
        int(h * 0.68)
    _, deck = _rendered(prs, tmp_path / "top-title.pptx", english_doc, default_theme)
    cover = deck.slides[0]
    credit = next(sh for sh in cover.shapes if sh.name == "Picture credit")
    head = cover.shapes.title
    shared_h = min(credit.top + credit.height, head.top + head.height) - max(credit.top, head.top)
    shared_w = min(credit.left + credit.width, head.left + head.width) - max(credit.left, head.left)
    assert shared_h <= 0 or shared_w <= 0, (credit.top, credit.left, head.top, head.height)


def _rendered(prs, path, doc, theme):
    """(the render's result, its deck read back) of doc with the template prs, saved at path."""
    import io

    prs.save(str(path))
    result = get("deck").render(doc, theme, RenderOptions(template=path))
    return result, Presentation(io.BytesIO(result.data))


def _titled(deck, start: str) -> list:
    """The slides whose title starts so."""
    return [s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text_frame.text.startswith(start)]


def test_discussion_texts_are_set_clear_of_artwork_across_the_slide(tmp_path, seed_doc, default_theme):
    """A drawing from side to side through the discussion slides' question area (LibreOffice's Pencil: a
    pencil's line across 0.25-0.50 of the height) leaves no room beside it: the counter, question and
    task are set in the rows below it, not over it."""
    prs = Presentation()
    w, h = prs.slide_width, prs.slide_height
    rule = (int(w * 0.04), int(h * 0.25), int(w * 0.92), int(h * 0.25))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    ooxml.add_rect(layout.shapes._spTree, rule, "drawing", "8B5A2B", None)
    result, deck = _rendered(prs, tmp_path / "rule.pptx", seed_doc, default_theme)
    questions = [s for s in deck.slides if any(sh.has_text_frame and sh.text_frame.text.startswith("Vraag ")
                                                for sh in s.shapes)]
    assert len(questions) == 7
    for slide in questions:
        for sh in slide.shapes:
            if sh.has_text_frame and sh.text_frame.text.strip() and not sh.is_placeholder or sh == slide.shapes.title:
                assert sh.top >= rule[1] + rule[3] or sh.top + sh.height <= rule[1], (sh.name, sh.top, sh.height)
    assert not [w for w in result.warnings if "crosses the discussion slides" in w.message]
