"""`deckgen new`: a starter content file in each language that builds as written, fits, and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deckgen.authoring import starter
from deckgen.content import cues
from deckgen.content.load import DOC_KEYS, FIGURE_KEYS, ITEM_KEYS, QA_KEYS, SECTION_KEYS, SOURCE_KEYS, load
from deckgen.content.pictures import IMAGE_KEYS

LANGUAGES = ("nl", "en", "de", "fr")
OUTPUTS = ("talk.pptx", "talk.handout.pdf", "talk.cards.pdf", "talk.guide.pdf")


@pytest.fixture
def empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def deck_text(path: Path) -> str:
    from pptx import Presentation

    prs = Presentation(str(path))
    parts = []
    for slide in prs.slides:
        parts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_then_build_gives_three_outputs_that_show_every_text(empty, run, lang):
    code, out, err = run("new", "--language", lang)
    assert (code, err) == (0, "")
    assert out.startswith(f"created {Path('content/talk.yaml')} (a starter in {starter.NAMES[lang]})")
    code, out, err = run("build")
    assert (code, err) == (0, ""), err
    assert out.splitlines()[-1] == "4 written, 0 up to date"
    for name in OUTPUTS:
        assert (empty / "output" / "default" / name).stat().st_size > 1000
    doc, warnings = load(empty / "content" / "talk.yaml")
    assert warnings == []
    assert doc.language == lang and doc.date is not None
    # every text of the starter reaches the deck (on a slide or in its notes): it shows where each key goes;
    # a text the notes condense (what its slide does not show, in lead sentences) is whole in the handout
    from test_properties import handout_texts

    shown = deck_text(empty / "output" / "default" / "talk.pptx")
    printed = re.sub(r"[\s\-\u00ad]+", "", handout_texts((empty / "output" / "default" / "talk.handout.pdf").read_bytes())[1])
    told = {" ".join(r.plain.split()) for r in [s.text for s in doc.sections] + [q.answer for q in doc.qa.items]}
    texts = [doc.title, doc.subtitle, doc.lead, doc.qa.heading, doc.colophon]
    for section in doc.sections:
        texts += [section.heading, section.text, *section.points, *([section.key] if section.key else [])]
        texts += [x for f in section.figures for x in (f.value, f.label)]
    for item in doc.qa.items:
        texts += [item.question, item.answer, *item.points, *([item.notes] if item.notes else []),
                  *([item.key] if item.key else [])]
    texts += [s.text for s in doc.sources]
    for rich in texts:
        for para in rich.plain.split("\n\n"):
            para = re.sub(r"^[\u2022\u2013] ", "", para)
            para = " ".join(para.split())
            # in the notes a paragraph may be said as its first sentence, then the rest of it
            first = cues.sentences(para)[0] if cues.sentences(para) else para
            if any(para in t for t in told) and not (para in shown):
                for sentence in cues.sentences(para):
                    assert sentence in shown or re.sub(r"[\s\-\u00ad]+", "", sentence) in printed, sentence
                continue
            assert para in shown or (first in shown and para[len(first):].strip() in shown), para
    assert doc.organisation in shown and doc.sources[0].url in shown


def test_the_starter_has_every_key_once_with_a_comment():
    for lang in LANGUAGES:
        text = starter.text(lang)
        for key in DOC_KEYS + SECTION_KEYS + FIGURE_KEYS + QA_KEYS + ITEM_KEYS + SOURCE_KEYS + IMAGE_KEYS:
            if key in ("image", "labels") or key in IMAGE_KEYS:  # commented out: a starter cannot ship the
                # user's photo, and the words deckgen adds need no labels in these languages
                lines = [line for line in text.splitlines() if re.match(rf"#\s*(- )?{key}:", line)]
                assert lines and any(line.count("#") >= 2 for line in lines), f"{lang}: no '# {key}:' with a comment"
                continue
            lines = [line for line in text.splitlines() if re.match(rf"\s*(- )?{key}:", line)]
            assert lines, f"{lang}: no '{key}:'"
            assert any("#" in line for line in lines), f"{lang}: '{key}:' has no comment"
        assert f'language: "{lang}"' in text


def test_new_never_overwrites(empty, run):
    assert run("new", "-l", "en")[0] == 0
    path = empty / "content" / "talk.yaml"
    path.write_text("mine", encoding="utf-8")
    code, out, err = run("new", "-l", "nl")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        (f"{Path('content/talk.yaml')}: error: this file already exists; deckgen new never overwrites a file "
         f"(name another file, for example: deckgen new {Path('content/talk-2.yaml')})"), "1 error(s)"]
    assert path.read_text(encoding="utf-8") == "mine"
    assert run("new", "content/talk-2.yaml", "-l", "de")[0] == 0
    assert 'language: "de"' in (empty / "content" / "talk-2.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (empty / "content").iterdir()) == ["talk-2.yaml", "talk.yaml"]


def test_new_takes_the_language_from_the_environment(empty, run, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    assert run("new")[0] == 0
    assert load(empty / "content" / "talk.yaml")[0].language == "fr"


def test_a_regional_tag_is_kept(empty, run):
    assert run("new", "be.yaml", "--language", "nl-BE")[0] == 0
    assert load(empty / "be.yaml")[0].language == "nl-BE"


@pytest.mark.parametrize("args, message", [
    (("new", "--language", "xx"), "'xx' is not a language tag CLDR knows (for example nl, en, de, fr, es"),
    (("new", "--language", "Spanish"), "(did you mean 'es'?"),
    (("new", "--language", "nederlands"), "(did you mean 'nl'?"),
    (("new", "--language", "n l"), "is not a language tag"),
    (("new", "--from", "a.md", "--language", "nl!"), "is not a language tag"),
])
def test_new_usage_errors(empty, run, args, message):
    code, _, err = run(*args)
    assert code == 2 and message in err


def test_new_wants_a_yaml_name(empty, run):
    code, _, err = run("new", "talk.txt")
    assert code == 1
    assert err.startswith("talk.txt: error: a content file's name must end in .yaml (for example: deckgen new talk.yaml)")
    assert not (empty / "talk.txt").exists()


def test_build_in_an_empty_folder_suggests_new(empty, run):
    code, _, err = run("build")
    assert code == 1
    assert "deckgen new" in err.splitlines()[0]


@pytest.mark.render
def test_starter_decks_fit_in_libreoffice(tmp_path, monkeypatch, run):
    """Every character LibreOffice draws of the starter decks, in each language, lies inside its box."""
    from renderers import lo

    if lo.soffice() is None:
        pytest.fail("LibreOffice is required for the fit check: apt-get install libreoffice-impress-nogui")
    decks = []
    for lang in LANGUAGES:
        folder = tmp_path / lang
        folder.mkdir()
        monkeypatch.chdir(folder)
        assert run("new", "-l", lang)[0] == 0
        assert run("build", "--format", "deck", "-q")[0] == 0
        deck = tmp_path / f"starter-{lang}.pptx"
        (folder / "output" / "default" / "talk.pptx").rename(deck)
        decks.append(deck)
    pdfs = lo.to_pdf(decks, tmp_path / "pdf")
    import pdfplumber

    for deck, pdf in zip(decks, pdfs):
        assert lo.overflows(deck, pdf) == [], deck.name
        with pdfplumber.open(str(pdf)) as doc:
            assert sum(len(p.chars) for p in doc.pages) > 500, "the check looked at real text"


def test_any_language_gets_the_english_starter_with_its_tag_and_the_words_to_translate(empty, run):
    from deckgen.content import i18n

    code, out, err = run("new", "--language", "es")
    assert (code, err) == (0, "")
    assert out.startswith(f"created {Path('content/talk.yaml')} (a starter for Spanish (es), its comments in English")
    path = empty / "content" / "talk.yaml"
    doc, warnings = load(path)
    assert doc.language == "es"
    assert [w.message.split(" (")[0] for w in warnings] == ["deckgen has no Spanish words for what it adds to the outputs"]
    text = path.read_text(encoding="utf-8")
    head, _, block = text.partition("# labels:")
    assert block.count("\n#   ") == len(i18n.LABELS)  # every word, in English, commented out
    path.write_text(head + "labels:" + block.replace("\n#   ", "\n  "), encoding="utf-8")
    doc, warnings = load(path)
    assert warnings == [] and doc.labels["continued"] == "(continued)"
