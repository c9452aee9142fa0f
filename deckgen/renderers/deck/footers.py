"""Footers: one size across the deck, fitted to the template's boxes, never a lone "…".

The date, the footer text and the slide number are cloned from each layout's placeholders.
Their size is decided once for the whole deck: the largest from each placeholder's own size
(FOOTER_SIZE where it sets none) down to FOOTER_MIN (readable when projected; both ×1.5 on
an 11.25 in high slide) at which every footer text fits its box on one line, measured in the
placeholder's own typeface. A box the template's artwork (a logo, a shape) overlaps is
moved along the footer band, or narrowed, into the nearest stretch of it clear of the
artwork and of the footers already placed that holds its one-line text. A slide-number box too narrow for three digits at that size
is widened; a text that cannot fit even at FOOTER_MIN is left out, and the fit report says
so once.
The title slide and the Q&A divider carry no footer.
"""

from __future__ import annotations

import copy

from pptx.enum.text import MSO_AUTO_SIZE
from pptx.shapes.shapetree import SlideShapeFactory

from deckgen.content import i18n
from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml import freearea
from deckgen.renderers.slidexml.layouts import FOOTERS, Box
from deckgen.renderers.deck.slides import INSET_X, DeckState, TextTarget, inner_size
from deckgen.renderers.slidexml.geometry import STANDARD_HEIGHT, placeholder_idx, text_boxes
from deckgen.text.fit import WIDTH_MARGIN, Para, Run, TextStyle, one_line_size, widths

FOOTER_SIZE = 12.0
FOOTER_MIN = 10.0
NO_FOOTER = ("title", "divider")  # slide kinds without a footer
_NAMES = {"dt": "date", "ftr": "footer", "sldNum": "slide number"}


def _one_line(para: Para, style: TextStyle, width: float, height: float, high: float, low: float) -> float | None:
    """The largest size (half points) from high to low at which para takes one line."""
    return one_line_size(para, style, width, height, high, low, step=0.5, slack=1.05)


GAP = 45720  # EMU: room kept between a moved footer and the artwork beside it


def _blocks(deck: DeckState, index: int, box: Box) -> list[Box]:
    return [b for b in deck.backdrop.obstacles(index, box) if freearea.overlap(box, b)]


def spans(row: Box, blocks: list[Box], gap: int = GAP) -> list[tuple[int, int]]:
    """The stretches (left, right) of row, left to right, that no block crosses, `gap` clear of each."""
    free = [(row.left, row.left + row.width)]
    for b in blocks:
        if not freearea.overlap(row, b):
            continue
        cut_l, cut_r = b.left - gap, b.left + b.width + gap
        free = [piece for lo, hi in free for piece in ((lo, min(hi, cut_l)), (max(lo, cut_r), hi)) if piece[1] > piece[0]]
    return free


def placements(box: Box, free: list[tuple[int, int]], needed: int) -> list[Box]:
    """Where box can go in the free stretches of its row, nearest its own place first: as wide as
    it was (or as `needed`, whichever is more) where the stretch allows, else the whole stretch."""
    out = []
    centre = box.left + box.width / 2
    for lo, hi in free:
        width = min(hi - lo, max(box.width, needed))
        left = min(max(int(centre - width / 2), lo), hi - width)
        if box.left >= lo and box.left + width <= hi:
            left = box.left  # clear where it stands: it keeps its place (and its alignment)
        elif box.left + box.width <= hi and box.left + box.width - width >= lo:
            left = box.left + box.width - width  # keeps its right edge
        out.append(Box(left, box.top, width, box.height))
    return sorted(out, key=lambda b: (abs(b.left + b.width / 2 - centre), -b.width))


def _candidates(deck: DeckState, index: int, box: Box, taken: list[Box], needed: int) -> list[Box]:
    """box itself when the template's artwork leaves it clear, else the places along the footer band
    (the row box stands in, across the slide) clear of the artwork and of the footers already placed,
    nearest first."""
    if not _blocks(deck, index, box) and not any(freearea.overlap(box, t) for t in taken):
        return [box]
    slide_w = int(deck.prs.slide_width)
    edge = int(slide_w * freearea.MARGIN / 2)
    row = Box(min(box.left, edge), box.top, max(box.left + box.width, slide_w - edge) - min(box.left, edge),
              box.height)
    return placements(box, spans(row, _blocks(deck, index, row) + taken), needed)


class Footers:
    """A mixin for the deck renderer: plans and writes the footers."""

    def _plan_footers(self, deck: DeckState, layout_indexes: list[int]) -> None:
        """Decides the deck's footer size and each layout's footer parts, before any slide."""
        doc = deck.doc
        # Each kind's texts, longest first: a footer without the organisation beats no footer.
        title = " ".join(doc.title.plain.split())
        texts = {"ftr": list(dict.fromkeys(x for x in (" · ".join(y for y in (title, doc.organisation) if y), title)
                                           if x)),
                 "dt": [i18n.long_date(doc.date, doc.language)] if doc.date else [], "sldNum": ["888"]}
        scale = max(1.0, deck.size[1] / STANDARD_HEIGHT)  # a 11.25 in high slide: footers ×1.5 as well
        low = FOOTER_MIN * scale
        found: dict[int, list] = {}
        sizes = []
        left_out: dict[str, str] = {}
        for index in dict.fromkeys(layout_indexes):
            parts = []
            for ph in deck.layout_objects[index].placeholders:
                kind = ph._element.xpath("./*[1]/p:nvPr/p:ph")[0].get("type")
                if kind not in FOOTERS or not texts.get(kind):
                    continue
                # measured in the placeholder's own typeface and size, as it will be drawn
                idx = ph.placeholder_format.idx
                style = deck.styles.style(index, kind, idx, space_before=0)
                own = deck.styles.effective_for(index, kind, idx).size
                high = max(own * scale if own and deck.templated else FOOTER_SIZE * scale, low)
                own_box = Box(int(ph.left or 0), int(ph.top or 0), int(ph.width or 0), int(ph.height or 0))
                taken = [p[3] for p in parts]
                size, box = None, own_box
                for text in texts[kind]:
                    para = Para((Run(text),))
                    needed = int(widths(para, style, low)[1] * 1.05 * 12700) + 2 * int(INSET_X)
                    for place in _candidates(deck, index, own_box, taken, needed):
                        width, height = inner_size(place)
                        size = _one_line(para, style, width, height, high, low) if width > 0 else None
                        if size is not None:
                            box = place
                            break
                    if size is not None:
                        break
                if size is not None and box != own_box and ("placed", "footers") not in deck.said:
                    deck.said.add(("placed", "footers"))
                    deck.report.append("footers: moved or narrowed along the footer band, clear of the template's "
                                       "artwork (a logo, a shape)")
                if size is None and kind == "sldNum" and not _blocks(deck, index, box):  # widen it to hold three digits
                    needed = int(style.family.face(False, False).width("888") * low / WIDTH_MARGIN
                                 * 12700) + 2 * int(INSET_X) + 12700
                    slide_w = int(deck.prs.slide_width)
                    right = box.left + box.width
                    left = right - needed if box.left + box.width / 2 > slide_w / 2 else box.left
                    if 0 <= left and left + needed <= slide_w:
                        box = Box(left, box.top, needed, max(box.height, int(low * 1.2 * 12700) + 2 * 45720))
                        size = low
                if size is None:
                    left_out.setdefault(kind, texts[kind][-1])
                    continue
                sizes.append(size)
                parts.append((ph, kind, para, box, style))
            found[index] = parts
        deck.footer_size = min(sizes, default=FOOTER_SIZE * scale)
        deck.footer_cache = found
        for kind, text in left_out.items():
            what = _NAMES[kind]
            shown = "three digits" if kind == "sldNum" else repr(text)
            deck.report.append(f"footer: the {what} ({shown}) does not fit the template's {what} box at "
                               f"{low:g} pt; left out")

    def _footers(self, deck: DeckState, slide, choice, kind: str) -> None:
        """The layout's date, footer and slide-number placeholders, filled, on the slide; one that
        would lie over the slide's text (a title at the top beside a date) is left out, said in the
        fit report."""
        if not deck.theme.deck.footer or kind in NO_FOOTER:
            return
        number = deck.count
        key = f"{deck.doc.name}/{number}"
        prepared = deck.footer_shapes.get(choice.layout.index)
        shapes = slide.slide.shapes
        texts = _text_boxes(slide.slide, choice.layout)  # what deckgen wrote on the slide: no footer goes over it
        if prepared is None:
            prepared = deck.footer_shapes[choice.layout.index] = self._prepare(deck, slide, choice, number, key)
        kept = []
        for element, box, part in prepared:
            if any(freearea.overlap(box, t) for t in texts):
                deck.report.append(f"slide {number}: the {_NAMES[part]} left out: it would lie over the slide's text")
            else:
                kept.append(element)
        ooxml.append_copies(shapes._spTree, kept, number, key)

    def _prepare(self, deck: DeckState, slide, choice, number: int, key: str) -> list[tuple]:
        """The layout's footers, filled once (element, box, kind) and copied onto each of its slides,
        with their own shape ids and slide number (python-pptx's cloning scans the slide and the
        layout for every shape)."""
        made = []
        size = deck.footer_size
        shapes = slide.slide.shapes
        for ph, part, para, box, style in deck.footer_cache.get(choice.layout.index, []):
            shapes.clone_placeholder(ph)
            shape = shapes[-1]
            if (box.left, box.top, box.width, box.height) != (ph.left, ph.top, ph.width, ph.height):
                ooxml.place(shape._element, (box.left, box.top, box.width, box.height))
            frame = shape.text_frame
            if part == "sldNum":
                frame.auto_size = MSO_AUTO_SIZE.NONE
                frame.word_wrap = False
                ooxml.slide_number_field(frame.paragraphs[0]._p, number, deck.culture, int(round(size * 100)), key)
            else:
                self._write(deck, TextTarget(frame._txBody, slide.slide.part, False), [para], size, style)
            made.append((copy.deepcopy(shape._element), box, part))
            shape._element.getparent().remove(shape._element)  # the copies go on, this one too
        return made


def _text_boxes(slide, layout) -> list[Box]:
    """The boxes of the text shapes, tables and charts on a slide (groups opened), footers aside."""
    by_idx: dict[int, list[Box]] = {}
    for ph in layout.placeholders:
        by_idx.setdefault(ph.idx, []).append(ph.box)

    def inherited(element) -> Box | None:
        """A placeholder's box from its layout's placeholder of the same idx (as python-pptx finds it,
        the layout's own resolved from its master: slidexml.geometry.describe_layouts); python-pptx's
        answer where that is not one clear box."""
        idx = placeholder_idx(element)
        boxes = by_idx.get(idx) if idx is not None else None
        if boxes and len(boxes) == 1 and boxes[0].width and boxes[0].height:
            return boxes[0]
        return _inherited_box(slide, element)

    return text_boxes(slide.shapes._spTree, inherited, FOOTERS)


def _inherited_box(slide, element) -> Box | None:
    """The position python-pptx gives a shape that has none of its own (from its layout placeholder)."""
    shape = SlideShapeFactory(element, slide.shapes)
    if not (shape.width and shape.height):
        return None
    return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
