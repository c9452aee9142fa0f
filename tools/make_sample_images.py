"""Draws the English seed document's pictures into content/images/ (run: python tools/make_sample_images.py).

Photographs are not available offline, so these are drawn with Pillow: photo-like scenes
(gradients, hills, a sun, grain) and one illustration, each covering a case the pictures
must handle: a portrait photo for a landscape slot, a CMYK JPEG, a PNG with transparency
and a JPEG whose pixels are stored sideways with an EXIF orientation. Deterministic: the
same files every run.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "content" / "images"


def _sky(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    w, h = size
    column = Image.new("RGB", (1, h))
    for y in range(h):
        t = y / max(1, h - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return column.resize((w, h))


def _grain(img: Image.Image, seed: int, amount: int = 14) -> Image.Image:
    rng = random.Random(seed)
    noise = Image.effect_noise(img.size, amount).convert("L")
    tint = Image.merge("RGB", [noise] * 3)
    mixed = Image.blend(img, tint, 0.08 + rng.random() * 0.02)
    return mixed.filter(ImageFilter.GaussianBlur(0.6))


def landscape(size: tuple[int, int], seed: int, sky=((74, 128, 196), (247, 201, 140)),
              hills=((46, 94, 60), (84, 140, 70), (160, 150, 80))) -> Image.Image:
    """A photo-like scene: a sky going to a warm horizon, a sun, three rows of hills, grain."""
    rng = random.Random(seed)
    w, h = size
    img = _sky(size, *sky)
    draw = ImageDraw.Draw(img)
    sx, sy, r = w * (0.25 + rng.random() * 0.5), h * 0.42, min(w, h) * 0.07
    draw.ellipse((sx - r, sy - r, sx + r, sy + r), fill=(255, 236, 190))
    for row, colour in enumerate(reversed(hills)):
        base = h * (0.55 + 0.13 * row)
        points = [(0, h)]
        for i in range(41):
            x = w * i / 40
            points.append((x, base - h * 0.08 * (0.5 + 0.5 * rng.random()) * (1 + (i % 7 == 0))))
        points.append((w, h))
        draw.polygon(points, fill=colour)
    for _ in range(6):  # people, far away: small dark figures
        x, y = rng.random() * w, h * (0.80 + rng.random() * 0.12)
        s = h * 0.025
        draw.ellipse((x - s * 0.3, y - s * 1.6, x + s * 0.3, y - s), fill=(40, 34, 30))
        draw.rectangle((x - s * 0.35, y - s, x + s * 0.35, y + s * 0.6), fill=(60, 44, 40))
    return _grain(img.filter(ImageFilter.GaussianBlur(1.2)), seed)


def portrait(size: tuple[int, int], seed: int) -> Image.Image:
    """A tall scene: a tree against the sky (its interest in the upper third)."""
    img = landscape(size, seed, sky=((120, 170, 220), (230, 220, 200)))
    draw = ImageDraw.Draw(img)
    w, h = size
    draw.rectangle((w * 0.47, h * 0.35, w * 0.53, h * 0.85), fill=(80, 56, 36))
    draw.ellipse((w * 0.18, h * 0.08, w * 0.82, h * 0.45), fill=(52, 110, 58))
    draw.ellipse((w * 0.28, h * 0.04, w * 0.72, h * 0.30), fill=(70, 132, 66))
    return _grain(img.filter(ImageFilter.GaussianBlur(1.0)), seed + 1)


def illustration(size: tuple[int, int]) -> Image.Image:
    """A flat drawing with a transparent background: two linked globes and an arrow."""
    w, h = size
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for cx, colour in ((0.28, (31, 78, 121, 235)), (0.72, (184, 84, 16, 235))):
        r = h * 0.3
        draw.ellipse((w * cx - r, h * 0.5 - r, w * cx + r, h * 0.5 + r), fill=colour)
        draw.ellipse((w * cx - r * 0.45, h * 0.5 - r, w * cx + r * 0.45, h * 0.5 + r), outline=(255, 255, 255, 200),
                     width=max(2, w // 200))
        draw.line((w * cx - r, h * 0.5, w * cx + r, h * 0.5), fill=(255, 255, 255, 200), width=max(2, w // 200))
    draw.line((w * 0.40, h * 0.25, w * 0.60, h * 0.25), fill=(60, 60, 60, 255), width=max(3, w // 120))
    draw.polygon([(w * 0.62, h * 0.25), (w * 0.58, h * 0.21), (w * 0.58, h * 0.29)], fill=(60, 60, 60, 255))
    return img


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    landscape((1600, 1000), 1).save(OUT / "horizon.jpg", quality=82)
    portrait((800, 1200), 2).save(OUT / "tree-portrait.jpg", quality=82)
    landscape((1400, 900), 3, sky=((40, 60, 110), (200, 120, 90)),
              hills=((30, 40, 50), (70, 60, 60), (120, 90, 70))).convert("CMYK").save(OUT / "dusk-cmyk.jpg",
                                                                                     quality=82)
    illustration((1200, 800)).save(OUT / "linked-globes.png", optimize=True)
    # Stored sideways (900 wide, 1400 high) with orientation 6: viewers turn it to 1400 × 900.
    sideways = landscape((1400, 900), 4, sky=((90, 150, 210), (250, 230, 170))).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways.save(OUT / "market-rotated.jpg", quality=82, exif=exif.tobytes())
    for path in sorted(OUT.glob("*.*")):
        print(f"{path.relative_to(OUT.parent.parent)}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
