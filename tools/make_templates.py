"""Builds the PowerPoint templates deckgen ships and tests with, reproducibly.

    python tools/make_templates.py          # (re)writes every file below
    python tools/make_templates.py --check  # exits 1 when a committed file differs from a fresh build

Writes:
  themes/print/template.pptx             the built-in 'print' theme's slide master (Dutch layout names)
  themes/projector/template.pptx         the built-in 'projector' theme's dark slide master (French layout names)
  tests/data/templates/german.potx       a German-named .potx with two sample slides, its own colours and fonts
  tests/data/templates/title-only-blank.pptx
                                         a template without a title-and-content layout (fallback tests)

Every template starts from python-pptx's default presentation (4:3, eleven English layouts), is set
to 16:9 (13.333 x 7.5 in), has its master and layout placeholders placed anew for that size, gets a
colour scheme and font scheme in its theme part, a master background, decorative lines on the master
and a title style, loses the layouts it does not want, and has the others renamed in another language,
so that deckgen must choose layouts by their placeholders, never by their names. The zip is written with
fixed timestamps and fixed document properties: the same script gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu

ROOT = Path(__file__).resolve().parent.parent
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_CT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
W, H = 13.333, 7.5  # inches, 16:9

# python-pptx's default layouts, by index
TITLE_SLIDE, TITLE_CONTENT, SECTION, TWO_CONTENT, COMPARISON, TITLE_ONLY, BLANK = 0, 1, 2, 3, 4, 5, 6
SCHEME_SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass
class Design:
    """Everything that differs between the templates this script makes."""

    name: str
    colors: dict[str, str]  # scheme slot -> RRGGBB
    major: str  # heading typeface
    minor: str  # body typeface
    layouts: dict[int, str]  # default layout index -> new name; the others are removed
    title_color: str = "tx2"
    title_size: int = 36
    title_bold: bool = True
    title_align: str = "l"
    title_anchor: str = "b"
    bullet: str = "\u2013"
    margin: float = 0.75
    title_box: Box = field(default_factory=lambda: Box(0.75, 0.45, 11.833, 1.1))
    body_box: Box = field(default_factory=lambda: Box(0.75, 1.95, 11.833, 4.65))
    footer_y: float = 6.85
    rules: list[tuple[Box, str, float]] = field(default_factory=list)  # master lines: box, scheme colour, width pt
    bars: list[tuple[Box, str]] = field(default_factory=list)  # master filled bars: box, scheme colour
    clr_map: dict[str, str] | None = None  # the master's colour map, e.g. a dark one: bg1 -> dk1, tx1 -> lt1
    opening: str = "rule"  # the look of the title and section slides: "rule" (print) or "band" (projector)
    opening_title_color: str = "tx2"
    bullet_color: str = "accent1"
    band_color: str = "accent1"  # the opening slides' band or bar
    bar_color: str = "accent2"  # their short accent bar ("band" look)
    sample_slides: list[tuple[int, str, list[str]]] = field(default_factory=list)


def emu(inches: float) -> int:
    return int(round(inches * 914400))


# --- small XML helpers ----------------------------------------------------------------

def set_box(shape, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = emu(box.x), emu(box.y), emu(box.w), emu(box.h)


def scheme_fill(slot: str, lum_mod: int | None = None, lum_off: int | None = None) -> str:
    inner = ""
    if lum_mod is not None:
        inner += f'<a:lumMod val="{lum_mod}"/>'
    if lum_off is not None:
        inner += f'<a:lumOff val="{lum_off}"/>'
    return f'<a:solidFill><a:schemeClr val="{slot}">{inner}</a:schemeClr></a:solidFill>'


def _next_id(tree) -> int:
    return max((int(e.get("id")) for e in tree.iter(qn("p:cNvPr"))), default=1) + 1


def _decorative_cnvpr(shape_id: int, name: str) -> str:
    """A cNvPr marked decorative, so screen readers skip it and PowerPoint's checker is content."""
    return (f'<p:cNvPr id="{shape_id}" name="{name}" descr="">'
            f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{ADEC}" val="1"/></a:ext>'
            f'</a:extLst></p:cNvPr>')


def _add_decorative(container, kind: str, name: str, properties: str, shape_properties: str) -> None:
    """Puts a decorative shape (`kind`: p:sp or p:cxnSp) at the back of a slide, layout or master."""
    tree = container.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    nv = "nvSpPr" if kind == "sp" else "nvCxnSpPr"
    xml = (f'<p:{kind} xmlns:p="{P}" xmlns:a="{A}"><p:{nv}>{_decorative_cnvpr(_next_id(tree), name)}'
           f'{properties}<p:nvPr userDrawn="1"/></p:{nv}><p:spPr>{shape_properties}</p:spPr></p:{kind}>')
    tree.insert(2, etree.fromstring(xml))


def add_rule(container, box: Box, slot: str, width_pt: float, lum: tuple[int, int] | None = None) -> None:
    """A straight decorative line (box.h is ignored: the line runs along y)."""
    color = scheme_fill(slot, *(lum or (None, None)))
    _add_decorative(container, "cxnSp", "deckgen rule", "<p:cNvCxnSpPr/>",
                    f'<a:xfrm><a:off x="{emu(box.x)}" y="{emu(box.y)}"/><a:ext cx="{emu(box.w)}" cy="0"/></a:xfrm>'
                    f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
                    f'<a:ln w="{int(width_pt * 12700)}" cap="flat">{color}</a:ln>')


def add_bar(container, box: Box, slot: str) -> None:
    """A small filled decorative rectangle."""
    _add_decorative(container, "sp", "deckgen bar", "<p:cNvSpPr/>",
                    f'<a:xfrm><a:off x="{emu(box.x)}" y="{emu(box.y)}"/><a:ext cx="{emu(box.w)}" cy="{emu(box.h)}"/>'
                    f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{scheme_fill(slot)}'
                    f'<a:ln><a:noFill/></a:ln>')


def set_background(container, slot: str) -> None:
    c_sld = container.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = etree.fromstring(f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr>{scheme_fill(slot)}<a:effectLst/></p:bgPr>'
                          f'</p:bg>')
    c_sld.insert(0, bg)


def hide_master_shapes(layout) -> None:
    layout._element.set("showMasterSp", "0")


def rename(layout, name: str) -> None:
    layout._element.find(qn("p:cSld")).set("name", name)


def body_pr(shape):
    return shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")


def level_style(shape, align: str | None = None, size: int | None = None, bold: bool | None = None,
                color: str | None = None, lum: tuple[int, int] | None = None, bullet: bool = False) -> None:
    """Sets the first-level paragraph style of a layout or master placeholder."""
    lst = shape._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
    for old in list(lst):
        lst.remove(old)
    ppr = etree.SubElement(lst, qn("a:lvl1pPr"))
    if align:
        ppr.set("algn", align)
    if not bullet:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        etree.SubElement(ppr, qn("a:buNone"))
    rpr = etree.SubElement(ppr, qn("a:defRPr"))
    if size:
        rpr.set("sz", str(size * 100))
    if bold is not None:
        rpr.set("b", "1" if bold else "0")
    if color:
        rpr.append(etree.fromstring(f'<a:x xmlns:a="{A}">{scheme_fill(color, *(lum or (None, None)))}</a:x>')[0])


# --- the theme part -------------------------------------------------------------------

def write_theme_part(prs, design: Design) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", design.name)
    scheme = root.find(f".//{{{A}}}clrScheme")
    scheme.set("name", design.name)
    for slot in SCHEME_SLOTS:
        el = scheme.find(f"{{{A}}}{slot}")
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{A}}}srgbClr", val=design.colors[slot])
    fonts = root.find(f".//{{{A}}}fontScheme")
    fonts.set("name", design.name)
    for tag, face in (("majorFont", design.major), ("minorFont", design.minor)):
        group = fonts.find(f"{{{A}}}{tag}")
        group.find(f"{{{A}}}latin").set("typeface", face)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the master -----------------------------------------------------------------------

def style_master(prs, design: Design) -> None:
    master = prs.slide_master
    el = master._element
    set_background(el, "bg1")
    if design.clr_map:
        clr_map = el.find(qn("p:clrMap"))
        for role, slot in design.clr_map.items():
            clr_map.set(role, slot)
    m = design.margin
    content_w = W - 2 * m
    third = 2.6
    boxes = {"title": design.title_box, "body": design.body_box,
             "dt": Box(m, design.footer_y, third, 0.4),
             "ftr": Box(m + third + 0.1, design.footer_y, content_w - 2 * third - 0.2, 0.4),
             "sldNum": Box(W - m - third, design.footer_y, third, 0.4)}
    for ph in master.placeholders:
        kind = ph._element.xpath("./p:nvSpPr/p:nvPr/p:ph")[0].get("type", "body")
        if kind in boxes:
            set_box(ph, boxes[kind])
        if kind == "title":
            body_pr(ph).set("anchor", design.title_anchor)
        if kind in ("dt", "ftr", "sldNum"):
            body_pr(ph).set("anchor", "ctr")
    styles = el.find(qn("p:txStyles"))
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    title.set("algn", design.title_align)
    rpr = title.find(qn("a:defRPr"))
    rpr.set("sz", str(design.title_size * 100))
    if design.title_bold:
        rpr.set("b", "1")
    fill = rpr.find(qn("a:solidFill"))
    fill.find(qn("a:schemeClr")).set("val", design.title_color)
    # body text: the design's bullet at the first level, tighter spacing, dash/bullet alternating below
    for n, lvl in enumerate(styles.find(qn("p:bodyStyle")), 1):
        if not lvl.tag.endswith("pPr"):
            continue
        spc = lvl.find(qn("a:spcBef"))
        if spc is not None:
            for child in list(spc):
                spc.remove(child)
            etree.SubElement(spc, qn("a:spcPts"), val="600")
        bu_font = lvl.find(qn("a:buFont"))
        if bu_font is not None:
            bu_font.set("typeface", "+mj-lt")
        bu_char = lvl.find(qn("a:buChar"))
        if bu_char is not None:
            bu_char.set("char", design.bullet if n % 2 else "\u2022")
            bu_clr = etree.fromstring(f'<a:buClr xmlns:a="{A}"><a:schemeClr val="{design.bullet_color}"/></a:buClr>')
            lvl.insert(list(lvl).index(bu_font if bu_font is not None else bu_char), bu_clr)
    for box, slot, width in design.rules:
        add_rule(el, box, slot, width)
    for box, slot in design.bars:
        add_bar(el, box, slot)


# --- layouts --------------------------------------------------------------------------

def _ph_kind(ph) -> tuple[str, int]:
    el = ph._element.xpath("./p:nvSpPr/p:nvPr/p:ph")[0]
    return el.get("type", "obj"), int(el.get("idx", "0"))


def place_layouts(prs, design: Design) -> None:
    """Places every placeholder of every layout for 16:9 and gives the special layouts their look."""
    m = design.margin
    content_w = W - 2 * m
    third = 2.6
    footers = {"dt": Box(m, design.footer_y, third, 0.4),
               "ftr": Box(m + third + 0.1, design.footer_y, content_w - 2 * third - 0.2, 0.4),
               "sldNum": Box(W - m - third, design.footer_y, third, 0.4)}
    body = design.body_box
    half = (body.w - 0.4) / 2
    for index, layout in enumerate(prs.slide_layouts):
        for ph in layout.placeholders:
            kind, idx = _ph_kind(ph)
            if kind in footers:
                set_box(ph, footers[kind])
            elif kind == "title":
                set_box(ph, design.title_box)
            elif index == TWO_CONTENT and kind == "obj":
                set_box(ph, Box(body.x + (0 if idx == 1 else half + 0.4), body.y, half, body.h))
            elif kind in ("obj", "body"):
                set_box(ph, body)
        if index == TITLE_SLIDE:
            title_slide(layout, design)
        elif index == SECTION:
            section_header(layout, design)
        elif index == BLANK:
            hide_master_shapes(layout)


def title_slide(layout, design: Design) -> None:
    """The opening slide, without the master's lines: a large left-aligned title, the subtitle below.

    "rule": a short bar above the title and a rule under it (print). "band": a broad accent band
    down the left edge and a short bar between title and subtitle (projector).
    """
    hide_master_shapes(layout)
    m = design.margin
    band = design.opening == "band"
    left = m + (0.45 if band else 0)
    width = W - left - m - 1.5
    for ph in layout.placeholders:
        kind, _ = _ph_kind(ph)
        if kind == "ctrTitle":
            set_box(ph, Box(left, 1.6 if band else 1.75, width, 2.5 if band else 2.45))
            body_pr(ph).set("anchor", "b")
            level_style(ph, align="l", size=design.title_size + 8, bold=design.title_bold,
                        color=design.opening_title_color)
        elif kind == "subTitle":
            set_box(ph, Box(left, 4.6 if band else 4.55, width, 1.75))
            body_pr(ph).set("anchor", "t")
            level_style(ph, align="l", size=24, color="tx1", lum=(75000, 25000) if not band else (85000, None))
    if band:
        add_bar(layout._element, Box(0, 0, 0.5, H), design.band_color)
        add_bar(layout._element, Box(left + 0.1, 4.3, 1.6, 0.1), design.bar_color)
    else:
        add_rule(layout._element, Box(m, 4.4, W - 2 * m, 0), "tx1", 2.25)
        add_bar(layout._element, Box(m, 1.35, 1.2, 0.1), "accent1")
        add_rule(layout._element, Box(m, design.footer_y - 0.07, W - 2 * m, 0), "tx1", 0.5)


def section_header(layout, design: Design) -> None:
    """A divider: a bar beside (or a band before) a large title, a short line of text below it."""
    hide_master_shapes(layout)
    m = design.margin
    band = design.opening == "band"
    left = m + 0.45
    for ph in layout.placeholders:
        kind, _ = _ph_kind(ph)
        if kind == "title":
            set_box(ph, Box(left, 2.45 if band else 2.35, W - left - m, 1.7 if band else 1.75))
            body_pr(ph).set("anchor", "b")
            level_style(ph, align="l", size=design.title_size + 6, bold=design.title_bold, color=design.title_color)
        elif kind == "body":
            set_box(ph, Box(left, 4.45 if band else 4.2, W - left - m, 1.2))
            body_pr(ph).set("anchor", "t")
            level_style(ph, align="l", size=24, color="tx1", lum=(75000, 25000) if not band else (85000, None))
    if band:
        add_bar(layout._element, Box(0, 0, 0.5, H), design.band_color)
        add_bar(layout._element, Box(left + 0.1, 4.28, 1.6, 0.1), design.bar_color)
    else:
        add_bar(layout._element, Box(m, 2.45, 0.12, 2.85), "accent1")
        add_rule(layout._element, Box(m, design.footer_y - 0.07, W - 2 * m, 0), "tx1", 0.5)


def keep_layouts(prs, design: Design) -> None:
    """Removes the layouts the design does not name, renames the others."""
    layouts = list(prs.slide_layouts)
    for index, layout in enumerate(layouts):
        if index in design.layouts:
            rename(layout, design.layouts[index])
        else:
            prs.slide_layouts.remove(layout)


# --- the package ----------------------------------------------------------------------

def drop_thumbnail(prs) -> None:
    """The default package carries a 4:3 thumbnail of nothing; a template is better without it."""
    pkg = prs.part.package
    for r_id, rel in list(pkg._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.drop_rel(r_id)


def fixed_properties(prs, title: str) -> None:
    props = prs.core_properties
    props.title = title
    props.author = "deckgen"
    props.last_modified_by = "deckgen (tools/make_templates.py)"
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.last_printed = dt.datetime(2024, 1, 1)
    props.subject = props.keywords = props.comments = ""


def package_bytes(prs, potx: bool) -> bytes:
    raw = io.BytesIO()
    prs.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if potx and info.filename == "[Content_Types].xml":
                assert PRESENTATION_CT in blob
                blob = blob.replace(PRESENTATION_CT, TEMPLATE_CT)
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, blob)
    return out.getvalue()


def build(design: Design, title: str, potx: bool = False) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(emu(W)), Emu(emu(H))
    write_theme_part(prs, design)
    style_master(prs, design)
    place_layouts(prs, design)
    keep_layouts(prs, design)
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    for layout_index, _, texts in design.sample_slides:
        slide = prs.slides.add_slide(by_name[design.layouts[layout_index]])
        for ph, text in zip(slide.placeholders, texts):
            ph.text_frame.text = text
    drop_thumbnail(prs)
    fixed_properties(prs, title)
    return package_bytes(prs, potx)


# --- the designs ----------------------------------------------------------------------

def grey_scheme() -> dict[str, str]:
    return {"dk1": "1A1A1A", "lt1": "FFFFFF", "dk2": "000000", "lt2": "F2F2F2", "accent1": "000000",
            "accent2": "404040", "accent3": "595959", "accent4": "7F7F7F", "accent5": "262626", "accent6": "A6A6A6",
            "hlink": "1A1A1A", "folHlink": "404040"}


def print_design() -> Design:
    """Ink-saving black and white: serif type, hairlines instead of fills, left-aligned editorial titles."""
    m = 0.75
    return Design(
        name="deckgen Print", colors=grey_scheme(), major="Cambria", minor="Cambria",
        layouts={TITLE_SLIDE: "Titeldia", TITLE_CONTENT: "Titel en object", SECTION: "Sectiekop",
                 TWO_CONTENT: "Twee objecten", TITLE_ONLY: "Alleen titel", BLANK: "Leeg"},
        title_color="tx2", title_size=36, title_bold=True,
        rules=[(Box(m, 1.68, W - 2 * m, 0), "tx1", 1.5), (Box(m, 6.78, W - 2 * m, 0), "tx1", 0.5)],
        bars=[(Box(m, 0.32, 0.9, 0.08), "accent1")])


def projector_design() -> Design:
    """Large rooms: near-black slides with light text, sky-blue headings, amber key figures (accent1), a band
    down the left edge, big bold Calibri. The master maps bg1 to dk1 and tx1 to lt1, as dark
    PowerPoint themes do, so text typed into the deck is light without any direct formatting."""
    colors = {"dk1": "111827", "lt1": "F9FAFB", "dk2": "1F2937", "lt2": "38BDF8", "accent1": "FBBF24",
              "accent2": "38BDF8", "accent3": "9CA3AF", "accent4": "34D399", "accent5": "F472B6", "accent6": "A78BFA",
              "hlink": "7DD3FC", "folHlink": "C4B5FD"}
    m = 0.75
    return Design(
        name="deckgen Projector", colors=colors, major="Calibri", minor="Calibri", margin=m,
        layouts={TITLE_SLIDE: "Diapositive de titre", TITLE_CONTENT: "Titre et contenu",
                 SECTION: "En-tête de section", TWO_CONTENT: "Deux contenus", TITLE_ONLY: "Titre seul", BLANK: "Vide"},
        clr_map={"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"},
        title_color="tx2", title_size=44, title_bold=True, title_anchor="b", bullet="\u2022", bullet_color="tx2",
        title_box=Box(m, 0.35, W - 2 * m, 1.25), body_box=Box(m, 1.95, W - 2 * m, 4.7),
        bars=[(Box(0, 0, 0.18, H), "tx2"), (Box(m + 0.1, 1.68, 1.0, 0.07), "accent1")],
        opening="band", opening_title_color="tx1", band_color="tx2", bar_color="accent1")


def german_design() -> Design:
    """A test template in another language, with its own brand: a teal scheme, Cambria over Calibri."""
    m = 0.6
    colors = {"dk1": "222222", "lt1": "FFFFFF", "dk2": "0B4F4A", "lt2": "E6F2F1", "accent1": "0B7A75",
              "accent2": "B5452B", "accent3": "5B8C5A", "accent4": "E0A526", "accent5": "3A6EA5", "accent6": "7D5BA6",
              "hlink": "0B7A75", "folHlink": "5B4B8A"}
    return Design(
        name="Vorlage Test", colors=colors, major="Cambria", minor="Calibri", margin=m,
        layouts={TITLE_SLIDE: "Titelfolie", TITLE_CONTENT: "Titel und Inhalt", SECTION: "Abschnittsüberschrift",
                 TITLE_ONLY: "Nur Titel", BLANK: "Leer"},
        title_color="tx2", title_size=34, title_align="l", title_anchor="ctr", bullet="\u25aa",
        title_box=Box(m, 0.35, W - 2 * m, 1.15), body_box=Box(m, 1.75, W - 2 * m, 4.85),
        rules=[], bars=[(Box(0, 0, W, 0.12), "accent1"), (Box(m, 1.55, 1.6, 0.05), "accent2")],
        sample_slides=[(TITLE_SLIDE, "Titelfolie", ["Vorlage für Präsentationen", "Abteilung · Datum"]),
                       (TITLE_CONTENT, "Inhalt", ["Überschrift", "Erster Punkt\nZweiter Punkt"])])


def title_only_design() -> Design:
    """A template that lacks a title-and-content layout: deckgen must fall back and warn."""
    return Design(name="Fallback Test", colors=grey_scheme() | {"dk2": "1F3864", "accent1": "2F5597"},
                  major="Arial", minor="Arial", layouts={TITLE_ONLY: "Solo el título", BLANK: "En blanco"},
                  title_anchor="ctr", bullet="\u2022")


def outputs() -> dict[Path, bytes]:
    return {
        ROOT / "themes/print/template.pptx": build(print_design(), "deckgen print template"),
        ROOT / "themes/projector/template.pptx": build(projector_design(), "deckgen projector template"),
        ROOT / "tests/data/templates/german.potx": build(german_design(), "Vorlage Test", potx=True),
        ROOT / "tests/data/templates/title-only-blank.pptx": build(title_only_design(), "Fallback test template"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, data in outputs().items():
        if len(data) > 200 * 1024:
            raise SystemExit(f"{path} would be {len(data) // 1024} KB; keep committed files under 200 KB")
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data) // 1024 or 1} KB)")
    for path in stale:
        print(f"differs: {path.relative_to(ROOT)} (run python tools/make_templates.py)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
