"""`deckgen themes new --from` with real and made templates (issue 13): the theme it writes loads,
passes `themes check` and builds; a dark template's theme prints dark on white paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from renderers.templates import made_template

from deckgen.authoring.newtheme import new_theme
from deckgen.theming.contrast import ratio
from deckgen.theming.load import load

SHARED = Path("/work/shared/templates")
if not SHARED.is_dir():
    SHARED = Path(__file__).resolve().parents[3] / "shared" / "templates"
TEMPLATES = sorted(SHARED.glob("*.p*x")) if SHARED.is_dir() else []


@pytest.mark.skipif(not TEMPLATES, reason=f"no shared templates at {SHARED} (not part of the project)")
@pytest.mark.parametrize("template", TEMPLATES, ids=[t.stem for t in TEMPLATES])
def test_a_theme_from_a_real_template_passes_its_own_checks(tmp_path, run, monkeypatch, template):
    monkeypatch.chdir(tmp_path)
    folder = new_theme("corp", tmp_path / "themes", template)
    code, _, err = run("themes", "check", str(folder))
    assert code == 0, err
    theme, _ = load(folder)
    assert ratio(theme.colors.accent, theme.colors.surface) >= 3.0  # a question on the discussion panel


def test_a_dark_template_gives_white_paper_print_colours(tmp_path):
    template = made_template(tmp_path / "dark.pptx", "dark-low-contrast")
    folder = new_theme("dark", tmp_path / "themes", template)
    theme, _ = load(folder)
    assert theme.colors.background == "#101418"
    assert theme.print_colors.background == "#FFFFFF" and ratio(theme.print_colors.text, "#FFFFFF") >= 4.5
    assert ratio(theme.print_colors.accent, "#FFFFFF") >= 3.0
    assert "print_colors:" in (folder / "theme.yaml").read_text(encoding="utf-8")
