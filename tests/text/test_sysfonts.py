"""Where the metrics of a template's font come from (text/sysfonts.py): theme files, the
machine's fonts (an index built once and cached), bundled twins, or a conservative fallback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from deckgen.text import sysfonts
from deckgen.text.fit import Para, Run, TextStyle, count_lines
from deckgen.text.fonts import FONT_DIR, Family, FontFiles, bundled_files


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A machine whose only font folder is tmp/fonts, with a private cache."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setenv("DECKGEN_FONT_DIRS", str(fonts))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sysfonts._index_for.cache_clear()
    yield fonts
    sysfonts._index_for.cache_clear()


def test_an_installed_font_is_found_by_the_names_in_its_file(machine):
    shutil.copy(FONT_DIR / "carlito" / "Carlito-Regular.ttf", machine / "a.ttf")  # file names say nothing
    shutil.copy(FONT_DIR / "carlito" / "Carlito-Bold.ttf", machine / "b.ttf")
    fam = sysfonts.find_family("carlito")
    assert fam.source == f"installed: {machine / 'a.ttf'}"
    assert (fam.files.regular, fam.files.bold) == (machine / "a.ttf", machine / "b.ttf")


def test_the_index_is_read_once_then_cached(machine, monkeypatch):
    shutil.copy(FONT_DIR / "carlito" / "Carlito-Regular.ttf", machine / "a.ttf")
    assert sysfonts.system_files("Carlito") is not None
    cached = list((machine.parent / "cache" / "deckgen" / "sysfonts").glob("*.json"))
    assert len(cached) == 1 and str(machine / "a.ttf") in json.loads(cached[0].read_text())["files"]
    sysfonts._index_for.cache_clear()
    described = []
    real = sysfonts._describe
    monkeypatch.setattr(sysfonts, "_describe", lambda path: described.append(path) or real(path))
    assert sysfonts.system_files("Carlito") is not None
    assert described == []  # a warm build reads no font file
    shutil.copy(FONT_DIR / "caladea" / "Caladea-Regular.ttf", machine / "new.ttf")
    sysfonts._index_for.cache_clear()
    assert sysfonts.system_files("Caladea").regular == machine / "new.ttf"
    assert described == [str(machine / "new.ttf")]  # only the new file is read


def test_bundled_twins_and_the_theme_files_come_before_the_fallback(machine, monkeypatch):
    monkeypatch.setattr(sysfonts, "_fontconfig_match", lambda key: "carlito")  # a machine that maps it
    assert sysfonts.find_family("Calibri Light").source == "bundled twin: Carlito"
    assert sysfonts.find_family("Arial").source == "bundled twin: Liberation Sans"
    own = Family("Corbel", FontFiles(Path("/themes/corp/fonts/Corbel.ttf")))
    assert sysfonts.find_family("corbel", (own,)).source == "theme font files"


def test_an_unknown_font_is_measured_wide_never_as_arial(machine):
    fam = sysfonts.find_family("Verdana")
    assert fam.source.startswith("fallback: DejaVu Sans")
    text = "Ontwikkelingssamenwerking draagt daaraan bij, zo blijkt uit het onderzoek"
    fallback, dejavu, arial = (f.face().width(text) for f in (
        fam, Family("DejaVu Sans", bundled_files("DejaVu Sans")), Family("Arial", bundled_files("Arial"))))
    assert fallback >= dejavu * sysfonts.FALLBACK_SCALE * 0.999
    assert fallback > arial * 1.2
    para = Para((Run(text),))
    assert count_lines(para, TextStyle(fam), 28, 400) > count_lines(para, TextStyle(Family("A", bundled_files("Arial"))), 28, 400)


def test_an_unreadable_file_in_a_font_folder_is_skipped(machine):
    (machine / "broken.ttf").write_bytes(b"\x00\x01\x00\x00 not really a font")
    shutil.copy(FONT_DIR / "carlito" / "Carlito-Regular.ttf", machine / "ok.ttf")
    assert sysfonts.system_files("Carlito").regular == machine / "ok.ttf"


def test_a_twin_libreoffice_does_not_know_the_font_by_is_not_what_it_is_measured_with(machine, monkeypatch):
    """fontconfig binds Carlito to "Calibri" but not to "Calibri Light": a LibreOffice without the font
    draws DejaVu Sans (Debian, Ubuntu), a quarter wider, and "ontwikkelingssamenwerking" broke between
    letters in titles measured with Carlito. It is measured as what LibreOffice draws, unless this
    machine's fontconfig maps the name to the twin (a user's alias), or the font is installed."""
    monkeypatch.setattr(sysfonts, "_fontconfig_match", lambda key: "dejavu sans")
    light = sysfonts.find_family("Calibri Light")
    assert light.source.startswith(sysfonts.SUBSTITUTE + ": DejaVu Sans") and "twin Carlito" in light.source
    assert sysfonts.find_family("Calibri").source == "bundled twin: Carlito"  # fontconfig's own alias
    assert sysfonts.find_family("Cambria").source == "bundled twin: Caladea"
    word = "ontwikkelingssamenwerking"
    carlito = Family("Carlito", bundled_files("Carlito")).face().width(word)
    drawn = Family("DejaVu Sans", bundled_files("DejaVu Sans")).face().width(word)
    assert light.face().width(word) >= drawn > carlito * 1.15


def test_fontconfig_is_asked_once_per_name_and_may_be_missing(monkeypatch):
    sysfonts._fontconfig_match.cache_clear()
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert sysfonts._fontconfig_match("calibri light") == ""  # no fontconfig: never the twin
    assert not sysfonts.drawn_as_twin("calibri light", "carlito") and sysfonts.drawn_as_twin("calibri", "carlito")
    sysfonts._fontconfig_match.cache_clear()
