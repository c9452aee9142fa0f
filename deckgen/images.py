"""Checks images before use: a real PNG or JPEG, within a pixel limit, named by its key."""

from __future__ import annotations

from pathlib import Path

from deckgen.errors import Diagnostics, Location

_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def check_image(path: Path, loc: Location, diags: Diagnostics, max_pixels: int) -> tuple[int, int] | None:
    """Returns (width, height) in pixels, or records an error and returns None."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    kind = next((k for magic, k in _MAGIC.items() if head.startswith(magic)), None)
    if kind is None:
        looks = "an SVG" if b"<svg" in head or b"<?xml" in head else ("a WebP" if head[8:12] == b"WEBP" else
                                                                         "not an image deckgen can use")
        diags.error(loc, f"{path.name} is {looks}; logos must be PNG or JPEG", "export the logo as PNG")
        return None
    from PIL import Image

    try:
        with Image.open(path) as img:  # reads the header only
            width, height = img.size
            if width * height > max_pixels:
                diags.error(loc, f"{path.name} is {width}×{height} pixels; the limit is {max_pixels:,} pixels",
                            "scale the image down; a logo needs under 2000 pixels across")
                return None
            img.verify()
    except Image.DecompressionBombError:
        diags.error(loc, f"{path.name} has more pixels than the limit of {max_pixels:,}",
                    "scale the image down; a logo needs under 2000 pixels across")
        return None
    except Exception as exc:  # Pillow raises many types for broken files
        diags.error(loc, f"{path.name} cannot be read as {kind}: {exc}", "export the image again")
        return None
    return width, height
