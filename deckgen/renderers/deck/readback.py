"""A built deck read back: its title and each slide's speaker notes (for the preview page), and each
slide's notes and title as the deck renderer hands them to the formats made from the deck.

Here because only the deck renderer's package imports python-pptx (the preview shows the
notes under each slide's picture and must not read the .pptx itself).
"""

from __future__ import annotations

from pathlib import Path

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
    notes, titles = [], []
    for slide in prs.slides:
        part = slide.part
        text = ""
        if part.has_notes_slide:
            body = _placeholder(part.part_related_by(_NOTES_SLIDE)._element, lambda ph: ph.get("type") == "body")
            text = _frame_text(body) if body is not None else ""
        notes.append(text)
        title = _placeholder(slide._element, lambda ph: int(ph.get("idx", "0")) == 0)
        titles.append(" ".join(_frame_text(title).split()) if title is not None else "")
    return tuple(notes), tuple(titles)
