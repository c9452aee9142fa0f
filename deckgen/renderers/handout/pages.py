"""The handout's pages: margins, the text area's geometry and page numbering ("page 3 of 4").

Numbers are stamped once the total is known, by a canvas that holds pages back (pdf.numbered).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm


MIN_MARGIN_MM = 10.0  # office printers cannot print closer to the edge than about 5 mm
GUTTER = 7 * mm  # between the two columns
HEADER_H = 9 * mm  # header band on pages 2+: title, date and a rule
FOOTER_H = 8 * mm  # footer band on every page: organisation and page x of y


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
