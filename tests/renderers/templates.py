"""Templates made in the tests: python-pptx's own, with non-English names, as .potx, or lacking layouts."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

DUTCH = {"Title Slide": "Titeldia", "Title and Content": "Titel en object", "Section Header": "Sectiekop",
         "Title Only": "Alleen titel", "Blank": "Leeg", "Two Content": "Twee objecten",
         "Comparison": "Vergelijking", "Content with Caption": "Inhoud met bijschrift",
         "Picture with Caption": "Afbeelding met bijschrift", "Title and Vertical Text": "Titel en verticale tekst",
         "Vertical Title and Text": "Verticale titel en tekst"}


def _remove_layout(prs, layout) -> None:
    master = prs.slide_master
    for rel_id, rel in list(master.part.rels.items()):
        if rel.target_part is layout.part:
            master.part.drop_rel(rel_id)
            for el in master._element.xpath(f"./p:sldLayoutIdLst/p:sldLayoutId[@r:id='{rel_id}']"):
                el.getparent().remove(el)


def dutch_template(path: Path, samples: int = 2, keep: tuple[str, ...] | None = None) -> Path:
    """python-pptx's template with Dutch layout names (reordered) and sample slides."""
    prs = Presentation()
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        layout.name = DUTCH[layout.name]
    for layout in layouts:
        if keep is not None and layout.name not in keep:
            _remove_layout(prs, layout)
    for i in range(samples):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = f"Voorbeelddia {i + 1}"
    prs.save(str(path))
    return path


def rewrite_part(source: Path, target: Path, member: str, change) -> Path:
    """A copy of a package (.pptx, .potx) with one member's bytes passed through `change`."""
    src = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if info.filename == member else data)
    target.write_bytes(out.getvalue())
    return target


def as_potx(pptx: Path, potx: Path) -> Path:
    """The same package saved as a PowerPoint template (.potx content type)."""
    return rewrite_part(pptx, potx, "[Content_Types].xml", lambda data: data.replace(
        b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"))


# --- templates that set formatting below the theme, or are degenerate (issue 13) ---------------

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _def_rpr(lvl1):
    """The a:defRPr of a list-style level (made when missing)."""
    from lxml import etree

    rpr = lvl1.find(f"{{{_A}}}defRPr")
    return rpr if rpr is not None else etree.SubElement(lvl1, f"{{{_A}}}defRPr")


def _set_latin(rpr, typeface: str) -> None:
    from lxml import etree

    for old in rpr.findall(f"{{{_A}}}latin"):
        rpr.remove(old)
    latin = etree.Element(f"{{{_A}}}latin", typeface=typeface)
    fills = [c for c in rpr if c.tag.split("}")[1] in ("ln", "noFill", "solidFill", "gradFill", "blipFill",
                                                        "pattFill", "grpFill", "effectLst", "effectDag",
                                                        "highlight", "uLnTx", "uLn", "uFillTx", "uFill")]
    (fills[-1].addnext(latin) if fills else rpr.insert(0, latin))


def master_style(prs, which: str, **attrs) -> None:
    """Sets attributes (spc, b, cap, …) and optionally a typeface on the master's titleStyle or
    bodyStyle, level 1."""
    lvl1 = prs.slide_master._element.find(f"{{{_P}}}txStyles/{{{_P}}}{which}/{{{_A}}}lvl1pPr")
    rpr = _def_rpr(lvl1)
    face = attrs.pop("typeface", None)
    for key, value in attrs.items():
        rpr.set(key, str(value))
    if face:
        _set_latin(rpr, face)


def layout_fonts(prs, typeface: str) -> None:
    """Sets a typeface in the list style of every title and body placeholder of every layout."""
    from lxml import etree

    for layout in prs.slide_layouts:
        for sp in layout._element.iter(f"{{{_P}}}sp"):
            ph = sp.find(f"{{{_P}}}nvSpPr/{{{_P}}}nvPr/{{{_P}}}ph")
            if ph is None or ph.get("type") in ("dt", "ftr", "sldNum"):
                continue
            body = sp.find(f"{{{_P}}}txBody")
            if body is None:
                continue
            lst = body.find(f"{{{_A}}}lstStyle")
            if lst is None:
                lst = etree.Element(f"{{{_A}}}lstStyle")
                body.insert(1, lst)
            lvl1 = lst.find(f"{{{_A}}}lvl1pPr")
            if lvl1 is None:
                lvl1 = etree.SubElement(lst, f"{{{_A}}}lvl1pPr")
            _set_latin(_def_rpr(lvl1), typeface)


def tiny_placeholders(prs, height_in: float = 0.3) -> None:
    """Every layout placeholder but the footers 0.3 in high, as Google Slides exports can have."""
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            if ph.placeholder_format.type is not None and ph.placeholder_format.idx in (10, 11, 12):
                continue
            top, left, width = ph.top, ph.left, ph.width
            ph.left, ph.top, ph.width, ph.height = left, top, width, int(height_in * 914400)


def dark_background(prs, background: str = "101418", accents: str = "2B2F3A") -> None:
    """A dark slide master (bg1 maps to dk1) whose accent colours are nearly as dark as it."""
    from lxml import etree

    master = prs.slide_master._element
    c_sld = master.find(f"{{{_P}}}cSld")
    for old in c_sld.findall(f"{{{_P}}}bg"):
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(
        f'<p:bg xmlns:p="{_P}" xmlns:a="{_A}"><p:bgPr><a:solidFill><a:srgbClr val="{background}"/></a:solidFill>'
        '<a:effectLst/></p:bgPr></p:bg>'))
    clr_map = master.find(f"{{{_P}}}clrMap")
    clr_map.set("bg1", "dk1"), clr_map.set("tx1", "lt1"), clr_map.set("bg2", "dk2"), clr_map.set("tx2", "lt2")
    theme_part = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    root = etree.fromstring(theme_part.blob)
    scheme = root.find(f".//{{{_A}}}clrScheme")
    for slot in scheme:
        name = slot.tag.split("}")[1]
        value = {"dk1": background, "lt1": "F2F2F2", "dk2": "1B2230", "lt2": "3A4050"}.get(name, accents)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{_A}}}srgbClr", val=value)
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def master_logo(prs, box_in: tuple[float, float, float, float] = (7.6, 5.6, 2.2, 1.6)) -> None:
    """A picture (the test logo) drawn by the slide master over the content layout's body corner."""
    from pptx.oxml import parse_xml

    logo = Path(__file__).resolve().parent.parent / "data" / "logo.png"
    _, rid = prs.slide_master.part.get_or_add_image_part(str(logo))
    x, y, cx, cy = (int(v * 914400) for v in box_in)
    tree = prs.slide_master._element.find(f"{{{_P}}}cSld/{{{_P}}}spTree")
    tree.append(parse_xml(
        f'<p:pic xmlns:p="{_P}" xmlns:a="{_A}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships"><p:nvPicPr><p:cNvPr id="900" name="Logo" descr="Logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'))


def made_template(path: Path, kind: str) -> Path:
    """One of the templates of issue 13's cases, from python-pptx's default, saved at path."""
    keep = {"single-layout": ("Titeldia",), "blank-only": ("Leeg",), "title-only": ("Alleen titel",)}.get(kind)
    if keep:
        return dutch_template(path, samples=0, keep=keep)
    prs = Presentation()
    if kind == "layout-fonts":  # the theme says Calibri; the layouts set a much wider face
        layout_fonts(prs, "DejaVu Sans")
    elif kind == "letter-spacing":
        master_style(prs, "titleStyle", spc=600)
        master_style(prs, "bodyStyle", spc=300)
    elif kind == "inherited-bold":
        master_style(prs, "bodyStyle", b=1, typeface="DejaVu Sans")
        master_style(prs, "titleStyle", b=1, cap="all")
    elif kind == "tiny-placeholders":
        tiny_placeholders(prs)
    elif kind == "dark-low-contrast":
        dark_background(prs)
    elif kind == "master-logo":
        master_logo(prs)
    elif kind == "one-line-titles":  # title boxes one line high at the minimum size, with room above
        for layout in prs.slide_layouts:
            for ph in layout.placeholders:
                if ph.placeholder_format.type is not None and "TITLE" in str(ph.placeholder_format.type) \
                        and "CENTER" not in str(ph.placeholder_format.type):
                    ph.left, ph.top, ph.width, ph.height = ph.left, int(0.75 * 914400), ph.width, int(0.6 * 914400)
    else:
        raise ValueError(kind)
    prs.save(str(path))
    return path


CASES = ("layout-fonts", "letter-spacing", "inherited-bold", "tiny-placeholders", "single-layout", "blank-only",
         "title-only", "dark-low-contrast", "master-logo", "one-line-titles")


# --- templates whose text would be unreadable or land on artwork (issue 21) -------------------

EMU_IN = 914400
NAVY, RED = "1F2A44", "F81B02"


def _tree(owner):
    return owner._element.find(f"{{{_P}}}cSld/{{{_P}}}spTree")


def _shape_xml(ident: int, name: str, box_in, geometry: str = "rect", fill: str | None = None,
               line: str | None = None, rot: int = 0, text: str = "", text_colour: str = "000000") -> str:
    x, y, cx, cy = (int(v * EMU_IN) for v in box_in)
    fill_xml = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
    line_xml = (f'<a:ln w="38100"><a:solidFill><a:srgbClr val="{line}"/></a:solidFill></a:ln>' if line
                else "<a:ln><a:noFill/></a:ln>")
    body = (f'<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="nl-NL" sz="4400" b="1">'
            f'<a:solidFill><a:srgbClr val="{text_colour}"/></a:solidFill></a:rPr><a:t>{text}</a:t></a:r></a:p>'
            '</p:txBody>') if text else ""
    rot_attr = f' rot="{rot * 60000}"' if rot else ""
    return (f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr><p:cNvPr id="{ident}" name="{name}"/><p:cNvSpPr/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm{rot_attr}><a:off x="{x}" y="{y}"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>'
            f'{fill_xml}{line_xml}</p:spPr>{body}</p:sp>')


def add_shape(owner, box_in, **kw) -> None:
    """A shape (filled, outlined, rotated, with text) on a master or layout, above its background."""
    from lxml import etree

    tree = _tree(owner)
    ids = [int(e.get("id")) for e in tree.iter(f"{{{_P}}}cNvPr")]
    tree.insert(2, etree.fromstring(_shape_xml(max(ids, default=1) + 1, kw.pop("name", "Artwork"), box_in, **kw)))


def master_colours(prs, which: str, colour: str) -> None:
    """A solid text colour on the master's titleStyle or bodyStyle (level 1)."""
    from lxml import etree

    lvl1 = prs.slide_master._element.find(f"{{{_P}}}txStyles/{{{_P}}}{which}/{{{_A}}}lvl1pPr")
    rpr = _def_rpr(lvl1)
    for old in rpr.findall(f"{{{_A}}}solidFill"):
        rpr.remove(old)
    fill = etree.Element(f"{{{_A}}}solidFill")
    etree.SubElement(fill, f"{{{_A}}}srgbClr", val=colour)
    rpr.insert(0, fill)


def solid_master_background(prs, colour: str) -> None:
    from lxml import etree

    c_sld = prs.slide_master._element.find(f"{{{_P}}}cSld")
    for old in c_sld.findall(f"{{{_P}}}bg"):
        c_sld.remove(old)
    c_sld.insert(0, etree.fromstring(
        f'<p:bg xmlns:p="{_P}" xmlns:a="{_A}"><p:bgPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        '<a:effectLst/></p:bgPr></p:bg>'))


def content_layouts(prs):
    """The layouts with a title and a body (where content, figures and questions go)."""
    return [lay for lay in prs.slide_layouts if lay.name in ("Title and Content", "Title Only", "Two Content",
                                                             "Comparison", "Section Header", "Blank")]


def footer_font(prs, typeface: str = "DejaVu Serif", size: int = 1400) -> None:
    """The footers (date, footer, number) on the master in another font and size than the body."""
    for sp in _tree(prs.slide_master).iter(f"{{{_P}}}sp"):
        ph = sp.find(f"{{{_P}}}nvSpPr/{{{_P}}}nvPr/{{{_P}}}ph")
        if ph is None or ph.get("type") not in ("dt", "ftr", "sldNum"):
            continue
        for rpr in sp.iter(f"{{{_A}}}defRPr"):
            rpr.set("sz", str(size))
            _set_latin(rpr, typeface)


# Where each case's artwork is, in inches (left, top, width, height), for the tests to keep text off
ARTWORK = {
    "callout-under-body": (4.0, 2.6, 3.6, 2.4),
    "rotated-stamp": (6.9, 0.45, 2.6, 0.7),  # before rotation; rotated 345°
    "rule-through-question": (4.98, 1.3, 0.04, 5.0),
    "logo-under-title": (4.0, 2.2, 2.0, 1.4),
}
ISSUE_21 = ("black-text-dark-bg", "navy-text-navy-panel", "white-title-white-layout", "callout-under-body",
            "rotated-stamp", "rule-through-question", "logo-under-title", "half-inch-title", "title-above-slide",
            "wide-slide", "no-layouts", "footer-font")


def legibility_template(path: Path, kind: str) -> Path:
    """One of issue 21's cases, from python-pptx's default (10 × 7.5 in), saved at path."""
    prs = Presentation()
    if kind == "black-text-dark-bg":  # the colour map keeps tx1 = dk1 = black on a navy master
        solid_master_background(prs, NAVY)
    elif kind == "navy-text-navy-panel":  # the body's text colour is the panel's colour
        master_colours(prs, "bodyStyle", NAVY)
        for layout in content_layouts(prs):
            add_shape(layout, (0.3, 1.5, 9.4, 5.2), fill=NAVY, name="Navy panel")
    elif kind == "white-title-white-layout":
        master_colours(prs, "titleStyle", "FFFFFF")
    elif kind == "callout-under-body":
        for layout in content_layouts(prs):
            add_shape(layout, ARTWORK[kind], geometry="wedgeRectCallout", fill=RED, name="Artwork")
    elif kind == "rotated-stamp":
        add_shape(prs.slide_master, ARTWORK[kind], rot=345, text="VERTROUWELIJK", text_colour="C00000",
                  name="Artwork")
    elif kind == "rule-through-question":
        add_shape(prs.slide_master, ARTWORK[kind], fill="6A1B9A", name="Artwork")
    elif kind == "logo-under-title":
        master_logo(prs, ARTWORK[kind])
    elif kind == "half-inch-title":
        for layout in prs.slide_layouts:
            for ph in layout.placeholders:
                if "TITLE" in str(ph.placeholder_format.type) and "SUB" not in str(ph.placeholder_format.type):
                    ph.left, ph.top, ph.width, ph.height = ph.left, int(0.4 * EMU_IN), ph.width, int(0.5 * EMU_IN)
    elif kind == "title-above-slide":
        for layout in prs.slide_layouts:
            for ph in layout.placeholders:
                if str(ph.placeholder_format.type).startswith("TITLE ("):
                    ph.left, ph.top, ph.width, ph.height = ph.left, int(-0.45 * EMU_IN), ph.width, int(1.6 * EMU_IN)
    elif kind == "wide-slide":  # 20 × 11.25 in: every layout scaled up with the slide
        factor = 20 / 10
        prs.slide_width, prs.slide_height = int(20 * EMU_IN), int(11.25 * EMU_IN)
        for owner in [prs.slide_master] + list(prs.slide_layouts):
            for ph in owner.placeholders:
                if ph.left is not None:
                    ph.left, ph.top = int(ph.left * factor), int(ph.top * 1.5)
                    ph.width, ph.height = int(ph.width * factor), int(ph.height * 1.5)
    elif kind == "no-layouts":
        for layout in list(prs.slide_layouts):
            _remove_layout(prs, layout)
    elif kind == "footer-font":
        footer_font(prs)
    else:
        raise ValueError(kind)
    prs.save(str(path))
    return path


def ole_template(path: Path, linked: bool = False, macro_click: bool = False) -> Path:
    """A template whose 'Title and Content' layout holds an embedded OLE object (an Excel sheet,
    with its picture) or, with linked=True, one linked to a file on a server; with macro_click,
    its title placeholder runs a macro when clicked."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_ole_object(io.BytesIO(b"PK\x03\x04 an Excel workbook"), "Excel.Sheet.12",
                                        Inches(7), Inches(6), Inches(2), Inches(1))
    layout = prs.slide_layouts[1]
    element = copy.deepcopy(frame._element)
    ole = element.find(".//" + qn("p:oleObj"))
    image = slide.part.related_part(element.find(".//" + qn("a:blip")).get(qn("r:embed")))
    element.find(".//" + qn("a:blip")).set(qn("r:embed"), layout.part.relate_to(image, RT.IMAGE))
    if linked:
        ole.remove(ole.find(qn("p:embed")))
        etree.SubElement(ole, qn("p:link"))
        ole.set(qn("r:id"), layout.part.relate_to("file://///server/share/budget.xlsx", RT.OLE_OBJECT,
                                                  is_external=True))
    else:
        ole.set(qn("r:id"), layout.part.relate_to(slide.part.related_part(ole.get(qn("r:id"))), RT.OLE_OBJECT))
    layout.shapes._spTree.append(element)
    if macro_click:
        title = layout.placeholders[0]._element
        c_nv_pr = title.find(".//" + qn("p:cNvPr"))
        etree.SubElement(c_nv_pr, qn("a:hlinkClick"), {qn("r:id"): "", "action": "ppaction://macro?name=Run"})
    prs.save(str(path))
    return path


# --- a footer placeholder on the template's artwork, with room beside it (issue 21, item 6) ------

# over the lower right of python-pptx's slide-number box (7.17–9.5 × 6.95–7.35 in), to the slide's foot
NUMBER_ART_IN = (7.6, 7.05, 2.4, 0.45)


def artwork_on_slide_number(path: Path) -> Path:
    """python-pptx's template with a filled navy shape on the master over the lower right of
    the slide-number placeholder (what is left of the box is a strip too low for a line, and a
    sliver beside it); the footer band to its left is free."""
    prs = Presentation()
    add_shape(prs.slide_master, NUMBER_ART_IN, fill=NAVY, name="Corner")
    prs.save(str(path))
    return path


CALLOUT_IN = (0.4, 2.0, 3.4, 3.0)  # where callout_template's red panel lies, in inches


def callout_template(path: Path, heading: str | None = None) -> Path:
    """ddspys' design, made: the content and title-only layouts set their title in white on a red callout
    at the left (a filled panel, 3.4 × 3 in), the body beside it; `heading` names the theme's heading
    font (ddspys: Calibri Light)."""
    prs = Presentation()
    master_colours(prs, "titleStyle", "FFFFFF")
    for layout in prs.slide_layouts:
        if layout.name not in ("Title and Content", "Title Only"):
            continue
        add_shape(layout, CALLOUT_IN, fill=RED, name="Callout")
        for ph in layout.placeholders:
            if ph.placeholder_format.idx == 0:
                ph.left, ph.top, ph.width, ph.height = (int(v * EMU_IN) for v in (0.5, 2.2, 3.2, 2.6))
            elif ph.placeholder_format.idx == 1:
                ph.left, ph.top, ph.width, ph.height = (int(v * EMU_IN) for v in (4.2, 0.6, 5.4, 6.2))
    prs.save(str(path))
    if heading is None:
        return path

    def change(data: bytes) -> bytes:
        major = data.index(b"<a:majorFont>")
        return data[:major] + data[major:].replace(b'typeface="Calibri"', f'typeface="{heading}"'.encode(), 1)

    return rewrite_part(path, path.with_name(path.stem + "-heading.pptx"), "ppt/theme/theme1.xml", change)
