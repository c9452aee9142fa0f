"""Strict YAML reading: every scalar a string, every YAML trap an error at path:line:col."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from deckgen.content import strictyaml
from deckgen.content.strictyaml import YMap, YSeq, YStr, decode, load_file, load_text
from deckgen.errors import DeckgenError, Diagnostics, Location


def errors_of(text: str, path: str = "f.yaml") -> list[str]:
    """The formatted errors load_text raises for text (fails the test if it loads)."""
    with pytest.raises(DeckgenError) as info:
        load_text(text, path)
    return [d.format() for d in info.value.diagnostics]


# --- every scalar stays the string typed -----------------------------------------------

@pytest.mark.parametrize("typed", ["no", "off", "yes", "on", "No", "1.10", "0012", "2024-05-03", "12:30", "0x1F",
                                   "1e3", "~", "null", ".inf", "0o17", "+1", "true"])
def test_plain_scalars_stay_the_string_typed(typed):
    tree = load_text(f"value: {typed}\n", "f.yaml")
    assert tree == {"value": typed}
    assert type(tree["value"]) is YStr


def test_flow_sequence_of_country_codes_stays_strings():
    tree = load_text("countries: [NL, NO, BE]\n", "f.yaml")
    assert tree["countries"] == ["NL", "NO", "BE"]
    assert isinstance(tree["countries"], YSeq)
    assert all(type(v) is YStr for v in tree["countries"])


def test_empty_value_is_the_empty_string():
    assert load_text("a:\nb: ''\n", "f.yaml") == {"a": "", "b": ""}


def test_values_know_their_location():
    tree = load_text("title: Hallo\nsections:\n  - text: x\n", "doc.yaml")
    assert isinstance(tree, YMap)
    assert tree.loc == Location("doc.yaml", 1, 1)
    assert tree["title"].loc == Location("doc.yaml", 1, 8)
    assert tree.key_locs["sections"] == Location("doc.yaml", 2, 1)
    assert tree["sections"].loc == Location("doc.yaml", 3, 3)
    assert tree["sections"][0]["text"].loc == Location("doc.yaml", 3, 11)


@pytest.mark.parametrize("source, needle, expected", [
    ("a: hallo wereld\n", "wereld", (1, 10)),              # plain: col of the value + offset
    ('a: "hallo wereld"\n', "wereld", (1, 11)),            # quoted: one more for the quote
    ("a: |\n  eerste\n  zie [^9] hier\n", "[^9]", (3, 7)),  # block: line and col in the block
    ("a: |\n    eerste\n", "eerste", (2, 5)),               # block, first character
])
def test_location_at_points_at_the_character(source, needle, expected):
    value = load_text(source, "f.yaml")["a"]
    loc = value.location_at(value.find(needle))
    assert (loc.line, loc.col) == expected
    line = source.splitlines()[loc.line - 1]
    assert line[loc.col - 1:].startswith(needle)


# --- duplicate keys, anchors, aliases, tags --------------------------------------------

def test_duplicate_key_is_an_error_naming_both_lines():
    assert errors_of("title: a\nlanguage: nl\ntitle: b\n") == [
        "f.yaml:3:1: error: 'title' is given twice (first at line 1) "
        "(keep one of them; YAML would silently use the last)"]


def test_duplicate_key_in_a_nested_mapping():
    errs = errors_of("qa:\n  items:\n    - question: a\n      answer: b\n      question: c\n")
    assert errs == ["f.yaml:5:7: error: 'question' is given twice (first at line 3) "
                    "(keep one of them; YAML would silently use the last)"]


def test_anchor_and_alias_are_errors_at_their_lines():
    assert errors_of("a: &x tekst\nb: *x\n") == [
        "f.yaml:1:4: error: anchors (&x) are not allowed (remove the '&' name; deckgen files do not share values)",
        "f.yaml:2:4: error: aliases (*x) are not allowed "
        "(write the text out in full instead of referring to an anchor)",
    ]


def test_billion_laughs_fails_fast_without_expanding():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"  # 9**9 = 387 million leaves when expanded
    start = time.perf_counter()
    with pytest.raises(DeckgenError) as info:
        load_text(bomb, "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    messages = [d.message for d in info.value.diagnostics]
    assert messages.count("aliases (*a) are not allowed") == 9
    assert sum(m.startswith("anchors (") for m in messages) == 9
    assert len(messages) == 9 + 8 * 9  # one per anchor and one per alias: nothing was expanded
    assert str(info.value).splitlines()[0] == ("bomb.yaml:1:4: error: anchors (&a) are not allowed "
                                               "(remove the '&' name; deckgen files do not share values)")


@pytest.mark.parametrize("source, shown", [
    ("data: !!binary aGVsbG8=\n", "!!binary"),
    ("data: !!set {a, b}\n", "!!set"),
    ("data: !foo bar\n", "!foo"),
    ("data: !!python/object:os.system x\n", "!!python/object:os.system"),
])
def test_tags_are_errors(source, shown):
    assert errors_of("title: x\n" + source) == [
        f"f.yaml:2:7: error: tags ({shown}) are not allowed (remove the '!' tag; every value is text)"]


def test_recoverable_problems_go_to_the_callers_diagnostics():
    diags = Diagnostics()
    tree = load_text("a: 1\nb: &x 2\na: 3\n", "f.yaml", diags)
    assert tree == {"a": "1", "b": "2"}  # the first of two duplicate keys is kept
    assert [str(d) for d in diags.errors] == [
        "f.yaml:2:4: error: anchors (&x) are not allowed (remove the '&' name; deckgen files do not share values)",
        "f.yaml:3:1: error: 'a' is given twice (first at line 1) (keep one of them; YAML would silently use the last)",
    ]


def test_aliases_raise_even_with_the_callers_diagnostics():
    diags = Diagnostics()
    with pytest.raises(DeckgenError) as info:
        load_text("a: &x 1\nb: *x\n", "f.yaml", diags)
    assert [d.message for d in info.value.diagnostics] == ["anchors (&x) are not allowed",
                                                           "aliases (*x) are not allowed"]


# --- nesting and size -------------------------------------------------------------------

def test_thousand_deep_flow_nesting_is_a_clear_error_not_recursion():
    with pytest.raises(DeckgenError) as info:
        load_text("a: " + "[" * 1000 + "]" * 1000 + "\n", "deep.yaml")
    [diag] = info.value.diagnostics
    limit = strictyaml.MAX_DEPTH
    assert diag.format() == (f"deep.yaml:1:{3 + limit}: error: the file is nested more than {limit} levels deep "
                             "(check the indentation; deckgen files need only a few levels)")


def test_thousand_deep_block_nesting_is_a_clear_error():
    text = "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "x\n"
    with pytest.raises(DeckgenError) as info:
        load_text(text, "deep.yaml")
    assert [d.message for d in info.value.diagnostics] == [
        f"the file is nested more than {strictyaml.MAX_DEPTH} levels deep"]


def test_nesting_up_to_the_limit_loads():
    depth = strictyaml.MAX_DEPTH
    tree = load_text("[" * depth + "x" + "]" * depth, "f.yaml")
    for _ in range(depth - 1):
        tree = tree[0]
    assert tree == ["x"]


def test_nesting_error_keeps_the_problems_found_before_it():
    errs = errors_of("a: &x 1\nb: " + "[" * 100 + "]" * 100 + "\n")
    # the top mapping is level 1, so bracket number MAX_DEPTH (after "b: ") is the first one too deep
    assert [e.split(": error: ")[0] for e in errs] == ["f.yaml:1:4", f"f.yaml:2:{3 + strictyaml.MAX_DEPTH}"]


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (strictyaml.MAX_BYTES - 2) + b"\n")  # one byte over 2 MB
    assert strictyaml.MAX_BYTES == 2 * 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(DeckgenError) as info:
        load_file(path, display="big.yaml")
    assert time.perf_counter() - start < 0.5
    assert str(info.value) == ("big.yaml: error: the file is 2049 KB; the limit is 2048 KB "
                               "(a one-pager with its Q&A is far smaller; is this the right file?)")


def test_size_limit_boundary(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 123456\n")  # 10 bytes
    assert load_file(path, max_bytes=10) == {"a": "123456"}
    with pytest.raises(DeckgenError, match="the limit is 0 KB"):
        load_file(path, max_bytes=9)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_file_without_a_size_is_read_only_up_to_the_limit():
    with pytest.raises(DeckgenError) as info:
        load_file(Path("/dev/zero"), display="zero")
    assert info.value.errors[0].message == "the file is 2049 KB; the limit is 2048 KB"


def test_missing_file_folder_and_path_through_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    cases = {
        tmp_path / "missing.yaml": "file not found",
        tmp_path: "this is a folder, not a YAML file",
        tmp_path / "notes.txt" / "doc.yaml": "cannot read the file: Not a directory",
    }
    for path, message in cases.items():
        with pytest.raises(DeckgenError) as info:
            load_file(path, display="shown.yaml")
        assert str(info.value) == f"shown.yaml: error: {message}"


# --- encodings --------------------------------------------------------------------------

def test_windows_1252_is_refused_at_the_line_where_decoding_failed():
    data = "title: x\nlanguage: fr\norganisation: Café Europa\n".encode("cp1252")
    with pytest.raises(DeckgenError) as info:
        decode(data, "doc.yaml")
    assert str(info.value) == ("doc.yaml:3:18: error: the file is not UTF-8 (byte 0xE9 cannot be read) "
                               "(save it as UTF-8 (in Notepad or Word: Save As, Encoding: UTF-8))")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_a_clear_error(codec):
    data = "title: x\n".encode(codec)
    if codec != "utf-16":
        data = "\ufeff".encode(codec) + data
    with pytest.raises(DeckgenError) as info:
        decode(data, "doc.yaml")
    assert str(info.value) == ("doc.yaml: error: the file is UTF-16, not UTF-8 "
                               "(save it as UTF-8 (in Notepad or Word: Save As, Encoding: UTF-8))")


def test_utf8_bom_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Caf\xc3\xa9\n")
    tree = load_file(path)
    assert tree == {"title": "Café"}
    assert tree["title"].loc == Location(str(path), 1, 8)


# --- syntax errors with hints -----------------------------------------------------------

def test_unquoted_colon_in_a_title_points_at_it_with_the_quoting_hint():
    assert errors_of("language: nl\ntitle: Migratie: hoe hangt het samen?\n") == [
        "f.yaml:2:16: error: YAML syntax: mapping values are not allowed here "
        "(text that contains ': ' must be put in quotes, for example title: \"Migratie: hoe?\")"]


@pytest.mark.parametrize("source, where", [
    ("title: x\nsections:\n\t- text: y\n", "3:1"),
    ("a:\n  b: 1\n \tc: 2\n", "3:2"),
    ("lead: |\n  eerste\n\ttweede\n", "3:1"),
])
def test_tab_indentation_is_an_error_with_the_use_spaces_hint(source, where):
    assert errors_of(source) == [f"f.yaml:{where}: error: YAML syntax: found character '\\t' that cannot start "
                                 "any token (use spaces for indentation, not tabs)"]


def test_unclosed_quote_has_a_hint():
    assert errors_of('title: "Migratie\nlanguage: nl\n') == [
        "f.yaml:1:8: error: YAML syntax: found unexpected end of stream (a quote was opened and never closed)"]


def test_syntax_error_keeps_earlier_problems():
    errs = errors_of("a: &x 1\nb: c: d\n")
    assert [e.split(": error: ")[0] for e in errs] == ["f.yaml:1:4", "f.yaml:2:5"]


@pytest.mark.parametrize("char, code", [("\x0b", "U+000B"), ("\x00", "U+0000"), ("\x1b", "U+001B")])
def test_raw_control_character_in_the_file_is_an_error_at_line_and_column(char, code):
    assert errors_of(f"title: x\nlead: ab{char}cd\n") == [
        f"f.yaml:2:9: error: invisible control character {code} in the file "
        "(delete it; it often comes with text pasted from Word or a PDF)"]


def test_raw_control_characters_are_all_reported():
    errs = errors_of("a: \x0b\nb: x\x00\nc: \x07\n")
    assert [e.split(": error: ")[0] for e in errs] == ["f.yaml:1:4", "f.yaml:2:5", "f.yaml:3:4"]


@pytest.mark.parametrize("text", ["", "\n\n", "# alleen commentaar\n", "   \n"])
def test_empty_file_is_a_clear_error(text):
    assert errors_of(text) == ["f.yaml:1:1: error: the file is empty (start from an example in content/)"]


def test_non_scalar_key_is_an_error():
    assert errors_of("[a, b]: c\n") == ["f.yaml:1:1: error: a key must be a plain word (write it as 'key: value')"]


@pytest.mark.skipif(strictyaml._FastLoader is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("name", ["seed", "stress", "seed-crlf", "theme"])
def test_libyaml_and_the_pure_python_pipeline_give_the_same_tree_and_positions(name, monkeypatch):
    """Files that parse are read by libyaml (C); every value and every character's position
    must be what the pure-Python pipeline, whose messages deckgen explains, would give."""
    root = Path(__file__).resolve().parents[2]
    source = {"seed": root / "content" / "migratie-en-ontwikkelingssamenwerking.yaml",
              "stress": root / "tests" / "data" / "stress.yaml", "seed-crlf": None,
              "theme": root / "themes" / "projector" / "theme.yaml"}[name]
    text = (source or root / "content" / "migratie-en-ontwikkelingssamenwerking.yaml").read_text(encoding="utf-8")
    if name == "seed-crlf":
        text = text.replace("\n", "\r\n")
    fast = load_text(text, "x.yaml")
    monkeypatch.setattr(strictyaml, "_FastLoader", None)
    pure = load_text(text, "x.yaml")

    def walk(a, b):
        assert type(a) is type(b) and a == b and a.loc == b.loc
        if isinstance(a, YMap):
            assert a.key_locs == b.key_locs
            for key in a:
                walk(a[key], b[key])
        elif isinstance(a, YSeq):
            for x, y in zip(a, b):
                walk(x, y)
        else:
            assert (a.style, a.indent) == (b.style, b.indent)
            assert [a.location_at(i) for i in range(len(a))] == [b.location_at(i) for i in range(len(b))]

    walk(fast, pure)


def test_a_syntax_error_is_explained_with_the_pure_python_message_either_way():
    with pytest.raises(DeckgenError) as info:
        load_text('title: Migratie: hoe hangt het samen?\nlanguage: nl\n', "x.yaml")
    assert str(info.value.diagnostics[0]) == (
        "x.yaml:1:16: error: YAML syntax: mapping values are not allowed here (text that contains ': ' must be "
        "put in quotes, for example title: \"Migratie: hoe?\")")
