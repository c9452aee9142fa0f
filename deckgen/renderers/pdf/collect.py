"""Fewer full garbage collections while a long PDF is laid out and drawn.

A run sheet or a card set makes its whole story before drawing it: tens of thousands of
paragraphs, their fragments and lines, alive until the file is written. Python's collector
walks every object it tracks in a full collection, which it starts after ten collections
of the middle generation (once the old generation has grown by a quarter), so a long
document was walked again and again while almost nothing in it was garbage: at ×100 (700
questions) a quarter of the run sheet's time. Within `fewer_full()` a full collection waits
ten times as long; the young generations are collected as before (cycles made and dropped
while laying out are freed as soon), and the settings are put back afterwards. Nothing
drawn depends on it. The run sheet uses it around laying out and drawing only: around its
whole render (writing the tagged file too) the ×100 peak memory grew by 9 MB.
"""

from __future__ import annotations

import contextlib
import gc

FULL_AFTER = 100  # collections of the middle generation before a full one (Python's default: 10)


@contextlib.contextmanager
def fewer_full():
    first, middle, full = gc.get_threshold()
    gc.set_threshold(first, middle, max(full, FULL_AFTER))
    try:
        yield
    finally:
        gc.set_threshold(first, middle, full)
