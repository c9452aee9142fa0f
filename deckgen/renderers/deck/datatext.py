"""A chart's and a table's data as text, for the speaker notes: what the slide shows, readable aloud.

Values are given as the document writes them ("0,6"); cells are separated by " | ".
"""

from __future__ import annotations

from deckgen.content import i18n
from deckgen.content.model import Chart, Document, Table
from deckgen.renderers.deck import notes


def chart_rows(chart: Chart) -> list[str]:
    """A header line (the categories' column and each series' name), then a line per category."""
    names = [s.name or chart.title for s in chart.series]
    head = " | ".join([""] + names) if not chart.round else ""
    lines = [head] if head else []
    for i, category in enumerate(chart.categories):
        lines.append(" | ".join([category] + [s.written[i] for s in chart.series]))
    return lines


def table_rows(columns: tuple[str, ...], rows) -> list[str]:
    return [" | ".join(columns)] + [" | ".join(row) for row in rows]


def _cited(doc: Document, source: int | None) -> str:
    return notes.sources_block(doc, [source]) if source is not None else ""


def chart_notes(doc: Document, chart: Chart) -> str:
    """The chart's title and unit, its data line by line, and its source."""
    head = chart.title + (f" ({chart.unit})" if chart.unit else "")
    data = i18n.t(doc.language, "data") + ":\n" + "\n".join(chart_rows(chart))
    return "\n\n".join(x for x in (head, data, _cited(doc, chart.source)) if x)


def table_notes(doc: Document, table: Table, rows=None) -> str:
    """The table's caption, its header and rows (`rows`: only those a slide shows), and its source."""
    lines = table_rows(table.columns, table.rows if rows is None else rows)
    data = i18n.t(doc.language, "data") + ":\n" + "\n".join(lines)
    return "\n\n".join(x for x in (table.caption or "", data, _cited(doc, table.source)) if x)
