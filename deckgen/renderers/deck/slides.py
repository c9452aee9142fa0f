"""The state of a deck being written and of each slide: where text goes, and small text helpers.

`DeckState` carries what every slide needs (fonts, layouts, warnings, the fit report);
`SlideShapes` finds a slide's placeholders and makes text boxes where a layout has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pptx.util import Emu

from deckgen.content.model import Document
from deckgen.errors import Diagnostic, Location
from deckgen.renderers.slidexml.geometry import inner_size  # noqa: F401  (shared with the run sheet's count)
from deckgen.renderers.slidexml.layouts import Box, Choice
from deckgen.renderers.deck.ooxml import qn
from deckgen.text.fit import Para
from deckgen.text.fonts import Family
from deckgen.theming.model import Theme

INSET_X = Emu(91440)  # 0.1 in, PowerPoint's default
INSET_Y = Emu(45720)  # 0.05 in


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
    figure_sizes: tuple[float, float] | None = None  # key figures: (values, labels), one size each per deck
    foreign: bool = False  # built with a user's --template: draw with its scheme colours
    caps: dict[int, bool] = field(default_factory=dict)
    cut_title: str = ""  # the whole title of the slide being written, when it had to be truncated
    maker: object = None
    styles: object = None  # measure.Styles
    made: list = field(default_factory=list)  # every slide's SlideShapes
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
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    return any(el.get("cap") == "all" for root in elements for el in root.iter(f"{{{a}}}defRPr", f"{{{a}}}rPr"))


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
