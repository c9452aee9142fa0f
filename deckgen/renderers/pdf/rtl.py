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
"""

from __future__ import annotations

import unicodedata

from deckgen.content.model import Paragraph
from deckgen.errors import Location
from deckgen.renderers.pdf.fonts import PdfFonts
from deckgen.text.bidi import SUPERSCRIPT, break_lines, is_rtl_paragraph, shaped, visual


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
    body = "<br/>".join(fonts.text(visual(line, rtl), role, loc, bold=bold) for line in lines)
    return (f"<b>{body}</b>" if bold else body), rtl
