"""Sources no reader can tell apart (the same text but for their own numbers, no url between them) are
warned of at the first one's line:col; real sources that merely look alike are not."""

from __future__ import annotations

from pathlib import Path

from deckgen.content import load as content

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"


def doc_with(tmp_path: Path, sources: list[tuple[str, str, str | None]]) -> list[str]:
    """The warnings of a document citing each source, as the command prints them."""
    refs = "".join(f"[^{ident}]" for ident, _, _ in sources)
    lines = ['title: "Test"', "language: en", "sections:", f'  - text: "A text.{refs}"', "sources:"]
    for ident, text, url in sources:
        lines += [f'  - id: "{ident}"', f'    text: "{text}"'] + ([f'    url: "{url}"'] if url else [])
    path = tmp_path / "doc.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, warnings = content.load(path, display="doc.yaml")
    return [w.format() for w in warnings]


def test_the_seeds_placeholder_sources_are_one_warning_at_the_first_ones_text():
    _, warnings = content.load(SEED, display="seed.yaml")
    found = [w.format() for w in warnings if "sources" in w.message]  # (and its colophon's date in figures)
    assert found == [
        "seed.yaml:117:11: warning: sources '1', '2', '3', '4', '5', '6', '7', '8' have the same text but for "
        "their own numbers (\"Voetnoot 1 van de oorspronkelijke publicatie „Migratie en on …\"; also at lines "
        "119, 121, 123, 125, 127, 129, 131): the deck, the handout and the cards print them as sources no "
        "reader can tell apart (write what each one is: author, title, year and its url; placeholders for "
        "sources still to be found need filling in before the document goes out)"]


def test_the_same_text_twice_is_named_with_both_lines(tmp_path):
    found = doc_with(tmp_path, [("a", "To be added.", None), ("b", "CBS, Statline 2023.", None),
                                ("c", "To be added.", None)])
    assert len(found) == 1
    assert found[0].startswith("doc.yaml:7:11: warning: sources 'a', 'c' have the same text (\"To be added.\"; "
                               "also at line 11)")


def test_a_number_that_is_not_the_sources_own_tells_sources_apart(tmp_path):
    # "3 May" in source 3 is its own number, yet a date in the others: still the same placeholder
    found = doc_with(tmp_path, [("1", "Note 1, see the report of 3 May.", None),
                                ("2", "Note 2, see the report of 3 May.", None),
                                ("3", "Note 3, see the report of 3 May.", None)])
    assert len(found) == 1 and "sources '1', '2', '3' have the same text but for their own numbers" in found[0]
    # years, editions, pages: real sources that differ only in a number which is not their own
    assert doc_with(tmp_path, [("1", "CBS, Annual report 2021.", None), ("2", "CBS, Annual report 2022.", None)]) == []
    assert doc_with(tmp_path, [("1", "Ibid., p. 12.", None), ("2", "Ibid., p. 14.", None)]) == []


def test_a_url_tells_sources_with_the_same_text_apart(tmp_path):
    assert doc_with(tmp_path, [("1", "CBS Statline.", "https://example.org/a"),
                               ("2", "CBS Statline.", "https://example.org/b")]) == []
    same = doc_with(tmp_path, [("1", "CBS Statline.", "https://example.org/a"),
                               ("2", "CBS Statline.", "https://example.org/a")])
    assert len(same) == 1 and same[0].startswith("doc.yaml:7:11: warning: sources '1', '2' have the same text")


def test_only_numbers_count_as_a_sources_own(tmp_path):
    """"Source A" for id a and "Source B" for id b are named, not numbered: not the same text."""
    assert doc_with(tmp_path, [("a", "Source A.", None), ("b", "Source B.", None)]) == []


def test_validate_prints_the_warning_at_its_line_and_col(run, tmp_path, monkeypatch):
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "seed.yaml")
    code, out, err = run("validate", "seed.yaml")
    assert (code, out) == (0, "no errors, 2 warning(s)\n")  # and the colophon's date in figures
    assert "\nseed.yaml:117:11: warning: sources '1', '2', '3', '4', '5', '6', '7', '8' have the same" in "\n" + err
