"""Output renderers: one per format, each the only importer of its library.

The registry below is the one place that knows the formats: which module renders each,
its file suffix, the library it imports (outputs sharing a library are built by one
worker, which imports it once) and its relative cost (the heaviest workers start first).
Renderers are imported on demand, so a build that writes only a deck never pays for
ReportLab, and `deckgen validate` pays for neither. A new output format is a module
with a `Renderer` subclass and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from deckgen.renderers.base import Renderer, RenderOptions, RenderResult


@dataclass(frozen=True)
class Format:
    """One output format: where its renderer lives and what building it costs."""

    module: str
    cls: str
    suffix: str
    library: str  # the heavy library its renderer imports
    weight: float = 1.0  # relative build time, for ordering the workers


FORMATS = {
    "deck": Format("deckgen.renderers.deck", "DeckRenderer", ".pptx", "pptx"),
    "handout": Format("deckgen.renderers.handout", "HandoutRenderer", ".handout.pdf", "reportlab"),
    "cards": Format("deckgen.renderers.cards", "CardsRenderer", ".cards.pdf", "reportlab", 0.7),
    "guide": Format("deckgen.renderers.guide", "GuideRenderer", ".guide.pdf", "reportlab", 0.4),
    # the deck again, then LibreOffice (started afresh by a build: about 1.5 s)
    "slides-pdf": Format("deckgen.renderers.slides", "SlidesPdfRenderer", ".slides.pdf", "pptx", 6.0),
}
SUFFIXES = {name: f.suffix for name, f in FORMATS.items()}


def get(name: str) -> Renderer:
    """The renderer for a format name (see FORMATS)."""
    fmt = FORMATS[name]
    return getattr(import_module(fmt.module), fmt.cls)()


__all__ = ["FORMATS", "SUFFIXES", "Format", "Renderer", "RenderOptions", "RenderResult", "get"]
