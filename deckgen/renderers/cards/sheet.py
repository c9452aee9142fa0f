"""The card sheet's geometry and type: paper, card size, the frame, bands, cut marks and text sizes.

Pure numbers and rectangles in points (no drawing), shared by the fitting and the drawing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER

from deckgen.renderers.base import RenderOptions
from deckgen.theming.model import Theme

MM = 72 / 25.4
PAPERS = {"A4": A4, "letter": LETTER}
A6 = (105 * MM, 148 * MM)
MIN_MARGIN = 10 * MM  # sheet margin: cut marks, printing note, unprintable border
SAFE = 6 * MM  # nothing but the background within this of a cut line: text, bands, rules, logos inside it
BLEED = 3 * MM  # the background runs this far past the outer cut lines, so a cut off the mark shows no edge
RADIUS = 1.5 * MM  # of the heading band's corners
FRAME_LINE = 1.0
PAD = 4.0  # text inset inside the safe area (pt), beyond the band's edge
BAND = 9 * MM  # height of the heading band at the top of each card
BAND_SIZE = 11.0
MARK_GAP = BLEED + 1 * MM  # cut marks start outside the bleed, this far from the cut line ...
MARK_LEN = 5 * MM  # ... run this long ...
MARK_EDGE = 3 * MM  # ... and stop at least this far from the paper's edge
MARK_LINE = 0.3
NOTE_SIZE, NOTE_MIN = 7.0, 5.5  # the printing note in the margin
TASK_SIZE, TASK_MIN = 10.5, 8.0  # the task and time on a card's front, under the question
TASK_SHARE = 0.3  # of the front's text height, at most
TASK_GAP = 8.0  # pt between the question and the task
FOOTER_H = 20.0  # the front's footer: document title and logo
FOOTER_SIZE, FOOTER_MIN = 7.0, 6.0
LOGO_H = 5 * MM
SOURCE_SIZE, SOURCE_MIN = 7.0, 6.0
SOURCE_SHARE = 0.4  # sources take at most this part of a back's text area
RULE_GAP = 7.0  # space around the rule between the answer and its sources
RECALL_SIZE, RECALL_MIN = 8.5, 6.5  # the question repeated small at the top of the back ...
RECALL_SHARE = 0.3  # ... in at most this part of the back's text area
RECALL_GAP = 6.0  # space between it and the answer
QUESTION_FLOOR = 9.0  # absolute floors, below the theme's minimums
ANSWER_FLOOR = 6.0
HYPHEN_SAVING = 0.15  # shrink text by up to this share rather than hyphenate a word wider than a line
STEP = 0.5  # size step when ReportLab's line breaking needs a little more room
BULLET = "\u2022"
ELLIPSIS = "\u2026"
SOFT_HYPHEN = "\u00ad"
_WORD = re.compile(r"[^\W\d_][\w\u00ad-]*[^\W\d_]")  # words that could take a hyphen

@dataclass(frozen=True)
class Rect:
    """A box in PDF points; (x, y) is its bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def inset(self, d: float) -> "Rect":
        return Rect(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)


@dataclass(frozen=True)
class Sheet:
    """A paper size and the 2×2 grid of cards centred on it."""

    paper: str
    width: float
    height: float
    card_w: float
    card_h: float

    @property
    def left(self) -> float:
        return (self.width - 2 * self.card_w) / 2

    @property
    def bottom(self) -> float:
        return (self.height - 2 * self.card_h) / 2

    def card(self, col: int, row: int, back: bool = False) -> Rect:
        """The card at (col, row) of a front sheet, row 0 at the top; on a back sheet mirrored."""
        if back:
            col = 1 - col
        return Rect(self.left + col * self.card_w, self.bottom + (1 - row) * self.card_h, self.card_w, self.card_h)

    @property
    def mm(self) -> tuple[int, int]:
        return round(self.card_w / MM), round(self.card_h / MM)


def sheet_for(paper: str) -> Sheet:
    """The sheet for "A4" or "letter": cards as large as 10 mm margins allow, at most A6, whole mm."""
    width, height = PAPERS[paper]
    card_w = min(A6[0], math.floor((width - 2 * MIN_MARGIN) / 2 / MM) * MM)
    card_h = min(A6[1], math.floor((height - 2 * MIN_MARGIN) / 2 / MM) * MM)
    return Sheet(paper, width, height, card_w, card_h)


def paper_of(theme: Theme, options: RenderOptions) -> str:
    wanted = (options.paper or theme.handout.paper or "A4").strip().lower()
    return "letter" if wanted == "letter" else "A4"
