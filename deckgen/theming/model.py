"""What a loaded theme is: frozen settings for the slides, the handout and the cards, and the keys a theme.yaml may use.

Every later stage reads a `Theme`; only `theming.load` makes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.errors import Location
from deckgen.text.fonts import Family

DEFAULT_THEME = "default"
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_FAMILY = 64  # longest font family name: PowerPoint's are far shorter; a longer one is a mistake

TOP_KEYS = ("name", "description", "extends", "colors", "print_colors", "fonts", "logo", "template", "deck",
            "handout", "cards")
COLOR_KEYS = ("background", "text", "primary", "accent", "muted", "surface", "on_primary")
FONT_ROLES = ("heading", "body")
FONT_KEYS = ("family", "regular", "bold", "italic", "bold_italic")
LOGO_KEYS = ("file", "alt", "print_file")
DECK_KEYS = ("slide_size", "title_size", "title_min", "body_size", "body_min", "question_size", "question_min",
             "figure_size", "qa_layout", "layouts", "footer", "discussion")
# How a discussion slide sets its question apart: a band of the primary colour (on_primary
# text), a panel of the surface colour (accent text), or short heavy rules above and below
# (no fill, for print).
DISCUSSION_STYLES = ("band", "panel", "rules")
LAYOUT_KINDS = ("title", "section", "content", "question", "figure", "closing")
HANDOUT_KEYS = ("paper", "margin_mm", "body_size", "body_min", "heading_size", "title_size", "qa_start",
                "notes_per_page")
QA_STARTS = ("new_page", "continue")  # where the handout's Q&A begins: a page of its own, or right after the sections
CARDS_KEYS = ("question_size", "question_min", "answer_size", "answer_min")
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
NUMBER = re.compile(r"^\d+(\.\d+)?$")
SLIDE_SIZES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5), "16:10": (12.0, 7.5)}


@dataclass(frozen=True)
class Colors:
    background: str
    text: str
    primary: str
    accent: str
    muted: str
    surface: str
    on_primary: str


@dataclass(frozen=True)
class DeckSettings:
    slide_size: str = "16:9"
    title_size: float = 36
    title_min: float = 28
    body_size: float = 28
    body_min: float = 20
    question_size: float = 40
    question_min: float = 28
    figure_size: float = 66
    qa_layout: str = "separate"  # or "combined": question and answer on one slide
    layouts: dict[str, str] = field(default_factory=dict)
    footer: bool = True
    discussion: str = "band"  # one of DISCUSSION_STYLES


@dataclass(frozen=True)
class HandoutSettings:
    paper: str = "A4"
    margin_mm: float = 18
    body_size: float = 10
    heading_size: float = 13
    title_size: float = 24
    body_min: float = 9  # the one-pager's body text may shrink to this to fit page 1
    qa_start: str = "new_page"  # one of QA_STARTS
    notes_per_page: int = 3  # the notes handout (--format notes): slides with their notes per page, 2 or 3


def default_body_min(body_size: float) -> float:
    """The handout's body_min when a theme gives none: 1 pt less, not below 9 pt (nor above body_size)."""
    return min(body_size, max(9.0, body_size - 1))


@dataclass(frozen=True)
class CardSettings:
    question_size: float = 20
    question_min: float = 12
    answer_size: float = 13
    answer_min: float = 8


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    path: Path
    colors: Colors
    print_colors: Colors  # for the handout and the cards; the slides' colours unless the theme says
    heading: Family
    body: Family
    logo: Path | None = None
    logo_alt: str = ""
    print_logo: Path | None = None  # for the handout and cards: the logo unless the theme names another
    template: Path | None = None
    deck: DeckSettings = DeckSettings()
    handout: HandoutSettings = HandoutSettings()
    cards: CardSettings = CardSettings()
    chain: tuple[Path, ...] = ()  # theme.yaml files this theme was made from, child first
    # Images whose headers were checked but that are still to be decoded (load(decode_images=False)):
    # (key, file, where it is named), for images.decode_check before anything is written.
    pending_images: tuple[tuple[str, Path, Location], ...] = ()
