"""Themes: folders of data (theme.yaml, fonts, logo, template) that give the outputs their look.

A theme may `extends:` another; mappings merge key by key, child over parent, and every
asset path is resolved in the folder of the theme that names it and must stay inside it.
Loading is as strict as the content's, and colours are checked for WCAG contrast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.errors import Diagnostic, Diagnostics, DeckgenError, Location, fail
from deckgen.fonts import Family, FontFiles, bundled_files
from deckgen.schema import check_keys, expect
from deckgen.strictyaml import YMap, YStr, load_file

BUILTIN_DIRS = (Path(__file__).parent / "themes", Path(__file__).parent.parent / "themes")
DEFAULT_THEME = "default"
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 20 * 1024 * 1024

TOP_KEYS = ("name", "description", "extends", "colors", "fonts", "logo", "template", "deck", "handout", "cards")
COLOR_KEYS = ("background", "text", "primary", "accent", "muted", "surface", "on_primary")
FONT_ROLES = ("heading", "body")
FONT_KEYS = ("family", "regular", "bold", "italic", "bold_italic")
LOGO_KEYS = ("file", "alt")
DECK_KEYS = ("slide_size", "title_size", "title_min", "body_size", "body_min", "question_size", "question_min",
             "figure_size", "qa_layout", "layouts", "footer")
LAYOUT_KINDS = ("title", "section", "content", "question", "figure", "closing")
HANDOUT_KEYS = ("paper", "margin_mm", "body_size", "heading_size", "title_size")
CARDS_KEYS = ("question_size", "question_min", "answer_size", "answer_min")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
SLIDE_SIZES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5), "16:10": (12.0, 7.5)}


@dataclass(frozen=True)
class Colors:
    background: str
    text: str
    primary: str
    accent: str
    muted: str
    surface: str
    on_primary: str


@dataclass(frozen=True)
class DeckSettings:
    slide_size: str = "16:9"
    title_size: float = 36
    title_min: float = 28
    body_size: float = 28
    body_min: float = 20
    question_size: float = 40
    question_min: float = 28
    figure_size: float = 66
    qa_layout: str = "separate"  # or "combined": question and answer on one slide
    layouts: dict[str, str] = field(default_factory=dict)
    footer: bool = True


@dataclass(frozen=True)
class HandoutSettings:
    paper: str = "A4"
    margin_mm: float = 18
    body_size: float = 10
    heading_size: float = 13
    title_size: float = 24


@dataclass(frozen=True)
class CardSettings:
    question_size: float = 20
    question_min: float = 12
    answer_size: float = 11
    answer_min: float = 8


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    path: Path
    colors: Colors
    heading: Family
    body: Family
    logo: Path | None = None
    logo_alt: str = ""
    template: Path | None = None
    deck: DeckSettings = DeckSettings()
    handout: HandoutSettings = HandoutSettings()
    cards: CardSettings = CardSettings()
    chain: tuple[Path, ...] = ()  # theme.yaml files this theme was made from, child first

    def sources(self) -> list[Path]:
        """Every file the theme's outputs depend on (for incremental builds)."""
        files = list(self.chain)
        for fam in (self.heading, self.body):
            files += [p for p in (fam.files.regular, fam.files.bold, fam.files.italic, fam.files.bold_italic) if p]
        files += [p for p in (self.logo, self.template) if p]
        return files


# --- finding themes ------------------------------------------------------------------

def search_path(project: Path | None = None) -> list[Path]:
    """Folders that hold themes: the project's themes/ first, then the built-in ones."""
    dirs = []
    if project is not None:
        dirs.append(project / "themes")
    dirs += [d for d in BUILTIN_DIRS if d.is_dir()]
    seen, out = set(), []
    for d in dirs:
        key = d.resolve() if d.exists() else d
        if key not in seen and d.is_dir():
            seen.add(key)
            out.append(d)
    return out


def available(project: Path | None = None) -> dict[str, Path]:
    """Theme name -> folder, project themes shadowing built-in ones of the same name."""
    found: dict[str, Path] = {}
    for folder in search_path(project):
        for child in sorted(folder.iterdir()):
            if (child / "theme.yaml").is_file() and child.name not in found:
                found[child.name] = child
    return found


def locate(name_or_dir: str, project: Path | None = None) -> Path:
    """A theme folder from a name or a path, or an error listing the themes found."""
    as_path = Path(name_or_dir)
    if (as_path / "theme.yaml").is_file():
        return as_path
    themes = available(project)
    if name_or_dir in themes:
        return themes[name_or_dir]
    import difflib

    close = difflib.get_close_matches(name_or_dir, list(themes), n=1)
    hint = (f"did you mean '{close[0]}'? " if close else "") + "themes found: " + ", ".join(themes)
    raise fail(Location(name_or_dir), f"no theme '{name_or_dir}' (no folder with a theme.yaml)", hint)


# --- loading -------------------------------------------------------------------------

@dataclass
class _Layer:
    """One theme.yaml of the chain, with its folder for resolving assets."""

    folder: Path
    file: Path
    tree: YMap


def _read_chain(folder: Path, project: Path | None, diags: Diagnostics) -> list[_Layer]:
    layers: list[_Layer] = []
    seen: list[Path] = []
    current: Path | None = folder
    while current is not None:
        file = current / "theme.yaml"
        if current.resolve() in seen:
            names = " -> ".join(p.name for p in seen + [current.resolve()])
            raise fail(Location(str(file)), f"themes extend each other in a circle: {names}",
                       "one of them must not have 'extends'")
        seen.append(current.resolve())
        tree = load_file(file)
        if not isinstance(tree, YMap):
            raise fail(getattr(tree, "loc", Location(str(file))), "theme.yaml must be a list of 'key: value' lines")
        layers.append(_Layer(current, file, tree))
        parent = tree.get("extends")
        if parent is None:
            current = None
        elif not isinstance(parent, YStr):
            raise fail(getattr(parent, "loc", tree.loc), "'extends' must be the name of a theme")
        else:
            try:
                current = locate(str(parent), project) if "/" in parent else _find_parent(str(parent), current,
                                                                                           project)
            except DeckgenError as exc:
                raise fail(parent.loc, f"'extends: {parent}' names no theme that was found",
                           exc.diagnostics[0].hint) from None
    return layers


def _find_parent(name: str, child: Path, project: Path | None) -> Path:
    sibling = child.parent / name
    if (sibling / "theme.yaml").is_file() and sibling.resolve() != child.resolve():
        return sibling
    themes = available(project)
    if name in themes and themes[name].resolve() != child.resolve():
        return themes[name]
    for folder in search_path(None):  # a project theme may extend the built-in one it shadows
        if (folder / name / "theme.yaml").is_file() and (folder / name).resolve() != child.resolve():
            return folder / name
    return locate(name, project)


def _lookup(layers: list[_Layer], *keys: str) -> tuple[YStr | YMap | None, _Layer | None]:
    """The value at keys from the nearest layer that sets it, and that layer."""
    for layer in layers:
        node = layer.tree
        for key in keys:
            if not isinstance(node, YMap) or key not in node:
                node = None
                break
            node = node[key]
        if node is not None:
            return node, layer
    return None, None


class _ThemeReader:
    def __init__(self, layers: list[_Layer], diags: Diagnostics):
        self.layers = layers
        self.diags = diags

    def validate_keys(self) -> None:
        for layer in self.layers:
            tree = layer.tree
            check_keys(tree, TOP_KEYS, (), "theme.yaml", self.diags)
            for key, allowed, what in (("colors", COLOR_KEYS, "'colors'"), ("logo", LOGO_KEYS, "'logo'"),
                                       ("deck", DECK_KEYS, "'deck'"), ("handout", HANDOUT_KEYS, "'handout'"),
                                       ("cards", CARDS_KEYS, "'cards'"), ("fonts", FONT_ROLES, "'fonts'")):
                if key in tree and expect(tree[key], YMap, what, self.diags, tree.key_locs[key]) is not None:
                    check_keys(tree[key], allowed, (), what, self.diags)
            fonts = tree.get("fonts")
            if isinstance(fonts, YMap):
                for role in FONT_ROLES:
                    if role in fonts and expect(fonts[role], YMap, f"'fonts: {role}'", self.diags, fonts.loc):
                        check_keys(fonts[role], FONT_KEYS, (), f"'fonts: {role}'", self.diags)
            deck = tree.get("deck")
            if isinstance(deck, YMap) and "layouts" in deck:
                if expect(deck["layouts"], YMap, "'deck: layouts'", self.diags, deck.loc) is not None:
                    check_keys(deck["layouts"], LAYOUT_KINDS, (), "'deck: layouts'", self.diags)

    def text(self, *keys: str, default: str | None = None) -> str | None:
        node, _ = _lookup(self.layers, *keys)
        if node is None:
            return default
        if not isinstance(node, YStr):
            self.diags.error(node.loc, f"'{': '.join(keys)}' must be text")
            return default
        return str(node)

    def number(self, *keys: str, default: float, low: float, high: float) -> float:
        node, _ = _lookup(self.layers, *keys)
        if node is None:
            return default
        if not isinstance(node, YStr) or not _NUMBER.match(node):
            self.diags.error(getattr(node, "loc", self.layers[0].tree.loc),
                             f"'{': '.join(keys)}' must be a number", f"for example {default:g}")
            return default
        value = float(node)
        if not low <= value <= high:
            self.diags.error(node.loc, f"'{': '.join(keys)}' is {value:g}; it must lie between {low:g} and {high:g}")
            return default
        return value

    def choice(self, *keys: str, options: tuple[str, ...], default: str) -> str:
        node, _ = _lookup(self.layers, *keys)
        if node is None:
            return default
        value = str(node).strip()
        matches = [o for o in options if o.lower() == value.lower()]
        if not isinstance(node, YStr) or not matches:
            self.diags.error(getattr(node, "loc", self.layers[0].tree.loc),
                             f"'{': '.join(keys)}' is '{node}'", "choose one of: " + ", ".join(options))
            return default
        return matches[0]

    def asset(self, *keys: str, kinds: tuple[str, ...]) -> Path | None:
        node, layer = _lookup(self.layers, *keys)
        if node is None or layer is None:
            return None
        if not isinstance(node, YStr):
            self.diags.error(node.loc, f"'{': '.join(keys)}' must be a file name")
            return None
        return asset_path(node, layer.folder, ": ".join(keys), kinds, self.diags)

    def color(self, key: str, default: str) -> str:
        value = self.text("colors", key)
        if value is None:
            return default
        node, _ = _lookup(self.layers, "colors", key)
        if not _HEX.match(value):
            self.diags.error(node.loc, f"colour '{key}' is '{value}'", "write it as #RRGGBB, for example #1F4E79")
            return default
        return value.upper()

    def family(self, role: str) -> Family:
        name = self.text("fonts", role, "family", default="Arial") or "Arial"
        bundled = bundled_files(name)
        files = {}
        for style in ("regular", "bold", "italic", "bold_italic"):
            path = self.asset("fonts", role, style, kinds=("ttf",))
            if path is not None:
                files[style] = path
        if "regular" in files:
            for style in ("bold", "italic", "bold_italic"):
                files.setdefault(style, None)
            return Family(name, FontFiles(**files))
        if files:
            node, _ = _lookup(self.layers, "fonts", role)
            self.diags.error(node.loc, f"'fonts: {role}' names style files but no 'regular' file",
                             "add 'regular: fonts/YourFont-Regular.ttf'")
        if bundled is None:
            node, _ = _lookup(self.layers, "fonts", role, "family")
            self.diags.error(node.loc if node is not None else self.layers[0].tree.loc,
                             f"deckgen has no metrics for the font '{name}'",
                             "add its .ttf files under 'fonts: " + role + ":' (regular, bold, italic, bold_italic), "
                             "or use Arial, Calibri, Cambria or Times New Roman")
            bundled = bundled_files("Arial")
        return Family(name, bundled)  # type: ignore[arg-type]


def asset_path(node: YStr, folder: Path, key: str, kinds: tuple[str, ...], diags: Diagnostics) -> Path | None:
    """Resolves an asset inside its theme folder; paths that leave it are errors."""
    raw = str(node).strip()
    if not raw:
        diags.error(node.loc, f"'{key}' is empty", "name a file in the theme folder")
        return None
    rel = Path(raw)
    if rel.is_absolute() or raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or ".." in rel.parts:
        diags.error(node.loc, f"'{key}' points outside the theme folder: {raw}",
                    "copy the file into the theme folder and name it relative to theme.yaml")
        return None
    path = folder / rel
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except OSError:
        inside = False
    if not inside:
        diags.error(node.loc, f"'{key}' leads outside the theme folder (through a link): {raw}",
                    "copy the file itself into the theme folder")
        return None
    if not path.is_file():
        diags.error(node.loc, f"'{key}': file not found: {raw}", f"put the file in {folder}")
        return None
    if path.suffix.lower().lstrip(".") not in kinds:
        diags.error(node.loc, f"'{key}' must be a {' or '.join('.' + k for k in kinds)} file, not {path.suffix or raw}",
                    "convert it first" if "png" in kinds else None)
        return None
    return path


def load(name_or_dir: str | Path, project: Path | None = None, *, allow_low_contrast: bool = False
         ) -> tuple[Theme, list[Diagnostic]]:
    """Loads a theme by name or folder, with its parents; raises DeckgenError with every problem."""
    folder = locate(str(name_or_dir), project)
    diags = Diagnostics()
    layers = _read_chain(folder, project, diags)
    r = _ThemeReader(layers, diags)
    r.validate_keys()
    d = DeckSettings()
    colors = Colors(
        background=r.color("background", "#FFFFFF"), text=r.color("text", "#1A1A1A"),
        primary=r.color("primary", "#1F4E79"), accent=r.color("accent", "#C55A11"),
        muted=r.color("muted", "#595959"), surface=r.color("surface", "#F2F2F2"),
        on_primary=r.color("on_primary", "#FFFFFF"))
    for needed in ("background", "text", "primary", "accent"):
        if r.text("colors", needed) is None:
            diags.error(layers[0].tree.loc, f"the theme needs a '{needed}' colour",
                        f"add it under 'colors:', for example {needed}: \"#1F4E79\"")
    layout_node, _ = _lookup(layers, "deck", "layouts")
    layouts = {str(k): str(v) for k, v in layout_node.items()} if isinstance(layout_node, YMap) else {}
    deck = DeckSettings(
        slide_size=r.choice("deck", "slide_size", options=tuple(SLIDE_SIZES), default=d.slide_size),
        title_size=r.number("deck", "title_size", default=d.title_size, low=12, high=96),
        title_min=r.number("deck", "title_min", default=d.title_min, low=12, high=96),
        body_size=r.number("deck", "body_size", default=d.body_size, low=10, high=72),
        body_min=r.number("deck", "body_min", default=d.body_min, low=10, high=72),
        question_size=r.number("deck", "question_size", default=d.question_size, low=12, high=96),
        question_min=r.number("deck", "question_min", default=d.question_min, low=12, high=96),
        figure_size=r.number("deck", "figure_size", default=d.figure_size, low=20, high=160),
        qa_layout=r.choice("deck", "qa_layout", options=("separate", "combined"), default=d.qa_layout),
        layouts=layouts,
        footer=r.choice("deck", "footer", options=("yes", "no"), default="yes") == "yes")
    for small, big in (("body_min", "body_size"), ("title_min", "title_size"), ("question_min", "question_size")):
        if getattr(deck, small) > getattr(deck, big):
            node, _ = _lookup(layers, "deck", small)
            diags.error(getattr(node, "loc", layers[0].tree.loc),
                        f"'deck: {small}' ({getattr(deck, small):g}) is larger than '{big}' ({getattr(deck, big):g})")
    h = HandoutSettings()
    handout = HandoutSettings(
        paper=r.choice("handout", "paper", options=("A4", "letter"), default=h.paper),
        margin_mm=r.number("handout", "margin_mm", default=h.margin_mm, low=10, high=40),
        body_size=r.number("handout", "body_size", default=h.body_size, low=7, high=16),
        heading_size=r.number("handout", "heading_size", default=h.heading_size, low=8, high=30),
        title_size=r.number("handout", "title_size", default=h.title_size, low=12, high=48))
    c = CardSettings()
    cards = CardSettings(
        question_size=r.number("cards", "question_size", default=c.question_size, low=8, high=40),
        question_min=r.number("cards", "question_min", default=c.question_min, low=7, high=40),
        answer_size=r.number("cards", "answer_size", default=c.answer_size, low=6, high=24),
        answer_min=r.number("cards", "answer_min", default=c.answer_min, low=6, high=24))
    logo = r.asset("logo", "file", kinds=("png", "jpg", "jpeg"))
    if logo is not None:
        from deckgen.images import check_image

        node, _ = _lookup(layers, "logo", "file")
        check_image(logo, node.loc, diags, MAX_IMAGE_PIXELS)
    theme = Theme(
        name=r.text("name", default=folder.name) or folder.name,
        description=r.text("description", default="") or "",
        path=folder, colors=colors, heading=r.family("heading"), body=r.family("body"),
        logo=logo, logo_alt=r.text("logo", "alt", default="") or "",
        template=r.asset("template", kinds=("pptx", "potx")),
        deck=deck, handout=handout, cards=cards, chain=tuple(layer.file for layer in layers))
    if logo is not None and not theme.logo_alt:
        node, _ = _lookup(layers, "logo")
        diags.error(node.loc, "the logo needs alt text", "add 'alt: \"Logo of …\"' under 'logo:'")
    from deckgen.contrast import check_theme

    check_theme(theme, layers[0].file, diags, allow_low_contrast)
    diags.raise_if_errors()
    return theme, diags.warnings
