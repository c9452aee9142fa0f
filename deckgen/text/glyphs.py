"""Which script a character belongs to, and a font on this machine that draws it.

`system_font_for` is the one place that looks for an installed font with a character no
bundled font has; it scans the usual font folders itself (Linux, macOS, Windows, or
DECKGEN_FONT_DIRS) and keeps what it read for the process. Its folders are the system font
index's (text/sysfonts.py), so both look in the same places.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

# Unicode name prefix -> (the text's language as users say it, what a font must have)
_SCRIPTS = {
    "HANGUL": ("Korean", "Hangul"),
    "HIRAGANA": ("Japanese", "kana"),
    "KATAKANA": ("Japanese", "kana"),
    "CJK": ("Chinese or Japanese", "CJK ideographs"),
    "ARABIC": ("Arabic-script", "Arabic letters"),
    "HEBREW": ("Hebrew", "Hebrew letters"),
    "DEVANAGARI": ("Hindi or Marathi", "Devanagari"),
    "ETHIOPIC": ("Amharic or Tigrinya", "Ethiopic"),
}


def script_of(char: str) -> tuple[str, str]:
    """(language, script) as a warning names them: ('Korean', 'Hangul') for '한'."""
    name = unicodedata.name(char, "")
    head = name.split(" ")[0] if name else ""
    if head in _SCRIPTS:
        return _SCRIPTS[head]
    if not head:
        return f"U+{ord(char):04X}", f"U+{ord(char):04X}"
    word = head.capitalize()
    return word, f"{word} letters"


def font_dirs() -> list[Path]:
    """The folders fonts are installed in on this kind of machine: the system font index's
    (text/sysfonts.py, which DECKGEN_FONT_DIRS replaces)."""
    from deckgen.text.sysfonts import font_dirs as installed_dirs

    return installed_dirs()


@cache
def _installed() -> tuple[tuple[Path, frozenset[int]], ...]:
    """Every installed TrueType-outline font (.ttf, or .otf with glyf outlines) and its characters."""
    from fontTools.ttLib import TTFont

    found = []
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in (".ttf", ".otf"):
                continue
            try:
                with TTFont(str(path), lazy=True) as font:
                    if "glyf" not in font:  # CFF outlines: ReportLab cannot embed them
                        continue
                    found.append((path, frozenset((font.getBestCmap() or {}).keys())))
            except Exception:  # noqa: BLE001 - an unreadable file is no candidate
                continue
    return tuple(found)


def system_font_for(char: str) -> Path | None:
    """An installed font file that draws the character, or None."""
    code = ord(char)
    for path, chars in _installed():
        if code in chars:
            return path
    return None
