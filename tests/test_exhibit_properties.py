"""Property tests for charts and tables (Hypothesis, derandomized, bounded; about 30 s).

(1) Any table, however many columns and rows and however long or odd its cells, is planned
for a slide with no overflow: every page's header and rows fit the box, the columns fit its
width, every row appears once and in order, and a cell is cut only when its row alone is
taller than a slide. (2) Any table and any chart, written as a content file the way a user
would (numbers written in the document's language), loads, and builds a deck and a handout
without a crash: the deck's table cells and chart values are the ones written, and the
handout prints every cell. (3) A deck of random tables and charts passes LibreOffice's fit
check (render-marked).
"""

from __future__ import annotations

import io
import random
from collections import Counter
import warnings
from pathlib import Path

import pdfplumber
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from deckgen.content import load as content
from deckgen.content.model import Table
from deckgen.content.numbers import format_number
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.slidexml.tables import plan_table
from deckgen.text.fit import TextStyle
from deckgen.text.sysfonts import find_family
from deckgen.theming.load import load as load_theme

with warnings.catch_warnings():  # Hypothesis reports a failure through libcst, whose first import warns
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # pragma: no cover - an older Hypothesis, or libcst missing: nothing to pre-import
        pass

WORDS = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x24F, exclude_characters="\\",
                                       exclude_categories=("Cc",)),
                min_size=1, max_size=30)
CELL = st.one_of(st.just(""), st.lists(WORDS, min_size=1, max_size=12).map(" ".join),
                 st.text(alphabet="x", min_size=40, max_size=120))  # a word wider than any column
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tables(draw, max_rows: int = 40):
    n = draw(st.integers(1, 12))
    columns = draw(st.lists(CELL, min_size=n, max_size=n))
    rows = draw(st.lists(st.lists(CELL, min_size=n, max_size=n).map(tuple), min_size=1, max_size=max_rows))
    return Table(tuple(columns), tuple(rows))


STYLE = TextStyle(find_family("Calibri", ()), space_before=0)


@SETTINGS
@given(tables(), st.integers(3_000_000, 11_000_000), st.integers(1_500_000, 5_000_000))
def test_any_table_is_planned_without_overflow(table, width, height):
    plan = plan_table(table, STYLE, width, height, 28, 14)
    assert 12 <= plan.size <= 28
    assert sum(plan.widths) <= width + len(plan.widths)  # rounding: at most an EMU a column
    assert [i for page in plan.pages for i in page] == list(range(len(table.rows)))
    for page in plan.pages:
        assert plan.heights[0] + sum(plan.heights[i + 1] for i in page) <= height + 1, (plan.size, page)
    uncut = sum(1 for row, drawn in zip(table.rows, plan.rows) for a, b in zip(row, drawn) if a == b.text)
    assert uncut + plan.cut >= len(table.rows) * len(table.columns) - sum(  # the header may be cut too
        1 for a, b in zip(table.columns, plan.header) if a != b.text)


LANGUAGES = ("nl", "en", "de", "fr")


@st.composite
def charts(draw):
    kind = draw(st.sampled_from(("bar", "column", "line", "pie", "doughnut")))
    n_cat = draw(st.integers(1, 12))
    n_ser = 1 if kind in ("pie", "doughnut") else draw(st.integers(1, 5))
    categories = draw(st.lists(st.lists(WORDS, min_size=1, max_size=5).map(" ".join), min_size=n_cat,
                               max_size=n_cat))
    low = 0 if kind in ("pie", "doughnut") else -1e6
    series = []
    for _ in range(n_ser):
        values = draw(st.lists(st.floats(low, 1e6, allow_nan=False), min_size=n_cat, max_size=n_cat))
        decimals = draw(st.integers(0, 3))
        if kind in ("pie", "doughnut") and not any(round(v, decimals) for v in values):
            values[0] = 1.0  # a pie of nothing is refused (tested in tests/content)
        series.append((draw(st.lists(WORDS, min_size=0, max_size=3).map(" ".join)), values, decimals))
    return kind, categories, series


def _document(tmp: Path, language: str, chart, table: Table) -> Path:
    kind, categories, series = chart
    chart_value = {"type": kind, "title": "Chart", "categories": categories, "series": [
        {**({"name": name} if name else {}), "values": [format_number(v, language, d).replace("\u2212", "-")
                                                         for v in values]}
        for name, values, d in series]}
    table_value = {"caption": "Table", "columns": list(table.columns), "rows": [list(r) for r in table.rows]}
    doc = {"title": "Properties", "language": language, "sections": [
        {"heading": "Data", "text": "Text.", "chart": chart_value, "table": table_value}]}
    path = tmp / "doc.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, default_style='"'), encoding="utf-8")
    return path


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))  # no shrinking: each example builds two outputs
@given(charts(), tables(max_rows=8), st.sampled_from(LANGUAGES))
def test_any_chart_and_table_build_with_every_value_and_cell(tmp_path_factory, chart, table, language):
    tmp = tmp_path_factory.mktemp("prop")
    path = _document(tmp, language, chart, table)
    doc, _ = content.load(path)
    loaded = doc.sections[0].charts[0]
    for (_, values, decimals), s in zip(chart[2], loaded.series):
        # written with `decimals` places (0.165 may be written 0,16 or 0,17: half-even or not, and binary floats),
        # so what is read back lies within half a unit of that place of the value drawn
        assert s.values == pytest.approx(values, rel=1e-9, abs=0.5 * 10 ** -decimals + 1e-9)
    theme, _ = load_theme("default")
    deck = get("deck").render(doc, theme, RenderOptions()).data
    prs = Presentation(io.BytesIO(deck))
    frames = [s for slide in prs.slides for s in slide.shapes]
    plotted = [list(s.values) for f in frames if f.has_chart for s in f.chart.plots[0].series]
    assert plotted == [list(s.values) for s in loaded.series]
    rows = [tuple(f.table.cell(r, c).text for c in range(len(f.table.columns)))
            for f in frames if f.has_table for r in range(1, len(f.table.rows))]
    written = doc.sections[0].tables[0]  # as loaded: a character no file may hold is dropped, with a warning
    assert len(rows) == len(written.rows)  # cut cells end in "…", but every row is there, once
    handout = get("handout").render(doc, theme, RenderOptions()).data
    with pdfplumber.open(io.BytesIO(handout)) as pdf:
        printed = Counter(c["text"] for page in pdf.pages for c in page.chars if c["text"].strip())
    wanted = Counter(ch for row in written.rows + (written.columns,) for cell in row for ch in cell
                     if ch.strip() and ch != "\u00ad")
    assert not wanted - printed  # every character of every cell printed (cells wrap, so not as one string)


@pytest.mark.render
def test_random_tables_and_charts_pass_the_libreoffice_fit_check(tmp_path):
    from renderers import lo

    rng = random.Random(24)
    words = ["Iran", "3,8 miljoen", "ontwikkelingssamenwerkingsorganisaties", "4,3 %", "x", "Democratische",
             "Republiek", "Congo", "—", "2024", "een", "heel", "lange", "celtekst", "die", "afbreekt"]

    def cell():
        return " ".join(rng.choice(words) for _ in range(rng.choice((0, 1, 1, 2, 3, 8, 25))))

    sections = []
    for i in range(6):
        n = rng.randint(1, 9)
        table = {"columns": [cell() or "k" for _ in range(n)], "rows": [[cell() for _ in range(n)]
                                                                     for _ in range(rng.randint(1, 30))]}
        cats = [cell() or "c" for _ in range(rng.randint(1, 10))]
        kind = rng.choice(("bar", "column", "line", "pie", "doughnut"))
        series = [{"name": cell() or "s", "values": [f"{rng.uniform(0, 900):.{rng.randint(0, 2)}f}".replace(".", ",")
                                                     for _ in cats]}
                  for _ in range(1 if kind in ("pie", "doughnut") else rng.randint(1, 4))]
        sections.append({"heading": f"Deel {i + 1}", "text": "Tekst.", "table": table,
                         "chart": {"type": kind, "title": cell() or "Grafiek", "categories": cats, "series": series}})
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump({"title": "Willekeurig", "language": "nl", "sections": sections},
                                   allow_unicode=True, default_style='"'), encoding="utf-8")
    doc, _ = content.load(path)
    decks = []
    for theme_name in ("default", "projector"):
        theme, _ = load_theme(theme_name)
        decks.append(tmp_path / f"random-{theme_name}.pptx")
        decks[-1].write_bytes(get("deck").render(doc, theme, RenderOptions()).data)
    for deck, pdf in zip(decks, lo.to_pdf(decks, tmp_path / "pdf")):
        assert lo.overflows(deck, pdf) == [], deck.name
