"""`deckgen themes new`: a theme folder to edit, from the default theme or an organisation's template.

Without a template the new theme.yaml spells out every key of the default theme, with a
comment on each, and copies its logo as a placeholder. With `--from TEMPLATE` the template
is copied in and its brand is read from it: the heading and body fonts of its font scheme
and the colours of its colour scheme, so that handouts and cards match the slides. Colours
that would fail the contrast check are darkened (or lightened) just enough, and the file
says so. The folder is written complete or not at all, and is checked by loading it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.errors import DeckgenError, Diagnostic, Location, fail, first_hidden, hidden, visible
from deckgen.text.fonts import bundled_files
from deckgen.theming.contrast import BODY, LARGE, luminance, ratio, readable_choice
from deckgen.theming.load import THEME_NAME, available, load
from deckgen.theming.model import DEFAULT_THEME, MAX_FAMILY, Theme


@dataclass
class Brand:
    """What a template says about its organisation's look."""

    heading_font: str = "Arial"
    body_font: str = "Arial"
    scheme: dict[str, str] = field(default_factory=dict)  # slot -> #RRGGBB
    layouts: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # what was read but could not be used


def read_brand(template: Path) -> Brand:
    """Fonts, colour scheme and layout names of a template; refuses one deckgen cannot use."""
    from deckgen.renderers.deck import ooxml  # python-pptx is imported only here, and only with --from
    from deckgen.renderers.deck import template as tpl
    from deckgen.renderers.slidexml.layouts import choose

    prs, _ = tpl.open_template(template)  # clear errors for broken, old or disguised files
    infos = tpl.layouts(prs)
    if choose(infos, "content", int(prs.slide_height)) is None:
        raise fail(Location(str(template)), "no layout of the template can be used (the template has no layouts, "
                   "or only layouts with vertical text)",
                   "add a 'Title and Content' layout to the slide master, or use another template")
    from deckgen.renderers.deck.template import text_background
    from deckgen.renderers.slidexml.colours import background

    where = Location(str(template))
    warnings: list[Diagnostic] = []
    skipped: list[tuple[str, str]] = []
    scheme = ooxml.theme_colors(prs, skipped)
    for slot, value in skipped:
        warnings.append(Diagnostic("warning", f"the template's colour {slot} is '{value}', not six hex digits: "
                                   "skipped", where, "the theme takes its colours from the template's other "
                                   "colours; check them in theme.yaml"))
    content = choose(infos, "content", int(prs.slide_height))
    # the colour the slides are really drawn on where their text goes (a picture, a gradient, a panel:
    # the build's own reading, renderers/slidexml/backdrop.py), not only bg1
    scheme["background"] = text_background(prs, content, scheme) or background(
        tpl.layout_objects(prs)[content.layout.index], scheme)
    fonts = []
    for role, name in zip(("heading", "body"), ooxml.theme_fonts(prs)):
        name = (name or "").strip()
        if name and (first_hidden(name) is not None or len(name) > MAX_FAMILY):
            warnings.append(Diagnostic("warning", f"the template's {role} font name '{name}' is not a printable "
                                       f"font name: Arial is used instead", where,
                                       "set 'family' under 'fonts:' in theme.yaml to the font you mean"))
            name = ""
        fonts.append(name or "Arial")
    return Brand(fonts[0], fonts[1], scheme, [info.name for info in infos], warnings)


# --- colours ----------------------------------------------------------------------------

def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


def mix(a: str, b: str, amount: float) -> str:
    """a moved `amount` (0..1) of the way towards b."""
    return _hex(tuple(x + (y - x) * amount for x, y in zip(_rgb(a), _rgb(b))))


def readable(color: str, against: str, minimum: float) -> str:
    """color, darkened or lightened (away from `against`) in small steps until it reaches minimum:1."""
    if ratio(color, against) >= minimum:
        return color
    towards = "#000000" if ratio("#000000", against) >= ratio("#FFFFFF", against) else "#FFFFFF"
    for step in range(1, 21):
        candidate = mix(color, towards, step / 20)
        if ratio(candidate, against) >= minimum:
            return candidate
    return towards


def _readable_on(color: str, backgrounds: tuple[str, ...], minimum: float) -> str:
    """color made readable (minimum:1) on every one of a few similar backgrounds."""
    for _ in range(3):
        for against in backgrounds:
            color = readable(color, against, minimum)
    return color


def _saturation(color: str) -> int:
    r, g, b = _rgb(color)
    return max(r, g, b) - min(r, g, b)


def brand_colors(scheme: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """deckgen's colours from a template's scheme, each passing its contrast check; notes on changes."""
    notes: list[str] = []
    scheme = dict(scheme)
    for role, usual in (("bg1", "lt1"), ("tx1", "dk1"), ("bg2", "lt2"), ("tx2", "dk2")):
        if usual in scheme:
            scheme.setdefault(role, scheme[usual])  # the slide master's colour map, when not given
    background = scheme.get("background") or scheme.get("bg1", "#FFFFFF")
    text = scheme.get("tx1", "#000000")
    if ratio(text, background) < BODY:  # the build's own choice (theming.contrast.readable_choice)
        text = readable_choice(scheme, [background], BODY)[1]
        notes.append(f"text: the template's text colour {scheme.get('tx1')} is hard to read on its background "
                     f"{background}; {text} is used")

    def pick(slots: tuple[str, ...], minimum: float, role: str, avoid: str | None = None) -> str:
        present = [(s, scheme[s]) for s in slots if s in scheme and scheme[s] != avoid]
        colourful = [(s, c) for s, c in present if _saturation(c) > 40] or present
        for slot, color in colourful:
            if ratio(color, background) >= minimum:
                first, first_color = colourful[0]
                if slot != first:
                    notes.append(f"{role}: the template's {first} {first_color} has contrast "
                                 f"{ratio(first_color, background):.2f}:1 on {background}; its {slot} {color} is used")
                return color
        if not colourful:
            return text
        slot, color = colourful[0]
        fixed = readable(color, background, minimum)
        notes.append(f"{role}: the template's {slot} {color} has contrast {ratio(color, background):.2f}:1 on "
                     f"{background}; {fixed} is the same colour made readable ({minimum:g}:1)")
        return fixed

    primary = pick(("tx2", "accent1", "accent5", "accent2"), BODY, "primary")
    accent = pick(("accent2", "accent1", "accent4", "accent3", "accent6", "accent5"), LARGE, "accent", avoid=primary)
    muted = readable(mix(text, background, 0.35), background, BODY)
    surface = scheme.get("bg2", "")
    if not surface or surface == background or ratio(text, surface) < BODY:
        surface = mix(background, primary, 0.08)
    if ratio(accent, surface) < LARGE:  # a discussion question is drawn in accent on a surface panel
        fixed = _readable_on(accent, (surface, background), LARGE)
        notes.append(f"accent: {accent} has contrast {ratio(accent, surface):.2f}:1 on the panel colour {surface}; "
                     f"{fixed} is the same colour made readable on both ({LARGE:g}:1)")
        accent = fixed
    on_primary = max(("#FFFFFF", "#000000"), key=lambda c: ratio(c, primary))
    if luminance(background) < 0.8:  # a dark or coloured template: paper stays white
        paper = "#FFFFFF"
        ink = "#1A1A1A"
        paper_primary = readable(primary, paper, BODY)
        panel = mix(paper, paper_primary, 0.08)
        print_colors = {"background": paper, "text": ink, "primary": paper_primary,
                        "accent": _readable_on(accent, (paper, panel), LARGE),
                        "muted": readable(mix(ink, paper, 0.35), paper, BODY), "surface": panel, "on_primary": "#FFFFFF"}
        print_colors["on_primary"] = max(("#FFFFFF", "#000000"), key=lambda c: ratio(c, print_colors["primary"]))
        notes.append(f"the template's background {background} is dark or coloured: the handout and cards print "
                     "dark on white paper (print_colors)")
    else:
        print_colors = {}
    return {"background": background, "text": text, "primary": primary, "accent": accent, "muted": muted,
            "surface": surface, "on_primary": on_primary, "print": print_colors}, notes


# --- writing ----------------------------------------------------------------------------

def _q(text: str) -> str:
    """A YAML double-quoted scalar that reads back as text, whatever text holds.

    JSON's quoting is not enough: it leaves U+2028, U+0085 and other characters raw that
    YAML reads as line breaks or refuses; each of those is written as an escape here."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or char in "\u2028\u2029\ufeff" \
                or code in (0xFFFE, 0xFFFF) or hidden(char):
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF
                       else f"\\U{code:08X}")
        else:
            out.append(char)
    return "".join(out) + '"'


def _font_lines(role: str, family: str, fallback: str) -> list[str]:
    if bundled_files(family) is not None:
        return [f"  {role}:", f"    family: {_q(family)}"]
    return [f"  {role}:",
            f"    # The template's {role} font is '{visible(family)}', for which deckgen ships no metrics. To use it in",
            "    # handouts and cards too, copy its TrueType files into fonts/ and write instead:",
            f"    #   family: {_q(family)}",
            f"    #   regular: {_q('fonts/' + family.replace(' ', '') + '-Regular.ttf')}   (and bold, italic, bold_italic)",
            f"    family: {_q(fallback)}"]


def _yaml(name: str, description: str, base: Theme, colors: dict[str, str], color_notes: list[str],
          font_lines: list[str], logo_lines: list[str], template_lines: list[str]) -> str:
    d, h, c = base.deck, base.handout, base.cards
    lines = [
        f"# Theme '{name}'. Every key is explained in deckgen's README (Themes). Values left out",
        "# come from the theme named by 'extends'. Check your edits with: deckgen themes check <this folder>",
        f"name: {_q(name)}",
        f"description: {_q(description)}",
        f"extends: {_q(DEFAULT_THEME)}",
        *template_lines,
        "# Colours as #RRGGBB, in quotes. Text colours must stay readable on their backgrounds",
        "# (WCAG 2.1 AA: 4.5:1 for text, 3:1 for large headings and key figures).",
        *[f"# {note}" for note in color_notes],
        "colors:",
        f"  background: {_q(colors['background'])}   # page and slide background",
        f"  text: {_q(colors['text'])}         # body text",
        f"  primary: {_q(colors['primary'])}      # headings, bands and lines",
        f"  accent: {_q(colors['accent'])}       # key figures and highlights",
        f"  muted: {_q(colors['muted'])}        # footers, captions, page numbers",
        f"  surface: {_q(colors['surface'])}      # call-out boxes",
        f"  on_primary: {_q(colors['on_primary'])}   # text on primary-coloured bands",
        *(["print_colors:                # the handout and cards: dark on white paper"]
          + [f"  {k}: {_q(v)}" for k, v in colors["print"].items()] if colors.get("print") else []),
        "# Fonts: 'family' is the name the deck uses; deckgen measures text and embeds it in PDFs with",
        "# its bundled metric twins (Arial, Calibri, Cambria, Times New Roman) or the .ttf files named here.",
        "fonts:",
        *font_lines,
        *logo_lines,
        "deck:",
        f"  slide_size: {_q(d.slide_size)}     # 16:9, 4:3 or 16:10 (a template's own size wins)",
        f"  title_size: \"{d.title_size:g}\"        # preferred title size in points ...",
        f"  title_min: \"{d.title_min:g}\"         # ... and the smallest it may shrink to",
        f"  body_size: \"{d.body_size:g}\"",
        f"  body_min: \"{d.body_min:g}\"",
        f"  question_size: \"{d.question_size:g}\"",
        f"  question_min: \"{d.question_min:g}\"",
        f"  figure_size: \"{d.figure_size:g}\"       # key figures",
        f"  qa_layout: {_q(d.qa_layout)}   # separate (qa: answers: decides) or combined (each answer after its question)",
        f"  discussion: {_q(d.discussion)}   # how a discussion slide sets its question apart: band, panel or rules",
        f"  footer: \"{'yes' if d.footer else 'no'}\"            # date, title and slide number (not on the title slide)",
        "handout:",
        f"  paper: {_q(h.paper)}              # A4 or letter",
        f"  margin_mm: \"{h.margin_mm:g}\"",
        f"  body_size: \"{h.body_size:g}\"",
        f"  heading_size: \"{h.heading_size:g}\"",
        f"  title_size: \"{h.title_size:g}\"",
        "cards:",
        f"  question_size: \"{c.question_size:g}\"",
        f"  question_min: \"{c.question_min:g}\"",
        f"  answer_size: \"{c.answer_size:g}\"",
        f"  answer_min: \"{c.answer_min:g}\"",
        ""]
    return "\n".join(lines)


def new_theme(name: str, parent: Path, template: Path | None = None,
              warnings: list[Diagnostic] | None = None) -> Path:
    """Creates parent/name: a theme that `deckgen themes check` accepts, ready to edit.

    What the template holds that could not be used (a colour that is not hex, a font name
    with control characters) is added to `warnings`."""
    if not THEME_NAME.match(name):
        raise fail(Location(name), "a theme name may hold letters, digits, '-' and '_' only (at most 64)",
                   "for example: my-organisation")
    folder = parent / name
    if folder.exists() or folder.is_symlink():
        raise fail(Location(str(folder)), "that folder exists already; nothing was changed",
                   "choose another name or delete the folder")
    base, _ = load(available(None)[DEFAULT_THEME], None, allow_low_contrast=True)
    brand = read_brand(template) if template is not None else None  # refuses a bad template first
    if brand is not None and warnings is not None:
        warnings.extend(brand.warnings)
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        if brand is None:
            colors = {k: getattr(base.colors, k) for k in ("background", "text", "primary", "accent", "muted",
                                                             "surface", "on_primary")}
            notes: list[str] = []
            fonts = _font_lines("heading", base.heading.name, "Arial") + _font_lines("body", base.body.name, "Arial")
            template_lines: list[str] = []
            logo_lines = ["logo:"]
            if base.logo is not None:
                shutil.copyfile(base.logo, staging / ("logo" + base.logo.suffix.lower()))
                logo_lines += [f"  file: {_q('logo' + base.logo.suffix.lower())}   # PNG or JPEG in this folder: "
                               "replace it with yours", f"  alt: {_q(base.logo_alt or 'Logo')}"]
            else:
                logo_lines = ["logo: none   # or: file: \"logo.png\" and alt: \"Logo of …\" on two indented lines"]
            description = f"{name}: started from the default theme"
        else:
            assert template is not None
            target = "template" + template.suffix.lower()
            shutil.copyfile(template, staging / target)
            colors, notes = brand_colors(brand.scheme)
            if notes:
                notes.insert(0, "Colours read from the template's colour scheme, adjusted where needed:")
            else:
                notes = ["Colours read from the template's colour scheme (its slides keep their own)."]
            fonts = _font_lines("heading", brand.heading_font, "Arial") + _font_lines("body", brand.body_font, "Arial")
            template_lines = [
                f"template: {_q(target)}   # the deck uses its slide master, layouts, colours and fonts",
                "# Its layouts: " + ", ".join(f"'{visible(n)}'" for n in brand.layouts) + ".",
                "# deckgen picks them by their placeholders; to force one, add under deck:",
                "#   layouts:",
                "#     content: \"<layout name>\"   (also title, section, question, figure, closing)"]
            logo_lines = ["# The template's slide master usually carries the logo. To add one to the title slide,",
                          "# handout and cards, put a PNG here and write instead: logo: / file: \"logo.png\" /",
                          "#   alt: \"Logo of …\" (file and alt indented under logo:)",
                          "logo: none"]
            description = f"{name}: from the template {template.name}"
        (staging / "theme.yaml").write_text(
            _yaml(name, description, base, colors, notes, fonts, logo_lines, template_lines), encoding="utf-8")
        try:
            load(staging, None)
        except DeckgenError as exc:  # a bug here, not the user's: say so, keep nothing
            raise DeckgenError([Diagnostic("error", "deckgen wrote a theme it cannot load (please report this): "
                                           + d.message, d.location, d.hint) for d in exc.errors]) from None
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
