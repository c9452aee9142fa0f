"""Pictures in the handout: the cover under the title band, section figures with their credit,
and the list of image credits after the sources.

Each picture is prepared (renderers/pictures.py) for the size it is printed at, at most
300 dpi: cropped around its focus to fill its box (fit cover) or whole (contain).
"""

from __future__ import annotations

import io

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


class PictureFlowable(Flowable):
    """A prepared picture drawn at a fixed size (an ImageReader per picture: the PDF stores it once).

    Tagged as a Figure with the content's alt text, or as an artifact when it is decorative."""

    def __init__(self, reader: ImageReader, width: float, height: float, alpha: bool, space_after: float = 0.0,
                 space_before: float = 0.0, alt: str = "", decorative: bool = False):
        super().__init__()
        self.reader, self.width, self.height, self.alpha = reader, width, height, alpha
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
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto" if self.alpha else None)


class HandoutPictures:
    """The pictures of one handout, each prepared once per printed size."""

    def __init__(self, caption, memo: dict):
        """caption: (text) -> a Paragraph in the caption style; memo: kept across the one-pager's trials,
        so that each picture is prepared once per handout."""
        self.cache = memo.setdefault("picture_cache", pictures.Cache())
        self.readers: dict[int, ImageReader] = memo.setdefault("picture_readers", {})
        self.caption = caption

    def _flowable(self, pic: Picture, width: float, height: float, after: float, before: float = 0.0) -> Flowable:
        prepared = self.cache.print(pic, width, height)
        reader = self.readers.get(id(prepared))
        if reader is None:
            reader = self.readers[id(prepared)] = ImageReader(io.BytesIO(prepared.data))
        if pic.fit == "contain":  # the whole picture: as wide as it may be at this height
            _, _, width, height = pictures.contain_box(prepared.width, prepared.height, 0, 0, width, height)
        return PictureFlowable(reader, width, height, prepared.alpha, after, before, pic.alt, pic.decorative)

    def cover(self, pic: Picture | None, width: float) -> list[Flowable]:
        """The document's picture as a band across the page, its credit under it."""
        if pic is None:
            return []
        height = min(width * COVER_SHARE, COVER_MAX)
        out = [self._flowable(pic, width, height, 1.2 * mm, before=3 * mm)]
        if pic.credit:
            out[0].keepWithNext = 1
            out.append(self.caption(pic.credit))
        return out

    def figure(self, pic: Picture | None, width: float) -> list[Flowable]:
        """A section's picture at the column's width, its credit under it."""
        if pic is None:
            return []
        if pic.fit == "cover":
            height = width / FIGURE_ASPECT
        else:
            shown = pictures.oriented_size(pic)
            height = min(width * shown[1] / shown[0], FIGURE_MAX)
        out = [self._flowable(pic, width, height, 1.2 * mm if pic.credit else 3 * mm, before=1.5 * mm)]
        if pic.credit:  # the credit stays under its picture
            out[0].keepWithNext = 1
            out.append(self.caption(pic.credit))
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
