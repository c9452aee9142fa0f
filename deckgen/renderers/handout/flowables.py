"""The handout's flowables: ReportLab building blocks with the layout rules the handout needs.

Paragraphs that refuse single-line widows and orphans, call-out boxes that split across
columns, keep-with-next guards that look at the room left,
outline marks and rules. They know nothing of the document: the story (`story.py`)
composes them.

Tagging (pdf.tagging): a paragraph is drawn as content of its structure element (`tag_role`,
by default its style's role in `styles.ROLES`), a box as a `tag_role` element around its
content, and the pieces of one flowable split across columns stay one element (`_tag_key`).
`Group` opens and closes the elements that hold several flowables (a section, a list).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.rl_config import _FUZZ

from deckgen.renderers.handout.styles import ROLES
from deckgen.renderers.pdf import rtl
from deckgen.renderers.pdf.breaks import LAST, laid_out, settle
from deckgen.renderers.pdf.runts import no_runt
from deckgen.renderers.pdf.tagging import TaggedParagraph

SMALL_BOX = 220.0  # call-out boxes shorter than this (pt) move whole to the next column, never split
# Lines a paragraph of these styles keeps together on each side of a column or page break (the others
# keep 2: ReportLab's widow and orphan control). A question's answer read over a page turn needs more
# than two lines on either side; one of fewer than twice as many lines moves whole.
KEEP_LINES = {"answer": 3}


def keep_lines(para: Paragraph) -> int:
    """The lines a paragraph keeps on each side of a break: its own `keep_lines` (section text when the
    one-pager runs on: onepager.fit), else its style's."""
    return getattr(para, "keep_lines", None) or KEEP_LINES.get(para.style.name.removesuffix("-rtl"), 2)


def _same(width: float, known: float | None) -> bool:
    """The same width: a frame's and a column's arithmetic may differ in the last bits."""
    return known is not None and abs(width - known) < 1e-6


class _Parsed:
    """A paragraph's `text` or `frags` when made `later` and not yet parsed: parses its markup when
    first read (as ReportLab's Paragraph does when made). Only read while the paragraph has no
    attribute of that name (a descriptor without __set__), so it costs nothing after."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, para, owner=None):
        if para is None:
            return self
        source = para.__dict__.get("_source")
        if source is None or "frags" in para.__dict__:
            raise AttributeError(self.name)
        Paragraph._setup(para, source[0], para.style, para.bulletText, None, cleanBlockQuotedText)
        return para.__dict__[self.name]


class HandoutParagraph(TaggedParagraph):
    """A Paragraph that breaks its lines once per width.

    Keep-with-next (NeedRoom) and boxes measure a paragraph before the frame places it, at
    the same width; ReportLab's Paragraph breaks its lines again on every wrap, which is most
    of a handout's time. The height does not depend on the height offered, so a wrap at the
    width of the last one returns that one's result (line breaks, width and height, which
    draw and split then use) unchanged. Pieces split off are _Paragraphs too (ReportLab
    makes them with the paragraph's class)."""

    roles = ROLES  # each style's structure element (pdf.tagging.TaggedParagraph)
    _wrapped_at: float | None = None
    _breaks = None  # (markup, Hyphenation, Budget, bullet text): hyphenated where lines need it (pdf.breaks)
    _settled_at: float | None = None
    _source = None  # (markup, bullet text, memo): made `later`
    keep_lines: int | None = None  # lines kept on each side of a break, if not its style's (see keep_lines)
    text, frags = _Parsed("text"), _Parsed("frags")
    _KEPT = ("_breaks", "tag_role", "tag_attrs", "_tag_key", "_source", "drawOn", "canv", "_frame", "keep_lines")  # drawOn: DryFrame

    @classmethod
    def later(cls, markup: str, style, memo: dict, bulletText=None) -> "HandoutParagraph":
        """A paragraph whose markup is parsed only when its text is first read, and which is laid out at
        each width as pdf.breaks.laid_out lays it out once per handout (`memo`): the one-pager's
        trials lay out the same paragraphs, and one hyphenated by settle is parsed there."""
        para = cls.__new__(cls)
        para.__dict__.update(caseSensitive=1, encoding="utf8", style=style, debug=0, _source=(markup, bulletText, memo),
                             bulletText=bulletText or getattr(style, "bulletText", None))
        return para

    def _adopt(self, laid: Paragraph, width: float) -> tuple[float, float]:
        """Takes the state of a paragraph laid out at width (its lines, fragments, size)."""
        own = {k: v for k, v in self.__dict__.items() if k in self._KEPT}
        self.__dict__.clear()
        self.__dict__.update(laid.__dict__)
        self.__dict__.update(own)
        self._settled_at = self._wrapped_at = width
        return self.width, self.height

    def hyphenate(self, markup: str, hyph, budget, bulletText=None, memo=None) -> "HandoutParagraph":
        """Lets the first wrap at each width put soft hyphens where lines need them (see pdf.breaks)."""
        self._breaks = (markup, hyph, budget, bulletText, memo)
        return self

    _rtl = None  # (text, fonts, role, bold, loc, anchor, bullet): a right-to-left paragraph (pdf.rtl)

    def right_to_left(self, text, fonts, role, bold, loc, anchor="", bulletText=None) -> "HandoutParagraph":
        """Sets the paragraph in visual order, broken into lines at each width it is wrapped at (pdf.rtl)."""
        self._rtl = (text, fonts, role, bold, loc, anchor, bulletText)
        return self

    def wrap(self, availWidth, availHeight):
        if _same(availWidth, self._wrapped_at) and "blPara" in self.__dict__:  # split() drops it to start over
            return self.width, self.height
        if self._rtl is not None and not _same(availWidth, self._settled_at) and availWidth >= _FUZZ:
            text, fonts, role, bold, loc, anchor, bullet = self._rtl
            style = self.style
            width = availWidth - style.leftIndent - style.rightIndent - 0.01
            markup, right = rtl.markup(fonts, text, role, bold, style.fontSize, width, loc)
            if right and style.alignment != TA_RIGHT:
                style = ParagraphStyle(style.name + "-rtl", parent=style, alignment=TA_RIGHT)
            Paragraph.__init__(self, anchor + markup, style, bulletText=bullet)
            self._settled_at = availWidth
        if self._breaks is not None and not _same(availWidth, self._settled_at) and availWidth >= _FUZZ:
            markup, hyph, budget, bullet, memo = self._breaks
            markup, laid = settle(markup, self.style, availWidth, hyph, budget, memo, bulletText=bullet)
            return self._adopt(self._no_runt(markup, laid, availWidth, bullet, memo),
                               availWidth)  # the paragraph as settle laid it out at this width
        if self._source is not None and not _same(availWidth, self._settled_at) and availWidth >= _FUZZ:
            markup, bullet, memo = self._source
            laid = laid_out(Paragraph, markup, self.style, availWidth, {"bulletText": bullet}, memo)
            return self._adopt(self._no_runt(markup, laid, availWidth, bullet, memo), availWidth)
        result = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if availWidth >= _FUZZ else None
        return result

    def _no_runt(self, markup: str, laid: Paragraph, width: float, bullet, memo) -> Paragraph:
        """laid, or the same text with words bound where that keeps one from a line alone (pdf.runts). Only
        when the handout is made (memo[LAST]): it never changes a paragraph's lines or height, so the
        one-pager's trials, which only measure, are spared the work."""
        if memo is not None and not memo.get(LAST):
            return laid
        return no_runt(markup, laid, width, lambda tied: laid_out(Paragraph, tied, self.style, width,
                                                                  {"bulletText": bullet}, memo))[1]

    def split(self, availWidth, availHeight):
        """ReportLab's split, keeping KEEP_LINES lines of the paragraph on each side of the break (where
        the paragraph has more than 2): fewer fit here, and it moves on whole; fewer would follow, and
        the break comes that many lines earlier."""
        keep = keep_lines(self)
        if keep > 2 and availWidth >= _FUZZ and availHeight >= _FUZZ:
            self.wrap(availWidth, availHeight)
            total, leading = len(self.blPara.lines), self.style.leading
            fit = int(availHeight / leading)
            if fit < total:  # a break is asked for
                if fit < keep or total - keep < keep:
                    return []
                availHeight = min(fit, total - keep) * leading + leading / 100
        pieces = super().split(availWidth, availHeight)
        if self.keep_lines:
            for piece in pieces:
                piece.keep_lines = self.keep_lines
        return pieces


class Box(Flowable):
    """Flowables on a coloured background (or between two rules), optionally with a bar on the
    left; splits when taller than the room left."""

    def __init__(self, content: list[Flowable], background: str | None, pad: float, bar: str | None = None,
                 bar_width: float = 0.0, keep_below: float = SMALL_BOX, space: tuple[float, float] = (0.0, 0.0),
                 rules: str | None = None, tag_role: str | None = None, tag_key: object = None):
        super().__init__()
        self.tag_role, self.tag_key = tag_role, tag_key or (object() if tag_role else None)
        self.content = content
        self.spaceBefore, self.spaceAfter = space
        self.rules = rules
        self.background, self.pad, self.bar, self.bar_width = background, pad, bar, bar_width
        self.keep_below = keep_below
        self._sizes: list[float] = []

    def _inner(self, width: float) -> float:
        return width - 2 * self.pad - self.bar_width

    def _gap(self, i: int) -> float:
        return max(self.content[i - 1].getSpaceAfter(), self.content[i].getSpaceBefore()) if i else 0.0

    def wrap(self, availWidth, availHeight):
        inner = self._inner(availWidth)
        self._sizes = [f.wrap(inner, 1e9)[1] for f in self.content]
        self.width = availWidth
        self.height = sum(self._sizes) + sum(self._gap(i) for i in range(len(self.content))) + 2 * self.pad
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        if self.background:
            c.setFillColor(colors.HexColor(self.background))
            c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.rules:
            c.setStrokeColor(colors.HexColor(self.rules))
            c.setLineWidth(1.6)
            c.line(0, self.height - 0.8, self.width, self.height - 0.8)
            c.setLineWidth(0.5)
            c.line(0, 0.25, self.width, 0.25)
        if self.bar and self.bar_width:
            c.setFillColor(colors.HexColor(self.bar))
            c.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        c.restoreState()
        if self.tag_role and hasattr(c, "tag"):
            with c.tag(self.tag_role, self.tag_key):
                self._draw_content(c)
        else:
            self._draw_content(c)

    def _draw_content(self, c) -> None:
        y = self.height - self.pad
        for i, f in enumerate(self.content):
            y -= self._gap(i) + self._sizes[i]
            f.drawOn(c, self.bar_width + self.pad, y)

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        if self.height < self.keep_below:
            return []  # a small box moves whole to the next column
        inner, room = self._inner(availWidth), availHeight - 2 * self.pad
        first: list[Flowable] = []
        rest = list(self.content)
        used = 0.0
        while rest:
            f = rest[0]
            gap = max(first[-1].getSpaceAfter(), f.getSpaceBefore()) if first else 0.0
            height = f.wrap(inner, 1e9)[1]
            if used + gap + height <= room:
                first.append(rest.pop(0))
                used += gap + height
                continue
            parts = f.split(inner, room - used - gap) if room - used - gap > 0 else []
            if parts:
                first.append(parts[0])
                rest = list(parts[1:]) + rest[1:]
            break
        if not first:
            return []
        boxes = [self._copy(first)]
        if rest:
            boxes.append(self._copy(rest))
        return boxes

    def _copy(self, content: list[Flowable]) -> "Box":
        return Box(content, self.background, self.pad, self.bar, self.bar_width, self.keep_below,
                    (self.spaceBefore, self.spaceAfter), self.rules, self.tag_role, self.tag_key)


class NeedRoom(Flowable):
    """Starts a new column unless `heads` and the first lines of `follower` fit in this one.

    This is keep-with-next for a heading or question: it never ends a column alone. With
    widow and orphan control a paragraph needs two lines to start (`lines`: more if asked, or if
    its style keeps more: KEEP_LINES), and one of fewer than `lines` + 2 (or + KEEP_LINES) lines
    cannot split at all, so then all of it is needed.
    """

    _ZEROSIZE = _SPACETRANSFER = True  # takes no room and passes the space after the previous block on
    draw_in_trials = True  # its drawing queues the column break (doc.DryFrame)

    def __init__(self, heads: list[Flowable], follower: Flowable | None, leading: float, whole: bool = False,
                 lines: int = 2, page_end: bool = False):
        """page_end: only in a page's last column (what it keeps together may go on in the next column,
        on the same page, but not on the next page)."""
        super().__init__()
        self.heads, self.follower, self.leading, self.whole, self.lines = heads, follower, leading, whole, lines
        self.page_end = page_end
        self._break = False

    def need(self, availWidth, after: float = 0.0) -> float:
        """The height the heads and the first lines of the follower need together, below a block whose
        space after (`after`) the frame has already taken: stacked as a frame stacks them, the space
        between two blocks being the larger of the two."""
        need = stacked_height(self.heads, availWidth)
        if self.heads:
            need += max(self.heads[0].getSpaceBefore() - after, 0.0)
        if self.follower is not None:
            height = self.follower.wrap(availWidth, 1e9)[1]
            keep = keep_lines(self.follower) if isinstance(self.follower, Paragraph) else 2  # lines its split leaves
            lines = max(self.lines, keep)
            if not self.whole and isinstance(self.follower, Paragraph) and \
                    height >= (lines + keep) * self.leading - 0.5:
                height = lines * self.leading
            gap = self.follower.getSpaceBefore()
            if self.heads:
                gap = max(self.heads[-1].getSpaceAfter(), gap)
            need += gap + height
        return need

    def wrap(self, availWidth, availHeight):
        frame = self._doctemplateAttr("frame")
        need = self.need(availWidth, getattr(frame, "_prevASpace", 0.0) if frame is not None else 0.0)
        self._break = frame is not None and need > availHeight + 0.01 and not getattr(frame, "_atTop", 0)
        if self.page_end and frame is not None and not frame.id.endswith("-col1"):
            self._break = False
        return 0, 0

    def draw(self):
        # Queued when placed, not when measured: a frame that is already full measures and
        # then refuses even a zero-size flowable, and content queued then would surface
        # the next time ReportLab reuses that frame object, pages later.
        if self._break:
            self._doctemplateAttr("frame").add_generated_content(FrameBreak)


class Group(Flowable):
    """Opens a structure element that holds the flowables after it (`Group("Sect")`), or closes the
    innermost one (`Group(None)`), where it is drawn."""

    _ZEROSIZE = _SPACETRANSFER = True

    def __init__(self, role: str | None, **attrs: str):
        super().__init__()
        self.role, self.attrs = role, attrs

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def frameAction(self, frame):
        """Done when a frame takes it (`frameAction` flowables are never refused, even by a full frame:
        a zero-size flowable after a full column would otherwise start a column, or a page, of its own)."""
        if not hasattr(self.canv, "tag"):
            return
        if self.role:
            self.canv.open(self.role, **self.attrs)
        else:
            self.canv.close()


def grouped(role: str, flowables: list[Flowable], **attrs: str) -> list[Flowable]:
    """The flowables inside a `role` element."""
    return [Group(role, **attrs), *flowables, Group(None)]


class Mark(Flowable):
    """Zero-size flowable that adds an outline entry (bookmark) where it is drawn."""

    _ZEROSIZE = _SPACETRANSFER = True

    def __init__(self, key: str, title: str, level: int, closed: bool = False):
        super().__init__()
        self.key, self.title, self.level, self.closed = key, title, level, closed

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        self.canv.bookmarkHorizontal(self.key, 0, 4)
        self.canv.addOutlineEntry(self.title, self.key, self.level, closed=self.closed)


class Rule(Flowable):
    """A thin horizontal line across the frame."""

    def __init__(self, color: str, width: float, space: float, before: float = 0.0):
        super().__init__()
        self.color, self.line_width, self.space, self.before = color, width, space, before

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.line_width + self.space

    def getSpaceBefore(self):
        return self.before

    def draw(self):
        self.canv.saveState()
        self.canv.setStrokeColor(colors.HexColor(self.color))
        self.canv.setLineWidth(self.line_width)
        y = self.space
        self.canv.line(0, y, self.width, y)
        self.canv.restoreState()


def unkept(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with ReportLab's KeepTogether (what it makes of a `keepWithNext` flowable and the
    next) opened into what it holds: it measures its content on a frame's canvas, and says it is
    0xffffff pt tall so that the frame splits it."""
    if not any(isinstance(f, KeepTogether) for f in flowables):
        return flowables
    out: list[Flowable] = []
    for f in flowables:
        out += unkept(f._content) if isinstance(f, KeepTogether) else [f]
    return out


def stacked_height(flowables: list[Flowable], width: float, limit: float = float("inf")) -> float:
    """Height of flowables stacked in a frame of `width`, with the spacing a frame gives them
    (counting stops once past `limit`)."""
    total, prev_after, at_top = 0.0, 0.0, True
    for f in unkept(flowables):
        if total > limit:
            break
        height = f.wrap(width, 1e9)[1]
        if height == 0 and getattr(f, "_ZEROSIZE", False):
            continue  # like a frame: zero-size flowables take no room and keep the space before
        total += (0.0 if at_top else max(prev_after, f.getSpaceBefore())) + height
        prev_after, at_top = f.getSpaceAfter(), False
    return total
