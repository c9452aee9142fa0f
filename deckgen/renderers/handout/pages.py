"""The handout's pages: margins, the text area's geometry and page numbering ("page 3 of 4").

Numbers are stamped once the total is known, by a canvas that holds pages back.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from deckgen.renderers.pdf.tagging import TaggedCanvas

MIN_MARGIN_MM = 10.0  # office printers cannot print closer to the edge than about 5 mm
GUTTER = 7 * mm  # between the two columns
HEADER_H = 9 * mm  # header band on pages 2+: title, date and a rule
FOOTER_H = 8 * mm  # footer band on every page: organisation and page x of y


def numbered_canvas(stamp, meta=None):
    """A canvas class that holds pages back until the total is known, then stamps each one.

    The usual NumberedCanvas recipe, plus keeping ReportLab's page counter in step while
    pages are held back, so that bookmarks and note links point at the right pages. It is a
    tagged canvas (pdf.tagging): the page numbers are stamped as pagination artifacts.
    """

    class NumberedCanvas(TaggedCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._doc.pageCounter += 1
            self._doc.inObject = None
            self._startPage()

        def save(self):
            total = len(self._held)
            self._doc.pageCounter = 1
            for state in self._held:
                self.__dict__.update(state)
                with self.artifact("Pagination", "Footer"):
                    stamp(self, self._pageNumber, total)
                TaggedCanvas.showPage(self)
            self.showOutline()
            TaggedCanvas.save(self)

    NumberedCanvas.meta = meta  # the document's: saved tagged (pdf.finish)
    return NumberedCanvas


# --- the renderer ----------------------------------------------------------------------

@dataclass
class Geometry:
    size: tuple[float, float]
    paper: str
    margin: float

    @property
    def width(self) -> float:
        return self.size[0] - 2 * self.margin

    @property
    def left(self) -> float:
        return self.margin

    @property
    def bottom(self) -> float:  # bottom of the text area, above the footer
        return self.margin + FOOTER_H

    def top(self, header: bool) -> float:  # top of the text area
        return self.size[1] - self.margin - (HEADER_H if header else 0.0)

    @property
    def column(self) -> float:
        return (self.width - GUTTER) / 2
