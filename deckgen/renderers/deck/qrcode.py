"""The closing slide's QR code: a black-on-white PNG, made once per link and kept.

segno makes the same PNG for the same link every time; choosing its mask and writing
600 × 600 pixels in pure Python is about a twentieth of a deck's render, so the PNG is kept
in the cache folder (`$XDG_CACHE_HOME/deckgen/qr`), keyed by the link, the drawing
settings and segno's own files (an upgraded segno makes new codes), and in memory for the
rest of the process (`png` is an lru_cache). An entry carries its own digest: a damaged or truncated one is made
again, never used. The picture is added to the slide as python-pptx's `add_picture` adds
it, without Pillow reading the PNG back three times for what is known here (a PNG, no
resolution set: python-pptx's 72 dpi default, and the size the slide gives it).
"""

from __future__ import annotations

import hashlib
import io
import os
from functools import cache, lru_cache

QR_BORDER = 4  # modules of quiet zone, as the QR standard asks
QR_PIXELS = 600  # the code's side, about: each module a whole number of pixels (sharp at any zoom)
_FORMAT = b"deckgen-qr-1\n"


@cache
def _segno_stamp() -> str:
    """segno's version as its files say it (names, sizes, times), without importing it."""
    from importlib.util import find_spec

    spec = find_spec("segno")
    folder = os.path.dirname(spec.origin) if spec is not None and spec.origin else None
    if folder is None:
        return "none"
    try:
        return "|".join(f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}" for e in
                        sorted(os.scandir(folder), key=lambda e: e.name) if e.name.endswith(".py"))
    except OSError:
        return "unknown"


def _entry(url: str):
    from deckgen.cache import cache_dir

    key = f"{url}\n{QR_BORDER}|{QR_PIXELS}|m|#000000|#FFFFFF\n{_segno_stamp()}"
    return cache_dir("qr") / (hashlib.sha1(key.encode("utf-8")).hexdigest() + ".bin")


def _make(url: str) -> bytes:
    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    modules = code.symbol_size(border=QR_BORDER)[0]
    code.save(out, kind="png", scale=max(1, QR_PIXELS // modules), border=QR_BORDER, dark="#000000",
              light="#FFFFFF")
    return out.getvalue()


@lru_cache(maxsize=None)  # a deck has one link; a process building many documents, a few
def png(url: str) -> bytes:
    """The link's QR code as a PNG: from memory, else the cache folder, else made (and kept)."""
    from deckgen.cache import cache_open, cache_seal

    entry = _entry(url)
    data = cache_open(entry, _FORMAT)
    if data is None or not data.startswith(b"\x89PNG\r\n\x1a\n"):
        data = _make(url)
        cache_seal(entry, _FORMAT, data)
    return data


def add_png(shapes, data: bytes, left: int, top: int, width: int, height: int):
    """shapes.add_picture(BytesIO(data), left, top, width, height) for a PNG without a resolution,
    the same XML and image part, without Pillow; python-pptx's own call should its internals differ."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.image import Image, ImagePart
    from pptx.util import lazyproperty

    part = shapes.part
    package = part.package
    if not (hasattr(shapes, "_grpSp") and hasattr(shapes, "_shape_factory") and hasattr(package, "_image_parts")
            and isinstance(Image.__dict__.get("_pil_props"), lazyproperty)):  # pragma: no cover - another python-pptx
        return shapes.add_picture(io.BytesIO(data), left, top, width, height)
    image = Image(data, None)
    image.__dict__["_pil_props"] = ("PNG", None, None)  # the format is all ImagePart.new reads of it
    image_part = package._image_parts._find_by_sha1(image.sha1) or ImagePart.new(package, image)
    r_id = part.relate_to(image_part, RT.IMAGE)
    id_ = shapes._next_shape_id
    pic = shapes._grpSp.add_pic(id_, f"Picture {id_ - 1}", image_part.desc, r_id, left, top, width, height)
    return shapes._shape_factory(pic)
