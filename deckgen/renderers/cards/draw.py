"""Drawing fitted cards on a sheet: frames, bands, text blocks, logos, cut marks and the printing note.

A mixin of the cards' renderer: it draws what the fitting (`__init__`) has chosen and
measured, and decides no sizes of its own beyond the small fixed lines it fits through
the same methods.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from deckgen.content import i18n
from deckgen.errors import Location
from deckgen.renderers.cards.blocks import Block, Card
from deckgen.renderers.cards.sheet import (
    BAND,
    BAND_SIZE,
    BLEED,
    FOOTER_H,
    FOOTER_MIN,
    FOOTER_SIZE,
    FRAME_LINE,
    LOGO_H,
    MARK_EDGE,
    MARK_GAP,
    MARK_LEN,
    MARK_LINE,
    MM,
    NOTE_MIN,
    NOTE_SIZE,
    PAD,
    RADIUS,
    RECALL_GAP,
    RULE_GAP,
    SAFE,
    TASK_GAP,
    Rect,
)
from deckgen.text.fit import Para, Run


class CardDrawing:
    """The drawing half of a cards rendering (see `_Cards`)."""


    def _draw_block(self, canvas: Canvas, block: Block, box: Rect, valign: str = "top", again: bool = False,
                    role: str | None = None, joined: object = None) -> None:
        """Draws a fitted block in box; `again` keeps its layout for the same block drawn later.

        Each paragraph is a `role` element of the tagged PDF (a Note carries its anchor as /ID); without
        a role it is an artifact. Blocks drawn with the same `joined` key are one element (a card's heading:
        its band's "Vraag 1" and its question), each paragraph a part of it."""
        paragraphs, heights, _ = self._laid(block, box.w)
        key = self._key(block, box.w)
        if not again and self._uses.get(key, 0) <= 1:  # its last use: the layout is let go
            self._ready.pop(key, None)
            self._uses.pop(key, None)
        elif not again:
            self._uses[key] -= 1
        if len(heights) < len(paragraphs):  # laid out only up to a line too wide
            heights = heights + [p.wrap(box.w, 10**6)[1] for p in paragraphs[len(heights):]]
        total = sum(heights) + block.style.gap(block.size) * max(0, len(paragraphs) - 1)
        assert total <= box.h + 0.01, (total, box.h)
        free = box.h - total
        top = box.top - {"top": 0.0, "middle": free / 2, "optical": free * 0.42, "bottom": free}[valign]
        for i, (p, h) in enumerate(zip(paragraphs, heights)):
            if i:
                top -= block.style.gap(block.size)
            if role is None:
                with canvas.artifact():
                    p.drawOn(canvas, box.x, top - h)
            elif role == "P" and block.paras[i].bullet:  # a point: a list item, its bullet the Lbl
                with canvas.tag("LI"), canvas.labelled(), canvas.tag("LBody"), canvas.paragraph(p):
                    p.drawOn(canvas, box.x, top - h)
            else:
                anchor = next((r.anchor for r in block.paras[i].runs if r.anchor), "") if role == "Note" else ""
                with canvas.tag(role, joined, ID=anchor), canvas.paragraph(p, part=joined is not None):
                    p.drawOn(canvas, box.x, top - h)
            top -= h

    def _line(self, text: str, role: str, color: str, width: float, height: float, size: float, minimum: float,
              bold: bool = False, loc: Location | None = None, again: bool = False) -> Block:
        """One short line of our own (band heading, footer, margin note): shrunk, else truncated.

        A line drawn `again` (the footer's title, the printing note) is fitted once per rendering."""
        key = (text, role, color, width, height, size, minimum, bold, loc)
        found_block = self._line_cache.get(key)
        if found_block is None:
            found_block = self._fit_line(text, role, color, width, height, size, minimum, bold, loc)
            if again:
                self._line_cache[key] = found_block
        return found_block

    def _fit_line(self, text: str, role: str, color: str, width: float, height: float, size: float, minimum: float,
                  bold: bool, loc: Location | None) -> Block:
        self._trials = {}
        block = Block([Para((Run(text, bold=bold),))], self.small if role == "body" else self.band_style,
                      role, size, color, loc)
        found = self._largest(block, width, height, size, minimum)
        if found is None:
            block.paras, found = self._truncate(block, width, height, minimum), minimum
        block.size = found
        block.height = self._layout_height(block, width)
        self._keep(block, width)
        self._trials = {}
        return block

    # --- drawing -------------------------------------------------------------------------
    def _background(self, canvas: Canvas, fill: str) -> None:
        """The sheet's background: one colour over the whole grid of cards and BLEED past its outer cut
        lines (neighbouring cards share their cut lines and their colour), so a cut off the mark shows
        no edge. Nothing else is drawn within SAFE of a cut line; there is no frame."""
        s = self.sheet
        canvas.saveState()
        canvas.setFillColor(HexColor(fill))
        canvas.rect(s.left - BLEED, s.bottom - BLEED, 2 * s.card_w + 2 * BLEED, 2 * s.card_h + 2 * BLEED,
                    stroke=0, fill=1)
        canvas.restoreState()

    def _frame(self, canvas: Canvas, rect: Rect, band_fill: str | None) -> Rect:
        """The card's safe area (SAFE inside its cut lines) with its heading band: filled with
        band_fill, or for None a rule under it; returns the safe area."""
        frame = rect.inset(SAFE)
        canvas.saveState()
        if band_fill is not None:
            canvas.setFillColor(HexColor(band_fill))
            canvas.roundRect(frame.x, frame.top - BAND, frame.w, BAND, RADIUS, stroke=0, fill=1)
        else:
            canvas.setStrokeColor(HexColor(self.colors.primary))
            canvas.setLineWidth(FRAME_LINE / 2)
            canvas.line(frame.x, frame.top - BAND, frame.right, frame.top - BAND)
        canvas.restoreState()
        return frame

    def _band_text(self, canvas: Canvas, frame: Rect, text: str, color: str, role: str, key: object = None) -> None:
        box_h = BAND - 4
        inset = 2 * PAD
        block = self._line(text, "heading", color, frame.w - 2 * inset, box_h, BAND_SIZE, 8.0, bold=True)
        self._draw_block(canvas, block, Rect(frame.x + inset, frame.top - BAND + 2, frame.w - 2 * inset, box_h),
                         "middle", role=role, joined=key)

    def _draw_front(self, canvas: Canvas, card: Card, rect: Rect) -> None:
        frame = self._frame(canvas, rect, self.colors.primary)
        # the card's heading, which a screen reader moves by, is its question: one H1 holding the band's
        # "Vraag 1" and the question (drawn after the picture, read before it: the key joins them)
        heading = ("card-heading", card.item.number)
        self._band_text(canvas, frame, i18n.t(self.lang, "question", n=card.item.number), self.colors.on_primary,
                        "H1", key=heading)
        task_h = card.task.height + TASK_GAP if card.task else 0.0
        body = Rect(frame.x + PAD, frame.y + PAD + FOOTER_H + task_h, self.text_w, self.front_h - task_h)
        body = self._draw_picture(canvas, card, body)
        self._draw_block(canvas, card.question, body, "optical", role="H1", joined=heading)
        if card.task:  # under the question, just above the footer's rule
            self._draw_block(canvas, card.task, Rect(frame.x + PAD, frame.y + PAD + FOOTER_H, self.text_w,
                                                     card.task.height), "bottom", role="P")
        # footer: a hairline, the document's title small, the logo at the right
        foot = Rect(frame.x + PAD, frame.y + PAD, self.text_w, FOOTER_H - 6)
        canvas.saveState()
        canvas.setStrokeColor(HexColor(self.colors.muted))
        canvas.setLineWidth(0.4)
        canvas.line(foot.x, foot.top + 3, foot.right, foot.top + 3)
        canvas.restoreState()
        title_w = foot.w
        logo = self._logo_image()
        if logo is not None:
            reader, iw, ih = logo
            lw = LOGO_H * iw / ih
            if lw < foot.w * 0.4:
                with canvas.artifact():  # the footer (title and logo) repeats on every card
                    self._draw_logo(canvas, reader, foot.right - lw, foot.y + (foot.h - LOGO_H) / 2, lw, LOGO_H)
                title_w = foot.w - lw - 6
        title = self.doc.title.plain.replace("\n", " ")
        block = self._line(title, "body", self.colors.muted, title_w, foot.h, FOOTER_SIZE, FOOTER_MIN,
                           loc=self.doc.title.loc, again=True)
        self._draw_block(canvas, block, Rect(foot.x, foot.y, title_w, foot.h), "middle", again=True)

    def _logo_image(self) -> tuple[ImageReader, float, float] | None:
        """The theme's print logo, read once per rendering (not per card): reader, width, height."""
        if self._logo is False:
            logo = self.theme.print_logo
            if logo is None:
                self._logo = None
            else:
                reader = ImageReader(str(logo))
                self._logo = (reader, *reader.getSize())
        return self._logo  # type: ignore[return-value]

    def _draw_logo(self, canvas: Canvas, reader: ImageReader, x: float, y: float, w: float, h: float) -> None:
        """The logo on a card front: ReportLab's drawImage the first time; then the image it stored,
        drawn as drawImage draws a repeat, without hashing the image's pixels again for every card."""
        if self._logo_name is None:
            found: dict = {"name": None}
            canvas.drawImage(reader, x, y, w, h, mask="auto", extraReturn=found)
            self._logo_name = found["name"]
            return
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w, h)
        canvas.doForm(self._logo_name)
        canvas.restoreState()

    def _draw_back(self, canvas: Canvas, card: Card, rect: Rect) -> None:
        frame = self._frame(canvas, rect, None)
        self._band_text(canvas, frame, i18n.t(self.lang, "answer_to", n=card.item.number), self.colors.primary, "H2")
        body = Rect(frame.x + PAD, frame.y + PAD, self.text_w, self.back_h)
        if card.recall is not None:  # the question again, small, so a card turned over keeps its context
            recall = Rect(body.x, body.top - card.recall.height, body.w, card.recall.height)
            self._draw_block(canvas, card.recall, recall, "top")  # an artifact: the question, read on the front
            body = Rect(body.x, body.y, body.w, body.h - card.recall.height - RECALL_GAP)
        src_box = None
        if card.sources is not None:
            src_box = Rect(body.x, body.y, body.w, card.sources.height)
            rule_y = src_box.top + RULE_GAP
            canvas.saveState()
            canvas.setStrokeColor(HexColor(self.colors.muted))
            canvas.setLineWidth(0.4)
            canvas.line(body.x, rule_y, body.x + min(body.w, 60), rule_y)
            canvas.restoreState()
            body = Rect(body.x, rule_y + RULE_GAP, body.w, body.top - rule_y - RULE_GAP)
        self._draw_block(canvas, card.answer, body, "top", role="P")
        if src_box is not None:  # drawn after the answer: read after it
            self._draw_block(canvas, card.sources, src_box, "bottom", role="Note")

    def _marks(self, canvas: Canvas) -> None:
        """Short cut marks in the margins, on the lines of the grid: never on a card."""
        s = self.sheet
        xs = [s.left + i * s.card_w for i in range(3)]
        ys = [s.bottom + i * s.card_h for i in range(3)]
        top, right = ys[-1], xs[-1]
        canvas.saveState()
        canvas.setStrokeColor(HexColor("#000000"))
        canvas.setLineWidth(MARK_LINE)
        for x in xs:
            canvas.line(x, top + MARK_GAP, x, min(top + MARK_GAP + MARK_LEN, s.height - MARK_EDGE))
            canvas.line(x, s.bottom - MARK_GAP, x, max(s.bottom - MARK_GAP - MARK_LEN, MARK_EDGE))
        for y in ys:
            canvas.line(s.left - MARK_GAP, y, max(s.left - MARK_GAP - MARK_LEN, MARK_EDGE), y)
            canvas.line(right + MARK_GAP, y, min(right + MARK_GAP + MARK_LEN, s.width - MARK_EDGE), y)
        canvas.restoreState()

    def _margin_note(self, canvas: Canvas, number: int, total: int, back: bool) -> None:
        """Which sheet and side this is (left), and how to print and cut (right), in the top margin."""
        s = self.sheet
        side = i18n.t(self.lang, "back" if back else "front")
        where = i18n.t(self.lang, "sheet_side", n=number, total=total, side=side)
        how = "print_duplex" if self.doc.card_backs != "none" else "print_single"
        texts = (f"{i18n.t(self.lang, 'cards')} \u00b7 {where}", i18n.t(self.lang, how))
        margin = s.height - (s.bottom + 2 * s.card_h)
        height = NOTE_SIZE * 1.5
        y = s.height - margin / 2 - height / 2
        inset = MARK_GAP + 2 * MM  # keep clear of the marks on the cut lines
        for col, text in enumerate(texts):
            box = Rect(s.left + col * s.card_w + inset, y, s.card_w - 2 * inset, height)
            block = self._line(text, "body", self.colors.muted, box.w, box.h, NOTE_SIZE, NOTE_MIN, again=col == 1)
            self._draw_block(canvas, block, box, "middle", again=col == 1)
