"""`deckgen new --from onepager.md`: the Markdown seed imports like the Word one; front matter, footnotes and
what could not be imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import quiet
from onepagers import (NOTE_LINK, NOTE_URL, as_loaded, document_paragraphs, markdown_seed, note_texts, seed,
                       sentences)

from deckgen.content.load import load


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def markdown_paragraphs(text: str) -> list[str]:
    """The Markdown's body paragraphs as a reader sees them (markdown-it, independently of deckgen)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    out, in_note = [], False
    for tok in MarkdownIt("commonmark").use(footnote_plugin).parse(text):
        in_note = {"footnote_open": True, "footnote_close": False}.get(tok.type, in_note)
        if tok.type == "inline" and not in_note:
            out.append("".join(c.content for c in tok.children if c.type in ("text", "softbreak")))
    return out


def test_the_markdown_seed_imports_sentence_for_sentence(project, run):
    source = markdown_seed(project / "onepager.md")
    code, out, err = run("new", "--from", str(source))
    assert (code, quiet(err)) == (0, ""), err  # the seed's placeholder sources: warned of
    draft = Path("content/onepager.yaml")
    assert out.splitlines()[0] == (f"wrote {draft} from onepager.md: 1 lead, 4 sections, 7 questions, 8 footnotes, "
                                   "a colophon; language nl")
    code, out, err = run("validate", str(draft))  # its placeholder sources, imported as they are: warned of
    assert (code, out, quiet(err)) == (0, "no errors, 2 warning(s)\n", "")  # the seed's own two
    doc, _ = load(draft)
    expected = as_loaded(sentences(markdown_paragraphs(source.read_text(encoding="utf-8"))))
    assert sentences(document_paragraphs(doc)) == expected and len(expected) > 60
    original = seed()
    assert [(i.question.plain, i.answer.plain) for i in doc.qa.items] == \
        [(i.question.plain, i.answer.plain) for i in original.qa.items]
    texts = note_texts(original)
    assert [s.id for s in doc.sources] == [str(n) for n in range(1, 9)]
    assert (doc.sources[0].text.plain, doc.sources[0].url) == (texts[1].removesuffix(" " + NOTE_URL), NOTE_URL)
    assert (doc.sources[1].text.plain, doc.sources[1].url) == (texts[2] + " Zie ook deze bron.", NOTE_LINK)
    assert [s.text.plain for s in doc.sources[2:]] == [texts[n] for n in range(3, 9)]
    assert doc.date == "2024-05-03"


def test_the_word_and_markdown_seeds_give_the_same_content(project, run):
    from onepagers import word_seed

    markdown_seed(project / "a.md")
    word_seed(project / "a.docx")
    assert run("new", "md.yaml", "--from", "a.md")[0] == 0
    assert run("new", "word.yaml", "--from", "a.docx")[0] == 0
    body = [Path(n).read_text(encoding="utf-8").split("\ntitle:")[1] for n in ("md.yaml", "word.yaml")]
    # the same, but for what only Word's properties hold
    assert body[0] == body[1].replace('organisation: "Partos en OnMigration"\n', "").replace(
        'authors: "Mirjam Vossen (OnMigration)"\n', "")


def test_front_matter_and_what_was_not_imported(project, run):
    Path("x.md").write_text(
        "---\ntitle: Uit de front matter\nsubtitle: Een ondertitel\nauthor: [Ann, Bo]\nlang: en-GB\n"
        "date: 2025-01-31\n---\n\n# A section\n\nText with `code`, a ![photo](p.png) and <b>html</b>.\n\n"
        "```\nprint(1)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Questions\n\n### Why?\n\nBecause.[^n]\n\n"
        "[^n]: A note <https://example.org/n>\n", encoding="utf-8")
    code, out, err = run("new", "x.yaml", "--from", "x.md")
    assert (code, err) == (0, ""), err
    doc, _ = load("x.yaml")
    assert (doc.title.plain, doc.subtitle.plain, doc.authors, doc.language, doc.date) == (
        "Uit de front matter", "Een ondertitel", "Ann, Bo", "en", "2025-01-31")
    assert [s.heading.plain for s in doc.sections] == ["A section"]
    assert doc.sections[0].text.plain == "Text with code, a and html."
    assert [(i.question.plain, i.answer.plain) for i in doc.qa.items] == [("Why?", "Because.")]
    assert (doc.sources[0].text.plain, doc.sources[0].url) == ("A note", "https://example.org/n")
    lines = out.splitlines()
    assert "  not imported: 1 image: line 11 ('photo'): file not found" in lines
    assert "  not imported: 2 pieces of HTML: line 11 ('<b>'); line 11 ('</b>')" in lines
    assert "  not imported: 1 code block: line 13 ('print(1)')" in lines
    assert not any("not imported" in line and "table" in line for line in lines)  # a pipe table is imported
    assert (doc.sections[0].tables[0].columns, doc.sections[0].tables[0].rows) == (("a", "b"), (("1", "2"),))


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "x.md: error: this is not a Markdown text file (it holds binary data)"),
    ("# Titel\n\nCaf\u00e9\n".encode("cp1252"), "x.md:3: error: the file is not UTF-8 text"),
])
def test_markdown_that_is_not_text(project, run, data, message):
    Path("x.md").write_bytes(data)
    code, out, err = run("new", "x.yaml", "--from", "x.md")
    assert (code, out) == (1, "")
    assert err.startswith(message)
    assert not Path("x.yaml").exists()


def test_a_question_without_an_answer_is_pointed_out(project, run):
    Path("x.md").write_text("# Titel\n\n## Over\n\nTekst.\n\n## Vragen\n\n### Waarom?\n\n### Hoezo?\n\nOmdat.\n",
                            encoding="utf-8")
    code, out, err = run("new", "x.yaml", "--from", "x.md")
    assert code == 0
    assert "  check: question 'Waarom?' (line 9) has no answer: write it under 'answer:'" in out.splitlines()
    assert err.splitlines() == ["the draft needs these changes before it builds:",
                                "x.yaml:16:15: error: 'answer' in question 1 is empty (write the text, or remove the key)"]
    assert Path("x.yaml").read_text(encoding="utf-8").splitlines()[15] == '      answer: ""'


@pytest.mark.parametrize("source, subtitle, headings", [
    ("# T\n\n## Sub\n\n## Een\n\nTekst.\n", "Sub", ["Een"]),
    ("# T\n\n## Een\n\nTekst.\n", None, ["Een"]),
    ("# T\n\nkort, zonder punt\n\n## Een\n\nTekst.\n", "kort, zonder punt", ["Een"]),
    ("# T\n\nEen hele zin als inleiding.\n\n## Een\n\nTekst.\n", None, ["Een"]),
])
def test_the_line_under_the_title(project, run, source, subtitle, headings):
    Path("x.md").write_text(source, encoding="utf-8")
    assert run("new", "x.yaml", "--from", "x.md")[0] == 0
    doc, _ = load("x.yaml")
    assert (doc.subtitle.plain if doc.subtitle else None) == subtitle
    assert [s.heading.plain for s in doc.sections] == headings


def test_pipe_tables_become_table_with_their_cells(project, run):
    Path("t.md").write_text(
        "# Opvang\n\n## Landen\n\nTekst.\n\n| Land | Vluchtelingen | Aandeel |\n|---|--:|--:|\n"
        "| Iran | 3,8 miljoen | 4,3 % |\n| **Turkije** | 3,3 [miljoen](https://example.org) | |\n\n"
        "| alleen een kop |\n|---|\n", encoding="utf-8")
    code, out, err = run("new", "t.yaml", "--from", "t.md")
    assert (code, err) == (0, ""), err
    doc, _ = load("t.yaml")
    table = doc.sections[0].tables[0]
    assert table.columns == ("Land", "Vluchtelingen", "Aandeel")
    assert table.rows == (("Iran", "3,8 miljoen", "4,3 %"), ("Turkije", "3,3 miljoen", ""))
    assert "not imported: table at line 12 (1 row: 'alleen een kop'): a table needs a header row" in out


def test_markdown_pictures_in_the_files_folder_become_images(project, run):
    from PIL import Image

    Path("one/pics").mkdir(parents=True)
    Image.new("RGB", (60, 40), "teal").save("one/pics/a.png")
    Image.new("RGB", (60, 40), "red").save("one/pics/b b.jpg")
    Path("one/fake.png").write_text("hello", encoding="utf-8")
    Image.new("RGB", (60, 40), "blue").save("outside.png")
    Path("one/one.md").write_text(
        "# Markets\n\n![A market  in Kampala](pics/a.png)\n\n## Where people trade\n\nMarkets first.\n\n"
        "![Stalls](pics/b%20b.jpg \"a title\")\n\n![](fake.png) ![web](https://example.org/x.png) "
        "![up](../outside.png) ![abs](/etc/hostname)\n\n## Questions\n\n### Who sells?\n\nMostly women.[^1]\n\n"
        "[^1]: A note ![in a note](pics/a.png)\n", encoding="utf-8")
    code, out, err = run("new", "content/one.yaml", "--from", "one/one.md")
    assert (code, err) == (0, ""), err
    text = Path("content/one.yaml").read_text(encoding="utf-8")
    assert 'image:\n  file: "images/one-1.png"\n  alt: "A market in Kampala"\n' in text
    assert 'image:\n      file: "images/one-2.jpg"\n      alt: "Stalls"\n' in text
    assert Path("content/images/one-1.png").read_bytes() == Path("one/pics/a.png").read_bytes()
    assert Path("content/images/one-2.jpg").read_bytes() == Path("one/pics/b b.jpg").read_bytes()
    assert sorted(p.name for p in Path("content/images").iterdir()) == ["one-1.png", "one-2.jpg"]
    line = next(x for x in out.splitlines() if x.startswith("  not imported: 5 images"))
    for why in ("('fake.png'): not an image", "('web'): a picture on the web", "('up'): outside the Markdown "
                "file's folder", "('abs'): outside the Markdown file's folder", "in a footnote"):
        assert why in line, why
    doc, _ = load("content/one.yaml")
    assert (doc.image.alt, doc.sections[0].image.alt) == ("A market in Kampala", "Stalls")
