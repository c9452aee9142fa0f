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
_HEADING_ONE = ("title", "divider")  # slide kinds whose title is a first-level heading
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def reading(prs, kinds: list[str]) -> tuple[SlideReading, ...]:
    """Each slide's reading facts (renderers.base.SlideReading) for `pdf.retag`: see `slide_reading`."""
    height = int(prs.slide_height)
    return tuple(slide_reading(slide, number, kind, height)
                 for number, (slide, kind) in enumerate(zip(prs.slides, kinds), 1))


def slide_reading(slide, number: int, kind: str, height: int) -> SlideReading:
    """One slide's reading facts: its heading level from its kind, the texts of its date, footer and
    slide-number placeholders (a slide number is the slide's own `number`, as LibreOffice draws it),
    each placed as Header or Footer by the half of the slide (`height` EMU) it stands in, each
    superscript run of a text (a reference mark), and the alternative text of each chart."""
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
    return SlideReading(1 if kind in _HEADING_ONE else 2, tuple(running), tuple(marks), tuple(charts))


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
