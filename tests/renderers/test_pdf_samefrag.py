"""pdf.fonts' sameFrag answers as ReportLab's C one (_rl_accel.sameFrag) does, for every kind of piece
a paragraph is made of: the same style, a missing attribute against None, equal colours that are
different objects, callbacks and line breaks, and pieces that are not plain ParaFrags."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.lib.rl_accel import sameFrag as c_same_frag
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

import deckgen.renderers.pdf.fonts  # noqa: F401  (installs the faster sameFrag)

NAVY = colors.HexColor("#1F3A5F")
VALUES = {
    "fontName": ["Body", "Body-Bold"],
    "fontSize": [10, 10.0, 12],
    "textColor": [NAVY, colors.HexColor("#1F3A5F"), colors.black, None],
    "rise": [0, 3],
    "us_lines": [[], [("underline", 1)]],
    "link": [None, [("https://example.org", None)]],
    "backColor": [None, colors.white],
    "nobr": [False, True],
    "cbDefn": ["x"],
    "lineBreak": [True],
    "text": ["a", "b"],
}


class Other(ParaFrag):
    nobr = True  # a class attribute: only getattr finds it


@st.composite
def frags(draw):
    frag = (Other if draw(st.integers(0, 9)) == 0 else ParaFrag)()
    for name, values in VALUES.items():
        if draw(st.integers(0, 3)):  # most attributes set, some missing
            setattr(frag, name, draw(st.sampled_from(values)))
    return frag


@settings(max_examples=400, deadline=None)
@given(frags(), frags())
def test_the_same_answer_as_reportlabs(f, g):
    assert paragraph.sameFrag is not c_same_frag
    assert bool(paragraph.sameFrag(f, g)) == bool(c_same_frag(f, g))


def test_missing_is_not_none_and_equal_colours_are_the_same_style():
    a, b = ParaFrag(fontName="Body", textColor=NAVY), ParaFrag(fontName="Body", textColor=colors.HexColor("#1F3A5F"))
    assert paragraph.sameFrag(a, b) and c_same_frag(a, b)
    for one, other in itertools.permutations([ParaFrag(fontName="Body", link=None), ParaFrag(fontName="Body")]):
        assert not paragraph.sameFrag(one, other) and not c_same_frag(one, other)
