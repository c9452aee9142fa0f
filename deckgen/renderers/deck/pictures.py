"""Pictures on slides: where each goes, its crop, the panel that keeps text legible on it, its credit.

A slide's picture is placed before its text is fitted, so that the text is fitted into
the room the picture leaves (the fit guarantee holds):

- `side`: the picture takes the right part of the slide's text region (a layout's picture
  placeholder, when the chosen layout has one), the text the left part;
- `background`: the picture fills the slide behind everything; panels in the background
  colour sit behind the text and the footers, each as opaque as the pixels under it need
  for every text colour to reach 4.5:1 there.

Crops are written as `srcRect` on the whole (downscaled) picture, so PowerPoint's Crop tool
can move them; each picture has its alt text, or is marked decorative; a credit is a
small caption (under a side picture, on a label over a background one).
"""

from __future__ import annotations

import io

from pptx.util import Emu, Pt

from deckgen.content.model import Picture
from deckgen.renderers import pictures
from deckgen.renderers.deck import ooxml
from deckgen.renderers.deck.ooxml import qn
from deckgen.renderers.deck.slides import INSET_X, INSET_Y, inner_size
from deckgen.renderers.slidexml.art import Art
from deckgen.renderers.slidexml.freearea import overlap
from deckgen.renderers.slidexml.layouts import FOOTERS, Box, Choice, common, union
from deckgen.renderers.slidexml.xmlpath import A
from deckgen.text.fit import Para, Run, TextStyle, block_height, fit_one, truncate, widths

CAPTION_SIZES = (12.0, 10.0)  # pt: a credit is a caption, at least as large as a footer
CAPTION_LINE = 1.15
PAD = Emu(137160)  # 0.15 in: a panel reaches this far beyond the text it is under


def text_band(box: Box, paras: list[Para], size: float, style: TextStyle, middle: bool) -> Box:
    """The part of a text box its fitted text takes (a panel on a picture covers only that)."""
    if not paras:
        return Box(box.left, box.top, box.width, 0)
    width, _ = inner_size(box)
    height = min(box.height, int(Pt(block_height(paras, style, size, width))) + 2 * int(INSET_Y))
    top = box.top + (box.height - height) // 2 if middle else box.top
    return Box(box.left, top, box.width, height)


class SlidePictures:
    """The pictures of one deck: prepared once per file, placed on slides."""

    def __init__(self, deck, write):
        self.deck = deck
        self.write = write  # the deck renderer's text writer: (deck, target, paras, size, style, scheme=)
        self.cache = pictures.Cache()

    # --- placing ---------------------------------------------------------------------
    def place(self, slide, art: Art, choice: Choice, text_boxes: list[Box], footers: bool = True) -> None:
        """Puts the picture on the slide (a background one behind everything), its caption and, on a
        background picture, the panels under `text_boxes` and (when the slide has them) the footers."""
        prepared = self.cache.slide(art.pic)
        area = art.area
        caption = None
        if art.pic.credit and art.placement == "side":
            caption_h = int(Pt(CAPTION_SIZES[0] * CAPTION_LINE * 1.2 + 8))
            style = TextStyle(self.deck.body, line_spacing=CAPTION_LINE, space_before=0)
            if fit_one([Para((Run(art.pic.credit),))], style, *inner_size(Box(0, 0, area.width, caption_h)),
                       *CAPTION_SIZES) is None and area.height > 6 * caption_h:
                caption_h = int(Pt(CAPTION_SIZES[0] * CAPTION_LINE * 2 * 1.2 + 8))  # on two lines, not cut short
            caption = Box(area.left, area.top + area.height - caption_h, area.width, caption_h)
            area = Box(area.left, area.top, area.width, area.height - caption_h)
        if art.placeholder is not None and art.placeholder in slide.ph:
            shape = self._into_placeholder(slide, art.placeholder, prepared, area)
        else:
            shape = slide.slide.shapes.add_picture(io.BytesIO(prepared.data), Emu(area.left), Emu(area.top),
                                                   Emu(area.width), Emu(area.height))
        self._crop(shape, art.pic, prepared, area)
        if art.pic.decorative:
            ooxml.decorative(shape._element)
        else:
            ooxml.alt_text(shape, art.pic.alt)
        shape._element.xpath("./*[1]/p:cNvPr")[0].set("name", f"Picture: {art.pic.name}"[:200])
        if art.placement == "background":
            ooxml.send_to_back(shape._element)
            self._panels(slide, shape, prepared, text_boxes, choice if footers else None)
            if art.pic.credit:
                self._credit_label(slide, art.pic, choice, text_boxes, footers)
        elif caption is not None:  # on its own label: legible on a band or panel as on the slide
            ooxml.box_fill(self._caption(slide, art.pic, caption), "bg1")

    @staticmethod
    def finish(slide, art: Art | None, title_idx: int) -> None:
        """Once a slide with a background picture has all its text: every text but the title in the
        text colour, untinted (the title keeps its own colour, measured with the rest)."""
        if art is None or art.placement != "background":
            return
        title = slide.ph.get(title_idx)
        for sp in slide.slide.shapes._spTree.iterchildren(qn("p:sp")):
            if sp is not title and sp.find(qn("p:txBody")) is not None:
                ooxml.solid_text(sp, "tx1")

    def _into_placeholder(self, slide, idx: int, prepared, area: Box):
        """Fills a layout's picture placeholder (the picture stays linked to it, as PowerPoint does it)."""
        placeholder = next(p for p in slide.slide.placeholders if p.placeholder_format.idx == idx)
        shape = placeholder.insert_picture(io.BytesIO(prepared.data))
        slide.ph.pop(idx, None)
        ooxml.place(shape._element, (area.left, area.top, area.width, area.height))
        return shape

    @staticmethod
    def _crop(shape, pic: Picture, prepared, area: Box) -> None:
        """srcRect for fit cover (around the focus); for contain, the whole picture in the area."""
        if pic.fit == "cover":
            left, top, right, bottom = pictures.cover_crop(prepared.width, prepared.height, area.width, area.height,
                                                           pic.focus_point)
            shape.crop_left, shape.crop_top, shape.crop_right, shape.crop_bottom = left, top, right, bottom
            return
        shape.crop_left = shape.crop_top = shape.crop_right = shape.crop_bottom = 0.0
        x, y, w, h = pictures.contain_box(prepared.width, prepared.height, area.left, area.top, area.width,
                                          area.height, pic.focus_point)
        ooxml.place(shape._element, (int(x), int(y), int(w), int(h)))

    # --- text on a picture -------------------------------------------------------------
    def _colors(self) -> tuple[str, list[str]]:
        """The panel's colour and the colours text may have on this deck's slides (#RRGGBB)."""
        deck = self.deck
        if deck.templated:
            scheme = ooxml.theme_colors(deck.prs)
            panel = scheme.get("bg1", "#FFFFFF")
            texts = [scheme[k] for k in ("tx1", "tx2") if k in scheme] or ["#000000"]
        else:
            c = deck.theme.colors
            panel, texts = c.background, [c.text, c.primary, c.muted]
        return panel, texts  # see finish(): no text on a photo keeps a template's tint

    def _panels(self, slide, shape, prepared, text_boxes: list[Box], choice: Choice | None) -> None:
        deck = self.deck
        width, height = int(deck.prs.slide_width), int(deck.prs.slide_height)
        panel_color, texts = self._colors()
        regions = _groups([b for b in text_boxes if b.height > 0], PAD, width, height)
        if deck.theme.deck.footer and choice is not None:
            footers = [p.box for p in choice.layout.of(*FOOTERS) if p.box.width and p.box.height]
            if footers:
                regions.append(union(footers, PAD // 2, width, height))
        after = shape._element
        for region in regions:
            pixels = pictures.region_pixels(prepared, _share_of(region, shape), panel_color)
            opacity = pictures.panel_opacity(pixels, panel_color, texts)
            if opacity > 0:
                after = ooxml.panel(slide.slide.shapes._spTree, (region.left, region.top, region.width, region.height),
                                    "bg1", opacity, "Panel under text", after=after)

    def _credit_label(self, slide, pic: Picture, choice: Choice, text_boxes: list[Box], footers: bool) -> None:
        """The credit on a label in the background colour at the slide's lower right, above the footers
        where the slide shows them,
        or else the first corner clear of the slide's text and its panels (upper right, lower left, upper
        left), the label narrowed to what the credit needs where that clears it, or else on its panel where
        it meets the least text (a title across the top of a template's title slide lay under the upper
        right label: LibreOffice's Piano, DNA)."""
        deck = self.deck
        width, height = int(deck.prs.slide_width), int(deck.prs.slide_height)
        tops = [p.box.top for p in choice.layout.of(*FOOTERS)] if footers and deck.theme.deck.footer else []
        bottom = min(tops) - PAD // 2 if tops else height - int(height * 0.02)  # (a title slide shows none)
        box_h = int(Pt(CAPTION_SIZES[0] * CAPTION_LINE * 1.2 + 8))
        edge, top = int(width * 0.02), int(height * 0.02)
        needed = self._credit_width(pic)
        taken = _groups(text_boxes, PAD, width, height)
        wide = int(width * 0.45)
        candidates = [Box(left, y, box_w, box_h) for box_w in dict.fromkeys((wide, min(needed, wide)))
                      for left, y in ((width - box_w - edge, bottom - box_h), (width - box_w - edge, top),
                                      (edge, bottom - box_h), (edge, top))]
        box = next((c for c in candidates if not any(overlap(c, b) for b in taken)), None) or min(
            candidates, key=lambda c: sum(part.area for b in text_boxes if (part := common(c, b))))  # on its panel
        target = self._caption(slide, pic, box, align_right=box.left > width // 2)
        ooxml.box_fill(target, "bg1")

    def _credit_width(self, pic: Picture) -> int:
        """The width (EMU) a credit needs on one line at the caption's size, with the box's insets."""
        style = TextStyle(self.deck.body, line_spacing=CAPTION_LINE, space_before=0)
        para = Para((Run(pic.credit or ""),))
        return int(Pt(widths(para, style, CAPTION_SIZES[0])[1] + 2)) + 2 * INSET_X

    def _caption(self, slide, pic: Picture, box: Box, align_right: bool = False):
        """A credit in a text box, fitted (12 → 10 pt, then cut with a warning: the closing slide's
        notes hold it whole; a side picture's takes two lines first where one does not hold it: a
        portrait picture's column); returns the text box's element."""
        deck, credit = self.deck, pic.credit or ""
        style = TextStyle(deck.body, line_spacing=CAPTION_LINE, space_before=0)
        width, height = inner_size(box)
        para = Para((Run(credit),))
        size = fit_one([para], style, width, height, *CAPTION_SIZES)
        if size is None:
            size = CAPTION_SIZES[1]
            para = truncate(para, style, width, height, size)
            deck.warn(f"the credit '{credit[:60]}' is too long for a caption on its slide; it is cut there "
                      "(the closing slide's notes list it whole)", "shorten the credit", pic.loc)
        target = slide.textbox(box)
        self.write(deck, target, [para], size, style, scheme="tx1")
        if align_right:
            for p in target.body.iter(f"{{{A}}}pPr"):
                p.set("algn", "r")
        element = target.body.getparent()
        element.xpath("./*[1]/p:cNvPr")[0].set("name", "Picture credit")
        return element



def _groups(boxes: list[Box], pad: int, width: int, height: int) -> list[Box]:
    """One panel per text box, padded; boxes whose panels would touch or nearly touch share one."""
    panels = [union([b], pad, width, height) for b in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(panels)):
            for j in range(i + 1, len(panels)):
                a, b = panels[i], panels[j]
                near = pad * 2  # a strip of photo thinner than this between two panels looks like a mistake
                if a.left <= b.left + b.width + near and b.left <= a.left + a.width + near and \
                        a.top <= b.top + b.height + near and b.top <= a.top + a.height + near:
                    panels[i] = union([a, b], 0, width, height)
                    del panels[j]
                    merged = True
                    break
            if merged:
                break
    return panels


def _share_of(region: Box, shape) -> tuple[float, float, float, float]:
    """A region of the slide as shares (left, top, right, bottom) of the picture shown in `shape`,
    through its crop; below 0 or above 1 where the region reaches past the picture."""
    cl, ct, cr, cb = shape.crop_left, shape.crop_top, shape.crop_right, shape.crop_bottom
    kept_w, kept_h = 1 - cl - cr, 1 - ct - cb
    x, y, w, h = int(shape.left), int(shape.top), int(shape.width), int(shape.height)
    return (cl + (region.left - x) / w * kept_w, ct + (region.top - y) / h * kept_h,
            cl + (region.left + region.width - x) / w * kept_w, ct + (region.top + region.height - y) / h * kept_h)
