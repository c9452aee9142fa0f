"""Content pictures prepared for an output, with Pillow: shared by the deck, the handout and the cards.

Each renderer asks for a picture at the size its output needs; this module decodes the
file once per size (a JPEG is decoded at a reduced scale straight from its DCT data when
that is enough), applies the EXIF orientation, converts CMYK, 16-bit and palette images
to 8-bit RGB or grey (keeping transparency), downscales and encodes: JPEG for opaque
pictures, PNG for transparent ones. A JPEG that needs none of that is passed through
unchanged. The geometry is here too: the crop that makes a picture cover an area around
its focus, the box that contains a whole picture, and the panel opacity that lets text
reach 4.5:1 on the pixels it sits on.

The files were checked by their headers when the content was loaded (format, at most
40 megapixels and 30 MB, every frame of an animated file too: content.images.frames), so
nothing here decodes a decompression bomb; only the first frame is ever decoded.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

from deckgen.content.model import Picture
from deckgen.content.pictures import MAX_PIXELS
from deckgen.errors import DeckgenError, Diagnostic
from deckgen.theming.contrast import luminance

SLIDE_LONG_SIDE = 2560  # pixels, on a slide: enough for a 4K projector's half
PRINT_DPI = 300
JPEG_QUALITY = 85
TEXT_RATIO = 4.5  # WCAG AA for text on a picture
RATIO_MARGIN = 1.12  # measured on the prepared pixels; the renderer's smoothing and the JPEG's noise need room
SAMPLE = 64  # the region under text is measured on at most SAMPLE × SAMPLE pixels
PREVIEW = 640  # pixels on the long side of the copy a prepared picture keeps for that
RESAMPLE = 3  # Pillow's BICUBIC: as sharp as Lanczos for the small reductions left after a JPEG's draft, 25% faster


@dataclass(frozen=True)
class Prepared:
    """A picture encoded for one output: bytes, their format, pixels, and whether it has transparency."""

    data: bytes
    ext: str  # "jpeg" or "png"
    width: int
    height: int
    alpha: bool
    image: object = field(default=None, compare=False, repr=False)  # a small copy of it (see PREVIEW)

    @property
    def aspect(self) -> float:
        return self.width / self.height


def _failed(pic: Picture, exc: Exception) -> DeckgenError:
    return DeckgenError(Diagnostic("error", f"image {pic.name} cannot be read: {exc}", pic.loc,
                                   "export the image again as JPEG or PNG"))


def oriented_size(pic: Picture) -> tuple[int, int]:
    """The picture's width and height as shown: EXIF orientations 5–8 turn it a quarter."""
    from PIL import Image

    try:
        with Image.open(pic.path) as img:
            turned = img.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    except Exception as exc:  # noqa: BLE001  (Pillow raises many types for broken files)
        raise _failed(pic, exc) from None
    return (pic.height, pic.width) if turned else (pic.width, pic.height)


def _open(pic: Picture, need: tuple[int, int] | None):
    """The picture decoded, oriented and in an 8-bit mode; JPEGs at a reduced scale when `need` allows."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(pic.path) as src:  # at its first frame (of a GIF, an animated PNG or WebP)
                if src.size[0] * src.size[1] > MAX_PIXELS:  # the frame, as Pillow sees it; checked again here
                    raise _failed(pic, ValueError(f"a frame of {src.size[0]}×{src.size[1]} pixels; the limit is "
                                                  f"{MAX_PIXELS:,} pixels"))
                if need is not None and src.format == "JPEG":
                    turned = src.getexif().get(0x0112, 1) in (5, 6, 7, 8)
                    src.draft(src.mode, (need[1], need[0]) if turned else need)
                src.load()
                img = ImageOps.exif_transpose(src)
                if img is src:
                    img = src.copy()
    except DeckgenError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _failed(pic, exc) from None
    return _eight_bit(img)


def _eight_bit(img):
    """RGB, RGBA or L: CMYK and YCbCr to RGB, 16-bit and float to 8-bit grey, palettes opened, opaque alpha dropped."""
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode == "F":
        img = img.point(lambda v: v * 255).convert("L")
    elif mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    elif mode in ("LA", "PA", "La", "RGBa"):
        img = img.convert("RGBA")
    elif mode == "1":
        img = img.convert("L")
    elif mode not in ("RGB", "RGBA", "L"):
        img = img.convert("RGB")  # CMYK, YCbCr, LAB, HSV
    if img.mode == "RGBA" and img.getchannel("A").getextrema()[0] == 255:
        img = img.convert("RGB")
    return img


def _encode(img, passthrough: bytes | None = None) -> Prepared:
    alpha = img.mode == "RGBA"
    data = passthrough
    if data is None:
        out = io.BytesIO()
        if alpha:
            img.save(out, "PNG", optimize=False, compress_level=6)
        else:
            img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
        data = out.getvalue()
    preview = img.copy()  # kept for measuring text on the picture: ten photos at full size would cost 130 MB
    preview.thumbnail((PREVIEW, PREVIEW), 4)  # BOX: an average of the pixels, as region_pixels takes
    return Prepared(data, "png" if alpha else "jpeg", img.width, img.height, alpha, preview)


def _fit_within(width: int, height: int, long_side: int) -> tuple[int, int]:
    scale = min(1.0, long_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def for_slide(pic: Picture) -> Prepared:
    """The whole picture for a slide: at most SLIDE_LONG_SIDE pixels on its long side (cropping
    stays a crop in the deck, so that the trainer can change it in PowerPoint)."""
    from PIL import Image

    shown = oriented_size(pic)
    target = _fit_within(*shown, SLIDE_LONG_SIDE)
    img = _open(pic, target)
    if pic.kind == "JPEG" and img.size == shown == target and img.mode in ("RGB", "L"):
        with Image.open(pic.path) as raw:
            plain = raw.mode in ("RGB", "L") and raw.getexif().get(0x0112, 1) == 1
        if plain:
            with open(pic.path, "rb") as fh:
                return _encode(img, fh.read())
    if img.size != target:
        img = img.resize(target, RESAMPLE, reducing_gap=2.0)
    return _encode(img)


def print_size(pic: Picture, width_pt: float, height_pt: float) -> tuple[int, int]:
    """The pixel size for_print makes for a box, from the picture's header (nothing decoded): a
    layout that only measures need not prepare the picture."""
    return _print_plan(pic, width_pt, height_pt)[3]


def _print_plan(pic: Picture, width_pt: float, height_pt: float) -> tuple:
    """for_print's arithmetic: the shown size, the crop (left, top, right, bottom shares), the size
    to decode at least and the size made."""
    shown = oriented_size(pic)
    if pic.fit == "cover":
        left, top, right, bottom = cover_crop(*shown, width_pt, height_pt, pic.focus_point)
        crop_w, crop_h = shown[0] * (1 - left - right), shown[1] * (1 - top - bottom)
        want_w, want_h = (round(width_pt / 72 * PRINT_DPI), round(height_pt / 72 * PRINT_DPI))
    else:
        left = top = right = bottom = 0.0
        crop_w, crop_h = shown
        box = contain_box(*shown, 0, 0, width_pt, height_pt)
        want_w, want_h = round(box[2] / 72 * PRINT_DPI), round(box[3] / 72 * PRINT_DPI)
    scale = min(1.0, want_w / crop_w, want_h / crop_h)
    need = (max(1, round(shown[0] * scale)), max(1, round(shown[1] * scale)))
    return shown, (left, top, right, bottom), need, (max(1, round(crop_w * scale)), max(1, round(crop_h * scale)))


def for_print(pic: Picture, width_pt: float, height_pt: float) -> Prepared:
    """The picture as placed on paper in a width × height pt box: cropped to cover it (fit cover)
    or whole (contain), at most PRINT_DPI at that size."""
    shown, (left, top, right, bottom), need, size = _print_plan(pic, width_pt, height_pt)
    img = _open(pic, need)
    fx, fy = img.width / shown[0], img.height / shown[1]
    box = (round(left * shown[0] * fx), round(top * shown[1] * fy),
           round((1 - right) * shown[0] * fx), round((1 - bottom) * shown[1] * fy))
    if box != (0, 0, img.width, img.height) or img.size != size:
        img = img.resize(size, RESAMPLE, box=box, reducing_gap=2.0)
    return _encode(img)


class Cache:
    """Pictures prepared for one output, each file and size once (the same image used twice is stored once)."""

    def __init__(self):
        self._made: dict[tuple, Prepared] = {}

    def slide(self, pic: Picture) -> Prepared:
        key = (pic.path, "slide")
        if key not in self._made:
            self._made[key] = for_slide(pic)
        return self._made[key]

    def prefetch_slides(self, pics: list[Picture]) -> None:
        """Prepares these pictures for slides in threads (Pillow decodes, resizes and encodes without
        the GIL), one per core this process may use; errors surface when a slide asks for its picture."""
        todo = list({p.path: p for p in pics if (p.path, "slide") not in self._made}.values())
        workers = min(len(todo), _cores())
        if workers < 2:
            return
        from concurrent.futures import ThreadPoolExecutor

        def made(pic: Picture):
            try:
                return for_slide(pic)
            except DeckgenError:
                return None

        with ThreadPoolExecutor(workers) as pool:
            for pic, prepared in zip(todo, pool.map(made, todo)):
                if prepared is not None:
                    self._made[(pic.path, "slide")] = prepared

    def print(self, pic: Picture, width_pt: float, height_pt: float) -> Prepared:
        key = (pic.path, pic.fit, pic.focus, round(width_pt, 1), round(height_pt, 1))
        if key not in self._made:
            self._made[key] = for_print(pic, width_pt, height_pt)
        return self._made[key]


# --- geometry --------------------------------------------------------------------------

def cover_crop(width: float, height: float, box_w: float, box_h: float, focus: tuple[float, float]
               ) -> tuple[float, float, float, float]:
    """The shares of the picture to cut off (left, top, right, bottom) so that it fills a box of
    box_w × box_h without stretching, keeping the focus point as central as the picture allows."""
    aspect, box_aspect = width / height, box_w / box_h
    fx, fy = focus
    if aspect > box_aspect:  # wider than the box: cut the sides
        keep = box_aspect / aspect
        left = min(max(fx - keep / 2, 0.0), 1 - keep)
        return left, 0.0, 1 - keep - left, 0.0
    keep = aspect / box_aspect
    top = min(max(fy - keep / 2, 0.0), 1 - keep)
    return 0.0, top, 0.0, 1 - keep - top


def contain_box(width: float, height: float, left: float, top: float, box_w: float, box_h: float,
                focus: tuple[float, float] = (0.5, 0.5)) -> tuple[float, float, float, float]:
    """(left, top, width, height) of the whole picture scaled into the box, placed by the focus
    (a picture whose focus is 'left' sits at the box's left edge)."""
    scale = min(box_w / width, box_h / height)
    w, h = width * scale, height * scale
    return left + (box_w - w) * focus[0], top + (box_h - h) * focus[1], w, h


# --- text on pictures --------------------------------------------------------------------

def _ratio(a: float, b: float) -> float:
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def _linear(channel: float) -> float:
    s = channel / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def region_pixels(prepared: Prepared, region: tuple[float, float, float, float], backdrop: str = "#FFFFFF"
                  ) -> list[tuple[int, int, int]]:
    """The colours of the picture (as prepared) in a region given as shares (left, top, right, bottom) of it,
    reduced to at most SAMPLE × SAMPLE pixels. Transparent pixels show the backdrop (the slide's background),
    and so does a region reaching past the picture's edges (a contained picture)."""
    from PIL import Image

    img = prepared.image
    l, t, r, b = region
    shade = tuple(int(backdrop[i:i + 2], 16) for i in (1, 3, 5))
    extra = [shade] if l < 0 or t < 0 or r > 1 or b > 1 else []
    l, t, r, b = max(l, 0.0), max(t, 0.0), min(r, 1.0), min(b, 1.0)
    if r <= l or b <= t:
        return extra or [shade]
    box = (int(l * img.width), int(t * img.height), max(int(l * img.width) + 1, round(r * img.width)),
           max(int(t * img.height) + 1, round(b * img.height)))
    part = img.crop(box)
    if part.mode == "RGBA":
        under = Image.new("RGB", part.size, shade)
        under.paste(part, mask=part.getchannel("A"))
        part = under
    part = part.convert("RGB")
    if part.width > SAMPLE or part.height > SAMPLE:
        part = part.resize((min(part.width, SAMPLE), min(part.height, SAMPLE)), Image.Resampling.BOX)
    return list(getattr(part, "get_flattened_data", part.getdata)()) + extra  # Pillow 13 renamed getdata


def panel_opacity(pixels: list[tuple[int, int, int]], panel: str, texts: list[str],
                  ratio: float = TEXT_RATIO * RATIO_MARGIN) -> float:
    """The least opacity (in steps of 5%) of a panel of colour `panel` over these pixels at which every
    text colour reaches `ratio` on every pixel; 0 when the bare picture already does, 1 when only an opaque panel does."""
    pr, pg, pb = (int(panel[i:i + 2], 16) for i in (1, 3, 5))
    text_lum = [luminance(c) for c in texts]
    colours = set(pixels)
    for step in range(21):
        alpha = step / 20
        ok = True
        for r, g, b in colours:
            mixed = (r + (pr - r) * alpha, g + (pg - g) * alpha, b + (pb - b) * alpha)
            lum = 0.2126 * _linear(mixed[0]) + 0.7152 * _linear(mixed[1]) + 0.0722 * _linear(mixed[2])
            if any(_ratio(lum, t) < ratio for t in text_lum):
                ok = False
                break
        if ok:
            return alpha
    return 1.0


def _cores() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
