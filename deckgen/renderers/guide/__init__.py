"""The run sheet (`--format guide`): the session on A4 for the lectern, in the document's language.

Page 1 is the cover: what the session is (title, date, duration, start and end), the
materials to bring (card sheets, handouts, the QR link, projector) as a checklist, then the
plan as a table: the clock (or the running time from 0:00), the slide, what happens and
the minutes, one row per slide from content/session.py, the same slots the speaker notes
show; the table continues on the next page with its header repeated. Then a page per few
questions: each question with its task and time, what to listen for, the answer's key
points, a debrief prompt and the sources it cites, kept together on one page. Last, the key
figures with their sources for quick reference.

Typeset as the handout is: text through renderers.pdf.fonts (escaped, fallback fonts),
body text hyphenated sparingly by pdf.breaks (a Budget for the whole sheet), no widows or
orphans, words wider than a cell broken rather than overflowing. Deterministic output.
"""

from __future__ import annotations

import io
import math
from types import SimpleNamespace

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.rl_config import _FUZZ

from deckgen.content import cues, i18n, session
from deckgen.content.model import Document, QAItem
from deckgen.errors import Location
from deckgen.renderers import paging
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.renderers.guide.tagged import grouped
from deckgen.renderers.pdf.breaks import Budget, settle
from deckgen.renderers.pdf.collect import fewer_full
from deckgen.renderers.pdf.finish import Meta, document_date
from deckgen.renderers.pdf.fonts import PdfFonts, field_names
from deckgen.renderers.pdf.numbered import numbered_canvas
from deckgen.renderers.pdf.paper import choose_paper
from deckgen.renderers.pdf.tagging import TableTags, TaggedParagraph
from deckgen.renderers.slidexml import room
from deckgen.text.hyphenation import Hyphenation
from deckgen.theming.model import Theme

BODY = 9.5  # pt: the sheet is read at arm's length, at the lectern
LEADING = 1.3
PAD = 3.0  # table cell padding, pt
CHUNK = 60  # rows of the plan per table (see _plan_table)
BOXES = ("\u2610", "\u25a1")  # ☐, □: a checkbox for the materials, in a fallback font when the theme's lacks both


class GuideRenderer(Renderer):
    name = "guide"
    suffix = ".guide.pdf"

    def render(self, doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
        return _Guide(doc, theme, options).render()


class GuideParagraph(TaggedParagraph):
    """The run sheet's paragraphs, tagged by style (pdf.tagging): title H1, parts H2, each question H3,
    its parts H4, checklist and points as lists (LI: the bullet its Lbl); the rest P (in the plan's
    table, inside TH and TD)."""

    roles = {"title": "H1", "h2": "H2", "question": "H3", "sub": "H4", "footer": "", "bullet": "LI", "check": "LI"}
    items = ("check", "bullet", "source")  # list items (inside an L, see guide.tagged.grouped)
    _wrapped_at: float | None = None

    def wrap(self, availWidth, availHeight):
        """Lines broken once per width: tables and frames measure a paragraph several times at the same
        width, and ReportLab breaks its lines again each time (the height offered changes nothing)."""
        if availWidth == self._wrapped_at and "blPara" in self.__dict__:  # split() drops it to start over
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if availWidth >= _FUZZ else None  # too narrow: nothing was laid out
        return result

    def drawOn(self, canvas, x, y, _sW=0):
        if self.style.name not in self.items or not hasattr(canvas, "tag"):
            return super().drawOn(canvas, x, y, _sW)
        if self._tag_key is None:
            self._tag_key = object()
        with canvas.tag("LI", ("LI", self._tag_key)):  # its bullet the Lbl, its text the LBody
            self.tag_role = "LBody"
            return super().drawOn(canvas, x, y, _sW)


def _hyphenation(language: str) -> Hyphenation:
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return Hyphenation(None)
    tag = language.replace("-", "_")
    return Hyphenation(pyphen.language_fallback(tag) or pyphen.language_fallback(tag.split("_")[0].lower()))


class _Guide:
    def __init__(self, doc: Document, theme: Theme, options: RenderOptions):
        self.doc, self.theme, self.lang, self.options = doc, theme, doc.language, options
        self.paper, self.size = choose_paper(options, theme)
        self.margin = max(12.0, theme.handout.margin_mm) * mm
        self.width = self.size[0] - 2 * self.margin
        self.fonts = PdfFonts(theme, doc.places, field_names(doc), doc.language)
        self.hyph = _hyphenation(doc.language)
        self.budget = Budget()
        colors = theme.print_colors
        self.fills = colors.surface.upper() != colors.background.upper()
        # parsed once: ReportLab parses a colour given as text again at every use
        self.c = SimpleNamespace(**{k: HexColor(getattr(colors, k)) for k in
                                    ("text", "primary", "accent", "muted", "surface", "background", "on_primary")})
        self.where = Location(doc.path)
        self.plan = session.schedule(doc, combined=theme.deck.qa_layout == "combined")
        # the numbers the slides have in the deck built with this theme and template (renderers/paging.py)
        rooms = room.read(theme, options.template or theme.template)
        self.numbers = dict(zip((s.ident for s in self.plan.slots), paging.numbers(doc, self.plan, rooms)))
        self.s = self._styles()

    # --- styles and text ---------------------------------------------------------------
    def _styles(self) -> dict[str, ParagraphStyle]:
        f, c = self.fonts, self.c
        body = ParagraphStyle("body", fontName=f.font("body"), fontSize=BODY, leading=BODY * LEADING,
                              textColor=c.text, allowWidows=0, allowOrphans=0, hyphenationLang="",
                              embeddedHyphenation=0, uriWasteReduce=0, splitLongWords=1, spaceAfter=2)
        head = ParagraphStyle("head", parent=body, fontName=f.font("heading"))
        return {
            "body": body,
            "kicker": ParagraphStyle("kicker", parent=head, fontName=f.font("heading", bold=True), fontSize=9,
                                     leading=11, textColor=c.accent, spaceAfter=4),
            "title": ParagraphStyle("title", parent=head, fontName=f.font("heading", bold=True), fontSize=22,
                                    leading=26, textColor=c.primary, spaceAfter=3),
            "subtitle": ParagraphStyle("subtitle", parent=head, fontSize=13, leading=16, textColor=c.primary,
                                       spaceAfter=8),
            "h2": ParagraphStyle("h2", parent=head, fontName=f.font("heading", bold=True), fontSize=13, leading=16,
                                 textColor=c.primary, spaceBefore=12, spaceAfter=5),
            "label": ParagraphStyle("label", parent=head, fontSize=7.5, leading=9, textColor=c.muted),
            "fact": ParagraphStyle("fact", parent=head, fontName=f.font("heading", bold=True), fontSize=11.5,
                                   leading=14),
            "check": ParagraphStyle("check", parent=body, leftIndent=5 * mm, bulletIndent=0,
                                    bulletFontName=self.fonts.font("body"), bulletFontSize=BODY),
            "cell": ParagraphStyle("cell", parent=body, fontSize=8.8, leading=10.8, spaceAfter=0),
            "cell_head": ParagraphStyle("cell_head", parent=head, fontName=f.font("heading", bold=True),
                                        fontSize=8, leading=10, textColor=c.on_primary if self.fills else c.primary),
            "cell_small": ParagraphStyle("cell_small", parent=body, fontSize=7.8, leading=9.4, textColor=c.muted,
                                         spaceAfter=0),
            "num": ParagraphStyle("num", parent=body, fontSize=8.8, leading=10.8, alignment=TA_RIGHT, spaceAfter=0),
            "meta": ParagraphStyle("meta", parent=head, fontSize=8, leading=10, textColor=c.muted, spaceAfter=2),
            "question": ParagraphStyle("question", parent=head, fontName=f.font("heading", bold=True), fontSize=12,
                                       leading=15, textColor=c.primary, spaceAfter=3),
            "sub": ParagraphStyle("sub", parent=head, fontName=f.font("heading", bold=True), fontSize=8.5,
                                  leading=11, textColor=c.primary, spaceBefore=5, spaceAfter=1),
            "bullet": ParagraphStyle("bullet", parent=body, leftIndent=4 * mm, bulletIndent=0.5 * mm,
                                     bulletColor=c.accent, bulletFontName=f.font("body", bold=True),
                                     bulletFontSize=BODY, spaceAfter=1.5),
            "source": ParagraphStyle("source", parent=body, fontSize=8, leading=10.2, textColor=c.muted,
                                     leftIndent=5 * mm, bulletIndent=0, bulletFontName=f.font("body"),
                                     bulletFontSize=8, spaceAfter=1),
            "figure": ParagraphStyle("figure", parent=head, fontName=f.font("heading", bold=True), fontSize=12,
                                     leading=14, textColor=c.accent, spaceAfter=0),
            "footer": ParagraphStyle("footer", parent=head, fontSize=7.5, leading=9, textColor=c.muted),
        }

    def _font_cmd(self) -> tuple:
        """Tables' own font (ReportLab's default is Helvetica, which is not embedded: PDF/UA embeds all)."""
        return ("FONTNAME", (0, 0), (-1, -1), self.fonts.font("body"))

    def _markup(self, text: str, role: str = "body", bold: bool = False, loc: Location | None = None) -> str:
        markup = self.fonts.text(text, role, loc or self.where, bold=bold)
        return f"<b>{markup}</b>" if bold else markup

    def _p(self, text: str, style: str, width: float | None = None, role: str = "body", bold: bool = False,
           hyphenate: bool = False, bullet: str | None = None, loc: Location | None = None) -> Paragraph:
        """A paragraph of plain text; `hyphenate` (body text at a known width): soft hyphens only
        where a line would be too loose (pdf.breaks), within the sheet's budget; `loc`: where the
        text was written (a character no font draws is reported there)."""
        markup = self._markup(text, role, bold, loc)
        kw = {"bulletText": bullet} if bullet else {}
        if hyphenate and self.hyph.dictionary is not None:
            return settle(markup, self.s[style], width or self.width, self.hyph, self.budget, cls=GuideParagraph,
                          **kw)[1]
        return GuideParagraph(markup, self.s[style], **kw)

    # --- the story ---------------------------------------------------------------------
    def render(self) -> RenderResult:
        story = self._cover() + self._questions() + self._figures()
        title = " ".join(self.doc.title.plain.split())
        meta = Meta(f"{title} \u2013 {i18n.t(self.lang, 'guide')}", self.lang,
                    self.doc.authors or self.doc.organisation or "", i18n.t(self.lang, "guide"),
                    document_date(self.doc.date, self.options.epoch))
        with fewer_full():  # laid out and drawn while all of it is alive (pdf.collect)
            data, pages = self._build(story, meta)
        plan = self.plan
        last = self.numbers[plan.slots[-1].ident][1] if plan.slots else 0
        slides = f"{last} slides" if last else f"{len(plan.slots)} slides as planned (the deck may have more)"
        report = [f"{pages} page{'s' * (pages != 1)} {self.paper}: {slides} from "
                  f"{plan.clock(0)} to {plan.clock(plan.total)} ({plan.total} min)"]
        return RenderResult(data, report, list(self.fonts.missing))

    def _build(self, story: list, meta: Meta) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        title = " ".join(self.doc.title.plain.split())
        bottom = self.margin + 8 * mm
        frame = Frame(self.margin, bottom, self.width, self.size[1] - self.margin - bottom, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        counted = {"n": 0}

        def footer(canvas, page, total):  # stamped when the total is known, as an artifact (pdf.numbered)
            counted["n"] = total
            left = self._p(self._one_line(f"{i18n.t(self.lang, 'guide')} \u00b7 {title}", self.width * 0.7), "footer")
            right = self._p(i18n.t(self.lang, "page_of", page=page, total=total), "footer")
            right.style = ParagraphStyle("footer_r", parent=self.s["footer"], alignment=TA_RIGHT)
            y = self.margin
            canvas.saveState()
            canvas.setStrokeColor(self.c.muted)
            canvas.setLineWidth(0.4)
            canvas.line(self.margin, y + 10, self.margin + self.width, y + 10)
            for para, x, w in ((left, self.margin, self.width * 0.72), (right, self.margin + self.width * 0.72,
                                                                         self.width * 0.28)):
                _, h = para.wrap(w, 20)
                para.drawOn(canvas, x, y + 8 - h)
            canvas.restoreState()

        template = BaseDocTemplate(buffer, pagesize=self.size, leftMargin=self.margin, rightMargin=self.margin,
                                   topMargin=self.margin, bottomMargin=bottom, invariant=1, pageCompression=1,
                                   title=f"{title} \u2013 {i18n.t(self.lang, 'guide')}",
                                   author=self.doc.authors or self.doc.organisation or "",
                                   subject=i18n.t(self.lang, "guide"), lang=self.lang, creator="deckgen",
                                   initialFontName=self.fonts.font("body"))  # not Helvetica: PDF/UA embeds all
        template.addPageTemplates([PageTemplate("page", [frame])])
        template.build(story, canvasmaker=numbered_canvas(footer, meta))  # tagged as it is drawn (pdf.tagging)
        return buffer.getvalue(), counted["n"]

    def _one_line(self, text: str, width: float) -> str:
        """The footer's text, cut at a word with '…' when it would take more than one line."""
        size = self.s["footer"].fontSize
        if self.fonts.width(text, "body", size) <= width:
            return text
        words = text.split()
        while len(words) > 1 and self.fonts.width(" ".join(words) + " \u2026", "body", size) > width:
            words.pop()
        return " ".join(words) + " \u2026"

    # --- cover and plan ----------------------------------------------------------------
    def _cover(self) -> list:
        doc, lang, plan = self.doc, self.lang, self.plan
        out = [self._p(i18n.t(lang, "guide").upper(), "kicker", role="heading", bold=True),
               self._p(" ".join(doc.title.plain.split()), "title", role="heading", bold=True, loc=doc.title.loc)]
        if doc.subtitle:
            out.append(self._p(" ".join(doc.subtitle.plain.split()), "subtitle", role="heading", loc=doc.subtitle.loc))
        facts = []
        if doc.date:
            facts.append((i18n.t(lang, "date"), i18n.long_date(doc.date, lang)))
        duration = doc.session.duration if doc.session else plan.total
        facts.append((i18n.t(lang, "duration"), i18n.t(lang, "minutes", n=duration)))
        if plan.clock_start is not None:
            facts.append((i18n.t(lang, "start_end"), f"{plan.clock(0)}\u2013{plan.clock(plan.total)}"))
        else:
            facts.append((i18n.t(lang, "start_end"), f"0:00\u2013{plan.clock(plan.total)}"))
        if doc.qa:
            count = len(doc.qa.items)
            facts.append((i18n.t(lang, "questions"), str(count)))
        col = self.width / len(facts)
        cells = [[[self._p(label, "label", col - 2 * PAD, role="heading"),
                   self._p(value, "fact", col - 2 * PAD, role="heading", bold=True)] for label, value in facts]]
        table = Table(cells, colWidths=[col] * len(facts))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), self._font_cmd(),
                                   ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), PAD), ("TOPPADDING", (0, 0), (-1, -1), 4),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                                   ("LINEABOVE", (0, 0), (-1, 0), 0.8, self.c.primary),
                                   ("LINEBELOW", (0, 0), (-1, 0), 0.4, self.c.muted)]))
        out += [Spacer(1, 4), table]
        out.append(self._p(i18n.t(lang, "materials"), "h2", role="heading", bold=True))
        box = next((c for c in BOXES if self.fonts.drawing(c)), "\u2013")  # a checkbox a face draws
        self.s["check"].bulletFontName = self.fonts.drawing(box) or self.fonts.font("body")
        out += grouped("L", [self._p(line, "check", self.width, bullet=box, hyphenate=True)
                             for line in self._materials()])
        out.append(self._p(i18n.t(lang, "plan"), "h2", role="heading", bold=True))
        out += self._plan_table()
        return out

    def _materials(self) -> list[str]:
        doc, lang = self.doc, self.lang
        lines = []
        if doc.qa:
            n = math.ceil(len(doc.qa.items) / 4)
            sheets = i18n.t(lang, "n_sheets", n=n) if n != 1 else i18n.t(lang, "n_sheet")
            key = "mat_cards_single" if doc.card_backs == "none" else "mat_cards"
            lines.append(i18n.t(lang, key, file=f"{doc.name}.cards.pdf", sheets=sheets))
        lines.append(i18n.t(lang, "mat_handout", file=f"{doc.name}.handout.pdf"))
        if doc.contact and doc.contact.url:
            lines.append(i18n.t(lang, "mat_qr", url=doc.contact.url))
        lines.append(i18n.t(lang, "mat_projector", file=f"{doc.name}.pptx"))
        return lines

    def _plan_table(self) -> list:
        lang, plan = self.lang, self.plan
        # the slide column as wide as its widest number ("1404\u20131405" in a long deck), 12 mm at least
        shown = [self._number(slot.ident) or "\u2013" for slot in plan.slots]
        widest = max((self.fonts.width(n, "body", self.s["num"].fontSize) for n in shown), default=0.0)
        widths = [24 * mm, max(12 * mm, widest + 2 * PAD + 2), 0.0, 12 * mm]
        widths[2] = self.width - sum(widths)
        inner = [w - 2 * PAD for w in widths]
        head = [self._p(i18n.t(lang, k), "cell_head", role="heading", bold=True)
                for k in ("clock", "slide_col", "what_happens", "min_col")]
        rows, style = [head], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), self._font_cmd(), ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD), ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6), ("LINEBELOW", (0, 1), (-1, -1), 0.3, self.c.muted)]
        if self.fills:
            style.append(("BACKGROUND", (0, 0), (-1, 0), self.c.primary))
        else:
            style.append(("LINEBELOW", (0, 0), (-1, 0), 1.0, self.c.primary))
        items = {f"question {q.number}": q for q in self.doc.qa.items} if self.doc.qa else {}
        for row, slot in enumerate(plan.slots, 1):
            item = items.get(slot.ident)
            what = [self._p(slot.label, "cell", inner[2], bold=slot.kind == "question", hyphenate=True,
                            loc=self._label_loc(slot))]
            if item is not None and (task := cues_task(self.doc, item)):
                what.append(self._p(task, "cell_small", inner[2], hyphenate=True,
                                    loc=item.task.loc if item.task else None))
            rows.append([self._p(plan.span(slot), "cell"), self._p(shown[row - 1], "num"), what,
                         self._p(str(slot.minutes), "num", bold=slot.kind == "question")])
            if slot.kind == "question" and self.fills:
                style.append(("BACKGROUND", (0, row), (-1, row), self.c.surface))
        # A long plan goes in tables of CHUNK rows, each with its header: ReportLab measures a
        # table's every row again at each page it splits it across (quadratic in a plan of 1,400).
        # One TableTags over the chunks: one Table element, a header repeated later an artifact.
        chunks, tags = [], TableTags(header_rows=1)
        for first in range(1, len(rows), CHUNK):
            last = min(len(rows), first + CHUNK)
            # commands over every row, or the header's, stay; a row's own move with the row
            shifted = [(cmd, a, b, *rest) if b[1] == -1 or a[1] == b[1] == 0 else
                       (cmd, (a[0], a[1] - first + 1), (b[0], b[1] - first + 1), *rest)
                       for cmd, a, b, *rest in style if b[1] == -1 or a[1] == 0 or first <= a[1] < last]
            table = Table([rows[0]] + rows[first:last], colWidths=widths, repeatRows=1, renderCB=tags)
            table.setStyle(TableStyle(shifted))
            chunks.append(table)
        if any(self._number(slot.ident) is None for slot in plan.slots):  # what a dash in the slide column says
            chunks.append(self._p(i18n.t(lang, "numbers_unknown"), "cell_small", self.width, hyphenate=True))
        return chunks

    def _number(self, ident: str) -> str | None:
        """The slide's number in the deck ("24"), its numbers when its text continues ("24–25"), or None
        where the run sheet cannot know it (paging.numbers)."""
        first, last = self.numbers.get(ident, (None, None))
        if first is None:
            return None
        return f"{first}\u2013{last}" if last is not None and last > first else str(first)

    def _label_loc(self, slot) -> Location | None:
        """Where a plan row's label was written: a section's heading, a question."""
        kind, _, n = slot.ident.partition(" ")
        if kind in ("section", "figures") and n.isdigit():
            heading = self.doc.sections[int(n) - 1].heading
            return heading.loc if heading else None
        if kind == "question" and self.doc.qa:
            return self.doc.qa.items[int(n) - 1].question.loc
        if slot.kind == "divider" and self.doc.qa:
            return self.doc.qa.heading.loc
        return None

    # --- the questions -----------------------------------------------------------------
    def _questions(self) -> list:
        doc, lang = self.doc, self.lang
        if not doc.qa:
            return []
        out: list = [CondPageBreak(self.size[1]),  # a new page: the questions start at its top
                     self._p(i18n.t(lang, "questions"), "h2", role="heading", bold=True)]
        total = len(doc.qa.items)
        for item in doc.qa.items:
            out += grouped("Sect", [KeepTogether(self._question(item, total))])
        return out

    def _question(self, item: QAItem, total: int) -> list:
        doc, lang, plan = self.doc, self.lang, self.plan
        w = self.width
        slot = plan.slot(f"question {item.number}")
        answer = plan.slot(f"answer {item.number}")
        if answer is not None and answer.start != slot.end:  # answers at the end: not shown right after it
            answer = None
        meta = [i18n.t(lang, "question_of", n=item.number, total=total)]
        if slot is not None:
            meta.append(plan.span(slot))
            if (number := self._number(slot.ident)):
                meta.append(i18n.t(lang, "slide_n", n=number))
        block = [Spacer(1, 6), self._p(" \u00b7 ".join(meta), "meta", role="heading"),
                 self._p(" ".join(item.question.plain.split()), "question", w, role="heading", bold=True,
                         loc=item.question.loc)]
        if (task := cues_task(doc, item)):
            block.append(self._p(f"{i18n.t(lang, 'task')}: {task}", "body", w, hyphenate=True,
                                 loc=item.task.loc if item.task else None))
        listen_loc = item.points[0].loc if item.points else item.answer.loc
        block.append(self._p(i18n.t(lang, "listen_for"), "sub", role="heading", bold=True))
        block += grouped("L", [self._p(line, "bullet", w, bullet="\u2022", hyphenate=True, loc=listen_loc)
                               for line in cues.listen_for(item)])
        block.append(self._p(i18n.t(lang, "key_points"), "sub", role="heading", bold=True))
        block += grouped("L", [self._p(line, "bullet", w, bullet="\u2013", hyphenate=True, loc=item.answer.loc)
                               for line in cues.key_points(item)])
        block.append(self._p(i18n.t(lang, "debrief"), "sub", role="heading", bold=True))
        whole = "_whole" if cues.whole_group(item, lang) else ""  # the whole group: ask a few participants
        shown = self._number(answer.ident) if answer is not None else None  # "25", "25–26"
        nxt = "" if shown else "_next"  # its number unknown here: "the answer slide"
        if item.key:  # the sentence the content gives to close the question on
            say = " ".join(item.key.plain.split())
            prompt = (i18n.t(lang, "debrief_notes" + whole, say=say) if answer is None else
                      i18n.t(lang, "debrief_prompt" + whole + nxt, slide=shown, say=say))
        else:
            prompt = (i18n.t(lang, "debrief_points_notes" + whole) if answer is None else
                      i18n.t(lang, "debrief_points" + whole + nxt, slide=shown))
        block.append(self._p(prompt, "body", w, hyphenate=True, loc=item.key.loc if item.key else None))
        if item.notes:
            block.append(self._p(" ".join(item.notes.plain.split()), "body", w, hyphenate=True, loc=item.notes.loc))
        cited = cues.cites(item.answer, item.notes, *item.points)
        if cited:
            block.append(self._p(i18n.t(lang, "sources"), "sub", role="heading", bold=True))
            block += grouped("L", [self._source(n) for n in cited])
        return block

    def _source(self, number: int) -> Paragraph:
        src = self.doc.source(number)
        text = " ".join(src.text.plain.split()) + (f" {src.url}" if src.url else "")
        return self._p(text, "source", self.width, bullet=f"{number}.", loc=src.text.loc)

    # --- key figures -------------------------------------------------------------------
    def _figures(self) -> list:
        lang = self.lang
        rows = []
        value_w = 38 * mm
        label_w = self.width - value_w
        for section in self.doc.sections:
            for fig in section.figures:
                label = [self._p(" ".join(fig.label.plain.split()), "cell", label_w - 2 * PAD, hyphenate=True,
                                 loc=fig.label.loc)]
                if fig.source is not None:
                    src = self.doc.source(fig.source)
                    label.append(self._p(f"{i18n.t(lang, 'source')} {fig.source}: " + " ".join(src.text.plain.split())
                                         + (f" {src.url}" if src.url else ""), "cell_small", label_w - 2 * PAD,
                                         loc=src.text.loc))
                rows.append([self._p(" ".join(fig.value.plain.split()), "figure", value_w - 2 * PAD,
                                     role="heading", bold=True, loc=fig.value.loc), label])
        if not rows:
            return []
        table = Table(rows, colWidths=[value_w, label_w])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), self._font_cmd(),
                                   ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), PAD), ("TOPPADDING", (0, 0), (-1, -1), 4),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, self.c.muted)]))
        return [KeepTogether([self._p(i18n.t(lang, "key_figures"), "h2", role="heading", bold=True), table])]


def cues_task(doc: Document, item: QAItem) -> str:
    """The task and the time, as the discussion slide shows them."""
    task = " ".join(item.task.plain.split()) if item.task else ""
    return i18n.task_line(task, item.duration, doc.language)
