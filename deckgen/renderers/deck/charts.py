"""A chart on its own slide: a native PowerPoint chart, its data in the embedded workbook.

A trainer edits the numbers in PowerPoint ("Edit Data"); the values are numbers (0.6), and
the number format shows as many decimals as the document wrote. Series and slices take the
theme's or template's accents, each at least 3:1 against the slide's background; text
(axes, legend, data labels) is in the body font and a readable text colour, at one size
measured so the longest category, series name and value fit their room.
"""

from __future__ import annotations

import datetime as _dt
import locale
from contextlib import contextmanager
from dataclasses import dataclass

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.util import Emu, Pt

from deckgen.content import numbers
from deckgen.content.model import Chart
from deckgen.renderers.deck import exhibitxml
from deckgen.renderers.slidexml.layouts import Box
from deckgen.text.fit import Para, Run, TextStyle, count_lines, widths
from deckgen.theming.contrast import ratio

CHART_MIN = 10.0  # pt: axis and legend text never smaller
CHART_MAX = 20.0  # pt: nor larger (the data, not the labels, are the picture)
LABELS_UP_TO = 16  # data labels on bars when a chart has at most this many bars (more: the axis reads them)
LINE_LABELS_UP_TO = 12  # … on a line chart's points
TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
         "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE, "doughnut": XL_CHART_TYPE.DOUGHNUT}
FIXED_DATE = _dt.datetime(2000, 1, 1)
_LCIDS = {name: lcid for lcid, name in sorted(locale.windows_locale.items(), reverse=True)}


class _Workbook(CategoryWorkbookWriter):
    """The embedded workbook, dated like every other part (same input, same bytes)."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        from xlsxwriter import Workbook

        workbook = Workbook(xlsx_file, {"in_memory": True})
        workbook.set_properties({"created": FIXED_DATE})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _Data(CategoryChartData):
    @property
    def _workbook_writer(self):
        return _Workbook(self)


def number_format(decimals: int, unit: str | None = None, culture: str = "") -> str:
    """Excel's format for the values: digit groups, the decimals written, a short unit after them,
    tagged with the document's language ([$-413]: Dutch), so "0,6" shows as "0,6" whatever the
    language of the computer that opens the deck."""
    lcid = _LCIDS.get(culture.replace("-", "_"))
    fmt = (f"[$-{lcid:X}]" if lcid else "") + "#,##0" + ("." + "0" * decimals if decimals else "")
    if unit and len(unit) <= 4:
        fmt += '" ' + unit.replace('"', "") + '"'
    return fmt


@dataclass(frozen=True)
class ChartText:
    size: float
    labels: bool  # data labels on the bars, points or slices
    legend: str | None  # None, "bottom" or "right"
    named: bool = False  # the slices' labels name their category (no legend)


def _para(text: str) -> Para:
    return Para((Run(text),))


def plan_text(chart: Chart, style: TextStyle, box: Box, preferred: float, named: bool = False) -> ChartText:
    """The one size of the chart's text, whether it shows data labels and where its legend goes:
    measured so the longest category, series name and value fit the room each has. `named`: a
    pie whose colours repeat names each slice in its label, and has no legend."""
    w, h = box.width / 12700, box.height / 12700
    n_ser = len(chart.series)
    cats = [_para(c) for c in chart.categories]
    names = [_para(s.name) for s in chart.series if s.name]
    shown = [_para(x) for s in chart.series for x in s.written]
    legend = None
    if chart.round and not named:
        legend = "right" if max(widths(c, style, CHART_MIN)[1] for c in cats) < w * 0.3 else "bottom"
    elif n_ser > 1:
        legend = "bottom"
    size = min(preferred, CHART_MAX)
    while size > CHART_MIN:
        if _fits(chart, style, size, w, h, cats, names, shown, legend):
            break
        size -= 1
    size = max(size, CHART_MIN)
    labels = _labels_fit(chart, style, size, w, h, shown)
    return ChartText(size, labels, legend, named)


def _fits(chart, style, size, w, h, cats, names, shown, legend) -> bool:
    line = style.line_height(size)
    n_cat = len(cats)
    if legend == "bottom":  # every entry on one row or two: its name and a key of one em
        entries = names if not chart.round else cats
        total = sum(widths(p, style, size)[1] + 2.5 * size for p in entries)
        if total > w * 0.9 * 2 or any(widths(p, style, size)[1] > w * 0.8 for p in entries):
            return False
    if legend == "right":
        if any(count_lines(c, style, size, w * 0.3) > 1 for c in cats) or n_cat * line * 1.3 > h * 0.9:
            return False
    if chart.round:
        return True
    if chart.type == "bar":  # categories down the left: at most a third of the width, two lines each
        slot = h * 0.8 / n_cat
        return all(count_lines(c, style, size, w * 0.3) <= max(1, min(2, int(slot // line))) for c in cats)
    slot = w * 0.85 / n_cat  # column and line: categories along the bottom, two lines at most
    return all(count_lines(c, style, size, slot * 0.9) <= 2 and widths(c, style, size)[0] <= slot * 0.9
               for c in cats)


def _labels_fit(chart, style, size, w, h, shown) -> bool:
    n_cat, n_ser = len(chart.categories), len(chart.series)
    widest = max(widths(p, style, size)[1] for p in shown)
    if chart.round:
        return True
    if chart.type == "line":
        return n_cat * n_ser <= LINE_LABELS_UP_TO and widest <= w * 0.85 / n_cat
    if n_cat * n_ser > LABELS_UP_TO:
        return False
    if chart.type == "bar":
        return style.line_height(size) <= h * 0.8 / (n_cat * n_ser)
    return widest <= w * 0.85 / (n_cat * n_ser) * 0.95


def add(slide, box: Box, chart: Chart, text: ChartText, colours: list[str], ink: str, grid: str,
        background: str, font: str, culture: str, language: str):
    """Adds the native chart in box; returns its graphic frame."""
    data = _Data(number_format=number_format(chart.decimals, culture=culture))
    data.categories = list(chart.categories)
    for s in chart.series:
        data.add_series(s.name or chart.title, list(s.values))
    frame = slide.shapes.add_chart(TYPES[chart.type], Emu(box.left), Emu(box.top), Emu(box.width),
                                   Emu(box.height), data)
    frame.name = chart.title[:60]
    c = frame.chart
    exhibitxml.chart_language(c._chartSpace, culture)
    exhibitxml.positive_axis_ids(c._chartSpace)
    c.has_title = False  # the slide's title names it
    c.font.size = Pt(text.size)
    c.font.name = font
    c.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))
    c.has_legend = text.legend is not None
    if text.legend:
        c.legend.position = XL_LEGEND_POSITION.RIGHT if text.legend == "right" else XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
        c.legend.font.size = Pt(text.size)
    plot = c.plots[0]
    if chart.round:
        points = plot.series[0].points
        for i in range(len(chart.categories)):
            fill = points[i].format.fill
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(colours[i].lstrip("#"))
        exhibitxml.pie_borders(c._chartSpace, background)
    else:
        if chart.type != "line":
            plot.gap_width = 60
            plot.overlap = 0 if len(chart.series) == 1 else -10
        plot.vary_by_categories = False
        for s, colour in zip(plot.series, colours):
            rgb = RGBColor.from_string(colour.lstrip("#"))
            if chart.type == "line":
                s.format.line.color.rgb = rgb
                s.format.line.width = Pt(3)
                s.smooth = False
                s.marker.style = XL_MARKER_STYLE.CIRCLE
                s.marker.size = 8
                s.marker.format.fill.solid()
                s.marker.format.fill.fore_color.rgb = rgb
                s.marker.format.line.color.rgb = rgb
            else:
                s.format.fill.solid()
                s.format.fill.fore_color.rgb = rgb
        value = c.value_axis
        value.has_major_gridlines = True
        value.major_gridlines.format.line.color.rgb = RGBColor.from_string(grid.lstrip("#"))
        value.major_gridlines.format.line.width = Pt(0.75)
        value.format.line.fill.background()
        value.tick_labels.font.size = Pt(text.size)
        large = max(abs(v) for v in chart.values) >= 10
        value.tick_labels.number_format = number_format(0 if large else chart.decimals, culture=culture)
        value.tick_labels.number_format_is_linked = False
        if min(chart.values) >= 0:
            value.minimum_scale = 0
        if chart.unit:
            value.has_title = True
            value.axis_title.text_frame.text = chart.unit
            run = value.axis_title.text_frame.paragraphs[0].runs[0]
            run.font.size = Pt(text.size)
            run.font.bold = False
            run.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))
        category = c.category_axis
        category.tick_labels.font.size = Pt(text.size)
        category.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # left of (under) the plot, past negative bars
        if chart.type == "bar":  # the first category on top, as it is read; the value axis at the bottom
            category.reverse_order = True
            category.crosses = XL_AXIS_CROSSES.MAXIMUM
        category.format.line.color.rgb = RGBColor.from_string(grid.lstrip("#"))
        category.has_major_gridlines = False
    if text.labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = number_format(chart.decimals, chart.unit if chart.round else None, culture)
        labels.number_format_is_linked = False
        labels.font.size = Pt(text.size)
        labels.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))
        labels.show_value = True
        labels.show_category_name = text.named
        labels.position = (XL_LABEL_POSITION.ABOVE if chart.type == "line" else
                           XL_LABEL_POSITION.OUTSIDE_END if chart.type in ("bar", "column", "pie") else
                           XL_LABEL_POSITION.CENTER)
        if chart.type == "doughnut":  # labels sit on the slices: black or white, whichever reads on each
            for i, colour in enumerate(colours[:len(chart.categories)]):
                font = plot.series[0].points[i].data_label.font
                font.size = Pt(text.size)
                font.color.rgb = RGBColor.from_string(max(("000000", "FFFFFF"), key=lambda x: ratio("#" + x, colour)))
        else:  # every value with the decimals it is written with ("1.300" and "320,5" in one series)
            for s, written in zip(plot.series, chart.series):
                own = s.data_labels  # a series' labels (LibreOffice draws none where a series has only some)
                own.number_format = labels.number_format
                own.number_format_is_linked = False
                own.font.size = Pt(text.size)
                own.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))
                own.show_value = True
                own.show_category_name = text.named
                own.position = labels.position
                for i, w in enumerate(written.written):
                    places = numbers.parse(w, language)[1]
                    if places != chart.decimals:
                        label = s.points[i].data_label
                        label.font.size = Pt(text.size)
                        label.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))
                        label.position = labels.position
                        exhibitxml.label_format(label._get_or_add_dLbl(), number_format(
                            places, chart.unit if chart.round else None, culture))
    return frame
