"""Right-to-left text (Arabic, Hebrew, Persian, Urdu) for renderers that draw glyphs in the order given.

A PDF draws characters left to right as they come, so text must reach it in visual order,
with Arabic letters already in their joined forms. Here: Arabic letters are shaped into
their presentation forms (initial, medial, final, isolated; lam-alef ligatures) by
arabic-reshaper, in logical order; lines are broken in logical order (the caller measures);
then each line is put in visual order by the Unicode Bidirectional Algorithm (python-bidi,
UAX #9), with the paragraph's direction taken from its first strong character (rules P2,
P3), so a Dutch sentence with an Arabic word stays a left-to-right line with the word
reversed inside it, and an Arabic sentence with a number or a Dutch name reads right to left.

PowerPoint lays out right-to-left text itself: the deck only marks the paragraphs
(`is_rtl_paragraph`) and never uses this reordering.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Hebrew, Arabic (with Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended), and their presentation forms
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def has_rtl(text: str) -> bool:
    """Whether text has a right-to-left letter."""
    return bool(_RTL.search(text))


_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")
RTL_LANGUAGES = {"ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "ckb", "dv"}


def run_language(text: str, language: str) -> str:
    """The language tag for a run of text in a document of `language` (a culture tag such as 'nl-NL'):
    the document's own, unless the run is in a right-to-left script the document's language is not
    written in, then Hebrew ('he-IL') or Arabic ('ar-SA'; Persian or Urdu text in a document of
    another language cannot be told from Arabic by its letters)."""
    if not has_rtl(text) or language.split("-")[0].lower() in RTL_LANGUAGES:
        return language
    return "he-IL" if _HEBREW.search(text) and not _ARABIC.search(text) else "ar-SA"


_RTL_PIECE = re.compile("([\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc](?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\\s]*"
                        "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])?)")


def script_pieces(text: str) -> list[str]:
    """Text split where right-to-left words start and end ('heet مؤسسة التنمية in' -> 'heet ', 'مؤسسة التنمية',
    ' in'), so each piece can carry its own language tag."""
    return [piece for piece in _RTL_PIECE.split(text) if piece]


def is_rtl_paragraph(text: str) -> bool:
    """Whether the paragraph's base direction is right to left: its first strong letter is (UAX #9 P2-P3)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@cache
def _libraries():
    import arabic_reshaper
    from bidi import get_display

    return arabic_reshaper, get_display


def shaped(text: str) -> str:
    """Arabic letters in their joined presentation forms, still in logical order; other text unchanged."""
    if not _ARABIC.search(text):
        return text
    reshaper, _ = _libraries()
    return reshaper.reshape(text)


def visual(line: str, rtl: bool) -> str:
    """One line in the order it is drawn, left to right, for a paragraph of the given direction."""
    if not has_rtl(line):
        return line
    _, get_display = _libraries()
    return get_display(line, base_dir="R" if rtl else "L")


def break_lines(text: str, width, available: float) -> list[str]:
    """Greedy line breaking at spaces in logical order; `width(s)` measures a piece of text.
    A word wider than a line is broken between characters (as the renderers do)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if width(trial) <= available or not current and width(word) <= available:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
        while width(current) > available and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and width(current[:cut]) > available:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current)
    return lines
