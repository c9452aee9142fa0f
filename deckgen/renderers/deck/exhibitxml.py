"""Raw XML for the deck's tables and charts (next to ooxml.py, which holds the rest, and is long).

python-pptx gives a table Office's "Medium Style 2" and a chart LibreOffice and PowerPoint
each style their own way; here both are made explicit, so the two draw them alike and the
colours are the ones checked for contrast.
"""

from __future__ import annotations

from lxml import etree

from deckgen.renderers.deck.ooxml import qn

NO_STYLE_NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # Office's built-in "No Style, No Grid"
_TC_ORDER = ("lnL", "lnR", "lnT", "lnB", "lnTlToBr", "lnBlToTr", "cell3D", "noFill", "solidFill", "gradFill",
             "blipFill", "pattFill", "grpFill", "headers", "extLst")


def plain_table(frame, header: bool) -> None:
    """The table's own look off (no style, no banding): deckgen sets every cell's fill itself."""
    tbl = frame._element.graphic.graphicData.tbl
    pr = tbl.tblPr
    for attr in ("bandRow", "bandCol", "lastRow", "firstCol", "lastCol"):
        if attr in pr.attrib:
            del pr.attrib[attr]
    pr.set("firstRow", "1" if header else "0")
    style = pr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(pr, qn("a:tableStyleId"))
    style.text = NO_STYLE_NO_GRID


def _line(tag: str, color: str | None, width: int = 12700):
    ln = etree.Element(qn(f"a:{tag}"), w=str(width), cmpd="sng")
    if color:
        fill = etree.SubElement(ln, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=color.lstrip("#").upper())
    else:
        etree.SubElement(ln, qn("a:noFill"))
    return ln


def cell_format(tc, margin_x: int, margin_y: int, fill: str | None, rule: str | None = None) -> None:
    """A cell's margins, fill (None: none) and borders (none, or a rule under it); text anchored
    at the top, as it was measured."""
    pr = tc.get_or_add_tcPr()
    for child in list(pr):
        pr.remove(child)
    pr.set("marL", str(margin_x))
    pr.set("marR", str(margin_x))
    pr.set("marT", str(margin_y))
    pr.set("marB", str(margin_y))
    pr.set("anchor", "t")
    children = [_line("lnL", None), _line("lnR", None), _line("lnT", None),
                _line("lnB", rule, 19050) if rule else _line("lnB", None)]
    if fill:
        solid = etree.Element(qn("a:solidFill"))
        etree.SubElement(solid, qn("a:srgbClr"), val=fill.lstrip("#").upper())
        children.append(solid)
    else:
        children.append(etree.Element(qn("a:noFill")))
    for child in children:
        pr.append(child)


def pie_borders(chart_element, color: str, width: int = 19050) -> None:
    """A line in the background colour between a pie's slices, so neighbours stay apart."""
    for sp_pr in chart_element.iter(qn("c:dPt")):
        pr = sp_pr.find(qn("c:spPr"))
        if pr is None:
            continue
        ln = pr.find(qn("a:ln"))
        if ln is not None:
            pr.remove(ln)
        ln = etree.SubElement(pr, qn("a:ln"), w=str(width))
        solid = etree.SubElement(ln, qn("a:solidFill"))
        etree.SubElement(solid, qn("a:srgbClr"), val=color.lstrip("#").upper())


def chart_language(chart_space, culture: str) -> None:
    """The chart's language (c:lang), so PowerPoint formats its numbers for the document's language."""
    lang = chart_space.find(qn("c:lang"))
    if lang is None:
        lang = etree.Element(qn("c:lang"))
        date = chart_space.find(qn("c:date1904"))
        (date.addnext if date is not None else lambda el: chart_space.insert(0, el))(lang)
    lang.set("val", culture)


def positive_axis_ids(chart_space) -> None:
    """python-pptx numbers axes with negative ids (-2068027336); the schema wants unsigned ones,
    and PowerPoint offers to repair a file that has them. Each id is mapped to a small positive one."""
    ids: dict[str, str] = {}
    for el in chart_space.iter(qn("c:axId"), qn("c:crossAx")):
        val = el.get("val", "")
        if val not in ids:
            ids[val] = str(len(ids) + 1001) if val.startswith("-") or not val.isdigit() else val
        el.set("val", ids[val])


def label_format(d_lbl, code: str) -> None:
    """One data label's own number format (c:numFmt in its schema place: after idx, layout, tx)."""
    old = d_lbl.find(qn("c:numFmt"))
    if old is not None:
        d_lbl.remove(old)
    fmt = etree.Element(qn("c:numFmt"), formatCode=code, sourceLinked="0")
    anchor = None
    for tag in ("c:idx", "c:layout", "c:tx"):
        found = d_lbl.find(qn(tag))
        if found is not None:
            anchor = found
    if anchor is None:
        d_lbl.insert(0, fmt)
    else:
        anchor.addnext(fmt)
