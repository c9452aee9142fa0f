"""The room the deck gives its text slides' body, read from the template's XML alone, for the run sheet.

The deck (renderers/deck) decides how many slides a text takes by fitting it into its
content layout's body box, in the style the template gives that placeholder. The run sheet
must give every slide the number it really has, but it is drawn in the PDF worker, which
does not load python-pptx. So this module reads the same package parts (the presentation,
its masters and layouts in their order, the theme) with zipfile and lxml, and computes the
room with the deck's own code, which lives beside it in this package for that reason:
`layouts.choose`, `freearea.with_free_area` and `body_box` (the template's artwork painted
by `backdrop.Backdrop`, the free area), `art.arrange` (a picture beside the text),
`styles.Styles` (the style and its font), `geometry.scaled_sizes`. The plain base of the
built-in themes is python-pptx's own default template, read as the deck's plain.make_base
changes it (the slide size, the layouts stretched sideways, the theme's fonts).
`read` answers None for a package the deck would repair or refuse: then the run sheet
claims no number.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from lxml import etree

from deckgen.content.model import Document, Table
from deckgen.renderers.slidexml import freearea, samples
from deckgen.renderers.slidexml.art import arrange
from deckgen.renderers.slidexml.backdrop import Backdrop
from deckgen.renderers.slidexml.colours import scheme_colours
from deckgen.renderers.slidexml.geometry import BodyGeometry, describe_layouts, inner_size, plain_base, scaled_sizes
from deckgen.renderers.slidexml.layouts import Box, choose
from deckgen.renderers.slidexml.styles import Resolver, Styles
from deckgen.renderers.slidexml.tables import plan_table, source_line, table_minimum
from deckgen.renderers.slidexml.xmlpath import REL, P, R, first
from deckgen.renderers.slidexml.xmlpath import clark as _q
from deckgen.text.fit import TextStyle
from deckgen.theming.model import Theme

_C_SLD = _q(P, "cSld")


class _Part:
    """A package part as the painter reads it: `related_part(rId).blob` (python-pptx's names)."""

    def __init__(self, package: "_Package", name: str):
        self.package, self.name = package, name
        self.blob = b""

    def related_part(self, rid: str) -> "_Part":
        part = _Part(self.package, self.package.related(self.name)[rid][1])
        part.blob = self.package.zip.read(part.name)
        return part


class _Master:
    """A slide master read from the package: its element and part, as python-pptx names them."""

    def __init__(self, element, part: _Part):
        self._element, self.part = element, part


class _Layout(_Master):
    """A layout read from the package, with its master (`slide_master`), as python-pptx names them."""

    def __init__(self, element, part: _Part, master: _Master):
        super().__init__(element, part)
        self.slide_master = master


class _Package:
    """The parts of a .pptx/.potx read with zipfile: each part's XML and relationships."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def related(self, name: str) -> dict[str, tuple[str, str]]:
        """rId -> (type's last word, part name) for a part's relationships."""
        if name not in self._rels:
            folder, base = posixpath.split(name)
            rels = f"{folder}/_rels/{base}.rels"
            out = {}
            if rels in self.zip.namelist():
                for rel in self.xml(rels).iterchildren(_q(REL, "Relationship")):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = rel.get("Target")
                    part = (target.lstrip("/") if target.startswith("/")
                            else posixpath.normpath(posixpath.join(folder, target)))
                    out[rel.get("Id")] = (rel.get("Type").rsplit("/", 1)[-1], part)
            self._rels[name] = out
        return self._rels[name]


@dataclass
class _Reading:
    """What deck/slides.DeckState gives freearea.py, for the run sheet's reading of the template: the
    slide's size, the theme, the painted layouts; what it would report is not said (the deck says it)."""

    size: tuple[int, int]
    theme: Theme
    backdrop: object
    layout_objects: list
    report: list = field(default_factory=list)
    said: set = field(default_factory=set)
    free_area_warned: bool = False

    def warn(self, *args, **kwargs) -> None:
        pass


def _plain_template() -> Path | None:
    """python-pptx's own default template (the built-in themes' plain base), found without importing it."""
    spec = find_spec("pptx")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "templates" / "default.pptx"
    return path if path.is_file() else None


@dataclass(frozen=True)
class Room:
    """The rooms of a deck's slides that continue, as the deck computes them for this theme and template."""

    size: tuple[int, int]  # the slide's, EMU
    theme: Theme  # scaled to the slide (geometry.scaled_sizes) where the deck scales it
    text_choice: object  # layouts.Choice of the content layout, its free area and title box settled
    text_box: Box
    text_style: TextStyle
    table_region: Box | None  # the figure layout's body box, for tables
    table_style: TextStyle | None

    def text(self, picture=None) -> BodyGeometry:
        """The room of an agenda, section, answer or sources slide's body (`picture`: a section's, beside it)."""
        art = arrange(picture, "content", self.text_choice, self.text_box, self.size)
        w, h = inner_size(art.body if art is not None and art.body is not None else self.text_box)
        return BodyGeometry(w, h, self.text_style, self.theme.deck.body_size, self.theme.deck.body_min)

    def table_slides(self, doc: Document, table: Table) -> int | None:
        """How many slides a table takes (deck/exhibits.py: its source line under it, the rest its room)."""
        if self.table_region is None:
            return None
        deck = self.theme.deck
        region, _ = source_line(doc, table.source, self.table_region, self.table_style, deck.body_min)
        plan = plan_table(table, self.table_style, region.width, region.height, deck.body_size,
                          table_minimum(deck.body_min))
        return max(1, len(plan.pages))


def read(theme: Theme, template: Path | None) -> Room | None:
    """The rooms the deck will give its slides that continue (`template`: the --template, else the
    theme's; None: the plain base), or None for a package the deck would repair or refuse."""
    stat = template.stat() if template is not None and template.is_file() else None
    key = (str(template), stat and (stat.st_size, stat.st_mtime_ns), id(theme))
    kept = _readings.get(key)
    if kept is None or kept[0] is not theme:
        _readings.clear()
        try:
            room = _read_package(theme, template)
        except (OSError, KeyError, ValueError, IndexError, StopIteration, zipfile.BadZipFile,
                etree.XMLSyntaxError, AttributeError):
            room = None  # no claim
        kept = _readings[key] = (theme, room)
    return kept[1]


_readings: dict = {}  # the last template read in this process, for every document built with it


def _read_package(theme: Theme, template: Path | None):
    """The rooms as the deck computes them (deck/__init__: _choice, _body_box, the body style; the
    figure layout's for tables), from the package's XML."""
    plain = template is None
    path = _plain_template() if plain else template
    if path is None:
        return None
    pkg = _Package(path)
    pres = pkg.xml("ppt/presentation.xml")
    size = first(pres, _q(P, "sldSz"))
    if size is None:
        return None  # the deck repairs a package without a slide size
    width, height = int(size.get("cx")), int(size.get("cy"))
    if not plain:
        theme = scaled_sizes(theme, height)[0]
    pres_rels = pkg.related("ppt/presentation.xml")
    masters, objects = [], []
    theme_part = None
    for mid in first(pres, _q(P, "sldMasterIdLst")).iterchildren(_q(P, "sldMasterId")):
        name = pres_rels[mid.get(_q(R, "id"))][1]
        master = _Master(pkg.xml(name), _Part(pkg, name))
        rels = pkg.related(name)
        theme_part = theme_part or next((part for kind, part in rels.values() if kind == "theme"), None)
        lst = first(master._element, _q(P, "sldLayoutIdLst"))
        layouts = []
        for lid in (lst.iterchildren(_q(P, "sldLayoutId")) if lst is not None else ()):
            part = rels[lid.get(_q(R, "id"))][1]
            layout = _Layout(pkg.xml(part), _Part(pkg, part), master)
            layouts.append((first(layout._element, _C_SLD).get("name", ""), layout._element))
            objects.append(layout)
        masters.append((master._element, layouts))
    if not objects:
        return None  # the deck makes a layout from the master's placeholders
    samples.remove_samples([("", m) for m, _ in masters] + [("", el) for _, lays in masters for _, el in lays])
    if plain:  # as deck/plain.make_base: the theme's slide size, every master and layout stretched sideways
        width, height = plain_base([m for m, _ in masters] + [lay._element for lay in objects], width, theme)
    infos = describe_layouts(masters)
    choice = choose(infos, "content", height, theme.deck.layouts.get("content"))
    if choice is None:
        return None
    theme_xml = pkg.xml(theme_part) if theme_part else None
    first_master = masters[0][0]
    scheme = scheme_colours(theme_xml, first_master) if theme_xml is not None else {}
    reading = _Reading((width, height), theme, Backdrop(objects, (width, height), scheme), objects)
    choice = freearea.with_free_area(reading, "content", choice)
    box = freearea.body_box(reading, choice)
    resolver = Resolver(first_master, theme_xml, pres)
    if plain:  # deck/plain.make_base sets the theme's fonts as the scheme's heading and body
        resolver.major, resolver.minor = theme.heading.name, theme.body.name
    styles = Styles(resolver, theme, objects)
    style = (styles.style(choice.layout.index, choice.body.kind, choice.body.idx) if choice.body
             else styles.style(None, None))
    figure = choose(infos, "figure", height, theme.deck.layouts.get("figure"))
    if figure is not None:  # tables (deck/exhibits.py): the figure layout's body, text boxes' style
        figure = freearea.with_free_area(reading, "figure", figure)
    return Room((width, height), theme, choice, box, style,
                freearea.body_box(reading, figure) if figure is not None else None,
                styles.style(None, None, space_before=0) if figure is not None else None)
