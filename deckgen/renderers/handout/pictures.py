"""Pictures in the handout: the cover under the title band, section figures with their credit,
and the list of image credits after the sources.

Each picture is prepared (renderers/pictures.py) for the size it is printed at, at most
300 dpi: cropped around its focus to fill its box (fit cover) or whole (contain).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from deckgen.content import i18n
from deckgen.content.model import Document, Picture
from deckgen.renderers import pictures

COVER_SHARE = 0.26  # the cover's height, as a share of the text width (a wide band)
COVER_MAX = 55 * mm
FIGURE_ASPECT = 3 / 2  # a section figure that fills its box (fit cover) is this wide for its height
FIGURE_MAX = 70 * mm  # the tallest a whole (contained) figure may be
# Compact pictures, the one-pager's first step to fit page 1: the cover beside the title in its band,
# a section picture SMALL_SHARE of the column wide and no taller than SMALL_MAX, its credit along its
# edge, the text flowing beside it.
BAND_SHARE = 0.3  # the cover's width beside the title, as a share of the band's width
SMALL_SHARE = 0.33
SMALL_MAX = 20 * mm
CREDIT_GAP = 1 * mm  # between a small picture and its credit along its edge
SIDE_GAP = 3.5 * mm  # between a half-column picture and the text beside it


class PictureFlowable(Flowable):
    """A prepared picture drawn at a fixed size (an ImageReader per picture: the PDF stores it once).
    `source()` gives the ImageReader and whether it has alpha: the picture is prepared when first
    drawn, so the one-pager's trial layouts (which draw nothing: doc.DryFrame) never decode it.

    Tagged as a Figure with the content's alt text, or as an artifact when it is decorative."""

    def __init__(self, source: Callable[[], tuple[ImageReader, bool]], width: float, height: float,
                 space_after: float = 0.0, space_before: float = 0.0, alt: str = "", decorative: bool = False):
        super().__init__()
        self.source, self.width, self.height = source, width, height
        self.spaceAfter, self.spaceBefore = space_after, space_before
        self.alt, self.decorative = alt, decorative

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        if not hasattr(canvas, "tag"):
            return self._image()
        if self.decorative or not self.alt:
            with canvas.artifact():
                return self._image()
        with canvas.tag("Figure", Alt=self.alt):
            self._image()

    def _image(self) -> None:
        reader, alpha = self.source()
        self.canv.drawImage(reader, 0, 0, self.width, self.height, mask="auto" if alpha else None)


class Inset(Flowable):
    """A small picture (a Block) at the column's right, with the first lines of a paragraph beside it."""

    def __init__(self, block: Flowable, lines: Flowable | None, height: float, space_before: float,
                 space_after: float):
        super().__init__()
        self.block, self.lines = block, lines
        self.height_ = height
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.block.wrap(self.block.width, 1e9)
        self.height = self.height_
        return self.width, self.height

    def draw(self):
        self.block.drawOn(self.canv, self.width - self.block.width, self.height - self.block.height)
        if self.lines is not None:
            self.lines.drawOn(self.canv, 0, self.height - self.lines.height)


def inset(block: Flowable, para, width: float, gap: float, space_before: float) -> list[Flowable]:
    """The picture block at the right of a column of `width`, the paragraph's first lines beside it and
    its rest under it (a Paragraph, split by ReportLab at the line where the picture ends)."""
    _, block_h = block.wrap(block.width, 1e9)
    leading = para.style.leading
    narrow = width - block.width - gap - para.style.leftIndent - para.style.rightIndent
    beside = max(1, -int(-(block_h + gap / 2) // leading))  # lines whose height the picture spans
    para.width = width
    para.blPara = para.breakLines([narrow] * beside + [width - para.style.leftIndent - para.style.rightIndent])
    total = len(para.blPara.lines)
    column = narrow + para.style.leftIndent + para.style.rightIndent  # the width beside the picture
    if total <= beside:
        del para.blPara
        para.wrap(column, 1e9)
        return [Inset(block, para, max(block_h, para.height), space_before, para.getSpaceAfter())]
    parts = para.split(width, beside * leading)  # its own split: the pieces stay one tagged paragraph
    if len(parts) < 2:  # the paragraph may not leave a single line (widows): it goes under the picture
        del para.blPara
        return [Inset(block, None, block_h, space_before, gap), para]
    first, rest = parts
    first.wrap(column, 1e9)  # the same lines: all of them were broken at this width
    return [Inset(block, first, max(block_h, first.height), space_before, 0.0), rest]


class Block(Flowable):
    """A small picture with its credit set along its left edge, reading upwards (as in magazines),
    as one flowable: the credit's lines and the picture side by side."""

    def __init__(self, picture: PictureFlowable, caption: Flowable | None, space_before: float, space_after: float):
        super().__init__()
        self.picture, self.caption = picture, caption
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._caption_w = 0.0
        if caption is not None:
            self._caption_w = caption.wrap(picture.height, 1e9)[1] + CREDIT_GAP
        self.width = picture.width + self._caption_w

    def wrap(self, availWidth, availHeight):
        self.height = self.picture.height
        return self.width, self.height

    def draw(self):
        self.picture.drawOn(self.canv, self._caption_w, 0)
        if self.caption is not None:
            self.canv.saveState()
            self.canv.translate(self._caption_w - CREDIT_GAP, 0)
            self.canv.rotate(90)
            self.caption.drawOn(self.canv, 0, 0)
            self.canv.restoreState()


class Banded(Flowable):
    """The title band with the cover at its right, as tall as the band, its credit along its left edge."""

    def __init__(self, band: Flowable, picture: PictureFlowable, caption: Flowable | None, caption_w: float):
        super().__init__()
        self.band, self.picture, self.caption, self.caption_w = band, picture, caption, caption_w

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.band.wrap(availWidth - self.picture.width - self.caption_w, availHeight)[1]
        return self.width, self.height

    def getSpaceBefore(self):
        return self.band.getSpaceBefore()

    def getSpaceAfter(self):
        return self.band.getSpaceAfter()

    def draw(self):
        c = self.canv
        self.band.drawOn(c, 0, 0)
        if self.band.background:  # the band's colour behind the credit too
            c.saveState()
            c.setFillColor(colors.HexColor(self.band.background))
            c.rect(self.band.width, 0, self.caption_w, self.height, stroke=0, fill=1)
            c.restoreState()
        left = self.width - self.picture.width
        self.picture.drawOn(c, left, self.height - self.picture.height)
        if self.caption is not None:
            c.saveState()
            c.translate(left - CREDIT_GAP, CREDIT_GAP)
            c.rotate(90)
            self.caption.drawOn(c, 0, 0)
            c.restoreState()


class HandoutPictures:
    """The pictures of one handout, each prepared once per printed size."""

    def __init__(self, caption, memo: dict, compact: bool = False):
        """caption: (text, style) -> a Paragraph in that style; memo: kept across the one-pager's trials,
        so that each picture is prepared once per handout; compact: the cover a low band, section
        pictures half the column wide (see SMALL_SHARE)."""
        self.cache = memo.setdefault("picture_cache", pictures.Cache())
        self.readers: dict[int, ImageReader] = memo.setdefault("picture_readers", {})
        self.caption, self.compact = caption, compact

    def _prepared(self, pic: Picture, width: float, height: float) -> tuple[ImageReader, bool]:
        """The picture prepared for a width × height pt box: its ImageReader, and whether it has alpha."""
        prepared = self.cache.print(pic, width, height)
        reader = self.readers.get(id(prepared))
        if reader is None:
            reader = self.readers[id(prepared)] = ImageReader(io.BytesIO(prepared.data))
        return reader, prepared.alpha

    def _flowable(self, pic: Picture, width: float, height: float, after: float, before: float = 0.0) -> Flowable:
        source = partial(self._prepared, pic, width, height)
        if pic.fit == "contain":  # the whole picture: as wide as it may be at this height
            _, _, width, height = pictures.contain_box(*pictures.print_size(pic, width, height), 0, 0, width, height)
        return PictureFlowable(source, width, height, after, before, pic.alt, pic.decorative)

    def cover(self, pic: Picture | None, width: float) -> list[Flowable]:
        """The document's picture as a band across the page, its credit under it."""
        if pic is None:
            return []
        if self.compact:  # the picture and its credit are in the title band (banded)
            return []
        height = min(width * COVER_SHARE, COVER_MAX)
        out = [self._flowable(pic, width, height, 1.2 * mm, before=3 * mm)]
        if pic.credit:
            out[0].keepWithNext = 1
            out.append(self.caption(pic.credit, "caption"))
        return out

    def banded(self, band: Flowable, pic: Picture, width: float) -> Flowable:
        """The title band of `width` with the cover at its right (BAND_SHARE of the width), as tall as the
        band, its credit set along the picture's edge in the band (caption_band)."""
        side = width * BAND_SHARE
        caption = self.caption(pic.credit, "caption_band") if pic.credit else None
        caption_w = 0.0
        if caption is not None:  # the credit's lines run up the band: measured at a guess of its height, then again
            guess = band.wrap(width - side, 1e9)[1]
            caption_w = caption.wrap(guess - 2 * CREDIT_GAP, 1e9)[1] + CREDIT_GAP
        height = band.wrap(width - side - caption_w, 1e9)[1]
        if caption is not None:
            caption.wrap(height - 2 * CREDIT_GAP, 1e9)
        picture = PictureFlowable(partial(self._prepared, pic, side, height), side, height, alt=pic.alt,
                                  decorative=pic.decorative)
        return Banded(band, picture, caption, caption_w)

    def figure(self, pic: Picture | None, width: float) -> list[Flowable]:
        """A section's picture at the column's width, its credit under it; compact: a Block SMALL_SHARE
        of the column wide and at most SMALL_MAX tall, its credit along its edge (inset() sets text
        beside it)."""
        if pic is None:
            return []
        tallest = FIGURE_MAX
        if self.compact:
            width, tallest = width * SMALL_SHARE, SMALL_MAX
        if pic.fit == "cover":
            height = min(width / FIGURE_ASPECT, tallest)
        else:
            shown = pictures.oriented_size(pic)
            height = min(width * shown[1] / shown[0], tallest)
        if self.compact:
            flowable = self._flowable(pic, width, height, 0.0)
            caption = self.caption(pic.credit, "caption_side") if pic.credit else None
            return [Block(flowable, caption, 1.5 * mm, 3 * mm)]
        out = [self._flowable(pic, width, height, 1.2 * mm if pic.credit else 3 * mm, before=1.5 * mm)]
        if pic.credit:  # the credit stays under its picture
            out[0].keepWithNext = 1
            out.append(self.caption(pic.credit, "caption"))
        return out


def credits(doc: Document) -> list[tuple[str, str]]:
    """(where, credit) of every picture the handout prints that has a credit."""
    lang = doc.language
    out: list[tuple[str, str]] = []
    if doc.image is not None and doc.image.credit:
        out.append((i18n.t(lang, "cover"), doc.image.credit))
    for section in doc.sections:
        if section.image is not None and section.image.credit:
            out.append((section.heading.plain if section.heading else i18n.t(lang, "introduction"),
                        section.image.credit))
    return out
