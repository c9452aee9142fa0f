"""Reading an `image:` of the content: its keys, its file (checked by its header) and its alt text.

Used for the document's image (the title slide and the handout's cover), each section's
and each question's. The file is resolved against the content file's folder; its format,
byte size and pixel count are read from its header here, without decoding (a
decompression bomb is refused before Pillow sees it). `deckgen validate` also decodes it
(decode=True); a build decodes it in the renderers, which prepare it for their output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.content.images import check_image, decode_check
from deckgen.content.model import FITS, FOCUSES, PLACEMENTS, Picture
from deckgen.errors import Diagnostics, Location, Refused, named_file, within

if TYPE_CHECKING:
    from deckgen.content.strictyaml import YMap

IMAGE_KEYS = ("file", "alt", "decorative", "credit", "fit", "focus", "placement")
KINDS = ("PNG", "JPEG", "WebP", "GIF")
MAX_PIXELS = 40_000_000
MAX_BYTES = 30 * 1024 * 1024
HINT = "scale it down: a slide needs at most 2560 pixels on the long side, print at most 300 dpi"


def _choice(node: YMap, key: str, allowed, default: str, what: str, diags: Diagnostics) -> str:
    from deckgen.content.schema import optional_str

    value = optional_str(node, key, what, diags)
    if value is None:
        return default
    if str(value).strip().lower() not in allowed:
        diags.error(value.loc, f"'{key}' in {what} is '{value}'", "write one of: " + ", ".join(allowed))
        return default
    return str(value).strip().lower()


def read(parent: YMap, what: str, base: Path, line: Callable[[YMap, str, str], str | None], diags: Diagnostics,
         decode: bool = False, root: Path | None = None) -> Picture | None:
    """The picture under `image:` in parent, or None (when there is none, or it has errors, recorded in diags).

    `line` reads a plain one-line text (alt, credit) as the loader does."""
    if "image" not in parent:
        return None
    # here, not above: the renderers import this module (MAX_PIXELS) in workers that read no YAML
    from deckgen.content.schema import check_keys, expect, optional_str
    from deckgen.content.strictyaml import YMap
    node = expect(parent["image"], YMap, f"'image' in {what}", diags, parent.key_locs["image"])
    if node is None:
        return None
    where = f"the image of {what}"
    errors = len(diags.errors)
    check_keys(node, IMAGE_KEYS, ("file",), where, diags)
    decorative = _choice(node, "decorative", ("yes", "no"), "no", where, diags) == "yes"
    alt = line(node, "alt", where) or ""
    if not alt and not decorative:
        at = node["alt"].loc if "alt" in node else parent.key_locs["image"]
        diags.error(at, f"{where} needs 'alt': a short description of what it shows, for people who cannot see it",
                    "add a line alt: \"…\"; if the picture is only decoration, write decorative: \"yes\" instead")
    credit = line(node, "credit", where) or None
    fit = _choice(node, "fit", FITS, "cover", where, diags)
    focus = _choice(node, "focus", tuple(FOCUSES), "center", where, diags)
    placement = _choice(node, "placement", PLACEMENTS, "auto", where, diags)
    name = optional_str(node, "file", where, diags)
    if name is None:
        return None
    checked = check_file(str(name), name.loc, base, diags, decode, root)
    if checked is None or len(diags.errors) > errors:
        return None
    path, kind, (width, height) = checked
    return Picture(str(path), str(name), kind, width, height, alt, decorative, credit, fit, focus, placement,
                   name.loc)


def project_root(folder: Path, project: Path | None = None) -> Path:
    """The folder a content file's pictures and logo must stay inside: the project (the folder
    deckgen runs in, default the current one) when the content file lies inside it; for a
    content file elsewhere, the folder that holds its `content/` folder (the project layout
    `deckgen new` makes), or else its own folder."""
    project = Path.cwd() if project is None else project
    if within(folder, project):
        return project
    return folder.parent if folder.name == "content" else folder


OUTSIDE_HINT = ("copy the file into the project folder (where you run deckgen) and name it relative to the "
                "content file, without a leading '/'")


def check_file(name: str, loc: Location, base: Path, diags: Diagnostics, decode: bool = False,
               root: Path | None = None) -> tuple[Path, str, tuple[int, int]] | None:
    """(path, kind, (width, height)) of an image file named in the content, or None with an error at loc."""
    if not name.strip():
        diags.error(loc, "'file' of the image is empty", "name the image file, relative to the content file")
        return None
    found = named_file(name, base, project_root(base) if root is None else root, "the project folder", OUTSIDE_HINT)
    if isinstance(found, Refused):
        if found.problem.startswith("file not found"):
            diags.error(loc, f"image file '{name}' not found", "the path is relative to the content file's folder")
        else:
            diags.error(loc, found.after("image: file"), found.hint)
        return None
    path = found.resolve()
    before = len(diags.errors)
    try:
        size = check_image(path, loc, diags, MAX_PIXELS, MAX_BYTES, key="image", decode=False, kinds=KINDS,
                           hint=HINT)
    except OSError as exc:
        diags.error(loc, f"image file '{name}' cannot be read: {exc.strerror or exc}", "check its permissions")
        return None
    if size is None or len(diags.errors) > before:
        return None
    with open(path, "rb") as fh:
        from deckgen.content.images import sniff

        kind = sniff(fh.read(64))
    if decode and not decode_check(path, loc, diags, key="image"):
        return None
    return path, kind, size
