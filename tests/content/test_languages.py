"""Any language: dates from CLDR (Babel) for every BCP 47 tag; deckgen's words from its own
translations, the content file's `labels:`, or English with one warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from conftest import ROOT, write
from deckgen.content import i18n
from deckgen.content.load import load

SPANISH = '''title: "Migración y cooperación"
language: es
date: "2024-05-03"
sections:
  - text: "Todo ser humano quiere una vida mejor."
  - heading: "Ayuda"
    text: "Entre el 7 y el 12 por ciento huye de la violencia."
qa:
  items:
    - question: "¿Qué hace el sector?"
      answer: "Trabaja con las personas."
'''


def _slides(path: Path) -> list[str]:
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            for slide in Presentation(str(path)).slides]


@pytest.mark.parametrize("tag, expected", [
    ("nl", "3 mei 2024"), ("nl-BE", "3 mei 2024"), ("en", "3 May 2024"), ("en-US", "May 3, 2024"),
    ("de", "3. Mai 2024"), ("fr", "3 mai 2024"), ("es", "3 de mayo de 2024"), ("pt-BR", "3 de maio de 2024"),
    ("pl", "3 maja 2024"), ("zh-Hant-TW", "2024年5月3日"), ("sr-Latn", "3. maj 2024."),
    ("tlh", "3 May 2024"),  # no CLDR data: English
])
def test_dates_are_written_the_way_the_language_writes_them(tag, expected):
    assert i18n.long_date("2024-05-03", tag) == expected


def test_a_spanish_document_shows_its_date_in_spanish_and_warns_once_about_the_words(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, SPANISH, "es.yaml")
    code, out, err = run("build", "es.yaml", "-j", "1")
    assert code == 0, err
    assert err.splitlines() == [
        "es.yaml:2:11: warning: deckgen has no Spanish words for what it adds to the outputs ('Agenda', "
        "'(continued)', 'Sources' …): they are in English (give yours under 'labels:' in this file, for example "
        "labels: {agenda: …, continued: …}; deckgen new words.yaml --language es writes every one to translate)"]
    slides = _slides(tmp_path / "output" / "default" / "es.pptx")
    assert "3 de mayo de 2024" in slides[0]
    handout = PdfReader(tmp_path / "output" / "default" / "es.handout.pdf").pages[0].extract_text()
    assert "3 de mayo de 2024" in handout and "May" not in handout


def test_labels_give_the_words_and_silence_the_warning(tmp_path):
    block = "labels:\n" + "".join(f'  {key}: "{i18n.english(key)}"\n' for key in i18n.LABELS)
    block = block.replace('agenda: "Agenda"', 'agenda: "Orden del día"').replace(
        'question_of: "Question {n} of {total}"', 'question_of: "Pregunta {n} de {total}"').replace(
        'continued: "(continued)"', 'continued: "(continuación)"')
    doc, warnings = load(write(tmp_path, SPANISH + block))
    assert warnings == [] and doc.labels["agenda"] == "Orden del día"
    from deckgen.renderers.deck import DeckRenderer
    from deckgen.renderers.base import RenderOptions
    from deckgen.theming.load import load as load_theme

    out = tmp_path / "es.pptx"
    out.write_bytes(DeckRenderer().render(doc, load_theme("default")[0], RenderOptions()).data)
    slides = _slides(out)
    assert slides[1].startswith("Orden del día")
    assert any("Pregunta 1 de 1" in s for s in slides)
    assert i18n.t("es", "agenda") == "Agenda"  # the document's words hold only while it is rendered


def test_some_labels_leave_the_others_in_english_with_a_warning_counting_them(tmp_path):
    _, warnings = load(write(tmp_path, SPANISH + 'labels:\n  agenda: "Orden del día"\n  sources: "Fuentes"\n'))
    assert [w.message for w in warnings] == [
        "deckgen has no Spanish words for what it adds to the outputs ('(continued)', 'Questions and answers', "
        f"'Thank you!' …): {len(i18n.LABELS) - 2} of them are in English"]


def test_labels_override_deckgens_own_words_too(tmp_path):
    doc, warnings = load(write(tmp_path, SPANISH.replace("language: es", "language: nl")
                               + 'labels:\n  agenda: "Programma"\n'))
    assert warnings == []
    with i18n.labels(doc.labels):
        assert i18n.t(doc.language, "agenda") == "Programma" and i18n.t(doc.language, "sources") == "Bronnen"


@pytest.mark.parametrize("labels, errors", [
    ('  agendas: "Orden"\n', ["7:3: error: unknown key 'agendas' in 'labels' (did you mean 'agenda'?)"]),
    ('  question_of: "Pregunta {num}"\n', ["7:16: error: the label 'question_of' may fill in {n}, {total} "
                                          "(use only those names in {braces})"]),
    ('  page_of: "página {page"\n', ["7:12: error: the label 'page_of' may fill in {page}, {total} "
                                    "(write a brace that is text as {{ or }})"]),
    ('  agenda: "{}"\n', ["7:11: error: the label 'agenda' may fill in nothing (write a brace that is text as "
                         "{{ or }})"]),
])
def test_wrong_labels_are_errors_at_their_place(tmp_path, labels, errors):
    text = 'title: "T"\nlanguage: es\nsections:\n  - text: "x"\nqa:\n  items: []\nlabels:\n'
    text = 'title: "T"\nlanguage: es\nsections:\n  - text: "x"\nlabels:\n  sources: "Fuentes"\n' + labels
    path = write(tmp_path, text)
    with pytest.raises(Exception) as info:
        load(path)
    found = [d.format().removeprefix(f"{path}:") for d in info.value.errors]
    assert found == errors


def test_dates_are_cached_so_a_build_does_not_import_babel(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    code = ("import sys; from deckgen.content import i18n; print(i18n.long_date('2024-05-03', 'es'), "
            "i18n.language_name('es'), 'babel' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["3", "de", "mayo", "de", "2024", "Spanish", "True"]
    assert second.stdout.split() == ["3", "de", "mayo", "de", "2024", "Spanish", "False"]


def test_the_readme_names_labels_that_exist_with_their_names():
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = text.split("The keys are deckgen's names for its words: ", 1)[1].split("and so on", 1)[0]
    keys = re.findall(r"`(\w+)`(?: \(([^)]*)\))?", listed)
    assert len(keys) >= 6
    for key, names in keys:
        assert key in i18n.LABELS and set(re.findall(r"\{(\w+)\}", names)) == i18n.placeholders(key), key
