"""The cache of ReportLab's parsed fonts: the same PDF with or without it, never an error."""

from __future__ import annotations

import pytest
from conftest import ROOT
from reportlab.pdfbase import pdfmetrics, ttfonts

from deckgen.renderers import RenderOptions, get
from deckgen.renderers.pdf import facecache

REGULAR = ROOT / "deckgen" / "fonts" / "liberation" / "LiberationSans-Regular.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "deckgen" / "faces"


def _forget_fonts(monkeypatch):
    """A fresh ReportLab registry, as a new process has."""
    monkeypatch.setattr(pdfmetrics, "_fonts", {})
    monkeypatch.setattr(pdfmetrics, "_typefaces", {})


def test_a_cached_face_is_the_parsed_face(cache):
    assert facecache.load(str(REGULAR)) is None  # nothing cached yet
    parsed = ttfonts.TTFontFace(str(REGULAR))
    facecache.store(str(REGULAR), parsed)
    assert len(list(cache.iterdir())) == 1
    cached = facecache.load(str(REGULAR))
    assert cached is not None and cached is not parsed
    for name in ("charWidths", "charToGlyph", "hmetrics", "glyphPos", "bbox", "ascent", "descent", "unitsPerEm",
                 "name", "flags", "_ttf_data"):
        assert getattr(cached, name) == getattr(parsed, name), name
    assert cached.makeSubset([0, 65, 66]) == parsed.makeSubset([0, 65, 66])
    assert cached._pdfScale(2048) == parsed._pdfScale(2048)


@pytest.mark.parametrize("fmt", ["handout", "cards"])
def test_the_pdf_is_the_same_whether_fonts_come_from_the_cache_or_not(cache, monkeypatch, seed_doc, default_theme,
                                                                      fmt):
    renderer = get(fmt)
    parses = []
    real = ttfonts.TTFontFile.__init__
    monkeypatch.setattr(ttfonts.TTFontFile, "__init__", lambda self, *a, **k: parses.append(a) or real(self, *a, **k))
    _forget_fonts(monkeypatch)
    parsed = renderer.render(seed_doc, default_theme, RenderOptions()).data
    assert len(parses) >= 2 and len(list(cache.iterdir())) == len(parses)  # each face parsed once, and kept
    parses.clear()
    _forget_fonts(monkeypatch)
    cached = renderer.render(seed_doc, default_theme, RenderOptions()).data
    assert parses == []  # every face from the cache
    assert cached == parsed


def test_a_damaged_or_unwritable_cache_only_costs_the_parse(cache, monkeypatch, seed_doc, default_theme):
    _forget_fonts(monkeypatch)
    good = get("handout").render(seed_doc, default_theme, RenderOptions()).data
    for entry in cache.iterdir():
        entry.write_bytes(b"not a pickle")
    _forget_fonts(monkeypatch)
    assert get("handout").render(seed_doc, default_theme, RenderOptions()).data == good
    blocked = cache.parent.parent.parent / "blocked"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _forget_fonts(monkeypatch)
    assert get("handout").render(seed_doc, default_theme, RenderOptions()).data == good


def test_split_string_gives_what_reportlab_gives():
    """fonts._TTFont.splitString's shortcut (text whose characters all have a code in the first subset)
    gives ReportLab's runs, no-break spaces drawn as spaces; other text goes to ReportLab's own."""
    from reportlab.pdfbase.pdfdoc import PDFDocument

    from deckgen.renderers.pdf.fonts import _TTFont

    font = _TTFont("dg-test-split", str(REGULAR))
    doc = PDFDocument()
    first = ["Hallo wereld", "naïve café – 20 %", "a\xa0b", "", "Ωμέγα"]
    for text in first:  # codes given in the order of drawing, as ReportLab gives them
        font.splitString(text, doc)
    again = first + ["wereld café", "\xa0", "Ω a é"]
    assert [font.splitString(t, doc) for t in again] == [ttfonts.TTFont.splitString(font, t, doc) for t in again]
    assert font._known[doc][2] >= set("Hallo wereld\xa0")  # the shortcut was taken
    many = "".join(chr(c) for c in range(0x400, 0x4FF))  # past the first subset's 256 codes
    assert font.splitString(many, doc) == ttfonts.TTFont.splitString(font, many, doc)
    assert len({subset for subset, _ in font.splitString(many, doc)}) >= 2


def test_colours_as_text_read_as_reportlab_reads_them():
    """pdf.fonts answers toColor's "#RRGGBB" at once, with the colour ReportLab's own long way gives."""
    from reportlab.lib import colors

    import deckgen.renderers.pdf.fonts  # noqa: F401  (installs the shortcut)

    for text in ("#1F3A5F", "#ffffff", "#000000", "#E8A33D"):
        got = colors.toColor(text)
        assert (type(got), got.rgba()) == (colors.Color, colors.HexColor(text).rgba())
    assert colors.toColor("red") == colors.red  # names and other forms go the long way
    assert colors.toColor("#abc").rgba() == colors.HexColor("#abc").rgba()
    with pytest.raises(ValueError):
        colors.toColor("#12345G")
