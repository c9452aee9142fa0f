"""Key-figure slides: each slide's figures as large as its room allows, on the type scale.

The number is the hero (design.md): each slide's values get the largest size of the type
scale (`TYPE_SCALE`) at which every value on it stays on one line, up to the theme's
`figure_size` — a single figure on an empty slide is set larger than a pair sharing one.
Labels are quieter: a step of the scale at most half the value's size, but never below the
theme's `body_min` while they fit (body text is read from the back of the room).

Two or three figures stand in equal columns on one baseline. When columns leave the values
too small to lead their labels (a value under `body_min` / LABEL_RATIO, or labels under
`body_min`) — a template whose artwork takes a third of the slide — the figures are stacked
instead, each across the whole width, if that sets them larger. A value never wraps.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.text import MSO_ANCHOR

from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml import colours
from deckgen.renderers.slidexml.layouts import Box, Choice, union
from deckgen.theming.contrast import BODY, LARGE, ratio, readable_choice, worst_ratio
from deckgen.renderers.deck.plan import SlideSpec
from deckgen.renderers.deck.slides import INSET_X, INSET_Y, DeckState, bolded, inner_size
from deckgen.renderers.deck.scale import TYPE_SCALE, on_scale  # noqa: F401 (TYPE_SCALE: read by the tests)
from deckgen.text.fit import Para, Run, TextStyle, block_height, fit_one, one_line_size, truncate, widths

MARKER_SCALE = 0.52  # a key figure's footnote marker as written, × the value's size; drawn smaller (SHRINK)
SHRINK = 0.58  # LibreOffice draws a raised run at 58 % of its size (PowerPoint at about 2/3), raised by
#                its baseline × the size as written
LABEL_RATIO = 0.5  # a key figure's label is at most a step of the type scale at this share of its value
VALUE_ROOM = 0.92  # a value, which may not wrap, is measured in a slightly narrower column: room for
#                   a renderer whose font is a little wider than the one measured


def marker_rise(cap: float) -> float:
    """The raise (× the marker's size as written) that puts the top of a key figure's footnote marker,
    drawn at SHRINK of its size, on the cap height of the value (`cap`: the font's, in em)."""
    return round(cap * (1 / MARKER_SCALE - SHRINK), 3)


def _one_line(para: Para, style: TextStyle, width: float, height: float, high: float, low: float) -> float | None:
    """The largest whole size from high down to low at which para stays on one line in the box."""
    return one_line_size(para, style, width, height, high, low, step=1.0, slack=0.97)


@dataclass(frozen=True)
class FigurePlan:
    """How one key-figure slide is set: each figure's value and label boxes, and their sizes."""

    boxes: tuple[tuple[Box, Box], ...]  # (value box, label box) per figure
    value: float  # 0: a value does not fit even at 12 pt
    label: float  # 0: a label does not fit even at 12 pt
    stacked: bool


class FigureSlides:
    """A mixin for the deck renderer (it provides _new_slide, _write, _write_title, _notes, _footers)."""

    def _figure_texts(self, deck: DeckState, spec: SlideSpec):
        """The values (bold, with their footnote markers) and labels, and the styles they are set in."""
        value_style = deck.styles.style(None, None, line_spacing=1.1, space_before=0, heading=True)
        label_style = deck.styles.style(None, None)
        rise = marker_rise(value_style.family.face(True, False).cap)
        marker = [(Run(str(f.source), bold=True, superscript=True, scale=MARKER_SCALE, rise=rise),)
                  if f.source else () for f in spec.figures]
        values = [Para(bolded(Para(f.value.runs)).runs + m) for f, m in zip(spec.figures, marker)]
        labels = [[f.label] for f in spec.figures]
        return values, labels, value_style, label_style

    @staticmethod
    def _figure_boxes(region: Box, n: int, stacked: bool) -> tuple[tuple[Box, Box], ...]:
        """(value box, label box) per figure: one centred (80 % of the width), equal columns, or rows."""
        if stacked:
            gap = int(region.height * 0.02)
            row_h = (region.height - gap * (n - 1)) // n
            value_h = int(row_h * 0.42)  # a value takes one line; its label the rest
            tops = [region.top + i * (row_h + gap) for i in range(n)]
            return tuple((Box(region.left, top, region.width, value_h),
                          Box(region.left, top + value_h, region.width, row_h - value_h)) for top in tops)
        value_h = int(region.height * 0.45)
        if n == 1:  # one figure, centred, its label no wider than a comfortable line
            col_w = int(region.width * 0.8)
            lefts = [region.left + (region.width - col_w) // 2]
        else:
            gap = int(region.width * 0.05)
            col_w = (region.width - gap * (n - 1)) // n
            lefts = [region.left + i * (col_w + gap) for i in range(n)]
        return tuple((Box(left, region.top, col_w, value_h), Box(left, region.top + value_h, col_w,
                                                                 region.height - value_h)) for left in lefts)

    def _figure_plan(self, deck: DeckState, spec: SlideSpec, choice: Choice, stacked: bool) -> FigurePlan:
        theme = deck.theme.deck
        values, labels, value_style, label_style = self._figure_texts(deck, spec)
        boxes = self._figure_boxes(self._body_box(deck, choice), len(spec.figures), stacked)
        value = 0.0
        sizes = []
        for para, (vbox, _) in zip(values, boxes):
            vw, vh = inner_size(vbox)
            sizes.append(_one_line(para, value_style, vw * VALUE_ROOM, vh, theme.figure_size, 12) or 0)
        if all(sizes):
            value = on_scale(min(sizes))
        if stacked and value:  # each value's box as large as its one line, centred; its label gets the rest
            need = int(value_style.line_height(value) * 1.05 * 12700) + 2 * int(INSET_Y)
            out = []
            for para, (v, lb) in zip(values, boxes):
                wide = min(v.width, int(widths(para, value_style, value)[1] / VALUE_ROOM * 12700) + 2 * int(INSET_X))
                high = min(v.height, need)
                out.append((Box(v.left + (v.width - wide) // 2, v.top, wide, high),
                            Box(lb.left, v.top + high, lb.width, lb.top + lb.height - v.top - high)))
            boxes = tuple(out)
        quieter = on_scale(max(value, 12) * LABEL_RATIO)
        high = min(theme.body_size, max(quieter, theme.body_min))
        label = min((fit_one(lab, label_style, *inner_size(lbox), high, 12) or 0 for lab, (_, lbox) in zip(labels, boxes)),
                    default=0)
        label = on_scale(label) if label else 0.0
        if stacked and value and label:
            boxes = self._centred_rows(boxes, labels, label_style, label, self._body_box(deck, choice))
        return FigurePlan(boxes, value, label, stacked)

    @staticmethod
    def _centred_rows(boxes, labels, style: TextStyle, size: float, region: Box):
        """Stacked figures as one block centred in the region: each label's box as tall as its text
        (with room to spare), a gap between the figures, rather than each at the top of its half."""
        heights = [int((block_height(lab, style, size, inner_size(lbox)[0]) * 1.06 + 2) * 12700) + 2 * int(INSET_Y)
                   for lab, (_, lbox) in zip(labels, boxes)]
        gap = int(region.height * 0.06)
        total = sum(v.height + h for (v, _), h in zip(boxes, heights)) + gap * (len(boxes) - 1)
        if total > region.height or any(h > lbox.height for h, (_, lbox) in zip(heights, boxes)):
            return boxes
        top = region.top + (region.height - total) // 2
        out = []
        for (v, lb), h in zip(boxes, heights):
            out.append((Box(v.left, top, v.width, v.height), Box(lb.left, top + v.height, lb.width, h)))
            top += v.height + h + gap
        return tuple(out)

    def _figure_choice(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> FigurePlan:
        """Columns, unless they leave the values too small to lead their labels and rows set them larger."""
        if spec.ident in deck.figure_plans:
            return deck.figure_plans[spec.ident]
        body_min = deck.theme.deck.body_min
        plan = self._figure_plan(deck, spec, choice, stacked=False)
        if len(spec.figures) > 1 and (plan.value < body_min / LABEL_RATIO or plan.label < body_min):
            rows = self._figure_plan(deck, spec, choice, stacked=True)
            if (min(rows.label, body_min), rows.value) > (min(plan.label, body_min), plan.value):
                plan = rows  # labels readable first, then the larger values
        deck.figure_plans[spec.ident] = plan
        return plan

    def _figure_sizes(self, deck: DeckState, specs: list[SlideSpec]) -> None:
        """The fit report's one line on key figures: each slide's value and label sizes."""
        theme = deck.theme.deck
        said = []
        for spec in specs:
            if spec.kind != "figures" or not spec.figures:
                continue
            plan = self._figure_choice(deck, spec, self._choice(deck, spec.kind))
            said.append(f"{plan.value or 12:g}/{plan.label or 12:g} pt" + (" stacked" if plan.stacked else ""))
        if said:
            deck.report.append(f"key figures (values/labels, per slide, on the type scale; the theme's values "
                               f"{theme.figure_size:g} pt): " + ", ".join(said))

    def _figure_slide(self, deck: DeckState, spec: SlideSpec, choice: Choice) -> None:
        slide = self._new_slide(deck, choice, spec)
        report = self._write_title(deck, slide, choice, spec.title, spec, continued=False)
        plan = self._figure_choice(deck, spec, choice)
        values, labels, value_style, label_style = self._figure_texts(deck, spec)
        if choice.body is not None:
            slide.remove(choice.body.idx)
        v_size, l_size = plan.value, plan.label
        if not v_size:
            deck.warn(f"{spec.ident}: a key figure's value is too long for its column", "keep values short, "
                      "for example \"1,3 miljard euro\"; move the rest to the label", spec.loc)
            v_size = 12
            values = [truncate(v, value_style, *inner_size(vbox), 12) for v, (vbox, _) in zip(values, plan.boxes)]
            report = ", ".join(x for x in (report, f"figures {deck.theme.deck.figure_size:g}→12 pt") if x)
        if not l_size:
            deck.warn(f"{spec.ident}: a figure's label is too long for its column", "shorten the label", spec.loc)
            l_size = 12
            labels = [[truncate(lab[0], label_style, *inner_size(lbox), l_size)]
                      for lab, (_, lbox) in zip(labels, plan.boxes)]
        (vcolor, vscheme), (lcolor, lscheme) = self._figure_colours(deck, choice)
        self._figure_panel(deck, slide, choice, plan.boxes, vcolor or deck.scheme.get(vscheme or "", ""),
                           lcolor or deck.scheme.get(lscheme or "tx1", "#000000"))
        for (vbox, lbox), value, label in zip(plan.boxes, values, labels):
            self._write(deck, slide.textbox(vbox), [value], v_size, value_style, anchor=MSO_ANCHOR.BOTTOM,
                        color=vcolor, scheme=vscheme, align="ctr")
            self._write(deck, slide.textbox(lbox), label, l_size, label_style, anchor=MSO_ANCHOR.TOP, align="ctr",
                        color=lcolor, scheme=lscheme, room=inner_size(lbox), what=f"{spec.ident} label", loc=spec.loc)
        self._notes(deck, slide, spec.notes)
        self._footers(deck, slide, choice, spec.kind)
        if report:
            deck.report.append(f"slide {deck.count} ({spec.ident}): {report}")

    @staticmethod
    def _figure_panel(deck: DeckState, slide, choice: Choice, boxes, value: str, label: str) -> None:
        """One panel behind all the key figures of a slide where the template's picture or artwork under
        them lets neither their colours nor any scheme colour read (the legibility check would give each
        text a panel of its own, some and not others: LibreOffice's Candy and Focus), in its light or dark
        scheme colour, whichever reads best with them."""
        if not deck.templated or not boxes or not value:
            return
        value, label = ("#" + c.lstrip("#").upper() for c in (value, label))
        w, h = deck.size
        texts = [b for pair in boxes for b in pair]
        area = union(texts, 0, w, h)
        under = [c for c, _ in deck.backdrop.colours_under(deck.backdrop.image(choice.layout.index), area)]
        if not under or all(worst_ratio(colour, under) >= least
                            or readable_choice(deck.scheme, under, least)[2] >= least
                            for colour, least in ((value, LARGE), (label, BODY))):
            return  # they read, or the legibility check gives them a scheme colour that does
        slot = max(("lt1", "dk1"), key=lambda s: min(ratio(deck.scheme.get(s, "#FFFFFF"), value),
                                                      ratio(deck.scheme.get(s, "#FFFFFF"), label)))
        box = union(texts, int(w * 0.015), w, h)
        ooxml.panel(slide.slide.shapes._spTree, (box.left, box.top, box.width, box.height), slot, 1.0, "figures panel")
        said = ("figures panel", choice.layout.name)
        if said not in deck.said:
            deck.said.add(said)
            deck.report.append(f"layout '{choice.layout.name}': the key figures do not read on the template's "
                               f"artwork there; one panel in {slot} goes behind them")

    @staticmethod
    def _figure_colours(deck: DeckState, choice: Choice) -> tuple:
        """((colour, scheme slot) of values, of labels): the theme's accent on its own slides; on a
        template's, its scheme colours that are readable on the layout's real background (colours.py)."""
        if not deck.templated:
            return (deck.theme.colors.accent, "accent1"), (None, None)
        index = choice.layout.index
        if index not in deck.palettes:
            bg = colours.background(deck.layout_objects[index], deck.scheme)
            deck.palettes[index], problems = colours.palette_problems(deck.scheme, bg, deck.theme.colors.text)
            for problem in problems:
                if problem not in deck.said:
                    deck.said.add(problem)
                    deck.warn(problem, "give the template a readable accent colour, or accept this one")
        return deck.palettes[index]["value"], deck.palettes[index]["label"]
