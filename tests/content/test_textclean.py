"""Text on its way to the outputs: line endings normalised, invisible characters removed with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.content import load as content
from deckgen.content import textclean
from deckgen.errors import Diagnostics, Location


def clean(text: str) -> tuple[str, list[str]]:
    diags = Diagnostics()
    out = textclean.clean(text, lambda offset: Location("t.yaml", 1, offset + 1), diags)
    return out, [str(d) for d in diags.items]


def test_clean_text_is_returned_unchanged():
    text = "Łódź, İstanbul, 7\u00a0procent – “citaat” 😀\nnieuwe regel"
    assert clean(text) == (text, [])


@pytest.mark.parametrize("raw", ["a\r\nb", "a\rb", "a\u2028b", "a\u2029b", "a\x85b"])
def test_line_endings_become_newlines(raw):
    assert clean(raw) == ("a\nb", [])


def test_tabs_become_spaces():
    assert clean("a\tb") == ("a b", [])


@pytest.mark.parametrize("char, name", [
    ("\x0c", "control character"), ("\x1b", "control character"), ("\x07", "control character"),
    ("\x00", "control character"), ("\x7f", "control character"), ("\x9b", "control character"),
    ("\ufffe", "noncharacter"), ("\uffff", "noncharacter"),
])
def test_invisible_characters_are_removed_with_a_warning(char, name):
    assert clean(f"ab{char}cd") == ("abcd", [
        f"t.yaml:1:3: warning: removed invisible character U+{ord(char):04X} ({name}) "
        "(it often comes with text pasted from Word or a PDF)"])


def test_every_removed_character_is_reported_where_it_stood():
    out, warnings = clean("\x07a\x1bb\x0c")
    assert out == "ab"
    assert [w.split(": warning:")[0] for w in warnings] == ["t.yaml:1:1", "t.yaml:1:3", "t.yaml:1:5"]


# --- through the content loader ---------------------------------------------------------

def load(tmp_path: Path, data: bytes):
    path = tmp_path / "doc.yaml"
    path.write_bytes(data)
    return content.load(path, display="doc.yaml")


def test_control_characters_from_yaml_escapes_are_removed_with_warnings(tmp_path):
    doc, warnings = load(tmp_path, b'title: "T"\nlanguage: nl\nsections:\n'
                                   b'  - text: "Form\\x0cfeed, esc\\x1b en bel\\x07."\n')
    assert doc.sections[0].text.plain == "Formfeed, esc en bel."
    assert [(w.location.line, w.message) for w in warnings] == [
        (4, "removed invisible character U+000C (control character)"),
        (4, "removed invisible character U+001B (control character)"),
        (4, "removed invisible character U+0007 (control character)"),
    ]
    assert warnings[0].location == Location("doc.yaml", 4, 16)  # where the escape \x0c starts
    assert all(w.severity == "warning" for w in warnings)


def test_noncharacter_and_lone_surrogate_from_escapes_are_removed(tmp_path):
    doc, warnings = load(tmp_path, b'title: "Titel\\uFFFE"\nlanguage: nl\nsections:\n  - text: "a\\uD800b"\n')
    assert doc.title.plain == "Titel"
    assert doc.sections[0].text.plain == "ab"
    assert [(str(w.location), w.message) for w in warnings] == [
        ("doc.yaml:1:14", "removed invisible character U+FFFE (noncharacter)"),
        ("doc.yaml:4:13", "removed U+D800: the first half of a surrogate pair without its other half, which is "
                          "no character at all"),
    ]


def test_escaped_carriage_returns_and_tabs_do_not_reach_the_outputs(tmp_path):
    doc, warnings = load(tmp_path, b'title: "a\\rb\\r\\nc\\td"\nlanguage: nl\nsections:\n  - text: x\n')
    assert warnings == []
    assert doc.title.plain == "a b c d"


def test_soft_hyphens_are_dropped_silently():
    from deckgen.content.textclean import clean
    from deckgen.errors import Diagnostics, Location

    diags = Diagnostics()
    assert clean("ontwikkelings\u00adsamenwerking", lambda offset: Location("x", 1, offset + 1), diags) == \
        "ontwikkelingssamenwerking"
    assert diags.items == []
