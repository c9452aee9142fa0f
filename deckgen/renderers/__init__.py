"""Output renderers: one per format, each the only importer of its library.

The registry below is the one place that knows the formats: which module renders each,
its file suffix, the library it imports (outputs sharing a library are built by one
worker, which imports it once) and its relative cost (the heaviest workers start first).
Renderers are imported on demand, so a build that writes only a deck never pays for
ReportLab, and `deckgen validate` pays for neither. A new output format is a module
with a `Renderer` subclass and one line here.

A format may be made from others' outputs (`needs`): slides-pdf is the deck drawn by
LibreOffice, the notes handout places those slides beside the deck's speaker notes. No
renderer imports another; the build renders what a format needs first (once per document
and theme, whether it is also written or not) and hands the results over as `inputs`.
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
    weight: float = 1.0  # relative render time (the seed's: deck 0.63 G instructions), to share out the workers
    needs: tuple[str, ...] = ()  # formats whose results its renderer is given (`inputs`), made first


FORMATS = {
    "deck": Format("deckgen.renderers.deck", "DeckRenderer", ".pptx", "pptx"),
    "handout": Format("deckgen.renderers.handout", "HandoutRenderer", ".handout.pdf", "reportlab"),
    "cards": Format("deckgen.renderers.cards", "CardsRenderer", ".cards.pdf", "reportlab", 0.3),
    "guide": Format("deckgen.renderers.guide", "GuideRenderer", ".guide.pdf", "reportlab", 0.6),
    # the deck through LibreOffice (started afresh by a build: about 1.5 s)
    "slides-pdf": Format("deckgen.renderers.slides", "SlidesPdfRenderer", ".slides.pdf", "pptx", 5.0, ("deck",)),
    # the slides as LibreOffice draws them, beside the deck's speaker notes (ReportLab and pikepdf)
    "notes": Format("deckgen.renderers.notes", "NotesRenderer", ".notes.pdf", "reportlab", 1.0,
                    ("deck", "slides-pdf")),
}
SUFFIXES = {name: f.suffix for name, f in FORMATS.items()}


def needed(name: str) -> list[str]:
    """Every format `name` is made from, directly or not, each before the ones made from it."""
    out: list[str] = []
    for need in FORMATS[name].needs:
        for fmt in [*needed(need), need]:
            if fmt not in out:
                out.append(fmt)
    return out


def worker_library(name: str) -> str:
    """The library of the worker that builds `name`: that of the first format it is made from, at
    the root (a notes handout is built where its deck and slides are, so they are made once)."""
    chain = needed(name)
    return FORMATS[chain[0] if chain else name].library


def get(name: str) -> Renderer:
    """The renderer for a format name (see FORMATS)."""
    fmt = FORMATS[name]
    return getattr(import_module(fmt.module), fmt.cls)()


__all__ = ["FORMATS", "SUFFIXES", "Format", "Renderer", "RenderOptions", "RenderResult", "get", "needed",
           "worker_library"]
