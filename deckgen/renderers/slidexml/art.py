"""Where a slide's picture goes and how it narrows the slide's text: pure geometry, shared by the
deck (renderers/deck/pictures.py places the picture) and the run sheet's count of the slides a
text beside a picture takes (renderers/paging.py)."""

from __future__ import annotations

from dataclasses import dataclass

from deckgen.content.model import Picture
from deckgen.renderers.slidexml.layouts import FOOTERS, PICTURE, Box, Choice

AUTO = {"title": "background", "question": "background"}  # every other slide: side
TEXT_SHARE = 0.5  # of the region's width, for the text beside a side picture
GAP = 0.04  # of the region's width, between the text and a side picture
@dataclass(frozen=True)
class Art:
    """A slide's picture, arranged: its area, and the boxes its text gets instead of the layout's."""

    pic: Picture
    placement: str  # side or background
    area: Box  # the picture's box (with its caption, for a side picture)
    body: Box | None = None  # the body text's box, when the picture narrows it
    title: Box | None = None  # the title's box, when the picture narrows it (the title slide)
    placeholder: int | None = None  # idx of the layout's picture placeholder it fills


def arrange(pic: Picture | None, kind: str, choice: Choice, body: Box, slide: tuple[int, int]) -> Art | None:
    """Where a slide's picture goes and how it narrows the text; None without a picture."""
    if pic is None:
        return None
    width, height = slide
    placement = pic.placed(AUTO.get(kind, "side"))
    if placement == "background":
        return Art(pic, "background", Box(0, 0, width, height))
    slots = choice.layout.of(PICTURE)
    if slots:
        slot = max(slots, key=lambda p: p.box.area)
        return Art(pic, "side", slot.box, placeholder=slot.idx)
    if kind == "title":  # beside the title and subtitle: the right part of the slide, edge to edge
        title = title_box(choice, slide)
        split = int(width * 0.56)
        left = min(title.left, body.left)
        text_w = split - left - int(width * 0.03)
        footers = [p.box.top for p in choice.layout.of(*FOOTERS) if p.box.height]
        bottom = min(footers) - int(height * 0.01) if footers else height  # the footers stay on the slide's colour
        return Art(pic, "side", Box(split, 0, width - split, bottom),
                   body=Box(left, body.top, text_w, body.height), title=Box(left, title.top, text_w, title.height))
    gap = int(body.width * GAP)
    text_w = int(body.width * TEXT_SHARE)
    return Art(pic, "side", Box(body.left + text_w + gap, body.top, body.width - text_w - gap, body.height),
               body=Box(body.left, body.top, text_w, body.height))


def title_box(choice: Choice, slide: tuple[int, int]) -> Box:
    """Where the slide's title is: deckgen's own title box, the layout's, or (a layout without one)
    the top strip the master's title takes."""
    if choice.title_box is not None:
        return choice.title_box
    if choice.layout.title is not None:
        return choice.layout.title.box
    width, height = slide
    return Box(int(width * 0.06), int(height * 0.04), int(width * 0.88), int(height * 0.16))


def title_idx(choice: Choice) -> int:
    return choice.layout.title.idx if choice.layout.title is not None else 0
