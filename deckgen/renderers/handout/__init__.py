"""The handout: the whole document typeset as a printable, branded PDF (A4 or US Letter).

Page 1 reads as the one-pager: logo and meta line, the title band, the lead across
the page, then the sections in two columns with key figures as call-out boxes. The
Q&A starts on a new page under a band across the page, or (the theme's `handout:
qa_start: continue`) follows the sections under a column-wide band. Then come the sources as numbered notes
(link targets of the superscript markers) and the colophon. Pages after the first have
a header (title, date); every page has a footer ("pagina 3 van 4") in the content's
language. Themes without fills (surface = background) get rules instead of colour bands.

Text reaches ReportLab only through `renderers.pdf.fonts`, which escapes it and sets characters
the theme's fonts lack in a fallback face. Layout rules: no single-line widows or
orphans, calm hyphenation in the content's language (pdf.breaks: only where a line is
too loose, at most 8 % of the lines), right-to-left paragraphs in visual order (pdf.rtl),
a heading or question never ends a column without the first lines of what follows, and
blocks taller than a column split rather than raise. The one-pager is fitted to page 1
(`fitted`: spacing, then body size down to the theme's body_min) or reported as longer,
and the last page's columns are balanced (doc.HandoutDoc). Output is deterministic
(`invariant`): same input, same bytes.
"""

from __future__ import annotations

import io
import re

from reportlab.pdfbase.ttfonts import TTFError
from reportlab.platypus import Flowable, Frame, FrameBreak, LayoutError, NextPageTemplate, PageTemplate

from deckgen.content.model import Document
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.renderers.handout import onepager, rest
from deckgen.renderers.handout.doc import KEEP, HandoutDoc, PastPageOne
from deckgen.renderers.handout.flowables import stacked_height
from deckgen.renderers.handout.onepager import Trial
from deckgen.renderers.handout.pages import GUTTER
from deckgen.renderers.handout.rest import Layout
from deckgen.renderers.handout.story import HandoutStory, _clip, pyphen_language
from deckgen.renderers.pdf.breaks import LAST, Budget
from deckgen.renderers.pdf.finish import Meta, document_date
from deckgen.renderers.pdf.fonts import PdfFonts
from deckgen.renderers.pdf.numbered import numbered_canvas
from deckgen.renderers.pdf.paper import check_paper
from deckgen.theming.model import Theme

__all__ = ["HandoutRenderer", "fitted", "pyphen_language"]


class _Handout(HandoutStory):
    """The handout laid out: its story (HandoutStory) on the first page's template (a full-width block
    above two columns), the body pages' and the Q&A's; trial layouts of the one-pager for the fit
    (onepager.fit), the whole build with balanced last columns, and the tagged, finished PDF."""

    setting: dict  # what fitted() made it with
    rest_report = ""  # the fit report's line on the pages after the one-pager (rest.fit)
    measured: Layout | None = None  # what build() laid out

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

    def _templates(self, top: list[Flowable], qa_band: list[Flowable]) -> list[PageTemplate]:
        g = self.geo
        templates = [self._opening("first", top, header=False),
                     PageTemplate("body", self._columns("body", g.top(True)), onPage=self._decorate_header)]
        if qa_band:
            templates.append(self._opening("qa", qa_band, header=True))
        return templates

    def _doc(self, buffer, templates: list[PageTemplate], balance: bool, page_one_only: bool = False,
             dry: bool = False) -> HandoutDoc:
        doc, g = self.doc, self.geo
        author = doc.authors or doc.organisation or ""
        subject = doc.subtitle.plain if doc.subtitle else (doc.lead.plain if doc.lead else "")
        return HandoutDoc(
            buffer, pagesize=g.size, pageTemplates=templates, invariant=1, title=doc.title.plain, author=author,
            subject=_clip(subject, 300), creator="deckgen", lang=doc.language, displayDocTitle=1,
            initialFontName=self.fonts.font("body"), leftMargin=g.margin, rightMargin=g.margin,
            topMargin=g.margin, bottomMargin=g.margin, balance=balance, leading=self.leading,
            page_one_only=page_one_only, dry=dry)

    def _run(self, template: HandoutDoc, story: list[Flowable], write: bool = True) -> int:
        """Lays out the story (and writes the PDF unless not `write`); the number of pages."""
        canvasmaker = numbered_canvas(self._stamp, self._meta() if write else None, outline=True)
        if not write:
            canvasmaker = type("TrialCanvas", (canvasmaker,), {"save": lambda self: None, "tagging": False})
        try:
            template.build(story, canvasmaker=canvasmaker)
        except LayoutError as exc:
            page = re.search(r"on page (\d+)", str(exc))
            where = f" (page {page.group(1)})" if page else ""
            raise DeckgenError(Diagnostic(
                "error", f"a block of text is taller than a handout page{where}", self.where,
                "shorten the longest text there, or split it into more paragraphs")) from None
        return len(template.canv._held)

    def trial(self) -> Trial:
        """The one-pager (title band, lead, sections and key figures) laid out alone on page 1: whether
        it all lands there, what page 1's columns leave empty, how much did not fit, and how many
        breaks leave fewer than three lines of a paragraph of section text on a side."""
        top, spill = self._top_block()
        story: list[Flowable] = list(top) + [FrameBreak(), NextPageTemplate("body")] + spill + self._sections()
        template = self._doc(io.BytesIO(), self._templates(top, []), balance=False, page_one_only=True)
        try:
            self._run(template, story, write=False)
        except PastPageOne:
            return Trial(False, template.left_empty, template.overflow, self.leading, template.short_breaks())
        return Trial(self.pages.get("one-pager") == 1, template.left_empty, 0.0, self.leading,
                     template.short_breaks())

    def story(self) -> tuple[list[Flowable], list[PageTemplate]]:
        self._setting(self.onepager)  # laid out again (balancing cost a page): the one-pager as it was fitted
        top, spill = self._top_block()
        story: list[Flowable] = list(top) + [FrameBreak(), NextPageTemplate("body")] + spill + self._sections()
        self._setting(self.rest)  # the Q&A, sources and colophon at their own size and spacing (rest.fit)
        qa_band, qa = self._qa()
        return story + qa + self._notes(), self._templates(top, qa_band)

    def layout(self) -> Layout:
        """The whole handout laid out, not drawn (rest.fit): its pages, how full the last one is, and
        whether the Q&A ends with a few lines alone at the top of a page."""
        story, templates = self.story()
        template = self._doc(io.BytesIO(), templates, balance=False, dry=True)
        return self._measured(template, self._run(template, story, write=False))

    def _measured(self, template: HandoutDoc, pages: int) -> Layout:
        used, room = template.filled.get(pages, (0.0, 1.0))
        end = self.spots.get("qa-end")
        stranded = end is not None and end[0] > self.pages.get("qa-start", end[0]) and \
            end[1].endswith("-col0") and end[2] < 2 * KEEP * self.leading
        after = sum(u / r for page, (u, r) in template.filled.items() if page > 1 and r)
        return Layout(pages, used / room if room else 1.0, stranded, end[2] / self.leading if stranded else 0.0,
                      after)

    def build(self, fits: bool | None = None) -> RenderResult:
        """The whole handout; `fits` says whether the one-pager was found to fit page 1 (for the report)."""
        g, self.memo[LAST] = self.geo, True  # what the trials laid out is read, and nothing new kept
        story, templates = self.story()
        buffer = io.BytesIO()
        template = self._doc(buffer, templates, balance=True)
        try:
            pages = self._run(template, story)
        except DeckgenError:
            if template.balanced_page is None:
                raise
            pages = -1  # the balanced columns were too short for a block that may not split: lay out unbalanced
        if template.balanced_page is not None and template.balanced_page != pages:  # balancing cost a page (or failed)
            self.pages.clear()
            self.budget = Budget()
            story, templates = self.story()
            buffer = io.BytesIO()
            template = self._doc(buffer, templates, balance=False)
            pages = self._run(template, story)
        self.measured = self._measured(template, pages)
        size, body = self.onepager_size, self.theme.handout.body_size
        report = [f"{pages} page{'' if pages == 1 else 's'}, {g.paper}, body text {size:g} pt"
                  + (f" (the theme's {body:g} pt made smaller to fit the one-pager)" if size < body else "")]
        last = self.pages.get("one-pager", 1)
        if last == 1:
            report.append("the one-pager fits on page 1" + (" (with smaller pictures)" if self.compact else ""))
        else:
            report.append(f"the one-pager takes {last} pages: {self.why}")
        if self.rest_report:
            report.append(self.rest_report)
        report.append(f"hyphenation {self.hyphenation}, only where a line needs it"
                      if self.hyphenation else f"no hyphenation for '{self.doc.language}'")
        warnings = list(self.fonts.missing)
        return RenderResult(buffer.getvalue(), report, warnings)

    def _meta(self) -> Meta:
        """What the PDF is saved with: its structure tree and PDF/UA metadata (pdf.finish)."""
        doc = self.doc
        subject = doc.subtitle.plain if doc.subtitle else (doc.lead.plain if doc.lead else "")
        return Meta(doc.title.plain, doc.language, doc.authors or doc.organisation or "", _clip(subject, 300),
                    document_date(doc.date, self.options.epoch))


def fitted(doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
    """The handout whose one-pager fits page 1 at the most generous setting that does it, or, when
    none does, fills page 1 to its foot (onepager.fit); what follows it set at the most generous size
    and spacing that leave no near-empty last page and no few lines of the Q&A alone (rest.fit)."""
    memo: dict = {}
    h = theme.handout

    def make(**setting) -> _Handout:
        handout = _Handout(doc, theme, options, memo=memo, **setting)
        handout.setting = setting
        return handout

    headings = [s.heading.plain if s.heading else "" for s in doc.sections]
    first = onepager.fit(make, h.body_size, h.body_min, bool(doc.pictures("cover", "sections")), headings)
    if not (doc.qa and doc.qa.items) and not doc.sources and not doc.colophon:
        return first.build()
    return rest.fit(lambda **kw: make(**first.setting, **kw), h.body_size, h.body_min)


class HandoutRenderer(Renderer):
    name = "handout"
    suffix = ".handout.pdf"
    pictures = ("cover", "sections")

    def check(self, theme: Theme, options: RenderOptions) -> list[Diagnostic]:
        """The paper size is known and ReportLab can embed the theme's fonts."""
        check_paper(options.paper)
        try:
            PdfFonts(theme)
        except TTFError as exc:
            raise DeckgenError(f"a font of the theme cannot be embedded in a PDF: {exc}", Location(str(theme.path)),
                               "use TrueType (.ttf) fonts with TrueType outlines") from None
        return []

    def render(self, doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
        return fitted(doc, theme, options)
