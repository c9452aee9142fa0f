"""Charts and tables in the deck: native charts whose workbook holds the numbers, native tables
whose header row repeats on every continuation slide, checked in the .pptx itself, against the
schemas, and drawn by LibreOffice inside their frames and cells in every theme and template."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import DATA
from pptx import Presentation
from renderers import lo

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import available
from deckgen.theming.load import load as load_theme

CHARTS = DATA / "charts.yaml"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "templates"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/templates")
SHARED_CASES = [n for n in ("python-pptx-default.pptx", "jmablog-dark-mode.pptx", "besser-list.potx")
                if (SHARED / n).is_file()]


def _deck(theme: str = "default", template: Path | None = None) -> bytes:
    doc, _ = load(CHARTS)
    theme_obj, _ = load_theme(theme)
    return get("deck").render(doc, theme_obj, RenderOptions(template=template)).data


@pytest.fixture(scope="module")
def deck():
    data = _deck()
    return data, Presentation(io.BytesIO(data))


def _charts(prs):
    return [(n, s) for n, slide in enumerate(prs.slides, 1) for s in slide.shapes if s.has_chart]


def _tables(prs):
    return [(n, s) for n, slide in enumerate(prs.slides, 1) for s in slide.shapes if s.has_table]


def test_charts_are_native_with_their_values_as_numbers(deck):
    data, prs = deck
    charts = _charts(prs)
    assert len(charts) == 5
    column = charts[0][1].chart
    assert [s.name for s in column.plots[0].series] == ["Asielopvang", "Overige migratie"]
    assert list(column.plots[0].series[0].values) == [0.6, 0.9, 1.1, 1.3]
    assert list(column.plots[0].categories) == ["2021", "2022", "2023", "2024"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        chart_xml = z.read(next(n for n in names if n.startswith("ppt/charts/chart"))).decode()
        books = [n for n in names if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]
        assert len(books) == 5  # each chart's data, editable in PowerPoint
        with zipfile.ZipFile(io.BytesIO(z.read(books[0]))) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<c:v>0.6</c:v>" in chart_xml and "0,6" not in chart_xml
    assert "<v>0.6</v>" in sheet  # a number in the workbook, not the text "0,6"
    assert '[$-413]#,##0.0' in chart_xml  # shown with the Dutch decimal comma, as written
    bar = charts[3][1].chart
    assert list(bar.plots[0].series[0].values) == [1300.0, 450.0, 320.5, -20.0]  # "1.300" is 1300 in Dutch


def test_a_chart_has_alt_text_and_its_data_in_the_notes(deck):
    _, prs = deck
    n, frame = _charts(prs)[0]
    descr = frame._element.xpath("./p:nvGraphicFramePr/p:cNvPr")[0].get("descr")
    assert "Asielopvang: 2021 0,6, 2022 0,9" in descr
    notes = prs.slides[n - 1].notes_slide.notes_text_frame.text
    assert "2021 | 0,6 | 0,2" in notes and "miljard euro" in notes
    pie_notes = prs.slides[_charts(prs)[1][0] - 1].notes_slide.notes_text_frame.text
    assert "UNHCR" in pie_notes  # its source


def test_series_colours_differ_and_read_against_the_background(deck):
    from deckgen.theming.contrast import ratio, series_colours

    _, prs = deck
    column = _charts(prs)[0][1].chart
    fills = [str(s.format.fill.fore_color.rgb) for s in column.plots[0].series]
    assert len(set(fills)) == 2
    theme, _ = load_theme("default")
    assert all(ratio("#" + f, theme.colors.background) >= 3 for f in fills)
    for background in ("#FFFFFF", "#000000", "#1E3A5F", "#F4F1EA"):
        colours = series_colours(["#1E3A5F", "#E8A33D", "#FFFFFF", "#777777"], background, 6)
        assert all(ratio(c, background) >= 3 for c in colours), background


def test_a_long_table_continues_with_its_header_row_repeated(deck):
    _, prs = deck
    tables = _tables(prs)
    assert len(tables) == 3
    doc, _ = load(CHARTS)
    table = doc.sections[2].tables[0]
    seen = []
    for n, frame in tables:
        grid = frame.table
        assert [grid.cell(0, c).text for c in range(3)] == ["Land", "Vluchtelingen", "Aandeel"]
        assert frame._element.xpath(".//a:tblPr")[0].get("firstRow") == "1"
        seen += [tuple(grid.cell(r, c).text for c in range(3)) for r in range(1, len(grid.rows))]
        title = prs.slides[n - 1].shapes.title.text_frame.text
        assert title == ("Opvanglanden, 2023" if n == tables[0][0] else "Opvanglanden, 2023 (vervolg)")
        notes = prs.slides[n - 1].notes_slide.notes_text_frame.text
        assert f"{grid.cell(1, 0).text} | {grid.cell(1, 1).text}" in notes
    assert seen == list(table.rows)  # every row once, in order, no cell changed
    assert [len(frame.table.rows) - 1 for _, frame in tables] == [8, 8, 8]  # shared evenly, no 2-row remnant


def test_a_table_cut_only_where_a_cell_is_taller_than_a_slide():
    from deckgen.content.model import Table
    from deckgen.renderers.slidexml.tables import plan_table
    from deckgen.text.fit import TextStyle
    from deckgen.text.sysfonts import find_family

    style = TextStyle(find_family("Calibri", ()), space_before=0)
    long = "woord " * 400
    table = Table(("a", "b"), (("kort", long), ("x", "y")))
    plan = plan_table(table, style, 8_000_000, 4_000_000, 28, 12)
    assert plan.cut == 1 and plan.size == 12
    assert sum(plan.heights[:1]) + max(plan.heights[1:]) <= 4_000_000
    small = plan_table(Table(("a", "b"), (("1", "2"),)), style, 8_000_000, 4_000_000, 28, 12)
    assert small.size == 28 and small.cut == 0 and small.pages == ((0,),)


def test_chart_workbooks_are_reproducible():
    assert _deck() == _deck()


openxml_audit = pytest.importorskip("openxml_audit")


@pytest.mark.parametrize(("theme", "template"), [("default", None), ("projector", None), ("print", None),
                                                 ("default", DATA / "templates" / "german.potx")])
def test_chart_and_table_decks_pass_the_schema_check(tmp_path, theme, template):
    path = tmp_path / "charts.pptx"
    path.write_bytes(_deck(theme, template))
    validator = openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.OFFICE_2016, max_errors=20)
    errors = validator.validate(str(path)).errors
    assert not errors, [f"{getattr(e, 'part_uri', '')} {getattr(e, 'description', e)}" for e in errors]


@pytest.mark.render
def test_libreoffice_draws_charts_and_tables_inside_their_frames(tmp_path):
    """Every built-in theme and real templates: no character outside its cell or the chart's frame,
    and every category and cell drawn."""
    decks = []
    for theme in available(None):
        decks.append(tmp_path / f"charts-{theme}.pptx")
        decks[-1].write_bytes(_deck(theme))
    for name in SHARED_CASES:
        decks.append(tmp_path / f"charts-{Path(name).stem}.pptx")
        decks[-1].write_bytes(_deck("default", SHARED / name))
    pdfs = lo.to_pdf(decks, tmp_path / "pdf")
    import pdfplumber

    doc, _ = load(CHARTS)
    for deck_path, pdf in zip(decks, pdfs):
        assert lo.overflows(deck_path, pdf) == [], deck_path.name
        with pdfplumber.open(str(pdf)) as rendered:
            text = " ".join(page.extract_text() or "" for page in rendered.pages)
        for section in doc.sections:
            for chart in section.charts:
                for category in chart.categories:
                    assert category.split()[0] in text, (deck_path.name, category)
        for row in doc.sections[2].tables[0].rows:
            assert row[0].split()[0] in text and row[1].split()[0] in text, (deck_path.name, row)


def test_bad_charts_and_tables_stop_the_build_with_their_place(tmp_path):
    """From the command line: exit 1, every mistake at file:line:col, nothing written."""
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text('title: "T"\nlanguage: nl\nsections:\n  - heading: "K"\n    text: "x"\n'
                   '    chart:\n      type: "taart"\n      title: "t"\n      categories: ["a", "b"]\n'
                   '      series:\n        - values: ["1", "2.5"]\n'
                   '    table:\n      columns: ["a", "b"]\n      rows:\n        - ["1"]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "deckgen", "build", str(bad), "-o", str(out)],
                            capture_output=True, text=True, cwd=tmp_path,
                            env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert result.returncode == 1, result.stderr
    assert f"{bad}:7:13: error: unknown chart type 'taart'" in result.stderr
    assert f"{bad}:11:25: error: '2.5' in series 1 of the chart of section 1 is not a number" in result.stderr
    assert f"{bad}:15:11: error: row 1 of the table of section 1 has 1 cell for 2 columns" in result.stderr
    assert "Traceback" not in result.stderr and not any(out.rglob("*.pptx"))
