"""What the deck and the run sheet both compute from a template's XML: each layout's placeholders and
their boxes (`describe_layouts`), the room inside a text box (`inner_size`), the text sizes scaled to
the slide (`scaled_sizes`), the plain base's slide size and stretched layouts (`plain_base`) and the
room a text slide's body has (`BodyGeometry`). No python-pptx:
see room.py for why the run sheet reads the template itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deckgen.renderers.slidexml.layouts import Box, LayoutInfo, PlaceholderInfo
from deckgen.renderers.slidexml.xmlpath import A, P, first
from deckgen.renderers.slidexml.xmlpath import clark as _q
from deckgen.text.fit import TextStyle
from deckgen.theming.model import SLIDE_SIZES, Theme

INSET_X, INSET_Y = 91440, 45720  # EMU: a text box's insets (PowerPoint's defaults, as the deck writes them)
EMU_PER_PT = 12700
STANDARD_HEIGHT = 6858000  # 7.5 in: the slide height the theme's sizes are meant for (16:9 and 4:3)
_SIZED = ("title_size", "title_min", "body_size", "body_min", "question_size", "question_min", "figure_size")


_NV_SP_PR, _NV_PR, _PH = _q(P, "nvSpPr"), _q(P, "nvPr"), _q(P, "ph")
_C_SLD, _SP_TREE, _SP_PR, _GRP_SP_PR = _q(P, "cSld"), _q(P, "spTree"), _q(P, "spPr"), _q(P, "grpSpPr")
_XFRM, _OFF, _EXT = _q(A, "xfrm"), _q(A, "off"), _q(A, "ext")
# The master placeholder a layout placeholder inherits its position from, by type (as
# python-pptx and PowerPoint resolve it).
_BASE_TYPE = {"ctrTitle": "title", "title": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}


# --- what the deck and this reading share ----------------------------------------------
def scaled_sizes(theme: Theme, slide_height: int) -> tuple[Theme, float]:
    """The theme with its deck text sizes scaled to a template's slide height, both ways (10 × 5.63 in:
    ×0.75; 20 × 11.25 in: ×1.5), so text takes the same share of the slide and the deck its normal
    length; the factor."""
    factor = slide_height / STANDARD_HEIGHT
    if 0.95 <= factor <= 1.05:
        return theme, 1.0
    factor = min(max(factor, 0.4), 4.0)
    deck = replace(theme.deck, **{k: round(getattr(theme.deck, k) * factor * 2) / 2 for k in _SIZED})
    return replace(theme, deck=deck), factor


def plain_base(elements, width: int, theme: Theme) -> tuple[int, int]:
    """The plain base's slide size (EMU): the theme's, for python-pptx's default template (its slides
    `width` wide), whose masters and layouts (`elements`) are stretched sideways to it here. The
    deck's plain.make_base (through python-pptx) and room.py (from the package's XML) both call it."""
    w_in, h_in = SLIDE_SIZES[theme.deck.slide_size]
    new_width = int(w_in * 914400)
    factor = new_width / width
    for element in elements:
        for off in element.iter(_OFF):
            off.set("x", str(round(int(off.get("x")) * factor)))
        for ext in element.iter(_EXT):
            if ext.get("cx") is not None:
                ext.set("cx", str(round(int(ext.get("cx")) * factor)))
    return new_width, int(h_in * 914400)


def placeholder_shapes(element):
    """(p:ph element, p:sp element) of each placeholder on a master or layout."""
    tree = first(element, _C_SLD, _SP_TREE)
    for sp in tree.iterchildren(_q(P, "sp")):
        ph = first(sp, _NV_SP_PR, _NV_PR, _PH)
        if ph is not None:
            yield ph, sp


def shape_box(el) -> Box | None:
    """A shape's or group's own position and size (None where it inherits them, as placeholders do)."""
    xfrm = first(el, _SP_PR, _XFRM)
    if xfrm is None:
        xfrm = first(el, _GRP_SP_PR, _XFRM)
    off = first(xfrm, _OFF) if xfrm is not None else None
    ext = first(xfrm, _EXT) if xfrm is not None else None
    if off is None or ext is None:
        return None
    return Box(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))


_SP, _GROUP, _FRAME, _TX_BODY = _q(P, "sp"), _q(P, "grpSp"), _q(P, "graphicFrame"), _q(P, "txBody")
_T, _GRAPHIC, _GRAPHIC_DATA, _FRAME_XFRM = _q(A, "t"), _q(A, "graphic"), _q(A, "graphicData"), _q(P, "xfrm")
_TABLE_OR_CHART = ("http://schemas.openxmlformats.org/drawingml/2006/table",
                   "http://schemas.openxmlformats.org/drawingml/2006/chart")


def placeholder_idx(el) -> int | None:
    """A shape's placeholder idx (0 when its p:ph has none), None for a shape that is no placeholder."""
    ph = first(el, "*", _NV_PR, _PH)
    return None if ph is None else int(ph.get("idx", "0"))


def text_boxes(sp_tree, inherited, skip: frozenset | set = frozenset()) -> list[Box]:
    """The boxes of the shapes that hold text, a table or a chart in a shape tree (groups opened, in
    their own coordinates as python-pptx gives them), placeholders of the types in `skip` aside;
    `inherited(element)` answers for a shape that inherits its position (a placeholder), None if it
    has none. Read from the XML: python-pptx's shape objects cost 4 ms a slide here (each asks its
    layout for its type and position), and reading a shape's text frame adds an empty one to a
    shape that has none."""
    out: list[Box] = []
    trees = [sp_tree]
    while trees:
        for el in trees.pop().iterchildren():
            if el.tag == _GROUP:
                trees.append(el)
                continue
            if el.tag == _SP:
                body = first(el, _TX_BODY)
                if body is None or not any((t.text or "").strip() for t in body.iter(_T)):
                    continue
                ph = first(el, _NV_SP_PR, _NV_PR, _PH)
                if ph is not None and ph.get("type") in skip:
                    continue
                box = shape_box(el)
            elif el.tag == _FRAME:
                data = first(el, _GRAPHIC, _GRAPHIC_DATA)
                if data is None or data.get("uri") not in _TABLE_OR_CHART:
                    continue
                xfrm = first(el, _FRAME_XFRM)
                off = first(xfrm, _OFF) if xfrm is not None else None
                ext = first(xfrm, _EXT) if xfrm is not None else None
                box = (Box(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
                       if off is not None and ext is not None else None)
            else:
                continue
            if box is None:
                box = inherited(el)
            if box is not None and box.width and box.height:
                out.append(box)
    return out


def describe_layouts(masters) -> list[LayoutInfo]:
    """Every layout of every master, described by its placeholders: `masters` is a list of
    (master element, [(layout name, layout element), …]) in the package's order."""
    out = []
    index = 0
    for master, layouts in masters:
        inherited = {}
        for ph, sp in placeholder_shapes(master):
            box = shape_box(sp)
            if box is not None:
                inherited.setdefault(ph.get("type", "body"), box)
        for name, layout in layouts:
            infos = []
            for ph, sp in placeholder_shapes(layout):
                kind = ph.get("type", "obj")
                box = shape_box(sp) or inherited.get(_BASE_TYPE.get(kind, "body")) or Box(0, 0, 0, 0)
                vertical = ph.get("orient") == "vert" or any(
                    b.get("vert", "horz") != "horz" for b in sp.iter(_q(A, "bodyPr")))
                infos.append(PlaceholderInfo(kind, int(ph.get("idx", "0")), box, vertical))
            out.append(LayoutInfo(index, name, tuple(infos), layout.get("type", ""), _artwork(layout)))
            index += 1
    return out


_ART = {_q(P, "pic"): "picture", _q(P, "sp"): "shape", _q(P, "grpSp"): "group", _q(P, "cxnSp"): "line",
        _q(P, "graphicFrame"): "frame"}


def _artwork(element) -> tuple[tuple[str, Box], ...]:
    """A layout's own drawings that are no placeholder, as (kind, box): what dresses its slides."""
    out = []
    for el in first(element, _C_SLD, _SP_TREE).iterchildren(*_ART):
        if first(el, "*", _NV_PR, _PH) is not None:
            continue
        box = shape_box(el)
        if box is not None:
            out.append((_ART[el.tag], box))
    return tuple(out)


def master_footer_boxes(master_element) -> list[tuple[int, int, int, int]]:
    """The boxes of the master's date, footer and slide-number placeholders."""
    out = []
    for ph, sp in placeholder_shapes(master_element):
        box = shape_box(sp)
        if ph.get("type") in ("dt", "ftr", "sldNum") and box is not None:
            out.append((box.left, box.top, box.width, box.height))
    return out


def inner_size(box: Box) -> tuple[float, float]:
    """Width and height in pt inside the text insets."""
    return ((box.width - 2 * INSET_X) / EMU_PER_PT, (box.height - 2 * INSET_Y) / EMU_PER_PT)


# --- the body of a text slide ----------------------------------------------------------
@dataclass(frozen=True)
class BodyGeometry:
    """The room a text slide's body has (pt, inside the insets), the style it is measured in and the
    sizes it is fitted between: what the deck gives `fit_split`."""

    width: float
    height: float
    style: TextStyle
    preferred: float
    minimum: float
