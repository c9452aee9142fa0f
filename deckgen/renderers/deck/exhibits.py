"""Chart and table slides: a title-only layout, the chart or table in the area under the title.

The colours come from the theme (its own slides) or the template's scheme (a user's), and
are checked against the background the layout really has (colours.py); the text is set in
the font the slide's text boxes use, measured as every other text. A table continues over
as many slides as it needs, each with the header row and the title "… (vervolg)"; each
slide's notes hold the rows it shows.
"""

from __future__ import annotations


from deckgen.renderers.deck import datatext, ooxml, tables
from deckgen.renderers.slidexml.tables import plan_table, source_line, table_minimum
from deckgen.renderers.slidexml import colours
from deckgen.renderers.slidexml.layouts import Box, Choice
from deckgen.renderers.deck.plan import SlideSpec, continued_title
from deckgen.renderers.deck.slides import DeckState, TextTarget
from deckgen.theming.contrast import BODY, ratio, series_colours


class ExhibitSlides:
    """A mixin for the deck renderer (it provides _new_slide, _write, _write_title, _notes, _footers, _body_box)."""

    def _exhibit_colours(self, deck: DeckState, choice: Choice) -> dict:
        """The background, the text colour, the series' candidate colours and a hairline colour."""
        index = choice.layout.index
        key = ("exhibit", index)
        if key in deck.palettes:
            return deck.palettes[key]
        if deck.templated:
            background = colours.background(deck.layout_objects[index], deck.scheme)
            _, ink = colours.readable_slot(deck.scheme, background, BODY, colours.TEXT_SLOTS)
            candidates = [deck.scheme.get(s, "") for s in colours.FIGURE_SLOTS]
        else:
            c = deck.theme.colors
            background, ink = c.background, c.text
            candidates = [c.primary, c.accent, c.muted, c.text]
        if ratio(ink, background) < BODY:
            ink = max(("#000000", "#FFFFFF"), key=lambda x: ratio(x, background))
        found = {"background": background, "ink": ink, "candidates": candidates,
                 "grid": colours.muted(ink, background)}
        deck.palettes[key] = found
        return found

    def _exhibit_area(self, deck: DeckState, slide, choice: Choice) -> Box:
        region = self._body_box(deck, choice)
        if choice.body is not None:
            slide.remove(choice.body.idx)
        return region

    def _source_line(self, deck: DeckState, source: int | None, region: Box) -> tuple[Box, tuple | None]:
        """Room for "Bron: …" under a chart or table (slidexml/tables.source_line, which the run sheet
        counts a table's slides with too)."""
        return source_line(deck.doc, source, region, deck.styles.style(None, None, space_before=0),
                           deck.theme.deck.body_min)

    def _write_source(self, deck: DeckState, slide, line, colour: str) -> None:
        if line is not None:
            box, para, size, style = line
            self._write(deck, slide.textbox(box), [para], size, style, color=colour)

    def _chart_slide(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> None:
        # imported for a chart only: python-pptx's chart modules bring XlsxWriter (for the chart's
        # embedded workbook), about 90 M instructions, half the import of python-pptx itself
        from deckgen.renderers.deck import charts

        chart = spec.chart
        slide = self._new_slide(deck, choice, spec)
        report = self._write_title(deck, slide, choice, spec.title, spec, continued=False)
        region = self._exhibit_area(deck, slide, choice)
        region, source = self._source_line(deck, chart.source, region)
        palette = self._exhibit_colours(deck, choice)
        style = deck.styles.style(None, None)
        n = len(chart.categories) if chart.round else len(chart.series)
        fills = series_colours(palette["candidates"], palette["background"], n)
        text = charts.plan_text(chart, style, region, deck.theme.deck.body_min, named=len(set(fills)) < len(fills))
        charts.add(slide.slide, region, chart, text, fills, palette["ink"], palette["grid"], palette["background"],
                   style.family.name, deck.culture, deck.doc.language)
        ooxml.alt_text(slide.slide.shapes[-1], chart.alt)
        self._write_source(deck, slide, source, palette["ink"])
        self._notes(deck, slide, spec.notes)
        self._footers(deck, slide, choice, spec.kind)
        parts = [report] if report else []
        if text.size < min(deck.theme.deck.body_min, charts.CHART_MAX):
            parts.append(f"chart text {text.size:g} pt")
        if parts:
            deck.report.append(f"slide {deck.count} ({spec.ident}): " + ", ".join(parts))

    def _table_slide(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> None:
        table = spec.table
        theme = deck.theme.deck
        palette = self._exhibit_colours(deck, choice)
        style = deck.styles.style(None, None, space_before=0)
        region, source = self._source_line(deck, table.source, self._body_box(deck, choice))
        plan = plan_table(table, style, region.width, region.height, theme.body_size, table_minimum(theme.body_min))
        if plan.cut:
            deck.warn(f"{spec.ident}: {plan.cut} cell(s) too long for a whole slide are cut short on the slide "
                      "(the notes hold them whole)", "shorten the cell's text, or make it a paragraph", spec.loc)
        header_fill = series_colours(palette["candidates"], palette["background"], 1)[0]
        on_fill = max((palette["background"], "#FFFFFF", "#000000"), key=lambda x: ratio(x, header_fill))
        band = colours.muted(header_fill, palette["background"], 0.9)
        if ratio(palette["ink"], band) < BODY:
            band = None
        cell_colours = {"header_fill": header_fill, "header_text": on_fill, "text": palette["ink"], "band": band,
                        "rule": None}
        first = deck.count + 1
        for page in range(len(plan.pages)):
            slide = self._new_slide(deck, choice, spec)
            title = continued_title(spec.title, deck.doc.language) if page else spec.title
            report = self._write_title(deck, slide, choice, title, spec, continued=bool(page))
            self._exhibit_area(deck, slide, choice)

            def write(body, paras, align, colour, _slide=slide):
                self._write(deck, TextTarget(body, _slide.slide.part, True), paras, plan.size, style,
                            color=colour, align={"left": "l", "center": "ctr", "right": "r"}[align])

            width = sum(plan.widths)  # centred under the title when narrower than the area
            at = Box(region.left + (region.width - width) // 2, region.top, width, region.height)
            tables.draw(slide.slide, at, plan, page, table, write, cell_colours)
            self._write_source(deck, slide, source, palette["ink"])
            rows = [table.rows[i] for i in plan.pages[page]]
            # the sentence and the slot (notes.Notes.exhibit), then this page's rows
            head = spec.continued_notes if page and spec.continued_notes else spec.notes.split("\n\n", 1)[0]
            body = datatext.table_notes(deck.doc, table, rows)
            if body.split("\n", 1)[0] == head.split("\n", 1)[0]:  # the caption, already said
                body = body.split("\n", 1)[-1].lstrip("\n")
            self._notes(deck, slide, "\n\n".join(x for x in (head, body) if x))
            self._footers(deck, slide, choice, spec.kind)
        parts = [report] if report else []
        if plan.size < theme.body_size:
            parts.append(f"table {theme.body_size:g}→{plan.size:g} pt")
        if len(plan.pages) > 1:
            parts.append(f"continued over {len(plan.pages)} slides, header repeated")
        if parts:
            deck.report.append(f"slide {first} ({spec.ident}): " + ", ".join(parts))
