"""`deckgen themes new`: from the default theme and from a template, each a theme that checks and builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from renderers.templates import rewrite_part

from deckgen.authoring.newtheme import brand_colors, mix, new_theme, readable
from deckgen.errors import DeckgenError
from deckgen.theming.contrast import ratio
from deckgen.theming.load import load

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ROOT / "tests" / "data" / "templates" / "german.potx"
FALLBACK = ROOT / "tests" / "data" / "templates" / "title-only-blank.pptx"
ENGLISH = ROOT / "content" / "migration-and-development-cooperation.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def layouts_used(deck: Path) -> list[str]:
    from pptx import Presentation

    return [slide.slide_layout.name for slide in Presentation(str(deck)).slides]


def rewrite_theme_part(source: Path, target: Path, **replacements: str) -> Path:
    """A copy of a template whose theme part has some text replaced (colours, typefaces)."""
    def change(data: bytes) -> bytes:
        for old, new in replacements.items():
            assert old.encode() in data, old
            data = data.replace(old.encode(), new.encode())
        return data

    return rewrite_part(source, target, "ppt/theme/theme1.xml", change)


# --- from the default theme ---------------------------------------------------------------

def test_new_theme_from_default_checks_and_builds_a_deck(project, run):
    code, out, _ = run("themes", "new", "acme")
    folder = project / "themes" / "acme"
    assert code == 0 and f"created {Path('themes') / 'acme'}" in out
    assert sorted(p.name for p in folder.iterdir()) == ["theme.yaml"]  # no deckgen logo to copy (issue 13)
    text = (folder / "theme.yaml").read_text(encoding="utf-8")
    for key in ("name:", "description:", "extends:", "colors:", "fonts:", "logo:", "deck:", "handout:", "cards:"):
        assert f"\n{key}" in text
    assert run("themes", "check", "themes/acme") == (0, "theme 'acme' is valid\n", "")
    acme, default = load(folder)[0], load("default")[0]
    assert acme.colors == default.colors and acme.deck == default.deck and acme.handout == default.handout
    assert acme.logo is None and acme.heading.name == "Arial"
    assert "acme" in run("themes")[1]  # listed as a project theme
    code, out, err = run("build", str(ENGLISH), "--theme", "themes/acme", "--format", "deck", "--out", "out")
    assert code == 0, err
    deck = project / "out" / "acme" / (ENGLISH.stem + ".pptx")
    assert deck.is_file() and len(layouts_used(deck)) > 10


def test_new_theme_in_another_folder(tmp_path):
    folder = new_theme("house_style-2", tmp_path / "deep" / "themes")
    assert folder == tmp_path / "deep" / "themes" / "house_style-2"
    assert load(folder)[0].name == "house_style-2"


# --- from an organisation's template ------------------------------------------------------

def test_new_theme_from_a_potx_reads_its_fonts_and_colours(project, run):
    code, out, _ = run("themes", "new", "vorlage", "--from", str(GERMAN))
    assert code == 0
    folder = project / "themes" / "vorlage"
    assert sorted(p.name for p in folder.iterdir()) == ["template.potx", "theme.yaml"]
    assert (folder / "template.potx").read_bytes() == GERMAN.read_bytes()
    vorlage, warnings = load(folder)
    assert warnings == []
    assert (vorlage.heading.name, vorlage.body.name) == ("Cambria", "Calibri")  # the template's font scheme
    assert vorlage.heading.files.regular.name == "Caladea-Regular.ttf"
    c = vorlage.colors
    assert (c.background, c.text, c.primary, c.accent, c.surface) == ("#FFFFFF", "#222222", "#0B4F4A", "#B5452B",
                                                                      "#E6F2F1")
    assert vorlage.logo is None and vorlage.template == folder / "template.potx"
    text = (folder / "theme.yaml").read_text(encoding="utf-8")
    assert "'Titelfolie', 'Titel und Inhalt', 'Abschnittsüberschrift'" in text
    assert run("themes", "check", str(folder)) == (0, "theme 'vorlage' is valid\n", "")
    code, _, err = run("build", str(ENGLISH), "--theme", str(folder), "--format", "deck", "--out", "out")
    assert code == 0, err
    used = layouts_used(project / "out" / "vorlage" / (ENGLISH.stem + ".pptx"))
    assert used[0] == "Titelfolie" and used[2] == "Titel und Inhalt"
    assert "Abschnittsüberschrift" in used and "Nur Titel" in used


def test_template_colours_that_are_hard_to_read_are_made_readable(project):
    pale = rewrite_theme_part(GERMAN, project / "pale.potx", **{'"0B4F4A"': '"9FD3CF"', '"B5452B"': '"FFE08A"'})
    folder = new_theme("pale", Path("themes"), pale)
    colors = load(folder)[0].colors
    assert colors.primary == "#0B7A75" and colors.accent == "#5B8C5A"  # the next readable brand colours
    text = (folder / "theme.yaml").read_text(encoding="utf-8")
    assert "# primary: the template's tx2 #9FD3CF has contrast 1.65:1 on #FFFFFF; its accent1 #0B7A75 is used" in text
    # a scheme whose every colour is too light: the first is darkened just enough
    colors_, notes = brand_colors({"lt1": "#FFFFFF", "dk1": "#222222", "dk2": "#9FD3CF", "accent1": "#A8D8FF",
                                   "accent2": "#FFE08A"})
    assert ratio(colors_["primary"], "#FFFFFF") >= 4.5 and colors_["primary"] != "#9FD3CF"
    assert ratio(colors_["accent"], "#FFFFFF") >= 3
    assert any(n.startswith("primary: the template's tx2 #9FD3CF has contrast") and "made readable" in n
               for n in notes)


def test_template_font_without_metrics_falls_back_with_instructions(project):
    segoe = rewrite_theme_part(GERMAN, project / "segoe.potx", **{'typeface="Calibri"': 'typeface="Segoe UI"'})
    folder = new_theme("segoe", Path("themes"), segoe)
    loaded, _ = load(folder)
    assert loaded.body.name == "Arial" and loaded.heading.name == "Cambria"
    text = (folder / "theme.yaml").read_text(encoding="utf-8")
    assert "The template's body font is 'Segoe UI'" in text and '#   family: "Segoe UI"' in text


def test_new_theme_from_a_dark_template_follows_its_colour_map(project):
    folder = new_theme("dark", Path("themes"), ROOT / "themes" / "projector" / "template.pptx")
    dark, projector = load(folder)[0], load("projector")[0]
    assert (dark.colors.background, dark.colors.text, dark.colors.primary) == ("#111827", "#F9FAFB", "#38BDF8")
    assert dark.colors.surface == "#1F2937" and dark.colors.on_primary == "#000000"
    assert (dark.heading.name, dark.body.name) == (projector.heading.name, projector.body.name) == ("Calibri",
                                                                                                    "Calibri")


def test_template_without_title_and_content_is_accepted(project, run):
    folder = new_theme("sparse", Path("themes"), FALLBACK)
    assert load(folder)[0].template == folder / "template.pptx"
    assert run("themes", "check", str(folder))[0] == 0


# --- refusals: nothing is left behind -----------------------------------------------------

@pytest.mark.parametrize("name", ["my theme", "../up", "-dash", "a" * 65, ""])
def test_bad_names_are_refused(project, name):
    with pytest.raises(DeckgenError) as info:
        new_theme(name, Path("themes"))
    assert "letters, digits" in info.value.errors[0].message
    assert not (project / "themes").exists()


def test_existing_folder_is_left_alone(project, run):
    (project / "themes" / "taken").mkdir(parents=True)
    (project / "themes" / "taken" / "notes.txt").write_text("mine")
    code, _, err = run("themes", "new", "taken")
    assert code == 1 and "that folder exists already; nothing was changed" in err
    assert [p.name for p in (project / "themes" / "taken").iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("data, message", [(b"not a zip", "the template is not a PowerPoint file"),
                                           (b"PK\x03\x04broken", "the template is damaged")])
def test_broken_template_creates_nothing(project, run, data, message):
    bad = project / "brand.pptx"
    bad.write_bytes(data)
    code, _, err = run("themes", "new", "brand", "--from", str(bad))
    assert code == 1 and message in err
    assert not (project / "themes").exists() or list((project / "themes").iterdir()) == []


def test_template_without_a_title_layout_gives_a_theme_whose_decks_have_titles(project):
    """A blank-only template is accepted (issue 13): its slides get a title placeholder of their own."""
    from pptx import Presentation

    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name != "Blank":
            prs.slide_layouts.remove(layout)
    prs.save(str(project / "blank.pptx"))
    folder = new_theme("blank", Path("themes"), project / "blank.pptx")
    assert (folder / "template.pptx").is_file()


def test_template_with_only_vertical_layouts_is_refused(project):
    from pptx import Presentation

    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if "Vertical" not in layout.name:
            prs.slide_layouts.remove(layout)
    prs.save(str(project / "vertical.pptx"))
    with pytest.raises(DeckgenError) as info:
        new_theme("vertical", Path("themes"), project / "vertical.pptx")
    assert info.value.errors[0].message.startswith("no layout of the template can be used")
    assert not (project / "themes").exists()


# --- the colour helpers -------------------------------------------------------------------

def test_mix_and_readable():
    assert mix("#000000", "#FFFFFF", 0.5) == "#808080"
    assert readable("#1F4E79", "#FFFFFF", 4.5) == "#1F4E79"  # already fine: unchanged
    darker = readable("#9FD3CF", "#FFFFFF", 4.5)
    assert ratio(darker, "#FFFFFF") >= 4.5
    lighter = readable("#3A3A3A", "#111827", 4.5)  # on a dark background colours are lightened
    assert ratio(lighter, "#111827") >= 4.5


def test_brand_colours_from_the_default_office_scheme_pass_the_check():
    office = {"dk1": "#000000", "lt1": "#FFFFFF", "dk2": "#1F497D", "lt2": "#EEECE1", "accent1": "#4F81BD",
              "accent2": "#C0504D", "accent3": "#9BBB59", "accent4": "#8064A2", "accent5": "#4BACC6",
              "accent6": "#F79646"}
    colors, notes = brand_colors(office)
    assert colors["primary"] == "#1F497D" and colors["accent"] == "#C0504D" and notes == []
    assert ratio(colors["text"], colors["surface"]) >= 4.5 and ratio(colors["muted"], colors["background"]) >= 4.5
    assert ratio(colors["on_primary"], colors["primary"]) >= 4.5


def test_brand_colours_of_a_dark_template():
    dark = {"dk1": "#F5F5F5", "lt1": "#101820", "dk2": "#203040", "accent1": "#00A3E0", "accent2": "#FFB81C"}
    colors, notes = brand_colors(dark)
    assert colors["background"] == "#101820" and colors["primary"] == "#00A3E0"
    assert colors["on_primary"] == "#000000"
    assert all(ratio(colors[k], colors["background"]) >= 4.5 for k in ("text", "muted", "primary"))
