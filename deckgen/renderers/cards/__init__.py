"""Q&A discussion cards: one card per question, four to a sheet, answers on the backs.

Sheets. The cards of a sheet form a 2×2 grid that shares its cut lines, centred on the
paper with at least 10 mm of margin all round; the margins carry the cut marks and the
printing note, and keep everything that must print clear of the printer's unprintable
border. Four true A6 cards (105 × 148 mm) cover an A4 sheet to within a millimetre, which
leaves no room for any of that, so a card is as large as the margins allow, at most A6:
95 × 138 mm on A4, 97 × 129 mm on US Letter. Pages run front 1, back 1, front 2, ...;
a back sheet is the front mirrored left-right (the card at front position (col, row) is
at (1 - col, row)), so printing double-sided, flipped on the long edge, and cutting along
the marks puts each answer behind its question. Each card's design sits inside a 4 mm
white edge, so a cut slightly off the mark, or duplex misregistration of a millimetre or
two, does not show.

Text. Sizes are chosen as on slides, with deckgen.text.fit and the theme's fonts: from the
theme's preferred card size down to its minimum, then (with a warning naming the
question's line) down to an absolute floor, then cut off with an ellipsis. Each choice is
then checked against ReportLab's own line breaking, so what is drawn never leaves its box.
A word wider than a line (Dutch and German compounds in large type) is hyphenated with
pyphen, unless a size at most 15% smaller keeps it whole; other words are never hyphenated.
Content is escaped and set with fallback fonts by pdffonts; it is never read as markup.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache

from reportlab.lib.colors import HexColor, toColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as RLParagraph

from deckgen.content import i18n
from deckgen.errors import Diagnostic, Location
from deckgen.text.fit import WIDTH_MARGIN, Para, Run, TextStyle, fit_one, fits, longest
from deckgen.content.model import Document, QAItem
from deckgen.text import hyphenation
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.renderers.pdf.fonts import PdfFonts, attribute
from deckgen.text.runs import paras as rich_paras
from deckgen.text.runs import runs as span_runs
from deckgen.theming.load import Theme

MM = 72 / 25.4
PAPERS = {"A4": A4, "letter": LETTER}
A6 = (105 * MM, 148 * MM)
MIN_MARGIN = 10 * MM  # sheet margin: cut marks, printing note, unprintable border
EDGE = 4 * MM  # white edge between the cut line and the card's frame
RADIUS = 2.5 * MM
FRAME_LINE = 1.0
PAD = 10.0  # text inset inside the frame (pt)
BAND = 9 * MM  # height of the heading band at the top of each card
BAND_SIZE = 11.0
MARK_GAP = 2 * MM  # cut marks start this far outside the cut line ...
MARK_LEN = 5 * MM  # ... run this long ...
MARK_EDGE = 3 * MM  # ... and stop at least this far from the paper's edge
MARK_LINE = 0.3
NOTE_SIZE, NOTE_MIN = 7.0, 5.5  # the printing note in the margin
FOOTER_H = 20.0  # the front's footer: document title and logo
FOOTER_SIZE, FOOTER_MIN = 7.0, 6.0
LOGO_H = 5 * MM
SOURCE_SIZE, SOURCE_MIN = 7.0, 6.0
SOURCE_SHARE = 0.4  # sources take at most this part of a back's text area
RULE_GAP = 7.0  # space around the rule between the answer and its sources
QUESTION_FLOOR = 9.0  # absolute floors, below the theme's minimums
ANSWER_FLOOR = 6.0
HYPHEN_SAVING = 0.15  # shrink text by up to this share rather than hyphenate a word wider than a line
STEP = 0.5  # size step when ReportLab's line breaking needs a little more room
BULLET = "\u2022"
ELLIPSIS = "\u2026"
SOFT_HYPHEN = "\u00ad"
_WORD = re.compile(r"[^\W\d_][\w\u00ad-]*[^\W\d_]")  # words that could take a hyphen


@dataclass(frozen=True)
class Rect:
    """A box in PDF points; (x, y) is its bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def inset(self, d: float) -> "Rect":
        return Rect(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)


@dataclass(frozen=True)
class Sheet:
    """A paper size and the 2×2 grid of cards centred on it."""

    paper: str
    width: float
    height: float
    card_w: float
    card_h: float

    @property
    def left(self) -> float:
        return (self.width - 2 * self.card_w) / 2

    @property
    def bottom(self) -> float:
        return (self.height - 2 * self.card_h) / 2

    def card(self, col: int, row: int, back: bool = False) -> Rect:
        """The card at (col, row) of a front sheet, row 0 at the top; on a back sheet mirrored."""
        if back:
            col = 1 - col
        return Rect(self.left + col * self.card_w, self.bottom + (1 - row) * self.card_h, self.card_w, self.card_h)

    @property
    def mm(self) -> tuple[int, int]:
        return round(self.card_w / MM), round(self.card_h / MM)


def sheet_for(paper: str) -> Sheet:
    """The sheet for "A4" or "letter": cards as large as 10 mm margins allow, at most A6, whole mm."""
    width, height = PAPERS[paper]
    card_w = min(A6[0], math.floor((width - 2 * MIN_MARGIN) / 2 / MM) * MM)
    card_h = min(A6[1], math.floor((height - 2 * MIN_MARGIN) / 2 / MM) * MM)
    return Sheet(paper, width, height, card_w, card_h)


def paper_of(theme: Theme, options: RenderOptions) -> str:
    wanted = (options.paper or theme.handout.paper or "A4").strip().lower()
    return "letter" if wanted == "letter" else "A4"


@dataclass
class Block:
    """Paragraphs fitted to a width at one size, ready to draw."""

    paras: list[Para]
    style: TextStyle
    role: str
    size: float
    color: str
    loc: Location | None
    height: float = 0.0  # as ReportLab lays it out
    notes: list[str] = field(default_factory=list)  # for the fit report
    warns: list[Diagnostic] = field(default_factory=list)


@dataclass
class Card:
    item: QAItem
    question: Block
    answer: Block
    sources: Block | None


class CardsRenderer(Renderer):
    name = "cards"
    suffix = ".cards.pdf"

    def render(self, doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
        return _Cards(doc, theme, sheet_for(paper_of(theme, options))).render()


class _Cards:
    """One rendering: the fonts, the fitted cards, the report and the warnings."""

    def __init__(self, doc: Document, theme: Theme, sheet: Sheet):
        self.doc = doc
        self.theme = theme
        self.sheet = sheet
        self.lang = doc.language
        self.fonts = PdfFonts(theme, doc.places)
        self.hyphenator = _hyphenator(doc.language)
        # Fitting tries several sizes per block and then draws the one chosen; ReportLab's
        # markup parsing and line breaking dominate, so each (text, size, width) is laid out
        # once and the wrapped paragraphs are reused for drawing (see _laid): _trials holds
        # the layouts made while fitting one card or line, _ready the chosen ones until drawn.
        self._trials: dict[tuple, tuple[list[RLParagraph], list[float], float]] = {}
        self._ready: dict[tuple, tuple[list[RLParagraph], list[float], float]] = {}
        self._markup_cache: dict[tuple, tuple[str, float]] = {}
        self._style_cache: dict[tuple, ParagraphStyle] = {}
        self._line_cache: dict[tuple, Block] = {}
        self._bullet_color = toColor(theme.print_colors.primary)
        self._logo: tuple[ImageReader, float, float] | None | bool = False  # read for the first front
        self._logo_name: str | None = None  # the logo's image in the PDF, once drawn
        self.colors = theme.print_colors
        self.report: list[str] = []
        self.warnings: list[Diagnostic] = []
        self.q_style = TextStyle(theme.heading, line_spacing=1.15, space_before=0.35)
        self.a_style = TextStyle(theme.body, line_spacing=1.2, space_before=0.45)
        self.s_style = TextStyle(theme.body, line_spacing=1.15, space_before=0.3)
        self.small = TextStyle(theme.body, line_spacing=1.15, space_before=0)
        self.band_style = TextStyle(theme.heading, line_spacing=1.15, space_before=0)
        frame = sheet.card(0, 0).inset(EDGE)
        self.text_w = frame.w - 2 * PAD
        self.front_h = frame.h - BAND - 2 * PAD - FOOTER_H
        self.back_h = frame.h - BAND - 2 * PAD

    # --- the whole file ------------------------------------------------------------------
    def render(self) -> RenderResult:
        items = list(self.doc.qa.items) if self.doc.qa else []
        sheets = max(1, math.ceil(len(items) / 4))
        buffer = io.BytesIO()
        s = self.sheet
        title = self.doc.title.plain.replace("\n", " ")
        canvas = Canvas(buffer, pagesize=(s.width, s.height), invariant=1, pageCompression=1,
                        initialFontName=self.fonts.font("body"), lang=self.doc.language)
        canvas.setTitle(f"{title} \u2013 {i18n.t(self.lang, 'cards')}")
        canvas.setAuthor(self.doc.authors or self.doc.organisation or "")
        canvas.setSubject(i18n.t(self.lang, "cards"))
        canvas.setCreator("deckgen")
        # Each sheet's cards are fitted, then drawn and let go, so that a large file does not keep
        # every card's laid-out text at once. Characters no font has are reported as if all cards
        # were fitted before any was drawn: those found while fitting first, in card order.
        fitting_missing, drawing_missing = self.fonts.missing, []
        for number in range(sheets):
            batch = [self._card(item) for item in items[number * 4:(number + 1) * 4]]
            self.fonts.missing = drawing_missing
            try:
                for back in (False, True):
                    self._marks(canvas)
                    self._margin_note(canvas, number + 1, sheets, back)
                    for slot, card in enumerate(batch):
                        rect = s.card(slot % 2, slot // 2, back)
                        (self._draw_back if back else self._draw_front)(canvas, card, rect)
                    canvas.showPage()
            finally:
                self.fonts.missing = fitting_missing
        self.fonts.missing = fitting_missing + drawing_missing
        canvas.save()
        if not items:
            self.warnings.append(Diagnostic("warning", "the document has no questions, so the cards file has no cards",
                                            Location(self.doc.path), "add a 'qa:' part with questions"))
        w_mm, h_mm = s.mm
        self.report.insert(0, f"{len(items)} card{'s' * (len(items) != 1)} of {w_mm}×{h_mm} mm on {sheets} "
                              f"{s.paper} sheet{'s' * (sheets != 1)}: {2 * sheets} pages, front and back "
                              f"(print double-sided, flip on the long edge)")
        return RenderResult(buffer.getvalue(), self.report, self.warnings + self.fonts.missing)

    # --- fitting -------------------------------------------------------------------------
    def _card(self, item: QAItem) -> Card:
        self._trials = {}
        n = item.number
        cards = self.theme.cards
        question = self._fit(rich_paras(item.question, bold=True), self.q_style, "heading", self.text_w,
                             self.front_h, cards.question_size, cards.question_min, QUESTION_FLOOR,
                             self.colors.text, item.question.loc, f"question {n}", "the question",
                             "the question is too long for a card", "shorten the question")
        src_paras = self._source_paras(item)

        def fit_sources(preferred: float) -> Block | None:
            if not src_paras:
                return None
            return self._fit(src_paras, self.s_style, "body", self.text_w, self.back_h * SOURCE_SHARE, preferred,
                             SOURCE_MIN, SOURCE_MIN, self.colors.muted, item.answer.loc, f"question {n}",
                             "the sources", "the sources it cites are too long for its card",
                             "shorten the sources' texts", warn_loc=item.question.loc)

        points = [p for point in item.points for p in rich_paras(point, bullet=True)]
        if points:
            what, problem = "the points", "its points are too long for a card"
            hint = "shorten the points, or use fewer"
        else:
            what, problem = "the answer", "the answer is too long for a card and has no points"
            hint = "add 'points:' to the question: short sentences the card shows instead of the answer"

        def fit_answer(sources: Block | None) -> Block:
            height = self.back_h - ((sources.height + 2 * RULE_GAP) if sources else 0)
            return self._fit(points or rich_paras(item.answer), self.a_style, "body", self.text_w, height,
                             cards.answer_size, cards.answer_min, ANSWER_FLOOR, self.colors.text, item.answer.loc,
                             f"question {n}", what, problem, hint, warn_loc=item.question.loc)

        sources = fit_sources(SOURCE_SIZE)
        answer = fit_answer(sources)
        if sources is not None and answer.size < sources.size:  # sources never larger than the answer
            sources = fit_sources(max(SOURCE_MIN, answer.size))
            answer = fit_answer(sources)
        for block in (question, answer, sources):
            if block is not None:
                self.report.extend(block.notes)
                self.warnings.extend(block.warns)
                self._keep(block, self.text_w)  # drawn at that width (see _draw_front, _draw_back)
        self._trials = {}
        return Card(item, question, answer, sources)

    def _source_paras(self, item: QAItem) -> list[Para]:
        cited: list[int] = []
        for rich in (item.question, item.answer, *item.points):
            for number in rich.footnotes():
                if number not in cited:
                    cited.append(number)
        out = []
        for number in cited:
            src = next((s for s in self.doc.sources if s.number == number), None)
            if src is None:
                continue
            text: list[Run] = []
            for i, paragraph in enumerate(src.text.paragraphs):
                if i:
                    text.append(Run(" "))
                text.extend(r for r in span_runs(paragraph) if not r.superscript)
            out.append(Para((Run(f"[{number}] ", bold=True, href=src.href),) + tuple(text)))
        return out

    def _fit(self, paras: list[Para], style: TextStyle, role: str, width: float, height: float,
             preferred: float, minimum: float, floor: float, color: str, loc: Location, ident: str,
             what: str, problem: str, hint: str, warn_loc: Location | None = None) -> Block:
        """Fits paragraphs into width × height: preferred → minimum → floor (warned) → ellipsis (warned).

        What had to be done is kept on the block (notes, warns), for the caller to report; `loc` is
        where the text was written (for missing glyphs), `warn_loc` where to point a fit warning."""
        paras = [p for p in paras if p.text.strip()]
        floor = min(floor, minimum)
        block = Block(paras, style, role, preferred, color, loc)
        size = self._largest(block, width, height, preferred, minimum)
        if size is not None:
            if size < preferred:
                block.notes.append(f"card {ident}: {what} {preferred:g}→{size:g} pt")
        else:
            size = self._largest(block, width, height, minimum, floor) if floor < minimum else None
            if size is not None:
                message = (f"{ident}: {problem}; the text is set at {size:g} pt, "
                           f"below the theme's minimum of {minimum:g} pt")
                block.notes.append(f"card {ident}: {what} {preferred:g}→{size:g} pt (below the minimum)")
            else:
                size = floor
                block.paras = self._truncate(block, width, height, floor)
                message = f"{ident}: {problem}, even at {floor:g} pt; the text is cut off with an ellipsis ({ELLIPSIS})"
                block.notes.append(f"card {ident}: {what} cut off at {floor:g} pt")
            block.warns.append(Diagnostic("warning", message, warn_loc or loc, hint))
        block.size = size
        block.height = self._layout_height(block, width)
        assert block.height <= height + 0.01, (ident, what, block.height, height)
        return block

    def _largest(self, block: Block, width: float, height: float, preferred: float, minimum: float) -> float | None:
        """The largest size from preferred to minimum at which fit and ReportLab both say the text fits.

        A word wider than a line is hyphenated, unless a size at most 15% smaller keeps every word whole."""
        size = self._search(block, width, height, preferred, minimum)
        whole = _whole_words_size(block.paras, block.style, width)
        if size is None or whole >= size:
            return size
        low = max(minimum, math.ceil(size * (1 - HYPHEN_SAVING) * 2) / 2)
        if whole >= low:
            return self._search(block, width, height, math.floor(whole * 2) / 2, low) or size
        return size

    def _search(self, block: Block, width: float, height: float, preferred: float, minimum: float) -> float | None:
        size = fit_one(block.paras, block.style, width, height, preferred, minimum)
        while size is not None and size >= minimum - 1e-9:
            if fits(block.paras, block.style, size, width, height) and self._rl_fits(block, size, width, height):
                return size
            size = round(size - STEP, 2)
        return None

    def _rl_fits(self, block: Block, size: float, width: float, height: float) -> bool:
        trial = replace(block, size=size)
        return self._layout_height(trial, width) <= height

    def _truncate(self, block: Block, width: float, height: float, size: float) -> list[Para]:
        """The longest beginning of the text, ended by an ellipsis, that fits at size."""
        total = sum(len(p.text) for p in block.paras)

        def ok(count: int) -> bool:
            return self._rl_fits(replace(block, paras=_cut(block.paras, count)), size, width, height)

        lo = longest(total, ok)
        flat = "".join(p.text for p in block.paras)
        for back in range(0, 25):  # end at a word boundary when one is near
            count = lo - back
            if count <= 0:
                break
            if flat[count - 1:count] == " " or flat[count:count + 1] == " ":
                if ok(count):
                    lo = count
                break
        return _cut(block.paras, lo)

    # --- ReportLab paragraphs ------------------------------------------------------------
    def _markup(self, para: Para, role: str, loc: Location | None, size: float, capacity: float) -> str:
        """Safe ReportLab markup for a paragraph; words wider than a line get soft hyphens.

        The markup without hyphens is made once per paragraph, with the width of its widest
        word: at a size where that word fits no word is hyphenated, and that markup is it."""
        key = (para, role, loc)
        cached = self._markup_cache.get(key)
        if cached is None:
            cached = self._markup_cache[key] = (self._build_markup(para, role, loc), self._widest_word(para, role))
        plain, widest = cached
        if self.hyphenator is None or widest * size <= capacity:
            return plain
        return self._build_markup(para, role, loc, size, capacity)

    def _widest_word(self, para: Para, role: str) -> float:
        """Width in em of the widest word that could take a hyphen (as _build_markup measures it)."""
        family = self.fonts.family(role)
        widest = 0.0
        for run in para.runs:
            if not run.superscript:
                face = family.face(run.bold, run.italic)
                for m in _WORD.finditer(run.text):
                    widest = max(widest, face.width(m.group()))
        return widest

    def _build_markup(self, para: Para, role: str, loc: Location | None, size: float | None = None,
                      capacity: float = 0.0) -> str:
        """The markup of _markup; with a size, words wider than capacity at that size get soft hyphens."""
        parts: list[str] = []
        family = self.fonts.family(role)
        for run in para.runs:
            text = run.text
            if not run.superscript and self.hyphenator is not None and size is not None:
                face = family.face(run.bold, run.italic)
                text = _WORD.sub(lambda m: self._hyphenate(m.group(), face.width(m.group()) * size > capacity), text)
            piece = self.fonts.text(text, role, loc, run.bold, run.italic)
            if run.superscript:
                parts.append(f"<super>{piece}</super>")
                continue
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.italic:
                piece = f"<i>{piece}</i>"
            if run.href:
                href = attribute(run.href)
                piece = f'<a href="{href}">{piece}</a>'
            parts.append(piece)
        return "".join(parts)

    def _hyphenate(self, word: str, too_wide: bool) -> str:
        return self.hyphenator.inserted(word, hyphen=SOFT_HYPHEN) if too_wide else word

    def _rl_paras(self, block: Block, width: float) -> list[RLParagraph]:
        size = block.size
        indent = block.style.bullet_indent * size
        leading = block.style.line_height(size)
        mark = BULLET if self.theme.body.face().has(BULLET) else "-"
        out = []
        for i, para in enumerate(block.paras):
            indented = para.bullet or para.continued
            key = (block.role, i, size, leading, block.color, indent if indented else 0)
            style = self._style_cache.get(key)
            if style is None:
                style = self._style_cache[key] = ParagraphStyle(
                    f"card-{block.role}-{i}", fontName=self.fonts.font(block.role), fontSize=size,
                    leading=leading, textColor=HexColor(block.color),
                    leftIndent=indent if indented else 0, bulletIndent=0.1 * size, bulletColor=self._bullet_color,
                    bulletFontName=self.fonts.font("body"), bulletFontSize=size, splitLongWords=1, spaceShrinkage=0,
                    hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0)
            # The bullet's colour is the style's: a <bullet color=...> tag would make ReportLab deep-copy
            # the style for every paragraph, for the same result.
            bullet = f"<bullet>{mark}</bullet>" if para.bullet else ""
            capacity = width - (indent if indented else 0)
            out.append(RLParagraph(bullet + self._markup(para, block.role, block.loc, size, capacity), style))
        return out

    def _laid(self, block: Block, width: float) -> tuple[list[RLParagraph], list[float], float]:
        """The block's paragraphs wrapped to width, their heights, and the total height (or infinity
        if a line is too wide); made once per (text, size, width) and reused, also for drawing.

        After a line that is too wide the rest is left unwrapped (heights is then shorter)."""
        key = self._key(block, width)
        laid = self._ready.get(key) or self._trials.get(key)
        if laid is None:
            paragraphs = self._rl_paras(block, width)
            heights: list[float] = []
            total = 0.0
            for i, p in enumerate(paragraphs):
                _, h = p.wrap(width, 10**6)
                heights.append(h)
                if any(w > width + 0.01 for w in p.getActualLineWidths0()):
                    total = math.inf
                    break
                total += h + (block.style.gap(block.size) if i else 0)
            laid = self._trials[key] = (paragraphs, heights, total)
        return laid

    @staticmethod
    def _key(block: Block, width: float) -> tuple:
        return tuple(block.paras), id(block.style), block.role, block.size, block.color, block.loc, width

    def _keep(self, block: Block, width: float) -> None:
        """Keeps the block's layout at width for drawing."""
        self._ready[self._key(block, width)] = self._laid(block, width)

    def _layout_height(self, block: Block, width: float) -> float:
        """Height ReportLab needs for the block at its size, or infinity if a line is too wide."""
        return self._laid(block, width)[2]

    def _draw_block(self, canvas: Canvas, block: Block, box: Rect, valign: str = "top", again: bool = False) -> None:
        """Draws a fitted block in box; `again` keeps its layout for the same block drawn later."""
        paragraphs, heights, _ = self._laid(block, box.w)
        if not again:
            self._ready.pop(self._key(block, box.w), None)
        if len(heights) < len(paragraphs):  # laid out only up to a line too wide
            heights = heights + [p.wrap(box.w, 10**6)[1] for p in paragraphs[len(heights):]]
        total = sum(heights) + block.style.gap(block.size) * max(0, len(paragraphs) - 1)
        assert total <= box.h + 0.01, (total, box.h)
        free = box.h - total
        top = box.top - {"top": 0.0, "middle": free / 2, "optical": free * 0.42, "bottom": free}[valign]
        for i, (p, h) in enumerate(zip(paragraphs, heights)):
            if i:
                top -= block.style.gap(block.size)
            p.drawOn(canvas, box.x, top - h)
            top -= h

    def _line(self, text: str, role: str, color: str, width: float, height: float, size: float, minimum: float,
              bold: bool = False, loc: Location | None = None, again: bool = False) -> Block:
        """One short line of our own (band heading, footer, margin note): shrunk, else truncated.

        A line drawn `again` (the footer's title, the printing note) is fitted once per rendering."""
        key = (text, role, color, width, height, size, minimum, bold, loc)
        found_block = self._line_cache.get(key)
        if found_block is None:
            found_block = self._fit_line(text, role, color, width, height, size, minimum, bold, loc)
            if again:
                self._line_cache[key] = found_block
        return found_block

    def _fit_line(self, text: str, role: str, color: str, width: float, height: float, size: float, minimum: float,
                  bold: bool, loc: Location | None) -> Block:
        self._trials = {}
        block = Block([Para((Run(text, bold=bold),))], self.small if role == "body" else self.band_style,
                      role, size, color, loc)
        found = self._largest(block, width, height, size, minimum)
        if found is None:
            block.paras, found = self._truncate(block, width, height, minimum), minimum
        block.size = found
        block.height = self._layout_height(block, width)
        self._keep(block, width)
        self._trials = {}
        return block

    # --- drawing -------------------------------------------------------------------------
    def _frame(self, canvas: Canvas, rect: Rect, band_fill: str) -> Rect:
        """The card's rounded frame with its heading band; returns the frame's rectangle."""
        frame = rect.inset(EDGE)
        canvas.saveState()
        canvas.setFillColor(HexColor(self.colors.background))
        canvas.setStrokeColor(HexColor(self.colors.primary))
        canvas.setLineWidth(FRAME_LINE)
        canvas.roundRect(frame.x, frame.y, frame.w, frame.h, RADIUS, stroke=0, fill=1)
        path = canvas.beginPath()
        path.roundRect(frame.x, frame.y, frame.w, frame.h, RADIUS)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.setFillColor(HexColor(band_fill))
        canvas.rect(frame.x, frame.top - BAND, frame.w, BAND, stroke=0, fill=1)
        canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(HexColor(self.colors.primary))
        canvas.setLineWidth(FRAME_LINE)
        canvas.roundRect(frame.x, frame.y, frame.w, frame.h, RADIUS, stroke=1, fill=0)
        canvas.restoreState()
        return frame

    def _band_text(self, canvas: Canvas, frame: Rect, text: str, color: str) -> None:
        box_h = BAND - 4
        block = self._line(text, "heading", color, frame.w - 2 * PAD, box_h, BAND_SIZE, 8.0, bold=True)
        self._draw_block(canvas, block, Rect(frame.x + PAD, frame.top - BAND + 2, frame.w - 2 * PAD, box_h),
                         "middle")

    def _draw_front(self, canvas: Canvas, card: Card, rect: Rect) -> None:
        frame = self._frame(canvas, rect, self.colors.primary)
        self._band_text(canvas, frame, i18n.t(self.lang, "question", n=card.item.number), self.colors.on_primary)
        body = Rect(frame.x + PAD, frame.y + PAD + FOOTER_H, self.text_w, self.front_h)
        self._draw_block(canvas, card.question, body, "optical")
        # footer: a hairline, the document's title small, the logo at the right
        foot = Rect(frame.x + PAD, frame.y + PAD, self.text_w, FOOTER_H - 6)
        canvas.saveState()
        canvas.setStrokeColor(HexColor(self.colors.muted))
        canvas.setLineWidth(0.4)
        canvas.line(foot.x, foot.top + 3, foot.right, foot.top + 3)
        canvas.restoreState()
        title_w = foot.w
        logo = self._logo_image()
        if logo is not None:
            reader, iw, ih = logo
            lw = LOGO_H * iw / ih
            if lw < foot.w * 0.4:
                self._draw_logo(canvas, reader, foot.right - lw, foot.y + (foot.h - LOGO_H) / 2, lw, LOGO_H)
                title_w = foot.w - lw - 6
        title = self.doc.title.plain.replace("\n", " ")
        block = self._line(title, "body", self.colors.muted, title_w, foot.h, FOOTER_SIZE, FOOTER_MIN,
                           loc=self.doc.title.loc, again=True)
        self._draw_block(canvas, block, Rect(foot.x, foot.y, title_w, foot.h), "middle", again=True)

    def _logo_image(self) -> tuple[ImageReader, float, float] | None:
        """The theme's print logo, read once per rendering (not per card): reader, width, height."""
        if self._logo is False:
            logo = self.theme.print_logo
            if logo is None:
                self._logo = None
            else:
                reader = ImageReader(str(logo))
                self._logo = (reader, *reader.getSize())
        return self._logo  # type: ignore[return-value]

    def _draw_logo(self, canvas: Canvas, reader: ImageReader, x: float, y: float, w: float, h: float) -> None:
        """The logo on a card front: ReportLab's drawImage the first time; then the image it stored,
        drawn as drawImage draws a repeat, without hashing the image's pixels again for every card."""
        if self._logo_name is None:
            found: dict = {"name": None}
            canvas.drawImage(reader, x, y, w, h, mask="auto", extraReturn=found)
            self._logo_name = found["name"]
            return
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w, h)
        canvas.doForm(self._logo_name)
        canvas.restoreState()

    def _draw_back(self, canvas: Canvas, card: Card, rect: Rect) -> None:
        frame = self._frame(canvas, rect, self.colors.surface)
        canvas.saveState()  # a rule under the band, for themes whose surface is the background
        canvas.setStrokeColor(HexColor(self.colors.primary))
        canvas.setLineWidth(FRAME_LINE / 2)
        canvas.line(frame.x, frame.top - BAND, frame.right, frame.top - BAND)
        canvas.restoreState()
        self._band_text(canvas, frame, i18n.t(self.lang, "answer_to", n=card.item.number), self.colors.text)
        body = Rect(frame.x + PAD, frame.y + PAD, self.text_w, self.back_h)
        if card.sources is not None:
            src_box = Rect(body.x, body.y, body.w, card.sources.height)
            self._draw_block(canvas, card.sources, src_box, "bottom")
            rule_y = src_box.top + RULE_GAP
            canvas.saveState()
            canvas.setStrokeColor(HexColor(self.colors.muted))
            canvas.setLineWidth(0.4)
            canvas.line(body.x, rule_y, body.x + min(body.w, 60), rule_y)
            canvas.restoreState()
            body = Rect(body.x, rule_y + RULE_GAP, body.w, body.top - rule_y - RULE_GAP)
        self._draw_block(canvas, card.answer, body, "top")

    def _marks(self, canvas: Canvas) -> None:
        """Short cut marks in the margins, on the lines of the grid: never on a card."""
        s = self.sheet
        xs = [s.left + i * s.card_w for i in range(3)]
        ys = [s.bottom + i * s.card_h for i in range(3)]
        top, right = ys[-1], xs[-1]
        canvas.saveState()
        canvas.setStrokeColor(HexColor("#000000"))
        canvas.setLineWidth(MARK_LINE)
        for x in xs:
            canvas.line(x, top + MARK_GAP, x, min(top + MARK_GAP + MARK_LEN, s.height - MARK_EDGE))
            canvas.line(x, s.bottom - MARK_GAP, x, max(s.bottom - MARK_GAP - MARK_LEN, MARK_EDGE))
        for y in ys:
            canvas.line(s.left - MARK_GAP, y, max(s.left - MARK_GAP - MARK_LEN, MARK_EDGE), y)
            canvas.line(right + MARK_GAP, y, min(right + MARK_GAP + MARK_LEN, s.width - MARK_EDGE), y)
        canvas.restoreState()

    def _margin_note(self, canvas: Canvas, number: int, total: int, back: bool) -> None:
        """Which sheet and side this is (left), and how to print and cut (right), in the top margin."""
        s = self.sheet
        side = i18n.t(self.lang, "back" if back else "front")
        where = i18n.t(self.lang, "sheet_side", n=number, total=total, side=side)
        texts = (f"{i18n.t(self.lang, 'cards')} \u00b7 {where}", i18n.t(self.lang, "print_duplex"))
        margin = s.height - (s.bottom + 2 * s.card_h)
        height = NOTE_SIZE * 1.5
        y = s.height - margin / 2 - height / 2
        inset = MARK_GAP + 2 * MM  # keep clear of the marks on the cut lines
        for col, text in enumerate(texts):
            box = Rect(s.left + col * s.card_w + inset, y, s.card_w - 2 * inset, height)
            block = self._line(text, "body", self.colors.muted, box.w, box.h, NOTE_SIZE, NOTE_MIN, again=col == 1)
            self._draw_block(canvas, block, box, "middle", again=col == 1)


def _whole_words_size(paras: list[Para], style: TextStyle, width: float) -> float:
    """The largest size at which the longest word of each paragraph fits on a line, as fit measures."""
    best = math.inf
    for para in paras:
        indent = style.bullet_indent if para.bullet or para.continued else 0.0
        longest = current = 0.0
        for run in para.runs:
            face = style.family.face(run.bold, run.italic)
            for part in re.split(r"( +)", run.text):
                if part.startswith(" "):
                    current = 0.0
                elif part:
                    current += face.width(part)
                    longest = max(longest, current)
        if longest:
            best = min(best, width * WIDTH_MARGIN / (longest + indent))
    return best


@cache
def _hyphenator(language: str):
    """A pyphen dictionary for the language, used only for words wider than a line; None if none.

    One per language and process, its patterns read as words need them (see hyphenation)."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return None
    tag = language.replace("-", "_")
    name = pyphen.language_fallback(tag) or pyphen.language_fallback(tag.split("_")[0].lower())
    return hyphenation.hyphenator(name) if name else None


def _cut(paras: list[Para], count: int) -> list[Para]:
    """The first count characters of the paragraphs, ended by an ellipsis."""
    out: list[Para] = []
    left = count
    for para in paras:
        length = len(para.text)
        if left > length:
            out.append(para)
            left -= length
            continue
        kept: list[Run] = []
        for run in para.runs:
            if left <= 0:
                break
            kept.append(replace(run, text=run.text[:left]))
            left -= len(run.text)
        while kept and not kept[-1].text.strip():
            kept.pop()
        last = kept[-1] if kept else Run("")
        if kept:
            kept[-1] = replace(last, text=last.text.rstrip(" ,;:–-"))
        kept.append(Run(ELLIPSIS, bold=last.bold, italic=last.italic))
        out.append(Para(tuple(kept), para.bullet, para.continued, para.origin))
        break
    return out
