"""The pictures a template shows (logos, photos, artwork), decoded small once, for the painter.

The legibility check paints each layout a deck uses (paint.py), and every layout shows its
master's pictures: decoding a template's 1-4 MB photos and GIFs again for each layout and each
build was most of a templated deck's render. A picture is decoded here once per process
(by its bytes) and kept in the cache folder (`$XDG_CACHE_HOME/deckgen/thumbs`) as the small
RGBA picture the painter draws from, keyed by a digest of its bytes, the size and Pillow's
version; an entry carries its own digest, so a damaged one is decoded again, never used. The
painter gets exactly the pixels Pillow makes (the same decoding, only not repeated).
"""

from __future__ import annotations

import hashlib
import io
import marshal
import zlib
from functools import lru_cache

_FORMAT = b"deckgen-thumb-1\n"
_KEEP = 12  # pictures kept in memory per process (a template's handful): with their bytes, a few MB each


def _decode(blob: bytes, side: int):
    """Pillow's picture of blob, at most side × side, in RGBA (raises for what Pillow cannot read)."""
    from PIL import Image

    with Image.open(io.BytesIO(blob)) as src:
        if src.mode.startswith("I"):  # 16-bit grey: scale to 8 bits
            src = src.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        src.thumbnail((side, side))
        return src.convert("RGBA")


def _entry(blob: bytes, side: int):
    import PIL

    from deckgen.cache import cache_dir

    key = hashlib.sha1(blob).hexdigest() + f"-{side}-{PIL.__version__}"
    return cache_dir("thumbs") / (hashlib.sha1(key.encode()).hexdigest() + ".bin")


def _read(entry):
    from PIL import Image

    from deckgen.cache import cache_open

    body = cache_open(entry, _FORMAT)
    if body is None:
        return None
    try:
        mode, size, pixels = marshal.loads(body)
        return Image.frombytes(mode, tuple(size), zlib.decompress(pixels))
    except (ValueError, TypeError, EOFError, zlib.error):
        return None


@lru_cache(maxsize=_KEEP)
def thumbnail(blob: bytes, side: int):
    """The picture in blob decoded and made to fit side × side (RGBA), or None if Pillow cannot read it.
    The same object for the same bytes (kept in memory by lru_cache, what Pillow cannot read too):
    callers must not change it (the painter only copies from it)."""
    entry = _entry(blob, side)
    picture = _read(entry)
    if picture is None:
        try:
            picture = _decode(blob, side)
        except Exception:  # noqa: BLE001  (EMF, SVG or damaged: not painted, still an obstacle)
            picture = None
        if picture is not None:
            from deckgen.cache import cache_seal

            cache_seal(entry, _FORMAT, marshal.dumps((picture.mode, picture.size,
                                                      zlib.compress(picture.tobytes(), 1))))
    return picture
