"""A table on its own slides: a native PowerPoint table, measured like every other text.

Column widths come from the content (never narrower than a column's longest word, never
wider than its longest cell on one line, the rest shared out as a browser lays out an
automatic table); every cell is measured with the font the slide draws it in and written
with fixed line spacing, so each row is exactly as tall as planned. One size for the
whole table, from the theme's body size down to TABLE_MIN; rows that do not fit continue
on the next slide under the header row again, titled "… (vervolg)". A row taller than a
whole slide has its longest cells cut (with a warning; the notes keep every cell).

The plan (size, widths, heights, the rows of each slide) is pure measuring, here where the run
sheet counts a table's slides with it too; deck/tables.py draws it with python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass

from deckgen.content import i18n
from deckgen.content.model import Document, Table
from deckgen.renderers.slidexml.geometry import inner_size
from deckgen.renderers.slidexml.layouts import Box
from deckgen.text.fit import HEIGHT_MARGIN, Para, Run, TextStyle, count_lines, share_widths, truncate, widths
from deckgen.text.runs import plain

TABLE_MIN = 12.0  # pt: the smallest table text, for the back of a room at a pinch
CELL_X = 91440  # EMU: a cell's left and right margin (PowerPoint's default, 0.1 in)
CELL_Y = 45720  # EMU: top and bottom margin (0.05 in)
EMU_PT = 12700


@dataclass(frozen=True)
class TablePlan:
    size: float
    widths: tuple[int, ...]  # EMU, per column
    header: tuple[Para, ...]
    rows: tuple[tuple[Para, ...], ...]  # as drawn (a cell too tall for any slide cut short)
    heights: tuple[int, ...]  # EMU: the header's, then each row's
    pages: tuple[tuple[int, ...], ...]  # the rows (indices) on each slide
    cut: int = 0  # cells cut short


def _paras(table: Table) -> tuple[tuple[Para, ...], tuple[tuple[Para, ...], ...]]:
    header = tuple(Para((Run(c, bold=True),)) for c in table.columns)
    return header, tuple(tuple(Para((Run(c),)) for c in row) for row in table.rows)


def column_widths(columns: list[list[Para]], style: TextStyle, size: float, total: float) -> list[float]:
    """Widths in pt of the columns' text (margins excluded), summing to `total`."""
    lows, highs = [], []
    for cells in columns:
        measured = [widths(p, style, size) for p in cells]
        lows.append(max((w for w, _ in measured), default=0.0) + 1.0)
        highs.append(max((w for _, w in measured), default=0.0) + 1.0)
    return share_widths(lows, highs, total, floor=size * 1.5)


def _row_height(cells: tuple[Para, ...], style: TextStyle, size: float, text_widths: list[float]) -> float:
    lines = max(count_lines(p, style, size, w) for p, w in zip(cells, text_widths))
    return lines * style.line_height(size) / HEIGHT_MARGIN + 2 * CELL_Y / EMU_PT + 1.0


def plan_table(table: Table, style: TextStyle, width: int, height: int, preferred: float,
               minimum: float = TABLE_MIN) -> TablePlan:
    """Size, column widths, row heights and the rows of each slide, for a box width × height EMU."""
    header, rows = _paras(table)
    columns = [[header[i]] + [r[i] for r in rows] for i in range(len(header))]
    text_total = width / EMU_PT - len(header) * 2 * CELL_X / EMU_PT
    limit = height / EMU_PT
    size = float(preferred)
    minimum = min(minimum, preferred)

    def layout(size: float) -> tuple[list[float], list[float], bool]:
        text_widths = column_widths(columns, style, size, max(text_total, len(header) * 4.0))
        heights = [_row_height(r, style, size, text_widths) for r in (header, *rows)]
        breaks = any(count_lines(p, style, size, w) > 1 and widths(p, style, size)[0] > w
                     for col, w in zip(columns, text_widths) for p in col)
        return text_widths, heights, breaks

    while True:
        text_widths, heights, breaks = layout(size)
        if sum(heights) <= limit and not breaks:
            break
        if size - 1 < minimum:  # continue over slides at the smallest size
            break
        size -= 1
    if sum(heights) > limit and max(heights) <= limit / 2:  # continuing anyway: the largest size that
        slides = len(_paginate(heights[1:], limit - heights[0]))  # needs no more slides than the smallest
        for larger in range(int(preferred), int(size), -1):
            tw, hs, br = layout(float(larger))
            if not br and max(hs) <= limit / 2 and len(_paginate(hs[1:], limit - hs[0])) <= slides:
                size, text_widths, heights = float(larger), tw, hs
                break
    cut = 0
    if heights[0] > limit / 2:  # a header taller than half the box: its cells cut to half
        header, n = _cut_row(header, style, size, text_widths, limit / 2)
        cut += n
        heights[0] = _row_height(header, style, size, text_widths)
    room = limit - heights[0]
    drawn = list(rows)
    for i, row in enumerate(rows):
        if heights[i + 1] > room:
            drawn[i], n = _cut_row(row, style, size, text_widths, room)
            cut += n
            heights[i + 1] = _row_height(drawn[i], style, size, text_widths)
    pages = _paginate(heights[1:], room)
    col_emu = [int(round((w * EMU_PT) + 2 * CELL_X)) for w in text_widths]
    return TablePlan(size, tuple(col_emu), header, tuple(drawn), tuple(int(h * EMU_PT) for h in heights),
                     tuple(tuple(p) for p in pages), cut)


def _greedy(heights: list[float], limit: float) -> list[list[int]]:
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, h in enumerate(heights):
        if pages[-1] and used + h > limit:
            pages.append([])
            used = 0.0
        pages[-1].append(i)
        used += h
    return pages


def _paginate(heights: list[float], room: float) -> list[list[int]]:
    """The rows of each slide: as few slides as filling each would need, the rows shared evenly
    among them (24 rows over three slides: 8, 8, 8, not 11, 11, 2)."""
    pages = _greedy(heights, room)
    if len(pages) < 2:
        return pages
    limit = max(sum(heights) / len(pages), max(heights))
    while limit < room:
        even = _greedy(heights, limit)
        if len(even) <= len(pages):
            return even
        limit = min(room, limit * 1.02 + 1)
    return pages


def _cut_row(cells: tuple[Para, ...], style: TextStyle, size: float, text_widths: list[float], room: float
             ) -> tuple[tuple[Para, ...], int]:
    text_height = (room - 2 * CELL_Y / EMU_PT - 1.0) * HEIGHT_MARGIN
    out, n = [], 0
    for p, w in zip(cells, text_widths):
        if count_lines(p, style, size, w) * style.line_height(size) > text_height:
            out.append(truncate(p, style, w, text_height, size))
            n += 1
        else:
            out.append(p)
    return tuple(out), n


def source_line(doc: Document, source: int | None, region: Box, style: TextStyle, body_min: float
                ) -> tuple[Box, tuple | None]:
    """Room for "Bron: …" under a chart or table (small, muted, one or two lines, cut with "…"
    if longer: the notes hold it whole): (the region left above it, (box, paragraph, size, style))."""
    if source is None:
        return region, None
    src = doc.source(source)
    text = f"{i18n.t(doc.language, 'source')}: {src.text.plain.replace(chr(10), ' ')}"
    size = min(14.0, body_min * 0.7)
    para = plain(text)
    lines = min(count_lines(para, style, size, inner_size(region)[0]), 2)
    height = int((style.line_height(size) * lines / 0.95 + 8) * EMU_PT)
    box = Box(region.left, region.top + region.height - height, region.width, height)
    width, room = inner_size(box)
    if count_lines(para, style, size, width) > lines:
        para = truncate(para, style, width, room, size)
    return Box(region.left, region.top, region.width, region.height - height), (box, para, size, style)


def table_minimum(body_min: float) -> float:
    """The smallest size a table is set in: the theme's body minimum × 0.8, at least TABLE_MIN."""
    return max(TABLE_MIN, round(body_min * 0.8))
