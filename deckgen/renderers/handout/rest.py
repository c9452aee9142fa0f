"""Setting what follows the one-pager (the Q&A, sources, image credits, colophon): its size and spacing.

The one-pager is fitted to page 1 (onepager.fit), often at a body size below the theme's. What
follows has pages of its own, so it gets its own setting, chosen as a designer would use the paper:

1. the most generous setting first: the theme's body size and spacing (not the one-pager's
   smaller size: the Q&A is not squeezed for a page it does not share);
2. when the last page is near-empty (its columns less than NEAR_EMPTY full) and the tightest
   readable setting (the theme's `handout: body_min`, the tightest spacing) ends a page earlier,
   the most generous setting that does (found by halving the ladder: pages only grow with size
   and spacing);
3. when the Q&A then ends with a few lines alone at the top of a page (fewer than twice the lines
   an answer keeps on each side of a break, doc.KEEP: "… the last three lines of answer 7" over
   the sources), the next settings of that many pages are tried, a little tighter, up to STRAND_STEPS,
   for one that ends the Q&A a page earlier or with more of it on its last page.

The most generous setting is built (drawn) at once, and what its layout measured decides whether
anything else is tried; each other setting tried is one layout of the whole handout, not drawn
(`_Handout.layout`), and the one chosen is then built: nothing more for a handout that needs
nothing (the seed), about five layouts more for one whose last page is saved (×10 the seed: 0.2 →
0.8 s of CPU). A handout of more than MAX_PAGES pages is built at the generous setting only. The
last page's columns are balanced as it is built (doc.HandoutDoc).
"""

from __future__ import annotations

from dataclasses import dataclass

from deckgen.renderers.handout.onepager import sizes

NEAR_EMPTY = 0.5  # a last page whose columns are filled less than this share is worth saving
SPACINGS = (1.0, 0.85, 0.7)  # space between blocks after the one-pager, as a share of the designed space
STRAND_STEPS = 4  # tighter settings tried to bring a few stranded lines of the Q&A back
SHRINK_SPACING = 0.9  # at most what the tightest spacing saves of a page's height (_may_save)
MAX_PAGES = 16  # a longer handout is built at the generous setting only: each setting tried is a layout of
# every page, and a page saved is a small share of its paper (×100 the seed: 100 pages, 5 layouts more)


@dataclass(frozen=True)
class Layout:
    """The whole handout laid out (not drawn) at one setting of what follows the one-pager."""

    pages: int
    last_fill: float  # the last page's columns: the share of their height filled
    stranded: bool = False  # the Q&A ends with a few lines alone at the top of a page
    stranded_lines: float = 0.0  # how many (in body lines)
    after_first: float = 0.0  # the pages after page 1 as filled (their columns' filled share, added up)


def ladder(body_size: float, body_min: float) -> list[tuple[float, float]]:
    """(size, spacing) from the most generous to the tightest readable."""
    return [(size, spacing) for size in sizes(body_size, body_min, 0.5) for spacing in SPACINGS]


def fit(make, body_size: float, body_min: float):
    """The handout built (a RenderResult): make(rest=(size, spacing)) makes one. The most generous
    setting is built at once, and is what a handout that needs nothing more gets."""
    settings = ladder(body_size, body_min)
    known: dict[int, Layout] = {}

    def layout(i: int) -> Layout:
        if i not in known:
            known[i] = make(rest=settings[i]).layout()
        return known[i]

    generous = make(rest=settings[0])
    generous.rest_report = _report(settings[0], "")
    result = generous.build()
    first = known[0] = generous.measured
    if first.pages > MAX_PAGES or len(settings) == 1 or \
            not first.stranded and (first.pages == 1 or first.last_fill >= NEAR_EMPTY):
        return result
    chosen, why = 0, ""
    if first.pages > 1 and first.last_fill < NEAR_EMPTY and _may_save(first, settings):
        tightest = len(settings) - 1
        if layout(tightest).pages < first.pages:  # the fewest pages: the most generous setting that makes them
            lo, hi = 0, tightest  # layout(lo) has more pages, layout(hi) the fewest
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if layout(mid).pages <= known[tightest].pages else (mid, hi)
            chosen = hi
            why = (f"{layout(hi).pages} pages, not {first.pages}: the last page's columns were "
                   f"{first.last_fill:.0%} full")
    if layout(chosen).stranded:
        pages = layout(chosen).pages
        for i in range(chosen + 1, min(len(settings), chosen + 1 + STRAND_STEPS)):
            if layout(i).pages == pages and not layout(i).stranded:
                why = why or f"the Q&A's last {layout(chosen).stranded_lines:.0f} lines not alone on a page"
                chosen = i
                break
    if chosen == 0:
        return result
    handout = make(rest=settings[chosen])
    handout.rest_report = _report(settings[chosen], why)
    return handout.build()


def _may_save(first: Layout, settings: list[tuple[float, float]]) -> bool:
    """Whether the tightest setting might end a page earlier: what fills the pages after page 1, shrunk as
    if all of it were set at the tightest size (lines and their height both scale with it) and spacing,
    must fit on one page fewer. Optimistic (the one-pager's part on those pages does not shrink), so a
    page that could be saved is always tried; the Dutch seed is spared a layout (1.45 pages could at
    best become 1.06)."""
    (size, _), (tightest, _) = settings[0], settings[-1]
    return first.after_first * (tightest / size) ** 2 * SHRINK_SPACING <= first.pages - 2


def _report(setting: tuple[float, float], why: str) -> str:
    size, spacing = setting
    spaced = "" if spacing == 1.0 else f", spacing {spacing:g}"
    return f"the Q&A and sources at {size:g} pt{spaced}" + (f" ({why})" if why else "")
