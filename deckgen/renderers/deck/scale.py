"""One type scale for a deck: one title size for all slides of a kind, decided before any is written.

A deck whose titles go 44 → 36 → 37 pt between neighbouring slides looks unplanned. For
each group of slide kinds, the size is the largest at which every title of the group fits
its layout's title box, from the theme's title size down to its minimum; a title that
needs less than the minimum does not pull the others down and is handled on its own.
"""

from __future__ import annotations

from dataclasses import replace

from deckgen.renderers.deck.plan import SlideSpec, continued_title

# Kinds that share one title size: the slides a trainer talks over (agenda, content,
# sources), the answers, and the key figures. The title slide, the Q&A divider, the
# discussion slides and the closing slide are designed on their own.
SNAP = 0.1  # title sizes of two groups closer than this (relative) become one

# The sizes text is set at where it is not fitted to its box to the half point: key figures and their
# labels (figures.py), a discussion slide's task (designed.py).
TYPE_SCALE = (12, 14, 16, 18, 20, 24, 28, 32, 36, 40, 44, 48, 54, 60, 66, 72, 80, 88, 96, 108, 120, 132, 144, 160)


def on_scale(size: float) -> float:
    """The largest step of the type scale not above size (the smallest step below it)."""
    return float(max([step for step in TYPE_SCALE if step <= size + 1e-9] or [TYPE_SCALE[0]]))


def steps(high: float, low: float) -> list[float]:
    """The steps of the type scale from high down to low (both included), largest first."""
    return [float(step) for step in reversed(TYPE_SCALE) if low - 1e-9 <= step <= high + 1e-9]


GROUPS = {"agenda": "content", "content": "content", "sources": "content", "answer": "answer",
          "figures": "figures", "chart": "figures", "table": "figures"}


def title_sizes(specs: list[SlideSpec], measure, preferred: float, minimum: float, lang: str) -> dict[str, float]:
    """The title size of each group: `measure(spec, para, high, low)` is the largest size from
    high down to low at which para fits the title box of spec's layout, or None."""
    sizes: dict[str, float] = {}
    for spec in specs:
        group = GROUPS.get(spec.kind)
        if group is None:
            continue
        titles = [spec.title]
        if spec.kind == "sources":  # sources usually continue: "Bronnen (vervolg)" fits too
            titles.append(continued_title(spec.title, lang))
        for title in titles:
            size = measure(spec, title, sizes.get(group, preferred), minimum)
            if size is not None:
                sizes[group] = min(sizes.get(group, preferred), size)
    # Groups within SNAP of each other take the smaller size (which fits both): 37 pt
    # beside 36 pt reads as a mistake, not as a level of the hierarchy.
    for group, size in sizes.items():
        close = [other for other in sizes.values() if other < size and size - other <= SNAP * size]
        if close:
            sizes[group] = min(close)
    return sizes



def answer_titles(specs: list[SlideSpec], whole) -> tuple[list[SlideSpec], list[str]]:
    """Every answer slide titled the same way: by its question where every question fits its title box
    (`whole(spec)`: at the theme's minimum or larger, no word broken), else all by their short title
    ("Antwoord op vraag 3"), rather than some one way and some the other. Returns the specs and the
    idents of the answers whose question did not fit."""
    answers = [spec for spec in specs if spec.kind == "answer" and spec.alt_title is not None]
    long = [spec.ident for spec in answers if not whole(spec)]
    if not long:
        return specs, []
    return [replace(spec, title=spec.alt_title, alt_title=None) if spec in answers else spec
            for spec in specs], long
