"""What the user typed is what every output shows (issue 12): each case the issue names.

Text is literal unless the README's markup list says otherwise; a change deckgen makes
is documented or warned about; errors point at the mistake, never past the end of the
file. The cases go through the real loader, and where it matters through the outputs.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from deckgen.content.load import load
from deckgen.content.model import paragraph_text
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers import RenderOptions, get

HEAD = 'title: "T"\nlanguage: en\n'


def doc_of(tmp_path: Path, body: str, head: str = HEAD):
    path = tmp_path / "doc.yaml"
    path.write_text(head + body, encoding="utf-8")
    return load(path, display="doc.yaml")


def section_texts(tmp_path: Path, text_yaml: str) -> list[str]:
    """The paragraphs the first section's text became, as plain text."""
    doc, _ = doc_of(tmp_path, "sections:\n  - text: " + text_yaml + "\n")
    return [paragraph_text(p) for p in doc.sections[0].text.paragraphs]


def errors_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckgenError) as info:
        load(path, display="doc.yaml")
    return [d.format() for d in info.value.errors]


# --- the markup decisions -----------------------------------------------------------------

def test_years_alone_on_a_line_stay_and_no_number_is_invented(tmp_path):
    assert section_texts(tmp_path, '|\n      1990.\n\n      2000.\n\n      Since then migration has grown.') == [
        "1990.", "2000.", "Since then migration has grown."]


def test_a_point_dash_and_a_heading_plus_stay(tmp_path):
    doc, _ = doc_of(tmp_path, 'sections:\n  - text: "x"\n  - heading: "+"\n    text: "y"\n    points: ["-", "*"]\n')
    assert doc.sections[1].heading.plain == "+"
    assert [p.plain for p in doc.sections[1].points] == ["-", "*"]


def test_underscores_are_never_emphasis(tmp_path):
    doc, _ = doc_of(tmp_path, 'sections:\n  - text: "__init__.py and _config_ and __x__"\n')
    [paragraph] = doc.sections[0].text.paragraphs
    assert [(s.text, s.strong, s.em) for s in paragraph] == [("__init__.py and _config_ and __x__", False, False)]


def test_a_star_inside_a_word_or_number_is_a_character(tmp_path):
    assert section_texts(tmp_path, '"5*6 = 30*2, a*b*c, foo**bar**"') == ["5*6 = 30*2, a*b*c, foo**bar**"]
    doc, _ = doc_of(tmp_path, 'sections:\n  - text: "*em* and **strong**"\n')
    assert [(s.text, s.strong, s.em) for s in doc.sections[0].text.paragraphs[0]] == [
        ("em", False, True), (" and ", False, False), ("strong", True, False)]


def test_numbered_items_keep_their_number_exactly_as_typed(tmp_path):
    assert section_texts(tmp_path, '|\n      003. ok\n      1. one\n      1. one again\n      7) seven') == [
        "003. ok", "1. one", "1. one again", "7) seven"]


def test_plus_is_not_a_list_marker(tmp_path):
    assert section_texts(tmp_path, '"+ item"') == ["+ item"]
    assert section_texts(tmp_path, '|\n      Intro\n      + item') == ["Intro + item"]


def test_a_number_with_a_full_stop_alone_is_text(tmp_path):
    doc, warnings = doc_of(tmp_path, 'sections:\n  - text: "2024."\n', head='title: "2024."\nlanguage: en\n')
    assert doc.title.plain == "2024." and doc.sections[0].text.plain == "2024."
    assert warnings == []


def test_list_markers_need_a_space_and_text(tmp_path):
    assert section_texts(tmp_path, '|\n      -5 degrees\n\n      -\n\n      - item\n\n      *\n\n      * star') == [
        "-5 degrees", "-", "\u2022 item", "*", "\u2022 star"]


def test_a_backslash_escapes_any_markup_character(tmp_path):
    text = r"'\*a\* \[^1] \[x](https://x.org) \- b 1990\. \\ and C:\temp stays'"
    assert section_texts(tmp_path, text) == [r"*a* [^1] [x](https://x.org) - b 1990. \ and C:\temp stays"]
    assert section_texts(tmp_path, "|\n      \\- not an item\n      \\* nor this") == ["- not an item * nor this"]


# --- links --------------------------------------------------------------------------------

def test_a_refused_link_keeps_label_title_and_url_as_typed(tmp_path):
    doc, warnings = doc_of(tmp_path, 'sections:\n  - text: \'See [the *archive*](ftp://x.org/a%20b "Old") now\'\n')
    [paragraph] = doc.sections[0].text.paragraphs
    assert [(s.text, s.href) for s in paragraph] == [('See [the *archive*](ftp://x.org/a%20b "Old") now', None)]
    assert [(str(w.location), w.message) for w in warnings] == [
        ("doc.yaml:4:32", "link to 'ftp://x.org/a%20b' is shown as text, not as a link")]


def test_an_allowed_links_title_is_reported_not_dropped_silently(tmp_path):
    doc, warnings = doc_of(tmp_path, 'sections:\n  - text: \'[x](https://x.org "Tip")\'\n')
    assert doc.sections[0].text.paragraphs[0][0].href == "https://x.org"
    assert [w.message for w in warnings] == ['the link\'s title "Tip" is not shown']


@pytest.mark.parametrize("url, col, what", [
    ("https://x.org/a b", 26, "a space"), ('https://x.org/\\"q\\"', 25, "a double quote"),
    ("https://x.org/<a>", 25, "'<'"), ("https://", 11, "no host name"), ("ftp://x.org", 11, "must start with"),
])
def test_a_source_url_is_validated_as_a_url(tmp_path, url, col, what):
    text = HEAD + f'sections:\n  - text: "x[^1]"\nsources:\n  - id: "1"\n    text: "S"\n    url: "{url}"\n'
    [error] = errors_of(tmp_path, text)
    assert error.startswith(f"doc.yaml:8:{col}: error: the url of source '1' ") and what in error


def test_a_source_url_is_linked_percent_encoded_and_shown_as_typed(tmp_path, default_theme):
    doc, _ = doc_of(tmp_path, 'sections:\n  - text: "x[^1]"\nqa:\n  heading: "Q"\n  items:\n    - question: "Why?"\n'
                              '      answer: "Because[^1]."\nsources:\n  - id: "1"\n    text: "S"\n'
                              '    url: "https://é.example/ä?q=%20"\n')
    [source] = doc.sources
    assert (source.url, source.href) == ("https://é.example/ä?q=%20", "https://xn--9ca.example/%C3%A4?q=%20")
    deck = get("deck").render(doc, default_theme, RenderOptions()).data
    prs = Presentation(io.BytesIO(deck))
    targets = {rel.target_ref for slide in prs.slides for rel in slide.part.rels.values() if rel.is_external}
    assert targets == {"https://xn--9ca.example/%C3%A4?q=%20"}
    for kind in ("handout", "cards"):
        reader = pypdf.PdfReader(io.BytesIO(get(kind).render(doc, default_theme, RenderOptions()).data))
        uris = {str(annot.get_object()["/A"]["/URI"]) for page in reader.pages for annot in page.get("/Annots", [])
                if "/A" in annot.get_object()}
        assert "https://xn--9ca.example/%C3%A4?q=%20" in uris and "https://é.example/ä?q=%20" not in uris


# --- YAML escapes -------------------------------------------------------------------------

def test_a_surrogate_pair_written_as_two_escapes_is_its_character(tmp_path):
    doc, warnings = doc_of(tmp_path, 'sections:\n  - text: "smile \\ud83d\\ude00 2024."\n',
                           head='title: "\\ud83d\\ude00"\nlanguage: en\n')
    assert doc.title.plain == "\U0001F600"
    assert doc.sections[0].text.plain == "smile \U0001F600 2024."
    assert warnings == []


def test_an_unpaired_surrogate_is_removed_with_a_warning_that_says_what_and_why(tmp_path):
    doc, warnings = doc_of(tmp_path, 'sections:\n  - text: "a\\ude00b \\ud83d\\ude00"\n')
    assert doc.sections[0].text.plain == "ab \U0001F600"
    [warning] = warnings
    assert str(warning.location) == "doc.yaml:4:13"
    assert warning.message == ("removed U+DE00: the second half of a surrogate pair without its other half, "
                               "which is no character at all")
    assert "Word" not in warning.format()


def test_yaml_escapes_are_decoded_as_yaml_does(tmp_path):
    doc, _ = doc_of(tmp_path, 'sections:\n  - text: "\\x41\\u00e9\\U0001F600\\_\\/"\n')
    assert doc.sections[0].text.plain == "A\u00e9\U0001F600\u00a0/"


# --- error positions ----------------------------------------------------------------------

def test_a_missing_colon_is_reported_on_its_own_line(tmp_path):
    assert errors_of(tmp_path, 'title: "T"\nlanguage nl\nsections:\n  - text: x\n')[0].startswith(
        "doc.yaml:2:1: error: YAML syntax: could not find expected ':'")


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    assert errors_of(tmp_path, 'title: "T\nlanguage: nl\nsections:\n  - text: x\n')[0].startswith(
        "doc.yaml:1:8: error: YAML syntax: found unexpected end of stream")


def test_a_second_document_is_explained(tmp_path):
    assert errors_of(tmp_path, HEAD + 'sections:\n  - text: x\n---\ntitle: y\n') == [
        "doc.yaml:5:1: error: a content file holds one document: remove the '---' on line 5 ('---' starts a "
        "second document; a line of dashes in the text must be in quotes or in a '|' block)"]


@pytest.mark.parametrize("text", ['title: "T', "title: [a, b", "title: 'x\n\n\n", "a:\n  - b\n c: d\n\n",
                                  "title: {a: b\n", 'title: "a\\q"\n', "- a\n-b: c: d\n",
                                  "%YAML 1.1\n---\n", "title:\n\n\n", "foo: 1\n\t\nbar: 2\n"])
def test_no_error_is_placed_past_the_end_of_the_file(tmp_path, text):
    lines = text.rstrip("\n").split("\n")
    for error in errors_of(tmp_path, text):
        line, col = map(int, error.split(":")[1:3])
        assert 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1, (error, lines)


def test_lines_are_counted_as_editors_count_them(tmp_path):
    """PyYAML counts U+2028 and U+0085 as line breaks; no editor shows a new line there."""
    errors = errors_of(tmp_path, 'title: "a\u2028b\x85c"\nlanguage: nl\nsections: x\n')
    assert errors == ["doc.yaml:3:11: error: 'sections' must be a list ('- ' items), not text "
                      "(check the indentation and the '- ' markers)"]


# --- messages -----------------------------------------------------------------------------

def test_messages_show_control_and_escape_characters_visibly():
    from deckgen.errors import visible

    line = Diagnostic("warning", "colour 'x\x1b[31m' and 'a\u2028b\u202e'", Location("t\x07.yaml", 1, 2),
                      "hint\r\n").format()
    assert line == "t\\x07.yaml:1:2: warning: colour 'x\\x1b[31m' and 'aU+2028bU+202E' (hint\\r\\n)"
    assert visible("é 😀 \u00a0ok") == "é 😀 \u00a0ok"


def test_a_warning_about_a_link_echoes_no_escape_sequence(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.yaml").write_text(HEAD + 'date: "\\e[2J\\u2028"\nsections:\n  - text: "x"\n', encoding="utf-8")
    code, _, err = run("validate", "doc.yaml")
    assert code == 1 and "\x1b" not in err and "\u2028" not in err
    assert "doc.yaml:3:7: error: '\\x1b[2JU+2028' is not a date in the form YYYY-MM-DD" in err


def test_a_named_pipe_as_content_file_is_reported_not_waited_for(tmp_path, run, monkeypatch):
    import os
    import signal

    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "doc.yaml")
    signal.alarm(20)  # a blocking open would wait for a writer forever
    try:
        code, _, err = run("validate", "doc.yaml")
    finally:
        signal.alarm(0)
    assert code == 1 and err.startswith("doc.yaml: error: this is a named pipe (FIFO) that nothing is written to")


def test_the_contact_url_is_validated_and_linked_percent_encoded_like_a_source_url(tmp_path):
    body = 'sections:\n  - text: "x"\ncontact:\n  url: "https://é.example/a b"\n'
    path = tmp_path / "doc.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(DeckgenError) as info:
        load(path, display="doc.yaml")
    assert [d.format() for d in info.value.errors] == [
        "doc.yaml:6:28: error: the url in 'contact' contains a space, which a URL cannot hold as typed "
        "(write it percent-encoded: a space as %20)"]
    doc, _ = doc_of(tmp_path, body.replace("a b", "ä"))
    assert (doc.contact.url, doc.contact.href) == ("https://é.example/ä", "https://xn--9ca.example/%C3%A4")
