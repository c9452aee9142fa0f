"""Right-to-left paragraphs for ReportLab: shaped, broken into lines and put in visual order here.

ReportLab 5 can shape and reorder text itself only with its `rlbidi` extension, which is
not on PyPI for current Pythons (and uharfbuzz shaping without it joins letters in the
wrong order), so paragraphs with right-to-left letters are set by deckgen.text.bidi:
Arabic letters are joined (presentation forms), the paragraph is broken into lines in
logical order with the same font metrics ReportLab uses, and each line is reordered by the
Unicode Bidirectional Algorithm. ReportLab then draws the lines as given, one per `<br/>`,
aligned right when the paragraph's direction is right to left. Emphasis and links inside
such a paragraph are not kept (the whole paragraph's weight is); footnote markers become
superscript digits.

Tagged PDF: what is drawn is visual order and joined forms, so each right-to-left line (or,
in a left-to-right line, each right-to-left run) is a Span whose /ActualText is the text in
logical order with plain letters, and whose /Lang is its language when the document's is
another (pdf.tagging).
"""

from __future__ import annotations

import unicodedata

from deckgen.content.model import Paragraph
from deckgen.errors import Location
from deckgen.renderers.pdf.fonts import PdfFonts
from deckgen.renderers.pdf.tagging import SPAN_END, span
from deckgen.text.bidi import (
    SUPERSCRIPT,
    break_lines,
    has_rtl,
    is_rtl_paragraph,
    run_language,
    script_pieces,
    shaped,
    visual,
)


def plain_text(para: Paragraph) -> str:
    """A model paragraph as text, footnote markers as superscript digits."""
    return "".join(str(s.footnote).translate(SUPERSCRIPT) if s.footnote is not None else s.text for s in para)


def markup(fonts: PdfFonts, text: str, role: str, bold: bool, size: float, width: float,
           loc: Location | None) -> tuple[str, bool]:
    """Safe markup of the paragraph's lines in visual order (joined by <br/>), and whether it is
    right to left (to be aligned right)."""
    rtl = is_rtl_paragraph(text)
    logical = shaped(text)
    if logical != text:  # a joined form no font has: keep that letter unjoined
        logical = "".join(c if fonts.drawable(c, role, bold) else unicodedata.normalize("NFKC", c) for c in logical)
    lines = break_lines(logical, lambda s: fonts.width(s, role, size, bold), width)
    body = "<br/>".join(_tagged_line(fonts, line, rtl, role, loc, bold) for line in lines)
    return (f"<b>{body}</b>" if bold else body), rtl


def unshaped(text: str) -> str:
    """Arabic presentation forms back to the letters they are (for /ActualText); nothing else changed."""
    return "".join(unicodedata.normalize("NFKC", c) if "\ufb50" <= c <= "\ufeff" else c for c in text)


def _actual(fonts: PdfFonts, logical: str) -> str:
    """Span markup for text drawn in visual order: its logical text and (if not the document's) language."""
    language = run_language(logical, fonts.lang)
    return span("Span", ActualText=unshaped(logical), Lang="" if language == fonts.lang else language)


def _tagged_line(fonts: PdfFonts, line: str, rtl: bool, role: str, loc: Location | None, bold: bool) -> str:
    """One line's markup in visual order; right-to-left text in Spans that carry its logical text."""
    drawn = visual(line, rtl)
    if rtl:  # the whole line reads right to left: one span
        return _actual(fonts, line) + fonts.text(drawn, role, loc, bold=bold) + SPAN_END
    out = []
    for piece in script_pieces(drawn):
        if has_rtl(piece):  # a right-to-left run inside a left-to-right line, drawn reversed
            out.append(_actual(fonts, piece[::-1]) + fonts.text(piece, role, loc, bold=bold) + SPAN_END)
        else:
            out.append(fonts.text(piece, role, loc, bold=bold))
    return "".join(out)
