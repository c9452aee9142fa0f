"""Templates made in the tests: python-pptx's own, with non-English names, as .potx, or lacking layouts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation

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
