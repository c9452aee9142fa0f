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

from deckgen.renderers.deck.layouts import Box
from deckgen.renderers.deck.paint import P, Artwork, Frame, Painter, inside

BACKGROUND_SHARE = 0.6  # artwork covering more of the slide than this is background, not an obstacle
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
        """Everything visible the layout's slides show from their layout and master."""
        if index not in self._art:
            self._paint(index)
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

    def onto_band(self, index: int, box: Box) -> Box:
        """box, or its part on a filled band or panel of the template that covers most of it (text a
        designer put on a band stays wholly on it, where its colour was chosen to read)."""
        for item in self.artwork(index):
            b = item.box
            if not item.filled or item.faint or inside(box, b):
                continue
            left, top = max(box.left, b.left), max(box.top, b.top)
            right, bottom = min(box.left + box.width, b.left + b.width), min(box.top + box.height, b.top + b.height)
            if right > left and bottom > top and (right - left) * (bottom - top) >= 0.6 * box.area:
                return Box(left, top, right - left, bottom - top)
        return box

    def slide_image(self, index: int, slide_element, slide_part, below=None):
        """The layout's backdrop with the slide's own background and shapes drawn before `below`."""
        return SlideLayers(self, index, slide_element, slide_part).under(below)

    def colours_under(self, img, box: Box) -> list[tuple[str, float]]:
        """The colours under box on a painted slide, with their share of its area (at least MIN_SHARE)."""
        s = self.painter.scale
        box = Box(box.left + INSET[0], box.top + INSET[1], box.width - 2 * INSET[0], box.height - 2 * INSET[1])
        x0, y0 = max(0, round(box.left * s)), max(0, round(box.top * s))
        x1 = min(img.size[0], round((box.left + box.width) * s))
        y1 = min(img.size[1], round((box.top + box.height) * s))
        if x1 <= x0 or y1 <= y0:
            return []
        crop = img.crop((x0, y0, x1, y1))
        n = crop.size[0] * crop.size[1]
        colours = crop.getcolors(maxcolors=n + 1)
        if len(colours) > 12:  # a picture: its main colours
            quant = crop.quantize(colors=8)
            palette = quant.getpalette()
            colours = [(count, tuple(palette[i * 3:i * 3 + 3])) for count, i in quant.getcolors()]
        out = [("#" + "".join(f"{v:02X}" for v in rgb[:3]), count / n) for count, rgb in colours]
        return sorted([c for c in out if c[1] >= MIN_SHARE], key=lambda c: -c[1])


def text_background(prs, choice, scheme: dict[str, str]) -> str | None:
    """The colour most of a layout's body (or free area, or title) is drawn on, for `themes new --from`."""
    from deckgen.renderers.deck import template as tpl

    objects = tpl.layout_objects(prs)
    backdrop = Backdrop(objects, (int(prs.slide_width), int(prs.slide_height)), scheme)
    box = choice.area or (choice.body.box if choice.body is not None else None) or (
        choice.layout.title.box if choice.layout.title is not None else None)
    if box is None:
        return None
    under = backdrop.colours_under(backdrop.image(choice.layout.index), box)
    return under[0][0] if under else None


class SlideLayers:
    """slide_image for one slide's shapes in drawing order, each shape painted once: under(sp) paints
    only what lies between the previous sp asked for and this one (a legibility check asks for every
    text of a slide; painting all that lies below each text anew cost a third of the deck's time).
    The image is the same as slide_image's: the same painter calls in the same order; should the
    shapes already painted have changed (one removed or moved), it starts again from the layout's."""

    def __init__(self, backdrop: Backdrop, index: int, slide_element, slide_part):
        self.backdrop, self.index, self.element, self.part = backdrop, index, slide_element, slide_part
        self.img = None
        self.painted: list = []  # the spTree's children painted onto img, in order

    def under(self, below=None):
        tree = self.element.find(f"{{{P}}}cSld/{{{P}}}spTree")
        children = list(tree) if tree is not None else []
        stop = next((i for i, el in enumerate(children) if el is below), len(children))
        done = len(self.painted)
        if self.img is None or stop < done or any(a is not b for a, b in zip(children[:done], self.painted)):
            self.img = self.backdrop.image(self.index).copy()
            self.backdrop.painter.background(self.img, [(self.element, self.part)])
            self.painted, done = [], 0
        if stop > done:
            self.backdrop.painter._tree(self.img, children[done:stop], self.part, Frame(), None, None, slide=True)
            self.painted = children[:stop]
        return self.img.copy()
