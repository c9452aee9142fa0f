"""The handout's story: the document as flowables in reading order.

The first page's full-width block (logo and meta line, the title band, the cover, the lead
when it fits there), the sections (a Sect each: heading with its outline mark and probe, picture,
text, key figures as call-out boxes, charts and tables), the Q&A (under a band across a page of
its own or in the column, per the theme's `handout: qa_start`), the sources as numbered notes,
the image credits and the colophon. Text is hyphenated here (pdf.breaks, one budget per layout)
and set in visual order where it is right-to-left (pdf.rtl). Where and how these flowables are
laid out, fitted and written is the package's (`handout/__init__.py`).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from deckgen.content import i18n
from deckgen.content.model import SAFE_SCHEMES, Document, Rich, Span
from deckgen.content.model import paragraph_text as para_text
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers.base import RenderOptions
from deckgen.renderers.handout.doc import Probe
from deckgen.renderers.handout.flowables import (
    Box,
    Group,
    HandoutParagraph,
    Mark,
    NeedRoom,
    Rule,
    grouped,
    stacked_height,
)
from deckgen.renderers.handout.furniture import PageFurniture
from deckgen.renderers.handout.pages import MIN_MARGIN_MM, Geometry
from deckgen.renderers.handout.pictures import SIDE_GAP, HandoutPictures, inset
from deckgen.renderers.handout.pictures import credits as image_credits
from deckgen.renderers.handout.styles import LEADING, styles
from deckgen.renderers.pdf import rtl
from deckgen.renderers.pdf.breaks import Budget
from deckgen.renderers.pdf.fonts import PdfFonts, field_names
from deckgen.renderers.pdf.paper import choose_paper
from deckgen.renderers.pdf.tagging import TaggedImage
from deckgen.text import hyphenation
from deckgen.text.bidi import has_rtl
from deckgen.theming.model import Theme

HYPHENATED = {"body", "lead", "answer", "fig_label"}  # styles whose lines may be hyphenated (one budget)
MAX_TOP_SHARE = 0.45  # the first page's full-width top block may take this share of the page
OUTLINE_CHARS = 110


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


def _all_text(doc: Document) -> list[str]:
    """The document's running text, for the words compounds are checked against."""
    texts = [doc.lead.plain if doc.lead else ""]
    for section in doc.sections:
        texts.append(section.text.plain if section.text else "")
        texts += [f.label.plain for f in section.figures if f.label]
    for item in doc.qa.items if doc.qa else ():
        texts += [item.question.plain, item.answer.plain]
    return texts


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class HandoutStory(PageFurniture):
    """The document as the handout's flowables, in reading order; `_Handout` (the package) lays them
    out on its pages. Its page furniture (PageFurniture) reads the same fonts, styles and geometry."""

    def __init__(self, doc: Document, theme: Theme, options: RenderOptions, size: float | None = None,
                 spacing: float = 1.0, figures_first: bool = False, memo: dict | None = None,
                 compact: bool = False, why: str = "", keep: int = 2, rest: tuple[float, float] | None = None):
        """size: the body size (the theme's unless fitting the one-pager); spacing: the space between
        blocks, as a share of the designed space (less to fit the one-pager); figures_first: key
        figures right under their section's heading, not after its text, kept with it and three
        lines of text; compact: smaller pictures; why: the fit report's line when the one-pager
        does not fit page 1 (onepager.fit); keep: the lines section text keeps on each side of a
        column or page break (2: widow and orphan control; 3 where onepager.fit asks); rest: the body size
        and spacing of what follows the one-pager (the Q&A, sources, image credits, colophon: rest.fit),
        by default the one-pager's."""
        self.doc, self.theme, self.options = doc, theme, options
        self.size, self.gap, self.figures_first = size or theme.handout.body_size, spacing, figures_first
        self.compact, self.why, self.keep = compact, why, keep
        self.onepager = (self.size, spacing)  # the one-pager's size and spacing: its story is set first
        self.onepager_size, self.rest = self.size, rest or self.onepager
        self.pages: dict[str, int] = {}  # where probes landed (see doc.Probe)
        self.spots: dict[str, tuple[int, str, float]] = {}  # and where in the page, for some (doc.Probe)
        self.memo = {} if memo is None else memo  # hyphenated paragraphs, pictures, hyphenation: kept across trials
        paper, size = choose_paper(options, theme)
        self.geo = Geometry(size, paper, max(MIN_MARGIN_MM, theme.handout.margin_mm) * mm)
        self.fonts = PdfFonts(theme, doc.places, field_names(doc), doc.language)
        self.lang = doc.language
        self.hyphenation = pyphen_language(doc.language)
        self.hyph = self.memo.get("hyphenation") or self.memo.setdefault("hyphenation", hyphenation.Hyphenation(
            self.hyphenation, hyphenation.Hyphenation.vocabulary_of(_all_text(doc))))  # the same in every trial
        self.budget = Budget()
        self.c = theme.print_colors
        self.where = Location(doc.path)
        self._styles()
        self._lines: dict[tuple, Paragraph] = {}  # see _line
        self.pictures = HandoutPictures(lambda text, style: self._plain(text, style), self.memo, compact)
        self._exhibits = None  # exhibits.Exhibits, made for the first section with a chart or table

    # styles --------------------------------------------------------------------------

    def _band(self, content: list[Flowable], pad: float) -> Box:
        """A band for the title or the Q&A: filled with the primary colour, or for themes without
        fills (surface = background, to save ink) between two rules."""
        if self.fills:
            return Box(content, self.c.primary, pad, keep_below=0)
        return Box(content, None, pad * 0.6, keep_below=0, rules=self.c.primary)

    def _styles(self) -> None:
        c = self.c
        self.fills = c.surface.upper() != c.background.upper()
        self.leading = self.size * LEADING
        self.s = styles(self.theme.handout, c, self.fonts, self.size, self.gap, self.fills)

    def _setting(self, setting: tuple[float, float]) -> None:
        """The styles at this body size and spacing: the one-pager's, or what follows it (rest.fit)."""
        if setting != (self.size, self.gap):
            self.size, self.gap = setting
            self._styles()

    # text ----------------------------------------------------------------------------

    def _paras(self, rich: Rich | None, style: str, role: str = "body", bold: bool = False,
               first_prefix: str = "", **kw) -> list[Paragraph]:
        """Safe paragraphs of rich text; `first_prefix` is trusted markup (an anchor) for the first."""
        if not rich:
            return []
        out = []
        for i, para in enumerate(rich.paragraphs):
            markup = (first_prefix if i == 0 else "") + self.fonts.paragraph(para, role, rich.loc, bold=bold)
            extra, text = kw if i == 0 else {}, rtl.plain_text(para)
            if has_rtl(text):  # set in visual order, line by line, when its width is known
                paragraph, anchor = HandoutParagraph(markup, self._style(style, para_text(para)), **extra), \
                    first_prefix if i == 0 else ""
                out.append(paragraph.right_to_left(text, self.fonts, role, bold or all(s.strong for s in para),
                                                   rich.loc, anchor, extra.get("bulletText")))
                continue
            paragraph = HandoutParagraph.later(markup, self._style(style, para_text(para)), self.memo, **extra)
            if style in HYPHENATED and self.hyph.dictionary is not None:
                paragraph.hyphenate(markup, self.hyph, self.budget, extra.get("bulletText"), self.memo)
            out.append(paragraph)
        return out

    def _style(self, name: str, text: str) -> ParagraphStyle:
        """The named style (no style hyphenates by itself: pdf.breaks puts the hyphens, never in a URL)."""
        return self.s[name]

    def _plain(self, text: str, style: str, role: str = "body", loc: Location | None = None,
               bold: bool = False) -> Paragraph:
        markup = self.fonts.text(text, role, loc or self.where, bold=bold)
        markup = f"<b>{markup}</b>" if bold else markup
        if has_rtl(text):
            return HandoutParagraph(markup, self.s[style]).right_to_left(text, self.fonts, role, bold, loc or self.where)
        return HandoutParagraph.later(markup, self.s[style], self.memo)

    # blocks --------------------------------------------------------------------------

    def _logo_row(self) -> list[Flowable]:
        doc = self.doc
        meta_lines = [x for x in (doc.organisation, i18n.long_date(doc.date, self.lang)) if x]
        meta = [self._plain(" · ".join(meta_lines), "meta")] if meta_lines else []  # one line: organisation · date
        logo = None
        if self.theme.print_logo is not None:
            from reportlab.lib.utils import ImageReader

            pw, ph = ImageReader(str(self.theme.print_logo)).getSize()
            height = 11 * mm
            width = min(height * pw / ph, self.geo.width * 0.45)
            height = width * ph / pw
            # a Figure with the logo's alt text (the content's `logo: alt:`, or the theme's)
            logo = TaggedImage(str(self.theme.print_logo), width=width, height=height, mask="auto",
                               alt=self.theme.logo_alt)
        if logo is None:
            return meta + [Spacer(1, 4 * mm * self.gap)] if meta else []
        left_w = logo.drawWidth
        table = Table([[logo, meta or ""]], colWidths=[left_w, self.geo.width - left_w])
        every = ((0, 0), (-1, -1))
        table.setStyle(TableStyle([("VALIGN", *every, "BOTTOM"), ("FONTNAME", *every, self.fonts.font("body")),
                                   ("LEFTPADDING", *every, 0), ("RIGHTPADDING", *every, 0),
                                   ("TOPPADDING", *every, 0), ("BOTTOMPADDING", *every, 0)]))
        return [table, Spacer(1, 4 * mm * self.gap)]

    def _title_band(self) -> Flowable:
        doc = self.doc
        content: list[Flowable] = self._paras(doc.title, "title", "heading", bold=True)
        content += self._paras(doc.subtitle, "subtitle", "heading")
        if doc.authors:
            content.append(self._plain(doc.authors, "band_meta"))
        band = self._band(content, 6 * mm * min(1.0, 0.25 + self.gap))
        if self.compact and doc.image is not None:  # the cover beside the title, in the band
            return self.pictures.banded(band, doc.image, self.geo.width)
        return band

    def _top_block(self) -> tuple[list[Flowable], list[Flowable]]:
        """The first page's full-width block, and what moves to the columns when it is too tall."""
        head = [Mark("doc-title", _clip(self.doc.title.plain, OUTLINE_CHARS), 0)]
        head += self._logo_row() + [self._title_band()]
        head += self.pictures.cover(self.doc.image, self.geo.width) + [Spacer(1, 5 * mm * self.gap)]
        lead = self._paras(self.doc.lead, "lead")
        room = self.geo.top(False) - self.geo.bottom
        band = stacked_height(head, self.geo.width)
        if band > room * 0.8:
            raise DeckgenError(Diagnostic(
                "error", "the title block is taller than most of the handout's first page", self.doc.title.loc,
                "shorten the title, subtitle or authors, or lower 'handout: title_size' in the theme"))
        if lead and band + stacked_height(lead, self.geo.width) <= room * MAX_TOP_SHARE:
            return head + lead + [Rule(self.c.primary, 0.6, space=2.5 * mm)], []
        return head, self._kept(lead)

    def _kept(self, paragraphs: list[Flowable]) -> list[Flowable]:
        """Running text in the columns, keeping `keep` lines on each side of a break (when more than 2)."""
        if self.keep > 2:
            for para in paragraphs:
                if isinstance(para, HandoutParagraph):
                    para.keep_lines = self.keep
        return paragraphs

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
            out.append(Box(content, self.c.surface if self.fills else None, 3.2 * mm * self.gap, bar=self.c.accent,
                           bar_width=1.6 * mm if self.fills else 0.8 * mm,
                           space=(self.leading * 0.7 * self.gap, self.leading * self.gap), tag_role="KeyFigure"))
        return out

    def _sections(self) -> list[Flowable]:
        """The sections, with probes where each heading and key figure lands and where they end; each
        section is a Sect element in the tagged PDF."""
        out: list[Flowable] = []
        for i, section in enumerate(self.doc.sections):
            out.append(Group("Sect"))
            text = self._paras(section.text, "body")
            figures = self._figures(section.figures)
            figures = [f for pair in zip(figures, [Probe(f"figure-{i}-{k}", self.pages)
                                                   for k in range(len(figures))]) for f in pair]
            picture = self.pictures.figure(section.image, self.geo.column)  # under the heading, with its credit
            if self.compact and picture and text and text[0]._rtl is None and not text[0].bulletText:
                placed = inset(picture[0], text[0], self.geo.column, SIDE_GAP, 1.5 * mm)  # text beside it
                picture, text = placed[:1], placed[1:] + text[1:]
            text = self._kept(text)  # after the inset: the lines beside a picture are not a break
            if not section.heading:
                out += picture + text + figures
            elif self.figures_first and figures:  # heading, key figures and 3 lines together, on one page
                heading = self._paras(section.heading, "h2", "heading", bold=True)
                follower = picture[0] if picture else text[0] if text else None
                out += [NeedRoom(heading + figures, follower, self.leading, lines=3, page_end=True),
                        NeedRoom(heading + figures[:1], None, self.leading)]  # in the first column: one figure
                out += self._marked(i, section, heading) + figures + picture + text
            else:
                heading = self._paras(section.heading, "h2", "heading", bold=True)
                out += [NeedRoom(heading + picture, text[0] if text else None, self.leading)]
                out += self._marked(i, section, heading) + picture + text + figures
            out += self._charts_and_tables(section) + [Group(None)]
            out.append(Probe(f"end-{i}", self.pages))
        return out + [Probe("one-pager", self.pages)]

    def _charts_and_tables(self, section) -> list[Flowable]:
        """A section's charts and tables (handout/exhibits.py, imported only for a document that has one)."""
        if not (section.charts or section.tables):
            return []
        if self._exhibits is None:
            from deckgen.renderers.handout.exhibits import Exhibits

            self._exhibits = Exhibits(self.doc, self.c, self.fonts, self.size, self.s)
        return self._exhibits.section(section, self.geo.column)

    def _marked(self, i: int, section, heading: list[Flowable]) -> list[Flowable]:
        """A section's heading with its outline entry and the probe that records its page."""
        return [Mark(f"section-{i}", _clip(section.heading.plain, OUTLINE_CHARS), 0)] + heading + [
            Probe(f"heading-{i}", self.pages)]

    def _qa_band(self, style: str) -> list[Flowable]:
        qa = self.doc.qa
        title = qa.heading.plain or i18n.t(self.lang, "questions")
        heading = self._paras(qa.heading, style, "heading", bold=True) or [
            self._plain(title, style, "heading", bold=True)]
        sub = self._plain(i18n.t(self.lang, "n_questions", n=len(qa.items)), "band_meta")
        return [Mark("qa", _clip(title, OUTLINE_CHARS), 0, closed=False),
                self._band(heading + [sub], 4.5 * mm), Spacer(1, 2 * mm)]

    def _qa(self) -> tuple[list[Flowable], list[Flowable]]:
        """The Q&A's full-width band for a page of its own (none when it continues), and the Q&A itself.

        Where it starts is the theme's `handout: qa_start`: on a new page under a band across
        the page (new_page), or right after the sections, in the column, under a column-wide
        band (continue).
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
        items: list[Flowable] = [Probe("qa-start", self.pages)]
        for item in qa.items:
            question = self._paras(item.question, "question", "heading", bold=True, bulletText=str(item.number))
            answer = self._paras(item.answer, "answer")
            items += [NeedRoom(question, answer[0] if answer else None, self.leading),
                      Mark(f"q-{item.number}", _clip(f"{item.number}. {item.question.plain}", OUTLINE_CHARS), 1)]
            items += question + answer
        items.append(Probe("qa-end", self.pages, self.spots))  # where it ends: a few lines alone on a page?
        if self.theme.handout.qa_start == "new_page":
            return page_band, [NextPageTemplate("qa"), PageBreak()] + grouped("Sect", page_band + [
                FrameBreak(), NextPageTemplate("body")] + items)
        first_q = next(i for i, f in enumerate(items) if isinstance(f, Paragraph))
        keep = NeedRoom(column_band[1:2] + items[first_q:first_q + 1], items[first_q + 1]
                        if len(items) > first_q + 1 else None, self.leading)
        return [], grouped("Sect", [keep] + column_band + items)

    def _notes(self) -> list[Flowable]:
        out: list[Flowable] = []
        if self.doc.sources:
            heading = self._plain(i18n.t(self.lang, "sources"), "h2", "heading", bold=True)
            notes: list[Flowable] = []  # tagged as a list of notes: L, LI, Lbl (the number), LBody, Note
            items: list[Flowable] = []
            for src in self.doc.sources:
                anchor = f'<a name="note-{src.number}"/>'
                paras = self._paras(src.text, "note", first_prefix=anchor, bulletText=f"{src.number}.")
                if not paras:
                    paras = [HandoutParagraph(anchor, self.s["note"], bulletText=f"{src.number}.")]
                if src.url:
                    link = self.fonts.text(src.url, loc=src.text.loc)
                    if src.href and src.href.lower().startswith(SAFE_SCHEMES):
                        link = self.fonts.link(src.href, link, src.url, self.c.primary)
                    paras.append(HandoutParagraph(link, self._style("note", src.url)))
                # a source is never split across columns or pages (unless taller than a column)
                box = Box(paras, None, 0.0, keep_below=self.geo.top(True) - self.geo.bottom,
                          space=(0.0, self.s["note"].spaceAfter))
                notes.append(box)
                items += grouped("LI", grouped("LBody", grouped("Note", [box], ID=f"note-{src.number}")))
            out += grouped("Sect", [NeedRoom([heading], notes[0], self.leading),
                                    Mark("sources", heading.getPlainText(), 0), heading] + grouped("L", items))
        out += self._image_credits()
        if self.doc.colophon:
            head = self._plain(i18n.t(self.lang, "colophon"), "colophon_head", "heading", bold=True)
            text = self._paras(self.doc.colophon, "colophon")
            rule = Rule(self.c.muted, 0.4, space=1.5 * mm, before=self.leading)
            out += grouped("Sect", [NeedRoom([rule, head], text[0], self.leading, whole=len(text) == 1),
                                    Mark("colophon", head.getPlainText(), 0), rule, head] + text)
        return out

    def _image_credits(self) -> list[Flowable]:
        """"Image credits": where each picture is and whose it is, after the sources."""
        found = image_credits(self.doc)
        if not found:
            return []
        heading = self._plain(i18n.t(self.lang, "image_credits"), "h2", "heading", bold=True)
        lines = [self._plain(f"{where}: {credit}", "credit") for where, credit in found]
        return grouped("Sect", [NeedRoom([heading], lines[0], self.leading),
                                Mark("image-credits", heading.getPlainText(), 0), heading] + lines)
