"""One body size for a deck's text slides, decided before any slide is written (design.md: consistency).

utwente's body text went 23–28 pt from slide to slide, each text as large as its own slide allowed;
a deck whose questions were 27 pt had 28 pt bullets. The body size is the largest at which every text
slide that fits one slide does, never above the questions' size and never under the theme's minimum.
"""

from __future__ import annotations

from deckgen.renderers import paging
from deckgen.renderers.deck.plan import SlideSpec
from deckgen.renderers.deck.slides import DeckState, inner_size
from deckgen.renderers.slidexml.geometry import BodyGeometry
from deckgen.text.fit import breaks_word


class BodySize:
    """A mixin for the deck renderer (it provides _choice, _body_box and _art)."""

    def _body_size(self, deck: DeckState, specs: list[SlideSpec]) -> None:
        """One body size for the deck's text slides (design.md: consistency; utwente's went 23–28 pt from
        slide to slide): the largest at which every text that fits one slide does, never above the questions'
        size (a question is never smaller than body text) nor below the theme's minimum. A text that
        continues is set as its split says, at most this size; how many slides a text takes does not
        change (paging.split counts at the minimum, as the run sheet does)."""
        theme = deck.theme.deck
        common = min(theme.body_size, deck.question_size or theme.body_size)
        for spec in specs:
            if spec.kind not in paging.TEXT_KINDS or not spec.splittable or not spec.body:
                continue
            choice = self._choice(deck, spec.kind)
            box = self._body_box(deck, choice)
            art = self._art(deck, spec, choice, box)
            if art is not None and art.body is not None:
                box = art.body
            style = (deck.styles.style(choice.layout.index, choice.body.kind, choice.body.idx) if choice.body
                     else deck.styles.style(None, None))
            width, height = inner_size(box)
            fit = paging.split(spec.body, BodyGeometry(width, height, style, theme.body_size, theme.body_min))
            if len(fit.boxes) <= 1 and not breaks_word(list(spec.body), style, fit.size, width):
                common = min(common, fit.size)  # (a word wider than any line is hyphenated at its own size)
        deck.body_size = max(common, theme.body_min)
        if deck.body_size < theme.body_size:
            deck.report.append(f"body text: {theme.body_size:g}→{deck.body_size:g} pt (one size for all)")
