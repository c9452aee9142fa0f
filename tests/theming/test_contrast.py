"""WCAG 2.1 contrast: the formula, the thresholds, and how a theme that fails is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.errors import DeckgenError
from deckgen.theming.contrast import BODY, LARGE, heading_minimum, is_large, luminance, problems, ratio
from deckgen.theming.load import available, load


def theme(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(text, encoding="utf-8")
    return folder


def test_luminance_and_ratio_follow_wcag():
    assert luminance("#000000") == 0 and luminance("#FFFFFF") == pytest.approx(1)
    assert ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert ratio("#FFFFFF", "#000000") == ratio("#000000", "#FFFFFF")
    assert ratio("#1F4E79", "#1F4E79") == pytest.approx(1)
    # known values (WebAIM's contrast checker)
    assert ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest grey passing AA on white
    assert ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # just fails
    assert ratio("#949494", "#FFFFFF") == pytest.approx(3.03, abs=0.01)
    assert ratio("#0000FF", "#FFFFFF") == pytest.approx(8.59, abs=0.01)


def test_large_text_is_18pt_or_14pt_bold():
    assert is_large(18, bold=False) and not is_large(17.9, bold=False)
    assert is_large(14, bold=True) and not is_large(13, bold=True)


@pytest.mark.parametrize("name", ["default", "print", "projector"])
def test_builtin_themes_pass_every_pair(name):
    assert problems(load(name)[0]) == []


def test_every_found_theme_passes():
    for name in available(None):
        assert problems(load(name)[0]) == [], name


def test_low_body_contrast_is_an_error_naming_both_colours_and_the_ratio(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\ncolors:\n  text: "#777777"\n  surface: "#FFFFFF"\n')
    with pytest.raises(DeckgenError) as info:
        load(folder)
    assert [d.format() for d in info.value.errors] == [
        f"{folder / 'theme.yaml'}:4:9: error: colour 'text' #777777 on 'background' #FFFFFF has contrast 4.48:1; "
        "body text need 4.5:1 (WCAG 2.1 AA) (darken or lighten one of them, or build with --allow-low-contrast)",
        f"{folder / 'theme.yaml'}:4:9: error: colour 'text' #777777 on 'surface' #FFFFFF has contrast 4.48:1; "
        "text in call-outs need 4.5:1 (WCAG 2.1 AA) (darken or lighten one of them, or build with "
        "--allow-low-contrast)"]


def test_allow_low_contrast_downgrades_to_warnings(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\ncolors:\n  text: "#999999"\n')
    loaded, warnings = load(folder, allow_low_contrast=True)
    assert loaded.colors.text == "#999999"
    assert [w.severity for w in warnings] == ["warning", "warning"]
    assert warnings[0].format() == (f"{folder / 'theme.yaml'}:4:9: warning: colour 'text' #999999 on 'background' "
                                    "#FFFFFF has contrast 2.85:1; body text need 4.5:1 (WCAG 2.1 AA) (darken or "
                                    "lighten one of them)")


def test_a_background_set_by_the_child_points_at_the_childs_line(tmp_path):
    # the text colour comes from the parent, the background that breaks it from the child
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\ncolors:\n  background: "#2A2A2A"\n'
                                   '  surface: "#2A2A2A"\n  muted: "#BBBBBB"\n  primary: "#9CC3E6"\n'
                                   '  accent: "#F4B183"\n  on_primary: "#111111"\n')
    with pytest.raises(DeckgenError) as info:
        load(folder)
    [body, callout] = info.value.errors
    assert body.format().startswith(f"{folder / 'theme.yaml'}:4:15: error: colour 'text' #1E2A36 on 'background' "
                                    "#2A2A2A has contrast 1.")
    assert str(callout.location) == f"{folder / 'theme.yaml'}:5:12"


def test_headings_need_4_5_unless_every_heading_size_is_large(tmp_path):
    grey = 'colors:\n  primary: "#8A8A8A"\n  on_primary: "#000000"\n'  # 3.45:1 on white: large text only
    assert 3 < ratio("#8A8A8A", "#FFFFFF") < 4.5
    small = theme(tmp_path / "small", 'name: "small"\nextends: "default"\n' + grey)
    with pytest.raises(DeckgenError) as info:
        load(small)
    [message] = [d.format() for d in info.value.errors]
    assert message.startswith(f"{small / 'theme.yaml'}:4:12: error: colour 'primary' #8A8A8A on 'background' #FFFFFF "
                              "has contrast 3.45:1; headings (13 pt is not large text) need 4.5:1")
    large = theme(tmp_path / "large", 'name: "large"\nextends: "default"\n' + grey + 'handout:\n  heading_size: "14"\n')
    loaded, warnings = load(large)
    assert warnings == [] and heading_minimum(loaded) == (LARGE, "headings (large text)")


def test_text_on_primary_bands(tmp_path):
    folder = theme(tmp_path / "t", 'name: "t"\nextends: "default"\ncolors:\n  on_primary: "#3A6EA5"\n')
    with pytest.raises(DeckgenError) as info:
        load(folder)
    [message] = [d.format() for d in info.value.errors]
    assert "colour 'on_primary' #3A6EA5 on 'primary' #1F4E79 has contrast 1.63:1" in message
    assert f"need {BODY:g}:1" in message
