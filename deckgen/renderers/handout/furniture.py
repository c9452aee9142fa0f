"""The handout's page furniture: background, footer rule, running header, page numbers.

A mixin of the handout's renderer (`_Handout`): it reads the document, the geometry, the
colours, the fonts and the styles the renderer set up.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from deckgen.content import i18n
from deckgen.errors import Location
from deckgen.renderers.handout.pages import FOOTER_H
from deckgen.renderers.pdf import rtl
from deckgen.text.bidi import has_rtl


class PageFurniture:
    """What every page carries besides its story (see `_Handout`)."""

    def _decorate(self, canvas, _doc) -> None:
        """Background and footer rule, drawn under each page's content (artifacts, as all furniture)."""
        with canvas.artifact():
            self._ground(canvas)
        footer_left = self.doc.organisation or ""
        if footer_left:
            with canvas.artifact("Pagination", "Footer"):
                self._line(canvas, footer_left, "running", self.geo.left, self.geo.margin, self.geo.width * 0.6)

    def _ground(self, canvas) -> None:
        g, c = self.geo, self.c
        canvas.saveState()
        if c.background.upper() != "#FFFFFF":
            canvas.setFillColor(colors.HexColor(c.background))
            canvas.rect(0, 0, g.size[0], g.size[1], stroke=0, fill=1)
        canvas.setStrokeColor(colors.HexColor(c.primary))
        canvas.setLineWidth(0.6)
        y = g.margin + FOOTER_H - 3 * mm
        canvas.line(g.left, y, g.left + g.width, y)
        canvas.restoreState()

    def _decorate_header(self, canvas, doc) -> None:
        self._decorate(canvas, doc)
        with canvas.artifact("Pagination", "Header"):
            self._header(canvas)

    def _header(self, canvas) -> None:
        g = self.geo
        y = g.size[1] - g.margin - 4 * mm
        date = i18n.long_date(self.doc.date, self.lang)
        date_w = g.width * 0.25 if date else 0.0
        self._line(canvas, self.doc.title.plain, "running", g.left, y, g.width - date_w - 4 * mm,
                   loc=self.doc.title.loc)
        if date:
            self._line(canvas, date, "running_right", g.left + g.width - date_w, y, date_w)
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(self.c.primary))
        canvas.setLineWidth(0.6)
        canvas.line(g.left, y - 2.2 * mm, g.left + g.width, y - 2.2 * mm)
        canvas.restoreState()

    def _stamp(self, canvas, page: int, total: int) -> None:
        g = self.geo
        text = i18n.t(self.lang, "page_of", page=page, total=total)
        self._line(canvas, text, "running_right", g.left + g.width * 0.6, g.margin, g.width * 0.4)

    def _line(self, canvas, text: str, style: str, x: float, y: float, width: float,
              loc: Location | None = None) -> None:
        """One line of safe text at baseline-ish y, shortened with an ellipsis to fit `width`.

        The running title, date and organisation repeat on every page: each is set once."""
        key = (text, style, width, loc)
        para = self._lines.get(key)
        if para is None:
            text = " ".join(text.split())

            def make(shown: str) -> Paragraph:
                if has_rtl(shown):  # in visual order, joined (pdf.rtl); kept to the style's alignment
                    markup, _ = rtl.markup(self.fonts, shown, "body", False, self.s[style].fontSize, 1e9,
                                           loc or self.where)
                    return Paragraph(markup, self.s[style])
                return Paragraph(self.fonts.text(shown, loc=loc or self.where), self.s[style])

            para = make(text)
            keep = len(text)
            while para.wrap(width, 1e9)[1] > self.s[style].leading * 1.01 and keep > 1:
                keep = int(keep * 0.9)
                para = make(text[:keep].rstrip() + "…")
            self._lines[key] = para
        para.drawOn(canvas, x, y)
