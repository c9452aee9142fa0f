"""The PDF renderers do expensive work once: the cards' logo, and ReportLab's layout of a text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from deckgen.renderers import RenderOptions
from deckgen.renderers.handout import story as handout_module  # the story makes the paragraphs
from deckgen.renderers.cards import CardsRenderer
from deckgen.renderers.cards import draw as cards_module  # draws the logo
from deckgen.renderers.handout import HandoutRenderer


def test_the_cards_logo_is_read_once_per_rendering(monkeypatch, seed_doc, default_theme):
    opened = []
    real = cards_module.ImageReader

    def reader(path):
        opened.append(path)
        return real(path)

    monkeypatch.setattr(cards_module, "ImageReader", reader)
    logo = Path(__file__).resolve().parent.parent / "data" / "logo.png"
    theme = dataclasses.replace(default_theme, logo=logo, print_logo=logo, logo_alt="Logo")
    result = CardsRenderer().render(seed_doc, theme, RenderOptions())
    assert len(seed_doc.qa.items) > 1 and len(opened) == 1
    assert result.data.count(b"/Subtype /Image") == 2  # the logo and its transparency mask, stored once


def test_handout_paragraphs_break_their_lines_once_per_width(monkeypatch, seed_doc, default_theme):
    """Keep-with-next measures a question and its answer before the frame places them."""
    broken: dict[int, int] = {}
    alive: list = []  # keeps every paragraph alive, so that no two share an id()
    real = handout_module.Paragraph.breakLines

    def break_lines(self, widths):
        alive.append(self)
        broken[id(self)] = broken.get(id(self), 0) + 1
        return real(self, widths)

    monkeypatch.setattr(handout_module.Paragraph, "breakLines", break_lines)
    HandoutRenderer().render(seed_doc, default_theme, RenderOptions())
    assert broken and max(broken.values()) <= 2  # at most the column and, for a band, the page width
