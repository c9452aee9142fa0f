"""The divider on the template's section header, key figures on the layout dressed like the content
slides (renderers/slidexml/layouts.py: pure data, no template file)."""

from __future__ import annotations

import pytest

from deckgen.renderers.slidexml.layouts import Box, LayoutInfo, PlaceholderInfo, choose

H = 6858000
TITLE = PlaceholderInfo("title", 0, Box(800000, 300000, 9000000, 1000000))
CENTRED = PlaceholderInfo("ctrTitle", 0, Box(800000, 2000000, 9000000, 1400000))
SUBTITLE = PlaceholderInfo("subTitle", 1, Box(800000, 3600000, 9000000, 1000000))
BODY = PlaceholderInfo("obj", 1, Box(800000, 1500000, 9000000, 4500000))
DATE, NUMBER = PlaceholderInfo("dt", 2, Box(0, 6300000, 2000000, 300000)), PlaceholderInfo(
    "sldNum", 4, Box(9000000, 6300000, 1000000, 300000))
LOGO = ("picture", Box(100000, 100000, 600000, 600000))


def _layouts(section_name: str, section_type: str = ""):
    return [LayoutInfo(0, "Title Slide", (CENTRED, SUBTITLE)),
            LayoutInfo(1, "Custom Layout", (TITLE,)),
            LayoutInfo(2, "Title and Content", (TITLE, BODY, DATE, NUMBER), art=(LOGO,)),
            LayoutInfo(3, section_name, (TITLE, DATE, NUMBER), section_type, art=(LOGO,))]


@pytest.mark.parametrize("name,kind", [("Section Header", ""), ("Sectiekop", ""), ("Abschnittsüberschrift", ""),
                                       ("구역 머리글", ""), ("2_Section Header", ""), ("Divider", ""),
                                       ("Anything", "secHead")])
def test_the_divider_takes_the_section_header_by_type_or_by_name(name, kind):
    """utwente's 'Section Header' (a title, no type) lost to its title layout."""
    assert choose(_layouts(name, kind), "section", H).layout.index == 3


def test_without_a_section_header_the_divider_is_chosen_by_placeholders_as_before():
    assert choose(_layouts("Photo"), "section", H).layout.name == "Title Slide"


def test_key_figures_take_the_title_only_layout_dressed_like_the_content_slides():
    """utwente's figures were on 'Custom Layout': no logo, no date, no slide number."""
    layouts = _layouts("Photo")
    assert choose(layouts, "figure", H).layout.name == "Photo"
    plain_title_only = LayoutInfo(4, "Title Only", (TITLE, DATE, NUMBER), "titleOnly", art=(LOGO,))
    section = replace_name(layouts[3], "Section Header")
    assert choose(layouts[:3] + [section, plain_title_only], "figure", H).layout.name == "Title Only"


def replace_name(layout: LayoutInfo, name: str) -> LayoutInfo:
    return LayoutInfo(layout.index, name, layout.placeholders, layout.type, layout.art)
