"""What is drawn behind text on a slide: a small picture of it, and the template's artwork.

A `Backdrop` paints, with Pillow, what a layout's slides show before any text: the
slide's, layout's or master's background (solid, gradient, pattern, picture), then the
master's and the layout's own shapes (filled shapes, lines and rules with their rotation,
pictures and logos, groups), in drawing order; a slide's own shapes (deckgen's bands,
panels and pictures) are painted over a copy for that slide. The colours under a text box
are read off that picture, so contrast is checked against what is really there.

The same reading gives the template's *artwork*: every visible thing a master or layout
draws that is not a placeholder or the background (a shape covering most of the slide is
background). Text deckgen places must not cross artwork, except a band or panel it lies
wholly on (see `obstacles_for`). Pure XML reading and Pillow: no python-pptx.
"""

from __future__ import annotations

from deckgen.renderers.slidexml.layouts import Box, common
from deckgen.renderers.slidexml.paint import Artwork, Frame, Painter, _bounds, _corners, inside
from deckgen.renderers.slidexml.xmlpath import MC, P

BACKGROUND_SHARE = 0.6  # artwork covering more of the slide than this is background, not an obstacle
BAND_SHARE = 0.6  # a box this much on a filled band or panel belongs to it
INSET = (91440, 45720)  # EMU: a text box's insets, where no text is drawn
MIN_SHARE = 0.04  # a colour under less of a text box than this does not count


class Backdrop:
    """Per deck: the painted backdrop and the artwork of each layout, made once."""

    def __init__(self, layout_objects, size: tuple[int, int], scheme: dict[str, str]):
        self.layout_objects = layout_objects
        self.size = size
        self.painter = Painter(size, scheme)
        self._images: dict[int, object] = {}
        self._art: dict[int, list[Artwork]] = {}
        self._read: dict[tuple, list[tuple[str, float]]] = {}  # colours_under by the pixels it reads

    def _paint(self, index: int) -> None:
        layout = self.layout_objects[index]
        master = layout.slide_master
        img = self.painter.blank()
        if not self.painter.background(img, [(layout._element, layout.part), (master._element, master.part)]):
            img.paste(self.painter.scheme.get("bg1", "#FFFFFF"), (0, 0) + img.size)
        art: list[Artwork] = []
        if layout._element.get("showMasterSp") not in ("0", "false"):
            self.painter.shapes(img, master._element, master.part, art)
        self.painter.shapes(img, layout._element, layout.part, art)
        self._images[index], self._art[index] = img, art

    def image(self, index: int):
        if index not in self._images:
            self._paint(index)
        return self._images[index]

    def artwork(self, index: int) -> list[Artwork]:
        """Everything visible the layout's slides show from their layout and master (nothing, without
        painting, when they have no shape but placeholders: the run sheet's reading of a plain base)."""
        if index not in self._art:
            layout = self.layout_objects[index]
            trees = [layout._element] + ([layout.slide_master._element]
                                         if layout._element.get("showMasterSp") not in ("0", "false") else [])
            if any(_drawn(tree) for tree in trees):
                self._paint(index)
            else:
                self._art[index] = []
        return self._art[index]

    def obstacles(self, index: int, box: Box | None = None) -> list[Box]:
        """The artwork text must keep clear of: all but what covers most of the slide (a background)
        and the filled bands and panels `box` lies wholly on."""
        w, h = self.size
        out = []
        for item in self.artwork(index):
            if item.faint or item.box.area > BACKGROUND_SHARE * w * h:
                continue
            if box is not None and item.filled and inside(box, item.box):
                continue
            for b in item.pieces or (item.box,):
                clipped = Box(max(b.left, 0), max(b.top, 0), min(b.left + b.width, w) - max(b.left, 0),
                              min(b.top + b.height, h) - max(b.top, 0))
                if clipped.width > 0 and clipped.height > 0:  # beside the slide: never drawn
                    out.append(clipped)
        return out

    def _band_under(self, index: int, box: Box, within: int | None = None, partly: bool = False):
        """The first filled band or panel of the layout (not faint; of at most `within` area; with `partly`,
        one box is not wholly inside) that most of box (BAND_SHARE) lies on, and the part of box on it;
        (None, None) when there is none."""
        for item in self.artwork(index):
            if item.filled and not item.faint and (within is None or item.box.area <= within) \
                    and not (partly and inside(box, item.box)):
                part = common(box, item.box)
                if part is not None and part.area >= BAND_SHARE * box.area:
                    return item, part
        return None, None

    def onto_band(self, index: int, box: Box, others: tuple[Box, ...] = ()) -> Box:
        """box, or box moved onto a filled band or panel of the template that covers most of it, cut only
        where the band is smaller (text a designer put on a band stays wholly on it, where its colour was
        chosen to read, at the height the template gave it: LibreOffice's Piano puts the title's box half
        over its grey band, and the part on the band alone left a title of 19 pt). Where the moved box
        would meet one of `others` (the slide's other text boxes) that the box itself does not, only its
        part on the band is kept (LibreOffice's Grey Elegant: the body moved up onto its band over the title)."""
        item, part = self._band_under(index, box, partly=True)
        if item is None:
            return box
        band = item.box
        width, height = min(box.width, band.width), min(box.height, band.height)
        left = min(max(box.left, band.left), band.left + band.width - width)
        top = min(max(box.top, band.top), band.top + band.height - height)
        moved = Box(left, top, width, height)
        if any(common(moved, o) is not None and common(box, o) is None for o in others):
            return part
        return moved

    def on_panel(self, index: int, box: Box) -> bool:
        """Whether most of box (BAND_SHARE) lies on one filled band or panel of the template (not a
        background): a title the template gives a coloured callout or band of its own."""
        w, h = self.size
        return self._band_under(index, box, int(BACKGROUND_SHARE * w * h))[0] is not None

    def read_area(self, box: Box, size: tuple[int, int]) -> tuple[int, int, int, int]:
        """The pixels (x0, y0, x1, y1) colours_under reads for a text box on a picture of `size`."""
        s = self.painter.scale
        box = Box(box.left + INSET[0], box.top + INSET[1], box.width - 2 * INSET[0], box.height - 2 * INSET[1])
        x0, y0 = max(0, round(box.left * s)), max(0, round(box.top * s))
        x1 = min(size[0], round((box.left + box.width) * s))
        y1 = min(size[1], round((box.top + box.height) * s))
        return x0, y0, x1, y1

    def colours_under(self, img, box: Box) -> list[tuple[str, float]]:
        """The colours under box on a painted slide, with their share of its area (at least MIN_SHARE)."""
        x0, y0, x1, y1 = self.read_area(box, img.size)
        if x1 <= x0 or y1 <= y0:
            return []
        crop = img.crop((x0, y0, x1, y1))
        key = (crop.mode, crop.size, crop.tobytes())  # the same pixels, the same colours: footers, repeated
        if key not in self._read:                     # layouts and bands are read once per deck
            n = crop.size[0] * crop.size[1]
            colours = crop.getcolors(maxcolors=n + 1)
            if len(colours) > 12:  # a picture: its main colours, and its darkest and lightest twentieth
                quant = crop.quantize(colors=8)
                palette = quant.getpalette()
                colours = [(count, tuple(palette[i * 3:i * 3 + 3])) for count, i in quant.getcolors()]
                colours += _extremes(crop, n)
            out = [("#" + "".join(f"{v:02X}" for v in rgb[:3]), count / n) for count, rgb in colours]
            self._read[key] = sorted([c for c in out if c[1] >= MIN_SHARE], key=lambda c: -c[1])
        return list(self._read[key])


EXTREME = 0.05  # a picture's darkest and lightest twentieth of the pixels under a text count as colours of their own


def _extremes(crop, n: int) -> list[tuple[int, tuple]]:
    """The mean colour of the darkest and of the lightest EXTREME of a picture's pixels, each counted as
    MIN_SHARE of the box: quantizing a photo to its main colours averages its dark and light spots away
    (LibreOffice's Candy: black text over sweets read 3.2:1 on the box's eight colours, 2.0:1 on its
    darkest twentieth), and text crossing them must read there too."""
    from PIL import ImageStat

    rgb = crop.convert("RGB")
    luma = rgb.convert("L")  # ITU-R 601 luma, as the darkness of a pixel
    histogram, k = luma.histogram(), max(1, int(n * EXTREME))
    dark = next(v for v in range(256) if sum(histogram[:v + 1]) >= k)
    light = next(v for v in range(255, -1, -1) if sum(histogram[v:]) >= k)
    share = int(n * MIN_SHARE) + 1
    return [(share, tuple(int(c) for c in ImageStat.Stat(rgb, luma.point(lambda v, t=t, f=f: 255 if f(v, t) else 0,
                                                                            "1")).mean))
            for t, f in ((dark, lambda v, t: v <= t), (light, lambda v, t: v >= t))]

class SlideLayers:
    """A slide's picture: its layout's backdrop with the slide's own background and shapes drawn over it
    in drawing order, each shape painted once: under(sp) paints
    only what lies between the previous sp asked for and this one (a legibility check asks for every
    text of a slide; painting all that lies below each text anew cost a third of the deck's time).
    The image is the same as painting every shape below sp afresh: the same painter calls in the same order; should the
    shapes already painted have changed (one removed or moved), it starts again from the layout's.

    colours(sp, box) reads the colours under one text box and may leave a picture of the slide's
    own (a photo, the QR code) unpainted while no text box it reads meets it: a picture changes
    only the pixels of its own rectangle, so every pixel outside it is the same either way; the
    first text box that meets one has the slide painted again, whole, in order."""

    PAD = 2  # px: a deferred picture's rectangle, widened for rounding

    def __init__(self, backdrop: Backdrop, index: int, slide_element, slide_part):
        self.backdrop, self.index, self.element, self.part = backdrop, index, slide_element, slide_part
        self.img = None
        self.painted: list = []  # the spTree's children painted onto img (or deferred), in order
        self.deferred: list[tuple[int, int, int, int]] = []  # pixel rectangles of pictures left unpainted

    def _children(self, below) -> tuple[list, int]:
        tree = self.element.find(f"{{{P}}}cSld/{{{P}}}spTree")
        children = list(tree) if tree is not None else []
        return children, next((i for i, el in enumerate(children) if el is below), len(children))

    def _start(self) -> None:
        self.img = self.backdrop.image(self.index).copy()
        self.backdrop.painter.background(self.img, [(self.element, self.part)])
        self.painted, self.deferred = [], []

    def _paint(self, elements) -> None:
        self.backdrop.painter._tree(self.img, elements, self.part, Frame(), None, None, slide=True)

    def under(self, below=None):
        children, stop = self._children(below)
        done = len(self.painted)
        if self.img is None or self.deferred or stop < done or any(
                a is not b for a, b in zip(children[:done], self.painted)):
            self._start()
            done = 0
        if stop > done:
            self._paint(children[done:stop])
            self.painted = children[:stop]
        return self.img.copy()

    def colours(self, below, box: Box) -> list[tuple[str, float]]:
        """backdrop.colours_under(self.under(below), box), without the copy, its pictures painted when needed."""
        children, stop = self._children(below)
        done = len(self.painted)
        if self.img is None or stop < done or any(a is not b for a, b in zip(children[:done], self.painted)):
            self._start()
            done = 0
        area = self.backdrop.read_area(box, self.img.size)
        if any(_meets(area, r) for r in self.deferred):  # a picture left out is under this text: all again
            self._start()
            done = 0
        run: list = []
        for el in children[done:stop]:
            rect = self._picture(el)
            if rect is None or _meets(area, rect):
                run.append(el)
                continue
            if run:
                self._paint(run)
                run = []
            self.deferred.append(rect)
        if run:
            self._paint(run)
        self.painted = children[:stop]
        return self.backdrop.colours_under(self.img, box)

    def _picture(self, el) -> tuple[int, int, int, int] | None:
        """The pixels a p:pic of the slide may paint (its bounds, as Painter._paste places it), or None
        for anything else."""
        if el.tag != f"{{{P}}}pic":
            return None
        pts = _corners(el, Frame())
        if pts is None:
            return (0, 0, 0, 0)  # not painted at all
        b, s = _bounds(pts), self.backdrop.painter.scale
        x, y = round(b.left * s), round(b.top * s)
        w, h = max(1, round(b.width * s)), max(1, round(b.height * s))
        return (x - self.PAD, y - self.PAD, x + w + self.PAD, y + h + self.PAD)


_DRAWN = {f"{{{P}}}{tag}" for tag in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame")}
_ALTERNATE = f"{{{MC}}}AlternateContent"


def _drawn(element) -> bool:
    """Whether a master's or layout's shape tree has anything Painter.shapes may list as artwork: a shape
    that is not a placeholder (or an mc:AlternateContent, which may hold one)."""
    tree = element.find(f"{{{P}}}cSld/{{{P}}}spTree")
    for el in tree if tree is not None else ():
        if el.tag == _ALTERNATE:
            return True
        if el.tag in _DRAWN and not any(nv.tag.endswith("Pr") and nv.find(f"{{{P}}}nvPr/{{{P}}}ph") is not None
                                        for nv in el.iterchildren("*")):
            return True
    return False


def _meets(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
