"""A cache of ReportLab's parsed TrueType faces, so a PDF build does not parse its fonts again.

ReportLab parses a font file in pure Python (about 3 ms a face) each time a process
registers it. The parsed face's data is kept as a pickle in $XDG_CACHE_HOME/deckgen/faces,
keyed by the file's path, size and modification time and by ReportLab's version; the
font's own bytes are not copied (they are read from the file). A cache that is missing,
unwritable, stale or unreadable only costs the parse: it is never an error.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path

import reportlab
from reportlab.pdfbase import ttfonts

from deckgen.text.fonts import cache_entry, cache_store

FORMAT = 1  # bump when what is stored changes
_NOT_STORED = ("_ttf_data", "_pdfScale")  # the file's bytes (read again) and a lambda (made again)


def _key(path: Path) -> Path:
    return cache_entry("faces", path, reportlab.Version, FORMAT).with_suffix(".pickle")


def load(filename: str) -> ttfonts.TTFontFace | None:
    """The parsed face of a font file from the cache, or None."""
    path = Path(filename)
    try:
        state = pickle.loads(_key(path).read_bytes())
        state["_ttf_data"] = path.read_bytes()
    except Exception:  # noqa: BLE001  (missing, stale, truncated or from another version: parse again)
        return None
    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    face.__dict__.update(state)
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    return face


def store(filename: str, face: ttfonts.TTFontFace) -> None:
    """Keeps a freshly parsed face (silently skipped when the cache cannot be written)."""
    state = {k: v for k, v in face.__dict__.items() if k not in _NOT_STORED}
    try:
        data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        target = _key(Path(filename))
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    cache_store(target, data)


@contextlib.contextmanager
def parsed(face: ttfonts.TTFontFace):
    """Within this block, ReportLab's TTFont() takes `face` instead of parsing its file.

    TTFont.__init__ does more than parse (encoding, per-document state, shaping flags);
    letting it run with the face swapped in keeps all of that ReportLab's own."""
    real = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *args, **kwargs: face
    try:
        yield
    finally:
        ttfonts.TTFontFace = real
