"""Where text goes when a layout has no usable body: the free area of the slide.

The free area lies below the title and above the footer band, and stays clear of the
artwork the master and layout draw (backdrop.py: pictures, logos, filled shapes, rules,
stamps; a full-slide background is not an obstacle: text goes on top of it). When a layout's title box leaves too little
room below it (a centred title-slide title, a Google Slides export's 0.3 in boxes), the
slide gets a title box of its own at the top, so that a template with only a title slide
or a blank layout still gives a deck of the normal length. Pure geometry and XML reading.

`deck` is the deck being written (deck/slides.DeckState) or the run sheet's reading of the same
template (slidexml/geometry.py): anything with `size`, `theme`, `backdrop`, `layout_objects`
(each with `slide_master._element`), `said`, `report`, `free_area_warned` and `warn()`.
"""

from __future__ import annotations

from dataclasses import replace

from deckgen.renderers.slidexml.geometry import master_footer_boxes
from deckgen.renderers.slidexml.layouts import FOOTERS, Box, LayoutInfo

MARGIN = 0.05  # × slide width: left and right margin of boxes deckgen makes
TOP = 0.05  # × slide height: top of a title box of deckgen's own
TITLE_H = 0.16  # × slide height
MIN_FREE = 0.45  # × slide height: less room than this below the title gets an own title box
COLUMN = 0.45  # × slide width: a title box narrower than this (and taller than a fifth of the slide) is a column


def overlap(a: Box, b: Box) -> bool:
    return a.left < b.left + b.width and b.left < a.left + a.width and a.top < b.top + b.height \
        and b.top < a.top + a.height


def on_slide(box: Box, width: int, height: int) -> Box:
    """box clipped to the slide (a title box that starts above the top edge: its text would be cut off),
    a box cut at the top edge starting a little below it, as a title at the top should."""
    left, top = max(box.left, 0), max(box.top, 0 if box.top >= 0 else int(height * TOP * 0.5))
    right, bottom = min(box.left + box.width, width), min(box.top + box.height, height)
    return box if (left, top, right, bottom) == (box.left, box.top, box.left + box.width, box.top + box.height) \
        else Box(left, top, max(right - left, 1), max(bottom - top, 1))


def avoid(region: Box, blocks: list[Box]) -> Box:
    """The largest part of region (above, below, left or right of each block) clear of blocks."""
    for block in blocks:
        if not overlap(region, block):
            continue
        r = region
        parts = [Box(r.left, r.top, r.width, block.top - r.top),
                 Box(r.left, block.top + block.height, r.width, r.top + r.height - block.top - block.height),
                 Box(r.left, r.top, block.left - r.left, r.height),
                 Box(block.left + block.width, r.top, r.left + r.width - block.left - block.width, r.height)]
        parts = [p for p in parts if p.width > 0 and p.height > 0]
        region = max(parts, key=lambda p: p.area) if parts else Box(r.left, r.top, r.width, 1)
    return region


def footer_line(deck, layout_index: int) -> int:
    """Where text of deckgen's own stops above the footer band of a layout (its footers and its master's)."""
    h = deck.size[1]
    master = deck.layout_objects[layout_index].slide_master._element
    return footer_top(deck.layouts[layout_index], [Box(*b) for b in master_footer_boxes(master)], h) - int(h * 0.02)


def footer_top(layout: LayoutInfo, master_footers: list[Box], height: int) -> int:
    """The top of the footer band: the highest footer placeholder in the lower third."""
    tops = [p.box.top for p in layout.of(*FOOTERS) if p.box.top > height * 0.66]
    tops += [b.top for b in master_footers if b.top > height * 0.66]
    return min(tops) if tops else int(height * 0.92)


def own_title_box(width: int, height: int, role: str = "content", footers: list[Box] = ()) -> Box:
    """deckgen's own title box: at the top, or for a title slide a larger one across the upper middle;
    below the footers the layout shows in the upper part of the slide (ddspys' date and slide number
    at the top: a title over them drew text on text)."""
    margin = int(width * MARGIN)
    if role == "title":
        box = Box(margin, int(height * 0.25), width - 2 * margin, int(height * 0.25))
    else:
        box = Box(margin, int(height * TOP), width - 2 * margin, int(height * TITLE_H))
    return below_footers(box, footers, height)


def below_footers(box: Box, footers: list[Box], height: int) -> Box:
    """box moved down, at its height, to just below the footers in the slide's upper half that it
    overlaps (a date or slide number at the top), or its largest part clear of the others."""
    above = [f for f in footers if overlap(box, f) and f.top + f.height / 2 < height / 2]
    if above:
        top = max(f.top + f.height for f in above) + int(height * 0.01)
        box = Box(box.left, top, box.width, box.height)
    return avoid(box, [f for f in footers if overlap(box, f)])


def footer_boxes(layout: LayoutInfo) -> list[Box]:
    """The boxes of the footers (date, footer text, slide number) the layout's slides show."""
    return [p.box for p in layout.of(*FOOTERS)]


def title_too_small(layout: LayoutInfo, min_title_pt: float) -> bool:
    """No title, or a title box lower than one line of a title at its minimum size."""
    return layout.title is None or layout.title.box.height < (min_title_pt * 1.25 + 8) * 12700


def needs_own_title(layout: LayoutInfo, blocks: list[Box], master_footers: list[Box],
                    width: int, height: int, min_title_pt: float, beside: bool = False) -> bool:
    """Whether the free area below the layout's title is too small for a body, or the title
    box too low for one line of a title at its minimum size."""
    if title_too_small(layout, min_title_pt):
        return True
    title = layout.title.box
    return free_area(layout, title, blocks, master_footers, width, height, beside).height < height * MIN_FREE


def free_area(layout: LayoutInfo, title: Box, blocks: list[Box], master_footers: list[Box],
              width: int, height: int, beside: bool = False) -> Box:
    """The region below `title` and above the footer band, clear of the template's pictures; with `beside`
    (the title is on a panel of the template's: ddspys' red callout, 3.8 of 13.3 in on the left, which a
    title box of deckgen's own would leave empty) also beside a title that is a column, when that room is
    the larger: where the template's content slides put their body."""
    margin = int(width * MARGIN)
    left = min(title.left, margin) if title.width > width * 0.5 else margin
    right = max(title.left + title.width, width - margin) if title.width > width * 0.5 else width - margin
    top = title.top + title.height + int(height * 0.03)
    bottom = footer_top(layout, master_footers, height) - int(height * 0.02)
    obstacles = [*blocks, *footer_boxes(layout)]  # a footer in the middle of the slide too
    below = avoid(Box(left, top, right - left, max(bottom - top, 1)), obstacles)
    if not beside or title.width >= width * COLUMN or title.height < height * 0.2:
        return below
    gap = int(width * 0.03)
    beside = [Box(title.left + title.width + gap, int(height * TOP), width - margin - title.left - title.width - gap,
                  bottom - int(height * TOP)),
              Box(margin, int(height * TOP), title.left - gap - margin, bottom - int(height * TOP))]
    beside = [avoid(b, [title, *obstacles]) for b in beside if b.width > width * 0.3]
    return max([below, *beside], key=lambda b: b.area)


def divider_stage(deck, choice) -> Box | None:
    """Where a divider's title and its line go on a section header with neither body nor subtitle
    (utwente's title-only "Section Header"): the column of the layout's title (clipped to the slide),
    from its top down to the footer band; None when that is less than 40 % of the slide's height."""
    w, h = deck.size
    title = choice.title_box or (choice.layout.title.box if choice.layout.title is not None else None)
    if title is None:
        return None
    title = on_slide(title, w, h)
    top = max(title.top, int(h * TOP))
    bottom = footer_line(deck, choice.layout.index)
    return Box(title.left, top, title.width, bottom - top) if bottom - top >= h * 0.4 else None


def grown_title_box(deck, choice, body: Box) -> Box | None:
    """The title's box grown up to the slide's top margin and down to just above the body,
    where nothing the master or layout draws is in the way; None when it cannot grow."""
    w, h = deck.size
    title = choice.title_box or (choice.layout.title.box if choice.layout.title is not None else None)
    if title is None:
        return None
    top = min(title.top, int(h * TOP * 0.6))
    bottom = title.top + title.height
    if body.top >= bottom:
        bottom = max(bottom, body.top - int(h * 0.015))
    grown = Box(title.left, top, title.width, bottom - top)
    if grown.height < title.height * 1.3:
        return None
    blocks = deck.backdrop.obstacles(choice.layout.index, grown) + footer_boxes(choice.layout)
    return None if any(overlap(grown, b) for b in blocks) else grown


def widened(deck, layout_index: int, box: Box, least: float = 1.1) -> Box | None:
    """box made as wide as the slide's margins and the template's artwork beside it allow (a title
    slide's narrow title column, for a word that does not fit it), or None when it cannot grow to more
    than `least` times its width."""
    w, _ = deck.size
    margin = int(w * MARGIN)
    row = Box(0, box.top, w, box.height)
    centre = box.left + box.width // 2
    blocks = [b for b in deck.backdrop.obstacles(layout_index, row) if overlap(row, b)]
    left = max([min(box.left, margin)] + [b.left + b.width for b in blocks if b.left + b.width <= centre])
    right = min([max(box.left + box.width, w - margin)] + [b.left for b in blocks if b.left >= centre])
    grown = Box(left, box.top, right - left, box.height)
    if any(overlap(grown, b) for b in blocks) or grown.width <= box.width * least:
        return None
    return grown


def clear_box(deck, layout_index: int, box: Box) -> Box:
    """box (on the band it mostly lies on), or its largest part clear of the master's and layout's
    artwork (when enough is left)."""
    w, _ = deck.size
    box = deck.backdrop.onto_band(layout_index, box)
    blocks = deck.backdrop.obstacles(layout_index, box)
    if not any(overlap(box, b) for b in blocks):
        return box
    clear = avoid(box, blocks)
    return clear if clear.height >= box.height * 0.5 and clear.width >= w * 0.3 else box


def clear_of_pictures(deck, choice):
    """The title, body and (title slide) subtitle placeholders that artwork of the master or
    layout overlaps (a logo, a callout, a rule, a stamp) get the largest part of their box clear
    of it (awshonolulu draws its logo over the body's corner), a box that mostly lies on a
    band or panel is kept wholly on it, and a box reaching beyond the slide's edge (dtu-mlops'
    title starts above it) is clipped to the slide: title_box, area and subtitle's box."""
    w, h = deck.size
    index = choice.layout.index

    def cleared(box: Box, role: str, others: tuple[Box | None, ...]) -> Box | None:
        inside = on_slide(box, w, h)
        settled = deck.backdrop.onto_band(index, inside, tuple(o for o in others if o is not None))
        why = ["clipped to the slide"] * (inside != box) + ["kept on the template's band"] * (settled != inside)
        blocks = deck.backdrop.obstacles(index, settled)
        if any(overlap(settled, b) for b in blocks):
            clear = avoid(settled, blocks)
            if clear.height >= box.height * 0.5 and clear.width >= w * 0.3:
                settled = clear
                why.append("moved clear of the template's artwork")
        if settled == box:
            return None
        said = ("placed", choice.layout.name, role)
        if why and said not in deck.said:
            deck.said.add(said)
            deck.report.append(f"layout '{choice.layout.name}': the {role} box {' and '.join(why)}")
        return settled

    title = choice.layout.title
    own = choice.title_box or (title.box if title is not None else None)
    body = choice.area or (choice.body.box if choice.body is not None else None)
    subtitle = choice.subtitle.box if choice.subtitle is not None else None
    if own is not None and (box := cleared(own, "title", (body, subtitle))):
        choice, own = replace(choice, title_box=box), box
    if body is not None and (box := cleared(body, "text", (own,))):
        choice = replace(choice, area=box)
    if subtitle is not None and (box := cleared(subtitle, "subtitle", (own,))):
        choice = replace(choice, subtitle=replace(choice.subtitle, box=box))
    return choice


def _title_above(choice, width: int, height: int, min_title_pt: float) -> Box | None:
    """A title box from the top margin down to just above the body, as wide as the layout's title;
    None when that leaves no room for one line of a title at its minimum size."""
    title, body = choice.layout.title, choice.body.box
    left, w = (title.box.left, title.box.width) if title is not None else (int(width * MARGIN),
                                                                          width - 2 * int(width * MARGIN))
    top = max(0, min(int(height * TOP * 0.6), title.box.top if title is not None else height))
    bottom = body.top - int(height * 0.015)
    box = avoid(Box(left, top, w, max(bottom - top, 1)), footer_boxes(choice.layout))
    return None if box.height < (min_title_pt * 1.25 + 8) * 12700 else box


def with_free_area(deck, role: str, choice, force: bool = False):
    """A body-less (or tiny-bodied) layout gets the free area, and its own title box when needed."""
    w, h = deck.size
    tiny = title_too_small(choice.layout, deck.theme.deck.title_min)
    usable_body = choice.body is not None and choice.body.box.height >= h * 0.2
    if not force and not tiny and (role in ("title", "section") or usable_body):
        return clear_of_pictures(deck, choice)
    if not force and tiny and usable_body and role not in ("title", "section"):
        # a low title box (phuse's 0.58 in) does not cost the layout its body: the title gets the room above it
        box = _title_above(choice, w, h, deck.theme.deck.title_min)
        if box is not None:
            return clear_of_pictures(deck, replace(choice, title_box=box))
    layout = deck.layout_objects[choice.layout.index]
    master = layout.slide_master._element
    blocks = deck.backdrop.obstacles(choice.layout.index)
    footers = [Box(*b) for b in master_footer_boxes(master)]
    title_box = None
    beside = not tiny and deck.backdrop.on_panel(choice.layout.index, choice.layout.title.box)
    if (role not in ("title", "section") or tiny) and needs_own_title(choice.layout, blocks, footers, w, h,
                                                                       deck.theme.deck.title_min, beside):
        title_box = own_title_box(w, h, role, footer_boxes(choice.layout))
    area = free_area(choice.layout, title_box or choice.layout.title.box, blocks, footers, w, h,
                     beside and title_box is None)
    if not force and (role in ("content", "question", "closing") or choice.layout.title is None) \
            and not deck.free_area_warned:
        deck.free_area_warned = True
        lacks = "a title" if choice.layout.title is None else "a title and a body of usable size"
        deck.warn(f"the template has no layout with {lacks}; content slides use "
                  f"'{choice.layout.name}'" + (" with a title box of their own" if title_box else "")
                  + " and a text box in the free area", "add a 'Title and Content' layout to the template")
    subtitle = choice.subtitle if choice.subtitle is not None and choice.subtitle.box.height >= h * 0.1 else None
    return clear_of_pictures(deck, replace(choice, body=None, subtitle=subtitle, title_box=title_box, area=area))



def body_box(deck, choice) -> Box:
    """The body's box (its placeholder's, moved clear of the template's pictures), or the free area."""
    if choice.area is not None:
        return choice.area
    if choice.body is not None:
        return choice.body.box
    _, height = deck.size
    title = choice.layout.title.box
    footers = [p.box.top for p in choice.layout.of(*FOOTERS)]
    bottom = min(footers) if footers else int(height * 0.92)
    top = title.top + title.height + int(height * 0.03)
    return Box(title.left, top, title.width, max(bottom - top - int(height * 0.02), 1))


STAGE = (0.47, 0.025, 0.14)  # × slide height: a discussion slide's band (counter, question), gap, task
STAGE_MIN = 0.38  # × slide height: the least a discussion slide's texts are set in, squeezed
STAGE_TASK = 0.1  # × slide height: a squeezed discussion slide's task (two lines at the body's size)


def clear_rows(deck, layout_index: int, left: int, width: int) -> Box | None:
    """The tallest run of rows of the column (left, width) between a fifth of the slide's height and the
    footer band that no artwork of the layout crosses (a rule or drawing from side to side: LibreOffice's
    Pencil, 0.25-0.50 of the height; a band at the foot: Vivid), when it holds a discussion slide's
    texts squeezed (STAGE_MIN), else None."""
    h = deck.size[1]
    low, high = int(h * 0.2), footer_line(deck, layout_index)
    column = Box(left, low, width, max(high - low, 1))
    blocks = sorted((b for b in deck.backdrop.obstacles(layout_index, column) if overlap(column, b)),
                    key=lambda b: b.top)
    runs, at = [], low
    for b in blocks:
        if b.top > at:
            runs.append((at, min(b.top, high)))
        at = max(at, b.top + b.height)
    if at < high:
        runs.append((at, high))
    top, bottom = max(runs, key=lambda r: r[1] - r[0], default=(0, 0))
    if bottom - top < h * STAGE_MIN:
        return None
    return Box(left, top, width, bottom - top)


def stage_in(rows: Box, band: Box, height: int) -> tuple[Box, int, int]:
    """A discussion slide's band (counter and question), its task's top and the task's height within
    clear rows: at the band's usual place where the rows hold the whole stage there, else from the rows'
    top, the task given two lines' room (STAGE_TASK) and the band what is left."""
    band_h, gap, task = (int(height * f) for f in STAGE)
    top = min(max(band.top, rows.top + int(height * 0.01)), rows.top + rows.height - band_h - gap - task)
    if top >= rows.top:
        return Box(band.left, top, band.width, band_h), top + band_h + gap, task
    gap, task = int(height * 0.015), int(height * STAGE_TASK)
    top = rows.top + int(height * 0.01)
    room = rows.top + rows.height - top - gap - task
    return Box(band.left, top, band.width, room), top + room + gap, task
