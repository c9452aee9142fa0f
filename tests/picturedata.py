"""Test pictures drawn with Pillow: photo-like, CMYK, transparent, EXIF-rotated, 16-bit, GIF, WebP."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw


def photo(path: Path, size=(1200, 800), seed: int = 1, quality: int = 85) -> Path:
    """A busy photo-like picture: stripes of light and dark colours (no text colour reaches 4.5:1 on all of it)."""
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    colours = [(250, 250, 245), (20, 24, 30), (200, 60, 40), (40, 90, 170), (240, 200, 60), (30, 120, 60)]
    step = max(4, w // 40)
    for i, x in enumerate(range(0, w, step)):
        draw.rectangle((x, 0, x + step, h), fill=colours[(i + seed) % len(colours)])
    for i, y in enumerate(range(0, h, step * 3)):
        draw.rectangle((0, y, w, y + step), fill=colours[(i * 2 + seed) % len(colours)])
    img.save(path, "JPEG", quality=quality)
    return path


def portrait(path: Path, size=(600, 900)) -> Path:
    """Top half red, bottom half blue: a crop kept at the top shows red."""
    w, h = size
    img = Image.new("RGB", size, (30, 60, 200))
    ImageDraw.Draw(img).rectangle((0, 0, w, h // 2), fill=(210, 30, 30))
    img.save(path, "JPEG", quality=90)
    return path


def cmyk(path: Path, size=(400, 300)) -> Path:
    Image.new("RGB", size, (200, 120, 40)).convert("CMYK").save(path, "JPEG", quality=90)
    return path


def transparent_png(path: Path, size=(400, 300)) -> Path:
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((50, 50, 350, 250), fill=(31, 78, 121, 255))
    img.save(path, "PNG")
    return path


def rotated_jpeg(path: Path, stored=(300, 500)) -> Path:
    """Stored 300 wide and 500 high, with EXIF orientation 6: shown 500 × 300."""
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", stored, (90, 150, 90)).save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path


def sixteen_bit_png(path: Path, size=(200, 100)) -> Path:
    img = Image.new("I;16", size)
    img.putdata([(x * 65535) // size[0] for y in range(size[1]) for x in range(size[0])])
    img.save(path, "PNG")
    return path


def gif(path: Path) -> Path:
    frames = [Image.new("P", (120, 80), i) for i in (1, 2)]
    frames[0].save(path, "GIF", save_all=True, append_images=frames[1:])
    return path


def webp(path: Path) -> Path:
    Image.new("RGB", (160, 90), (10, 120, 200)).save(path, "WEBP")
    return path


def big_header_png(path: Path, width: int, height: int) -> Path:
    """A tiny file whose header claims width × height pixels (a decompression bomb, never to be decoded)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
                     + chunk(b"IEND", b""))
    return path


def frame_bomb_gif(path: Path, size=(9400, 9400), screen=(1, 1), offset=(0, 0), small_frames: int = 0) -> Path:
    """A GIF whose screen descriptor says 1×1 and whose frame (after `small_frames` 1×1 ones) is
    9400×9400 pixels (88 megapixels, just under Pillow's own bomb limit): about 60 KB."""
    import struct

    out = b"GIF89a" + struct.pack("<HHBBB", *screen, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    for _ in range(small_frames):
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    out += b"\x2c" + struct.pack("<HHHHB", *offset, *size, 0) + b"\x02"
    out += (bytes([200]) + bytes([0x84]) * 200) * 300 + b"\x00\x3b"
    path.write_bytes(out)
    return path


def frame_bomb_apng(path: Path, size=(9000, 9000)) -> Path:
    """An animated PNG of 1×1 pixels whose second frame's fcTL claims size."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixel = zlib.compress(b"\x00\x00\x00\x00")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                     + chunk(b"acTL", struct.pack(">II", 2, 0))
                     + chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 1, 1, 0, 0, 1, 10, 0, 0)) + chunk(b"IDAT", pixel)
                     + chunk(b"fcTL", struct.pack(">IIIIIHHBB", 1, *size, 0, 0, 1, 10, 0, 0))
                     + chunk(b"fdAT", struct.pack(">I", 2) + pixel) + chunk(b"IEND", b""))
    return path


def frame_bomb_webp(path: Path, size=(9000, 9000)) -> Path:
    """An animated WebP whose canvas (VP8X) is 1×1 and whose frame (ANMF) claims size."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) & 1 else b"")

    def u24(n: int) -> bytes:
        return n.to_bytes(3, "little")

    frame = u24(0) + u24(0) + u24(size[0] - 1) + u24(size[1] - 1) + u24(100) + b"\x00"
    body = (b"WEBP" + chunk(b"VP8X", b"\x02\x00\x00\x00" + u24(0) + u24(0))
            + chunk(b"ANIM", b"\x00" * 6) + chunk(b"ANMF", frame + chunk(b"VP8L", b"\x2f" + b"\x00" * 20)))
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path
