"""The deck: an editable PowerPoint whose every text is fitted at build time.

Layouts come from the theme's template (or a themed plain one), chosen by placeholder
role; text is measured with the fonts the slides name and written with explicit sizes,
fixed line spacing and no autofit, continuing on new slides where it must.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Pt

from deckgen.content import i18n
from deckgen.content.model import Document
from deckgen.errors import Diagnostic, Location
from deckgen.renderers import paging
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.renderers.deck import ooxml, plain, readback, scale, titles, zipparts
from deckgen.renderers.deck import template as tpl
from deckgen.renderers.deck.bodysize import BodySize
from deckgen.renderers.deck.designed import DesignedSlides
from deckgen.renderers.deck.exhibits import ExhibitSlides
from deckgen.renderers.deck.figures import FigureSlides
from deckgen.renderers.deck.footers import NO_FOOTER, Footers
from deckgen.renderers.deck.legibility import Legibility
from deckgen.renderers.deck.measure import resolver
from deckgen.renderers.deck.ooxml import qn
from deckgen.renderers.deck.pictures import SlidePictures, text_band
from deckgen.renderers.deck.plan import SlideSpec, combine_qa, continued_title, heading_levels, plan
from deckgen.renderers.deck.slides import (
    INSET_X,
    INSET_Y,
    DeckState,
    SlideShapes,
    TextTarget,
    inner_size,
    set_properties,
    whole_word_size,
    whole_words,
)
from deckgen.renderers.slidexml import colours, freearea, samples
from deckgen.renderers.slidexml.art import Art, arrange, title_box, title_idx
from deckgen.renderers.slidexml.backdrop import Backdrop
from deckgen.renderers.slidexml.geometry import BodyGeometry, scaled_sizes
from deckgen.renderers.slidexml.layouts import Box, Choice, choose
from deckgen.renderers.slidexml.styles import Styles
from deckgen.text.fit import Fit, Para, TextStyle, breaks_word, fit_one, truncate
from deckgen.text.sysfonts import find_family
from deckgen.theming.model import Theme

_ANCHORS = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}
FIGURE_ROOM = 0.25  # × the slide's area: less room clear of the artwork for figures takes the content layout
KIND_ROLE = {"title": "title", "agenda": "content", "content": "content", "figures": "figure",
             "divider": "section", "question": "question", "answer": "content", "sources": "content",
             "closing": "closing", "chart": "figure", "table": "figure"}


class DeckRenderer(DesignedSlides, FigureSlides, ExhibitSlides, Footers, BodySize, Renderer):
    name = "deck"
    suffix = ".pptx"
    pictures = ("cover", "sections", "questions")

    def check(self, theme: Theme, options: RenderOptions) -> list[Diagnostic]:
        path = options.template or theme.template
        if path is None:
            return []  # python-pptx's own template is known to be good
        prs, _ = tpl.open_template(path, spare=True)  # only read here: the render takes it, unparsed again
        infos = tpl.layouts(prs)
        height = int(prs.slide_height)
        if choose(infos, "content", height) is None:
            from deckgen.errors import fail

            raise fail(Location(str(path)), "no layout of the template can be used (the template has no "
                       "layouts, or only layouts with vertical text)",
                       "add a 'Title and Content' layout to the slide master, or use another template")
        figure = choose(infos, "figure", height)
        layout = tpl.layout_objects(prs)[figure.layout.index]
        scheme = ooxml.theme_colors(prs)
        _, problems = colours.palette_problems(scheme, colours.background(layout, scheme), theme.colors.text)
        return [Diagnostic("warning", p, Location(str(path)), "give the template a readable accent colour")
                for p in problems]

    def render(self, doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
        template_path = options.template or theme.template
        notes: list[str] = []
        prs, dropped = tpl.open_template(template_path, notes)
        samples_left_out = (samples.remove_samples(samples.owners(prs), {doc.contact.email} if doc.contact
                                                   and doc.contact.email else set()) if template_path else [])
        theme, scaled = scaled_sizes(theme, int(prs.slide_height)) if template_path else (theme, 1.0)
        if template_path is not None and options.template is None:  # the theme's own template (a theme folder's):
            ooxml.tints_as(prs, theme.colors.muted)  # its tinted secondary text in the theme's checked muted colour
        deck = self._setup(doc, theme, prs, template_path is not None)
        deck.foreign = options.template is not None
        if scaled != 1.0:
            deck.report.append(f"template: slides {Emu(prs.slide_width).inches:.2f} × "
                               f"{Emu(prs.slide_height).inches:.2f} in: text sizes ×{scaled:.2f}")
        for note in notes:
            deck.warnings.append(Diagnostic("warning", note, Location(str(template_path))))
        if dropped:
            deck.report.append(f"template: removed {dropped} sample slide(s)")
        deck.report.extend(samples_left_out)
        specs = plan(doc, theme.deck.qa_layout == "combined")
        if theme.deck.qa_layout == "combined":
            specs = combine_qa(specs)
        specs = self._type_scale(deck, specs)
        self._question_size(deck, specs)
        self._body_size(deck, specs)
        self._figure_sizes(deck, specs)
        deck.pictures.cache.prefetch_slides([spec.image for spec in specs if spec.image is not None])
        self._plan_footers(deck, [self._choice(deck, s.kind).layout.index for s in specs if s.kind not in NO_FOOTER])
        kinds: list[str] = []  # each slide's kind and its title's heading level (a spec may continue over slides)
        levels: list[int] = []
        legible = Legibility(deck.backdrop, deck.scheme, deck.styles.resolver, deck.layouts, deck.layout_objects)
        read: list[tuple[str, str, object]] = []  # each slide's notes, title and reading facts
        places: dict = {}  # readback: the boxes of each layout's placeholders, for slides' that inherit theirs
        for spec, level in zip(specs, heading_levels(specs)):
            self._slide(deck, spec)
            levels += [level] * (len(prs.slides) - len(kinds))
            kinds += [spec.kind] * (len(prs.slides) - len(kinds))
            read += self._settle(deck, legible, kinds, len(read), reading=(levels, places))
        read += self._settle(deck, legible, kinds, len(read), last=True, reading=(levels, places))
        self._finish(deck, legible)
        if deck.templated:
            deck.report.append(deck.styles.report())
            deck.warnings.extend(deck.styles.warnings(Location(str(template_path))))
        out = io.BytesIO()
        prs.save(out)
        notes, slide_titles, reading = (tuple(column) for column in zip(*read)) if read else ((), (), ())
        return RenderResult(zipparts.reproducible_zip(out), deck.report, deck.warnings, notes=notes,
                            titles=slide_titles, reading=reading)  # for the formats made from the deck

    def _type_scale(self, deck: DeckState, specs: list[SlideSpec]) -> list[SlideSpec]:
        """One title size per group of slide kinds (see scale.py), said once in the fit report; answer
        slides all titled alike (scale.answer_titles)."""
        theme = deck.theme.deck

        def whole(spec: SlideSpec) -> bool:
            """The title fits its box at the minimum or more, words whole: the layout's box, else one widened
            across the room the artwork leaves, else one grown into the free room above and below (as
            titles.fit places an answer's question before it falls back on "Antwoord op vraag 3")."""
            choice = self._choice(deck, spec.kind)
            box = choice.title_box or choice.layout.title.box
            style = titles.style(deck, choice)
            drawn = [titles.as_drawn(deck, choice.layout, spec.title)]
            for room in (box, freearea.widened(deck, choice.layout.index, box),
                         freearea.grown_title_box(deck, choice, freearea.body_box(deck, choice))):
                if room is None:
                    continue
                width, height = inner_size(room)
                size = fit_one(drawn, style, width, height, theme.title_size, theme.title_min)
                if size is not None and not breaks_word(drawn, style, size, width):
                    return True
            return False

        specs, long = scale.answer_titles(specs, whole)
        if long:
            first = next(s for s in specs if s.kind == "answer")
            numbers = [ident.split()[-1] for ident in long]
            listed = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0]
            deck.report.append(f"titles of answer slides: '{first.title.text}' and so on, on every answer slide "
                               f"(the question{'s' * (len(long) > 1)} of answer{'s' * (len(long) > 1)} {listed} "
                               f"do{'es' * (len(long) == 1)} not fit the title box at {theme.title_min:g} pt)")

        def measure(spec: SlideSpec, title: Para, high: float, low: float) -> float | None:
            choice = self._choice(deck, spec.kind)
            width, height = inner_size(choice.title_box or choice.layout.title.box)
            style = titles.style(deck, choice)
            drawn = [titles.as_drawn(deck, choice.layout, title)]
            size = fit_one(drawn, style, width, height, high, low)
            if size is None or not breaks_word(drawn, style, size, width):
                return size
            wider = freearea.widened(deck, choice.layout.index, choice.title_box or choice.layout.title.box)
            if wider is not None:  # as titles.fit does: a wider box before a smaller size
                bigger = fit_one(drawn, style, *inner_size(wider), high, low)
                if bigger is not None and not breaks_word(drawn, style, bigger, inner_size(wider)[0]):
                    return bigger
            # the longest word sets its kind's size, down to the kind's minimum (a title that needs less is
            # hyphenated at the kind's size: titles.fit), so that no title of a kind is smaller than the rest
            return whole_word_size(drawn, style, width, height, size, low) or size

        deck.title_sizes = scale.title_sizes(specs, measure, theme.title_size, theme.title_min, deck.doc.language)
        for group, size in deck.title_sizes.items():
            if size < theme.title_size:
                deck.report.append(f"titles of {group} slides: {theme.title_size:g}→{size:g} pt (one size for all)")
        return specs

    # --- setup -------------------------------------------------------------------------
    def _setup(self, doc: Document, theme: Theme, prs, templated: bool) -> DeckState:
        warnings: list[Diagnostic] = []
        if not templated:
            plain.make_base(prs, theme)
            heading, body, title_bold = theme.heading, theme.body, True
        else:
            major, minor = ooxml.theme_fonts(prs)
            heading = find_family(major, (theme.heading, theme.body))
            body = find_family(minor, (theme.heading, theme.body))
            title_bold = bool(prs.slide_master._element.xpath("./p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr[@b='1']"))
        infos = tpl.layouts(prs)
        deck = DeckState(doc, theme, prs, i18n.culture(doc.language), heading, body, title_bold, templated,
                     infos, tpl.layout_objects(prs), warnings)
        deck.styles = Styles(resolver(prs), theme, deck.layout_objects)
        deck.scheme = ooxml.theme_colors(prs)
        ooxml.default_language(prs, deck.culture)
        deck.maker = tpl.SlideMaker(prs)
        deck.pictures = SlidePictures(deck, self._write)
        deck.backdrop = Backdrop(deck.layout_objects, deck.size, deck.scheme)
        if templated:  # deckgen's text boxes in the body text's typeface, not the one a text box inherits
            choice = self._choice(deck, "content")
            if choice is not None and choice.body is not None:
                face = deck.styles.effective_for(choice.layout.index, choice.body.kind, choice.body.idx).typeface
                if face != deck.styles.effective_for(None, None, None).typeface:
                    deck.styles.box_face = face
        return deck

    # --- slides ------------------------------------------------------------------------
    def _choice(self, deck: DeckState, kind: str) -> Choice:
        role = KIND_ROLE[kind]
        if role not in deck.choices:
            override = deck.theme.deck.layouts.get(role)
            choice = choose(deck.layouts, role, int(deck.prs.slide_height), override)
            if override and choice and choice.layout.name.lower() != override.lower():
                deck.warn(f"the theme names layout '{override}' for {role} slides, but the template has none",
                          "layouts: " + ", ".join(lay.name for lay in deck.layouts))
            if choice is not None:
                choice = freearea.with_free_area(deck, role, choice)
            if choice is not None and role == "figure":
                choice = self._roomier(deck, choice)
            deck.choices[role] = choice
        return deck.choices[role]

    def _roomier(self, deck: DeckState, choice: Choice) -> Choice:
        """A figure layout whose room the template's artwork has eaten (LibreOffice's Focus: coloured
        shards over all of its Title Only layout but a gap of a tenth of the slide) gives way to the content
        slides' layout, whose body the template keeps clear: key figures, charts and tables need the room."""
        w, h = deck.size
        room = freearea.body_box(deck, choice) if choice.area or choice.body else None
        if room is not None and room.area >= FIGURE_ROOM * w * h:
            return choice
        content = self._choice(deck, "content")
        other = freearea.body_box(deck, content) if content and (content.area or content.body) else None
        if other is None or (room is not None and other.area <= room.area):
            return choice
        deck.report.append(f"layout '{choice.layout.name}': {room.area / (w * h) if room else 0:.0%} of the slide "
                           "is clear of the template's artwork; key figures, charts and tables use "
                           f"'{content.layout.name}'")
        return content

    def _new_slide(self, deck: DeckState, choice: Choice, spec: SlideSpec) -> "SlideShapes":
        slide, slide_id, phs = deck.maker.add(deck.layout_objects[choice.layout.index])
        deck.count += 1
        if deck.groups and deck.groups[-1][0] == spec.section:
            deck.groups[-1][1].append(slide_id)
        else:
            deck.groups.append((spec.section, [slide_id]))
        shapes = SlideShapes(slide, phs, choice.layout.index)
        deck.made.append(shapes)
        return shapes

    def _slide(self, deck: DeckState, spec: SlideSpec) -> None:
        choice = self._choice(deck, spec.kind)
        theme = deck.theme.deck
        designed = {"title": self._title_slide, "figures": self._figure_slide, "question": self._discussion_slide,
                    "closing": self._closing_slide, "chart": self._chart_slide, "table": self._table_slide}
        if spec.kind in designed:  # slides of their own design; the others are a title over a body of text
            designed[spec.kind](deck, spec, choice)
            return
        staged = self._staged_divider(deck, spec, choice) if spec.kind == "divider" else None
        choice, sizes = staged or (choice, None)
        box = self._body_box(deck, choice)
        body_style = (deck.styles.style(choice.layout.index, choice.body.kind, choice.body.idx) if choice.body
                      else deck.styles.style(None, None))
        art = self._art(deck, spec, choice, box)
        if art is not None and art.body is not None:
            box = art.body
        preferred, minimum = theme.body_size, theme.body_min
        width, height = inner_size(box)
        if spec.kind in paging.TEXT_KINDS and deck.body_size is not None \
                and not breaks_word(list(spec.body), body_style, deck.body_size, width):
            preferred = max(minimum, min(preferred, deck.body_size))  # one body size for the deck (_body_size)
        if spec.splittable:
            # how many slides the text takes: the run sheet counts with the same split (renderers/paging.py)
            fit = paging.split(spec.body, BodyGeometry(width, height, body_style, preferred, minimum))
        else:
            size = fit_one(spec.body, body_style, width, height, preferred, minimum)
            if size is None and choice.body is not None:  # too small a box: the free area, rather than cut
                wider = freearea.with_free_area(deck, KIND_ROLE[spec.kind], choice, force=True)
                box2 = self._body_box(deck, wider)
                style2 = deck.styles.style(None, None)
                size = fit_one(spec.body, style2, *inner_size(box2), preferred, minimum)
                if size is not None:
                    choice, box, body_style, (width, height) = wider, box2, style2, inner_size(box2)
                    deck.warn(f"{spec.ident}: the text does not fit the layout's text box at {minimum:g} pt; "
                              "it is set in a text box of its own in the free area", "shorten it", spec.loc)
            if size is None:
                size = fit_one(spec.body, body_style, width, height, minimum, min(12.0, minimum))
                deck.warn(f"{spec.ident}: the text is too long to stay at {minimum:g} pt on one slide",
                          "shorten it; this slide is never split", spec.loc)
            body = tuple(spec.body)
            if size is None:  # even at 12 pt: cut, with an ellipsis, rather than overflow
                size = min(12.0, minimum)
                body = (truncate(Para(tuple(r for p in body for r in p.runs)), body_style, width, height, size),)
            fit = Fit(size, (body,), preferred)
        pieces = fit.boxes or ((),)
        title_report = ""
        for number, paras in enumerate(pieces):
            slide = self._new_slide(deck, choice, spec)
            title = spec.title
            if number:
                title = continued_title(title, deck.doc.language)
            anchor = MSO_ANCHOR.MIDDLE if spec.kind == "divider" else None
            if art is not None:
                used = text_band(box, list(paras), fit.size, body_style, anchor == MSO_ANCHOR.MIDDLE)
                deck.pictures.place(slide, art, choice, [title_box(choice, deck.size), used], spec.kind not in NO_FOOTER)
            title_report = self._write_title(deck, slide, choice, title, spec, bool(number), sizes) or title_report
            target = self._body_frame(deck, slide, choice, box)
            self._write(deck, target, list(paras), fit.size, body_style, anchor=anchor, room=(width, height),
                        what=spec.ident, loc=spec.loc)
            self._notes(deck, slide, spec.continued_notes if number and spec.continued_notes else spec.notes)
            self._footers(deck, slide, choice, spec.kind)
            deck.pictures.finish(slide, art, title_idx(choice))
        parts = []
        if fit.shrunk:
            parts.append(f"text {fit.preferred:g}→{fit.size:g} pt")
        if len(pieces) > 1:
            parts.append(f"continued over {len(pieces)} slides")
        if title_report:
            parts.append(title_report)
        if parts:
            deck.report.append(f"slide {deck.count - len(pieces) + 1} ({spec.ident}): " + ", ".join(parts))

    def _title_slide(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> None:
        slide = self._new_slide(deck, choice, spec)
        theme = deck.theme.deck
        if choice.subtitle is not None:
            box = choice.subtitle.box
        else:  # a template without a subtitle: a text box under the title
            box = self._body_box(deck, choice)
            box = Box(box.left, box.top, box.width, min(box.height, int(deck.prs.slide_height * 0.25)))
        art = self._art(deck, spec, choice, box)
        if art is not None:
            box = art.body or box
            deck.pictures.place(slide, art, choice, [art.title or title_box(choice, deck.size)] + [box] * bool(spec.subtitle),
                                footers=spec.kind not in NO_FOOTER)
        titled = replace(choice, title_box=art.title) if art is not None and art.title is not None else choice
        report = self._write_title(deck, slide, titled, spec.title, spec, continued=False,
                                   sizes=(theme.title_size * 1.25, theme.title_min))
        if spec.subtitle:
            if choice.subtitle is not None:
                own = next(p.box for p in choice.layout.placeholders if p.idx == choice.subtitle.idx)
                if box != own:  # moved clear of the template's pictures, or beside the slide's picture
                    ooxml.place(slide.ph[choice.subtitle.idx], (box.left, box.top, box.width, box.height))
                frame = slide.frame(choice.subtitle.idx)
                style = deck.styles.style(choice.layout.index, choice.subtitle.kind, choice.subtitle.idx,
                                          space_before=0.3)
            else:  # a template without a subtitle: a text box under the title
                frame = slide.textbox(box)
                style = deck.styles.style(None, None, space_before=0.3)
            width, height = inner_size(box)
            paras = list(spec.subtitle)
            fit = fit_one(paras, style, width, height, theme.body_size, min(theme.body_min, 14.0))
            if fit is None:
                paras = paras[:1]
                fit = fit_one(paras, style, width, height, theme.body_size, 12.0)
                deck.warn("the subtitle is too long for the title slide; the date and organisation are left out",
                          "shorten the subtitle", spec.loc)
            if fit is None:
                paras, fit = [truncate(paras[0], style, width, height, 12.0)], 12.0
            self._write(deck, frame, paras, fit, style, room=(width, height), what="subtitle", loc=spec.loc)
        self._remove_empty(slide)
        if deck.doc.logo is not None:  # the content's logo wins (`logo: none`: none); a --template deck
            if deck.doc.logo.file:     # shows no theme logo
                self._logo(deck, slide, Path(deck.doc.logo.file), deck.doc.logo.alt)
        elif deck.theme.logo is not None and not deck.foreign:
            self._logo(deck, slide, deck.theme.logo, deck.theme.logo_alt)
        self._notes(deck, slide, spec.notes)
        deck.pictures.finish(slide, art, title_idx(choice))
        if report:
            deck.report.append(f"slide 1 (title): {report}")

    # --- boxes -------------------------------------------------------------------------
    def _body_box(self, deck: DeckState, choice: Choice) -> Box:
        """The body's box (its placeholder's, moved clear of the template's pictures), or the free area."""
        return freearea.body_box(deck, choice)

    def _body_frame(self, deck: DeckState, slide: "SlideShapes", choice: Choice, box: Box) -> "TextTarget":
        if choice.body is not None:
            if choice.area is not None or box != choice.body.box:  # clear of a master's logo, or of a picture
                ooxml.place(slide.ph[choice.body.idx], (box.left, box.top, box.width, box.height))
            return slide.frame(choice.body.idx)
        return slide.textbox(box)

    @staticmethod
    def _art(deck: DeckState, spec: SlideSpec, choice: Choice, box: Box) -> Art | None:
        """The slide's picture, arranged (see deck/pictures.py), or None."""
        return arrange(spec.image, spec.kind, choice, box, (int(deck.prs.slide_width), int(deck.prs.slide_height)))

    # --- text --------------------------------------------------------------------------
    def _write_title(self, deck: DeckState, slide: "SlideShapes", choice: Choice, title: Para, spec: SlideSpec,
                     continued: bool, sizes: tuple[float, float] | None = None) -> str:
        """Fits (titles.fit) and writes the title; returns what was needed, for the fit report."""
        fitted = titles.fit(deck, slide, choice, title, spec, continued, sizes)
        # Titles of one kind hang from the same top line, whether they take one line or two.
        self._write(deck, slide.frame(fitted.idx), [fitted.title], fitted.size, fitted.style,
                    anchor=MSO_ANCHOR.TOP if scale.GROUPS.get(spec.kind) else None, room=fitted.room,
                    what=spec.ident, loc=spec.loc)
        return fitted.note

    def _write(self, deck: DeckState, frame, paras: list[Para], size: float, style: TextStyle,
               anchor=None, color: str | None = None, scheme: str | None = None, align: str | None = None,
               room: tuple[float, float] | None = None, what: str = "", loc: Location | None = None) -> None:
        """Writes paragraphs at one size with the exact spacing that was measured; with the box's inner
        `room` (pt), a word wider than its line is hyphenated first (text/wholewords.py), with a warning."""
        if room is not None:
            paras, size = whole_words(deck, paras, size, style, room, what, loc)
        part = frame.part
        fmt = ooxml.TextFormat(
            size=size, line=style.line_height(size), gap=style.gap(size), indent=int(Pt(style.bullet_indent * size)),
            culture=deck.culture, insets=(int(INSET_X), int(INSET_Y)), anchor=_ANCHORS.get(anchor),
            color=color.lstrip("#") if color else None, scheme=scheme, own_bullets=frame.boxed, align=align)
        ooxml.text_body(frame.body, paras, fmt,
                        lambda url: part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/"
                                                        "relationships/hyperlink", is_external=True))
        face = deck.styles.box_face
        if frame.boxed and face is not None and style.family is deck.styles.families.get(face):
            ooxml.typeface(frame.body, face)  # as measured: the body text's typeface (Styles.box_face)

    def _notes(self, deck: DeckState, slide: "SlideShapes", notes: str) -> None:
        if deck.cut_title:  # a title cut short on the slide is read out whole from the notes
            notes = deck.cut_title + ("\n\n" + notes if notes else "")
            deck.cut_title = ""
        deck.notes[id(slide.slide)] = notes  # written once the next slide's title is known (_settle)

    def _write_notes(self, deck: DeckState, shapes: "SlideShapes", kind: str, after) -> None:
        """A slide's notes, ending with the title of the slide `after` it (a transition to say); not on a
        discussion slide, whose debrief already says what comes next, nor on the last slide."""
        notes = deck.notes.pop(id(shapes.slide), "")
        title = readback.title_text(after) if after is not None else ""
        if title and kind != "question":
            notes = "\n\n".join(x for x in (notes, i18n.t(deck.doc.language, "next_slide", title=title)) if x)
        if notes:
            ooxml.plain_text(deck.maker.notes_body(shapes.slide), notes, deck.culture)

    def _logo(self, deck: DeckState, slide: SlideShapes, file: Path, alt: str) -> None:
        h = int(deck.prs.slide_height * 0.09)
        from PIL import Image

        with Image.open(file) as img:
            w = int(h * img.width / img.height)
        margin = int(deck.prs.slide_height * 0.05)
        pic = slide.slide.shapes.add_picture(str(file), Emu(int(deck.prs.slide_width) - margin - w),
                                             Emu(margin), Emu(w), Emu(h))
        ooxml.alt_text(pic, alt)

    def _remove_empty(self, slide: "SlideShapes") -> None:
        for idx, sp in list(slide.ph.items()):
            body = sp.find(qn("p:txBody"))
            if sp.getparent() is not None and (body is None or not "".join(body.itertext()).strip()):
                slide.remove(idx)

    def _settle(self, deck: DeckState, legible: Legibility, kinds: list[str], before: int,
                last: bool = False, reading: tuple[list[int], dict] = ([], {})) -> list[tuple]:
        """The slides made since the last call finished and read back, in order: their notes written (ending
        on the next slide's title, so the newest slide waits for the next one unless it is the `last`),
        empty placeholders removed, every text's legibility checked, notes, title and reading facts read;
        then each is kept as its bytes (SlideMaker.freeze), so a long deck does not hold every slide's tree.
        `reading`: each slide's heading level (plan.heading_levels) and readback's cache of layout boxes."""
        read = []
        levels, places = reading

        def reading_of(number: int) -> tuple[int, dict, str]:
            return (levels[number - 1] if number <= len(levels) else 2), places, kinds[number - 1]

        made = deck.made if last else deck.made[:-1]
        for number, slide in enumerate(made, before + 1):  # chart, table, picture, subtitle …
            after = deck.made[number - before].slide if number - before < len(deck.made) else None
            self._write_notes(deck, slide, kinds[number - 1], after)
            self._remove_empty(slide)  # placeholders deckgen left empty
            legible.slide(number, slide.slide, slide.layout)
            read.append((*readback.notes_and_title(slide.slide),
                         readback.slide_reading(slide.slide, number, deck.size[1], *reading_of(number))))
            deck.maker.freeze(slide.slide)
        del deck.made[:len(made)]
        return read

    def _finish(self, deck: DeckState, legible: Legibility) -> None:
        deck.report.extend(legible.report())
        legible.warnings(deck, deck.where)
        ooxml.sections(deck.prs, deck.groups)
        set_properties(deck)
