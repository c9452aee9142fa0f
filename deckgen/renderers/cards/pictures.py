"""A question's picture on the front of its card: above the question, which stays the largest thing.

A mixin of the cards' renderer, like the drawing: the picture takes a fixed share of the
front's text area (with its credit in a small line under it), and the question is fitted
into the rest. Pictures are prepared for their printed size (at most 300 dpi) once per file.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from deckgen.content.model import QAItem
from deckgen.renderers import pictures
from deckgen.renderers.cards.blocks import Block, Card
from deckgen.renderers.cards.sheet import MM, Rect

PICTURE_SHARE = 0.36  # of the front's text area
PICTURE_GAP = 3 * MM  # between the picture (or its credit) and the question
CREDIT_H = 8.0  # pt: the credit's line under the picture
CREDIT_SIZE, CREDIT_MIN = 6.5, 5.5


class CardPictures:
    """The picture half of a cards rendering (see `_Cards`)."""

    _picture_cache: pictures.Cache | None = None

    def _picture_room(self, item: QAItem) -> tuple[float, Block | None]:
        """The height the question's picture takes at the top of the front, and its fitted credit."""
        pic = item.image
        if pic is None:
            return 0.0, None
        credit = None
        if pic.credit:
            credit = self._line(pic.credit, "body", self.colors.muted, self.text_w, CREDIT_H, CREDIT_SIZE,
                                CREDIT_MIN, loc=pic.loc)
        return self.front_h * PICTURE_SHARE, credit

    def _draw_picture(self, canvas: Canvas, card: Card, body: Rect) -> Rect:
        """Draws the picture at the top of the front's text area; returns the room left for the question."""
        pic = card.item.image
        if pic is None:
            return body
        if self._picture_cache is None:
            self._picture_cache = pictures.Cache()
            self._picture_readers: dict[int, ImageReader] = {}
        credit_h = CREDIT_H if card.credit is not None else 0.0
        box = Rect(body.x, body.top - card.picture_h + PICTURE_GAP + credit_h, body.w,
                   card.picture_h - PICTURE_GAP - credit_h)
        prepared = self._picture_cache.print(pic, box.w, box.h)
        reader = self._picture_readers.get(id(prepared))
        if reader is None:
            reader = self._picture_readers[id(prepared)] = ImageReader(io.BytesIO(prepared.data))
        x, y, w, h = box.x, box.y, box.w, box.h
        if pic.fit == "contain":
            x, top, w, h = pictures.contain_box(prepared.width, prepared.height, box.x, 0, box.w, box.h,
                                                pic.focus_point)
            y = box.y + box.h - top - h
        if pic.decorative or not pic.alt:
            with canvas.artifact():
                canvas.drawImage(reader, x, y, w, h, mask="auto" if prepared.alpha else None)
        else:
            with canvas.tag("Figure", Alt=pic.alt):
                canvas.drawImage(reader, x, y, w, h, mask="auto" if prepared.alpha else None)
        if card.credit is not None:
            self._draw_block(canvas, card.credit, Rect(body.x, box.y - credit_h, body.w, credit_h), "middle",
                             role="Caption")
        return Rect(body.x, body.y, body.w, body.h - card.picture_h)
