"""Effective formatting, resolved the way PowerPoint does (slidexml/styles.py), and measured with."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree
from pptx import Presentation
from renderers.templates import layout_fonts, master_style

from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml.styles import Resolver, describe
from deckgen.text.fit import Para, Run, TextStyle, count_lines, fit_one
from deckgen.text.fonts import Family, bundled_files


def _resolver(prs) -> Resolver:
    theme = etree.fromstring(ooxml._theme_part(prs).blob)
    return Resolver(prs.slide_master._element, theme, prs.part._element)


def _layout(prs, name: str):
    return next(lay for lay in prs.slide_layouts if lay.name == name)._element


def test_theme_fonts_reach_titles_and_bodies_through_the_master_styles():
    prs = Presentation()
    res = _resolver(prs)
    title = res.resolve("title", _layout(prs, "Title and Content"), "0")
    body = res.resolve("body", _layout(prs, "Title and Content"), "1")
    assert (title.typeface, title.size, title.bold) == ("Calibri", 44.0, False)
    assert title.source == "theme major font (master titleStyle)"
    assert (body.typeface, body.size) == ("Calibri", 32.0)
    assert res.resolve(None).typeface == "Calibri"  # a text box: the presentation's default, +mn-lt


def test_a_layout_typeface_wins_over_the_theme():
    prs = Presentation()
    layout_fonts(prs, "DejaVu Sans")
    eff = _resolver(prs).resolve("title", _layout(prs, "Title and Content"), "0")
    assert (eff.typeface, eff.source) == ("DejaVu Sans", "layout placeholder")


def test_letter_spacing_bold_and_capitals_are_inherited_from_the_master():
    prs = Presentation()
    master_style(prs, "titleStyle", spc=600, cap="all")
    master_style(prs, "bodyStyle", b=1, typeface="DejaVu Sans")
    res = _resolver(prs)
    title = res.resolve("title", _layout(prs, "Title and Content"), "0")
    body = res.resolve("body", _layout(prs, "Title and Content"), "1")
    assert (title.spc, title.cap) == (6.0, "all")
    assert (body.bold, body.typeface, body.source) == (True, "DejaVu Sans", "master bodyStyle")
    assert describe(title) == "Calibri, letter-spacing +6 pt, all capitals"


def test_the_section_header_of_the_default_template_is_bold_capitals():
    """python-pptx's Section Header layout sets b=1 and cap=all on its title's list style."""
    prs = Presentation()
    eff = _resolver(prs).resolve("title", _layout(prs, "Section Header"), "0")
    assert eff.bold and eff.cap == "all"


ARIAL = Family("Arial", bundled_files("Arial"))
TEXT = Para((Run("Ontwikkelingssamenwerking draagt daaraan bij, zo blijkt uit onderzoek van velen"),))


@pytest.mark.parametrize("change", [{"tracking": 3.0}, {"bold": True}, {"caps": True}])
def test_each_inherited_property_makes_text_take_more_room(change):
    plain = TextStyle(ARIAL)
    styled = replace(plain, **change)
    widths = [w for w in range(200, 900, 20)]
    assert all(count_lines(TEXT, styled, 28, w) >= count_lines(TEXT, plain, 28, w) for w in widths)
    assert any(count_lines(TEXT, styled, 28, w) > count_lines(TEXT, plain, 28, w) for w in widths)


def test_a_smaller_size_wins_over_breaking_a_word():
    """'ontwikkelingssamenwerking' is wider than 300 pt at 45 pt: the box is tall enough for the
    broken word, but the size chosen keeps it whole."""
    word = [Para((Run("ontwikkelingssamenwerking"),))]
    style = TextStyle(ARIAL, line_spacing=1.1, space_before=0)
    size = fit_one(word, style, 300, 200, 45, 14)
    assert size is not None and size < 45
    assert count_lines(word[0], style, size, 300) == 1
