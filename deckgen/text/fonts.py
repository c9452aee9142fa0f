"""Real font metrics for measuring text, and the font files deckgen ships.

A slide names a family ("Arial", "Calibri"); PowerPoint and LibreOffice draw it with
that font or a metric-compatible twin (Liberation Sans, Carlito). deckgen ships the
twins under their licences, so text is measured with the exact advance widths that
will be drawn, on any machine. Characters a face lacks are measured, and drawn in
PDFs, with the fallback faces (DejaVu Sans, Droid Sans Fallback for CJK).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# the cache folder's helpers, also reached as fonts.cache_* by the other font caches
from deckgen.cache import CACHE_ENTRIES, cache_dir, cache_store, prune_cache  # noqa: F401

FONT_DIR = Path(__file__).parent.parent / "fonts"
STYLES = ("regular", "bold", "italic", "bold_italic")

# Bundled families: name -> folder/file stem. Aliases map the fonts templates name
# to their metric-compatible twins.
_BUNDLED = {
    "liberation sans": "liberation/LiberationSans",
    "liberation serif": "liberation/LiberationSerif",
    "carlito": "carlito/Carlito",
    "caladea": "caladea/Caladea",
    "dejavu sans": "dejavu/DejaVuSans",
}
ALIASES = {
    "arial": "liberation sans",
    "helvetica": "liberation sans",
    "arimo": "liberation sans",
    "times new roman": "liberation serif",
    "times": "liberation serif",
    "tinos": "liberation serif",
    "calibri": "carlito",
    "calibri light": "carlito",  # Calibri Light is not wider than Calibri: Carlito measures it safely
    "cambria": "caladea",
}
# Metric-compatible twins deckgen does not ship but finds among the system's fonts
# (Debian: fonts-liberation2).
SYSTEM_TWINS = {"arial narrow": "liberation sans narrow", "courier new": "liberation mono",
                "courier": "liberation mono", "cousine": "liberation mono"}
_SUFFIX = {"regular": "-Regular", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}
_DEJAVU_SUFFIX = {"regular": "", "bold": "-Bold", "italic": "", "bold_italic": "-Bold"}
FALLBACK_FILES = (FONT_DIR / "dejavu/DejaVuSans.ttf", FONT_DIR / "droid/DroidSansFallbackFull.ttf")


@dataclass(frozen=True)
class FontFiles:
    """The four style files of one family; missing styles fall back to the nearest one."""

    regular: Path
    bold: Path | None = None
    italic: Path | None = None
    bold_italic: Path | None = None

    def path(self, bold: bool = False, italic: bool = False) -> Path:
        if bold and italic:
            return self.bold_italic or self.bold or self.italic or self.regular
        if bold:
            return self.bold or self.regular
        if italic:
            return self.italic or self.regular
        return self.regular


def bundled_files(family: str) -> FontFiles | None:
    """The shipped files for a family name or a metric-compatible alias, or None."""
    key = family.strip().lower()
    stem = _BUNDLED.get(ALIASES.get(key, key))
    if stem is None:
        return None
    suffix = _DEJAVU_SUFFIX if stem.startswith("dejavu") else _SUFFIX
    files = {style: FONT_DIR / f"{stem}{suffix[style]}.ttf" for style in STYLES}
    return FontFiles(**{k: (v if v.exists() else None) for k, v in files.items()})  # type: ignore[arg-type]


class Face:
    """Advance widths (in em) and character coverage of one font file.

    Reading a font with fontTools costs ~30 ms, more than the rest of a small build; the
    few numbers needed are therefore kept in a small JSON cache keyed by the file's path,
    size and modification time (in $XDG_CACHE_HOME/deckgen, skipped when unwritable).
    """

    def __init__(self, path: Path, scale: float = 1.0):
        self.path = path
        data = _cached_metrics(path)
        self.units: float = data["units"] / scale  # a scale > 1 measures every advance wider
        self.advances: dict[int, int] = data["advances"]
        self.cap: float = data.get("cap", 0.7 * data["units"]) / data["units"]  # cap height, in em
        self._cache: dict[str, float] = {}

    def has(self, char: str) -> bool:
        return ord(char) in self.advances

    def char_width(self, char: str) -> float | None:
        advance = self.advances.get(ord(char))
        return None if advance is None else advance / self.units

    def width(self, text: str) -> float:
        """Width of text in em, missing glyphs measured in the fallback faces."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        total = 0.0
        for char in text:
            w = self.char_width(char)
            if w is None:
                w = fallback_width(char)
            total += w
        self._cache[text] = total
        return total


@contextmanager
def open_font(path: Path):
    """fontTools' TTFont of a file, read lazily, with fontTools' own log messages held back.

    fontTools logs oddities of a font it can read anyway (Carlito's 'created' timestamp
    "seems very low"): nothing a user can act on, so they do not reach the terminal."""
    from fontTools.ttLib import TTFont  # imported here: only a cold cache and theme checks need it

    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with open(path, "rb") as handle, TTFont(handle, lazy=True) as font:  # closed even when unreadable
            yield font
    finally:
        log.setLevel(level)


def _read_metrics(path: Path) -> dict:
    with open_font(path) as font:
        units = font["head"].unitsPerEm
        hmtx = font["hmtx"].metrics
        cmap = font.getBestCmap() or {}
        os2 = font["OS/2"] if "OS/2" in font else None
        cap = getattr(os2, "sCapHeight", 0) or 0
        if not cap and "glyf" in font and ord("H") in cmap:  # old OS/2 tables: the height of an H
            glyph = font["glyf"][cmap[ord("H")]]
            cap = getattr(glyph, "yMax", 0) or 0
        return {"units": units, "advances": {cp: hmtx[glyph][0] for cp, glyph in cmap.items()},
                "cap": cap or round(0.7 * units)}


def cache_entry(kind: str, path: Path, *version: object) -> Path:
    """Where a cache of `kind` keeps what it derived from a font file, in $XDG_CACHE_HOME/deckgen/KIND:
    named by the file's path, size and modification time, and the deriving code's version."""
    stat = path.stat()
    key = "|".join([str(path.resolve()), str(stat.st_size), str(stat.st_mtime_ns), *map(str, version)])
    return cache_dir(kind) / hashlib.sha1(key.encode()).hexdigest()


def _cached_metrics(path: Path) -> dict:
    """A font's metrics, from the cache when they are there. Kept with marshal, Python's own format
    for its compiled modules: read 6–8 times faster than the same dict as JSON (whose keys would
    also have to be turned back into integers), and keyed by the format's and Python's version."""
    cache = cache_entry("metrics", path, 4, marshal.version, *sys.version_info[:2]).with_suffix(".marshal")
    try:
        data = marshal.loads(cache.read_bytes())
        if isinstance(data, dict) and isinstance(data.get("advances"), dict) and "units" in data:
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = _read_metrics(path)
    cache_store(cache, marshal.dumps(data))
    return data


@lru_cache(maxsize=None)
def face(path: Path, scale: float = 1.0) -> Face:
    return Face(path, scale)


def fallback_faces() -> Iterator[Face]:
    """The fallback faces in order, each read only when the ones before it lack what is asked for:
    a Latin document that needs one symbol from DejaVu Sans never reads Droid Sans Fallback's
    metrics (50,000 characters; 45 ms from the cache, 0.6 s without it)."""
    for path in _fallback_files():
        yield face(path)


@lru_cache(maxsize=None)
def _fallback_files() -> tuple[Path, ...]:
    return tuple(p for p in FALLBACK_FILES if p.exists())


@lru_cache(maxsize=4096)
def fallback_width(char: str) -> float:
    """Width of a character no main face has: the fallbacks', else a full em (conservative)."""
    if char in "\u200b\u200c\u200d\u00ad\u2060\ufeff":
        return 0.0
    for fb in fallback_faces():
        w = fb.char_width(char)
        if w is not None:
            return w
    return 1.0


def fallback_for(char: str) -> Face | None:
    """The first fallback face that can draw char, or None."""
    for fb in fallback_faces():
        if fb.has(char):
            return fb
    return None


@dataclass(frozen=True)
class Family:
    """A family as the outputs name it, with the files used to measure and embed it."""

    name: str
    files: FontFiles
    scale: float = 1.0  # > 1 for the conservative fallback (text/sysfonts.py)
    source: str = ""  # where the metrics come from, for inspect and the fit report

    def face(self, bold: bool = False, italic: bool = False) -> Face:
        return face(self.files.path(bold, italic), self.scale)
