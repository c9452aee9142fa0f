"""WCAG 2.1 contrast between a theme's text colours and the backgrounds they sit on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.errors import Diagnostics, Location

if TYPE_CHECKING:
    from deckgen.theme import Theme

# (foreground, background, minimum ratio, what it is used for)
PAIRS = (
    ("text", "background", 4.5, "body text"),
    ("muted", "background", 4.5, "footers and captions"),
    ("primary", "background", 3.0, "headings (large text)"),
    ("accent", "background", 3.0, "key figures (large text)"),
    ("on_primary", "primary", 4.5, "text on primary-coloured bands"),
    ("text", "surface", 4.5, "text in call-outs"),
)


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(fg: str, bg: str) -> float:
    """Contrast ratio between two #RRGGBB colours, from 1 to 21."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def check_theme(theme: "Theme", file: Path, diags: Diagnostics, allow_low: bool = False) -> None:
    """Records an error (or, when allowed, a warning) for each pair below its WCAG AA minimum."""
    for fg, bg, minimum, use in PAIRS:
        fg_c, bg_c = getattr(theme.colors, fg), getattr(theme.colors, bg)
        r = ratio(fg_c, bg_c)
        if r + 1e-9 < minimum:
            report = diags.warning if allow_low else diags.error
            report(Location(str(file)),
                   f"colour '{fg}' {fg_c} on '{bg}' {bg_c} has contrast {r:.2f}:1; {use} need {minimum:g}:1 (WCAG AA)",
                   "darken or lighten one of them" + ("" if allow_low else ", or build with --allow-low-contrast"))
