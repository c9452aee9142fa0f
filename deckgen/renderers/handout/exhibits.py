"""Charts and tables in the handout: charts drawn as vectors, tables as real tables.

A chart is a ReportLab drawing in the column: bars, lines or slices in the print colours
(each at least 3:1 against the paper), every label real text in the body font (categories,
values as the document wrote them, axis numbers in the document's language, a legend of
swatches). A table is a ReportLab table in the column: its header row repeats at the top of
every column and page it continues on; a row taller than a column splits inside the row.
Both stand under a caption (the chart's title and unit, the table's caption), with the
source's footnote marker linking to the notes.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from deckgen.content import numbers
from deckgen.content.model import Chart, Span
from deckgen.content.model import Table as TableModel
from deckgen.renderers.handout.flowables import HandoutParagraph
from deckgen.renderers.pdf.tagging import TableTags
from deckgen.text.fit import share_widths
from deckgen.theming.contrast import BODY, mix, ratio, series_colours

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

LABELS_UP_TO = 16  # values on the bars when there are at most this many (as on the slides)
PAD = 3.0  # pt: a table cell's padding


@cache
def _graphics() -> SimpleNamespace:
    """ReportLab's graphics and charts, imported for a document with a chart only (about 45 M
    instructions, a quarter of ReportLab's platypus), and the drawing class charts use."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.doughnut import Doughnut
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib.attrmap import AttrMap, AttrMapValue
    from reportlab.lib.validators import isString

    class ChartDrawing(Drawing):
        """A chart's drawing, with the alt text a tagged PDF gives its Figure."""

        _attrMap = AttrMap(BASE=Drawing, alt=AttrMapValue(isString, desc="alt text"),
                           initialFontName=AttrMapValue(isString, desc="the font the drawing starts in"))

        def drawOn(self, canvas, x, y, _sW=0):
            """Drawn as a Figure with its alt text (pdf.tagging); its labels are inside it."""
            alt = getattr(self, "alt", "")
            if not alt or not hasattr(canvas, "tag"):
                return super().drawOn(canvas, x, y, _sW)
            with canvas.tag("Figure", Alt=alt):
                return super().drawOn(canvas, x, y, _sW)

    return SimpleNamespace(ChartDrawing=ChartDrawing, Rect=Rect, String=String, Pie=Pie, Doughnut=Doughnut,
                           HorizontalBarChart=HorizontalBarChart, VerticalBarChart=VerticalBarChart,
                           HorizontalLineChart=HorizontalLineChart, makeMarker=makeMarker)


def wrap(text: str, font: str, size: float, width: float, limit: int = 3) -> list[str]:
    """Greedy lines of text at most width wide (a word wider than that stands alone); at most
    `limit` lines, the last ending in '…' when more were needed."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(lines[-1] + " " + word, font, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1] + "…"
    return lines or [""]


class Exhibits:
    """Charts and tables for one handout: print colours `c`, fonts `f` (PdfFonts), the body size
    and the paragraph styles."""

    def __init__(self, doc, c, f, size: float, styles: dict):
        self.doc, self.c, self.f, self.size, self.s = doc, c, f, size, styles
        self.font = f.font("body")
        self.bold = f.font("body", bold=True)
        self.fs = max(7.0, round(size * 0.8 * 2) / 2)  # labels: a size down from the body
        self.fills = c.surface.upper() != c.background.upper()
        self.ink = c.text if ratio(c.text, c.background) >= BODY else "#000000"
        self.grid = mix(self.ink, c.background, 0.8)
        self.cell = ParagraphStyle("cell", parent=styles["body"], fontSize=self.fs, leading=self.fs * 1.25,
                                   spaceAfter=0, spaceBefore=0, allowWidows=1, allowOrphans=1)
        self.caption = ParagraphStyle("exhibit_caption", parent=styles["body"], fontName=self.bold,
                                      fontSize=self.fs + 0.5, leading=(self.fs + 0.5) * 1.25, keepWithNext=1,
                                      spaceBefore=size * 0.6, spaceAfter=size * 0.35, textColor=c.primary)

    def section(self, section, width: float) -> list[Flowable]:
        out: list[Flowable] = []
        for chart in section.charts:
            out += self.chart(chart, width)
        for table in section.tables:
            out += self.table(table, width)
        return out

    # --- captions ------------------------------------------------------------------------
    def _caption(self, text: str, source: int | None) -> Flowable:
        """The caption, bold, with the source's marker linking to its note (as the text's markers do)."""
        para = (Span(text, strong=True),) + ((Span("", footnote=source),) if source is not None else ())
        return HandoutParagraph(self.f.paragraph(para, "body"), self.caption)

    # --- charts --------------------------------------------------------------------------
    def _number(self, value: float, decimals: int) -> str:
        return numbers.format_number(value, self.doc.language, decimals)

    def _legend(self, d: Drawing, entries: list[tuple[str, str]], width: float, top: float) -> float:
        """Swatches with names in rows from `top` down; returns the height used."""
        g = _graphics()
        fs = self.fs
        x, y, used = 0.0, top - fs * 1.1, fs * 1.5
        for colour, name in entries:
            w = fs * 1.6 + stringWidth(name, self.font, fs) + fs
            if x and x + w > width:
                x, y, used = 0.0, y - fs * 1.5, used + fs * 1.5
            d.add(g.Rect(x, y - fs * 0.1, fs, fs, fillColor=colors.HexColor(colour), strokeColor=None))
            d.add(g.String(x + fs * 1.4, y, name, fontName=self.font, fontSize=fs,
                           fillColor=colors.HexColor(self.ink)))
            x += w
        return used

    def chart(self, chart: Chart, width: float) -> list[Flowable]:
        head = chart.title + (f" ({chart.unit})" if chart.unit else "")
        n = len(chart.categories) if chart.round else len(chart.series)
        fills = series_colours([self.c.primary, self.c.accent, self.c.muted, self.c.text], self.c.background, n)
        drawing = self._round(chart, width, fills) if chart.round else self._axes(chart, width, fills)
        drawing.alt = chart.alt
        drawing.initialFontName = self.font  # not Helvetica: every font in a PDF/UA file is embedded
        return [self._caption(head, chart.source), drawing, Spacer(1, self.size * 0.6)]

    def _round(self, chart: Chart, width: float, fills: list[str]) -> Drawing:
        g = _graphics()
        fs = self.fs
        unit = f" {chart.unit}" if chart.unit and len(chart.unit) <= 4 else ""
        entries = [(colour, f"{cat}: {w}{unit}") for colour, cat, w in
                   zip(fills, chart.categories, chart.series[0].written)]
        direct = len(set(fills)) < len(fills)  # colours repeat (black and white): each slice named beside it
        probe = g.ChartDrawing(width, 10)
        legend_h = 0.0 if direct else self._legend(probe, entries, width, 0)
        widest = max(stringWidth(text, self.font, fs) for _, text in entries)
        diameter = min(width * 0.55, 150.0, width - 2 * (widest + fs * 2)) if direct else min(width * 0.55, 150.0)
        diameter = max(diameter, width * 0.3)
        height = diameter + fs * (4 if direct else 1) + legend_h
        d = g.ChartDrawing(width, height)
        pie = g.Doughnut() if chart.type == "doughnut" else g.Pie()
        pie.x, pie.y = (width - diameter) / 2, legend_h + fs * (2 if direct else 1)
        pie.width = pie.height = diameter
        pie.data = list(chart.series[0].values)
        pie.labels = [text for _, text in entries] if direct else None
        if direct:
            pie.sideLabels = 1
            pie.slices.fontName, pie.slices.fontSize = self.font, fs
            pie.slices.fontColor = colors.HexColor(self.ink)
            pie.slices.labelRadius = 1.15
            pie.slices.label_pointer_strokeColor = colors.HexColor(self.grid)
        pie.startAngle, pie.direction = 90, "clockwise"
        pie.slices.strokeColor = colors.HexColor(self.c.background)
        pie.slices.strokeWidth = 1
        for i, colour in enumerate(fills):
            pie.slices[i].fillColor = colors.HexColor(colour)
        d.add(pie)
        if not direct:
            self._legend(d, entries, width, legend_h)
        return d

    def _axes(self, chart: Chart, width: float, fills: list[str]) -> Drawing:
        g = _graphics()
        fs, font = self.fs, self.font
        n_cat, n_ser = len(chart.categories), len(chart.series)
        multi = n_ser > 1
        entries = [(colour, s.name) for colour, s in zip(fills, chart.series)] if multi else []
        probe = g.ChartDrawing(width, 10)
        legend_h = self._legend(probe, entries, width, 0) if entries else 0.0
        values = chart.values
        large = max(abs(v) for v in values) >= 10
        axis_dec = 0 if large else chart.decimals
        low, high = min(0.0, min(values)), max(0.0, max(values))
        ticks = [self._number(v, axis_dec) for v in (low, high, (low + high) / 2)]
        axis_w = max(stringWidth(t, font, fs) for t in ticks) + fs * 1.2
        horizontal = chart.type == "bar"
        if horizontal:
            names = [wrap(c, font, fs, width * 0.3) for c in chart.categories]
            cat_w = max(stringWidth(line, font, fs) for lines in names for line in lines) + fs * 0.6
            plot_h = max(n_cat * n_ser * fs * 1.6, n_cat * max(len(x) for x in names) * fs * 1.25, width * 0.3)
            height = legend_h + fs * 2.2 + plot_h + fs * 0.5
            d = g.ChartDrawing(width, height)
            bc = g.HorizontalBarChart()
            bc.x, bc.y = cat_w, legend_h + fs * 2.2
            bc.width = width - cat_w - stringWidth(max((w for s in chart.series for w in s.written), key=len),
                                                   font, fs) - fs
            bc.height = plot_h
            bc.categoryAxis.reverseDirection = 1
        else:
            slot = (width - axis_w) / n_cat
            names = [wrap(c, font, fs, slot * 0.92) for c in chart.categories]
            cat_h = max(len(x) for x in names) * fs * 1.2 + fs * 0.6
            plot_h = width * 0.45
            height = legend_h + cat_h + plot_h + fs * 1.8
            d = g.ChartDrawing(width, height)
            bc = g.HorizontalLineChart() if chart.type == "line" else g.VerticalBarChart()
            bc.x, bc.y = axis_w, legend_h + cat_h
            bc.width, bc.height = width - axis_w - fs * 0.5, plot_h
        bc.data = [list(s.values) for s in chart.series]
        bc.categoryAxis.categoryNames = ["\n".join(lines) for lines in names]
        for axis in (bc.categoryAxis, bc.valueAxis):
            axis.labels.fontName, axis.labels.fontSize = font, fs
            axis.labels.fillColor = colors.HexColor(self.ink)
            axis.strokeColor = colors.HexColor(self.grid)
        bc.categoryAxis.labels.leading = fs * 1.2
        if horizontal:
            bc.categoryAxis.labels.boxAnchor, bc.categoryAxis.labels.textAnchor = "e", "end"
            bc.categoryAxis.labels.dx = -fs * 0.3
        else:
            bc.categoryAxis.labels.boxAnchor = "n"
            bc.categoryAxis.labels.dy = -fs * 0.3
        bc.valueAxis.labelTextFormat = lambda v: self._number(v, axis_dec)
        bc.valueAxis.visibleGrid = 1
        bc.valueAxis.gridStrokeColor = colors.HexColor(self.grid)
        bc.valueAxis.gridStrokeWidth = 0.4
        bc.valueAxis.visibleAxis = 0
        if min(values) >= 0:
            bc.valueAxis.valueMin = 0
        labels = n_cat * n_ser <= LABELS_UP_TO
        written = [list(s.written) for s in chart.series]
        if chart.type == "line":
            for i, colour in enumerate(fills):
                bc.lines[i].strokeColor = colors.HexColor(colour)
                bc.lines[i].strokeWidth = 1.6
                bc.lines[i].symbol = g.makeMarker("FilledCircle", fillColor=colors.HexColor(colour),
                                                strokeColor=colors.HexColor(colour), size=fs * 0.6)
            if labels:
                bc.lineLabelArray = written
                bc.lineLabelFormat = "values"
                bc.lineLabels.fontName, bc.lineLabels.fontSize = font, fs
                bc.lineLabels.fillColor = colors.HexColor(self.ink)
                bc.lineLabels.dy = fs * 0.7
        else:
            bc.barSpacing = 1 if multi else 0
            bc.groupSpacing = fs * 0.8
            bc.bars.strokeColor = None
            for i, colour in enumerate(fills):
                bc.bars[i].fillColor = colors.HexColor(colour)
            slot = bc.height / (n_cat * n_ser) if horizontal else bc.width / (n_cat * n_ser)
            widest = max(stringWidth(w, font, fs) for row in written for w in row)
            if labels and (fs * 1.1 <= slot if horizontal else widest <= slot * 1.1):
                bc.barLabelArray = written
                bc.barLabelFormat = "values"
                bc.barLabels.fontName, bc.barLabels.fontSize = font, fs
                bc.barLabels.fillColor = colors.HexColor(self.ink)
                bc.barLabels.boxAnchor = "w" if horizontal else "s"
                bc.barLabels.boxTarget = "hi"
                bc.barLabels.dx, bc.barLabels.dy = (fs * 0.3, 0) if horizontal else (0, fs * 0.2)
                for i, row in enumerate(bc.data):  # a negative bar's label past its other end
                    for j, v in enumerate(row):
                        if v < 0:
                            label = bc.barLabels[(i, j)]
                            label.boxAnchor, label.boxTarget = ("e" if horizontal else "n"), "lo"
                            label.dx, label.dy = (-fs * 0.3, 0) if horizontal else (0, -fs * 0.2)
                bc.barLabels.boxFillColor = None
                bc.barLabels.boxStrokeColor = None
        d.add(bc)
        if entries:
            self._legend(d, entries, width, legend_h)
        return d

    # --- tables --------------------------------------------------------------------------
    def table(self, table: TableModel, width: float) -> list[Flowable]:
        fs = self.fs
        cols = len(table.columns)
        lows, highs = [], []
        for i in range(cols):
            header = [(table.columns[i], self.bold)]
            cells = header + [(row[i], self.font) for row in table.rows]
            lows.append(max(max((stringWidth(w, f, fs) for w in t.split()), default=0) for t, f in cells) + 1)
            highs.append(max(stringWidth(t, f, fs) for t, f in cells) + 1)
        room = width - cols * 2 * PAD  # the text's share of the width; padding is added to each column
        col_widths = [w + 2 * PAD for w in share_widths(lows, highs, room, floor=fs * 1.5)]
        aligns = [{"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[table.alignment(i)] for i in range(cols)]
        on_header = self.c.on_primary if self.fills else self.c.primary
        head_style = [ParagraphStyle(f"th{i}", parent=self.cell, fontName=self.bold, alignment=a,
                                     textColor=on_header) for i, a in enumerate(aligns)]
        cell_style = [ParagraphStyle(f"td{i}", parent=self.cell, alignment=a) for i, a in enumerate(aligns)]
        def para(text: str, style: ParagraphStyle, bold: bool = False):
            return HandoutParagraph(self.f.text(text, "body", bold=bold), style)

        data = [[para(t, head_style[i], True) for i, t in enumerate(table.columns)]]
        data += [[para(t, cell_style[i]) for i, t in enumerate(row)] for row in table.rows]
        commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), self.font),  # not Helvetica
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD), ("TOPPADDING", (0, 0), (-1, -1), PAD * 0.7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), PAD * 0.9),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.HexColor(self.c.primary))]
        if self.fills:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(self.c.primary)))
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, colors.HexColor(self.c.surface)]))
        else:
            commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(self.c.primary)))
            commands.append(("LINEBELOW", (0, 1), (-1, -2), 0.3, colors.HexColor(self.grid)))
        grid = Table(data, colWidths=col_widths, repeatRows=1, splitInRow=1, style=TableStyle(commands), hAlign="LEFT",
                     renderCB=TableTags(header_rows=1))  # tagged as Table, TR, TH and TD (pdf.tagging)
        grid.caption = table.caption or ""
        out: list[Flowable] = []
        if table.caption:
            out.append(self._caption(table.caption, table.source))
        return out + [grid, Spacer(1, self.size * 0.6)]

