"""A table on its own slides, drawn with python-pptx from its plan (slidexml/tables.py: the size,
the column widths, the rows of each slide, shared with the run sheet's count of the slides)."""

from __future__ import annotations

from pptx.util import Emu

from deckgen.content.model import Table
from deckgen.renderers.deck import exhibitxml
from deckgen.renderers.slidexml.layouts import Box
from deckgen.renderers.slidexml.tables import CELL_X, CELL_Y, TablePlan


def draw(slide, box: Box, plan: TablePlan, page: int, table: Table, write, colours: dict) -> None:
    """Adds the table's header and the rows of one page at box's top left; `write(text body, paras,
    align, bold, colour)` writes a cell's text as measured."""
    indices = plan.pages[page]
    rows = [plan.header] + [plan.rows[i] for i in indices]
    heights = [plan.heights[0]] + [plan.heights[i + 1] for i in indices]
    width = sum(plan.widths)
    frame = slide.shapes.add_table(len(rows), len(plan.widths), Emu(box.left), Emu(box.top), Emu(width),
                                   Emu(sum(heights)))
    frame.name = (table.caption or "Table")[:60]
    grid = frame.table
    exhibitxml.plain_table(frame, header=True)
    for i, w in enumerate(plan.widths):
        grid.columns[i].width = Emu(w)
    for r, (cells, h) in enumerate(zip(rows, heights)):
        grid.rows[r].height = Emu(h)
        fill = colours["header_fill"] if r == 0 else (colours["band"] if r % 2 == 0 else None)
        text = colours["header_text"] if r == 0 else colours["text"]
        for c, para in enumerate(cells):
            cell = grid.cell(r, c)
            exhibitxml.cell_format(cell._tc, CELL_X, CELL_Y, fill, rule=colours["rule"] if r == 0 else None)
            write(cell._tc.get_or_add_txBody(), [para], table.alignment(c), text)
