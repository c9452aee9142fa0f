"""A slide's title: the style it is measured in, the text as the template draws it, and the size and
box it is fitted to (the deck renderer writes it).

A title shrinks to the theme's minimum, then gives way to a shorter title (the answer slide's
"Antwoord op vraag 3"), then takes a taller box where the free area allows, then shrinks below
the minimum, then is truncated (kept whole in the notes). A word wider than its line first tries
a wider box, then a smaller size down to the whole-word floor; last, no short word is left alone
on a line (text/balance.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deckgen.renderers.deck import ooxml, scale
from deckgen.renderers.deck.plan import SlideSpec, continued_title
from deckgen.renderers.deck.slides import (
    HEADING_FLOOR,
    DeckState,
    SlideShapes,
    all_caps,
    bolded,
    hyphenates,
    inner_size,
    uppercased,
    whole_word_size,
)
from deckgen.renderers.slidexml import freearea
from deckgen.renderers.slidexml.layouts import Box, Choice
from deckgen.text.balance import unlone
from deckgen.text.fit import Para, TextStyle, breaks_word, fit_one, truncate

TITLE_FLOOR = 14.0  # below the theme minimum, only for titles that cannot be shortened


@dataclass(frozen=True)
class Fitted:
    """A title as it is to be written: its text, size and style, the placeholder it goes in, the inner
    room of its box (pt) and what fitting it took, for the fit report ("" for nothing)."""

    title: Para
    size: float
    style: TextStyle
    idx: int
    room: tuple[float, float]
    note: str


def style(deck: DeckState, choice: Choice) -> TextStyle:
    """The style a title is measured with: what the template gives its title placeholder."""
    title = choice.layout.title
    measured = deck.styles.style(choice.layout.index, title.kind if title else "title", title.idx if title else None,
                                 line_spacing=1.1, space_before=0)
    return replace(measured, bold=True) if not deck.templated and deck.title_bold else measured


def as_drawn(deck: DeckState, layout, para: Para) -> Para:
    """A title as the template draws it (bold, capitals), for measuring."""
    if layout.index not in deck.caps:
        deck.caps[layout.index] = layout.title is not None and all_caps(deck.layout_objects[layout.index],
                                                                        layout.title.idx)
    para = bolded(para) if deck.title_bold else para
    return uppercased(para) if deck.caps[layout.index] else para


def placeholder(slide: SlideShapes, choice: Choice) -> int:
    """The idx of the slide's title placeholder, made for a layout without one, and placed in
    deckgen's own title box when the choice has one."""
    layout = choice.layout
    idx = layout.title.idx if layout.title is not None else 0
    if layout.title is None:  # the slide gets a title placeholder of its own (it inherits the master's)
        slide.ph[0] = ooxml.add_title_placeholder(slide.slide.shapes._spTree)
    if choice.title_box is not None:
        box = choice.title_box
        ooxml.place(slide.ph[idx], (box.left, box.top, box.width, box.height))
    return idx


def fit(deck: DeckState, slide: SlideShapes, choice: Choice, title: Para, spec: SlideSpec, continued: bool,
        sizes: tuple[float, float] | None = None) -> Fitted:
    """The title fitted (see the module's docstring), its placeholder made and placed on the slide."""
    layout = choice.layout
    theme = deck.theme.deck
    group = scale.GROUPS.get(spec.kind)
    preferred, minimum = sizes or (deck.title_sizes.get(group, theme.title_size), theme.title_min)
    if spec.kind != "title" and deck.deck_title_size is not None and preferred > deck.deck_title_size:
        preferred = deck.deck_title_size  # no slide's title above the deck's own (the divider's, the closing's)
        minimum = min(minimum, preferred)
    width, height = inner_size(choice.title_box or layout.title.box)
    idx = placeholder(slide, choice)
    measured = style(deck, choice)

    def size_for(para: Para, high: float, low: float) -> float | None:
        return fit_one([as_drawn(deck, layout, para)], measured, width, height, high, low)

    size = size_for(title, preferred, minimum)
    note = f"title {preferred:g}→{size:g} pt" if size is not None and size < preferred else ""

    def shorter(title: Para) -> tuple[Para, float | None, str]:
        alt = spec.alt_title
        if continued:
            alt = continued_title(alt, deck.doc.language)
        return alt, size_for(alt, preferred, minimum), "title too long: shortened to " + repr(alt.text)

    def taller(title: Para) -> tuple[float | None, tuple[float, float], str]:
        """The title in a box of its own: the layout's grown into the free room above and below it."""
        grown = freearea.grown_title_box(deck, choice, freearea.body_box(deck, choice))
        if grown is None:
            return None, (width, height), note
        gw, gh = inner_size(grown)
        fitted = fit_one([as_drawn(deck, layout, title)], measured, gw, gh, preferred, minimum)
        if fitted is None:
            return None, (width, height), note
        ooxml.place(slide.ph[idx], (grown.left, grown.top, grown.width, grown.height))
        shrunk = f"title {preferred:g}→{fitted:g} pt" if fitted < preferred else ""
        if spec.kind != "answer":  # an answer's question in a taller box is the deck's choice (_type_scale)
            deck.warn(f"{spec.ident}: the title is too long for the layout's title box at {minimum:g} pt; "
                      "its box is made taller", "shorten it", spec.loc)
        return fitted, (gw, gh), ", ".join(x for x in (shrunk, "title box made taller") if x)

    if size is None and spec.kind == "answer":  # the question, as on the other answer slides, before a number
        size, (width, height), note = taller(title)
    if size is None and spec.alt_title is not None:
        title, size, note = shorter(title)
    if size is None:
        size, (width, height), note = taller(title)
    if size is None:
        size = size_for(title, minimum, TITLE_FLOOR)
        note = f"title {preferred:g}→{size:g} pt (below the theme's minimum)" if size else note
        deck.warn(f"{spec.ident}: the title '{title.text[:60]}' is too long for the title box at "
                  f"{minimum:g} pt", "shorten it", spec.loc)
    if size is None:
        deck.cut_title = title.text  # kept whole in the notes (see DeckRenderer._notes)
        title, size = truncate(as_drawn(deck, layout, title), measured, width, height, TITLE_FLOOR), TITLE_FLOOR
        note = "title truncated"
    if breaks_word([as_drawn(deck, layout, title)], measured, size, width):  # a wider box first
        box = choice.title_box or layout.title.box
        wider = freearea.widened(deck, layout.index, box)
        if wider is not None:
            ww, wh = inner_size(wider)
            drawn = [as_drawn(deck, layout, title)]
            bigger = fit_one(drawn, measured, ww, wh, preferred, minimum)
            if bigger is not None and not breaks_word(drawn, measured, bigger, ww):
                ooxml.place(slide.ph[idx], (wider.left, wider.top, wider.width, wider.height))
                size, (width, height) = bigger, (ww, wh)
                note = ", ".join(x for x in (note, "title box widened to keep every word whole") if x)
    if spec.kind == "title" and size is not None:  # the deck's title is never below the slides' titles
        size, room, placed = _not_below_slide_titles(deck, choice, title, measured, size, preferred, (width, height))
        if placed is not None:
            ooxml.place(slide.ph[idx], (placed.left, placed.top, placed.width, placed.height))
            width, height = room
            note = ", ".join(x for x in (note, "title box widened: not smaller than the slides' titles") if x)
    drawn = [as_drawn(deck, layout, title)]
    whole = whole_word_size(drawn, measured, width, height, size, max(theme.body_min, minimum * HEADING_FLOOR))
    if whole is not None and group is not None and whole < minimum and hyphenates(deck, drawn, measured, size,
                                                                                width, height):
        whole = None  # one size per kind: hyphenated at its best break rather than smaller than the others
    if whole is not None:  # smaller, rather than hyphenated: the last resort (_whole_words)
        note = ", ".join(x for x in (note, f"title {size:g}→{whole:g} pt to keep every word whole") if x)
        size = whole
    title, size = unlone(title, measured, size, width, height, max(theme.body_min, minimum * HEADING_FLOOR),
                         lambda p: as_drawn(deck, layout, p))  # no short word alone on a line
    if spec.kind == "title":  # where even a wider box keeps it smaller, the slides' titles come down to it
        deck.deck_title_size = size
        capped = {group: min(high, size) for group, high in deck.title_sizes.items()}
        if capped != deck.title_sizes:
            deck.report.append(f"titles of the slides: at most {size:g} pt, the deck's title on its slide "
                               "(never larger than the deck's title)")
            deck.title_sizes = capped
    return Fitted(title, size, measured, idx, (width, height), note)


def _not_below_slide_titles(deck: DeckState, choice: Choice, title: Para, measured, size: float, preferred: float,
                            room: tuple[float, float]) -> tuple[float, tuple[float, float], Box | None]:
    """The title slide's title at no less than the largest title size of the slides after it (utwente's narrow
    title column set it at 30 pt under 35 pt slide titles): its box widened across the room the template's
    artwork leaves, then grown into the free room above and below. Its size, room and new box (None: kept)."""
    floor = max(deck.title_sizes.values(), default=0.0)
    if size >= floor or floor > preferred:
        return size, room, None
    layout = choice.layout
    drawn = [as_drawn(deck, layout, title)]
    box = choice.title_box or layout.title.box
    candidates = [freearea.widened(deck, layout.index, box, least=1.0)]
    candidates.append(freearea.grown_title_box(deck, replace(choice, title_box=candidates[0] or box),
                                               freearea.body_box(deck, choice)))
    for wider in (c for c in candidates if c is not None):
        ww, wh = inner_size(wider)
        bigger = fit_one(drawn, measured, ww, wh, preferred, floor)
        if bigger is not None and not breaks_word(drawn, measured, bigger, ww):
            return bigger, (ww, wh), wider
    return size, room, None
