"""The state of a deck being written and of each slide: where text goes, and small text helpers.

`DeckState` carries what every slide needs (fonts, layouts, warnings, the fit report);
`SlideShapes` finds a slide's placeholders and makes text boxes where a layout has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pptx.util import Emu

from deckgen.content.model import Document
from deckgen.errors import Diagnostic, Location
from deckgen.renderers.deck.ooxml import qn
from deckgen.renderers.slidexml.geometry import inner_size  # noqa: F401  (shared with the run sheet's count)
from deckgen.renderers.slidexml.layouts import Box, Choice
from deckgen.renderers.slidexml.xmlpath import A
from deckgen.text.fit import Para, TextStyle, breaks_word, fit_one
from deckgen.text.fonts import Family
from deckgen.text.wholewords import keep_whole
from deckgen.theming.model import Theme

INSET_X = Emu(91440)  # 0.1 in, PowerPoint's default
INSET_Y = Emu(45720)  # 0.05 in
HEADING_FLOOR = 0.75  # a title or question may go this far under its minimum (never under body_min) to
#                       keep every word whole: a hyphenated heading is the last resort (design.md)


def whole_word_size(paras, style: TextStyle, width: float, height: float, size: float, floor: float
                    ) -> float | None:
    """When a word of paras is wider than its line at size (it would be hyphenated, or broken between
    letters): the largest smaller size, down to floor, at which paras fit with every word whole;
    None when paras break no word at size, or when no such size exists."""
    if size - 1 < floor or not breaks_word(paras, style, size, width):
        return None
    smaller = fit_one(paras, style, width, height, size - 1, floor)
    return smaller if smaller is not None and not breaks_word(paras, style, smaller, width) else None


@dataclass
class DeckState:
    """State of one deck being written."""

    doc: Document
    theme: Theme
    prs: object
    culture: str
    heading: Family
    body: Family
    title_bold: bool
    templated: bool
    layouts: list
    layout_objects: list
    warnings: list[Diagnostic] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    groups: list[tuple[str, list[int]]] = field(default_factory=list)
    choices: dict[str, Choice] = field(default_factory=dict)
    footer_cache: dict[int, list] = field(default_factory=dict)
    footer_shapes: dict[int, list] = field(default_factory=dict)
    footer_size: float = 12.0  # one size for every footer of the deck (see footers.py)
    title_sizes: dict[str, float] = field(default_factory=dict)  # the type scale (see scale.py)
    question_size: float | None = None  # one size for the deck's questions (designed.py: _question_size)
    deck_title_size: float | None = None  # the title slide's title: no slide's title is larger (titles.fit)
    body_size: float | None = None  # one body size for the deck's text slides (DeckRenderer._body_size)
    task_size: float | None = None  # one size for the deck's discussion tasks, on the type scale (designed.py)
    figure_plans: dict = field(default_factory=dict)  # key figures: spec.ident -> figures.FigurePlan
    foreign: bool = False  # built with a user's --template: draw with its scheme colours
    caps: dict[int, bool] = field(default_factory=dict)
    cut_title: str = ""  # the whole title of the slide being written, when it had to be truncated
    notes: dict = field(default_factory=dict)  # each slide's notes (by id of its slide), written when the next is made
    maker: object = None
    styles: object = None  # measure.Styles
    made: list = field(default_factory=list)  # the SlideShapes of the slides made since the last settling
    free_area_warned: bool = False
    scheme: dict = field(default_factory=dict)  # the template's colour scheme, slot -> #RRGGBB
    palettes: dict = field(default_factory=dict)  # per layout: colours readable on its background
    side_bars: dict = field(default_factory=dict)  # per layout: where a discussion band may run (designed.py)
    said: set = field(default_factory=set)  # what the report or a warning said once (colour, placement, hyphens)
    count: int = 0  # slides so far
    pictures: object = None  # deck.pictures.SlidePictures: the deck's pictures, each prepared once
    backdrop: object = None  # deck.backdrop.Backdrop: what the layouts draw behind text

    @property
    def size(self) -> tuple[int, int]:
        """The slide's width and height in EMU."""
        return int(self.prs.slide_width), int(self.prs.slide_height)

    @property
    def where(self) -> Location:
        return Location(self.doc.path)

    def warn(self, message: str, hint: str | None = None, loc: Location | None = None) -> None:
        self.warnings.append(Diagnostic("warning", message, loc or self.where, hint))


@dataclass
class TextTarget:
    """Where text goes: a text body, its part (for link relationships), and whether it is a
    plain text box (which gets no bullets from the master)."""

    body: object
    part: object
    boxed: bool


@dataclass
class SlideShapes:
    """A new slide and its placeholder shapes by idx."""

    slide: object
    ph: dict
    layout: int = -1  # the index of its layout

    def frame(self, idx: int) -> TextTarget:
        sp = self.ph[idx]
        body = sp.find(qn("p:txBody"))
        if body is None:
            body = sp.get_or_add_txBody()
        return TextTarget(body, self.slide.part, False)

    def textbox(self, box: Box) -> TextTarget:
        shape = self.slide.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height))
        return TextTarget(shape.text_frame._txBody, self.slide.part, True)

    def remove(self, idx: int) -> None:
        sp = self.ph.pop(idx)
        sp.getparent().remove(sp)


def bolded(para: Para) -> Para:
    return replace(para, runs=tuple(replace(r, bold=True) for r in para.runs))


def all_caps(layout, idx: int) -> bool:
    """Whether the layout or master sets the title in capitals (measured as capitals then)."""
    layout_ph = layout.placeholders.get(idx=idx)
    elements = [layout_ph._element] if layout_ph is not None else []
    master = layout.slide_master._element
    elements += master.xpath("./p:txStyles/p:titleStyle")
    return any(el.get("cap") == "all" for root in elements for el in root.iter(f"{{{A}}}defRPr", f"{{{A}}}rPr"))


def uppercased(para: Para) -> Para:
    return replace(para, runs=tuple(replace(r, text=r.text.upper()) for r in para.runs))


def clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def set_properties(deck: DeckState) -> None:
    """The deck's document properties, from the content (dated by the content: reproducible)."""
    import datetime as dt

    doc = deck.doc
    props = deck.prs.core_properties
    props.title = clipped(doc.title.plain, 255)
    props.subject = clipped(doc.subtitle.plain if doc.subtitle else "", 255)
    props.author = clipped(doc.authors or doc.organisation or "", 255)
    props.last_modified_by = "deckgen"
    props.language = deck.culture
    props.keywords = ""
    props.comments = ""
    props.revision = 1
    stamp = dt.datetime.fromisoformat(doc.date) if doc.date else dt.datetime(2000, 1, 1)
    props.created = props.modified = stamp
    props.last_printed = stamp
    if len(doc.title.plain) > 255:
        deck.warn("the title is longer than the 255 characters document properties allow; "
                  "the property is shortened (the slides keep it whole)", loc=doc.title.loc)


def hyphenates(deck: DeckState, paras, style: TextStyle, size: float, width: float, height: float) -> bool:
    """Whether every word of paras wider than its line at size has an allowed break that makes it fit,
    at that size (text/wholewords.py: the language's hyphenation, compound joins first)."""
    from deckgen.text import hyphenation

    _, at, _, left = keep_whole(paras, style, size, width, height, hyphenation.for_language(deck.doc.language))
    return not left and at == size


def whole_words(deck: DeckState, paras, size: float, style: TextStyle, room, what: str, loc):
    """paras at size with no word wider than its line where the language allows a hyphen (text/wholewords.py),
    a warning once per kind of slide and word; the last resort after shrinking (whole_word_size)."""
    if not breaks_word(paras, style, size, room[0]):  # every word fits its line: no dictionary needed
        return list(paras), size
    from deckgen.text import hyphenation  # pyphen and the language's patterns: only for a word too wide

    paras, size, done, left = keep_whole(paras, style, size, *room, hyphenation.for_language(deck.doc.language))
    where = f"{what}: " if what else ""
    kind = what.split(" ")[0]
    said = deck.said  # once per kind of slide and word ("sources" continue over many slides)
    done = [w for w in done if ("hyphen", kind, w) not in said and not said.add(("hyphen", kind, w))]
    left = [w for w in left if w.strip("…") and ("broken", kind, w) not in said
            and not said.add(("broken", kind, w))]
    for word in done:
        deck.warn(f"{where}'{word.replace('-', '')}' is wider than its line at {size:g} pt; it is hyphenated "
                  f"as '{word}'", "shorten the text, or use a template with wider text boxes", loc)
    for word in left:
        deck.warn(f"{where}'{word}' is wider than its line at {size:g} pt and has no allowed hyphenation "
                  "point that fits; PowerPoint will break it between letters",
                  "shorten the text, or use a template with wider text boxes", loc)
    return paras, size
