"""Fitting the one-pager to page 1: the settings tried, in order, and what to do when none fits.

The first setting whose one-pager (title band, lead, sections, key figures) lands on page 1 wins:

1. the theme's body size, normal spacing, pictures as designed;
2. smaller pictures: the cover a low band across the page, each section picture half the
   column wide with a capped height (pictures.SMALL_SHARE, SMALL_MAX), its credit beside it;
3. tighter spacing (0.7, then 0.5 of the designed space between blocks), then the body size
   down in half points to the theme's `handout: body_min` (with the smaller pictures): a
   larger body with less space between blocks reads better than a smaller one.

When nothing fits, the one-pager runs on to page 2, and page 1 is filled to its foot: a section
may break across the page, keeping its heading, its key figures and its first three lines
together (figures_first). The setting is the first (body size in quarter points from the theme's
size to its body_min, then spacing from the most generous, then the pictures as designed before
the smaller ones) at which neither of page 1's columns ends more than FULL short; failing that,
the one that leaves the least empty. The fit report says why the
one-pager does not fit: how many lines too long it is at its smallest setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm

from deckgen.renderers.handout.doc import KEEP

FULL = 12 * mm  # a column of page 1 may end at most this far above its foot when the one-pager runs on
SPACINGS = (1.0, 0.7, 0.5)  # space between blocks as a share of the designed space: normal, tight, tightest
FILLING = (1.0, 0.85, 0.7, 0.55)  # spacings tried to fill page 1 to its foot when the one-pager runs on
KEPT = {"keep": KEEP}  # section text keeps its lines on each side of a break (where it splits at all)


@dataclass(frozen=True)
class Trial:
    """A one-pager laid out alone on page 1."""

    fits: bool
    left_empty: dict[str, float] = field(default_factory=dict)  # page 1's columns: empty height at the foot (pt)
    overflow: float = 0.0  # height (pt, in one column) of what did not fit page 1
    leading: float = 12.0
    short: int = 0  # breaks leaving fewer than three lines of a paragraph of section text on a side (doc.KEEP)

    @property
    def emptiest(self) -> float:
        return max(self.left_empty.values(), default=0.0)


def sizes(high: float, low: float, step: float) -> list[float]:
    """Body sizes from high down to low in steps."""
    out, size = [], high
    while size >= low - 1e-9:
        out.append(round(size, 2))
        size -= step
    return out or [high]


def ladder(body_size: float, body_min: float, pictures: bool) -> list[dict]:
    """The settings tried for a one-pager that fits, most generous first."""
    out = [{"size": body_size}]
    if pictures:
        out.append({"size": body_size, "compact": True})
    for size in sizes(body_size, body_min, 0.5):
        for spacing in SPACINGS:
            if size != body_size or spacing != 1.0:
                out.append({"size": size, "spacing": spacing, "compact": pictures})
    return out


def fit(make, body_size: float, body_min: float, pictures: bool, headings: list[str]):
    """The handout to build: make(**setting) makes one (a fresh one per layout, since laying out
    uses up its hyphenation budget). `headings` are the sections' headings, for the report."""
    last = None
    settings = ladder(body_size, body_min, pictures)
    for i, setting in enumerate(settings):
        last = make(**setting).trial()
        if not last.fits:
            continue
        if not last.short:
            return make(**setting)
        # it fits, but a break leaves two lines of section text on a side: the same setting keeping three,
        # else a later one of the same body size that does and still fits; never a smaller body for it
        for kept in [setting] + [s for s in settings[i + 1:] if s["size"] == setting["size"]]:
            if make(**kept, **KEPT).trial().fits:
                return make(**kept, **KEPT)
        return make(**setting)
    best = None
    candidates = [{"size": size, "spacing": spacing, "compact": compact, "figures_first": True, **KEPT}
                  for size in sizes(body_size, body_min, 0.25) for spacing in FILLING
                  for compact in ((False, True) if pictures else (False,))]
    for setting in candidates:  # the pictures as designed first: the one-pager runs on anyway
        handout = make(**setting)
        trial = handout.trial()
        if trial.fits:
            return make(**setting)
        if best is None or trial.emptiest < best[0].emptiest - 0.1:
            best = (trial, setting, dict(handout.pages))
        if trial.emptiest <= FULL:
            break
    trial, setting, pages = best
    return make(**setting, why=_why(last, trial, setting, pages, body_min, pictures, headings))


def _why(squeezed: Trial, chosen: Trial, setting: dict, pages: dict, body_min: float, pictures: bool,
         headings: list[str]) -> str:
    """The fit report's line for a one-pager that runs on to page 2."""
    lines = max(1, round(squeezed.overflow / squeezed.leading))
    smaller = ", the tightest spacing and smaller pictures" if pictures else " and the tightest spacing"
    why = (f"even with body text at {body_min:g} pt{smaller} its sections need about {lines} lines more than "
           f"page 1 holds; it is set at {setting['size']:g} pt" + (" with tight spacing" if setting["spacing"] < 1 else ""))
    if chosen.emptiest <= FULL:
        started = [i for i in range(len(headings)) if pages.get(f"heading-{i}") == 1] or [0]
        last = max(started)
        if pages.get(f"end-{last}") == 1 and last + 1 < len(headings):
            where = f"'{headings[last + 1]}' starts on page 2"
        else:
            where = f"'{headings[last]}' continues on page 2" if headings[last] else "the text continues on page 2"
        why += f", page 1 full to its foot ({where})"
    else:
        empty = ", ".join(f"{v / mm:.0f}" for _, v in sorted(chosen.left_empty.items()))
        why += (f"; page 1's columns end {empty} mm above their foot: the next section's heading, key figures "
                "and first three lines need more room than is left")
    return why + (" (shorten the lead or the sections' texts, or lower 'handout: body_min' in the theme"
                  + ("; or use fewer section pictures" if pictures else "") + ")")
