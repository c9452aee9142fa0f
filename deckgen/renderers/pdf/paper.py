"""The paper a PDF is set on: the build's --paper, else the theme's handout paper, else A4."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, LETTER

from deckgen.errors import DeckgenError, Location

PAPERS = {"a4": ("A4", A4), "letter": ("Letter", LETTER)}


def check_paper(paper: str | None) -> None:
    """Refuses a --paper deckgen cannot set, before anything is written."""
    if paper and paper.strip().lower() not in PAPERS:
        raise DeckgenError(f"unknown paper size '{paper}'", Location("--paper"), "choose A4 or letter")


def choose_paper(options, theme) -> tuple[str, tuple[float, float]]:
    """(name, (width, height) in points) of the paper this output is set on."""
    chosen = options.paper or theme.handout.paper or "A4"
    key = chosen.strip().lower()
    if key not in PAPERS:
        raise DeckgenError(f"unknown paper size '{chosen}'", Location("--paper"), "choose A4 or letter")
    return PAPERS[key]
