"""The files a theme names (fonts, logo, template), checked before anything reads them.

Paths must stay inside the theme folder; fonts must be TrueType files deckgen can
measure and ReportLab can embed; a template must at least look like a PowerPoint file.
"""

from __future__ import annotations

from pathlib import Path

from deckgen.content.strictyaml import YStr
from deckgen.errors import Diagnostics, Location, Refused, named_file, not_a_file, path_problem
from deckgen.text.fonts import open_font

_IMAGE_WORDS = {"svg": "an SVG drawing", "webp": "a WebP image", "gif": "a GIF image", "bmp": "a BMP image",
                "tif": "a TIFF image", "tiff": "a TIFF image", "emf": "an EMF drawing", "wmf": "a WMF drawing",
                "eps": "an EPS drawing", "pdf": "a PDF", "ico": "an icon file", "heic": "a HEIC photo"}
_FONT_WORDS = {"otf": "an OpenType (CFF) font", "ttc": "a TrueType collection", "woff": "a web font",
               "woff2": "a web font"}


def shown(node) -> str:
    return str(node) if isinstance(node, YStr) else "a list" if isinstance(node, list) else "a group of keys"


def has_theme(folder: Path) -> bool:
    """Whether folder holds a theme.yaml that is a regular file; a name no file system can
    hold (NUL, a lone surrogate, too long) holds none."""
    return path_problem(str(folder)) is None and not_a_file(folder / "theme.yaml") is None


def asset_path(node: YStr, folder: Path, key: str, kinds: tuple[str, ...], diags: Diagnostics) -> Path | None:
    """Resolves an asset inside its theme folder; paths that leave it are errors."""
    raw = str(node).strip()
    if not raw:
        diags.error(node.loc, f"'{key}' is empty", "name a file in the theme folder")
        return None
    path = named_file(raw, folder, folder, "the theme folder",
                      "copy the file into the theme folder and name it relative to theme.yaml, "
                      "without '..' or a leading '/'")
    if isinstance(path, Refused):
        diags.error(node.loc, path.after(key), path.hint)
        return None
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in kinds:
        wanted = " or ".join("." + k for k in kinds)
        what = _IMAGE_WORDS.get(suffix) or _FONT_WORDS.get(suffix)
        if "png" in kinds:
            hint = "export it as PNG (about 600 pixels wide is plenty)"
        elif "ttf" in kinds:
            hint = "use the TrueType (.ttf) files of the font"
        else:
            hint = "save it from PowerPoint as .pptx or .potx"
        diags.error(node.loc, f"'{key}' is {what} ({raw}); it must be a {wanted} file" if what else
                    f"'{key}' must be a {wanted} file, not {path.suffix or raw}", hint)
        return None
    return path


def check_font(path: Path, loc: Location, key: str, diags: Diagnostics) -> bool:
    """True when the file is a TrueType font deckgen can measure with and ReportLab can embed."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head == b"OTTO":
        diags.error(loc, f"'{key}': {path.name} is an OpenType font with CFF outlines, which PDFs cannot embed here",
                    "use the TrueType (.ttf) version of the font")
        return False
    if head not in (b"\x00\x01\x00\x00", b"true"):
        kind = "a TrueType collection" if head == b"ttcf" else "a web font" if head in (b"wOFF", b"wOF2") else \
            "not a font file"
        diags.error(loc, f"'{key}': {path.name} is {kind}", "use the font's TrueType (.ttf) file")
        return False
    try:
        from fontTools.ttLib import TTLibError

        with open_font(path) as font:
            font["head"], font["hmtx"], font["OS/2"], font["cmap"]  # noqa: B018  (what measuring needs)
    except (TTLibError, KeyError, OSError, ValueError, AssertionError) as exc:
        diags.error(loc, f"'{key}': {path.name} cannot be read as a font ({exc})", "copy the .ttf file again")
        return False
    return True


def check_family_name(path: Path, family: str, loc: Location, role: str, diags: Diagnostics) -> None:
    """A warning when the font file's own family name differs from the name the slides will use."""
    try:
        with open_font(path) as font:
            own = {str(n.toUnicode()).strip() for n in font["name"].names if n.nameID in (1, 16)}
    except Exception:  # noqa: BLE001  (check_font has accepted the file; a missing name table is harmless)
        return
    if own and family.lower() not in {n.lower() for n in own}:
        diags.warning(loc, f"'fonts: {role}': {path.name} is the font '{sorted(own)[0]}', but 'family' says "
                           f"'{family}'; slides name '{family}', while text is measured with this file",
                      f"set 'family: \"{sorted(own)[0]}\"' if that is the font the slides should use")


def check_template_file(path: Path, loc: Location, diags: Diagnostics) -> None:
    """A cheap look at the template before the deck renderer opens it: a zip, not empty."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        diags.error(loc, f"'template': {path.name} is empty (0 bytes)", "save the template again from PowerPoint")
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        diags.error(loc, f"'template': {path.name} is an old binary PowerPoint file (.ppt/.pot)",
                    "open it in PowerPoint and save it as .pptx or .potx")
    elif not head.startswith(b"PK"):
        diags.error(loc, f"'template': {path.name} is not a PowerPoint file", "save it from PowerPoint as .pptx")
