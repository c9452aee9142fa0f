"""Numbers as a document writes them: "0,6" in Dutch, "0.6" in English, "1 300,5" in French.

Babel knows each language's decimal and group separators (CLDR); parsing is strict, so
"0.6" in a Dutch document is an error that suggests "0,6" rather than a silent 6.
"""

from __future__ import annotations

from functools import lru_cache

_SPACES = (" ", "\u00a0", "\u202f", "\u2009")  # spaces people and word processors put between digit groups
_MINUS = ("\u2212", "\u2013")  # the minus sign and an en dash typed for one


@lru_cache(maxsize=32)
def _locale(language: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(language.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


def symbols(language: str) -> tuple[str, str]:
    """(decimal separator, group separator) of a language."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = _locale(language)
    return get_decimal_symbol(locale), get_group_symbol(locale)


class NotANumber(ValueError):
    """`hint` says what to write instead."""

    def __init__(self, hint: str):
        super().__init__(hint)
        self.hint = hint


def parse(text: str, language: str) -> tuple[float, int]:
    """The number a text writes in a language, and its digits after the decimal separator.

    Raises NotANumber (with a hint) for anything else: a unit, a wrong separator, words."""
    from babel.numbers import NumberFormatError, parse_decimal

    decimal, group = symbols(language)
    raw = text.strip()
    for minus in _MINUS:
        if raw.startswith(minus):
            raw = "-" + raw[1:]
    if group in _SPACES:  # any kind of space between groups, as typed
        for space in _SPACES:
            raw = raw.replace(space, group)
    example = f"0{decimal}6"
    if not raw:
        raise NotANumber(f"write a number, for example {example}")
    if raw.endswith("%") or raw[-1:].isalpha() or raw[:1] in "€$£":
        raise NotANumber(f"write only the number (for example {example}); put the unit in 'unit:'")
    try:
        value = parse_decimal(raw, locale=_locale(language), strict=True)
    except NumberFormatError as exc:
        suggestions = [s for s in (getattr(exc, "suggestions", None) or []) if decimal in s]
        if suggestions:
            raise NotANumber(f"in this document's language the decimal separator is '{decimal}': "
                             f"did you mean {suggestions[-1]}?") from None
        raise NotANumber(f"write a number with '{decimal}' as the decimal separator, for example {example}") from None
    if not value.is_finite():
        raise NotANumber(f"write a number, for example {example}")
    places = len(raw.rsplit(decimal, 1)[1]) if decimal in raw else 0
    return float(value), places


def format_number(value: float, language: str, decimals: int) -> str:
    """A number as the language writes it, with `decimals` digits after the separator (axis labels)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(language)).replace("-", "\u2212")
