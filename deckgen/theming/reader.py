"""A theme's theme.yaml files read as one: the chain of layers `extends:` makes (the nearest that sets a
key wins), its keys checked, and each value read as its type (text, number in range, choice, colour,
asset file, font family) with a `file:line:col` error where it is wrong. Which layers there are, and
the Theme made of their values, are load.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deckgen.content.schema import check_keys, expect
from deckgen.content.strictyaml import YMap, YStr
from deckgen.errors import Diagnostics, Location, first_hidden
from deckgen.text.fonts import Family, FontFiles, bundled_files
from deckgen.theming.assets import asset_path, check_family_name, check_font, shown
from deckgen.theming.model import (
    CARDS_KEYS,
    COLOR_KEYS,
    DECK_KEYS,
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
    TOP_KEYS,
)

STYLES = ("regular", "bold", "italic", "bold_italic")


@dataclass
class Layer:
    """One theme.yaml of the chain, with its folder for resolving assets."""

    folder: Path
    file: Path
    tree: YMap


def lookup(layers: list[Layer], *keys: str) -> tuple[YStr | YMap | None, Layer | None]:
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


class ThemeReader:
    """The values of a theme's merged layers (the nearest that sets a key wins), each read as its type
    and range; a wrong one is an error at its file:line:col, reported once, and the default stands."""

    def __init__(self, layers: list[Layer], diags: Diagnostics, decode_images: bool = True):
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
        return lookup(self.layers, *keys)[0]

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
        node, layer = lookup(self.layers, *keys)
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
