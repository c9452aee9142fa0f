"""Dates written in figures ("03-05-24", "5/3/2024", "2024-05-03"): read in the document's language,
and the document's own date written out as every output writes dates.

deckgen writes the document's `date:` in the language's long CLDR form (i18n.long_date: "3 mei
2024", "3 May 2024", "3 de mayo de 2024") in the handout's meta line and running head, the deck's
footers, the run sheet. A text that gives the same date in figures — the colophon of a Dutch
one-pager starts "03-05-24 - Dit document …" — printed it in a second, short form beside the
first, one a reader abroad takes for 5 March or for 2003, and a screen reader reads out as digits
and dashes. So a date in figures that is the document's date (read day first, or month first where
the language's CLDR short date puts the month first, as en-US does) is written out in that long
form in every output (the README's content format says so). Other dates in figures are left as
typed: which day they mean is the author's to say.
"""

from __future__ import annotations

import datetime as _dt
import re

from deckgen.content import i18n

# day/month or month/day with - . or / and a 2- or 4-digit year; or ISO's year-month-day. Not inside a
# longer run of figures, a version number or a path
_FIGURES = re.compile(r"(?<![\w./\-])(?:(\d{1,2})([-./])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})-(\d{1,2})-(\d{1,2}))"
                      r"(?![\w]|[-./]\d)")


def read(match: re.Match, language: str) -> str | None:
    """The date a match of _FIGURES names, as YYYY-MM-DD; None for no real date."""
    if match.group(5):
        y, mo, d = int(match.group(5)), int(match.group(6)), int(match.group(7))
    else:
        a, b, y = int(match.group(1)), int(match.group(3)), int(match.group(4))
        d, mo = (b, a) if i18n.month_first(language) else (a, b)
        y += 2000 if len(match.group(4)) == 2 else 0
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def starts_with_figures(text: str) -> bool:
    """Whether a text starts with a date in figures (a real date or not: "31-02-24")."""
    return _FIGURES.match(text.lstrip()) is not None


def at_start(text: str, language: str) -> str | None:
    """The date a text starts with in figures ("03-05-24 - Dit document …"), as YYYY-MM-DD, or None."""
    stripped = text.lstrip()
    match = _FIGURES.match(stripped)
    return read(match, language) if match else None


def written_out(text: str, iso: str | None, language: str) -> tuple[str, list[str]]:
    """The text with every date in figures that is `iso` (the document's date) written in the language's
    long form ("03-05-24" -> "3 mei 2024"), other dates as typed; and those it wrote out, as typed."""
    found: list[str] = []
    if not iso or not any(c.isdigit() for c in text):
        return text, found

    def out(m: re.Match) -> str:
        if read(m, language) != iso:
            return m.group()
        found.append(m.group())
        return i18n.long_date(iso, language)

    return _FIGURES.sub(out, text), found
