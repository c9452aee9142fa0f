"""Output renderers: one per format, each the only importer of its library.

They are found by name and imported on demand, so a build that writes only a deck
never pays for ReportLab, and `deckgen validate` pays for neither.
"""

from __future__ import annotations

from importlib import import_module

from deckgen.renderers.base import Renderer, RenderOptions, RenderResult

FORMATS = {
    "deck": ("deckgen.renderers.deck", "DeckRenderer"),
    "handout": ("deckgen.renderers.handout", "HandoutRenderer"),
    "cards": ("deckgen.renderers.cards", "CardsRenderer"),
    "slides-pdf": ("deckgen.renderers.slides", "SlidesPdfRenderer"),  # needs LibreOffice
}
SUFFIXES = {"deck": ".pptx", "handout": ".handout.pdf", "cards": ".cards.pdf", "slides-pdf": ".slides.pdf"}


def get(name: str) -> Renderer:
    """The renderer for a format name (see FORMATS)."""
    module, cls = FORMATS[name]
    return getattr(import_module(module), cls)()


__all__ = ["FORMATS", "SUFFIXES", "Renderer", "RenderOptions", "RenderResult", "get"]
