"""Theme loading: built-in themes, inheritance, strictness with exact locations, and the asset rules."""

from __future__ import annotations

import importlib.util
import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

import deckgen
from deckgen.errors import DeckgenError
from deckgen.text.fonts import FONT_DIR
from deckgen.theming import load as theme_mod
from deckgen.theming.load import available, load

BUILTIN_DIR = available(None)["default"].parent  # the repo's themes/, or the installed package's
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "tests" / "data" / "templates"
BUILTIN = ("default", "print", "projector")
FOUND = ", ".join(available(None))  # the built-in themes as error messages list them


def theme(folder: Path, text: str, files: dict[str, bytes] | None = None) -> Path:
    """A theme folder with theme.yaml and extra files (relative paths)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(text, encoding="utf-8")
    for name, data in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def errors_of(folder: Path, project: Path | None = None) -> list[str]:
    with pytest.raises(DeckgenError) as info:
        load(folder, project)
    return [d.format() for d in info.value.errors]


def png(width: int = 4, height: int = 2, body: bool = True) -> bytes:
    """A real PNG (or only its signature and header, claiming any size)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    if not body:
        return head
    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    return head + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 4), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


MINIMAL = '''name: "mini"
description: "A theme with every required key and nothing else"
colors:
  background: "#FFFFFF"
  text: "#111111"
  primary: "#1F4E79"
  accent: "#B85410"
'''


# --- built-in themes --------------------------------------------------------------------

@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_theme_loads_without_warnings(name):
    loaded, warnings = load(name)
    assert loaded.name == name and loaded.description
    assert warnings == []


def test_builtin_themes_are_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # as when deckgen is installed and run elsewhere
    found = available(None)
    assert set(BUILTIN) <= set(found)
    for name in BUILTIN:
        assert found[name].is_absolute() and (found[name] / "theme.yaml").is_file()
        assert load(name)[0].name == name


def test_builtin_dirs_cover_the_installed_and_the_source_layout():
    package = Path(deckgen.__file__).parent  # the installed package: deckgen/themes beside its modules
    assert package / "themes" in theme_mod.BUILTIN_DIRS  # hatch force-include "themes" -> "deckgen/themes"
    assert package.parent / "themes" in theme_mod.BUILTIN_DIRS
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"themes" = "deckgen/themes"' in pyproject


def test_builtin_themes_differ_in_colour_type_and_layout():
    default, projector, printed = (load(n)[0] for n in BUILTIN[0:1] + BUILTIN[2:3] + BUILTIN[1:2])
    assert projector.colors.background == "#111827" and projector.colors.text == "#F9FAFB"
    assert projector.heading.name == "Calibri" and projector.heading.files.regular.name == "Carlito-Regular.ttf"
    assert (projector.deck.body_size, projector.deck.body_min, projector.deck.title_size) == (32, 24, 44)
    assert printed.colors.background == "#FFFFFF"
    assert printed.heading.name == "Cambria" and printed.body.files.regular.name == "Caladea-Regular.ttf"
    assert printed.template == BUILTIN_DIR / "print" / "template.pptx"
    assert projector.template == BUILTIN_DIR / "projector" / "template.pptx" and default.template is None
    assert printed.deck.qa_layout == "separate" == default.deck.qa_layout, "combined only where a theme says so"
    assert (default.deck.discussion, projector.deck.discussion, printed.deck.discussion) == ("band", "panel", "rules")
    assert len({t.colors.background for t in (default, projector)}) == 2
    assert len({t.heading.name for t in (default, projector, printed)}) == 3


def _is_grey(hex_color: str) -> bool:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 8


def test_print_theme_is_black_and_white():
    printed = load("print")[0]
    assert all(_is_grey(getattr(printed.colors, k)) for k in ("background", "text", "primary", "accent", "muted",
                                                            "surface", "on_primary"))
    assert printed.logo is None  # deckgen draws no logo of its own (issue 13)


# --- the templates made by tools/make_templates.py --------------------------------------

def _layouts(path: Path):
    from deckgen.renderers.deck import template as tpl

    prs, dropped = tpl.open_template(path)
    return prs, tpl.layouts(prs), dropped


TEMPLATE_LAYOUTS = {
    "print": ["Titeldia", "Titel en object", "Sectiekop", "Twee objecten", "Alleen titel", "Leeg"],
    "projector": ["Diapositive de titre", "Titre et contenu", "En-tête de section", "Deux contenus", "Titre seul",
                  "Vide"],
}


@pytest.mark.parametrize("name", sorted(TEMPLATE_LAYOUTS))
def test_builtin_templates_are_16_9_with_foreign_layout_names_and_footers(name):
    from deckgen.renderers.deck import ooxml
    from deckgen.renderers.slidexml.layouts import choose

    loaded = load(name)[0]
    path = loaded.template
    assert path.stat().st_size < 200 * 1024
    prs, infos, dropped = _layouts(path)
    assert (round(prs.slide_width / 914400, 2), round(prs.slide_height / 914400, 2)) == (13.33, 7.5)
    assert dropped == 0
    names = TEMPLATE_LAYOUTS[name]
    assert [i.name for i in infos] == names
    for info in infos:
        assert {"dt", "ftr", "sldNum"} <= {p.kind for p in info.placeholders}
        for p in info.placeholders:  # every placeholder lies on the 16:9 slide
            assert p.box.left >= 0 and p.box.left + p.box.width <= prs.slide_width
            assert p.box.top >= 0 and p.box.top + p.box.height <= prs.slide_height
    height = int(prs.slide_height)
    chosen = {kind: choose(infos, kind, height).layout.name for kind in ("title", "content", "section", "figure")}
    assert chosen == {"title": names[0], "content": names[1], "section": names[2], "figure": names[4]}
    assert ooxml.theme_fonts(prs) == (loaded.heading.name, loaded.body.name)
    # the slides (template) and the handout and cards (theme.yaml) share one set of colours
    scheme = ooxml.theme_colors(prs)
    c = loaded.colors
    assert (scheme["bg1"], scheme["tx1"], scheme["tx2"], scheme["accent1"]) == (c.background, c.text, c.primary,
                                                                              c.accent if name == "projector" else
                                                                              scheme["accent1"])
    master = prs.slide_master._element
    assert master.xpath("./p:cSld/p:bg/p:bgPr")  # a master background
    assert len(master.xpath("./p:cSld/p:spTree/p:cxnSp | ./p:cSld/p:spTree/p:sp[p:nvSpPr/p:nvPr/@userDrawn]")) >= 2
    assert master.xpath("./p:txStyles/p:titleStyle/a:lvl1pPr[@algn='l']/a:defRPr[@b='1']")


def test_print_template_is_grey_and_projector_template_is_dark():
    from deckgen.renderers.deck import ooxml

    prs, _, _ = _layouts(ROOT / "themes" / "print" / "template.pptx")
    assert all(_is_grey(c) for c in ooxml.theme_colors(prs).values())
    prs, _, _ = _layouts(ROOT / "themes" / "projector" / "template.pptx")
    clr_map = prs.slide_master._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}clrMap")
    assert (clr_map.get("bg1"), clr_map.get("tx1")) == ("dk1", "lt1")  # a dark master, as PowerPoint makes them


def test_german_potx_is_a_template_with_two_sample_slides():
    path = TEMPLATES / "german.potx"
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml")
    assert b"presentationml.template.main+xml" in types and b"presentation.main+xml" not in types
    prs, infos, dropped = _layouts(path)
    assert dropped == 2
    assert {"Titelfolie", "Titel und Inhalt", "Abschnittsüberschrift", "Nur Titel"} <= {i.name for i in infos}
    assert path.stat().st_size < 200 * 1024


def test_fallback_template_lacks_title_and_content():
    from deckgen.renderers.slidexml.layouts import missing

    prs, infos, _ = _layouts(TEMPLATES / "title-only-blank.pptx")
    assert len(infos) == 2
    assert not any(i.bodies for i in infos)
    assert "title and content" in missing(infos, int(prs.slide_height))


def test_make_templates_is_reproducible(monkeypatch):
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "tools" / "make_templates.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_templates", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    first = module.build(module.print_design(), "x")
    assert first == module.build(module.print_design(), "x")
    assert module.build(module.german_design(), "y", potx=True) == module.build(module.german_design(), "y", potx=True)


# --- inheritance --------------------------------------------------------------------------

def test_child_overrides_key_by_key_and_assets_resolve_in_their_own_folder(tmp_path):
    themes = tmp_path / "themes"
    theme(themes / "base", MINIMAL.replace('"mini"', '"base"') + '''logo:
  file: "brand.png"
  alt: "Base logo"
deck:
  title_size: "40"
  body_size: "30"
''', {"brand.png": png()})
    theme(themes / "child", '''name: "child"
extends: "base"
colors:
  accent: "#8A3B0F"
deck:
  body_size: "26"
''')
    child, _ = load("child", tmp_path)
    assert child.colors.accent == "#8A3B0F" and child.colors.primary == "#1F4E79"
    assert (child.deck.title_size, child.deck.body_size) == (40, 26)
    assert child.logo == themes / "base" / "brand.png" and child.logo_alt == "Base logo"
    assert child.description == "A theme with every required key and nothing else"
    assert child.chain == (themes / "child" / "theme.yaml", themes / "base" / "theme.yaml")


def test_three_levels_and_a_builtin_parent(tmp_path):
    themes = tmp_path / "themes"
    theme(themes / "mid", 'name: "mid"\nextends: "projector"\ndeck:\n  body_size: "30"\n')
    theme(themes / "top", 'name: "top"\nextends: "mid"\ncolors:\n  accent: "#FDE68A"\n')
    top, _ = load("top", tmp_path)
    assert top.colors.background == "#111827" and top.colors.accent == "#FDE68A"
    assert top.deck.body_size == 30 and top.deck.body_min == 24
    assert top.logo is None  # the built-in themes carry no logo (issue 13)
    assert [p.parent.name for p in top.chain] == ["top", "mid", "projector", "default"]


def test_extends_a_folder_relative_to_the_theme(tmp_path):
    theme(tmp_path / "brand" / "base", MINIMAL)
    child = theme(tmp_path / "elsewhere" / "child", 'name: "child"\nextends: "../../brand/base"\n')
    assert load(child)[0].colors.primary == "#1F4E79"


def test_project_theme_shadows_the_builtin_one_and_may_extend_it(tmp_path):
    theme(tmp_path / "themes" / "default", 'name: "default"\nextends: "default"\ncolors:\n  primary: "#0B4F4A"\n')
    assert available(tmp_path)["default"] == tmp_path / "themes" / "default"
    shadow, _ = load("default", tmp_path)
    assert shadow.colors.primary == "#0B4F4A" and shadow.colors.accent == "#B85410"


def test_circle_of_extends_is_an_error_at_the_extends_line_listing_themes(tmp_path):
    themes = tmp_path / "themes"
    theme(themes / "a", 'name: "a"\nextends: "b"\n')
    theme(themes / "b", 'name: "b"\ndescription: "B"\nextends: "a"\n')
    [message] = errors_of(themes / "a", tmp_path)
    assert message.startswith(f"{themes / 'b' / 'theme.yaml'}:3:10: error: themes extend each other in a circle: "
                              "a -> b -> a")
    assert f"themes found: a, b, {FOUND}" in message


def test_a_theme_extending_itself_is_a_circle(tmp_path):
    folder = theme(tmp_path / "themes" / "solo", 'name: "solo"\nextends: "solo"\n')
    [message] = errors_of(folder, tmp_path)
    assert message.startswith(f"{folder / 'theme.yaml'}:2:10: error: themes extend each other in a circle: "
                              "solo -> solo")


def test_unknown_parent_lists_the_themes_found_with_a_did_you_mean(tmp_path):
    folder = theme(tmp_path / "themes" / "x", 'name: "x"\nextends: "projecter"\n')
    [message] = errors_of(folder, tmp_path)
    assert message == (f"{folder / 'theme.yaml'}:2:10: error: 'extends: projecter' names no theme that was found "
                       f"(did you mean 'projector'? themes found: x, {FOUND})")


def test_unknown_parent_folder(tmp_path):
    folder = theme(tmp_path / "x", 'name: "x"\nextends: "../nowhere"\n')
    [message] = errors_of(folder)
    assert message.startswith(f"{folder / 'theme.yaml'}:2:10: error: 'extends: ../nowhere' names no theme folder")
    assert f"themes found: {FOUND}" in message


def test_unknown_theme_name_on_the_command_line_lists_themes(tmp_path):
    with pytest.raises(DeckgenError) as info:
        load("defualt", tmp_path)
    assert info.value.errors[0].format() == ("defualt: error: no theme 'defualt' (no folder with a theme.yaml) "
                                            f"(did you mean 'default'? themes found: {FOUND})")


# --- strictness: every error with its exact location --------------------------------------

def test_misspelt_keys_get_a_did_you_mean_at_their_position(tmp_path):
    folder = theme(tmp_path / "t", '''name: "t"
extends: "default"
colours:
  primary: "#000000"
fonts:
  heading:
    famly: "Arial"
deck:
  body_sise: "20"
''')
    path = folder / "theme.yaml"
    assert errors_of(folder) == [
        f"{path}:3:1: error: unknown key 'colours' in theme.yaml (did you mean 'colors'?)",
        f"{path}:9:3: error: unknown key 'body_sise' in 'deck' (did you mean 'body_size'?)",
        f"{path}:7:5: error: unknown key 'famly' in 'fonts: heading' (did you mean 'family'?)",
    ]


def test_wrong_values_are_all_reported_at_once_with_locations(tmp_path):
    folder = theme(tmp_path / "t", '''name: "t"
extends: "default"
colors:
  text: "black"
  accent: "#12345"
deck:
  body_size: "28pt"
  body_min: "9"
  slide_size: "21:9"
  qa_layout: "mixed"
handout:
  paper: "A5"
''')
    path = folder / "theme.yaml"
    found = errors_of(folder)
    assert found == [
        f"{path}:4:9: error: colour 'text' is 'black' (write it as #RRGGBB, for example \"#1F4E79\" "
        "(in quotes: YAML reads an unquoted # as the start of a comment))",
        f"{path}:5:11: error: colour 'accent' is '#12345' (write it as #RRGGBB, for example \"#1F4E79\" "
        "(in quotes: YAML reads an unquoted # as the start of a comment))",
        f"{path}:9:15: error: 'deck: slide_size' is '21:9' (choose one of: 16:9, 4:3, 16:10)",
        f"{path}:7:14: error: 'deck: body_size' is '28pt'; it must be a number (write the number alone (points "
        "or millimetres), for example 28)",
        f"{path}:8:13: error: 'deck: body_min' is 9; it must lie between 10 and 72",
        f"{path}:10:14: error: 'deck: qa_layout' is 'mixed' (choose one of: separate, combined)",
        f"{path}:12:10: error: 'handout: paper' is 'A5' (choose one of: A4, letter)",
    ]


def test_minimum_larger_than_preferred_size(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\ndeck:\n  title_size: "30"\n  title_min: "34"\n')
    assert errors_of(folder) == [f"{folder / 'theme.yaml'}:5:14: error: 'deck: title_min' (34) is larger than "
                                 "'title_size' (30) (the minimum must not exceed the preferred size)"]


def test_missing_colours_are_each_reported(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\ncolors:\n  background: "#FFFFFF"\n  text: "#000000"\n')
    found = errors_of(folder)
    assert [m.split(": error: ")[1].split(" (")[0] for m in found] == [
        "the theme needs the colour 'primary'", "the theme needs the colour 'accent'"]
    assert all(m.startswith(f"{folder / 'theme.yaml'}:3:3: ") for m in found)


def test_theme_name_must_make_a_safe_folder_name(tmp_path):
    folder = theme(tmp_path / "t", 'name: "../../etc"\nextends: "default"\n')
    assert errors_of(folder) == [f"{folder / 'theme.yaml'}:1:7: error: the theme name '../../etc' cannot name an "
                                 "output folder (use letters, digits, '-' and '_' only, for example: my-organisation)"]


def test_yaml_problems_in_theme_files_have_locations(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\nname: "u"\n')
    assert errors_of(folder) == [f"{folder / 'theme.yaml'}:3:1: error: 'name' is given twice (first at line 1) "
                                 "(keep one of them; YAML would silently use the last)"]


def test_wrong_shapes_are_errors(tmp_path):
    folder = theme(tmp_path / "t", '''name: "t"
extends: "default"
colors: "blue"
fonts:
  heading: "Arial"
logo: "mine.png"
''')
    path = folder / "theme.yaml"
    assert errors_of(folder) == [
        f"{path}:3:9: error: 'colors' must be a list of 'key: value' lines, not text "
        "(check the indentation and the '- ' markers)",
        f"{path}:5:12: error: 'fonts: heading' must be a list of 'key: value' lines, not text "
        "(check the indentation and the '- ' markers)",
        f"{path}:6:7: error: 'logo' is 'mine.png' (write 'file:' and 'alt:' under 'logo:', or 'logo: none')",
    ]


# --- asset paths ----------------------------------------------------------------------------

def _logo_theme(tmp_path: Path, file: str, files: dict[str, bytes] | None = None) -> Path:
    return theme(tmp_path / "t", f'name: "t"\nextends: "default"\nlogo:\n  file: "{file}"\n  alt: "Our logo"\n',
                 files)


def _one_error(folder: Path) -> str:
    [message] = errors_of(folder)
    return message


def test_logo_path_with_dotdot_is_refused(tmp_path):
    (tmp_path / "outside.png").write_bytes(png())
    folder = _logo_theme(tmp_path, "../outside.png")
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:4:9: error: 'logo: file' points outside the theme folder:"
                                  " ../outside.png (copy the file into the theme folder and name it relative to "
                                  "theme.yaml, without '..' or a leading '/')")


@pytest.mark.parametrize("raw", ["/etc/passwd", "C:/logo.png", "\\\\\\\\server\\\\logo.png", "~/logo.png",
                                 "img/../../x.png"])
def test_absolute_and_escaping_paths_are_refused(tmp_path, raw):
    folder = _logo_theme(tmp_path, raw)
    assert "error: 'logo: file' points outside the theme folder" in _one_error(folder)


def test_symlink_out_of_the_theme_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    folder = _logo_theme(tmp_path, "logo.png")
    (folder / "logo.png").symlink_to(secret)
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:4:9: error: 'logo: file' leads outside the theme folder "
                                  "(through a symbolic link): logo.png (copy the file itself into the theme folder)")


def test_symlinked_folder_out_is_refused_but_a_link_inside_is_fine(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "logo.png").write_bytes(png())
    folder = _logo_theme(tmp_path, "assets/logo.png")
    (folder / "assets").symlink_to(tmp_path / "shared", target_is_directory=True)
    assert "leads outside the theme folder (through a symbolic link)" in _one_error(folder)
    inside = _logo_theme(tmp_path / "b", "link.png", {"real.png": png()})
    (inside / "link.png").symlink_to(inside / "real.png")
    assert load(inside)[0].logo == inside / "link.png"


def test_missing_logo_names_the_key(tmp_path):
    folder = _logo_theme(tmp_path, "images/logo.png")
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:4:9: error: 'logo: file': file not found: images/logo.png "
                                  f"(put the file in {folder})")


def test_logo_that_is_a_folder(tmp_path):
    folder = _logo_theme(tmp_path, "images")
    (folder / "images").mkdir()
    assert "'logo: file' is a folder, not a file: images" in _one_error(folder)


@pytest.mark.parametrize("name, what", [("logo.svg", "an SVG drawing"), ("logo.webp", "a WebP image"),
                                        ("logo.gif", "a GIF image")])
def test_logo_of_another_format_by_its_name(tmp_path, name, what):
    folder = _logo_theme(tmp_path, name, {name: b"x"})
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:4:9: error: 'logo: file' is {what} ({name}); it must be "
                                  "a .png or .jpg or .jpeg file (export it as PNG (about 600 pixels wide is plenty))")


@pytest.mark.parametrize("data, what", [
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "an SVG drawing"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "a WebP image"),
    (b"Just some text, renamed to .png", "not an image"),
    (b"", "not an image"),
])
def test_logo_content_is_sniffed_not_trusted_by_its_name(tmp_path, data, what):
    folder = _logo_theme(tmp_path, "logo.png", {"logo.png": data})
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:4:9: error: 'logo: file': logo.png is {what}; deckgen "
                                  "needs a PNG or JPEG image (export it as PNG (about 600 pixels wide is plenty))")


def test_huge_pixel_png_is_refused_from_its_header(tmp_path):
    folder = _logo_theme(tmp_path, "bomb.png", {"bomb.png": png(30000, 30000, body=False)})
    assert (folder / "bomb.png").stat().st_size < 100
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:4:9: error: 'logo: file': bomb.png is 30000×30000 pixels;"
                                  " the limit is 40,000,000 pixels (scale the image down; a logo needs at most 2000 "
                                  "pixels across)")


def test_truncated_png_is_refused(tmp_path):
    folder = _logo_theme(tmp_path, "cut.png", {"cut.png": png(200, 100)[:40]})
    assert "error: 'logo: file': cut.png cannot be read as PNG" in _one_error(folder)


def test_png_and_jpeg_logos_are_accepted(tmp_path):
    folder = _logo_theme(tmp_path, "logo.jpg", {"logo.jpg": jpeg()})
    assert load(folder)[0].logo == folder / "logo.jpg"
    from deckgen.content.images import check_image, header_size
    from deckgen.errors import Diagnostics, Location

    assert header_size(jpeg(), "JPEG") == (8, 4)
    (tmp_path / "ok.png").write_bytes(png(5, 3))
    assert check_image(tmp_path / "ok.png", Location("x"), Diagnostics(), 100) == (5, 3)


def test_logo_needs_alt_text_and_may_be_switched_off(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\nlogo:\n  file: "l.png"\n  alt: ""\n', {"l.png": png()})
    assert _one_error(folder).startswith(f"{folder / 'theme.yaml'}:5:8: error: the logo needs alt text")
    off = theme(tmp_path / "off", 'name: "off"\nextends: "default"\nlogo: none\n')
    assert load(off)[0].logo is None


# --- fonts ------------------------------------------------------------------------------------

def _font_theme(tmp_path: Path, family: str, regular: str, files: dict[str, bytes] | None = None,
                bold: str | None = None) -> Path:
    return theme(tmp_path / "t", f'''name: "t"
extends: "default"
fonts:
  heading:
    family: "{family}"
    regular: "{regular}"
''' + (f'    bold: "{bold}"\n' if bold else ""), files)


CALADEA_BOLD = (FONT_DIR / "caladea" / "Caladea-Bold.ttf").read_bytes()


def test_font_files_of_a_theme_are_used_for_measuring(tmp_path):
    data = (FONT_DIR / "caladea" / "Caladea-Regular.ttf").read_bytes()
    folder = _font_theme(tmp_path, "Caladea", "fonts/Caladea-Regular.ttf",
                         {"fonts/Caladea-Regular.ttf": data, "fonts/Caladea-Bold.ttf": CALADEA_BOLD},
                         bold="fonts/Caladea-Bold.ttf")
    loaded, warnings = load(folder)
    assert loaded.heading.name == "Caladea" and loaded.heading.files.regular == folder / "fonts/Caladea-Regular.ttf"
    assert warnings == []


def test_font_file_whose_family_differs_is_a_warning(tmp_path):
    data = (FONT_DIR / "caladea" / "Caladea-Regular.ttf").read_bytes()
    folder = _font_theme(tmp_path, "House Serif", "house.ttf", {"house.ttf": data, "house-bold.ttf": CALADEA_BOLD},
                         bold="house-bold.ttf")
    _, [warning] = load(folder)
    assert warning.format().startswith(f"{folder / 'theme.yaml'}:6:14: warning: 'fonts: heading': house.ttf is the "
                                       "font 'Caladea', but 'family' says 'House Serif'")


def test_missing_font_file_names_the_key(tmp_path):
    folder = _font_theme(tmp_path, "House Sans", "fonts/HouseSans.ttf")
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:6:14: error: 'fonts: heading: regular': file not found: "
                                  f"fonts/HouseSans.ttf (put the file in {folder})")


@pytest.mark.parametrize("data, what", [(b"not a font at all", "is not a font file"),
                                        (b"OTTO" + b"\x00" * 40, "is an OpenType font with CFF outlines"),
                                        (b"\x00\x01\x00\x00" + b"\x00" * 8, "cannot be read as a font")])
def test_broken_font_files_are_errors(tmp_path, data, what):
    folder = _font_theme(tmp_path, "House Sans", "house.ttf", {"house.ttf": data})
    message = _one_error(folder)
    assert message.startswith(f"{folder / 'theme.yaml'}:6:14: error: 'fonts: heading: regular': house.ttf {what}")


def test_font_of_another_format_by_name(tmp_path):
    folder = _font_theme(tmp_path, "House Sans", "house.woff2", {"house.woff2": b"wOF2"})
    assert "'fonts: heading: regular' is a web font (house.woff2); it must be a .ttf file" in _one_error(folder)


def test_unknown_family_without_files(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\nfonts:\n  body:\n    family: "Segoe UI"\n')
    assert _one_error(folder).startswith(f"{folder / 'theme.yaml'}:5:13: error: deckgen has no metrics for the font "
                                         "'Segoe UI' ('fonts: body: family')")


def test_style_files_without_regular(tmp_path):
    data = (FONT_DIR / "caladea" / "Caladea-Bold.ttf").read_bytes()
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\nfonts:\n  body:\n    family: "Caladea"\n'
                                   '    bold: "b.ttf"\n', {"b.ttf": data})
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:5:5: error: 'fonts: body' names style files but no "
                                  "'regular' file (add 'regular: fonts/YourFont-Regular.ttf')")


# --- templates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, what", [
    ("t.pptx", b"", "is empty (0 bytes)"),
    ("t.pptx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "is an old binary PowerPoint file"),
    ("t.potx", b"%PDF-1.7 not a template", "is not a PowerPoint file"),
])
def test_template_files_are_checked_when_the_theme_loads(tmp_path, name, data, what):
    folder = theme(tmp_path / "t", f'name: "t"\nextends: "default"\ntemplate: "{name}"\n', {name: data})
    assert _one_error(folder).startswith(f"{folder / 'theme.yaml'}:3:11: error: 'template': {name} {what}")


def test_template_of_another_format(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\ntemplate: "brand.odp"\n', {"brand.odp": b"PK"})
    assert _one_error(folder) == (f"{folder / 'theme.yaml'}:3:11: error: 'template' must be a .pptx or .potx file, "
                                  "not .odp (save it from PowerPoint as .pptx or .potx)")


def test_template_themes_load(tmp_path):
    import shutil

    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\ntemplate: "vorlage.potx"\n')
    shutil.copy(TEMPLATES / "german.potx", folder / "vorlage.potx")
    assert load(folder)[0].template == folder / "vorlage.potx"


# --- the command line ---------------------------------------------------------------------------

def _run(capsys, *args: str) -> tuple[int, str, str]:
    from deckgen.cli import main

    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_themes_lists_names_and_descriptions(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    theme(tmp_path / "themes" / "house", 'name: "house"\ndescription: "Our house style"\nextends: "default"\n')
    code, out, _ = _run(capsys, "themes")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["house", *available(None)]
    described = {line.split()[0]: line for line in lines}
    assert "Our house style" in described["house"] and "Ink-saving" in described["print"]
    assert "large rooms" in described["projector"]


def test_themes_check_reports_every_problem_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    folder = theme(tmp_path / "bad", '''name: "bad"
extends: "default"
colors:
  text: "#BBBBBB"
  primry: "#000000"
logo:
  file: "../logo.png"
  alt: "x"
''')
    code, out, err = _run(capsys, "themes", "check", str(folder))
    assert code == 1 and out == ""
    path = folder / "theme.yaml"
    assert err.splitlines() == [
        f"{path}:5:3: error: unknown key 'primry' in 'colors' (did you mean 'primary'?)",
        f"{path}:7:9: error: 'logo: file' points outside the theme folder: ../logo.png (copy the file into the theme "
        "folder and name it relative to theme.yaml, without '..' or a leading '/')",
        f"{path}:4:9: error: colour 'text' #BBBBBB on 'background' #FFFFFF has contrast 1.92:1; body text need 4.5:1 "
        "(WCAG 2.1 AA) (darken or lighten one of them, or build with --allow-low-contrast)",
        f"{path}:4:9: error: colour 'text' #BBBBBB on 'surface' #EEF3F8 has contrast 1.72:1; text in call-outs need "
        "4.5:1 (WCAG 2.1 AA) (darken or lighten one of them, or build with --allow-low-contrast)",
        "4 error(s)"]


def test_themes_check_accepts_the_builtin_template_theme(capsys):
    code, out, err = _run(capsys, "themes", "check", str(ROOT / "themes" / "print"))
    assert (code, out, err) == (0, "theme 'print' is valid\n", "")


# --- paper colours for dark themes -----------------------------------------------------

def test_projector_prints_dark_on_white():
    theme, _ = theme_mod.load("projector")
    assert theme.colors.background == "#111827"
    assert theme.print_colors.background == "#FFFFFF" and theme.print_colors.text == "#111827"
    assert theme.logo is None and theme.print_logo is None  # no deckgen logo (issue 13)
    assert theme_mod.load("default")[0].print_colors == theme_mod.load("default")[0].colors


def test_print_colors_are_contrast_checked_at_their_line(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        'name: t\nextends: default\nprint_colors:\n  background: "#FFFFFF"\n  text: "#DDDDDD"\n')
    with pytest.raises(DeckgenError) as info:
        theme_mod.load(str(folder))
    message = str(info.value)
    assert f"{folder / 'theme.yaml'}:5:9: error: colour 'text' #DDDDDD on 'background' #FFFFFF (print_colors" in message


def test_handout_body_min_defaults_to_a_point_less_and_is_checked(tmp_path):
    from deckgen.theming.load import load

    assert [load(name)[0].handout.body_min for name in ("default", "print", "projector")] == [9, 9.5, 9.5]
    small = theme(tmp_path / "s", 'name: "s"\nextends: "default"\nhandout:\n  body_size: "8"\n')
    assert load(small)[0].handout.body_min == 8  # never above the body size, never an error when inherited
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\nhandout:\n  body_size: "10"\n  body_min: "11"\n')
    assert errors_of(folder) == [f"{folder / 'theme.yaml'}:5:13: error: 'handout: body_min' (11) is larger than "
                                 "'body_size' (10) (the minimum must not exceed the preferred size)"]


def test_handout_qa_start_is_new_page_by_default_and_checked(tmp_path):
    from deckgen.theming.load import load

    assert [load(name)[0].handout.qa_start for name in ("default", "print", "projector")] == ["new_page"] * 3
    ok = theme(tmp_path / "c", 'name: "c"\nextends: "default"\nhandout:\n  qa_start: "continue"\n')
    assert load(ok)[0].handout.qa_start == "continue"
    bad = theme(tmp_path / "b", 'name: "b"\nextends: "default"\nhandout:\n  qa_start: "next_page"\n')
    assert errors_of(bad) == [f"{bad / 'theme.yaml'}:4:13: error: 'handout: qa_start' is 'next_page' "
                              "(choose one of: new_page, continue)"]
