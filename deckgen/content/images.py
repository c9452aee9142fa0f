"""Checks images before use: a real PNG or JPEG (content pictures: also WebP and GIF), within a
size and pixel limit, named by its key.

The width and height are read from the file's own header before Pillow sees it, so a tiny
file that claims 30000 × 30000 pixels is refused without decoding anything (and without
Pillow's DecompressionBombWarning, which a test run turns into an error).
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterator
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


MAX_FRAMES = 10_000  # frames walked in an animated file; only the first is shown


def frames(path: Path, kind: str) -> Iterator[tuple[int, int, int, int]]:
    """(left, top, width, height) of every frame the file declares, read from its structure without
    decoding: a GIF's image descriptors, an animated PNG's fcTL chunks, a WebP's ANMF frames and
    its VP8/VP8L bitstreams. The canvas in the header says nothing about them: a GIF whose
    screen is 1×1 may hold an 88-megapixel frame, which Pillow decodes whole."""
    with open(path, "rb") as fh:
        if kind == "GIF":
            yield from _gif_frames(fh)
        elif kind == "PNG":
            yield from _png_frames(fh)
        elif kind == "WebP":
            end = fh.seek(0, 2)
            fh.seek(12)
            yield from _webp_frames(fh, end)


def _skip_sub_blocks(fh) -> bool:
    """Past a GIF's data sub-blocks; False when the file ends first."""
    while True:
        size = fh.read(1)
        if not size:
            return False
        if size[0] == 0:
            return True
        fh.seek(size[0], 1)


def _gif_frames(fh):
    head = fh.read(13)
    if len(head) < 13:
        return
    if head[10] & 0x80:
        fh.seek(3 << ((head[10] & 7) + 1), 1)  # the global colour table
    for _ in range(MAX_FRAMES):
        block = fh.read(1)
        if block == b"\x2c":  # an image descriptor: left, top, width, height, flags
            desc = fh.read(9)
            if len(desc) < 9:
                return
            yield struct.unpack("<HHHH", desc[:8])
            if desc[8] & 0x80:
                fh.seek(3 << ((desc[8] & 7) + 1), 1)  # its local colour table
            fh.read(1)  # LZW minimum code size
            if not _skip_sub_blocks(fh):
                return
        elif block == b"\x21":  # an extension: its label, then sub-blocks
            fh.read(1)
            if not _skip_sub_blocks(fh):
                return
        else:  # the trailer (0x3B), or a damaged file that Pillow will refuse
            return


def _png_frames(fh):
    fh.seek(8)
    for _ in range(MAX_FRAMES * 4):
        head = fh.read(8)
        if len(head) < 8:
            return
        length, kind = struct.unpack(">I", head[:4])[0], head[4:]
        if kind == b"fcTL":  # an animated PNG's frame: sequence, width, height, x, y
            data = fh.read(min(length, 26))
            if len(data) >= 20:
                width, height, left, top = struct.unpack(">IIII", data[4:20])
                yield left, top, width, height
            fh.seek(length - len(data) + 4, 1)
        elif kind == b"IEND":
            return
        else:
            fh.seek(length + 4, 1)


def _webp_frames(fh, end: int):
    count = 0
    while fh.tell() + 8 <= end and count < MAX_FRAMES:
        head = fh.read(8)
        kind, length = head[:4], struct.unpack("<I", head[4:])[0]
        start = fh.tell()
        if kind == b"ANMF":  # x/2, y/2, width-1, height-1 (24 bits each), then the frame's own chunks
            data = fh.read(12)
            if len(data) < 12:
                return
            x, y, w, h = (int.from_bytes(data[i:i + 3], "little") for i in (0, 3, 6, 9))
            count += 1
            yield 2 * x, 2 * y, w + 1, h + 1
            fh.seek(start + 16)
            yield from _webp_frames(fh, min(start + length, end))
        elif kind in (b"VP8 ", b"VP8L"):
            size = _webp_size(b"RIFF\0\0\0\0WEBP" + head + fh.read(10))
            if size is not None:
                count += 1
                yield 0, 0, *size
        fh.seek(start + length + (length & 1))


def frame_problem(path: Path, kind: str, max_pixels: int) -> str | None:
    """What is wrong with a frame of the file (one too large for max_pixels), or None."""
    for left, top, width, height in frames(path, kind):
        extent = (left + width) * (top + height)  # Pillow grows the canvas to hold a frame that reaches past it
        if width * height > max_pixels or extent > max_pixels:
            return (f"holds a frame of {width}×{height} pixels" + (f" at {left},{top}" if left or top else "")
                    + f"; the limit is {max_pixels:,} pixels")
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
    if kind in ("GIF", "PNG", "WebP") and (problem := frame_problem(path, kind, max_pixels)) is not None:
        diags.error(loc, f"'{key}': {path.name} {problem}", hint)
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
