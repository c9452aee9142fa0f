"""Q&A discussion cards: one card per question, four to a sheet, answers on the backs.

Sheets. The cards of a sheet form a 2×2 grid that shares its cut lines, centred on the
paper with at least 10 mm of margin all round; the margins carry the cut marks and the
printing note, and keep everything that must print clear of the printer's unprintable
border. Four true A6 cards (105 × 148 mm) cover an A4 sheet to within a millimetre, which
leaves no room for any of that, so a card is as large as the margins allow, at most A6:
95 × 138 mm on A4, 97 × 129 mm on US Letter. Pages run front 1, back 1, front 2, ...;
a back sheet is the front mirrored left-right (the card at front position (col, row) is
at (1 - col, row)), so printing double-sided, flipped on the long edge, and cutting along
the marks puts each answer behind its question. There is no frame: the sheet's background
colour covers the whole grid and runs 3 mm past its outer cut lines (neighbouring cards
share a cut line and that colour), and everything else — bands, text, rules, the logo —
stays 6 mm inside the cut lines, so a cut off the mark, or duplex misregistration of a
millimetre or two, does not show. The back repeats the question, small, above the answer;
footnote markers there link to the sources printed at its bottom.

Text. Sizes are chosen as on slides, with deckgen.text.fit and the theme's fonts: from the
theme's preferred card size down to its minimum, then (with a warning naming the
question's line) down to an absolute floor, then cut off with an ellipsis. Each choice is
then checked against ReportLab's own line breaking, so what is drawn never leaves its box.
Questions and band lines are never hyphenated: they get smaller (below the theme's minimum
with a warning) until every word fits. In answers, a word wider than a line is hyphenated
where deckgen's rules allow (text.hyphenation), unless a size at most 15% smaller keeps it
whole; other words are never hyphenated. Right-to-left paragraphs are set by pdf.rtl.
Content is escaped and set with fallback fonts by renderers.pdf.fonts; it is never read as markup.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace

from reportlab.lib.colors import HexColor, toColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Paragraph as RLParagraph

from deckgen.content import i18n
from deckgen.content.model import Document, QAItem
from deckgen.errors import Diagnostic, Location
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.renderers.cards.blocks import Block, Card, cut, linked, source_paras, whole_words_size
from deckgen.renderers.cards.draw import CardDrawing
from deckgen.renderers.cards.pictures import CardPictures
from deckgen.renderers.cards.sheet import (
    _WORD,
    ANSWER_FLOOR,
    BAND,
    BULLET,
    ELLIPSIS,
    FOOTER_H,
    HYPHEN_SAVING,
    PAD,
    QUESTION_FLOOR,
    RECALL_GAP,
    RECALL_MIN,
    RECALL_SHARE,
    RECALL_SIZE,
    RULE_GAP,
    SAFE,
    SOFT_HYPHEN,
    SOURCE_MIN,
    SOURCE_SHARE,
    SOURCE_SIZE,
    STEP,
    TASK_GAP,
    TASK_MIN,
    TASK_SHARE,
    TASK_SIZE,
    Sheet,
    paper_of,
    sheet_for,
)
from deckgen.renderers.pdf import rtl
from deckgen.renderers.pdf.runts import even
from deckgen.renderers.pdf.collect import fewer_full
from deckgen.renderers.pdf.finish import Meta, document_date
from deckgen.renderers.pdf.fonts import PdfFonts, attribute, field_names
from deckgen.renderers.pdf.tagging import TaggedCanvas
from deckgen.text import hyphenation
from deckgen.text.bidi import SUPERSCRIPT, has_rtl
from deckgen.text.fit import Para, Run, TextStyle, fit_one, fits, longest
from deckgen.text.runs import paras as rich_paras
from deckgen.theming.model import Theme


class CardsRenderer(Renderer):
    name = "cards"
    suffix = ".cards.pdf"
    pictures = ("questions",)

    def render(self, doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
        with fewer_full():  # 700 cards' fitted blocks stay alive until drawn (pdf.collect)
            return _Cards(doc, theme, sheet_for(paper_of(theme, options)), options).render()


class _Cards(CardDrawing, CardPictures):
    """One rendering: the fonts, the fitted cards, the report and the warnings."""

    def __init__(self, doc: Document, theme: Theme, sheet: Sheet, options: RenderOptions | None = None):
        self.options = options or RenderOptions()
        self.doc = doc
        self.theme = theme
        self.sheet = sheet
        self.lang = doc.language
        self.fonts = PdfFonts(theme, doc.places, field_names(doc), doc.language)
        self.hyphenator = hyphenation.for_language(doc.language)
        # Fitting tries several sizes per block and then draws the one chosen; ReportLab's
        # markup parsing and line breaking dominate, so each (text, size, width) is laid out
        # once and the wrapped paragraphs are reused for drawing (see _laid): _trials holds
        # the layouts made while fitting one card or line, _ready the chosen ones until drawn.
        self._trials: dict[tuple, tuple[list[RLParagraph], list[float], float]] = {}
        self._ready: dict[tuple, tuple[list[RLParagraph], list[float], float]] = {}
        self._uses: dict[tuple, int] = {}  # how many blocks kept under each key are still to be drawn
        self._markup_cache: dict[tuple, tuple[str, float]] = {}
        self._style_cache: dict[tuple, ParagraphStyle] = {}
        self._line_cache: dict[tuple, Block] = {}
        self._tasks: dict[int, Block | None] = {}
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
        frame = sheet.card(0, 0).inset(SAFE)
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
        canvas = TaggedCanvas(buffer, pagesize=(s.width, s.height), invariant=1, pageCompression=1,
                              initialFontName=self.fonts.font("body"), lang=self.doc.language)
        full_title = f"{title} \u2013 {i18n.t(self.lang, 'cards')}"
        canvas.setTitle(full_title)
        canvas.setAuthor(self.doc.authors or self.doc.organisation or "")
        canvas.setSubject(i18n.t(self.lang, "cards"))
        canvas.setCreator("deckgen")
        # Each sheet's cards are fitted, then drawn and let go, so that a large file does not keep
        # every card's laid-out text at once. Characters no font has are reported as if all cards
        # were fitted before any was drawn: those found while fitting first, in card order.
        fitting_missing, drawing_missing = self.fonts.missing, []
        backs = self.doc.card_backs != "none"
        # One question size for the whole set: the largest at which every card's question fits.
        # What fitting each question alone had to do is what the report and the warnings say.
        alone, self._alone_trials = {}, {}  # each question's layouts, for its card (made at the set's size)
        for item in items:
            self._trials = {}
            alone[item.number], self._alone_trials[item.number] = self._question(item), self._trials
        self.question_said = {n: (block.notes, block.warns) for n, block in alone.items()}
        self.question_size = min((block.size for block in alone.values()), default=self.theme.cards.question_size)
        del alone
        for number in range(sheets):
            batch = [self._card(item) for item in items[number * 4:(number + 1) * 4]]
            # each card is one section of the tagged PDF, in card order: its question (front), then
            # its answer (back, a page later); sheet background, cut marks and notes are artifacts
            sections = [canvas.tags.root.add("Sect") for _ in batch]
            self.fonts.missing = drawing_missing
            try:
                for back in (False, True) if backs else (False,):
                    with canvas.artifact():
                        self._background(canvas, self.colors.surface if back else self.colors.background)
                        self._marks(canvas)
                    with canvas.artifact("Pagination", "Header"):
                        self._margin_note(canvas, number + 1, sheets, back)
                    for slot, card in enumerate(batch):
                        rect = s.card(slot % 2, slot // 2, back)
                        with canvas.within(sections[slot]):
                            (self._draw_back if back else self._draw_front)(canvas, card, rect)
                    canvas.showPage()
            finally:
                self.fonts.missing = fitting_missing
        self.fonts.missing = fitting_missing + drawing_missing
        canvas.meta = Meta(full_title, self.doc.language, self.doc.authors or self.doc.organisation or "",
                           i18n.t(self.lang, "cards"), document_date(self.doc.date, self.options.epoch))
        canvas.save()  # tagged (pdf.finish)
        if not items:
            self.warnings.append(Diagnostic("warning", "the document has no questions, so the cards file has no cards",
                                            Location(self.doc.path), "add a 'qa:' part with questions"))
        w_mm, h_mm = s.mm
        how = ("front and back (print double-sided, flip on the long edge)" if backs
               else "fronts only, questions only (print single-sided)")
        self.report.insert(0, f"{len(items)} card{'s' * (len(items) != 1)} of {w_mm}×{h_mm} mm on {sheets} "
                              f"{s.paper} sheet{'s' * (sheets != 1)}: {(1 + backs) * sheets} pages, {how}; "
                              f"questions at {self.question_size:g} pt")
        return RenderResult(buffer.getvalue(), self.report,
                            self.warnings + self.fonts.missing)

    # --- fitting -------------------------------------------------------------------------
    def _question(self, item: QAItem, preferred: float | None = None) -> Block:
        """The question fitted into the front's room (under its picture, above its task)."""
        task = self._task(item)
        picture_h, _ = self._picture_room(item)
        cards = self.theme.cards
        return self._fit(rich_paras(item.question, bold=True), self.q_style, "heading", self.text_w,
                         self.front_h - (task.height + TASK_GAP if task else 0) - picture_h,
                         preferred or cards.question_size, min(cards.question_min, preferred or cards.question_min),
                         QUESTION_FLOOR, self.colors.text, item.question.loc, f"question {item.number}",
                         "the question", "the question is too long for a card", "shorten the question")

    def _card(self, item: QAItem) -> Card:
        n = item.number
        self._trials = self._alone_trials.pop(n, {})
        cards = self.theme.cards
        task = self._task(item)
        picture_h, credit = self._picture_room(item)
        question = self._question(item, preferred=self.question_size)
        question.notes, question.warns = self.question_said[n]
        if self.doc.card_backs == "none":  # question-only cards: nothing on a back
            for block in (question, task):
                if block is not None:
                    self.report.extend(block.notes)
                    self.warnings.extend(block.warns)
                    self._keep(block, self.text_w)
            self._trials = {}
            return Card(item, question, None, None, task=task, recall=None, picture_h=picture_h, credit=credit)
        recall = self._fit(rich_paras(item.question, bold=True), self.s_style, "heading", self.text_w,
                           self.back_h * RECALL_SHARE, RECALL_SIZE, RECALL_MIN, RECALL_MIN, self.colors.muted,
                           item.question.loc, f"question {n}", "the question on the back",
                           "the question is too long to repeat on the back of its card", "shorten the question")
        back_h = self.back_h - recall.height - RECALL_GAP
        shown = item.points if item.points and self.doc.card_backs == "points" else ()
        src_paras = source_paras(self.doc, item, (item.question, *shown) if shown else (item.question, item.answer))

        def fit_sources(preferred: float) -> Block | None:
            if not src_paras:
                return None
            return self._fit(src_paras, self.s_style, "body", self.text_w, back_h * SOURCE_SHARE, preferred,
                             SOURCE_MIN, SOURCE_MIN, self.colors.muted, item.answer.loc, f"question {n}",
                             "the sources", "the sources it cites are too long for its card",
                             "shorten the sources' texts", warn_loc=item.question.loc)

        points = [p for point in shown for p in rich_paras(point, bullet=True)]
        if points:
            what, problem = "the points", "its points are too long for a card"
            hint = "shorten the points, or use fewer"
        elif item.points:  # cards: backs: answer
            what, problem = "the answer", "the answer is too long for a card"
            hint = "write cards: backs: \"points\" to print its points instead, or shorten the answer"
        else:
            what, problem = "the answer", "the answer is too long for a card and has no points"
            hint = "add 'points:' to the question: short sentences the card shows instead of the answer"

        def fit_answer(sources: Block | None) -> Block:
            height = back_h - ((sources.height + 2 * RULE_GAP) if sources else 0)
            return self._fit(linked(points or rich_paras(item.answer), n), self.a_style, "body", self.text_w, height,
                             cards.answer_size, cards.answer_min, ANSWER_FLOOR, self.colors.text, item.answer.loc,
                             f"question {n}", what, problem, hint, warn_loc=item.question.loc)

        sources = fit_sources(SOURCE_SIZE)
        answer = fit_answer(sources)
        if sources is not None and answer.size < sources.size:  # sources never larger than the answer
            sources = fit_sources(max(SOURCE_MIN, answer.size))
            answer = fit_answer(sources)
        for block in (question, recall, answer, sources, task):
            if block is not None:
                self.report.extend(block.notes)
                self.warnings.extend(block.warns)
                self._keep(block, self.text_w)  # drawn at that width (see _draw_front, _draw_back)
        self._trials = {}
        return Card(item, question, answer, sources, task=task, recall=recall, picture_h=picture_h, credit=credit)

    def _task(self, item: QAItem) -> Block | None:
        """The task and time under the question ("Bespreek in tweetallen … — 10 min"), small; fitted once."""
        if item.number not in self._tasks:
            self._tasks[item.number] = self._fit_task(item)
        return self._tasks[item.number]

    def _fit_task(self, item: QAItem) -> Block | None:
        text = i18n.task_line(item.task.plain.replace("\n\n", " ") if item.task else "", item.duration, self.lang)
        if not text:
            return None
        return self._fit([Para((Run(text, italic=True),))], self.s_style, "body", self.text_w,
                         self.front_h * TASK_SHARE, TASK_SIZE, TASK_MIN, TASK_MIN, self.colors.text,
                         item.task.loc if item.task else item.question.loc, f"question {item.number}", "the task",
                         "the task is too long for its card", "shorten the task", warn_loc=item.question.loc)

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
        whole = whole_words_size(block.paras, block.style, width)
        if block.role == "heading":  # questions and bands are never hyphenated: smaller, or break at spaces
            # a text of zero-width characters only has no word to measure: whole is infinite
            top = min(preferred, math.floor(whole * 2) / 2) if math.isfinite(whole) else preferred
            return self._search(block, width, height, top, minimum) if top >= minimum else None
        size = self._search(block, width, height, preferred, minimum)
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
            return self._rl_fits(replace(block, paras=cut(block.paras, count)), size, width, height)

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
        return cut(block.paras, lo)

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
        if self.hyphenator is None or role == "heading" or widest * size <= capacity:
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
            if not run.superscript and self.hyphenator is not None and size is not None and role != "heading":
                face = family.face(run.bold, run.italic)
                text = _WORD.sub(lambda m: self._hyphenate(m.group(), face.width(m.group()) * size > capacity), text)
            piece = self.fonts.text(text, role, loc, run.bold, run.italic)
            if run.anchor:
                piece = f'<a name="{attribute(run.anchor)}"/>' + piece
            if run.superscript:
                sup = f"<super>{piece}</super>"
                number = int(run.text) if run.text.isdigit() else 0
                parts.append(self.fonts.note_reference(run.href, sup, number) if run.href else sup)
                continue
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.italic:
                piece = f"<i>{piece}</i>"
            if run.href:
                piece = self.fonts.link(run.href, piece, run.text)
            parts.append(piece)
        return "".join(parts)

    def _hyphenate(self, word: str, too_wide: bool) -> str:
        """A word wider than a line with soft hyphens where the rules allow (capitals too: it must break)."""
        if not too_wide:
            return word
        for at in sorted(self.hyphenator.points(word, capitals=True), reverse=True):
            word = word[:at] + SOFT_HYPHEN + word[at:]
        return word

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
            text = "".join(r.text.translate(SUPERSCRIPT) if r.superscript else r.text for r in para.runs)
            if has_rtl(text):  # shaped, broken and put in visual order here (pdf.rtl)
                markup, right = rtl.markup(self.fonts, text, block.role, all(r.bold for r in para.runs), size,
                                           capacity - 0.01, block.loc)
                if right:
                    style = ParagraphStyle(style.name + "-rtl", parent=style, alignment=TA_RIGHT)
                out.append(RLParagraph(bullet + markup, style))
                continue
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
        """Keeps the block's layout at width for drawing, with no word alone where it could have company
        (pdf.runts: the same lines and heights, so only what is drawn needs it; pdf.rtl breaks RTL itself)."""
        key = self._key(block, width)
        self._uses[key] = self._uses.get(key, 0) + 1  # the same text on several cards (a task): kept for each
        if key in self._ready:
            return
        paragraphs, heights, total = self._laid(block, width)
        self._ready[key] = ([p if has_rtl(p.text) else even(p, width) for p in paragraphs], heights, total)

    def _layout_height(self, block: Block, width: float) -> float:
        """Height ReportLab needs for the block at its size, or infinity if a line is too wide."""
        return self._laid(block, width)[2]


