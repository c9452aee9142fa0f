"""Every value from a theme file or a template that reaches a path, a font name, XML or the
terminal is checked (issue 12): exit 1 naming the key and what is wrong, never a crash or a hang."""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path

import pytest
from renderers.templates import rewrite_part

from deckgen.authoring.newtheme import _q, new_theme
from deckgen.content.strictyaml import load_text
from deckgen.errors import DeckgenError
from deckgen.theming.load import load

ROOT = Path(__file__).resolve().parents[2]
GERMAN = ROOT / "tests" / "data" / "templates" / "german.potx"
BLNS = json.loads((ROOT / "tests" / "data" / "blns.json").read_text(encoding="utf-8"))


def theme(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text('name: "t"\nextends: "default"\n' + body, encoding="utf-8")
    return folder


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(DeckgenError) as info:
        load(folder)
    return [d.format() for d in info.value.errors]


@pytest.fixture
def alarm():
    """Fails a test that would hang (a FIFO opened for reading waits for a writer forever)."""
    def timeout(*_):
        raise TimeoutError("hung")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("value, message", [
    ("logo\\0.png", "'logo: file' contains a NUL character (U+0000), which no file name can hold"),
    ("logo\\ud800.png", "'logo: file' contains U+D800, which no file name can hold (half of a surrogate pair)"),
    ("logo\\udc80.png", "'logo: file' contains the invisible character U+DC80"),
    ("a" * 300 + ".png", "'logo: file' has a name of 304 bytes; file names hold at most 255"),
    ("d/" * 600 + "x.png", "'logo: file' is 1205 characters long; a path here may have at most 1024"),
])
def test_asset_paths_no_file_system_can_hold_are_errors(tmp_path, value, message):
    folder = theme(tmp_path / "t", f'logo:\n  file: "{value}"\n  alt: "Logo"\n')
    [error] = errors_of(folder)
    assert error.startswith(f"{folder / 'theme.yaml'}:4:9: error: {message}")


def test_a_long_or_broken_extends_is_an_error(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "theme.yaml").write_text(f'name: "t"\nextends: "{"x" * 300}"\n', encoding="utf-8")
    assert errors_of(folder) == [f"{folder / 'theme.yaml'}:2:10: error: 'extends' has a name of 300 bytes; file names "
                                 "hold at most 255 (name a theme, or a theme folder relative to this one)"]
    (folder / "theme.yaml").write_text('name: "t"\nextends: "a\\0b"\n', encoding="utf-8")
    assert "'extends' contains a NUL character" in errors_of(folder)[0]


@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_a_fifo_or_socket_asset_is_named_and_never_opened(tmp_path, alarm, kind):
    folder = theme(tmp_path / "t", 'logo:\n  file: "logo.png"\n  alt: "Logo"\ntemplate: "t.potx"\n'
                                   'fonts:\n  body:\n    family: "X"\n    regular: "x.ttf"\n    bold: "x.ttf"\n')
    for name in ("logo.png", "t.potx", "x.ttf"):
        if kind == "fifo":
            os.mkfifo(folder / name)
        else:
            with socket.socket(socket.AF_UNIX) as sock:  # the socket file stays after the socket is closed
                sock.bind(str(folder / name))
    word = "a named pipe (FIFO)" if kind == "fifo" else "a socket"
    errors = errors_of(folder)
    for key, name in (("logo: file", "logo.png"), ("template", "t.potx"), ("fonts: body: regular", "x.ttf")):
        assert any(f"error: '{key}' is {word}, not a file: {name}" in e for e in errors), errors


def test_a_font_family_with_a_control_character_fails_the_check_not_the_build(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    theme(tmp_path / "t", 'fonts:\n  heading:\n    family: "Ari\\x07al"\n  body:\n    family: "Cal\\u2028ibri"\n')
    code, _, err = run("themes", "check", "t")
    assert code == 1
    assert err.splitlines()[:2] == [
        "t/theme.yaml:5:13: error: the font name 'fonts: heading: family' contains the invisible character U+0007 "
        "(a font family is a printable name, for example \"Calibri\")",
        "t/theme.yaml:7:13: error: the font name 'fonts: body: family' contains the invisible character U+2028 "
        "(a font family is a printable name, for example \"Calibri\")"]
    (tmp_path / "doc.yaml").write_text('title: "T"\nlanguage: en\nsections:\n  - text: "x"\n', encoding="utf-8")
    code, _, err = run("build", "doc.yaml", "--theme", "t")
    assert code == 1 and "U+0007" in err


def test_a_layout_name_with_a_control_character_is_an_error(tmp_path):
    folder = theme(tmp_path / "t", 'deck:\n  layouts:\n    content: "Titel\\eund Inhalt"\n')
    assert errors_of(folder) == [
        f"{folder / 'theme.yaml'}:5:14: error: the layout name 'deck: layouts: content' contains the invisible "
        "character U+001B (write the layout's name as 'deckgen inspect' lists it)"]


def template_with(tmp_path: Path, **replacements: str) -> Path:
    def change(data: bytes) -> bytes:
        for old, new in replacements.items():
            assert old.encode() in data, old
            data = data.replace(old.encode(), new.encode())
        return data

    return rewrite_part(GERMAN, tmp_path / "corp.potx", "ppt/theme/theme1.xml", change)


def test_template_colours_that_are_not_hex_are_skipped_with_a_warning(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template_with(tmp_path, **{'"0B4F4A"': '"GGGGGG"'})
    code, out, err = run("themes", "new", "corp", "--from", "corp.potx")
    assert code == 0, err
    assert err.splitlines() == [
        "corp.potx: warning: the template's colour dk2 is 'GGGGGG', not six hex digits: skipped (the theme takes "
        "its colours from the template's other colours; check them in theme.yaml)"]
    colors = load(tmp_path / "themes" / "corp")[0].colors
    assert colors.primary.startswith("#") and "GGGGGG" not in colors.primary


def test_template_font_names_that_are_not_printable_give_a_theme_that_loads(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template_with(tmp_path, **{'typeface="Calibri"': 'typeface="Cal\u2028ibri"', 'typeface="Cambria"': 'typeface="Cam&#x85;bria"'})
    code, _, err = run("themes", "new", "corp", "--from", "corp.potx")
    assert code == 0, err
    assert "the template's heading font name 'Cam\\x85bria' is not a printable font name: Arial is used" in err
    loaded, _ = load(tmp_path / "themes" / "corp")
    assert (loaded.heading.name, loaded.body.name) == ("Arial", "Arial")


def test_every_naughty_string_round_trips_through_the_yaml_themes_new_writes():
    """Each string of the Big List of Naughty Strings, written as `themes new` writes a value,
    loads back as exactly that string."""
    assert len(BLNS) > 400
    extra = ["a\u2028b", "x\x85y", "\ufeffz", "tab\there", "\x00\x1b[2J", "\U0001F600", "\ud800"]
    for text in BLNS + extra:
        assert str(load_text(f"v: {_q(text)}\n", "t.yaml")["v"]) == text, text


def test_naughty_template_names_give_a_theme_that_loads(tmp_path, monkeypatch):
    """Font and layout names from a template reach theme.yaml as values and in comments."""
    from deckgen.renderers.deck import ooxml
    from deckgen.renderers.deck import template as tpl

    picks = [s for s in BLNS if any(c in s for c in "\"'\\#:\n\u2028{}[]&*!|>%@`")][:40] + ["a\u2028b", "x\x85y"]
    layouts = tpl.layouts
    for i, text in enumerate(picks):
        monkeypatch.setattr(ooxml, "theme_fonts", lambda prs, t=text: (t, t[::-1]))
        monkeypatch.setattr(tpl, "layouts", lambda prs, t=text: [
            type(info)(**{**info.__dict__, "name": t}) if j == 0 else info for j, info in enumerate(layouts(prs))])
        folder = new_theme(f"n{i}", tmp_path, GERMAN)  # loads the theme it wrote, or raises
        assert load(folder)[0].name == f"n{i}"


def test_the_theme_list_prints_a_description_visibly(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    theme(tmp_path / "themes" / "x", 'description: "a\\e[2Jb\\u2028c"\n')
    code, out, _ = run("themes")
    assert code == 0 and "\x1b" not in out and "\u2028" not in out
    assert out.splitlines()[0].startswith("x            a\\x1b[2JbU+2028c  [")
