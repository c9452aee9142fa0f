"""Title decorations on slides whose title is not at the top.

A template's rules and bars around the title area (an amber bar under the title, a hairline,
a short bar above it) belong to titles at the top. On the discussion slide the question
stands in the middle, so they would hang over nothing. They are hidden there: the slide
stops showing its master's shapes, and every master shape but those rules is copied onto
the slide, behind its own (pictures keep their image through a relationship of the slide's).
"""

from __future__ import annotations

import copy

from deckgen.renderers.deck.ooxml import qn
from deckgen.renderers.slidexml.geometry import shape_box
from deckgen.renderers.slidexml.layouts import Box
from deckgen.renderers.slidexml.xmlpath import R

RULE = 0.03  # × slide height: a shape no taller than this is a rule or bar
NEAR = 0.06  # × slide height: how far below the title box a rule still belongs to it
_DRAWN = ("sp", "cxnSp", "pic", "grpSp", "graphicFrame")


def _is_title_rule(el, title: Box, height: int) -> bool:
    if el.find(f"./*[1]/{qn('p:nvPr')}/{qn('p:ph')}") is not None:
        return False
    box = shape_box(el)
    if box is None or box.height > height * RULE:
        return False
    return box.top + box.height <= title.top + title.height + height * NEAR


def hide_title_rules(slide, layout, title: Box, height: int) -> int:
    """Hides the master's rules and bars at the title area on one slide; the number hidden."""
    master = layout.slide_master
    if layout._element.get("showMasterSp") in ("0", "false"):
        return 0
    tree = master._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    drawn = [el for el in tree if isinstance(el.tag, str) and el.tag.split("}")[1] in _DRAWN
             and el.find(f"./*[1]/{qn('p:nvPr')}/{qn('p:ph')}") is None]
    rules = [el for el in drawn if _is_title_rule(el, title, height)]
    if not rules:
        return 0
    slide._element.set("showMasterSp", "0")
    target = slide.shapes._spTree
    ids = [int(e.get("id")) for e in target.iter(qn("p:cNvPr"))]
    next_id = max(ids, default=1) + 1
    at = 2
    for el in drawn:
        if el in rules:
            continue
        clone = copy.deepcopy(el)
        for node in clone.iter():
            for name, value in list(node.attrib.items()):
                if name.startswith(f"{{{R}}}") and value in master.part.rels:
                    rel = master.part.rels[value]
                    node.set(name, slide.part.relate_to(rel.target_ref if rel.is_external else rel.target_part,
                                                        rel.reltype, is_external=rel.is_external))
        for c_nv_pr in clone.iter(qn("p:cNvPr")):
            c_nv_pr.set("id", str(next_id))
            next_id += 1
        target.insert(at, clone)
        at += 1
    return len(rules)
