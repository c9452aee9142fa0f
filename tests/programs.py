"""The programs some tests need next to Python, and what happens when one is missing.

On a machine that has only Python, a test that needs LibreOffice, poppler, qpdf or Chromium
is skipped with one line naming the package to install. Under CI=true (.ci/run, which
installs them all) a missing program fails the test instead, so CI always proves what those
tests check (the fit guarantee is measured with LibreOffice).

Tests say what they need with `@pytest.mark.needs("qpdf", "pdffonts")` (or call
`need("qpdf")` in their body); `@pytest.mark.render` implies `needs("soffice")`.
"""

from __future__ import annotations

import os
import shutil
from functools import cache

import pytest

_POPPLER = "poppler (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)"
# Each program: what it is and how to install it.
TOOLS = {
    "soffice": "LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress-nogui; macOS: brew install --cask "
               "libreoffice)",
    "uno": "LibreOffice's Python bridge (Debian/Ubuntu: apt-get install python3-uno; it comes with LibreOffice on "
           "macOS and Windows)",
    "pdftoppm": _POPPLER, "pdfinfo": _POPPLER, "pdffonts": _POPPLER, "pdftotext": _POPPLER,
    "qpdf": "qpdf (Debian/Ubuntu: apt-get install qpdf; macOS: brew install qpdf)",
    "chromium": "Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium)",
    "dejavu-mono": "the DejaVu fonts (Debian/Ubuntu: apt-get install fonts-dejavu-core)",
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@cache
def have(tool: str) -> bool:
    """Whether the program is here (LibreOffice also in its usual install folders, as deckgen looks)."""
    if tool == "soffice":
        from deckgen.renderers.slides.office import find_soffice

        return find_soffice() is not None
    if tool == "uno":
        from deckgen.renderers.slides.office import find_soffice, uno_python

        exe = find_soffice()
        return exe is not None and uno_python(exe) is not None
    if tool == "chromium":
        return any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome"))
    if tool == "dejavu-mono":
        from deckgen.text import glyphs

        return any(any(folder.rglob("DejaVuSansMono.ttf")) for folder in glyphs.font_dirs() if folder.is_dir())
    return shutil.which(tool) is not None


def missing(*tools: str) -> str | None:
    """One line naming each missing program and how to install it, or None when all are here."""
    absent = [t for t in tools if not have(t)]
    if not absent:
        return None
    named = dict.fromkeys(TOOLS[t] for t in absent)  # poppler once, however many of its programs
    return "needs " + "; ".join(named)


def need(*tools: str) -> None:
    """Skips the test when a program is missing, with one line saying what to install; fails it under CI=true."""
    line = missing(*tools)
    if line is None:
        return
    if in_ci():
        pytest.fail(f"{line} (CI=true: every program the tests use must be installed)", pytrace=False)
    pytest.skip(line)
