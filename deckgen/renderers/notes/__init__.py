"""The notes handout (`--format notes`): each slide with its speaker notes beside it, 2 or 3 to an A4 page.

What the trainer holds at the lectern, or sends participants: the slides as LibreOffice draws
them (the slides-pdf result, made by the build from the deck: registry `needs`), placed as
vector drawings, so every title and label stays real text, sharp at any zoom and searchable;
beside each slide its speaker notes, as the deck carries them (the deck's result hands them
over per slide).

How: ReportLab sets the pages (running head, the notes, slide numbers, frames where the slides
go) through the shared pdf/ pieces (fonts with fallbacks, calm hyphenation); then pikepdf
places each slide page into its frame as a form XObject (`Page.add_overlay`: the page's own
content stream and resources, scaled, never rasterised). Notes are fitted like every other
text: the largest size from the handout's body size down to MIN_SIZE at which a slide's notes
fit its row; notes longer than that continue in the next row, under "slide N (continued)",
and the fit report says so. Rows per page: the theme's `handout: notes_per_page` (2 or 3).
"""

from __future__ import annotations

import io
import re

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from deckgen.content import i18n
from deckgen.content.model import Document
from deckgen.errors import Location
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.renderers.pdf.breaks import Budget, settle
from deckgen.renderers.pdf.finish import Meta, document_date
from deckgen.renderers.pdf.fonts import PdfFonts, field_names
from deckgen.renderers.pdf.paper import choose_paper
from deckgen.renderers.pdf.tagging import TaggedCanvas
from deckgen.text.hyphenation import Hyphenation
from deckgen.theming.model import Theme

MIN_SIZE = 7.5  # pt: the smallest notes text, still read at arm's length
STEP = 0.5
LEADING = 1.28
HEAD = 9.0  # pt: the running head's and the slide labels' size
GUTTER = 6 * mm  # between a slide and its notes
ROW_GAP = 6 * mm  # between rows (a hairline in the middle)
SLIDE_SHARE = {3: 0.47, 2: 0.52}  # of the text width, the slide's width (the rest: its notes)
CUE_WORDS = 40  # a first paragraph this short is the sentence to say: set in bold


class NotesRenderer(Renderer):
    name = "notes"
    suffix = ".notes.pdf"

    def check(self, theme: Theme, options: RenderOptions):
        return []  # LibreOffice: slides-pdf's check, run by the build for what this is made from

    def render(self, doc: Document, theme: Theme, options: RenderOptions,
               inputs: dict[str, RenderResult] | None = None) -> RenderResult:
        if not inputs or "slides-pdf" not in inputs or "deck" not in inputs:
            raise TypeError("notes is made from the deck and slides-pdf: the build hands them over (registry: needs)")
        deck = inputs["deck"]
        return _Notes(doc, theme, options, inputs["slides-pdf"].data, deck.notes, deck.titles).render()


def _hyphenation(language: str) -> Hyphenation:
    import pyphen

    tag = language.replace("-", "_")
    return Hyphenation(pyphen.language_fallback(tag) or pyphen.language_fallback(tag.split("_")[0].lower()))


class _Notes:
    def __init__(self, doc: Document, theme: Theme, options: RenderOptions, slides_pdf: bytes,
                 notes: tuple[str, ...], titles: tuple[str, ...]):
        import pikepdf

        self.doc, self.theme, self.lang, self.options = doc, theme, doc.language, options
        self.paper, self.size = choose_paper(options, theme)
        self.per_page = theme.handout.notes_per_page
        self.margin = max(12.0, theme.handout.margin_mm) * mm
        self.width = self.size[0] - 2 * self.margin
        self.slides = pikepdf.open(io.BytesIO(slides_pdf))
        count = len(self.slides.pages)
        self.notes = [notes[i] if i < len(notes) else "" for i in range(count)]
        self.titles = [titles[i] if i < len(titles) else "" for i in range(count)]
        box = self.slides.pages[0].mediabox if count else [0, 0, 16, 9]
        self.page_w, self.page_h = float(box[2] - box[0]), float(box[3] - box[1])
        self.aspect = self.page_w / self.page_h
        self.fonts = PdfFonts(theme, doc.places, field_names(doc))
        self.hyph = _hyphenation(doc.language)
        self.budget = Budget()
        self.c = theme.print_colors
        self.where = Location(doc.path)
        self.report: list[str] = []
        self._geometry()

    # --- geometry ----------------------------------------------------------------------
    def _geometry(self) -> None:
        page_h = self.size[1]
        self.head_top = page_h - self.margin
        self.rows_top = self.head_top - HEAD * 1.4 - 4 * mm
        self.rows_bottom = self.margin + HEAD * 1.4 + 3 * mm
        n = self.per_page
        self.row_h = (self.rows_top - self.rows_bottom - (n - 1) * ROW_GAP) / n
        label = HEAD * 1.6  # the slide number under each slide
        self.slide_w = min(self.width * SLIDE_SHARE[n], (self.row_h - label) * self.aspect)
        self.slide_h = self.slide_w / self.aspect
        self.notes_x = self.margin + self.slide_w + GUTTER
        self.notes_w = self.width - self.slide_w - GUTTER

    def _row_top(self, row: int) -> float:
        return self.rows_top - row * (self.row_h + ROW_GAP)

    # --- text ----------------------------------------------------------------------------
    def _style(self, size: float) -> ParagraphStyle:
        return ParagraphStyle(f"notes{size}", fontName=self.fonts.font("body"), fontSize=size,
                              leading=round(size * LEADING, 2), textColor=self.c.text, spaceAfter=size * 0.45,
                              allowWidows=0, allowOrphans=0, hyphenationLang="", embeddedHyphenation=0,
                              splitLongWords=1, uriWasteReduce=0)

    def _paragraphs(self, text: str, size: float, budget: Budget | None) -> list[Paragraph]:
        style = self._style(size)
        cue = ParagraphStyle(f"cue{size}", parent=style, fontName=self.fonts.font("body", bold=True))
        out = []
        for block in (b.strip() for b in re.split(r"\n", text)):
            if not block:
                continue
            words = " ".join(block.split())
            first = not out and len(words.split()) <= CUE_WORDS  # the sentence to say (the notes start with it)
            markup = self.fonts.text(words, "body", self.where, bold=first)
            out.append(settle(markup, cue if first else style, self.notes_w, self.hyph, budget)[1])
        return out

    def _height(self, paras: list[Paragraph]) -> float:
        return sum(p.wrap(self.notes_w, 1e9)[1] + p.style.spaceAfter for p in paras) - (
            paras[-1].style.spaceAfter if paras else 0)

    def _fit(self, text: str) -> tuple[float, list[Paragraph]]:
        """The largest size at which the notes fit one row, and their paragraphs; at MIN_SIZE when none does."""
        size = max(self.theme.handout.body_size, MIN_SIZE)
        while size > MIN_SIZE and self._height(self._paragraphs(text, size, None)) > self.row_h:
            size = round(size - STEP, 2)
        return size, self._paragraphs(text, size, self.budget)

    # --- pages ---------------------------------------------------------------------------
    def render(self) -> RenderResult:
        rows: list[tuple[int, bool, list[Paragraph]]] = []  # (slide index, continued, paragraphs)
        sizes = []
        for i, text in enumerate(self.notes):
            size, paras = self._fit(text)
            sizes.append(size)
            continued = False
            while True:
                taken, paras = self._take(paras)
                rows.append((i, continued, taken))
                if not paras:
                    break
                continued = True
            if continued:
                more = sum(1 for row in rows if row[0] == i) - 1
                self.report.append(f"slide {i + 1}: notes too long for one row at {size:g} pt: they continue "
                                   f"in {more} more row{'s' * (more != 1)}")
        data = self._place_slides(self._draw(rows))
        pages = -(-len(rows) // self.per_page)
        shrunk = [s for s in sizes if s < self.theme.handout.body_size]
        self.report.insert(0, f"{pages} page{'s' * (pages != 1)} {self.paper}, {self.per_page} slides a page: "
                              f"{len(self.notes)} slides as vector drawings beside their notes"
                           + (f"; notes of {len(shrunk)} slide(s) set smaller, down to {min(shrunk):g} pt"
                              if shrunk else ""))
        return RenderResult(data, self.report, list(self.fonts.missing))

    def _take(self, paras: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
        """The paragraphs that fit one row (splitting the last between lines), and the rest."""
        taken, room = [], self.row_h
        for k, p in enumerate(paras):
            _, h = p.wrap(self.notes_w, 1e9)
            if h <= room:
                taken.append(p)
                room -= h + p.style.spaceAfter
                continue
            parts = p.split(self.notes_w, room) if room > p.style.leading else []
            if len(parts) == 2:
                taken.append(parts[0])
                return taken, [parts[1], *paras[k + 1:]]
            if not taken:  # not even one line fits (cannot happen at these sizes): the line anyway
                return [p], paras[k + 1:]
            return taken, paras[k:]
        return taken, []

    def _draw(self, rows) -> tuple[bytes, str, object]:
        """The pages, tagged: per slide a section with the slide as a Figure (its title as the alternative
        text; a placeholder form here, the slide's page itself once placed), its caption and its notes;
        running head, page number, frames and rules are artifacts."""
        buffer = io.BytesIO()
        title = " ".join(self.doc.title.plain.split())
        label = i18n.t(self.lang, "notes_handout")
        canvas = TaggedCanvas(buffer, pagesize=self.size, invariant=1, pageCompression=1, lang=self.lang,
                              initialFontName=self.fonts.font("body"), initialFontSize=self.theme.handout.body_size)
        full_title = f"{title} \u2013 {label}"
        canvas.setTitle(full_title)
        canvas.setAuthor(self.doc.authors or self.doc.organisation or "")
        canvas.setSubject(label)
        canvas.setCreator("deckgen")
        canvas.meta = Meta(full_title, self.lang, self.doc.authors or self.doc.organisation or "", label,
                           document_date(self.doc.date, self.options.epoch))
        for i in range(len(self.notes)):  # empty now: the slides' pages replace them (_place_slides)
            canvas.beginForm(_form(i), 0, 0, self.page_w, self.page_h)
            canvas.endForm()
        total = -(-len(rows) // self.per_page)
        sections: dict[int, object] = {}
        for start in range(0, len(rows), self.per_page):
            with canvas.artifact("Pagination", "Header"):
                self._furniture(canvas, title, label, start // self.per_page + 1, total)
            for r, (slide, continued, paras) in enumerate(rows[start:start + self.per_page]):
                top = self._row_top(r)
                if r:
                    canvas.setStrokeColor(self.c.muted)
                    canvas.setLineWidth(0.3)
                    y = top + ROW_GAP / 2
                    canvas.line(self.margin, y, self.margin + self.width, y)
                section = sections.setdefault(slide, canvas.tags.root.add("Sect"))
                with canvas.within(section):
                    self._row(canvas, slide, continued, paras, top)
            canvas.showPage()
        canvas.save()  # tagged (pdf.finish)
        return buffer.getvalue()

    def _row(self, canvas, slide: int, continued: bool, paras: list[Paragraph], top: float) -> None:
        caption = i18n.t(self.lang, "slide_n", n=slide + 1)
        if continued:
            caption += " " + i18n.t(self.lang, "continued")
        else:
            x, y = self.margin, top - self.slide_h
            canvas.setStrokeColor(self.c.muted)
            canvas.setLineWidth(0.5)
            canvas.rect(x, y, self.slide_w, self.slide_h, stroke=1, fill=0)
            alt = caption + (f": {self.titles[slide]}" if self.titles[slide] else "")
            canvas.saveState()
            canvas.transform(self.slide_w / self.page_w, 0, 0, self.slide_h / self.page_h, x, y)
            with canvas.tag("Figure", Alt=alt):
                canvas.doForm(_form(slide))
            canvas.restoreState()
        with canvas.tag("Caption" if not continued else "P"):
            self._label(canvas, caption, top - (0 if continued else self.slide_h) - 2)
        y = top
        for p in paras:
            _, h = p.wrap(self.notes_w, 1e9)
            with canvas.tag("P"), canvas.paragraph(p):
                p.drawOn(canvas, self.notes_x, y - h)
            y -= h + p.style.spaceAfter

    def _label(self, canvas, text: str, top: float) -> None:
        style = ParagraphStyle("label", fontName=self.fonts.font("heading"), fontSize=HEAD - 1,
                               leading=(HEAD - 1) * 1.25, textColor=self.c.muted)
        para = Paragraph(self.fonts.text(text, "heading"), style)
        _, h = para.wrap(self.slide_w, 100)
        with canvas.paragraph(para):
            para.drawOn(canvas, self.margin, top - h)

    def _furniture(self, canvas, title: str, label: str, page: int, total: int) -> None:
        head = ParagraphStyle("head", fontName=self.fonts.font("heading", bold=True), fontSize=HEAD,
                              leading=HEAD * 1.25, textColor=self.c.primary)
        side = ParagraphStyle("side", parent=head, fontName=self.fonts.font("heading"), textColor=self.c.muted,
                              alignment=TA_RIGHT)
        y = self.head_top
        for text, style, x, w in ((title, head, self.margin, self.width * 0.7),
                                  (label, side, self.margin + self.width * 0.7, self.width * 0.3)):
            para = Paragraph(self.fonts.text(text, "heading", self.doc.title.loc if style is head else None,
                                             bold=style is head), style)
            _, h = para.wrap(w, 100)
            para.drawOn(canvas, x, y - h)
        canvas.setStrokeColor(self.c.muted)
        canvas.setLineWidth(0.4)
        rule = self.rows_top + 2.5 * mm
        canvas.line(self.margin, rule, self.margin + self.width, rule)
        foot = ParagraphStyle("foot", parent=side, fontSize=HEAD - 1.5, leading=(HEAD - 1.5) * 1.25)
        para = Paragraph(self.fonts.text(i18n.t(self.lang, "page_of", page=page, total=total), "heading"), foot)
        _, h = para.wrap(self.width, 100)
        para.drawOn(canvas, self.margin, self.margin)

    def _place_slides(self, data: bytes) -> bytes:
        """Each placeholder form becomes its slide: the page LibreOffice drew, as a form XObject (its own
        content and resources; vectors and text, never a picture). The slide's own marked content
        is left out: in this file the whole slide is one Figure, with its title as alternative text."""
        import pikepdf

        out = pikepdf.open(io.BytesIO(data))
        forms = {}
        for i, page in enumerate(self.slides.pages):
            form = page.as_form_xobject()
            kept = [(operands, op) for operands, op in pikepdf.parse_content_stream(form)
                    if str(op) not in ("BDC", "BMC", "EMC", "MP", "DP")]
            form.write(pikepdf.unparse_content_stream(kept))
            forms[f"/{_form(i)}"] = out.copy_foreign(form)
        for page in out.pages:
            xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
            for name in list(xobjects.keys()):
                if name.startswith("/FormXob.") and "/" + name[len("/FormXob."):] in forms:
                    xobjects[name] = forms["/" + name[len("/FormXob."):]]
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()


def _form(slide: int) -> str:
    return f"dgslide{slide + 1}"
