"""WCAG 2.1 contrast between a theme's text colours and the backgrounds they sit on.

Level AA asks 4.5:1 for body text and 3:1 for large text (at least 18 pt, or 14 pt bold).
Headings count as large only when every size the theme gives them is large; key figures
are drawn bold at 16 pt or more, so they always are.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from deckgen.errors import Diagnostics, Location
from deckgen.theming.model import Theme

BODY, LARGE = 4.5, 3.0
LARGE_PT, LARGE_BOLD_PT = 18.0, 14.0

# (foreground, background, minimum ratio, what it is used for); "headings" is decided per theme
PAIRS = (
    ("text", "background", BODY, "body text"),
    ("muted", "background", BODY, "footers and captions"),
    ("primary", "background", None, "headings"),
    ("accent", "background", LARGE, "key figures (large text)"),
    ("on_primary", "primary", BODY, "text on primary-coloured bands"),
    ("text", "surface", BODY, "text in call-outs"),
    ("accent", "surface", LARGE, "discussion questions on a panel (large text)"),
)


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    """Relative luminance of a #RRGGBB colour (WCAG 2.1), from 0 (black) to 1 (white)."""
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(fg: str, bg: str) -> float:
    """Contrast ratio between two #RRGGBB colours, from 1 to 21."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def is_large(size_pt: float, bold: bool) -> bool:
    """WCAG's large text: 18 pt, or 14 pt bold."""
    return size_pt >= (LARGE_BOLD_PT if bold else LARGE_PT)


def minimum_for(size_pt: float, bold: bool) -> float:
    """WCAG AA's minimum for text of a size: 3:1 for large text, else 4.5:1. Footers too: WCAG 1.4.3
    exempts only decoration, logotypes and text no one needs to read, and a date, a title and a slide
    number are read (12 pt footers at 3.3:1 were let through before)."""
    return LARGE if is_large(size_pt, bold) else BODY


def nearest_shade(colour: str, backgrounds: list[str], minimum: float) -> str | None:
    """The colour mixed toward black or white (whichever reads better there), in steps of 2 %, until it
    reaches `minimum` on every background: the same hue, only as much darker or lighter as it must be
    (a muted grey footer stays a muted grey). None when even black or white would not."""
    target = max(("#000000", "#FFFFFF"), key=lambda c: worst_ratio(c, backgrounds))
    start = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    end = [int(target[i:i + 2], 16) for i in (1, 3, 5)]
    for step in range(1, 51):
        t = step / 50
        mixed = "#" + "".join(f"{round(a + (b - a) * t):02X}" for a, b in zip(start, end))
        if worst_ratio(mixed, backgrounds) + 1e-9 >= minimum + 0.05:  # a little over: rounding in the renderers
            return mixed
    return None


def worst_ratio(fg: str, backgrounds: list[str]) -> float:
    """The lowest contrast of a text colour over every colour under it (21 on nothing)."""
    return min((ratio(fg, bg) for bg in backgrounds), default=21.0)


# Colours tried, in order, when a template's own text colour is not readable where the text
# sits: its light and dark scheme colours (the better of each pair), then white and black.
FALLBACK_PAIRS = (("lt1", "dk1"), ("lt2", "dk2"))


def readable_choice(scheme: Mapping[str, str], backgrounds: list[str], minimum: float
                    ) -> tuple[str | None, str, float]:
    """(scheme slot or None, #RRGGBB, worst ratio) of the first fallback colour readable on every
    background; (None, the better of white and black, its ratio) when none of the scheme's is."""
    for pair in FALLBACK_PAIRS:
        options = [(slot, scheme[slot]) for slot in pair if slot in scheme]
        if not options:
            continue
        slot, colour = max(options, key=lambda o: worst_ratio(o[1], backgrounds))
        if worst_ratio(colour, backgrounds) + 1e-9 >= minimum:
            return slot, colour, worst_ratio(colour, backgrounds)
    colour = max(("#FFFFFF", "#000000"), key=lambda c: worst_ratio(c, backgrounds))
    return None, colour, worst_ratio(colour, backgrounds)


def heading_minimum(theme: Theme) -> tuple[float, str]:
    """The ratio headings need: 3:1 when every heading size of the theme is large (headings are bold)."""
    smallest = min(theme.deck.title_min, theme.handout.heading_size)
    if is_large(smallest, bold=True):
        return LARGE, "headings (large text)"
    return BODY, f"headings ({smallest:g} pt is not large text)"


def problems(theme: Theme, block: str = "colors") -> list[tuple[str, str, float, float, str]]:
    """(foreground key, background key, ratio, minimum, use) for each pair below its minimum."""
    palette = getattr(theme, block)
    out = []
    for fg, bg, minimum, use in PAIRS:
        if minimum is None:
            minimum, use = heading_minimum(theme)
        r = ratio(getattr(palette, fg), getattr(palette, bg))
        if r + 1e-9 < minimum:
            out.append((fg, bg, r, minimum, use))
    return out


def check_theme(theme: Theme, file: Path, diags: Diagnostics, allow_low: bool = False,
                locations: Mapping[str, Location] | None = None, depths: Mapping[str, int] | None = None,
                block: str = "colors") -> None:
    """Records an error (or, when allowed, a warning) for each pair below its WCAG AA minimum.

    `locations` says where each colour was set and `depths` in which theme of the chain
    (0: the theme itself, 1: its parent, …). The message points at the colour of the pair
    set nearest to the theme being loaded (the foreground when both are), so it names a
    line the user can change rather than one in a parent theme.
    """
    locations = locations or {}
    depths = depths or {}
    palette = getattr(theme, block)
    where_said = "" if block == "colors" else " (print_colors: handout and cards)"
    for fg, bg, r, minimum, use in problems(theme, block):
        fg_c, bg_c = getattr(palette, fg), getattr(palette, bg)
        near = min((k for k in (fg, bg) if k in locations), key=lambda k: depths.get(k, 0), default=None)
        where = locations[near] if near is not None else Location(str(file))
        report = diags.warning if allow_low else diags.error
        report(where,
               f"colour '{fg}' {fg_c} on '{bg}' {bg_c}{where_said} has contrast {r:.2f}:1; {use} need "
               f"{minimum:g}:1 (WCAG 2.1 AA)",
               "darken or lighten one of them" + ("" if allow_low else ", or build with --allow-low-contrast"))


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def mix(a: str, b: str, t: float) -> str:
    """a moved t of the way to b."""
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(_rgb(a), _rgb(b)))


def _apart(a: str, b: str) -> bool:
    """Whether two colours are told apart at a glance (RGB distance, weighted as the eye weighs)."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    return (2 * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + 3 * (b1 - b2) ** 2) ** 0.5 >= 110


def series_colours(candidates: list[str], against: str, n: int) -> list[str]:
    """n colours for a chart's series or slices, each at least 3:1 against the background (WCAG
    2.1 non-text contrast) and apart from the others: the candidates (the theme's or template's
    accents, in order) that qualify, then lighter and darker shades of them that still do; when
    even those run out, the colours repeat (a chart's labels and legend name every series)."""
    usable: list[str] = []
    for colour in dict.fromkeys(c.upper() for c in candidates if c and len(c) == 7):
        if ratio(colour, against) >= LARGE and all(_apart(colour, u) for u in usable):
            usable.append(colour)
    if not usable:
        usable = [max(("#000000", "#FFFFFF"), key=lambda c: ratio(c, against))]
    for base in list(usable):
        for target, t in (("#FFFFFF", 0.45), ("#000000", 0.45), ("#FFFFFF", 0.7), ("#000000", 0.7),
                          ("#FFFFFF", 0.25), ("#000000", 0.25), ("#FFFFFF", 0.55), ("#000000", 0.55)):
            if len(usable) >= n:
                break
            shade = mix(base, target, t)
            if ratio(shade, against) >= LARGE and all(_apart(shade, u) for u in usable):
                usable.append(shade)
    return [usable[i % len(usable)] for i in range(n)]

