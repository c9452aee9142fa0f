"""Cleaning of text on its way in, in one place, before any renderer sees it.

python-pptx writes control characters as `_x000C_` and refuses U+FFFE and lone
surrogates; ReportLab draws them as boxes. Here line endings are normalised and
every such character is removed, with a warning at the place it stood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from deckgen.errors import Diagnostics, Location

_LINE_ENDINGS = re.compile("\r\n|\r|\u2028|\u2029|\x85")
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_TOKEN = re.compile(f"(?P<eol>{_LINE_ENDINGS.pattern})|(?P<bad>{_BAD.pattern})")


def clean(text: str, locate: Callable[[int], Location], diags: Diagnostics) -> str:
    """Returns text with normalised line endings, tabs as spaces, and no control characters.

    Removed characters are reported at their offset in `text` as given, so that `locate`
    maps them back to the file even after a CRLF earlier in the text became one character.
    """
    # Soft hyphens pasted from Word are dropped silently: every output hyphenates by itself,
    # and ReportLab cannot break an over-long word that contains one (it runs off the page).
    text = text.replace("\u00ad", "")
    if not _BAD.search(text):
        return _LINE_ENDINGS.sub("\n", text).replace("\t", " ")
    out = []
    last = 0
    for m in _TOKEN.finditer(text):
        out.append(text[last:m.start()])
        last = m.end()
        if m.lastgroup == "eol":
            out.append("\n")
            continue
        char = m.group()
        if 0xD800 <= ord(char) <= 0xDFFF:
            half = "first" if ord(char) <= 0xDBFF else "second"
            diags.warning(locate(m.start()), f"removed U+{ord(char):04X}: the {half} half of a surrogate pair "
                                             "without its other half, which is no character at all",
                          "a \\u escape pair must be complete, for example \"\\ud83d\\ude00\" for 😀; "
                          "or write the character itself")
            continue
        if char in "\ufffe\uffff":
            name = "noncharacter"
        else:
            name = unicodedata.name(char, "control character")
        diags.warning(locate(m.start()), f"removed invisible character U+{ord(char):04X} ({name.lower()})",
                      "it often comes with text pasted from Word or a PDF")
    out.append(text[last:])
    return "".join(out).replace("\t", " ")
