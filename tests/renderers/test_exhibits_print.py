"""Charts and tables in the handout: vectors and real text, never a picture; every table cell
printed, the header row repeated wherever the table continues."""

from __future__ import annotations

import io

import pdfplumber
import pypdf
import pytest
from conftest import DATA

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import available
from deckgen.theming.load import load as load_theme

CHARTS = DATA / "charts.yaml"


def _handout(theme: str) -> bytes:
    doc, _ = load(CHARTS)
    theme_obj, _ = load_theme(theme)
    return get("handout").render(doc, theme_obj, RenderOptions()).data


def _images(data: bytes) -> int:
    count = 0
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        count += sum(1 for obj in xobjects.values() if obj.get_object().get("/Subtype") == "/Image")
    return count


@pytest.mark.parametrize("theme", available(None))
def test_charts_are_vectors_with_their_labels_as_text_and_every_cell_printed(theme):
    data = _handout(theme)
    assert _images(data) == 0
    doc, _ = load(CHARTS)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words()]
        text = " ".join(words)
        assert sum(len(page.rects) + len(page.curves) for page in pdf.pages) > 20  # bars, slices, swatches
        header_rows = sum((page.extract_text() or "").count("Land Vluchtelingen Aandeel") for page in pdf.pages)
    for section in doc.sections:
        for chart in section.charts:
            for category in chart.categories:
                assert all(word in words or word in text for word in category.split()), (theme, category)
            for series in chart.series:
                for written in series.written:
                    assert written in text or written.replace("-", "−") in text, (theme, written)
        for table in section.tables:
            for row in table.rows:
                for cell in row:
                    assert cell in text, (theme, cell)
    assert header_rows >= 2  # the header again at the top of the next column


def test_the_header_row_repeats_on_every_page_a_table_continues(tmp_path):
    rows = "\n".join(f'        - ["Land {i}", "{i},5"]' for i in range(120))
    (tmp_path / "long.yaml").write_text(
        'title: "Lang"\nlanguage: nl\nsections:\n  - heading: "Tabel"\n    text: "Een tabel."\n'
        f'    table:\n      columns: ["Naam", "Waarde"]\n      rows:\n{rows}\n', encoding="utf-8")
    doc, _ = load(tmp_path / "long.yaml")
    theme, _ = load_theme("default")
    data = get("handout").render(doc, theme, RenderOptions()).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert len(pages) >= 2
    assert sum(text.count("Naam Waarde") for text in pages) >= 4  # two columns a page, each under its header
    everything = "\n".join(pages)
    assert all(f"Land {i} {i},5" in everything for i in range(120))


def test_charts_on_letter_paper():
    """A chart's caption is kept with its chart (keepWithNext), which ReportLab wraps in a KeepTogether;
    measuring one of those outside a frame (what did not fit page 1, the last page's balancing)
    was an internal error on Letter paper (issue 25)."""
    doc, _ = load(CHARTS)
    theme, _ = load_theme("default")
    result = get("handout").render(doc, theme, RenderOptions(paper="letter"))
    reader = pypdf.PdfReader(io.BytesIO(result.data))
    assert [round(float(p.mediabox.width)) for p in reader.pages] == [612] * len(reader.pages)
    text = " ".join(p.extract_text() for p in reader.pages)
    for section in doc.sections:
        for chart in section.charts:
            assert chart.title.split()[0] in text
    assert any("Letter" in line for line in result.report)
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:  # no page but the last ends high: balancing the
        for page in pdf.pages[:-1]:  # columns of a page that was not the last cost a page, and is undone
            bottom = max(w["bottom"] for w in page.extract_words() if w["bottom"] < page.height - 60)
            assert bottom > page.height * 0.66, (page.page_number, bottom, page.height)
