"""The document's own date, where a text gives it in figures ("03-05-24 - Dit document …"), is written
as every output writes the date: the language's long CLDR form ("3 mei 2024", "3 de mayo de 2024").
Other dates in figures, and figures that are no date, are left as typed (content/dates.py)."""

from __future__ import annotations

import pytest
from conftest import write

from deckgen.content import dates
from deckgen.content.load import load


def _colophon(tmp_path, language: str, date: str, colophon: str, changed: str | None = None) -> str:
    """The colophon as loaded; `changed`: the date in figures written out, with one warning at it."""
    path = write(tmp_path, f'title: "T"\nlanguage: "{language}"\ndate: "{date}"\nsections:\n  - text: "Tekst."\n'
                           f'colophon: "{colophon}"\n')
    doc, warnings = load(path)
    said = [w for w in warnings if "colophon" in w.format() or "date" in w.message]  # es: also its labels
    if changed is None:
        assert not said
    else:
        assert len(said) == 1 and said[0].message.startswith(f"'{changed}' is the document's date in figures")
        assert (said[0].location.line, said[0].location.col) == (6, 12 + colophon.index(changed))
    return doc.colophon.plain


@pytest.mark.parametrize("language, typed, written", [
    ("nl", "03-05-24 - Dit document is opgesteld", "3 mei 2024 - Dit document is opgesteld"),
    ("es", "3/5/24 - Este documento", "3 de mayo de 2024 - Este documento"),
    ("es", "Madrid, 03/05/2024.", "Madrid, 3 de mayo de 2024."),
    ("en-US", "Written 5/3/24 by us", "Written May 3, 2024 by us"),
    ("de", "Stand: 03.05.2024", "Stand: 3. Mai 2024"),
    ("en", "2024-05-03: drafted", "3 May 2024: drafted"),
])
def test_the_documents_date_in_figures_is_written_out(tmp_path, language, typed, written):
    figures = dates._FIGURES.search(typed).group()
    assert _colophon(tmp_path, language, "2024-05-03", typed, changed=figures) == written


@pytest.mark.parametrize("language, typed", [
    ("nl", "05-03-24 is 5 maart"),  # day first in Dutch: another day than the document's
    ("en-US", "3/5/24 is March 5"),
    ("nl", "04-05-24, een dag later"),
    ("nl", "versie 1.2.3 van 3-5-2024x"),  # not a date on its own
    ("nl", "tel. 03-05-2424"),
])
def test_other_dates_and_figures_are_left_as_typed(tmp_path, language, typed):
    assert _colophon(tmp_path, language, "2024-05-03", typed) == typed


def test_without_a_date_nothing_changes(tmp_path):
    path = write(tmp_path, 'title: "T"\nlanguage: "nl"\nsections:\n  - text: "Op 03-05-24."\n')
    assert load(path)[0].sections[0].text.plain == "Op 03-05-24."


def test_a_colophon_starts_with_a_date_as_the_importer_reads_it():
    assert dates.at_start("03-05-24 - Dit document", "nl") == "2024-05-03"
    assert dates.at_start("05/03/2024 by us", "en-US") == "2024-05-03"
    assert dates.at_start("31-02-24 oops", "nl") is None and dates.starts_with_figures("31-02-24 oops")


def test_the_seeds_handout_and_notes_give_its_date_in_one_form(seed_doc, default_theme):
    """The Dutch seed's colophon is typed "03-05-24 - Dit document …" (as the one-pager has it); the
    handout's meta line and running head say "3 mei 2024": the colophon now does too, in the handout
    and in the closing slide's notes."""
    import io

    import pdfplumber

    from deckgen.renderers import RenderOptions, get

    with pdfplumber.open(io.BytesIO(get("handout").render(seed_doc, default_theme, RenderOptions()).data)) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "03-05-24" not in text and "3 mei 2024 - Dit document is opgesteld" in text
    notes = get("deck").render(seed_doc, default_theme, RenderOptions()).notes
    assert "03-05-24" not in " ".join(notes) and any("3 mei 2024 - Dit document" in n for n in notes)
