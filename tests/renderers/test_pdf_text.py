"""The PDFs' text layer reads back exactly what was drawn: every character of the naughty strings the
bundled fonts draw, including those outside the Basic Multilingual Plane (issue 26)."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pypdf
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from deckgen.renderers.pdf.fonts import PdfFonts, to_unicode_cmap
from deckgen.renderers.pdf.tagging import TaggedCanvas
from deckgen.text.fonts import face, fallback_faces

BLNS = Path(__file__).resolve().parents[1] / "data" / "blns.json"


def drawn_characters(theme) -> list[str]:
    """The naughty strings' characters that the theme's body face or a shipped fallback draws: letters,
    marks, digits, punctuation and symbols set left to right (bidi letters are reordered by readers)."""
    own = face(theme.body.files.path(False, False))
    chars = sorted(set("".join(json.loads(BLNS.read_text(encoding="utf-8")))))
    out = []
    for char in chars:
        kind = unicodedata.category(char)
        if kind[0] not in "LNPS" or unicodedata.bidirectional(char) in ("R", "AL", "AN"):
            continue
        if own.has(char) or any(f.has(char) for f in fallback_faces()):
            out.append(char)
    return out


def test_every_drawn_naughty_character_reads_back(default_theme):
    chars = drawn_characters(default_theme)
    astral = [c for c in chars if ord(c) > 0xFFFF]
    assert len(chars) > 400 and len(astral) >= 25  # mathematical letters (𝕋𝕙𝕖) among them; no shipped face has emoji
    fonts = PdfFonts(default_theme)
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer, pagesize=(595, 842))
    style = ParagraphStyle("t", fontName=fonts.font("body"), fontSize=10, leading=14)
    lines = [chars[i:i + 30] for i in range(0, len(chars), 30)]
    y = 800
    for line in lines:
        para = Paragraph(fonts.text(" ".join(line)), style)
        para.wrap(560, 100)
        para.drawOn(canvas, 20, y)
        y -= 16
        if y < 40:
            canvas.showPage()
            y = 800
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    read = "".join(page.extract_text() for page in reader.pages)
    got = [c for c in read if not c.isspace()]
    assert got == [c for c in chars if not c.isspace()]
    assert astral[0] in read  # before: the code point cut to four hex digits, '𝕋' (U+1D54B) read as U+1D54


def test_to_unicode_writes_surrogate_pairs():
    cmap = to_unicode_cmap("ABCDEF+Test", [0x20, 0x41, 0x1F600])
    assert "<00> <0020>" in cmap and "<01> <0041>" in cmap and "<02> <D83DDE00>" in cmap
    assert "<1F600>" not in cmap
    many = to_unicode_cmap("X", list(range(0x20, 0x20 + 256)))
    assert many.count("beginbfchar") == 3 and "100 beginbfchar" in many  # at most 100 entries a block


def test_span_marks_are_harmless_on_a_canvas_that_does_not_tag():
    """pdf.fonts writes span marks into the markup; a plain ReportLab canvas draws it all the same."""
    from reportlab.pdfgen.canvas import Canvas

    from deckgen.renderers.pdf.tagging import SPAN_END, span

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    para = Paragraph("see " + span("Link", target="https://example.org") + '<a href="https://example.org">this</a>'
                     + SPAN_END + " page", ParagraphStyle("s"))
    para.wrap(300, 100)
    para.drawOn(canvas, 20, 700)
    canvas.save()
    assert "see this page" in pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
