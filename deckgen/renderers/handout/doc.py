"""The handout's document template: balances the columns of the last page, and tells where things landed.

Balancing. When the first column of a page after the first begins, the rest of the story is measured (`stacked_height`, at the
column's width). If it fits in this page's two columns, this is the last page: both
columns are shortened from the bottom to half the rest plus a line, so the text fills
them about equally. Widow and orphan control and keep-with-next can move a line or two;
a column too short for what it must hold would push text to a new page, so the renderer
checks the page count afterwards and builds again without balancing should that happen.

Probes are zero-size flowables that record the page they are drawn on (the one-pager's
end, each section's heading and key figures). A trial also records where the pieces of running
text split over columns land (`short_breaks`: the breaks that leave fewer than KEEP lines on a
side), for onepager.fit to prefer a setting without one.
"""

from __future__ import annotations

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Paragraph

from deckgen.renderers.handout.flowables import NeedRoom, stacked_height, unkept

KEEP = 3  # lines running text should keep on each side of a column or page break (design.md)
RUNNING = ("body", "lead")  # the styles of running text (section text, a lead set in the columns)


def _fill(story: list, width: float, height: float) -> tuple[list, float]:
    """What is left of story after filling a column of height as a frame would (split, widows and
    orphans as the flowables' own split() decides; keep-with-next as NeedRoom decides): a dry run,
    nothing is drawn. Also returns the height the column holds."""
    items = list(unkept(story))
    used, prev_after, at_top = 0.0, 0.0, True
    while items:
        f = items[0]
        if isinstance(f, NeedRoom):
            if not at_top and f.need(width, prev_after) > height - used - prev_after + 0.01:
                return items[1:], used  # the heading starts the next column
            items.pop(0)
            continue
        h = f.wrap(width, 1e9)[1]
        if h == 0 and getattr(f, "_ZEROSIZE", False):
            items.pop(0)
            continue
        space = 0.0 if at_top else max(prev_after, f.getSpaceBefore())
        if used + space + h <= height + 0.01:
            items.pop(0)
            used += space + h
            prev_after, at_top = f.getSpaceAfter(), False
            continue
        room = height - used - space
        parts = f.split(width, room) if room > 0 else []
        if len(parts) >= 2:
            return list(parts[1:]) + items[1:], used + space + parts[0].wrap(width, 1e9)[1]
        return (items if not at_top else items[1:]), used
    return [], used


def balanced_height(story: list, width: float, rest: float, full: float, leading: float) -> float | None:
    """The column height at which the rest of the story fills two columns most evenly (tried in 2 pt
    steps from half the rest to a few lines more); None when only full columns hold it."""
    best = None
    height = max(rest / 2, 12.0)
    while height < min(full, rest / 2 + 8 * leading):
        left, used = _fill(story, width, height)
        second = stacked_height(left, width)
        if second <= height + 0.01 and not _fill(left, width, height)[0]:  # keep rules may need more
            gap = abs(used - second)
            if best is None or gap < best[0] - 0.5:
                best = (gap, height + 1.0)
            if gap <= leading:
                break
        height += 2.0
    return best[1] if best else None


def _not_drawn(*_args, **_kw) -> None:
    """A flowable's drawOn in a trial layout (see DryFrame)."""


class DryFrame(Frame):
    """A frame of a trial layout, whose page is never written: it places flowables as a Frame does
    but draws only those whose drawing tells the layout something (`draw_in_trials`: probes,
    keep-with-next guards). Drawing was a quarter of a trial's time, and a trial asks only where
    things land."""

    def _add(self, flowable, canv, trySplit=0):
        if getattr(flowable, "draw_in_trials", False):
            return super()._add(flowable, canv, trySplit)
        flowable.__dict__["drawOn"] = _not_drawn  # kept by HandoutParagraph.wrap's re-layout
        try:
            placed = super()._add(flowable, canv, trySplit)
        finally:
            flowable.__dict__.pop("drawOn", None)
        if placed:
            self._note(flowable, canv._doctemplate)
        return placed

    add = _add

    def _note(self, flowable, doc) -> None:
        """Records the lines of running text placed here that belong to a paragraph split somewhere (its
        pieces share a `_tag_key`; a paragraph beside an inset picture is such a piece too)."""
        para = getattr(flowable, "lines", flowable)  # pictures.Inset: the lines beside the picture
        if not isinstance(para, Paragraph) or para._tag_key is None or \
                para.style.name.removesuffix("-rtl") not in RUNNING:
            return
        lines = len(para.blPara.lines)
        doc.pieces.setdefault(para._tag_key, {}).setdefault((doc.page, self.id), []).append(lines)


class Probe(Flowable):
    """Records, in `pages`, the page it is drawn on under its key; with `spots`, also there the frame
    and the height of the frame above it (page, frame id, height in pt)."""

    _ZEROSIZE = _SPACETRANSFER = True
    draw_in_trials = True

    def __init__(self, key: str, pages: dict[str, int], spots: dict[str, tuple[int, str, float]] | None = None):
        super().__init__()
        self.key, self.pages, self.spots = key, pages, spots

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        page = self.pages[self.key] = self._doctemplateAttr("page") or 1
        frame = getattr(self, "_frame", None)
        if self.spots is not None and frame is not None:
            self.spots[self.key] = (page, frame.id, _used(frame))


def _used(frame: Frame) -> float:
    """The height a frame has filled so far (pt)."""
    return max(0.0, frame._y2 - frame._topPadding - frame._y)


class PastPageOne(Exception):
    """A trial layout (`page_one_only`) reached page 2: what it tried does not fit on page 1."""


class HandoutDoc(BaseDocTemplate):
    """BaseDocTemplate that balances the last page's columns (see the module's docstring).

    `page_one_only` is for trials that ask whether a story fits on page 1: the layout stops
    with PastPageOne as soon as page 2 begins, instead of laying out the rest for nothing, and
    its frames draw nothing that does not tell where things land (DryFrame)."""

    def __init__(self, *args, balance: bool = False, leading: float = 12.0, page_one_only: bool = False,
                 dry: bool = False, **kw):
        super().__init__(*args, **kw)
        if page_one_only or dry:
            for template in self.pageTemplates:
                for frame in template.frames:
                    object.__setattr__(frame, "__class__", DryFrame)  # Frame's own __setattr__ keeps geometry
        self.balance, self.leading, self.page_one_only = balance, leading, page_one_only
        self._story: list | None = None
        self._changed: list = []  # frames shortened on this page, with their geometry before
        self.balanced_page: int | None = None
        self.left_empty: dict[str, float] = {}  # page 1's columns: the height each left empty at its foot (pt)
        self._column = 0.0
        self.overflow = 0.0  # a page_one_only trial: the height of what did not fit page 1 (in one column)
        self.pieces: dict[object, dict[tuple, list[int]]] = {}  # a trial: split paragraph -> (page, frame) -> lines
        self.filled: dict[int, tuple[float, float]] = {}  # page -> (height its columns filled, their height) (pt)

    def short_breaks(self) -> int:
        """A trial: the paragraphs of running text broken over columns with fewer than KEEP lines of
        theirs on a side of a break (only what was laid out: page 1 in a page_one_only trial)."""
        short = 0
        for frames in self.pieces.values():
            counts = [sum(lines) for lines in frames.values()]  # in the order laid out
            short += len(counts) > 1 and min(counts[0], counts[-1]) < KEEP
        return short

    def handle_flowable(self, flowables):
        if flowables is not getattr(self, "_hanging", None):
            self._story = flowables  # the list build() consumes: what is left of the story
        super().handle_flowable(flowables)

    def handle_pageBegin(self):
        for frame, (y1, height) in self._changed:
            frame.__dict__["_y1"], frame.__dict__["_height"] = y1, height
            frame._geom()
        self._changed = []
        if self.page_one_only and self.page >= 1:
            rest = list(getattr(self, "_hanging", [])) + list(self._story or [])
            self.overflow = stacked_height(rest, self._column)
            raise PastPageOne
        super().handle_pageBegin()

    def handle_pageEnd(self):
        columns = [f for f in self.pageTemplate.frames if f.id.endswith(("-col0", "-col1"))]
        if columns and self.frame is not None:
            frames = self.pageTemplate.frames
            current = frames.index(self.frame) if self.frame in frames else len(frames)
            used = sum(_used(f) for f in columns if frames.index(f) <= current)  # later ones were not begun
            designed = {id(f): height for f, (_, height) in self._changed}  # a balanced page's, before
            self.filled[self.page] = (used, sum(designed.get(id(f), f._height) for f in columns))
        super().handle_pageEnd()

    def handle_frameEnd(self, resume=0):
        frame = self.frame
        if self.page == 1 and frame is not None and frame.id.endswith(("-col0", "-col1")):
            self.left_empty[frame.id] = max(0.0, frame._y - frame._y1p)
            self._column = frame._width
        super().handle_frameEnd(resume)

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):
        super().handle_frameBegin(resume, pageTopFlowables)
        frame = self.frame
        if not self.balance or self.page < 2 or not frame.id.endswith("-col0") or not self._story:
            return
        columns = [f for f in self.pageTemplate.frames if f.id.endswith(("-col0", "-col1"))]
        if len(columns) != 2 or any(f._height != frame._height for f in columns):
            return
        story = list(getattr(self, "_hanging", [])) + self._story
        rest = stacked_height(story, frame._aW, limit=2 * frame._height)
        if rest > 2 * frame._height - 3 * self.leading:
            return  # not the last page, or too full to gain from balancing
        height = balanced_height(story, frame._aW, rest, frame._height, self.leading)
        if height is None:
            return
        for f in columns:
            self._changed.append((f, (f._y1, f._height)))
            top = f._y1 + f._height
            f.__dict__["_y1"], f.__dict__["_height"] = top - height, height
            f._geom()
        self.balanced_page = self.balanced_page or self.page  # the first: a later one means it was not the last
