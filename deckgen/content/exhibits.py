"""A section's charts and tables (`chart:`, `table:`): read, checked and turned into the model.

Each key holds one chart (table) or a list of them. Chart values are numbers written as
the document's language writes them ("0,6" in Dutch), read strictly (content/numbers.py);
table cells are plain text, kept as typed. Every mistake is reported at its line and column.
"""

from __future__ import annotations

from deckgen.content import numbers, textclean
from deckgen.content.model import ALIGNS, CHART_TYPES, Chart, Series, Table
from deckgen.content.schema import check_keys, expect, optional_str
from deckgen.content.strictyaml import YMap, YSeq, YStr

CHART_KEYS = ("type", "title", "unit", "categories", "series", "source", "alt")
SERIES_KEYS = ("name", "values")
TABLE_KEYS = ("caption", "columns", "rows", "align", "source")
MAX_CATEGORIES = 40  # more bars or slices than this cannot be read on a slide
MAX_SERIES = 8  # as many as distinguishable colours
MAX_COLUMNS = 12  # a table column narrower than a twelfth of a slide holds no word


def _items(parent: YMap, key: str, what: str, diags) -> list[tuple[YMap, str]]:
    """The maps under `key`: one, or a list of them, each with how messages name it."""
    node = parent[key]
    if isinstance(node, YSeq):
        out = []
        for i, item in enumerate(node, 1):
            name = f"{key} {i} of {what}" if len(node) > 1 else f"the {key} of {what}"
            if expect(item, YMap, name, diags, node.loc):
                out.append((item, name))
        if not node:
            diags.error(parent.key_locs[key], f"'{key}' in {what} is empty", f"add a {key}, or remove '{key}'")
        return out
    if expect(node, YMap, f"'{key}' in {what}", diags, parent.key_locs[key]):
        return [(node, f"the {key} of {what}")]
    return []


def _cell(loader, node, what: str, fallback) -> str | None:
    """A plain-text value on one line (a cell, a category, a name), cleaned; None when not text."""
    if not isinstance(node, YStr):
        expect(node, YStr, what, loader.diags, fallback)
        return None
    return " ".join(textclean.clean(str(node), node.location_at, loader.diags).split())


def _texts(loader, parent: YMap, key: str, what: str) -> list[tuple[str, YStr]] | None:
    """A list of one-line texts (`categories`, `columns`, a row) with their nodes."""
    if key not in parent:
        return None
    seq = expect(parent[key], YSeq, f"'{key}' in {what}", loader.diags, parent.key_locs[key])
    if seq is None:
        return None
    out = []
    for node in seq:
        text = _cell(loader, node, f"an item of '{key}' in {what}", seq.loc)
        if text is not None:
            out.append((text, node))
    return out


def _source(loader, node: YMap, what: str) -> int | None:
    source = optional_str(node, "source", what, loader.diags)
    return loader.resolve(str(source), source) if source is not None else None


def charts(loader, section: YMap, what: str) -> tuple[Chart, ...]:
    return _each(loader, section, "chart", what, chart)


def tables(loader, section: YMap, what: str) -> tuple[Table, ...]:
    return _each(loader, section, "table", what, table)


def _each(loader, section: YMap, key: str, what: str, read) -> tuple:
    """Each chart (table) under `key` read by `read`, those without mistakes."""
    if key not in section:
        return ()
    return tuple(x for node, name in _items(section, key, what, loader.diags) if (x := read(loader, node, name)))


def chart(loader, node: YMap, what: str) -> Chart | None:
    d = loader.diags
    check_keys(node, CHART_KEYS, ("type", "title", "categories", "series"), what, d)
    kind = optional_str(node, "type", what, d)
    if kind is not None and str(kind).strip() not in CHART_TYPES:
        d.error(kind.loc, f"unknown chart type '{kind}' in {what}", "use one of " + ", ".join(CHART_TYPES))
        kind = None
    title = loader.line(node, "title", what)
    if title is not None and not title:
        d.error(node["title"].loc, f"the title of {what} is empty", "say what the chart shows")
    unit = loader.line(node, "unit", what) or None
    alt = loader.line(node, "alt", what) or ""
    categories = _texts(loader, node, "categories", what)
    if categories is not None and not categories:
        d.error(node["categories"].loc, f"'categories' in {what} is empty", "name what the values are of")
    if categories is not None and len(categories) > MAX_CATEGORIES:
        d.error(node["categories"].loc, f"{what} has {len(categories)} categories; at most {MAX_CATEGORIES} "
                "can be read on a slide", "group the smallest into one, or show the numbers as a table")
    series: list[Series] = []
    places = 0
    seq = expect(node["series"], YSeq, f"'series' in {what}", d, node.key_locs["series"]) if "series" in node \
        else None
    for j, item in enumerate(seq or (), 1):
        swhat = f"series {j} of {what}"
        if not expect(item, YMap, swhat, d, seq.loc):
            continue
        check_keys(item, SERIES_KEYS, ("values",), swhat, d)
        name = loader.line(item, "name", swhat) or ""
        written = _texts(loader, item, "values", swhat)
        if written is None:
            continue
        values, shown = [], []
        for text, vnode in written:
            try:
                value, n = numbers.parse(text, loader.language)
            except numbers.NotANumber as exc:
                d.error(vnode.loc, f"'{text}' in {swhat} is not a number", exc.hint)
                continue
            if kind in ("pie", "doughnut") and value < 0:
                d.error(vnode.loc, f"a {kind} chart cannot show the negative value '{text}' ({swhat})",
                        "use a bar or column chart for values below zero")
            values.append(value)
            shown.append(text)
            places = max(places, n)
        if categories is not None and len(written) != len(categories):
            d.error(item["values"].loc, f"{swhat} has {len(written)} value{'s' * (len(written) != 1)} for "
                    f"{len(categories)} categories", "give one value per category, in the same order")
            continue
        if len(values) == len(written):
            series.append(Series(name, tuple(values), tuple(shown)))
    if seq is not None:
        if not seq:
            d.error(seq.loc, f"'series' in {what} is empty", "add a series with a name and values")
        elif kind in ("pie", "doughnut") and len(seq) > 1:
            d.error(seq[1].loc if hasattr(seq[1], "loc") else seq.loc,
                    f"a {kind} chart shows one series; {what} has {len(seq)}",
                    "use a column or bar chart to compare series, or make one pie per series")
        elif len(seq) > MAX_SERIES:
            d.error(seq.loc, f"{what} has {len(seq)} series; at most {MAX_SERIES} can be told apart",
                    "split it into two charts")
    if kind in ("pie", "doughnut") and series and not any(series[0].values):
        d.error(node["series"].loc, f"every value of {what} is zero", f"a {kind} chart needs a slice to show")
    source = _source(loader, node, what)
    if kind is None or not title or not categories or not series or (seq is not None and len(series) != len(seq)):
        return None
    cats = tuple(c for c, _ in categories)
    made = Chart(str(kind).strip(), title, cats, tuple(series), unit, source, alt, places, node.loc)
    return made if alt else Chart(made.type, title, cats, made.series, unit, source, describe(made), places,
                                  node.loc)


def describe(chart: Chart) -> str:
    """Alt text made from the data: the title, the unit, then each series' values by category."""
    head = chart.title + (f" ({chart.unit})" if chart.unit else "")
    parts = []
    for s in chart.series:
        values = ", ".join(f"{c} {w}" for c, w in zip(chart.categories, s.written))
        parts.append(f"{s.name}: {values}" if s.name else values)
    return head + ". " + "; ".join(parts) + "."


def table(loader, node: YMap, what: str) -> Table | None:
    d = loader.diags
    check_keys(node, TABLE_KEYS, ("columns", "rows"), what, d)
    caption = loader.line(node, "caption", what) or None
    columns = _texts(loader, node, "columns", what)
    if columns is not None and not columns:
        d.error(node["columns"].loc, f"'columns' in {what} is empty", "name each column")
        columns = None
    if columns is not None and len(columns) > MAX_COLUMNS:
        d.error(node["columns"].loc, f"{what} has {len(columns)} columns; at most {MAX_COLUMNS} fit on a slide",
                "split it into two tables")
        columns = None
    width = len(columns) if columns else None
    rows: list[tuple[str, ...]] = []
    ok = True
    seq = expect(node["rows"], YSeq, f"'rows' in {what}", d, node.key_locs["rows"]) if "rows" in node else None
    for i, row in enumerate(seq or (), 1):
        rwhat = f"row {i} of {what}"
        if not expect(row, YSeq, rwhat, d, seq.loc):
            ok = False
            continue
        cells = [_cell(loader, c, f"a cell of {rwhat}", row.loc) for c in row]
        if any(c is None for c in cells):
            ok = False
            continue
        if width is not None and len(cells) != width:
            few = len(cells) < width
            d.error(row.loc, f"{rwhat} has {len(cells)} cell{'s' * (len(cells) != 1)} for {width} columns",
                    ("add the missing cells (an empty one is \"\")" if few else "remove a cell, or add a column")
                    + f"; columns: {', '.join(c for c, _ in columns)}")
            ok = False
            continue
        rows.append(tuple(cells))
    if seq is not None and not seq:
        d.error(seq.loc, f"'rows' in {what} is empty", "add rows, each a list of cells: - [\"…\", \"…\"]")
    align = _texts(loader, node, "align", what)
    aligned: tuple[str, ...] = ()
    if align is not None:
        for text, anode in align:
            if text not in ALIGNS:
                d.error(anode.loc, f"unknown alignment '{text}' in {what}", "use left, center or right")
                ok = False
        if width is not None and len(align) != width:
            d.error(node["align"].loc, f"'align' in {what} has {len(align)} items for {width} columns",
                    "give one alignment per column")
            ok = False
        aligned = tuple(t for t, _ in align)
    source = _source(loader, node, what)
    if not columns or not rows or not ok:
        return None
    return Table(tuple(c for c, _ in columns), tuple(rows), caption, aligned, source, node.loc)
