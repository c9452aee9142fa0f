"""The plain base of the built-in themes: python-pptx's default template, sized and coloured by the theme.

Its layouts are those of Office's blank template; the theme gives the slide size, the colour
scheme and fonts, a solid background, bold titles, an accent bar along the top, footers
wide enough for a title, and a section header with its line of text under the title. The
template's secondary text (subtitle, the divider's text, footers: tx1 tinted 75 %, #8C8E90 on
white, 3.3:1) is drawn in the theme's `muted` colour, which the theme's check holds to 4.5:1.
"""

from __future__ import annotations

from pptx.util import Emu

from deckgen.renderers.deck import ooxml
from deckgen.renderers.deck import template as tpl
from deckgen.renderers.deck.ooxml import qn
from deckgen.renderers.slidexml.geometry import plain_base
from deckgen.renderers.slidexml.layouts import choose
from deckgen.theming.model import Theme


def make_base(prs, theme: Theme) -> None:
    """Turns python-pptx's default presentation into the theme's plain base."""
    masters = list(prs.slide_masters)
    width, height = plain_base([m._element for m in masters] + [lay._element for m in masters for lay in m.slide_layouts],
                               int(prs.slide_width), theme)
    prs.slide_width, prs.slide_height = Emu(width), Emu(height)
    c = theme.colors
    ooxml.apply_theme(prs, {"dk1": c.text, "lt1": c.background, "dk2": c.primary, "lt2": c.surface,
                            "accent1": c.primary, "accent2": c.accent, "hlink": c.primary,
                            "folHlink": c.primary}, theme.heading.name, theme.body.name)
    ooxml.master_background(prs, "bg1")
    ooxml.title_style(prs, "tx2", bold=True)
    ooxml.tints_as(prs, c.muted)  # subtitle, divider text, footers: the theme's muted colour, checked at 4.5:1
    w, h = int(prs.slide_width), int(prs.slide_height)
    ooxml.add_master_bar(prs, (0, 0, w, int(h * 0.022)), "accent1")
    _footer_band(prs)
    _tidy_section_header(prs)


def _footer_band(prs) -> None:
    """In the plain base, a footer wide enough for a title and an organisation at 10 pt: a
    short date on the left, the footer text across the middle, the number on the right."""
    w = int(prs.slide_width)
    boxes = {"dt": (int(w * 0.05), int(w * 0.15)), "ftr": (int(w * 0.21), int(w * 0.58)),
             "sldNum": (int(w * 0.85), int(w * 0.10))}
    inherited: dict[str, tuple[int, int]] = {}  # the master's top and height per footer type
    for owner in [prs.slide_master] + list(prs.slide_layouts):
        for sp in owner.shapes._spTree.iterchildren(qn("p:sp")):
            ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
            kind = ph.get("type") if ph is not None else None
            if kind not in boxes:
                continue
            # read the XML, not python-pptx's inherited lookups (a search of the master per shape)
            off = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}")
            ext = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")
            if off is not None and ext is not None:
                top_height = (int(off.get("y")), int(ext.get("cy")))
                inherited.setdefault(kind, top_height)
            elif kind in inherited:
                top_height = inherited[kind]
            else:
                continue
            left, width = boxes[kind]
            ooxml.place(sp, (left, top_height[0], width, top_height[1]))


def _tidy_section_header(prs) -> None:
    """In the plain base, puts the divider's line of text under its title, in normal case."""
    infos = tpl.layouts(prs)
    choice = choose(infos, "section", int(prs.slide_height))
    if choice is None or choice.body is None:
        return
    layout = tpl.layout_objects(prs)[choice.layout.index]
    h = int(prs.slide_height)
    title, body = choice.layout.title, choice.body
    for ph in layout.placeholders:
        idx = ph.placeholder_format.idx
        if idx == title.idx:
            ooxml.place(ph._element, (title.box.left, int(h * 0.30), title.box.width, int(h * 0.22)))
            ooxml.no_caps(ph._element)
        elif idx == body.idx:
            ooxml.place(ph._element, (body.box.left, int(h * 0.53), body.box.width, int(h * 0.14)))
