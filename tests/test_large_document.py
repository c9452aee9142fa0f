"""The ×100 benchmark document (700 questions, 1,412 slides, 175 card sheets) keeps every
guarantee the seed has: no text leaves its box in LibreOffice, every card's text stays on
its card, and the handout keeps to its margins. About a minute: most of it LibreOffice."""

from __future__ import annotations

import importlib.util
import io

import pdfplumber
import pytest
from conftest import ROOT, other_warnings
from renderers import lo
from test_cards import check_inside

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get


@pytest.fixture(scope="module")
def x100(tmp_path_factory, default_theme):
    spec = importlib.util.spec_from_file_location("deckgen_bench_make_docs", ROOT / "bench" / "make_docs.py")
    make_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_docs)
    tmp = tmp_path_factory.mktemp("x100")
    doc, warnings = load(make_docs.write_docs(tmp, factors=(100,))[100])
    assert other_warnings(warnings) == [] and len(doc.qa.items) == 700  # but the seed's placeholder sources
    return tmp, doc


@pytest.mark.render
def test_no_slide_of_the_x100_deck_overflows_in_libreoffice(x100, default_theme):
    tmp, doc = x100
    if lo.soffice() is None:
        pytest.fail("LibreOffice is required for the fit check: apt-get install libreoffice-impress-nogui")
    deck = tmp / "x100.pptx"
    result = get("deck").render(doc, default_theme, RenderOptions())
    deck.write_bytes(result.data)
    [pdf] = lo.to_pdf([deck], tmp / "pdf")
    assert lo.overflows(deck, pdf) == []
    with pdfplumber.open(str(pdf)) as rendered:
        assert len(rendered.pages) > 1400


def test_every_x100_card_keeps_its_text_inside(x100, default_theme):
    _, doc = x100
    result = get("cards").render(doc, default_theme, RenderOptions())
    assert result.warnings == []
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 2 * 175
        check_inside(pdf)


def test_the_x100_handout_keeps_to_its_margins(x100, default_theme):
    _, doc = x100
    result = get("handout").render(doc, default_theme, RenderOptions())
    margin = default_theme.handout.margin_mm * 72 / 25.4 - 0.5
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) > 50
        for page in pdf.pages:
            inked = [c for c in page.chars if not c["text"].isspace()]  # a line's closing space draws nothing
            for obj in inked + page.rects + page.images + page.lines:
                assert margin <= obj["x0"] and obj["x1"] <= page.width - margin, (page.page_number, obj.get("text"))
                assert margin <= obj["top"] and obj["bottom"] <= page.height - margin, (page.page_number,
                                                                                         obj.get("text"))
