"""The slides that are designed rather than filled: discussion and the closing slide (key figures: figures.py).

A discussion slide is for the room: the question is the hero, centred, the largest text
on the slide (at least QUESTION_LEAD times any other), set apart by the theme's treatment
(`deck: discussion:` band, panel or rules); its counter is small above it (or, where the
template sets its titles on a panel of their own, on that panel, in the title's place) and the
task and time sit under it; every question of a deck has one size (_question_size). The
closing slide thanks the room and says how to go on, with a QR code for the link.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu

from deckgen.content import i18n
from deckgen.renderers.deck import decor, ooxml, qrcode, titles
from deckgen.renderers.deck.headings import balanced
from deckgen.renderers.deck.plan import SlideSpec
from deckgen.renderers.deck.scale import on_scale, steps
from deckgen.renderers.deck.slides import HEADING_FLOOR, DeckState, inner_size, whole_word_size
from deckgen.renderers.slidexml import freearea
from deckgen.renderers.slidexml.layouts import Box, Choice
from deckgen.renderers.slidexml.styles import colour_value, text_colour
from deckgen.text.fit import Para, TextStyle, block_height, breaks_word, fit_one, fits, one_line_size, truncate, widths
from deckgen.theming.contrast import LARGE, readable_choice, worst_ratio

QUESTION_LEAD = 1.2  # the question is at least this many times the size of any other text on its slide
COUNTER_RATIO = 1.6  # question size / counter size
TASK_RATIO = 1.3  # question size / task size
QUESTION_FLOOR = 14.0
DIVIDER_SCALE = 1.3  # a divider's title on a title-only section header, × the theme's title size
DIVIDER_LINE = 1.5  # its title size / the size of its line (within the theme's body sizes)


def _one_line(para: Para, style: TextStyle, width: float, height: float, high: float, low: float) -> float | None:
    """The largest whole size from high down to low at which para stays on one line in the box."""
    return one_line_size(para, style, width, height, high, low, step=1.0, slack=0.97)


def _title_align(deck: DeckState, choice: Choice) -> str:
    """How the layout's title is aligned (l, ctr, r): its placeholder's list style, else the master's
    title style; left where neither says."""
    layout = deck.layout_objects[choice.layout.index]
    ph = layout.placeholders.get(idx=choice.layout.title.idx) if choice.layout.title is not None else None
    roots = ([ph._element] if ph is not None else []) + [layout.slide_master._element]
    for root, path in zip(roots, [".//a:lvl1pPr/@algn | .//a:p/a:pPr/@algn"] * (ph is not None)
                          + ["./p:txStyles/p:titleStyle/a:lvl1pPr/@algn"]):
        found = root.xpath(path)
        if found:
            return str(found[0])
    return "l"


def task_high(body_size: float, question_size: float) -> float:
    """The largest size a discussion slide's task may take: the body size, at most the question's size /
    TASK_RATIO, on the type scale."""
    return on_scale(min(body_size, math.floor(question_size / TASK_RATIO)))


def scale_fit(paras: list[Para], style: TextStyle, width: float, height: float, high: float, low: float
              ) -> float | None:
    """The largest step of the type scale from high down to low at which paras fit with every word whole;
    else the largest at which they fit at all; else None."""
    fitting = [step for step in steps(high, low) if fits(paras, style, step, width, height)]
    return next((step for step in fitting if not breaks_word(paras, style, step, width)), fitting[0] if fitting else None)


class _Stage(NamedTuple):
    """A discussion slide's boxes: the band, the text column (left, width), the picture, the title panel the
    counter goes on (None: the counter stands above the question), the counter's, the question's and the task's box."""

    band: Box
    margin: int
    text_w: int
    art: object
    panel: Box | None
    cbox: Box
    qbox: Box
    tbox: Box


class DesignedSlides:
    """A mixin for the deck renderer (it provides _new_slide, _write, _write_title, _notes, _footers)."""

    # --- divider ----------------------------------------------------------------------
    def _staged_divider(self, deck: DeckState, spec: SlideSpec, choice: Choice
                        ) -> tuple[Choice, tuple[float, float]] | None:
        """A divider on a section header with neither body nor subtitle reads as a divider, not as a
        content slide with one line: its title up to DIVIDER_SCALE times the title size (every word
        whole), title and line together centred in the title's column between its top and the
        footer band (freearea.divider_stage), the line right under the title. The choice with both
        boxes and the title's sizes; None when the layout has a body or subtitle of its own, or
        the template's artwork is where the centred text would go (the template's place then)."""
        if choice.body is not None or choice.subtitle is not None or choice.area is not None:
            return None
        stage = freearea.divider_stage(deck, choice)
        if stage is None:
            return None
        theme = deck.theme.deck
        h = deck.size[1]
        width, height = inner_size(stage)
        title = titles.as_drawn(deck, choice.layout, spec.title)
        style = titles.style(deck, choice)
        high = float(round(theme.title_size * DIVIDER_SCALE))
        high = min(high, deck.deck_title_size or high)  # never above the deck's own title
        size = fit_one([title], style, width, height * 0.6, high, min(high, theme.title_min))
        body_style = deck.styles.style(None, None)
        body = list(spec.body)
        if size is None:
            return None
        size = whole_word_size([title], style, width, height * 0.6, size,
                               max(theme.body_min, theme.title_min * HEADING_FLOOR)) or size
        line_size = min(theme.body_size, max(theme.body_min, round(size / DIVIDER_LINE)))  # under the title
        body_size = fit_one(body, body_style, width, height * 0.3, line_size, theme.body_min) if body else 0
        if body_size is None:
            return None
        pad = 2 * 45720  # the boxes' insets
        title_h = int(block_height([title], style, size, width) * 1.15 * 12700) + pad
        body_h = int(block_height(body, body_style, body_size, width) * 1.15 * 12700) + pad if body else 0
        line = int(max((widths(p, body_style, body_size)[1] for p in body), default=0) * 1.05 * 12700) + pad
        body_w = min(stage.width, line) if body and len(body) == 1 and line < stage.width else stage.width
        gap = int(h * 0.02) if body else 0
        title_w = balanced(stage, title, style, size)[0].width  # its lines even, its box no wider than they are
        align = _title_align(deck, choice)
        shift = {"ctr": (stage.width - title_w) // 2, "r": stage.width - title_w}.get(align, 0)
        body_shift = {"ctr": (stage.width - body_w) // 2, "r": stage.width - body_w}.get(align, 0)
        blocks = deck.backdrop.obstacles(choice.layout.index, stage)
        centred = stage.top + max(0, (stage.height - title_h - gap - body_h) // 2)
        step = max(int(h * 0.01), 1)
        for top in sorted(range(stage.top, stage.top + stage.height - title_h - gap - body_h + 1, step),
                          key=lambda t: abs(t - centred)):  # centred, else as near it as the artwork allows
            title_box = Box(stage.left + shift, top, title_w, title_h)
            area = Box(stage.left + body_shift, top + title_h + gap, body_w, body_h) if body else None
            if not any(freearea.overlap(b, x) for x in blocks for b in (title_box, area) if b is not None):
                break
        else:
            return None
        if ("placed", "divider") not in deck.said:
            deck.said.add(("placed", "divider"))
            deck.report.append(f"layout '{choice.layout.name}': a section header with only a title; the divider's "
                               f"title {size:g} pt, centred with its line in the free area")
        return replace(choice, title_box=title_box, area=area), (size, theme.title_min)

    # --- discussion ------------------------------------------------------------------
    def _discussion_colors(self, deck: DeckState) -> dict:
        """Fill, question, rule and small-text colours for the theme's treatment.

        With a user's template the theme's colours mean nothing: hairlines and text in the
        template's own text colour (scheme tx1), which its background is made for."""
        if deck.foreign:
            return {"style": "rules", "fill": None, "rule": ("", "tx1"), "question": ("", "tx1"),
                    "small": ("", "tx1")}
        c = deck.theme.colors
        style = deck.theme.deck.discussion
        hexed = {name: value.lstrip("#") for name, value in vars(c).items()}
        if style == "band":
            return {"style": style, "fill": hexed["primary"], "question": (hexed["on_primary"], None),
                    "small": (hexed["on_primary"], None), "rule": None}
        if style == "panel":
            return {"style": style, "fill": hexed["surface"], "question": (hexed["accent"], None),
                    "small": (hexed["muted"], None), "rule": None}
        return {"style": style, "fill": None, "rule": (hexed["primary"], None), "question": (hexed["text"], None),
                "small": (hexed["muted"], None)}

    @staticmethod
    def _side_bars(deck: DeckState, layout) -> tuple[int, int]:
        """Where a band may run: the slide's width, less any full-height bar the master or the
        layout draws along its left or right edge (the projector's sky-blue strip stays whole).
        Read once per layout."""
        if layout.index in deck.side_bars:
            return deck.side_bars[layout.index]
        w, h = int(deck.prs.slide_width), int(deck.prs.slide_height)
        left, right = 0, w
        master = deck.layout_objects[layout.index]
        for owner in (master, master.slide_master):
            for shape in owner.shapes:
                if shape.is_placeholder or shape.left is None or shape.height is None:
                    continue
                if shape.height < h * 0.5 or shape.width > w * 0.05:
                    continue
                if shape.left <= w * 0.01:
                    left = max(left, int(shape.left + shape.width))
                elif shape.left + shape.width >= w * 0.99:
                    right = min(right, int(shape.left))
        deck.side_bars[layout.index] = left, right
        return left, right

    def _discussion_stage(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> _Stage:
        """Where a discussion slide's texts go (pure geometry, the same for the deck-wide size and the slide)."""
        w, h = deck.size
        layout = choice.layout
        title_at = choice.title_box or (layout.title.box if layout.title is not None else None)
        title_left = layout.title.box.left if layout.title is not None else int(w * 0.06)
        margin = max(min(title_left, int(w * 0.12)), int(w * 0.06))
        # The band sits below the area a template decorates around its titles; the counter
        # stands inside it, above the question; the task under it, clear of the footers.
        left, right = self._side_bars(deck, layout)
        band_h, gap, task_h = (int(h * f) for f in freearea.STAGE)
        band = Box(left, int(h * 0.25), right - left, band_h)
        on = deck.backdrop.onto_band(layout.index, band)  # the template's own panel, when it has one there
        if on != band:
            band = Box(on.left, band.top, on.width, band.height)
            margin = max(margin, band.left + int(w * 0.03))
            right = min(right, band.left + band.width)
        art, text_w = self._discussion_art(deck, spec, choice, band, margin, right)
        # a title the template sets on a panel of its own (ddspys' red callout) keeps the panel filled: the
        # counter goes there, where every other slide has its title, and the question takes the counter's
        # room (not under a picture that covers the slide: the panel is not seen there)
        panel = spec.kicker is not None and title_at is not None and deck.backdrop.on_panel(layout.index, title_at) \
            and (art is None or art.placement != "background")
        text_w = min(text_w, right - margin - max(int(w * 0.03), margin - band.left))
        margin, text_w, crossed = self._clear_column(deck, layout.index, band, margin, text_w)
        task_top = band.top + band.height + gap
        if crossed:  # artwork from side to side: the rows it leaves clear, above or below it
            rows = freearea.clear_rows(deck, layout.index, margin, text_w)
            if rows is not None:
                band, task_top, task_h = freearea.stage_in(rows, band, h)
                if ("placed", "discussion rows") not in deck.said:
                    deck.said.add(("placed", "discussion rows"))
                    deck.report.append("discussion slides: the question, counter and task set clear of the "
                                       "template's artwork that crosses the slide")
            elif "discussion artwork" not in deck.said:
                deck.said.add("discussion artwork")
                deck.warn("the template's artwork crosses the discussion slides' question area and leaves no "
                          "room beside, above or below it; the questions are set over it",
                          "use a template with a plain content layout")
        cbox = Box(margin, band.top + int(h * 0.02), text_w, int(h * 0.08))
        qbox = Box(margin, cbox.top + cbox.height, text_w, band.top + band.height - cbox.top - cbox.height
                   - int(h * 0.02))
        if panel:
            qbox = Box(margin, cbox.top, text_w, qbox.top + qbox.height - cbox.top)
        tbox = freearea.clear_box(deck, layout.index, Box(margin, task_top, text_w, task_h))
        return _Stage(band, margin, text_w, art, title_at if panel else None, cbox, qbox, tbox)

    def _question_size(self, deck: DeckState, specs: list[SlideSpec]) -> None:
        """One size for every question of the deck (design.md: one size per kind of text): the largest at
        which each fits its slide with every word whole and no short word alone on a line, from the theme's
        size down to the floor words are kept whole down to; the longest word sets it. A question that
        needs less than that floor does not pull the others down: it is set on its own."""
        theme = deck.theme.deck
        floor = max(theme.body_min, theme.question_min * HEADING_FLOOR)
        common = theme.question_size
        for spec in (s for s in specs if s.kind == "question"):
            choice = self._choice(deck, spec.kind)
            qbox = self._discussion_stage(deck, spec, choice).qbox
            style = titles.style(deck, choice)
            question = titles.as_drawn(deck, choice.layout, spec.title)
            width, height = inner_size(qbox)
            size = fit_one([question], style, width, height, common, floor)
            if size is None:
                continue
            size = whole_word_size([question], style, width, height, size, floor) or size
            if not breaks_word([question], style, size, width):
                common = min(common, balanced(qbox, question, style, size, floor)[2])
        deck.question_size = common
        if common < theme.question_size:
            deck.report.append(f"questions: {theme.question_size:g}→{common:g} pt (one size for all)")
        self._task_size(deck, specs)

    def _task_size(self, deck: DeckState, specs: list[SlideSpec]) -> None:
        """One size for every task of the deck, a step of the type scale (never 27 pt beside a 28 pt body):
        the largest, from the theme's body size and at most the question's size / TASK_RATIO, at which every
        task fits its box, words whole, down to the theme's body minimum; a task that needs less is set on
        its own (_discussion_slide)."""
        theme = deck.theme.deck
        high = task_high(theme.body_size, deck.question_size or theme.question_size)
        body = deck.styles.style(None, None, space_before=0)
        common = high
        for spec in (s for s in specs if s.kind == "question" and s.task is not None):
            tbox = self._discussion_stage(deck, spec, self._choice(deck, spec.kind)).tbox
            size = scale_fit([spec.task], body, *inner_size(tbox), common, min(theme.body_min, common))
            if size is not None:
                common = size
        deck.task_size = common

    def _discussion_slide(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> None:
        slide = self._new_slide(deck, choice, spec)
        if choice.layout.title is not None:  # no title at the top: no title rules
            decor.hide_title_rules(slide.slide, deck.layout_objects[choice.layout.index], choice.layout.title.box,
                                   deck.size[1])
        if choice.body is not None:
            slide.remove(choice.body.idx)
        w, h = deck.size
        theme = deck.theme.deck
        layout = choice.layout
        band, margin, text_w, art, panel, cbox, qbox, stage_tbox = self._discussion_stage(deck, spec, choice)
        high = deck.question_size or theme.question_size
        style = titles.style(deck, choice)
        width, height = inner_size(qbox)
        question = titles.as_drawn(deck, layout, spec.title)
        size = fit_one([question], style, width, height, high, min(high, theme.question_min))
        if size is None:
            deck.warn(f"{spec.ident}: the question is too long to stay at {theme.question_min:g} pt on its slide",
                      "shorten it; a discussion slide is never split", spec.loc)
            size = fit_one([question], style, width, height, theme.question_min, QUESTION_FLOOR)
            deck.report.append(f"slide {deck.count} ({spec.ident}): question {high:g}→"
                               f"{size or QUESTION_FLOOR:g} pt")
            if size is None:
                deck.cut_title = spec.title.text
                question, size = truncate(question, style, width, height, QUESTION_FLOOR), QUESTION_FLOOR
        elif (whole := whole_word_size([question], style, width, height, size,
                                       max(theme.body_min, theme.question_min * HEADING_FLOOR))) is not None:
            size = whole  # smaller, rather than a hyphenated word in the room's one question
            deck.report.append(f"slide {deck.count} ({spec.ident}): question {high:g}→{size:g} pt "
                               "(every word whole)")
        elif size < high:
            deck.report.append(f"slide {deck.count} ({spec.ident}): question {high:g}→{size:g} pt")
        qbox, question, balanced_size = balanced(qbox, question, style, size,  # even lines, no short word alone
                                                 max(theme.body_min, theme.question_min * HEADING_FLOOR))
        if balanced_size < size:
            deck.report.append(f"slide {deck.count} ({spec.ident}): question {size:g}→{balanced_size:g} pt "
                               "(no short word alone on a line)")
            size = balanced_size
        width = inner_size(qbox)[0]
        colors = self._discussion_colors(deck)
        if deck.foreign:  # the hairlines in the template's colour that reads on what is behind the band
            under = [c for c, _ in deck.backdrop.colours_under(deck.backdrop.image(layout.index), band)]
            if worst_ratio(deck.scheme.get("tx1", "#000000"), under) < LARGE:
                slot, colour, _ = readable_choice(deck.scheme, under, LARGE)
                colors["rule"] = ("", slot) if slot else (colour.lstrip("#"), None)
        tree = slide.slide.shapes._spTree
        if colors["fill"]:
            ooxml.add_rect(tree, (band.left, band.top, band.width, band.height), "discussion band",
                           colors["fill"], None)
        if colors["rule"]:  # short, heavy bars centred above and below: the template's own
            color, scheme = colors["rule"]  # full-width hairlines stay the only long lines
            rule, length = max(int(h * 0.012), 12700), int(w * 0.08)
            centre = margin + text_w // 2
            for y in (band.top, band.top + band.height - rule):
                ooxml.add_rect(tree, (centre - length // 2, y, length, rule), "discussion rule", color or None, scheme)
        tbox = stage_tbox
        if art is not None:  # on top of the band beside the text, or behind everything with panels under the text
            deck.pictures.place(slide, art, choice, [panel or cbox, qbox] + [tbox] * (spec.task is not None))
        idx = titles.placeholder(slide, choice)
        ooxml.place(slide.ph[idx], (qbox.left, qbox.top, qbox.width, qbox.height))
        color, scheme = colors["question"]
        self._write(deck, slide.frame(idx), [question], size, style, anchor=MSO_ANCHOR.MIDDLE,
                    color=color or None, scheme=scheme, align="ctr", room=(width, height), what=spec.ident,
                    loc=spec.loc)
        small_color, small_scheme = colors["small"]
        body = deck.styles.style(None, None, space_before=0)
        limit = size / QUESTION_LEAD
        if panel:
            self._counter_on_panel(deck, slide, choice, spec.kicker, panel, size)
        elif spec.kicker is not None:
            cw, ch = inner_size(cbox)
            high = min(theme.body_min, math.floor(size / COUNTER_RATIO))
            csize = _one_line(spec.kicker, body, cw, ch, high, min(12.0, high)) or min(12.0, high)
            self._write(deck, slide.textbox(cbox), [spec.kicker], min(csize, limit), body, anchor=MSO_ANCHOR.BOTTOM,
                        color=small_color or None, scheme=small_scheme, align="ctr")
        if spec.task is not None:
            tw, th = inner_size(tbox)
            high = min(deck.task_size or theme.body_size, task_high(theme.body_size, size), on_scale(limit))
            task = spec.task
            tsize = scale_fit([task], body, tw, th, high, min(12.0, high))
            if tsize is None:
                deck.warn(f"{spec.ident}: the task is too long for the discussion slide", "shorten the task",
                          spec.loc)
                tsize = min(12.0, high)
                task = truncate(task, body, tw, th, tsize)  # the notes hold it whole
            else:  # even lines, centred, and never the time alone on the last one ("je? — 10 min")
                tbox, task, _ = balanced(tbox, task, body, tsize, runts=True)
                tw, th = inner_size(tbox)
            text_color = None if deck.foreign else deck.theme.colors.text.lstrip("#")
            self._write(deck, slide.textbox(tbox), [task], min(tsize, limit), body, anchor=MSO_ANCHOR.TOP,
                        color=text_color, scheme="tx1" if deck.foreign else None, align="ctr", room=(tw, th),
                        what=f"{spec.ident} task", loc=spec.loc)
        self._notes(deck, slide, spec.notes)
        self._footers(deck, slide, choice, spec.kind)
        deck.pictures.finish(slide, art, idx)

    def _counter_on_panel(self, deck: DeckState, slide, choice: Choice, counter: Para, box: Box,
                          question_size: float) -> None:
        """The discussion slide's counter ("Vraag 1 van 7") in the template's title panel, set as the
        template sets its titles there (typeface, colour, alignment, anchor), at the content titles' size but
        below the question's by QUESTION_LEAD: the panel reads like the answer slides' "Antwoord op vraag 1"."""
        theme = deck.theme.deck
        layout = choice.layout
        face = deck.styles.effective_for(layout.index, layout.title.kind, layout.title.idx).typeface
        style = replace(titles.style(deck, choice), tracking=0.0)  # a text box carries no letter-spacing
        counter = titles.as_drawn(deck, layout, counter)
        width, height = inner_size(box)
        high = float(min(deck.title_sizes.get("content", theme.title_size), math.floor(question_size / QUESTION_LEAD)))
        size = (_one_line(counter, style, width, height, high, min(theme.body_min, high))
                or fit_one([counter], style, width, height, high, min(12.0, high)) or min(12.0, high))
        colour = text_colour(deck.styles.resolver, layout.title.kind, deck.layout_objects[layout.index]._element,
                             str(layout.title.idx))
        rgb, scheme = colour_value(colour)
        target = slide.textbox(box)
        self._write(deck, target, [counter], size, style, anchor=MSO_ANCHOR.TOP,  # as titles of a kind hang (deck._write_title)
                    color=rgb, scheme=scheme, align=_title_align(deck, choice), room=(width, height))
        ooxml.typeface(target.body, face)

    @staticmethod
    def _clear_column(deck: DeckState, layout_index: int, band: Box, margin: int, text_w: int
                      ) -> tuple[int, int, bool]:
        """The left and width of the discussion slide's text, clear of the template's artwork in the
        band and under it (a rule through the middle, a logo, a callout): the wider side of it; and
        whether artwork crosses it with no side wide enough (the column then as it was)."""
        w, h = deck.size
        column = Box(margin, band.top, text_w, band.height + int(h * 0.165))
        blocks = [b for b in deck.backdrop.obstacles(layout_index, column) if freearea.overlap(column, b)]
        if not blocks:
            return margin, text_w, False
        sides = []
        for b in blocks:  # left and right of every obstacle, the whole height of the column
            sides += [Box(column.left, column.top, b.left - column.left, column.height),
                      Box(b.left + b.width, column.top, column.left + column.width - b.left - b.width, column.height)]
        sides = [s for s in sides if s.width > 0 and not any(freearea.overlap(s, b) for b in blocks)]
        best = max(sides, key=lambda s: s.width, default=None)
        if best is None or best.width < w * 0.3:
            return margin, text_w, True
        if ("placed", "discussion") not in deck.said:
            deck.said.add(("placed", "discussion"))
            deck.report.append("discussion slides: the question, counter and task moved beside the template's "
                               "artwork")
        pad = int(w * 0.02)
        left = best.left + (pad if best.left > column.left else 0)
        right = best.left + best.width - (pad if best.left + best.width < column.left + column.width else 0)
        return left, right - left, False

    def _discussion_art(self, deck: DeckState, spec: SlideSpec, choice: Choice, band: Box, margin: int,
                        right: int):
        """The discussion slide's picture (behind it all, or at the band's right) and the width left for its text."""
        w, h = int(deck.prs.slide_width), int(deck.prs.slide_height)
        art = self._art(deck, spec, choice, band)
        if art is None or art.placement == "background":
            return art, w - 2 * margin
        split = int(w * 0.56)
        area = Box(split, band.top + int(h * 0.03), min(right, w - margin) - split, band.height - int(h * 0.06))
        return replace(art, area=area, placeholder=None), split - int(w * 0.03) - margin

    # --- closing ---------------------------------------------------------------------
    def _closing_slide(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> None:
        slide = self._new_slide(deck, choice, spec)
        theme = deck.theme.deck
        self._write_title(deck, slide, choice, spec.title, spec, continued=False,
                          sizes=(theme.title_size * 1.25, theme.title_min))  # at most the deck's title (titles.fit)
        region = self._body_box(deck, choice)
        text_box = region
        if spec.qr:
            # the code never takes the text's room: a narrow region (beside artwork) gets a smaller code
            side = min(int(region.height * 0.9), int(deck.prs.slide_height * 0.42), int(region.width * 0.38))
            gap = int(region.width * 0.05)
            text_box = Box(region.left, region.top, max(region.width - side - gap, 1), region.height)
            self._qr(deck, slide, spec.qr, Box(region.left + region.width - side,
                                               region.top + (region.height - side) // 2, side, side))
        if spec.body:
            if choice.body is not None:
                ooxml.place(slide.ph[choice.body.idx], (text_box.left, text_box.top, text_box.width, text_box.height))
                frame = slide.frame(choice.body.idx)
            else:
                frame = slide.textbox(text_box)
            style = (deck.styles.style(choice.layout.index, choice.body.kind, choice.body.idx)
                     if choice.body is not None else deck.styles.style(None, None))
            width, height = inner_size(text_box)
            paras = list(spec.body)
            size = fit_one(paras, style, width, height, theme.body_size, min(theme.body_min, 14.0))
            if size is None:
                deck.warn("closing: the organisation and contact details are too long for the closing slide",
                          "shorten them")
                size = min(theme.body_min, 14.0)
                paras = [truncate(p, style, width, height / len(paras), size) for p in paras]
            self._write(deck, frame, paras, size, style, anchor=MSO_ANCHOR.MIDDLE, room=(width, height),
                        what="closing")
        elif choice.body is not None:
            slide.remove(choice.body.idx)
        self._notes(deck, slide, spec.notes)
        self._footers(deck, slide, choice, spec.kind)

    def _qr(self, deck: DeckState, slide, url: str, box: Box) -> None:
        """The link as a QR code: a black-on-white PNG, one module a whole number of pixels
        (sharp at any zoom), with its quiet zone and alt text."""
        pic = qrcode.add_png(slide.slide.shapes, qrcode.png(url), Emu(box.left), Emu(box.top), Emu(box.width),
                             Emu(box.height))
        ooxml.alt_text(pic, i18n.t(deck.doc.language, "qr_alt", url=url))
        pic.name = "QR code"
