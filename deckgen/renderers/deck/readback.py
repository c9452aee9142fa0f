"""A built deck read back: its title and each slide's speaker notes (for the preview page), and each
slide's notes, title and reading facts (heading level, running texts, reference marks) as the deck
renderer hands them to the formats made from the deck.

Here because only the deck renderer's package imports python-pptx (the preview shows the
notes under each slide's picture and must not read the .pptx itself).
"""

from __future__ import annotations

from pathlib import Path

from deckgen.renderers.base import SlideReading
from deckgen.renderers.slidexml.xmlpath import A, P


def title_and_notes(deck: Path) -> tuple[str, list[str]]:
    """The deck's title (its core properties) and each slide's notes text ("" for none)."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    return prs.core_properties.title or "", list(notes_and_titles(prs)[0])


_P, _A = f"{{{P}}}", f"{{{A}}}"  # a Clark name's namespace part
_SHAPES = {_P + tag for tag in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart")}
_CONTENT = {_A + "r": None, _A + "br": "\v", _A + "fld": None}
_NOTES_SLIDE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"


def _frame_text(sp) -> str:
    """A shape's text as python-pptx's `text_frame.text` gives it: paragraphs joined by a line feed,
    a line break as a vertical tab (read from the XML: python-pptx's lookups cost a tenth of a render)."""
    body = sp.find(_P + "txBody")
    if body is None:
        return ""
    paras = []
    for p in body.iterchildren(_A + "p"):
        parts = []
        for child in p.iterchildren(*_CONTENT):
            if child.tag == _A + "br":
                parts.append("\v")
            else:
                t = child.find(_A + "t")
                parts.append((t.text or "") if t is not None else "")
        paras.append("".join(parts))
    return "\n".join(paras)


def _placeholder(root, wanted):
    """The first shape of a slide's or notes page's shape tree whose placeholder `wanted(p:ph)` accepts."""
    tree = root.find(f"{_P}cSld/{_P}spTree")
    for el in tree.iterchildren() if tree is not None else ():
        if el.tag in _SHAPES:
            ph = _ph(el)
            if ph is not None and wanted(ph):
                return el
    return None


def _ph(shape):
    """python-pptx's `ph` (XPath ./*[1]/p:nvPr/p:ph): the p:ph of a shape's first child element."""
    first = next(shape.iterchildren("*"), None)
    for nv in first.iterchildren(_P + "nvPr") if first is not None else ():
        for ph in nv.iterchildren(_P + "ph"):
            return ph
    return None


def notes_and_titles(prs) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each slide's speaker notes ("" for none) and title (its words joined by single spaces, "" for
    none), as python-pptx reads them (`notes_slide.notes_text_frame.text`, `shapes.title`)."""
    pairs = [notes_and_title(slide) for slide in prs.slides]
    return tuple(n for n, _ in pairs), tuple(t for _, t in pairs)


def notes_and_title(slide) -> tuple[str, str]:
    """One slide's speaker notes and title, as `notes_and_titles` reads them."""
    part = slide.part
    text = ""
    if part.has_notes_slide:
        body = _placeholder(part.part_related_by(_NOTES_SLIDE)._element, lambda ph: ph.get("type") == "body")
        text = _frame_text(body) if body is not None else ""
    return text, title_text(slide)


def title_text(slide) -> str:
    """A slide's title, its words joined by single spaces ("" for none)."""
    title = _placeholder(slide._element, lambda ph: int(ph.get("idx", "0")) == 0)
    return " ".join(_frame_text(title).split()) if title is not None else ""


_RUNNING = ("dt", "ftr", "sldNum")
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def reading(prs, levels: list[int], kinds: list[str]) -> tuple[SlideReading, ...]:
    """Each slide's reading facts (renderers.base.SlideReading) for `pdf.retag`: see `slide_reading`."""
    height, places = int(prs.slide_height), {}
    return tuple(slide_reading(slide, number, height, level, places, kind)
                 for number, (slide, level, kind) in enumerate(zip(prs.slides, levels, kinds), 1))


def slide_reading(slide, number: int, height: int, level: int = 2, places: dict | None = None,
                  kind: str = "") -> SlideReading:
    """One slide's reading facts: on a sources slide (`kind`), the numbers of the sources it lists (each
    paragraph as paging.sources_body writes it); its title's heading `level` (plan.heading_levels), the texts a reader sees
    before its title (`_above_title`; `places` keeps the layouts' placeholder boxes from slide to slide),
    the texts of its date, footer and slide-number placeholders (a slide number is the slide's own
    `number`, as LibreOffice draws it), each placed as Header or Footer by the half of the slide (`height`
    EMU) it stands in, each superscript run of a text (a reference mark), and the alternative text of each
    chart."""
    running, marks = [], []
    tree = slide._element.find(f"{_P}cSld/{_P}spTree")
    for shape in tree.iter(_P + "sp") if tree is not None else ():
        ph = _ph(shape)
        if ph is not None and ph.get("type") in _RUNNING:
            text = str(number) if ph.get("type") == "sldNum" else " ".join(_frame_text(shape).split())
            off = shape.find(f"{_P}spPr/{_A}xfrm/{_A}off")
            top = int(off.get("y", "0")) if off is not None else height
            if text:
                running.append((text, "Header" if top < height / 2 else "Footer"))
            continue
        marks += _marks(shape)
    charts = [frame.find(f"{_P}nvGraphicFramePr/{_P}cNvPr").get("descr", "")
              for frame in (tree.iter(_P + "graphicFrame") if tree is not None else ())
              if any(data.get("uri") == _CHART for data in frame.iter(_A + "graphicData"))]
    listed: list[int] = []
    if kind == "sources" and tree is not None:
        from deckgen.renderers.paging import source_number

        for shape in tree.iter(_P + "sp"):
            if (ph := _ph(shape)) is None or (ph.get("type") not in _RUNNING and int(ph.get("idx", "0")) != 0):
                listed += [n for p in _frame_text(shape).split("\n") if (n := source_number(p)) is not None]
    return SlideReading(level, tuple(running), tuple(marks), tuple(charts),
                        _above_title(slide, tree, {} if places is None else places), tuple(listed))


def _above_title(slide, tree, places: dict) -> tuple[str, ...]:
    """The texts of the slide's shapes a reader of a left-to-right page sees before its title, top first:
    wholly above it and overlapping it across (a discussion slide's counter over the question), or wholly
    left of it and overlapping it down (the counter in a template's title panel beside the question); a
    reader hears them before the title, as they are seen. A key figure in a column beside a title that
    stands lower is neither. Boxes are read from the slide's XML, or where a placeholder inherits its
    place, from its layout's or master's (as PowerPoint places it; `places` keeps them per layout)."""
    title = _placeholder(slide._element, lambda ph: int(ph.get("idx", "0")) == 0)  # as notes_and_titles finds it
    if title is None or tree is None:
        return ()
    layouts: list = []  # the slide's layout, once asked for

    def box(sp) -> tuple[int, int, int, int] | None:
        """left, top, right, bottom"""
        own = _xfrm(sp)
        if own is not None or (ph := _ph(sp)) is None:
            return own
        key = (ph.get("type"), ph.get("idx", "0"))
        if not layouts:
            layouts.append(slide.part.slide_layout)
        layout = layouts[0]
        known = places.setdefault(layout._element, {})
        if key not in known:
            known[key] = None
            for owner in (layout._element, layout.slide_master._element):
                found = _placeholder(owner, lambda other: other.get("idx", "0") == key[1]
                                     if key[1] != "0" or key[0] is None else other.get("type") == key[0])
                if found is not None and (at := _xfrm(found)) is not None:
                    known[key] = at
                    break
        return known[key]

    t = box(title)
    if t is None:
        return ()
    before = []
    for sp in tree.iterchildren(_P + "sp"):
        if sp is title or ((ph := _ph(sp)) is not None and ph.get("type") in _RUNNING):
            continue
        b = box(sp)
        if b is None:
            continue
        above = b[3] <= t[1] and b[0] < t[2] and b[2] > t[0]
        beside = b[2] <= t[0] and b[1] < t[3] and b[3] > t[1]
        if (above or beside) and (text := " ".join(_frame_text(sp).split())):
            before.append((b[1], text))
    return tuple(text for _, text in sorted(before))


def _xfrm(sp) -> tuple[int, int, int, int] | None:
    """A shape's own box (left, top, right, bottom), None where it has none (it inherits its place)."""
    xfrm = sp.find(f"{_P}spPr/{_A}xfrm")
    off, ext = (xfrm.find(_A + "off"), xfrm.find(_A + "ext")) if xfrm is not None else (None, None)
    if off is None or ext is None:
        return None
    x, y = int(off.get("x", "0")), int(off.get("y", "0"))
    return x, y, x + int(ext.get("cx", "0")), y + int(ext.get("cy", "0"))


def _marks(shape) -> list[tuple[str, int, str]]:
    """(the paragraph's text, where the mark starts, the mark) for each superscript run in a shape's text."""
    body = shape.find(_P + "txBody")
    found = []
    for p in body.iterchildren(_A + "p") if body is not None else ():
        text, runs = "", []
        for child in p.iterchildren(*_CONTENT):
            t = child.find(_A + "t")
            piece = "\v" if child.tag == _A + "br" else (t.text or "") if t is not None else ""
            rpr = child.find(_A + "rPr")
            if piece.strip() and rpr is not None and int(rpr.get("baseline", "0")) > 0:
                runs.append((len(text), piece))
            text += piece
        found += [(text, at, mark) for at, mark in runs]
    return found
