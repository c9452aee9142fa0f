"""Themes: folders of data (theme.yaml, fonts, logo, template) that give the outputs their look.

A theme may `extends:` another; mappings merge key by key, child over parent, and every
asset path is resolved in the folder of the theme that names it and must stay inside it.
Loading is as strict as the content's, and colours are checked for WCAG contrast.
"""

from __future__ import annotations

import re
from pathlib import Path

from deckgen.content.strictyaml import YMap, YStr, load_file
from deckgen.errors import Diagnostic, Diagnostics, Location, fail
from deckgen.theming.assets import (
    check_template_file,
    has_theme,
    path_problem,
)
from deckgen.theming.model import (
    COLOR_KEYS,
    DISCUSSION_STYLES,
    QA_STARTS,
    SLIDE_SIZES,
    CardSettings,
    Colors,
    DeckSettings,
    HandoutSettings,
    Theme,
    default_body_min,
)
from deckgen.theming.reader import Layer, ThemeReader, lookup

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

def _themes_found(project: Path | None) -> str:
    return "themes found: " + (", ".join(available(project)) or "none")


def _read_chain(folder: Path, project: Path | None, diags: Diagnostics) -> list[Layer]:
    layers: list[Layer] = []
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
        layers.append(Layer(current, file, tree))
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
    r = ThemeReader(layers, diags, decode_images)
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
            node, layer = lookup(layers, block, key)
            if node is None and block == "print_colors":
                node, layer = lookup(layers, "colors", key)
            if node is not None and layer is not None:
                locations[key], depths[key] = node.loc, layers.index(layer)
        if block == "colors" or theme.print_colors != theme.colors:
            check_theme(theme, layers[0].file, diags, allow_low_contrast, locations, depths, block)
    diags.raise_if_errors()
    return theme, diags.warnings


REQUIRED_COLORS = ("background", "text", "primary", "accent")


def _logo(r: ThemeReader, diags: Diagnostics) -> tuple[Path | None, str]:
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


