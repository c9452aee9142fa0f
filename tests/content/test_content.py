"""Loading content files: the content format, every error at once, footnote numbering."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from deckgen.content import load as content
from deckgen.content.model import Rich, Span, paragraph_text
from deckgen.errors import DeckgenError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"

BASE = 'title: "Test"\nlanguage: nl\nsections:\n  - text: "Een tekst."\n'


def load(tmp_path: Path, text: str | bytes, name: str = "doc.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return content.load(path, display=name)


def errors(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(DeckgenError) as info:
        load(tmp_path, text)
    return [d.format() for d in info.value.errors]


def strings(value) -> list[str]:
    """Every string held anywhere in a loaded document."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [s for item in value for s in strings(item)]
    return []


# --- values stay as typed ---------------------------------------------------------------

def test_yaml_look_alikes_stay_the_text_typed(tmp_path):
    doc, warnings = load(tmp_path, "title: no\nsubtitle: off\nlanguage: nl\ndate: 2024-05-03\norganisation: 0012\n"
                                   "authors: 12:30\nsections:\n  - text: 1.10\n    points: [NL, NO, BE, 0x1F]\n")
    assert warnings == []
    assert doc.title.plain == "no"
    assert doc.subtitle.plain == "off"
    assert doc.organisation == "0012"
    assert doc.authors == "12:30"
    assert doc.date == "2024-05-03"
    assert doc.sections[0].text.plain == "1.10"
    assert [p.plain for p in doc.sections[0].points] == ["NL", "NO", "BE", "0x1F"]


def test_norwegian_language_tag_no_stays_no(tmp_path):
    doc, _ = load(tmp_path, BASE.replace("language: nl", "language: no"))
    assert doc.language == "no"
    assert doc.lang == "no"


def test_seed_loads_without_errors_or_warnings_but_its_placeholder_sources():
    doc, warnings = content.load(SEED)
    assert sorted(w.location.line for w in warnings) == [117, 137]  # test_sourcecheck.py; the colophon's date
    assert doc.title.plain == "Migratie en ontwikkelingssamenwerking"
    assert doc.date == "2024-05-03"


# --- dates and languages ----------------------------------------------------------------

def test_impossible_date_is_an_error_at_its_line(tmp_path):
    assert errors(tmp_path, BASE + "date: 2024-02-30\n") == [
        "doc.yaml:5:7: error: '2024-02-30' is not a real date (check the month and the day)"]


@pytest.mark.parametrize("typed", ["3-5-2024", "03/05/2024", "2024-5-3", "3 mei 2024"])
def test_date_in_another_form_is_an_error_with_a_hint(tmp_path, typed):
    assert errors(tmp_path, BASE + f"date: {typed}\n") == [
        f"doc.yaml:5:7: error: '{typed}' is not a date in the form YYYY-MM-DD (write 3 May 2024 as \"2024-05-03\")"]


def test_date_with_a_trailing_line_break_is_refused(tmp_path):
    assert errors(tmp_path, BASE + "date: |\n  2024-05-03\n") == [
        "doc.yaml:5:7: error: '2024-05-03\\n' is not a date in the form YYYY-MM-DD "
        "(write 3 May 2024 as \"2024-05-03\")"]


@pytest.mark.parametrize("tag", ["Dutch", "n", "nl_NL", "nl-"])
def test_bad_language_tag(tmp_path, tag):
    assert errors(tmp_path, BASE.replace("language: nl", f"language: {tag}")) == [
        f"doc.yaml:2:11: error: '{tag}' is not a language tag (use a BCP 47 tag such as nl, en or nl-BE)"]


# --- keys -------------------------------------------------------------------------------

def test_misspelt_required_key_is_one_mistake_with_its_did_you_mean(tmp_path):
    text = BASE + "qa:\n  items:\n    - qestion: Waarom?\n      answer: Daarom.\n"
    assert errors(tmp_path, text) == [
        "doc.yaml:7:7: error: unknown key 'qestion' in question 1 (did you mean 'question'? question 1 needs it)"]


def test_a_missing_required_key_is_still_reported_beside_an_unrelated_unknown_key(tmp_path):
    text = BASE + "qa:\n  items:\n    - answr: Daarom.\n"
    assert errors(tmp_path, text) == [
        "doc.yaml:7:7: error: unknown key 'answr' in question 1 (did you mean 'answer'? question 1 needs it)",
        "doc.yaml:7:7: error: question 1 needs 'question' (add a line 'question: …')"]


def test_unknown_key_without_a_close_match_lists_the_known_keys(tmp_path):
    assert errors(tmp_path, BASE + "zzz: 1\n") == [
        "doc.yaml:5:1: error: unknown key 'zzz' in the document (known keys: title, subtitle, language, date, "
        "organisation, authors, lead, sections, qa, sources, colophon, contact, logo, image, session, cards, labels)"]


def test_missing_required_keys(tmp_path):
    assert errors(tmp_path, "subtitle: x\n") == [
        "doc.yaml:1:1: error: the document needs 'title' (add a line 'title: …')",
        "doc.yaml:1:1: error: the document needs 'language' (add a line 'language: …')",
        "doc.yaml:1:1: error: the document needs 'sections' (add a line 'sections: …')",
    ]


def test_three_mistakes_give_three_errors_at_once(tmp_path):
    text = ('title: "Test"\nlanguage: nl\ndate: 2024-02-30\nsubtitel: x\n'
            'sections:\n  - text: "Een tekst."\n    pionts:\n      - a\n')
    with pytest.raises(DeckgenError) as info:
        load(tmp_path, text)
    assert str(info.value).splitlines() == [
        "doc.yaml:4:1: error: unknown key 'subtitel' in the document (did you mean 'subtitle'?)",
        "doc.yaml:3:7: error: '2024-02-30' is not a real date (check the month and the day)",
        "doc.yaml:7:5: error: unknown key 'pionts' in section 1 (did you mean 'points'?)",
    ]


def test_yaml_level_and_content_level_mistakes_are_reported_together(tmp_path):
    text = 'title: "Test"\nlanguage: nl\ntitle: "Nog eens"\ndate: 3-5-2024\nsections:\n  - text: !!str x\n'
    assert errors(tmp_path, text) == [
        "doc.yaml:6:11: error: tags (!!str) are not allowed (remove the '!' tag; every value is text)",
        "doc.yaml:3:1: error: 'title' is given twice (first at line 1) "
        "(keep one of them; YAML would silently use the last)",
        "doc.yaml:4:7: error: '3-5-2024' is not a date in the form YYYY-MM-DD (write 3 May 2024 as \"2024-05-03\")",
    ]


def test_alias_is_reported_without_follow_up_errors(tmp_path):
    text = 'title: "T"\nlanguage: nl\nsections:\n  - text: &t "x"\n  - heading: h\n    text: *t\n'
    assert errors(tmp_path, text) == [
        "doc.yaml:4:11: error: anchors (&t) are not allowed (remove the '&' name; deckgen files do not share values)",
        "doc.yaml:6:11: error: aliases (*t) are not allowed "
        "(write the text out in full instead of referring to an anchor)",
    ]


def test_wrong_kinds_of_value(tmp_path):
    text = 'title: "Test"\nlanguage: nl\nsections:\n  - text: "x"\n    points: "een punt"\n  - "tekst"\n'
    assert errors(tmp_path, text) == [
        "doc.yaml:5:13: error: 'points' in section 1 must be a list ('- ' items), not text "
        "(check the indentation and the '- ' markers)",
        "doc.yaml:6:5: error: section 2 must be a list of 'key: value' lines, not text "
        "(check the indentation and the '- ' markers)",
    ]


def test_later_section_needs_a_heading_and_text_must_not_be_empty(tmp_path):
    text = 'title: "Test"\nlanguage: nl\nsections:\n  - text: "x"\n  - text: ""\n'
    assert errors(tmp_path, text) == [
        "doc.yaml:5:5: error: section 2 needs a 'heading' (only the first, opening section may leave it out)",
        "doc.yaml:5:11: error: 'text' in section 2 is empty (write the text, or remove the key)",
    ]


# --- the shape of the file --------------------------------------------------------------

@pytest.mark.parametrize("text, where", [("- title: x\n- language: nl\n", "1:1"), ("Gewoon een zin.\n", "1:1"),
                                         ("---\n", "1:4")])
def test_top_level_list_or_text_is_a_clear_error(tmp_path, text, where):
    assert errors(tmp_path, text) == [
        f"doc.yaml:{where}: error: a content file must be a list of 'key: value' lines at the top "
        "(start from an example in content/)"]


def test_empty_file_is_a_clear_error(tmp_path):
    assert errors(tmp_path, "") == ["doc.yaml:1:1: error: the file is empty (start from an example in content/)"]


def test_non_utf8_file_through_the_loader(tmp_path):
    data = 'title: "Test"\nlanguage: nl\norganisation: "Café"\nsections:\n  - text: x\n'.encode("cp1252")
    assert errors(tmp_path, data) == [
        "doc.yaml:3:19: error: the file is not UTF-8 (byte 0xE9 cannot be read) "
        "(save it as UTF-8 (in Notepad or Word: Save As, Encoding: UTF-8))"]


def test_utf8_bom_and_crlf_load_with_no_carriage_return_left(tmp_path):
    text = ('title: "Twee\r\n  regels"\r\nlanguage: nl\r\nlead: >\r\n  gevouwen\r\n  tekst\r\nsections:\r\n'
            '  - text: |\r\n      een[^a]\r\n      twee\r\n\r\n      drie\r\n    points:\r\n      - "p\\r\\nq"\r\n'
            'sources:\r\n  - id: a\r\n    text: "Bron\\rA"\r\n')
    doc, warnings = load(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert warnings == []
    assert [s for s in strings(doc) if "\r" in s] == []
    assert doc.title.plain == "Twee regels"
    assert doc.lead.plain == "gevouwen tekst"
    assert doc.sections[0].text.plain == "een twee\n\ndrie"
    assert doc.sections[0].points[0].plain == "p q"
    assert doc.sources[0].text.plain == "Bron A"


# --- footnotes and sources --------------------------------------------------------------

def test_footnotes_are_numbered_by_first_citation(tmp_path):
    text = (BASE.replace('"Een tekst."', '"Eerst [^a], dan [^b], weer [^a]."')
            + 'sources:\n  - id: "b"\n    text: "Bron B"\n  - id: "a"\n    text: "Bron A"\n')
    doc, warnings = load(tmp_path, text)
    assert warnings == []
    assert [(s.id, s.number) for s in doc.sources] == [("a", 1), ("b", 2)]
    assert doc.sections[0].text.paragraphs[0] == (
        Span("Eerst "), Span("1", footnote=1), Span(", dan "), Span("2", footnote=2), Span(", weer "),
        Span("1", footnote=1), Span("."))
    assert doc.sections[0].text.footnotes() == [1, 2]
    assert doc.source(2).text.plain == "Bron B"


def test_citations_count_in_reading_order_across_parts(tmp_path):
    text = ('title: "T"\nlanguage: nl\nlead: "Lead [^late]"\nsections:\n  - text: "Tekst [^early]"\n'
            '    figures:\n      - value: "7"\n        label: "procent"\n        source: "fig"\n'
            'sources:\n  - id: early\n    text: E\n  - id: fig\n    text: F\n  - id: late\n    text: L\n')
    doc, warnings = load(tmp_path, text)
    assert warnings == []
    assert [(s.id, s.number) for s in doc.sources] == [("late", 1), ("early", 2), ("fig", 3)]
    assert doc.sections[0].figures[0].source == 3


def test_reference_without_a_source_warns_at_its_line_and_stays_literal(tmp_path):
    text = 'title: "T"\nlanguage: nl\nsections:\n  - text: |\n      Eerste regel.\n      Zie ook[^9] hier.\n'
    doc, warnings = load(tmp_path, text)
    assert [str(w) for w in warnings] == [
        "doc.yaml:6:14: warning: footnote [^9] has no source "
        "(add it under 'sources:' with id: \"9\", or remove the reference)"]
    assert doc.sections[0].text.plain == "Eerste regel. Zie ook[^9] hier."
    assert doc.sections[0].text.footnotes() == []


def test_source_never_referenced_warns_and_still_gets_a_number(tmp_path):
    text = BASE + 'sources:\n  - id: "ongebruikt"\n    text: "Bron"\n'
    doc, warnings = load(tmp_path, text)
    assert [str(w) for w in warnings] == [
        "doc.yaml:6:5: warning: source 'ongebruikt' is never referenced "
        "(refer to it in the text as [^ongebruikt], or remove it)"]
    assert [(s.id, s.number) for s in doc.sources] == [("ongebruikt", 1)]


def test_warnings_travel_with_errors(tmp_path):
    with pytest.raises(DeckgenError) as info:
        load(tmp_path, BASE.replace('"Een tekst."', '"x[^9]"') + "date: nooit\n")
    assert [d.severity for d in info.value.diagnostics] == ["error", "warning"]


def test_source_problems(tmp_path):
    text = (BASE.replace('"Een tekst."', '"[^a] [^b]"') + 'sources:\n  - id: a\n    text: A\n    url: "javascript:x"\n'
            '  - id: a\n    text: nog eens\n  - id: "bron 1"\n    text: B\n  - text: C\n')
    assert errors(tmp_path, text) == [
        "doc.yaml:9:5: error: source id 'a' is used twice (first at line 6) (give each source its own id)",
        "doc.yaml:11:9: error: source id 'bron 1' cannot be referred to as [^bron 1] "
        "(use only letters, digits, '_', '.' and '-', for example id: \"cbs-2023\")",
        "doc.yaml:13:5: error: source 4 needs 'id' (add a line 'id: …')",
        "doc.yaml:8:11: error: the url of source 'a' must start with http://, https:// or mailto: "
        "(write the whole address, for example https://www.cbs.nl/…)",
    ]


def test_qa_items(tmp_path):
    text = (BASE + 'qa:\n  heading: "Q & A"\n  items:\n    - question: "Waarom?"\n      answer: |\n        Daarom.\n'
            '      points: ["een"]\n      notes: "voor de spreker"\n')
    doc, _ = load(tmp_path, text)
    [item] = doc.qa.items
    assert (item.number, item.question.plain, item.answer.plain) == (1, "Waarom?", "Daarom.")
    assert [p.plain for p in item.points] == ["een"]
    assert item.notes == Rich(((Span("voor de spreker"),),))
    assert doc.qa.heading.plain == "Q & A"


def test_empty_qa_items_is_an_error(tmp_path):
    assert errors(tmp_path, BASE + "qa:\n  items: []\n") == [
        "doc.yaml:6:10: error: 'items' in 'qa' is empty (add questions, or remove 'qa')"]


def test_each_non_ascii_character_is_located_where_it_is_written(tmp_path):
    """For a warning about a character no font can draw: its first few places, exactly."""
    text = ('title: "Café"\nlanguage: nl\nsections:\n  - text: |\n      Eén regel.\n      Nog één: é é é é é.\n'
            '  - heading: "ASCII"\n    text: "Plain ASCII only."\n')
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    doc, _ = content.load(path)
    assert content.PLACES_KEPT == 5
    assert [(at.line, at.col) for at in doc.places["é"]] == [(1, 12), (5, 8), (6, 11), (6, 12), (6, 16)]
    assert set(doc.places) == {"é"}


def test_a_list_pasted_from_word_with_tabs_keeps_its_items(tmp_path):
    text = ('title: "Lijst"\nlanguage: nl\nsections:\n  - text: |\n      Redenen:\n'
            '      \u2022\tWerk\n      \u2022\tVeiligheid\n')
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    doc, warnings = content.load(path)
    assert warnings == []
    assert [paragraph_text(p) for p in doc.sections[0].text.paragraphs] == ["Redenen:", "\u2022 Werk",
                                                                             "\u2022 Veiligheid"]
