"""Fonts a template names that deckgen has no metrics for: one warning per font naming the
theme key to fill, and `deckgen inspect` saying what each text style is measured with."""

from __future__ import annotations

import pytest
from conftest import MINIMAL, SEED
from pptx import Presentation
from renderers.templates import rewrite_part

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck.inspect import describe
from deckgen.text import sysfonts
from deckgen.theming.load import load as load_theme


@pytest.fixture
def no_system_fonts(monkeypatch, tmp_path):
    monkeypatch.setenv("DECKGEN_FONT_DIRS", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sysfonts._index_for.cache_clear()
    yield
    sysfonts._index_for.cache_clear()


def _fonts_template(tmp_path, heading: str, body: str):
    plain = tmp_path / "plain.pptx"
    Presentation().save(str(plain))

    def change(data: bytes) -> bytes:
        major = data.index(b"<a:majorFont>")
        minor = data.index(b"<a:minorFont>")
        data = data[:minor] + data[minor:].replace(b'typeface="Calibri"', f'typeface="{body}"'.encode(), 1)
        return data[:major] + data[major:].replace(b'typeface="Calibri"', f'typeface="{heading}"'.encode(), 1)

    return rewrite_part(plain, tmp_path / "fonts.pptx", "ppt/theme/theme1.xml", change)


def test_one_warning_per_unknown_font_naming_its_theme_key(tmp_path, no_system_fonts):
    template = _fonts_template(tmp_path, "Verdana", "Aptos")
    doc, _ = load(SEED)
    result = get("deck").render(doc, load_theme("default")[0], RenderOptions(template=template))
    warnings = [w for w in result.warnings if "no metrics found" in w.message]
    assert [w.message.split("font '")[1].split("'")[0] for w in warnings] == ["Aptos", "Verdana"]
    aptos, verdana = warnings
    assert "under fonts: body: with family: \"Aptos\"" in aptos.hint and "heading" not in aptos.hint
    assert "under fonts: heading: with family: \"Verdana\"" in verdana.hint
    assert all(w.location.path == str(template) for w in warnings)
    assert "Verdana (fallback: DejaVu Sans +8 % (conservative))" in " ".join(result.report)


def test_inspect_names_the_measuring_font_and_its_source(tmp_path, no_system_fonts, monkeypatch):
    monkeypatch.setattr(sysfonts, "_fontconfig_match", lambda key: "dejavu sans")
    text = describe(_fonts_template(tmp_path, "Verdana", "Calibri Light"))
    assert "title: Verdana: measured with fallback: DejaVu Sans +8 % (conservative) (set by theme major font " \
           "(master titleStyle))" in text
    assert "Calibri Light: measured with substitute: DejaVu Sans, as LibreOffice draws it without the font " \
           "(no alias maps it to its twin Carlito)" in text


def test_a_font_libreoffice_draws_wider_than_its_twin_is_named_with_the_alias_to_add(tmp_path, no_system_fonts,
                                                                                     monkeypatch):
    monkeypatch.setattr(sysfonts, "_fontconfig_match", lambda key: "dejavu sans")
    template = _fonts_template(tmp_path, "Calibri Light", "Calibri")
    doc, _ = load(SEED)
    result = get("deck").render(doc, load_theme("default")[0], RenderOptions(template=template))
    [warning] = [w for w in result.warnings if "Calibri Light" in w.message]
    assert "draws DejaVu Sans" in warning.message and "twin Carlito" in warning.message
    assert "<alias binding=\"same\"><family>Calibri Light</family><accept><family>Carlito</family>" in warning.hint
    assert not [w for w in result.warnings if "'Calibri'" in w.message]  # fontconfig's own alias: no warning
    assert "Calibri Light (substitute: DejaVu Sans" in " ".join(result.report)


def test_build_prints_the_warning_once(tmp_path, monkeypatch, run, no_system_fonts):
    monkeypatch.chdir(tmp_path)
    _fonts_template(tmp_path, "Verdana", "Verdana")
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    code, _, err = run("build", "doc.yaml", "--format", "deck", "--template", "fonts.pptx")
    assert code == 0 and err.count("no metrics found for the template's font 'Verdana'") == 1
    assert "under fonts: heading: and fonts: body: with family: \"Verdana\"" in err
