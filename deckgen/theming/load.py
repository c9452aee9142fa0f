"""Themes: folders of data (theme.yaml, fonts, logo, template) that give the outputs their look.

A theme may `extends:` another; mappings merge key by key, child over parent, and every
asset path is resolved in the folder of the theme that names it and must stay inside it.
Loading is as strict as the content's, and colours are checked for WCAG contrast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from deckgen.content.schema import check_keys, expect
from deckgen.content.strictyaml import YMap, YStr, load_file
from deckgen.errors import Diagnostic, Diagnostics, Location, fail, first_hidden
from deckgen.text.fonts import Family, FontFiles, bundled_files
from deckgen.theming.assets import (
    asset_path,
    check_family_name,
    check_font,
    check_template_file,
    has_theme,
    path_problem,
    shown,
)
from deckgen.theming.model import (
    CARDS_KEYS,
    COLOR_KEYS,
    DECK_KEYS,
    DISCUSSION_STYLES,
    FONT_KEYS,
    FONT_ROLES,
    HANDOUT_KEYS,
    HEX_COLOR,
    LAYOUT_KINDS,
    LOGO_KEYS,
    MAX_FAMILY,
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    NUMBER,
    QA_STARTS,
    SLIDE_SIZES,
    TOP_KEYS,
    CardSettings,
    Colors,
    DeckSettings,
    HandoutSettings,
    Theme,
    default_body_min,
)

# The built-in themes: in the installed package (a wheel), or at the top of a source checkout.
BUILTIN_DIRS = (Path(__file__).parents[1] / "themes", Path(__file__).parents[2] / "themes")



def decode_images(theme: Theme) -> list[Diagnostic]:
    """Decodes the images load() left pending; raises DeckgenError if one is broken."""
    if not theme.pending_images:
        return []
    from deckgen.content.images import decode_check

    diags = Diagnostics()
    for key, path, loc in theme.pending_images:
        decode_check(path, loc, diags, key)
    diags.raise_if_errors()
    return diags.items


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
            if child.name.startswith("."):  # hidden, or a theme `deckgen themes new` is still writing
                continue
            if has_theme(child) and child.name not in found:
                found[child.name] = child
    return found


def locate(name_or_dir: str, project: Path | None = None) -> Path:
    """A theme folder from a name or a path, or an error listing the themes found."""
    as_path = Path(name_or_dir)
    if has_theme(as_path):
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


def _themes_found(project: Path | None) -> str:
    return "themes found: " + (", ".join(available(project)) or "none")


def _read_chain(folder: Path, project: Path | None, diags: Diagnostics) -> list[_Layer]:
    layers: list[_Layer] = []
    seen: list[Path] = []
    current: Path | None = folder
    while current is not None:
        file = current / "theme.yaml"
        if current.resolve() in seen:
            names = " -> ".join(p.name for p in seen + [current.resolve()])
            previous = layers[-1]
            node = previous.tree.get("extends")
            raise fail(getattr(node, "loc", Location(str(previous.file))),
                       f"themes extend each other in a circle: {names}",
                       "one of them must not have 'extends'; " + _themes_found(project))
        seen.append(current.resolve())
        tree = load_file(file)
        if not isinstance(tree, YMap):
            raise fail(getattr(tree, "loc", Location(str(file))), "theme.yaml must be a list of 'key: value' lines")
        layers.append(_Layer(current, file, tree))
        parent = tree.get("extends")
        if parent is None:
            current = None
        elif not isinstance(parent, YStr) or not parent.strip():
            raise fail(getattr(parent, "loc", tree.loc), "'extends' must be the name of a theme",
                       _themes_found(project))
        else:
            current = _find_parent(parent, current, project)
    return layers


def _find_parent(name: YStr, child: Path, project: Path | None) -> Path:
    """The folder of the theme `extends:` names: a sibling, a project or built-in theme, or a path."""
    raw = str(name).strip()
    if (problem := path_problem(raw)) is not None:
        raise fail(name.loc, f"'extends' {problem[0]}", "name a theme, or a theme folder relative to this one")
    if "/" in raw or "\\" in raw:  # a folder, relative to the theme that names it
        target = child / raw
        if has_theme(target):
            return target
        raise fail(name.loc, f"'extends: {raw}' names no theme folder (no {target / 'theme.yaml'})",
                   _themes_found(project))
    sibling = child.parent / raw
    if has_theme(sibling) and sibling.resolve() != child.resolve():
        return sibling
    themes = available(project)
    if raw in themes and themes[raw].resolve() != child.resolve():
        return themes[raw]
    for folder in search_path(None):  # a project theme may extend the built-in one it shadows
        if has_theme(folder / raw) and (folder / raw).resolve() != child.resolve():
            return folder / raw
    if raw in themes or raw == child.name:
        return child  # it names itself: reported as a circle
    import difflib

    close = difflib.get_close_matches(raw, list(themes), n=1)
    raise fail(name.loc, f"'extends: {raw}' names no theme that was found",
               (f"did you mean '{close[0]}'? " if close else "") + _themes_found(project))


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
    def __init__(self, layers: list[_Layer], diags: Diagnostics, decode_images: bool = True):
        self.layers = layers
        self.diags = diags
        self._reported: set[tuple[Location, str]] = set()
        self.decode_images = decode_images
        self.pending_images: list[tuple[str, Path, Location]] = []

    def image(self, path: Path, loc: Location, key: str) -> bool:
        """Checks an image (decoded now, or left pending for decode_images()); False if it is refused."""
        from deckgen.content.images import check_image

        if check_image(path, loc, self.diags, MAX_IMAGE_PIXELS, MAX_IMAGE_BYTES, key=key,
                       decode=self.decode_images) is None:
            return False
        if not self.decode_images:
            self.pending_images.append((key, path, loc))
        return True

    @property
    def root(self) -> Location:
        return self.layers[0].tree.loc

    def error(self, loc: Location, message: str, hint: str | None = None) -> None:
        """Records an error once (a value read twice is reported once)."""
        if (loc, message) in self._reported:
            return
        self._reported.add((loc, message))
        self.diags.error(loc, message, hint)

    def validate_keys(self) -> None:
        for layer in self.layers:
            tree = layer.tree
            check_keys(tree, TOP_KEYS, (), "theme.yaml", self.diags)
            for key, allowed, what in (("colors", COLOR_KEYS, "'colors'"),
                                       ("print_colors", COLOR_KEYS, "'print_colors'"), ("logo", LOGO_KEYS, "'logo'"),
                                       ("deck", DECK_KEYS, "'deck'"), ("handout", HANDOUT_KEYS, "'handout'"),
                                       ("cards", CARDS_KEYS, "'cards'"), ("fonts", FONT_ROLES, "'fonts'")):
                if key not in tree:
                    continue
                if key == "logo" and isinstance(tree[key], YStr):
                    continue  # 'logo: none', or a mistake that _logo explains
                if expect(tree[key], YMap, what, self.diags, tree.key_locs[key]) is not None:
                    check_keys(tree[key], allowed, (), what, self.diags)
            fonts = tree.get("fonts")
            if isinstance(fonts, YMap):
                for role in FONT_ROLES:
                    if role in fonts and expect(fonts[role], YMap, f"'fonts: {role}'", self.diags,
                                                fonts.key_locs[role]):
                        check_keys(fonts[role], FONT_KEYS, (), f"'fonts: {role}'", self.diags)
            deck = tree.get("deck")
            if isinstance(deck, YMap) and "layouts" in deck:
                layouts = expect(deck["layouts"], YMap, "'deck: layouts'", self.diags, deck.key_locs["layouts"])
                if layouts is not None:
                    check_keys(layouts, LAYOUT_KINDS, (), "'deck: layouts'", self.diags)
                    for kind, value in layouts.items():
                        if expect(value, YStr, f"'deck: layouts: {kind}'", self.diags, layouts.key_locs[kind]) \
                                and (char := first_hidden(value)) is not None:
                            self.error(value.loc, f"the layout name 'deck: layouts: {kind}' contains the invisible "
                                       f"character U+{ord(char):04X}", "write the layout's name as "
                                       "'deckgen inspect' lists it")

    def node(self, *keys: str):
        return _lookup(self.layers, *keys)[0]

    def text(self, *keys: str, default: str | None = None) -> str | None:
        node = self.node(*keys)
        if node is None:
            return default
        if not isinstance(node, YStr):
            self.error(node.loc, f"'{': '.join(keys)}' must be text", "put the text in quotes on the same line")
            return default
        return str(node)

    def number(self, *keys: str, default: float, low: float, high: float) -> float:
        node = self.node(*keys)
        if node is None:
            return default
        if not isinstance(node, YStr) or not NUMBER.match(node.strip()):
            self.error(node.loc, f"'{': '.join(keys)}' is '{shown(node)}'; it must be a number",
                       f"write the number alone (points or millimetres), for example {default:g}")
            return default
        value = float(node)
        if not low <= value <= high:
            self.error(node.loc, f"'{': '.join(keys)}' is {value:g}; it must lie between {low:g} and {high:g}")
            return default
        return value

    def choice(self, *keys: str, options: tuple[str, ...], default: str) -> str:
        node = self.node(*keys)
        if node is None:
            return default
        value = str(node).strip() if isinstance(node, YStr) else None
        matches = [o for o in options if value is not None and o.lower() == value.lower()]
        if not matches:
            self.error(node.loc, f"'{': '.join(keys)}' is '{shown(node)}'", "choose one of: " + ", ".join(options))
            return default
        return matches[0]

    def asset(self, *keys: str, kinds: tuple[str, ...]) -> Path | None:
        node, layer = _lookup(self.layers, *keys)
        if node is None or layer is None:
            return None
        if not isinstance(node, YStr):
            self.error(node.loc, f"'{': '.join(keys)}' must be a file name")
            return None
        return asset_path(node, layer.folder, ": ".join(keys), kinds, self.diags)

    def color(self, key: str, default: str, block: str = "colors") -> str:
        node = self.node(block, key)
        if node is None:
            return default
        value = self.text(block, key)
        if value is None:
            return default
        if not HEX_COLOR.match(value.strip()):
            self.error(node.loc, f"colour '{key}' is '{value}'", "write it as #RRGGBB, for example \"#1F4E79\" "
                       "(in quotes: YAML reads an unquoted # as the start of a comment)")
            return default
        return value.strip().upper()

    def family(self, role: str) -> Family:
        name = (self.text("fonts", role, "family", default="Arial") or "Arial").strip()
        if (char := first_hidden(name)) is not None or len(name) > MAX_FAMILY:
            what = f"contains the invisible character U+{ord(char):04X}" if char else \
                f"is {len(name)} characters long (at most {MAX_FAMILY})"
            self.error(self.node("fonts", role, "family").loc, f"the font name 'fonts: {role}: family' {what}",
                       "a font family is a printable name, for example \"Calibri\"")
            name = "Arial"
        files: dict[str, Path] = {}
        for style in STYLES:
            path = self.asset("fonts", role, style, kinds=("ttf",))
            if path is not None and check_font(path, self.node("fonts", role, style).loc, f"fonts: {role}: {style}",
                                               self.diags):
                files[style] = path
        if "regular" in files:
            check_family_name(files["regular"], name, self.node("fonts", role, "regular").loc, role, self.diags)
            if self.node("fonts", role, "bold") is None:  # headings, questions and **strong** are bold
                self.error(self.node("fonts", role).loc, f"'fonts: {role}: bold' is missing; a theme that gives "
                           "its own 'regular' font file must give the bold one too",
                           f"add 'bold: fonts/{name.replace(' ', '')}-Bold.ttf' under 'fonts: {role}:'; headings, "
                           "questions and **strong** text are bold and would otherwise print as regular")
            return Family(name, FontFiles(**files))
        style_nodes = [self.node("fonts", role, s) for s in STYLES[1:]]
        if any(n is not None for n in style_nodes) and self.node("fonts", role, "regular") is None:
            node = self.node("fonts", role)
            self.error(node.loc, f"'fonts: {role}' names style files but no 'regular' file",
                       "add 'regular: fonts/YourFont-Regular.ttf'")
        bundled = bundled_files(name)
        if bundled is None and self.node("fonts", role, "regular") is not None:
            bundled = bundled_files("Arial")  # the regular file's own error says what to do
        if bundled is None:
            node = self.node("fonts", role, "family")
            self.error(node.loc if node is not None else self.root,
                       f"deckgen has no metrics for the font '{name}' ('fonts: {role}: family')",
                       f"add its .ttf files under 'fonts: {role}:' (regular, bold, italic, bold_italic), "
                       "or use Arial, Calibri, Cambria or Times New Roman")
            bundled = bundled_files("Arial")
        return Family(name, bundled)  # type: ignore[arg-type]


STYLES = ("regular", "bold", "italic", "bold_italic")
NO_LOGO = "none"
THEME_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")

def load(name_or_dir: str | Path, project: Path | None = None, *, allow_low_contrast: bool = False,
         decode_images: bool = True) -> tuple[Theme, list[Diagnostic]]:
    """Loads a theme by name or folder, with its parents; raises DeckgenError with every problem.

    decode_images=False checks images by their headers only and leaves the full decode
    (Pillow) to decode_images(), which the build runs in its worker processes.
    """
    folder = locate(str(name_or_dir), project)
    diags = Diagnostics()
    layers = _read_chain(folder, project, diags)
    r = _ThemeReader(layers, diags, decode_images)
    r.validate_keys()
    name = r.text("name", default=folder.name) or folder.name
    if not THEME_NAME.match(name):
        node = r.node("name")
        r.error(node.loc if node is not None else r.root, f"the theme name '{name}' cannot name an output folder",
                "use letters, digits, '-' and '_' only, for example: my-organisation")
        name = "theme"
    colors = Colors(
        background=r.color("background", "#FFFFFF"), text=r.color("text", "#1A1A1A"),
        primary=r.color("primary", "#1F4E79"), accent=r.color("accent", "#C55A11"),
        muted=r.color("muted", "#595959"), surface=r.color("surface", "#F2F2F2"),
        on_primary=r.color("on_primary", "#FFFFFF"))
    # Paper is white and toner costs money: a dark slide theme gives its handout and cards
    # other colours here; every colour not named falls back to the slides' one.
    print_colors = Colors(**{key: r.color(key, getattr(colors, key), "print_colors") for key in COLOR_KEYS})
    for needed in REQUIRED_COLORS:
        if r.node("colors", needed) is None:
            colors_node = r.node("colors")
            r.error(colors_node.loc if isinstance(colors_node, YMap) else r.root,
                    f"the theme needs the colour '{needed}'",
                    f"add it under 'colors:', for example {needed}: \"#1F4E79\"")
    layout_node = r.node("deck", "layouts")
    layouts = {str(k): str(v) for k, v in layout_node.items() if isinstance(v, YStr)} \
        if isinstance(layout_node, YMap) else {}
    d = DeckSettings()
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
        footer=r.choice("deck", "footer", options=("yes", "no"), default="yes") == "yes",
        discussion=r.choice("deck", "discussion", options=DISCUSSION_STYLES, default=d.discussion))
    h = HandoutSettings()
    body_size = r.number("handout", "body_size", default=h.body_size, low=7, high=16)
    handout = HandoutSettings(
        paper=r.choice("handout", "paper", options=("A4", "letter"), default=h.paper),
        margin_mm=r.number("handout", "margin_mm", default=h.margin_mm, low=10, high=40),
        body_size=body_size,
        body_min=r.number("handout", "body_min", default=default_body_min(body_size), low=7, high=16),
        heading_size=r.number("handout", "heading_size", default=h.heading_size, low=8, high=30),
        title_size=r.number("handout", "title_size", default=h.title_size, low=12, high=48),
        qa_start=r.choice("handout", "qa_start", options=QA_STARTS, default=h.qa_start),
        notes_per_page=int(r.choice("handout", "notes_per_page", options=("2", "3"), default=str(h.notes_per_page))))
    c = CardSettings()
    cards = CardSettings(
        question_size=r.number("cards", "question_size", default=c.question_size, low=8, high=40),
        question_min=r.number("cards", "question_min", default=c.question_min, low=7, high=40),
        answer_size=r.number("cards", "answer_size", default=c.answer_size, low=6, high=24),
        answer_min=r.number("cards", "answer_min", default=c.answer_min, low=6, high=24))
    for section, pairs in (("deck", (("body_min", "body_size"), ("title_min", "title_size"),
                                     ("question_min", "question_size"))),
                           ("handout", (("body_min", "body_size"),)),
                           ("cards", (("question_min", "question_size"), ("answer_min", "answer_size")))):
        settings = {"deck": deck, "handout": handout, "cards": cards}[section]
        for small, big in pairs:
            if getattr(settings, small) > getattr(settings, big):
                node = r.node(section, small) or r.node(section, big)
                r.error(node.loc if node is not None else r.root,
                        f"'{section}: {small}' ({getattr(settings, small):g}) is larger than "
                        f"'{big}' ({getattr(settings, big):g})", "the minimum must not exceed the preferred size")
    logo, logo_alt = _logo(r, diags)
    print_logo = logo
    if logo is not None and r.node("logo", "print_file") is not None:
        candidate = r.asset("logo", "print_file", kinds=("png", "jpg", "jpeg"))
        if candidate is not None and r.image(candidate, r.node("logo", "print_file").loc, "logo: print_file"):
            print_logo = candidate
    template = r.asset("template", kinds=("pptx", "potx"))
    if template is not None:
        check_template_file(template, r.node("template").loc, diags)
    theme = Theme(
        name=name, description=(r.text("description", default="") or "").strip(),
        path=folder, colors=colors, print_colors=print_colors, heading=r.family("heading"), body=r.family("body"),
        logo=logo, logo_alt=logo_alt, print_logo=print_logo, template=template,
        deck=deck, handout=handout, cards=cards, chain=tuple(layer.file for layer in layers),
        pending_images=tuple(r.pending_images))
    from deckgen.theming.contrast import check_theme

    for block in ("colors", "print_colors"):
        locations, depths = {}, {}
        for key in COLOR_KEYS:
            node, layer = _lookup(layers, block, key)
            if node is None and block == "print_colors":
                node, layer = _lookup(layers, "colors", key)
            if node is not None and layer is not None:
                locations[key], depths[key] = node.loc, layers.index(layer)
        if block == "colors" or theme.print_colors != theme.colors:
            check_theme(theme, layers[0].file, diags, allow_low_contrast, locations, depths, block)
    diags.raise_if_errors()
    return theme, diags.warnings


REQUIRED_COLORS = ("background", "text", "primary", "accent")


def _logo(r: _ThemeReader, diags: Diagnostics) -> tuple[Path | None, str]:
    """The logo file (checked to be a real PNG or JPEG) and its alt text; `logo: none` means none."""
    node = r.node("logo")
    if isinstance(node, YStr):
        if node.strip().lower() != NO_LOGO:
            r.error(node.loc, f"'logo' is '{node}'", "write 'file:' and 'alt:' under 'logo:', or 'logo: none'")
        return None, ""
    logo = r.asset("logo", "file", kinds=("png", "jpg", "jpeg"))
    alt = r.text("logo", "alt", default="") or ""
    if alt:  # it goes into the deck's XML: cleaned like the content's text
        from deckgen.content.textclean import clean

        alt = " ".join(clean(alt, r.node("logo", "alt").location_at, diags).split())
    if logo is None:
        return None, alt
    if not r.image(logo, r.node("logo", "file").loc, "logo: file"):
        return None, alt
    if not alt:
        where = r.node("logo", "alt")
        if where is None:
            where = r.node("logo")
        r.error(where.loc, "the logo needs alt text ('logo: alt')",
                "add 'alt: \"Logo of …\"' under 'logo:'; screen readers read it out")
    return logo, alt


