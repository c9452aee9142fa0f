"""Checks images before use: a real PNG or JPEG (content pictures: also WebP and GIF), within a
size and pixel limit, named by its key.

The width and height are read from the file's own header before Pillow sees it, so a tiny
file that claims 30000 × 30000 pixels is refused without decoding anything (and without
Pillow's DecompressionBombWarning, which a test run turns into an error).
"""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

from deckgen.errors import Diagnostics, Location

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
_HINT_SMALLER = "scale the image down; a logo needs at most 2000 pixels across"


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is: 'PNG', 'JPEG' or a description of something else."""
    if head.startswith(PNG_MAGIC):
        return "PNG"
    if head.startswith(JPEG_MAGIC):
        return "JPEG"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")) or b"<svg" in head.lower():
        return "an SVG drawing"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"BM"):
        return "a BMP image"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image"
    if head.startswith(b"%PDF"):
        return "a PDF"
    if head[4:12] in (b"ftypheic", b"ftypavif", b"ftypmif1"):
        return "a HEIC/AVIF image"
    return "not an image"


KIND_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "WebP": "a WebP image", "GIF": "a GIF image"}


def header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR, a JPEG's start-of-frame marker, a WebP's VP8/VP8L/VP8X
    chunk or a GIF's screen descriptor, or None if unreadable."""
    if kind == "PNG":
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", data[16:24])
    if kind == "GIF":
        return struct.unpack("<HH", data[6:10]) if len(data) >= 10 else None
    if kind == "WebP":
        return _webp_size(data)
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def check_image(path: Path, loc: Location, diags: Diagnostics, max_pixels: int,
                max_bytes: int = 20 * 1024 * 1024, key: str = "logo", decode: bool = True,
                kinds: tuple[str, ...] = ("PNG", "JPEG"), hint: str = _HINT_SMALLER) -> tuple[int, int] | None:
    """Returns (width, height) in pixels, or records an error naming `key` and returns None.

    With decode=False only the header is read (no Pillow): the build decodes the image
    later with decode_check(), in the processes that import Pillow anyway.
    """
    size = path.stat().st_size
    if size > max_bytes:
        diags.error(loc, f"'{key}': {path.name} is {size // 2**20} MB; the limit is {max_bytes // 2**20} MB",
                    hint)
        return None
    with open(path, "rb") as fh:
        data = fh.read(min(size, 256 * 1024))
    kind = sniff(data[:64])
    if kind not in kinds:
        wanted = " or ".join(", ".join(kinds).rsplit(", ", 1))
        diags.error(loc, f"'{key}': {path.name} is {KIND_NAMES.get(kind, kind)}; deckgen needs a {wanted} image",
                    "export it as PNG (about 600 pixels wide is plenty)" if key == "logo" or "logo" in key
                    else "export it as JPEG (photographs) or PNG (drawings)")
        return None
    dims = header_size(data, kind)
    if dims is None:
        diags.error(loc, f"'{key}': {path.name} is a damaged {KIND_NAMES.get(kind, kind)} (its size cannot be read)",
                    "export the image again")
        return None
    width, height = dims
    if width == 0 or height == 0:
        diags.error(loc, f"'{key}': {path.name} claims to be {width}×{height} pixels", "export the image again")
        return None
    if width * height > max_pixels:
        diags.error(loc, f"'{key}': {path.name} is {width}×{height} pixels; the limit is {max_pixels:,} pixels",
                    hint)
        return None
    if decode and not decode_check(path, loc, diags, key):
        return None
    return width, height


def decode_check(path: Path, loc: Location, diags: Diagnostics, key: str = "logo") -> bool:
    """Decodes the whole image with Pillow (whose header check_image has passed); False and an error if broken."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                img.verify()  # checksums and structure, without decoding
            with Image.open(path) as img:
                img.load()  # a truncated file fails here, not later in a renderer
    except Exception as exc:  # noqa: BLE001  (Pillow raises many types for broken files)
        with open(path, "rb") as fh:
            kind = sniff(fh.read(64))
        diags.error(loc, f"'{key}': {path.name} cannot be read as {KIND_NAMES.get(kind, kind)}: {exc}",
                    "export the image again")
        return False
    return True
