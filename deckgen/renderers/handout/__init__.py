"""The handout: the whole document typeset as a printable, branded PDF (A4 or US Letter).

Page 1 reads as the one-pager: logo and meta line, the title band, the lead across
the page, then the sections in two columns with key figures as call-out boxes. The
Q&A starts on a new page under a band across the page when the sections end on page 1,
else it follows them under a column-wide band. Then come the sources as numbered notes
(link targets of the superscript markers) and the colophon. Pages after the first have
a header (title, date); every page has a footer ("pagina 3 van 4") in the content's
language. Themes without fills (surface = background) get rules instead of colour bands.

Text reaches ReportLab only through `renderers.pdf.fonts`, which escapes it and sets characters
the theme's fonts lack in a fallback face. Layout rules: no single-line widows or
orphans, hyphenation in the content's language, a heading or question never ends a
column without the first lines of what follows, and blocks taller than a column split
rather than raise. Output is deterministic (`invariant`): same input, same bytes.
"""

from __future__ import annotations

import io
import re

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.ttfonts import TTFError
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    Image,
    LayoutError,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from deckgen.content import i18n
from deckgen.content.model import SAFE_SCHEMES, Document, Rich, Span
from deckgen.content.model import paragraph_text as para_text
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.renderers.handout.flowables import Box, Branch, HandoutParagraph, Mark, NeedRoom, Rule, stacked_height
from deckgen.renderers.handout.pictures import HandoutPictures
from deckgen.renderers.handout.pictures import credits as image_credits
from deckgen.renderers.handout.pages import FOOTER_H, GUTTER, MIN_MARGIN_MM, PAPERS, Geometry, numbered_canvas
from deckgen.renderers.pdf.fonts import PdfFonts, attribute
from deckgen.text import hyphenation
from deckgen.theming.model import Theme

LEADING = 1.35  # body line height, as a factor of the font size
HANG = 5.5 * mm  # hanging indent of question numbers and note numbers
MAX_TOP_SHARE = 0.45  # the first page's full-width top block may take this share of the page
OUTLINE_CHARS = 110
_LONG_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:/*\S{25,}")


def pyphen_language(language: str) -> str | None:
    """The pyphen dictionary for a BCP 47 tag: 'nl' -> 'nl_NL', 'en-US' -> 'en_US'; None if there is none."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency; without it text is not hyphenated
        return None
    head, _, region = language.replace("_", "-").partition("-")
    head = head.lower()
    candidates = []
    if region:
        candidates.append(f"{head}_{region.upper()}")
    if i18n.known(head):
        candidates.append(f"{head}_{i18n.t(head, 'region')}")
    candidates.append(head)
    for name in candidates:
        if name in pyphen.LANGUAGES:
            return name
    return pyphen.language_fallback(head)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- flowables -------------------------------------------------------------------------


class _Handout:
    def __init__(self, doc: Document, theme: Theme, options: RenderOptions):
        self.doc, self.theme = doc, theme
        key = (options.paper or theme.handout.paper or "A4").strip().lower()
        if key not in PAPERS:
            raise DeckgenError(f"unknown paper size '{options.paper or theme.handout.paper}'",
                               Location("--paper"), "choose A4 or letter")
        paper, size = PAPERS[key]
        self.geo = Geometry(size, paper, max(MIN_MARGIN_MM, theme.handout.margin_mm) * mm)
        self.fonts = PdfFonts(theme, doc.places)
        self.lang = doc.language
        self.hyphenation = pyphen_language(doc.language)
        if self.hyphenation:  # ReportLab's hyphenation then finds the dictionary read lazily
            hyphenation.prime(self.hyphenation)
        self.c = theme.print_colors
        self.where = Location(doc.path)
        self._styles()
        self._lines: dict[tuple, Paragraph] = {}  # see _line
        self.pictures = HandoutPictures(lambda text: self._plain(text, "caption"))

    # styles --------------------------------------------------------------------------

    def _band(self, content: list[Flowable], pad: float) -> Box:
        """A band for the title or the Q&A: filled with the primary colour, or for themes without
        fills (surface = background, to save ink) between two rules."""
        if self.fills:
            return Box(content, self.c.primary, pad, keep_below=0)
        return Box(content, None, pad * 0.6, keep_below=0, rules=self.c.primary)

    def _styles(self) -> None:
        h, c, f = self.theme.handout, self.c, self.fonts
        self.fills = c.surface.upper() != c.background.upper()
        on_band = c.on_primary if self.fills else c.primary
        band_meta = c.on_primary if self.fills else c.muted
        size = h.body_size
        self.leading = size * LEADING
        body = ParagraphStyle(
            "body", fontName=f.font("body"), fontSize=size, leading=self.leading, textColor=c.text,
            alignment=TA_LEFT, spaceAfter=size * 0.6, allowWidows=0, allowOrphans=0,
            hyphenationLang=self.hyphenation or "", embeddedHyphenation=1, uriWasteReduce=0, splitLongWords=1)
        heading = ParagraphStyle(
            "heading", parent=body, fontName=f.font("heading"), alignment=TA_LEFT, hyphenationLang="",
            embeddedHyphenation=0)
        self.s = {
            "body": body,
            "lead": ParagraphStyle("lead", parent=body, fontSize=size * 1.22, leading=size * 1.22 * LEADING,
                                   alignment=TA_LEFT, spaceAfter=size * 0.5),
            "h2": ParagraphStyle("h2", parent=heading, fontSize=h.heading_size, leading=h.heading_size * 1.2,
                                 textColor=c.primary, spaceBefore=size * 1.2, spaceAfter=size * 0.45),
            "title": ParagraphStyle("title", parent=heading, fontSize=h.title_size, leading=h.title_size * 1.12,
                                    textColor=on_band),
            "subtitle": ParagraphStyle("subtitle", parent=heading, fontSize=max(size * 1.2, h.title_size * 0.56),
                                       leading=max(size * 1.2, h.title_size * 0.56) * 1.2, textColor=on_band,
                                       spaceBefore=size * 0.3),
            "band_meta": ParagraphStyle("band_meta", parent=heading, fontName=f.font("body"), fontSize=size * 0.9,
                                        leading=size * 1.2, textColor=band_meta, spaceBefore=size * 0.9),
            "meta": ParagraphStyle("meta", parent=heading, fontName=f.font("body"), fontSize=size * 0.85,
                                   leading=size * 1.15, textColor=c.muted, alignment=TA_RIGHT),
            "band_title": ParagraphStyle("band_title", parent=heading, fontSize=h.heading_size * 1.45,
                                         leading=h.heading_size * 1.45 * 1.15, textColor=on_band),
            "band_title_col": ParagraphStyle("band_title_col", parent=heading, fontSize=h.heading_size * 1.15,
                                             leading=h.heading_size * 1.15 * 1.2, textColor=on_band),
            "question": ParagraphStyle(
                "question", parent=heading, fontSize=size * 1.1, leading=size * 1.1 * 1.28, textColor=c.primary,
                leftIndent=HANG, bulletIndent=0, bulletFontName=f.font("heading", bold=True),
                bulletFontSize=size * 1.1, bulletColor=c.accent, spaceBefore=size * 1.3, spaceAfter=size * 0.35),
            "answer": ParagraphStyle("answer", parent=body, leftIndent=HANG),
            "fig_value": ParagraphStyle("fig_value", parent=heading, fontSize=h.heading_size * 1.6,
                                        leading=h.heading_size * 1.6 * 1.1, textColor=c.accent, spaceAfter=size * 0.2),
            "fig_label": ParagraphStyle("fig_label", parent=body, fontSize=size * 0.92, leading=size * 0.92 * 1.3,
                                        alignment=TA_LEFT, spaceAfter=0),
            "note": ParagraphStyle("note", parent=body, fontSize=size * 0.85, leading=size * 0.85 * 1.3,
                                   alignment=TA_LEFT, leftIndent=HANG, bulletIndent=0, bulletColor=c.muted,
                                   bulletFontName=f.font("body"), bulletFontSize=size * 0.85, spaceAfter=size * 0.35),
            "caption": ParagraphStyle("caption", parent=heading, fontName=f.font("body"), fontSize=size * 0.75,
                                      leading=size * 0.75 * 1.25, textColor=c.muted, alignment=TA_RIGHT,
                                      spaceAfter=size * 0.8),
            "colophon_head": ParagraphStyle("colophon_head", parent=heading, fontSize=size * 0.85,
                                            leading=size * 1.1, textColor=c.muted, spaceBefore=size * 1.6,
                                            spaceAfter=size * 0.25),
            "colophon": ParagraphStyle("colophon", parent=body, fontSize=size * 0.85, leading=size * 0.85 * 1.3,
                                       textColor=c.muted, alignment=TA_LEFT),
            "running": ParagraphStyle("running", parent=heading, fontName=f.font("body"), fontSize=7.5,
                                      leading=9, textColor=c.muted),
        }
        self.s["running_right"] = ParagraphStyle("running_right", parent=self.s["running"], alignment=TA_RIGHT)
        self.s["credit"] = ParagraphStyle("credit", parent=self.s["note"], leftIndent=0, hyphenationLang="",
                                          embeddedHyphenation=0)  # names are never hyphenated

    # text ----------------------------------------------------------------------------

    def _paras(self, rich: Rich | None, style: str, role: str = "body", bold: bool = False,
               first_prefix: str = "", **kw) -> list[Paragraph]:
        """Safe paragraphs of rich text; `first_prefix` is trusted markup (an anchor) for the first."""
        if not rich:
            return []
        out = []
        for i, para in enumerate(rich.paragraphs):
            markup = self.fonts.paragraph(para, role, rich.loc, bold=bold)
            out.append(HandoutParagraph((first_prefix if i == 0 else "") + markup, self._style(style, para_text(para)),
                                 **(kw if i == 0 else {})))
        return out

    def _style(self, name: str, text: str) -> ParagraphStyle:
        """The named style; without hyphenation for text with a long URL, which ReportLab's
        hyphenation would split after the host and then let run out of the column."""
        style = self.s[name]
        if (style.hyphenationLang or style.embeddedHyphenation or style.uriWasteReduce) and _LONG_URL.search(text):
            key = name + "-nohyphen"
            if key not in self.s:
                self.s[key] = ParagraphStyle(key, parent=style, hyphenationLang="", embeddedHyphenation=0,
                                             uriWasteReduce=0)
            return self.s[key]
        return style

    def _plain(self, text: str, style: str, role: str = "body", loc: Location | None = None,
               bold: bool = False) -> Paragraph:
        markup = self.fonts.text(text, role, loc or self.where, bold=bold)
        return HandoutParagraph(f"<b>{markup}</b>" if bold else markup, self.s[style])

    # blocks --------------------------------------------------------------------------

    def _logo_row(self) -> list[Flowable]:
        doc = self.doc
        meta_lines = [x for x in (doc.organisation, i18n.long_date(doc.date, self.lang)) if x]
        meta = [self._plain(line, "meta") for line in meta_lines]
        logo = None
        if self.theme.print_logo is not None:
            from reportlab.lib.utils import ImageReader

            pw, ph = ImageReader(str(self.theme.print_logo)).getSize()
            height = 11 * mm
            width = min(height * pw / ph, self.geo.width * 0.45)
            height = width * ph / pw
            logo = Image(str(self.theme.print_logo), width=width, height=height, mask="auto")
        if logo is None:
            return meta + [Spacer(1, 4 * mm)] if meta else []
        left_w = logo.drawWidth
        table = Table([[logo, meta or ""]], colWidths=[left_w, self.geo.width - left_w])
        every = ((0, 0), (-1, -1))
        table.setStyle(TableStyle([("VALIGN", *every, "BOTTOM"), ("FONTNAME", *every, self.fonts.font("body")),
                                   ("LEFTPADDING", *every, 0), ("RIGHTPADDING", *every, 0),
                                   ("TOPPADDING", *every, 0), ("BOTTOMPADDING", *every, 0)]))
        return [table, Spacer(1, 4 * mm)]

    def _title_band(self) -> Box:
        doc = self.doc
        content: list[Flowable] = self._paras(doc.title, "title", "heading", bold=True)
        content += self._paras(doc.subtitle, "subtitle", "heading")
        if doc.authors:
            content.append(self._plain(doc.authors, "band_meta"))
        return self._band(content, 6 * mm)

    def _top_block(self) -> tuple[list[Flowable], list[Flowable]]:
        """The first page's full-width block, and what moves to the columns when it is too tall."""
        head = [Mark("doc-title", _clip(self.doc.title.plain, OUTLINE_CHARS), 0)]
        head += self._logo_row() + [self._title_band()]
        head += self.pictures.cover(self.doc.image, self.geo.width) + [Spacer(1, 5 * mm)]
        lead = self._paras(self.doc.lead, "lead")
        room = self.geo.top(False) - self.geo.bottom
        band = stacked_height(head, self.geo.width)
        if band > room * 0.8:
            raise DeckgenError(Diagnostic(
                "error", "the title block is taller than most of the handout's first page", self.doc.title.loc,
                "shorten the title, subtitle or authors, or lower 'handout: title_size' in the theme"))
        if lead and band + stacked_height(lead, self.geo.width) <= room * MAX_TOP_SHARE:
            return head + lead + [Rule(self.c.primary, 0.6, space=2.5 * mm)], []
        return head, lead

    def _figures(self, figures) -> list[Flowable]:
        out: list[Flowable] = []
        for fig in figures:
            content = self._paras(fig.value, "fig_value", "heading", bold=True)
            label = fig.label
            if fig.source is not None and label:
                paras = list(label.paragraphs)
                paras[-1] = paras[-1] + (Span("", footnote=fig.source),)
                label = Rich(tuple(paras), label.loc)
            content += self._paras(label, "fig_label")
            out.append(Box(content, self.c.surface if self.fills else None, 3.2 * mm, bar=self.c.accent,
                            bar_width=1.6 * mm if self.fills else 0.8 * mm, space=(self.leading * 0.7, self.leading)))
        return out

    def _sections(self) -> list[Flowable]:
        out: list[Flowable] = []
        for i, section in enumerate(self.doc.sections):
            text = self._paras(section.text, "body")
            figure = self.pictures.figure(section.image, self.geo.column)
            if section.heading:
                heading = self._paras(section.heading, "h2", "heading", bold=True)
                follower = text[0] if text else None  # a heading, its picture and the first lines stay together
                out += [NeedRoom(heading + figure, follower, self.leading),
                        Mark(f"section-{i}", _clip(section.heading.plain, OUTLINE_CHARS), 0)]
                out += heading
            out += figure
            out += text + self._figures(section.figures)
        return out

    def _qa_band(self, style: str) -> list[Flowable]:
        qa = self.doc.qa
        title = qa.heading.plain or i18n.t(self.lang, "questions")
        heading = self._paras(qa.heading, style, "heading", bold=True) or [
            self._plain(title, style, "heading", bold=True)]
        sub = self._plain(i18n.t(self.lang, "n_questions", n=len(qa.items)), "band_meta")
        return [Mark("qa", _clip(title, OUTLINE_CHARS), 0, closed=False),
                self._band(heading + [sub], 4.5 * mm), Spacer(1, 2 * mm)]

    def _qa(self) -> tuple[list[Flowable], list[Flowable]]:
        """The Q&A's full-width band for a page of its own, and the Q&A itself.

        When the sections end on page 1, the Q&A starts on a new page under a band across
        the page; when they ran on, it follows them in the column under a column-wide band.
        """
        qa = self.doc.qa
        if qa is None or not qa.items:
            return [], []
        page_band = self._qa_band("band_title")
        column_band = self._qa_band("band_title_col")
        room = self.geo.top(True) - self.geo.bottom
        if max(stacked_height(page_band, self.geo.width), stacked_height(column_band, self.geo.column)) > room * 0.8:
            raise DeckgenError(Diagnostic(
                "error", "the Q&A heading is taller than most of a handout page", qa.heading.loc,
                "shorten 'heading' under 'qa:'; it is set large, above the questions"))
        items: list[Flowable] = []
        for item in qa.items:
            question = self._paras(item.question, "question", "heading", bold=True, bulletText=str(item.number))
            answer = self._paras(item.answer, "answer")
            items += [NeedRoom(question, answer[0] if answer else None, self.leading),
                      Mark(f"q-{item.number}", _clip(f"{item.number}. {item.question.plain}", OUTLINE_CHARS), 1)]
            items += question + answer
        first_q = next(i for i, f in enumerate(items) if isinstance(f, Paragraph))
        flowing = [NeedRoom(column_band[1:2] + items[first_q:first_q + 1], items[first_q + 1]
                             if len(items) > first_q + 1 else None, self.leading)] + column_band
        on_first = [NextPageTemplate("qa"), PageBreak()] + page_band + [FrameBreak(), NextPageTemplate("body")]
        return page_band, [Branch(on_first, flowing)] + items

    def _notes(self) -> list[Flowable]:
        out: list[Flowable] = []
        if self.doc.sources:
            heading = self._plain(i18n.t(self.lang, "sources"), "h2", "heading", bold=True)
            notes: list[Flowable] = []
            for src in self.doc.sources:
                anchor = f'<a name="note-{src.number}"/>'
                paras = self._paras(src.text, "note", first_prefix=anchor, bulletText=f"{src.number}.")
                if not paras:
                    paras = [HandoutParagraph(anchor, self.s["note"], bulletText=f"{src.number}.")]
                if src.url:
                    link = self.fonts.text(src.url, loc=src.text.loc)
                    if src.url.lower().startswith(SAFE_SCHEMES):
                        href = attribute(src.url)
                        link = f'<a href="{href}" color="{self.c.primary}">{link}</a>'
                    paras.append(HandoutParagraph(link, self._style("note", src.url)))
                notes += paras
            out += [NeedRoom([heading], notes[0], self.leading), Mark("sources", heading.getPlainText(), 0),
                    heading] + notes
        out += self._image_credits()
        if self.doc.colophon:
            head = self._plain(i18n.t(self.lang, "colophon"), "colophon_head", "heading", bold=True)
            text = self._paras(self.doc.colophon, "colophon")
            rule = Rule(self.c.muted, 0.4, space=1.5 * mm, before=self.leading)
            out += [NeedRoom([rule, head], text[0], self.leading, whole=len(text) == 1),
                    Mark("colophon", head.getPlainText(), 0), rule, head] + text
        return out

    def _image_credits(self) -> list[Flowable]:
        """"Image credits": where each picture is and whose it is, after the sources."""
        found = image_credits(self.doc)
        if not found:
            return []
        heading = self._plain(i18n.t(self.lang, "image_credits"), "h2", "heading", bold=True)
        lines = [HandoutParagraph(f"{self.fonts.text(where, loc=self.where)}: {self.fonts.text(credit, loc=self.where)}",
                                  self.s["credit"]) for where, credit in found]
        return [NeedRoom([heading], lines[0], self.leading), Mark("image-credits", heading.getPlainText(), 0),
                heading] + lines

    # pages ---------------------------------------------------------------------------

    def _columns(self, prefix: str, top: float) -> list[Frame]:
        g = self.geo
        height = top - g.bottom
        return [Frame(g.left + i * (g.column + GUTTER), g.bottom, g.column, height, id=f"{prefix}-col{i}",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0) for i in range(2)]

    def _opening(self, name: str, block: list[Flowable], header: bool) -> PageTemplate:
        """A page with a full-width frame for `block` above the two columns."""
        g = self.geo
        top = g.top(header)
        height = stacked_height(block, g.width) + 1.0
        frame = Frame(g.left, top - height, g.width, height, id=f"{name}-top", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        return PageTemplate(name, [frame] + self._columns(name, top - height),
                            onPage=self._decorate_header if header else self._decorate)

    def _decorate(self, canvas, _doc) -> None:
        """Background and footer rule, drawn under each page's content."""
        g, c = self.geo, self.c
        canvas.saveState()
        if c.background.upper() != "#FFFFFF":
            canvas.setFillColor(colors.HexColor(c.background))
            canvas.rect(0, 0, g.size[0], g.size[1], stroke=0, fill=1)
        canvas.setStrokeColor(colors.HexColor(c.primary))
        canvas.setLineWidth(0.6)
        y = g.margin + FOOTER_H - 3 * mm
        canvas.line(g.left, y, g.left + g.width, y)
        canvas.restoreState()
        footer_left = self.doc.organisation or ""
        if footer_left:
            self._line(canvas, footer_left, "running", g.left, g.margin, g.width * 0.6)

    def _decorate_header(self, canvas, doc) -> None:
        self._decorate(canvas, doc)
        g = self.geo
        y = g.size[1] - g.margin - 4 * mm
        date = i18n.long_date(self.doc.date, self.lang)
        date_w = g.width * 0.25 if date else 0.0
        self._line(canvas, self.doc.title.plain, "running", g.left, y, g.width - date_w - 4 * mm,
                   loc=self.doc.title.loc)
        if date:
            self._line(canvas, date, "running_right", g.left + g.width - date_w, y, date_w)
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(self.c.primary))
        canvas.setLineWidth(0.6)
        canvas.line(g.left, y - 2.2 * mm, g.left + g.width, y - 2.2 * mm)
        canvas.restoreState()

    def _stamp(self, canvas, page: int, total: int) -> None:
        g = self.geo
        text = i18n.t(self.lang, "page_of", page=page, total=total)
        self._line(canvas, text, "running_right", g.left + g.width * 0.6, g.margin, g.width * 0.4)

    def _line(self, canvas, text: str, style: str, x: float, y: float, width: float,
              loc: Location | None = None) -> None:
        """One line of safe text at baseline-ish y, shortened with an ellipsis to fit `width`.

        The running title, date and organisation repeat on every page: each is set once."""
        key = (text, style, width, loc)
        para = self._lines.get(key)
        if para is None:
            text = " ".join(text.split())
            para = Paragraph(self.fonts.text(text, loc=loc or self.where), self.s[style])
            keep = len(text)
            while para.wrap(width, 1e9)[1] > self.s[style].leading * 1.01 and keep > 1:
                keep = int(keep * 0.9)
                para = Paragraph(self.fonts.text(text[:keep].rstrip() + "…", loc=loc or self.where), self.s[style])
            self._lines[key] = para
        para.drawOn(canvas, x, y)

    # build ---------------------------------------------------------------------------

    def build(self) -> RenderResult:
        doc, g = self.doc, self.geo
        top, spill = self._top_block()
        qa_band, qa = self._qa()
        templates = [self._opening("first", top, header=False),
                     PageTemplate("body", self._columns("body", g.top(True)), onPage=self._decorate_header)]
        if qa_band:
            templates.append(self._opening("qa", qa_band, header=True))
        story: list[Flowable] = list(top) + [FrameBreak(), NextPageTemplate("body")] + spill + self._sections()
        story += qa
        story += self._notes()

        buffer = io.BytesIO()
        author = doc.authors or doc.organisation or ""
        subject = doc.subtitle.plain if doc.subtitle else (doc.lead.plain if doc.lead else "")
        template = BaseDocTemplate(
            buffer, pagesize=g.size, pageTemplates=templates, invariant=1, title=doc.title.plain, author=author,
            subject=_clip(subject, 300), creator="deckgen", lang=doc.language, displayDocTitle=1,
            initialFontName=self.fonts.font("body"), leftMargin=g.margin, rightMargin=g.margin,
            topMargin=g.margin, bottomMargin=g.margin)
        canvasmaker = numbered_canvas(self._stamp)
        try:
            template.build(story, canvasmaker=canvasmaker)
        except LayoutError as exc:
            page = re.search(r"on page (\d+)", str(exc))
            where = f" (page {page.group(1)})" if page else ""
            raise DeckgenError(Diagnostic(
                "error", f"a block of text is taller than a handout page{where}", self.where,
                "shorten the longest text there, or split it into more paragraphs")) from None
        pages = len(template.canv._held)
        report = [f"{pages} page{'' if pages == 1 else 's'}, {g.paper}",
                  f"hyphenation {self.hyphenation}" if self.hyphenation else f"no hyphenation for '{doc.language}'"]
        warnings = list(self.fonts.missing)
        return RenderResult(buffer.getvalue(), report, warnings)


class HandoutRenderer(Renderer):
    name = "handout"
    suffix = ".handout.pdf"
    pictures = ("cover", "sections")

    def check(self, theme: Theme, options: RenderOptions) -> list[Diagnostic]:
        """The paper size is known and ReportLab can embed the theme's fonts."""
        if options.paper and options.paper.strip().lower() not in PAPERS:
            raise DeckgenError(f"unknown paper size '{options.paper}'", Location("--paper"), "choose A4 or letter")
        try:
            PdfFonts(theme)
        except TTFError as exc:
            raise DeckgenError(f"a font of the theme cannot be embedded in a PDF: {exc}", Location(str(theme.path)),
                               "use TrueType (.ttf) fonts with TrueType outlines") from None
        return []

    def render(self, doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
        return _Handout(doc, theme, options).build()
