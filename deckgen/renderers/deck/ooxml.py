"""Raw XML patches for what python-pptx has no API for, in one small tested module.

Each function does one documented thing to the presentation's XML: drop sample slides, apply
theme colours and fonts, tag languages, add sections, slide-number fields, bands and panels.
What works on the package's bytes (a .potx relabelled, members patched, the saved zip made
reproducible) is in zipparts.py.
"""

from __future__ import annotations

import copy
import functools
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn as _qn

from deckgen.content import i18n
from deckgen.renderers.slidexml.xmlpath import A, P, R
from deckgen.text.bidi import is_rtl_paragraph, run_language, script_pieces

_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_NS = uuid.UUID("6c1b1f0e-8f5e-4d0a-9d8e-5b0d6d0c6a11")
qn = functools.cache(_qn)  # "a:rPr" -> Clark name: python-pptx parses the prefix on every call, the deck
#                          asks for the same few dozen tags thousands of times (the deck's modules use this one)


def stable_guid(*parts: object) -> str:
    """A GUID that is the same for the same inputs, so builds are reproducible."""
    return "{" + str(uuid.uuid5(_NS, "/".join(map(str, parts)))).upper() + "}"


def drop_all_slides(prs) -> int:
    """Removes the template's own (sample) slides; returns how many there were."""
    id_list = prs.slides._sldIdLst
    count = 0
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
        count += 1
    return count


def place(element, box: tuple[int, int, int, int]) -> None:
    """Sets a shape's position and size (x, y, cx, cy in EMU), adding the xfrm if inherited."""
    sp_pr = element.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = etree.Element(qn("a:xfrm"))
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    x, y, cx, cy = box
    etree.SubElement(xfrm, qn("a:off"), x=str(x), y=str(y))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(cx), cy=str(cy))


def add_title_placeholder(sp_tree):
    """Appends a title placeholder (it inherits from the master's title) to a slide whose
    layout has none, and returns it; place() gives it its box."""
    ids = [int(v) for v in sp_tree.xpath(".//p:cNvPr/@id") if str(v).isdigit()]
    from pptx.oxml import parse_xml  # python-pptx's element classes, like the rest of the tree

    sp = parse_xml(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{max(ids + [1]) + 1}" name="Title"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr>'
        '<p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>')
    sp_tree.append(sp)
    return sp_tree[-1]


def no_caps(element) -> None:
    """Removes capitals set by a placeholder's own list style."""
    for el in element.iter(qn("a:defRPr"), qn("a:rPr")):
        if el.get("cap") == "all":
            del el.attrib["cap"]


# --- theme ---------------------------------------------------------------------------

def _theme_part(prs):
    return prs.slide_master.part.part_related_by(RT.THEME)


def theme_fonts(prs) -> tuple[str, str]:
    """The (major, minor) latin typefaces the template's theme names: headings, body."""
    root = etree.fromstring(_theme_part(prs).blob)
    major = root.find(f".//{{{A}}}majorFont/{{{A}}}latin")
    minor = root.find(f".//{{{A}}}minorFont/{{{A}}}latin")
    return (major.get("typeface") if major is not None else "Calibri",
            minor.get("typeface") if minor is not None else "Calibri")




def theme_colors(prs, skipped: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """The template's colour scheme (slidexml/colours.scheme_colours), read from its theme part."""
    from deckgen.renderers.slidexml.colours import scheme_colours

    return scheme_colours(etree.fromstring(_theme_part(prs).blob), prs.slide_master._element, skipped)


def apply_theme(prs, colors: dict[str, str], heading_font: str, body_font: str) -> None:
    """Writes colours (scheme slot -> RRGGBB) and fonts into the template's theme part."""
    part = _theme_part(prs)
    root = etree.fromstring(part.blob)
    scheme = root.find(f".//{{{A}}}clrScheme")
    for slot, hex_value in colors.items():
        el = scheme.find(f"{{{A}}}{slot}")
        if el is None:
            continue
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{A}}}srgbClr", val=hex_value.lstrip("#").upper())
    for tag, face in (("majorFont", heading_font), ("minorFont", body_font)):
        latin = root.find(f".//{{{A}}}{tag}/{{{A}}}latin")
        if latin is not None:
            latin.set("typeface", face)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def master_background(prs, scheme_slot: str = "bg1") -> None:
    """Gives the slide master a solid background in a scheme colour."""
    c_sld = prs.slide_master._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = etree.SubElement(c_sld, qn("p:bg"))
    c_sld.remove(bg)
    c_sld.insert(0, bg)
    bg_pr = etree.SubElement(bg, qn("p:bgPr"))
    fill = etree.SubElement(bg_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val=scheme_slot)
    etree.SubElement(bg_pr, qn("a:effectLst"))


def title_style(prs, scheme_slot: str, bold: bool = True) -> None:
    """Colours (and emboldens) the master's title text style."""
    title = prs.slide_master._element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    if title is None:
        return
    def_rpr = title.find(qn("a:defRPr"))
    if def_rpr is None:
        def_rpr = etree.SubElement(title, qn("a:defRPr"))
    if bold:
        def_rpr.set("b", "1")
    for old in def_rpr.findall(qn("a:solidFill")):
        def_rpr.remove(old)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val=scheme_slot)
    def_rpr.insert(0, fill)


def tints_as(prs, hex_colour: str) -> int:
    """Every tinted scheme colour of the master's and layouts' text (Office's blank template draws the
    subtitle, the divider's text and the footers in tx1 tinted 75 %: #8C8E90 on white, 3.3:1) as
    `hex_colour` instead; how many were replaced."""
    count = 0
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for clr in list(owner._element.iter(qn("a:schemeClr"))):
            if clr.find(qn("a:tint")) is None or clr.getparent().tag != qn("a:solidFill"):
                continue
            if clr.getparent().getparent().tag not in (qn("a:defRPr"), qn("a:rPr"), qn("a:endParaRPr")):
                continue
            new = etree.Element(qn("a:srgbClr"), val=hex_colour.lstrip("#").upper())
            clr.getparent().replace(clr, new)
            count += 1
    return count


def add_master_bar(prs, box: tuple[int, int, int, int], scheme_slot: str) -> None:
    """A decorative bar on the slide master (not selectable on slides, as decoration should be)."""
    tree = prs.slide_master._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    ids = [int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))]
    x, y, cx, cy = box
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}">'
        f'<p:nvSpPr><p:cNvPr id="{max(ids, default=1) + 1}" name="deckgen accent bar" descr=""/>'
        f'<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="{scheme_slot}"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    element = etree.fromstring(xml)
    decorative(element)
    tree.insert(2, element)


# --- text ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TextFormat:
    """How a text body is set: one size, fixed line spacing and paragraph spacing, insets."""

    size: float  # pt
    line: float  # pt, fixed line spacing
    gap: float  # pt before each paragraph but the first
    indent: int  # EMU, hanging indent of bullet paragraphs
    culture: str
    insets: tuple[int, int]  # EMU, left/right and top/bottom
    anchor: str | None = None  # t, ctr, b
    color: str | None = None  # RRGGBB
    scheme: str | None = None  # a scheme colour slot such as accent1
    own_bullets: bool = False  # a text box has no master bullet: write "•" explicitly
    align: str | None = None  # l, ctr, r: the paragraphs' alignment (None: the placeholder's)


def _bullet_xml(bullet: bool, own: bool) -> str:
    if not bullet:
        return "<a:buNone/>"
    return '<a:buFont typeface="Arial"/><a:buChar char="•"/>' if own else ""


def text_body(tx_body, paras, fmt: TextFormat, link_rid) -> None:
    """Replaces a text body's paragraphs with `paras` (fit.Para), written as measured.

    Built as one XML string and parsed once: python-pptx's per-property API costs ~0.6 ms
    a text frame, which dominates large decks. No autofit: the size is already right.
    """
    body_pr = tx_body.find(qn("a:bodyPr"))
    lr, tb = fmt.insets
    body_pr.set("wrap", "square")
    for side, value in (("lIns", lr), ("rIns", lr), ("tIns", tb), ("bIns", tb)):
        body_pr.set(side, str(value))
    if fmt.anchor:
        body_pr.set("anchor", fmt.anchor)
    for old in list(body_pr):
        if old.tag in (qn("a:normAutofit"), qn("a:spAutoFit"), qn("a:noAutofit")):
            body_pr.remove(old)
    etree.SubElement(body_pr, qn("a:noAutofit"))
    for old in tx_body.findall(qn("a:p")):
        tx_body.remove(old)
    size = int(round(fmt.size * 100))
    fill = (f'<a:solidFill><a:srgbClr val="{fmt.color}"/></a:solidFill>' if fmt.color else
            f'<a:solidFill><a:schemeClr val="{fmt.scheme}"/></a:solidFill>' if fmt.scheme else "")
    chunks = [f'<a:txBody xmlns:a="{A}" xmlns:r="{R}">']
    for i, para in enumerate(paras or [None]):
        bullet = bool(para and para.bullet)
        mar = fmt.indent if para and (para.bullet or para.continued) else 0
        text = "".join(run.text for run in para.runs) if para else ""
        rtl = is_rtl_paragraph(text)  # PowerPoint lays a right-to-left paragraph out itself
        align = fmt.align or ("r" if rtl else "")
        algn = f' algn="{align}"' if align else ""
        direction = ' rtl="1"' if rtl else ""
        chunks.append(f'<a:p><a:pPr marL="{mar}" indent="{-fmt.indent if bullet else 0}"{algn}{direction}>'
                      f'<a:lnSpc><a:spcPts val="{int(round(fmt.line * 100))}"/></a:lnSpc>'
                      f'<a:spcBef><a:spcPts val="{int(round(fmt.gap * 100)) if i else 0}"/></a:spcBef>'
                      f'<a:spcAft><a:spcPts val="0"/></a:spcAft>{_bullet_xml(bullet, fmt.own_bullets)}</a:pPr>')
        pieces = [(run, piece) for run in (para.runs if para else ()) for piece in script_pieces(run.text) or [""]]
        lang = culture = i18n.passage_culture(text, fmt.culture)  # deckgen's English in another language: en-GB
        for run, piece in pieces:
            if any(c.isalpha() for c in piece) or lang == culture:  # punctuation keeps the words' language
                lang = run_language(piece, culture)
            attrs = f'lang="{lang}" sz="{size if run.scale == 1 else int(round(size * run.scale))}"'
            if run.bold:
                attrs += ' b="1"'
            if run.italic:
                attrs += ' i="1"'
            if run.superscript:
                attrs += f' baseline="{int(round(run.rise * 100000))}"'
            link = f'<a:hlinkClick r:id="{link_rid(run.href)}"/>' if run.href else ""
            chunks.append(f'<a:r><a:rPr {attrs}>{fill}{link}</a:rPr><a:t>{escape(piece)}</a:t></a:r>')
        chunks.append(f'<a:endParaRPr lang="{fmt.culture}" sz="{size}"/></a:p>')
    chunks.append("</a:txBody>")
    for p in etree.fromstring("".join(chunks)):
        tx_body.append(p)


def slide_number_field(p_element, number: int, culture: str, size_hundredths: int | None, slide_key: str) -> None:
    """Appends a real slide-number field (PowerPoint updates it when slides move)."""
    fld = etree.SubElement(p_element, qn("a:fld"), id=stable_guid("sldnum", slide_key), type="slidenum")
    r_pr = etree.SubElement(fld, qn("a:rPr"), lang=culture)
    if size_hundredths:
        r_pr.set("sz", str(size_hundredths))
    etree.SubElement(fld, qn("a:t")).text = str(number)
    end = p_element.find(qn("a:endParaRPr"))
    if end is not None:  # the paragraph mark must stay last
        p_element.remove(end)
        p_element.append(end)


def plain_text(tx_body, text: str, culture: str) -> None:
    """Fills a text body with plain paragraphs (one per line), tagged with the language."""
    for old in tx_body.findall(qn("a:p")):
        tx_body.remove(old)
    for line in text.split("\n"):
        p = etree.SubElement(tx_body, qn("a:p"))
        if is_rtl_paragraph(line):
            etree.SubElement(p, qn("a:pPr"), rtl="1", algn="r")
        lang = own = i18n.passage_culture(line, culture)
        for piece in script_pieces(line):
            if any(c.isalpha() for c in piece) or lang == own:  # punctuation keeps the words' language
                lang = run_language(piece, own)
            r = etree.SubElement(p, qn("a:r"))
            etree.SubElement(r, qn("a:rPr"), lang=lang)
            etree.SubElement(r, qn("a:t")).text = piece
        etree.SubElement(p, qn("a:endParaRPr"), lang=culture)


def append_copies(sp_tree, elements, number: int, slide_key: str) -> None:
    """Appends copies of shapes with fresh shape ids; slide-number fields show `number`."""
    ids = [int(e.get("id")) for e in sp_tree.iter(qn("p:cNvPr"))]
    next_id = max(ids, default=1) + 1
    for element in elements:
        new = copy.deepcopy(element)
        new.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", str(next_id))
        next_id += 1
        for fld in new.iter(qn("a:fld")):
            if fld.get("type") == "slidenum":
                fld.set("id", stable_guid("sldnum", slide_key))
                fld.find(qn("a:t")).text = str(number)
        sp_tree.append(new)


def add_rect(sp_tree, box: tuple[int, int, int, int], name: str, color: str | None, scheme: str | None) -> None:
    """A filled rectangle without text or outline, behind every other shape of the slide
    (a discussion slide's band): colour RRGGBB, or a scheme slot such as tx1."""
    ids = [int(e.get("id")) for e in sp_tree.iter(qn("p:cNvPr"))]
    x, y, cx, cy = box
    fill = f'<a:srgbClr val="{color}"/>' if color else f'<a:schemeClr val="{scheme}"/>'
    xml = (f'<p:sp xmlns:p="{P}" xmlns:a="{A}">'
           f'<p:nvSpPr><p:cNvPr id="{max(ids, default=1) + 1}" name="{escape(name)}" descr=""/>'
           f'<p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
           f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
           f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill>{fill}</a:solidFill>'
           f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    element = etree.fromstring(xml)
    decorative(element)  # a band or a rule says nothing: screen readers and the slides' PDF skip it
    sp_tree.insert(2, element)


def alt_text(shape, text: str) -> None:
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def decorative(element) -> None:
    """Marks a shape as decorative (Office's a16 extension: screen readers skip it; PowerPoint's
    Accessibility Checker asks no alt text for it)."""
    c_nv_pr = element[0].find(qn("p:cNvPr"))
    c_nv_pr.set("descr", "")
    etree.SubElement(_extension(c_nv_pr, _DECORATIVE_URI), f"{{{_ADEC}}}decorative", nsmap={"adec": _ADEC}, val="1")


def _extension(parent, uri: str):
    """A new a:ext with this uri in the element's a:extLst (made when it has none)."""
    ext_lst = parent.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(parent, qn("a:extLst"))
    return etree.SubElement(ext_lst, qn("a:ext"), uri=uri)


def is_decorative(element) -> bool:
    ext_lst = element[0].find(qn("p:cNvPr")).find(qn("a:extLst"))
    return ext_lst is not None and any(e.get("uri") == _DECORATIVE_URI for e in ext_lst)


def send_to_back(element) -> None:
    """Moves a shape behind every other shape of its slide (first after the group's own properties)."""
    tree = element.getparent()
    tree.remove(element)
    tree.insert(2, element)


def panel(sp_tree, box: tuple[int, int, int, int], scheme_slot: str, opacity: float, name: str,
          after=None) -> object:
    """A rectangle without outline filled with a scheme colour at an opacity: the panel that makes
    text legible on a picture. Placed just in front of `after` (else at the back); returns it."""
    ids = [int(e.get("id")) for e in sp_tree.iter(qn("p:cNvPr"))]
    x, y, cx, cy = box
    alpha = f'<a:alpha val="{round(opacity * 100000)}"/>' if opacity < 1 else ""
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}">'
        f'<p:nvSpPr><p:cNvPr id="{max(ids, default=1) + 1}" name="{escape(name)}"/>'
        f'<p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:schemeClr val="{scheme_slot}">{alpha}</a:schemeClr></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    element = etree.fromstring(xml)
    decorative(element)
    if after is None:
        sp_tree.insert(2, element)
    else:
        after.addnext(element)
    return element


def solid_text(element, scheme_slot: str) -> None:
    """Gives every run of a shape that has no colour of its own a scheme colour, untinted (a template's
    subtitles and footers are often tinted lighter, too light for text on a panel over a photo)."""
    for rpr in list(element.iter(qn("a:rPr"), qn("a:endParaRPr"))):
        if rpr.find(qn("a:solidFill")) is not None:
            continue
        fill = etree.Element(qn("a:solidFill"))
        etree.SubElement(fill, qn("a:schemeClr"), val=scheme_slot)
        rpr.insert(1 if rpr.find(qn("a:ln")) is not None else 0, fill)


_HYPERLINK_COLOUR = "{A12FA001-AC4F-418D-AE19-62706E023703}"
_AHYP = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"


def text_colour(run_properties: list, scheme_slot: str | None, rgb: str | None) -> None:
    """Draws runs (their a:rPr / a:endParaRPr) in one colour (a scheme slot, or RRGGBB), links included:
    a link gets Office's "use the text colour" extension, else PowerPoint draws it in the theme's hlink."""
    for rpr in run_properties:
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        fill = etree.Element(qn("a:solidFill"))
        if scheme_slot:
            etree.SubElement(fill, qn("a:schemeClr"), val=scheme_slot)
        else:
            etree.SubElement(fill, qn("a:srgbClr"), val=rgb)
        rpr.insert(1 if rpr.find(qn("a:ln")) is not None else 0, fill)
        link = rpr.find(qn("a:hlinkClick"))
        if link is not None and not any(e.get("uri") == _HYPERLINK_COLOUR for e in link.iter(qn("a:ext"))):
            etree.SubElement(_extension(link, _HYPERLINK_COLOUR), f"{{{_AHYP}}}hlinkClr", nsmap={"ahyp": _AHYP},
                             val="tx")


def typeface(tx_body, face: str) -> None:
    """Every run of a text body (a:rPr, a:endParaRPr) in one Latin typeface: a text box set like a title."""
    after = {qn(f"a:{t}") for t in ("hlinkClick", "hlinkMouseOver", "rtl", "extLst", "ea", "cs", "sym")}
    for rpr in tx_body.iter(qn("a:rPr"), qn("a:endParaRPr")):
        for old in rpr.findall(qn("a:latin")):
            rpr.remove(old)
        latin = etree.Element(qn("a:latin"), typeface=face)
        later = next((i for i, child in enumerate(rpr) if child.tag in after), None)
        rpr.insert(len(rpr) if later is None else later, latin)


def bullets_in_text_colour(ppr) -> None:
    """A paragraph's bullet drawn in its text's colour (a:buClrTx, in its place after the spacing)."""
    for old in ppr.findall(qn("a:buClr")):
        ppr.remove(old)
    spacing = [c for c in ppr if c.tag in (qn("a:lnSpc"), qn("a:spcBef"), qn("a:spcAft"))]
    el = etree.Element(qn("a:buClrTx"))
    (spacing[-1].addnext(el) if spacing else ppr.insert(0, el))


def box_fill(element, scheme_slot: str) -> None:
    """Gives a text box a solid fill in a scheme colour (a credit's label on a photo)."""
    sp_pr = element.find(qn("p:spPr"))
    for old in sp_pr.findall(qn("a:noFill")):
        sp_pr.remove(old)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:schemeClr"), val=scheme_slot)
    geom = sp_pr.find(qn("a:prstGeom"))
    (geom.addnext if geom is not None else sp_pr.append)(fill)


# --- presentation --------------------------------------------------------------------

def default_language(prs, culture: str) -> None:
    """The language of new text typed into the deck."""
    root = prs.part._element
    style = root.find(qn("p:defaultTextStyle"))
    if style is None:
        return
    for lvl in style:
        d = lvl.find(qn("a:defRPr"))
        if d is not None:
            d.set("lang", culture)


def sections(prs, groups: list[tuple[str, list[int]]]) -> None:
    """PowerPoint sections: (name, slide ids) in order, so a trainer can fold and reorder them."""
    root = prs.part._element
    ext_lst = root.find(qn("p:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(root, qn("p:extLst"))
    for ext in ext_lst.findall(qn("p:ext")):
        if ext.get("uri") == _SECTIONS_URI:
            ext_lst.remove(ext)
    ext = etree.Element(qn("p:ext"), uri=_SECTIONS_URI)
    ext_lst.insert(0, ext)
    lst = etree.SubElement(ext, f"{{{_P14}}}sectionLst", nsmap={"p14": _P14})
    for name, ids in groups:
        sec = etree.SubElement(lst, f"{{{_P14}}}section", name=name, id=stable_guid("section", name))
        id_lst = etree.SubElement(sec, f"{{{_P14}}}sldIdLst")
        for sid in ids:
            etree.SubElement(id_lst, f"{{{_P14}}}sldId", id=str(sid))


def section_names(prs) -> list[tuple[str, list[int]]]:
    """The sections written by `sections`, read back (for tests and inspection)."""
    out = []
    for sec in prs.part._element.iter(f"{{{_P14}}}section"):
        out.append((sec.get("name"), [int(s.get("id")) for s in sec.iter(f"{{{_P14}}}sldId")]))
    return out
