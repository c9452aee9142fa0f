"""`deckgen new --from onepager.docx`: the Word seed becomes a content file with the same text, sentence for
sentence, its real footnote texts in `sources`, and what could not be imported listed at its top."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import quiet
from onepagers import (LINK, NOTE_LINK, NOTE_URL, as_loaded, document_paragraphs, note_texts, seed, sentences,
                       word_seed)

from deckgen.content.load import load

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> Path:
    return word_seed(tmp_path_factory.mktemp("word") / "onepager.docx")


def word_paragraphs(path: Path) -> list[str]:
    """The Word document's paragraphs as Word shows them (python-docx, independently of deckgen)."""
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_the_word_seed_imports_sentence_for_sentence(project, run, seed_docx):
    code, out, err = run("new", "--from", str(seed_docx))
    assert (code, quiet(err)) == (0, ""), err  # the seed's placeholder sources: warned of
    draft = Path("content/onepager.yaml")
    assert out.splitlines() == [
        f"wrote {draft} from onepager.docx: 1 lead, 4 sections, 7 questions, 8 footnotes, a colophon; language nl",
        f"next: review {draft}, then: deckgen build {draft}"]
    code, out, err = run("validate", str(draft))  # its placeholder sources, imported as they are: warned of
    assert (code, out, quiet(err)) == (0, "no errors, 2 warning(s)\n", "")  # the seed's own two
    doc, _ = load(draft)
    assert sentences(document_paragraphs(doc)) == as_loaded(sentences(word_paragraphs(seed_docx)))
    assert "colophon: |\n  03-05-24 - Dit document" in draft.read_text(encoding="utf-8")  # kept as typed
    assert len(sentences(document_paragraphs(doc))) > 60


def test_the_word_seed_keeps_its_structure_notes_and_properties(project, run, seed_docx):
    assert run("new", "seed.yaml", "--from", str(seed_docx))[0] == 0
    doc, _ = load("seed.yaml")
    original = seed()
    assert doc.title.plain == original.title.plain and doc.subtitle.plain == original.subtitle.plain
    assert doc.lead.plain == original.lead.plain  # the bold lead, without its bold
    assert [s.heading.plain if s.heading else None for s in doc.sections] == \
        [s.heading.plain if s.heading else None for s in original.sections]
    assert [s.text.plain for s in doc.sections[1:]] == [s.text.plain for s in original.sections[1:]]
    # the bulleted list became list lines
    assert doc.sections[0].text.plain.split("\n\n")[1:] == ["\u2022 " + p.plain for p in original.sections[0].points]
    assert doc.qa.heading.plain == original.qa.heading.plain
    assert [(i.question.plain, i.answer.plain) for i in doc.qa.items] == \
        [(i.question.plain, i.answer.plain) for i in original.qa.items]
    # footnote marks where Word has them, numbered the same; the notes' real texts in sources
    assert [s.text.footnotes() for s in doc.sections] == [s.text.footnotes() for s in original.sections]
    assert [i.answer.footnotes() for i in doc.qa.items] == [i.answer.footnotes() for i in original.qa.items]
    texts = note_texts(original)
    assert [s.id for s in doc.sources] == [str(n) for n in range(1, 9)]
    assert doc.sources[0].text.plain == texts[1].removesuffix(" " + NOTE_URL) and doc.sources[0].url == NOTE_URL
    assert doc.sources[1].text.plain == texts[2] + " Zie ook deze bron." and doc.sources[1].url == NOTE_LINK
    assert [s.text.plain for s in doc.sources[2:]] == [texts[n] for n in range(3, 9)]  # 8 is an endnote
    # the colophon with its hyperlink, the date it starts with, the core and app properties
    assert doc.colophon.plain == as_loaded([original.colophon.plain])[0] + " " + "".join(LINK[:2]) + LINK[3]
    assert [s.href for p in doc.colophon.paragraphs for s in p if s.href] == [LINK[2]]
    assert (doc.date, doc.language, doc.authors, doc.organisation) == \
        ("2024-05-03", "nl", original.authors, original.organisation)
    code, out, err = run("build", "seed.yaml", "-q")
    assert (code, out, quiet(err)) == (0, "", "") and err.count("\n") == 2  # its placeholder sources and date in figures: warned of


def _docx(path: Path, build) -> Path:
    import docx

    document = docx.Document()
    build(document)
    document.save(str(path))
    return path


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buf, "PNG")
    return buf.getvalue()


def test_bold_italic_links_and_what_was_not_imported(project, run, tmp_path):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    def build(d):
        d.add_heading("Een titel", level=1)
        p = d.add_paragraph("Gewoon, ")
        p.add_run("vet").bold = True
        p.add_run(" en ")
        p.add_run("schuin").italic = True
        p.add_run(", een ster * en [haken] blijven letterlijk.")
        d.add_heading("Een onderdeel", level=2)
        d.add_paragraph("Een alinea met een plaatje erna.")
        d.add_picture(io.BytesIO(_png()))
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "cel"
        q = d.add_paragraph("Lees ")
        rid = q.part.relate_to("https://example.org/a_b", RT.HYPERLINK, is_external=True)
        q._p.append(parse_xml(f'<w:hyperlink xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/'
                              f'officeDocument/2006/relationships" r:id="{rid}"><w:r><w:t>dit</w:t></w:r>'
                              f'</w:hyperlink>'))
        q.add_run(".")

    source = _docx(tmp_path / "mix.docx", build)
    code, out, err = run("new", "mix.yaml", "--from", str(source))
    assert code == 0 and "mix.yaml:18:5: error: the image of section 1 needs 'alt'" in err, err  # Word had none
    text = Path("mix.yaml").read_text(encoding="utf-8")
    assert "Gewoon, **vet** en *schuin*, een ster \\* en \\[haken\\] blijven letterlijk." in text
    assert "Lees [dit](https://example.org/a_b)." in text
    header = text.split("\ntitle:")[0]
    assert "# Not imported (add it by hand if it matters):" in header
    assert "    image:\n      file: \"images/mix-1.png\"\n" in text  # the picture: section 1's (test_word_pictures)
    assert Path("images/mix-1.png").read_bytes() == _png()
    assert "#   - the picture of section 1 (paragraph 5) has no alt text in the document" in header
    assert ("#   - table after paragraph 5 (2 rows: 'cel | '): a table needs a header row, a row of data and at "
            "most 12 columns") in header
    Path("mix.yaml").write_text(text.replace('file: "images/mix-1.png"', 'file: "images/mix-1.png"\n'
                                                                          '      decorative: "yes"'), encoding="utf-8")
    doc, _ = load("mix.yaml")
    para = doc.sections[0].text.paragraphs[0] if doc.lead is None else doc.lead.paragraphs[0]
    assert [(s.text, s.strong, s.em) for s in para] == [
        ("Gewoon, ", False, False), ("vet", True, False), (" en ", False, False), ("schuin", False, True),
        (", een ster * en [haken] blijven letterlijk.", False, False)]


def _qa_doc(path: Path, style: str) -> Path:
    def build(d):
        d.add_paragraph("Titel", style="Title")
        d.add_paragraph("Een inleiding die lang genoeg is om een echte alinea te zijn.")
        d.add_heading("Over het onderwerp", level=1)
        d.add_paragraph("Tekst van het onderdeel.")
        d.add_heading({"faq": "FAQ", "bold": "Veelgestelde vragen", "typed": "Fragen und Antworten"}[style], level=1)
        for n in (1, 2):
            if style == "faq":
                d.add_heading(f"Vraag {n} als kop", level=2)
            elif style == "bold":
                d.add_paragraph().add_run(f"Is dit vraag {n}?").bold = True
            else:
                d.add_paragraph(f"{n}. Ist das Frage {n}?")
            d.add_paragraph(f"Antwoord {n}, eerste alinea.")
            d.add_paragraph(f"Antwoord {n}, tweede alinea.")
        d.add_heading("Colofon", level=1)
        d.add_paragraph("Gemaakt door het team.")

    return _docx(path, build)


@pytest.mark.parametrize("style, questions", [
    ("faq", ["Vraag 1 als kop", "Vraag 2 als kop"]),
    ("bold", ["Is dit vraag 1?", "Is dit vraag 2?"]),
    ("typed", ["Ist das Frage 1?", "Ist das Frage 2?"]),
])
def test_the_qa_is_found_by_its_heading(project, run, tmp_path, style, questions):
    source = _qa_doc(tmp_path / f"{style}.docx", style)
    assert run("new", "qa.yaml", "--from", str(source))[0] == 0
    doc, _ = load("qa.yaml")
    assert [i.question.plain for i in doc.qa.items] == questions
    assert [i.answer.plain for i in doc.qa.items] == [f"Antwoord {n}, eerste alinea.\n\nAntwoord {n}, tweede alinea."
                                                      for n in (1, 2)]
    assert [i.question.paragraphs[0][0].strong for i in doc.qa.items] == [False, False]
    assert doc.colophon.plain == "Gemaakt door het team."
    assert [s.heading.plain for s in doc.sections] == ["Over het onderwerp"]


def test_a_heading_after_the_qa_ends_it(project, run, tmp_path):
    def build(d):
        d.add_paragraph("Titel", style="Title")
        d.add_heading("Vragen", level=1)
        d.add_paragraph("1. Waarom?")
        d.add_paragraph("Daarom.")
        d.add_heading("Achtergrond", level=1)
        d.add_paragraph("Meer tekst.")

    assert run("new", "x.yaml", "--from", str(_docx(tmp_path / "after.docx", build)))[0] == 0
    doc, _ = load("x.yaml")
    assert [i.question.plain for i in doc.qa.items] == ["Waarom?"]
    assert [(s.heading.plain, s.text.plain) for s in doc.sections] == [("Achtergrond", "Meer tekst.")]
    assert "'Achtergrond' (paragraph 5) follows the Q&A" in Path("x.yaml").read_text(encoding="utf-8")


def test_a_document_without_headings_becomes_one_section(project, run, tmp_path):
    def build(d):
        d.add_paragraph("Eerste alinea van een korte notitie.")
        d.add_paragraph("Tweede alinea van een korte notitie.")

    assert run("new", "x.yaml", "--from", str(_docx(tmp_path / "flat.docx", build)))[0] == 0
    doc, _ = load("x.yaml")
    assert doc.title.plain == "flat"
    assert [s.text.plain for s in doc.sections] == [("Eerste alinea van een korte notitie.\n\n"
                                                     "Tweede alinea van een korte notitie.")]
    assert run("validate", "x.yaml")[0] == 0


def test_word_language_is_checked_against_the_text(project, run, seed_docx, tmp_path):
    """Dutch text in a document Word marks as English (an English Word) is imported as Dutch, and says so."""
    import docx

    document = docx.Document(str(seed_docx))
    lang = document.styles.element.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    lang.set(f"{{{W}}}val", "en-US")
    document.save(str(tmp_path / "en-word.docx"))
    code, out, _ = run("new", "x.yaml", "--from", str(tmp_path / "en-word.docx"))
    assert code == 0
    assert "  check: language: nl, as the text reads as Dutch (Word's language setting says en-US); change " \
           "'language:' if that is wrong" in out.splitlines()
    assert load("x.yaml")[0].language == "nl"
    assert run("new", "y.yaml", "--from", str(tmp_path / "en-word.docx"), "--language", "nl-BE")[0] == 0
    assert load("y.yaml")[0].language == "nl-BE"


def test_import_never_overwrites(project, run, seed_docx):
    Path("content").mkdir()
    Path("content/onepager.yaml").write_text("mine", encoding="utf-8")
    code, out, err = run("new", "--from", str(seed_docx))
    assert (code, out) == (1, "")
    assert "content/onepager.yaml: error: this file already exists" in err.replace("\\", "/")
    assert Path("content/onepager.yaml").read_text(encoding="utf-8") == "mine"


def test_word_tables_become_table_and_one_that_has_no_place_is_listed_with_its_cells(project, run, tmp_path):
    def build(d):
        d.add_heading("Opvang", level=1)
        d.add_heading("Landen", level=2)
        d.add_paragraph("De grootste opvanglanden.")
        table = d.add_table(rows=3, cols=3)
        for r, row in enumerate([("Land", "Vluchtelingen", "Aandeel"), ("Iran", "3,8 miljoen", "4,3 %"),
                                 ("Turkije", "3,3 miljoen", "3,9 %")]):
            for c, text in enumerate(row):
                table.cell(r, c).paragraphs[0].add_run(text).bold = r == 0
        merged = d.add_table(rows=2, cols=3)  # a cell across two columns is followed by an empty one
        merged.cell(0, 0).merge(merged.cell(0, 1)).paragraphs[0].add_run("Periode")
        merged.cell(0, 2).text = "Aantal"
        for c, text in enumerate(("2023", "Q1", "12")):
            merged.cell(1, c).text = text
        d.add_heading("Vragen", level=2)
        d.add_heading("Hoeveel?", level=3)
        d.add_paragraph("Zoveel.")
        loose = d.add_table(rows=2, cols=2)
        for r, row in enumerate([("a", "b"), ("1", "2")]):
            for c, text in enumerate(row):
                loose.cell(r, c).text = text

    source = _docx(tmp_path / "tabellen.docx", build)
    code, out, err = run("new", "t.yaml", "--from", str(source))
    assert (code, err) == (0, ""), err
    assert "1 section, 1 question, 0 footnotes, 2 tables" in out
    assert "not imported: table after paragraph 6 (2 rows: 'a | b / 1 | 2'): in the Q&A" in out
    doc, _ = load("t.yaml")
    first, second = doc.sections[0].tables
    assert first.columns == ("Land", "Vluchtelingen", "Aandeel")
    assert first.rows == (("Iran", "3,8 miljoen", "4,3 %"), ("Turkije", "3,3 miljoen", "3,9 %"))
    assert second.columns == ("Periode", "", "Aantal") and second.rows == (("2023", "Q1", "12"),)
    assert "the first row of the table after paragraph 3 became its column names" not in out  # bold: a header


def _pictures_doc(path: Path) -> tuple[Path, list[bytes]]:
    """A one-pager with a cover picture (alt text), two pictures in its first section (the first with
    the alt text Word writes by itself), a decorative one in its second, one in its question (no alt
    text), and a chart-like drawing without a picture."""
    from docx.oxml import parse_xml
    from docx.shared import Cm
    from PIL import Image

    images = []
    for color in ("teal", "orange", "olive", "navy", "purple"):
        buf = io.BytesIO()
        Image.new("RGB", (80, 50), color).save(buf, "JPEG" if color == "orange" else "PNG")
        images.append(buf.getvalue())

    def build(d):
        d.add_paragraph("Markten en migratie", style="Title")
        d.add_picture(io.BytesIO(images[0]), width=Cm(10))
        d.add_heading("Waar mensen handelen", 1)
        d.add_paragraph("Op markten vinden nieuwkomers vaak hun eerste werk.")
        d.add_picture(io.BytesIO(images[1]), width=Cm(8))
        d.add_picture(io.BytesIO(images[2]), width=Cm(8))
        d.add_heading("Wat het kost", 1)
        d.add_paragraph("Een kraam kost weinig.")
        d.add_picture(io.BytesIO(images[3]), width=Cm(8))
        d.add_paragraph().add_run()._r.append(parse_xml(  # a drawing with no picture in it (a chart, a shape)
            '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><wp:inline '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="99" '
            'name="Chart 1"/></wp:inline></w:drawing>'))
        d.add_heading("Vragen", 1)
        d.add_heading("Wie verkoopt er op de markt?", 2)
        d.add_paragraph("Vooral vrouwen, vaak nieuwkomers.")
        d.add_picture(io.BytesIO(images[4]), width=Cm(6))
        props = [el for el in d.element.body.iter() if el.tag.endswith("}docPr")]
        props[0].set("descr", "Een markt\nin Kampala")
        props[1].set("descr", "Kramen met groente. Description automatically generated")
        props[2].set("descr", "Een tweede foto")
        decorative = parse_xml('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:ext '
                               'uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://'
                               'schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>')
        props[3].append(decorative)

    return _docx(path / "markt.docx", build), images


def test_word_pictures_become_the_drafts_images_with_their_alt_text(project, run, tmp_path):
    source, images = _pictures_doc(tmp_path)
    Path("content/images").mkdir(parents=True)
    Path("content/images/markt-1.png").write_bytes(b"not ours")  # never written over: the next number is taken
    code, out, err = run("new", "content/markt.yaml", "--from", str(source))
    assert code == 0, err
    assert "3 sections" not in out and "4 pictures" in out.splitlines()[0]
    text = Path("content/markt.yaml").read_text(encoding="utf-8")
    body = text.split("\ntitle:")[1]
    assert ('image:\n  file: "images/markt-2.png"\n  alt: "Een markt in Kampala"\n') in body  # the cover
    assert 'image:\n      file: "images/markt-3.jpg"\n      alt: "Kramen met groente."\n' in body
    assert 'image:\n      file: "images/markt-4.png"\n      decorative: "yes"\n' in body
    assert 'image:\n        file: "images/markt-5.png"\n' in body  # the question's, no alt text
    assert Path("content/images/markt-1.png").read_bytes() == b"not ours"
    assert [Path(f"content/images/markt-{n}.{ext}").read_bytes() for n, ext in
            ((2, "png"), (3, "jpg"), (4, "png"), (5, "png"))] == [images[0], images[1], images[3], images[4]]
    header = text.split("\ntitle:")[0]
    assert "image paragraph 6: section 1 shows one picture, the first (paragraph 5)" in header
    assert "a chart, diagram or shape drawn by Word, not a picture" in header
    assert "has the alt text Word wrote by itself" in header and "question 1 (paragraph 14) has no alt text" in header
    assert "content/markt.yaml:" in err and "needs 'alt'" in err  # the one thing left to do, at its line
    Path("content/markt.yaml").write_text(text.replace('file: "images/markt-5.png"\n',
                                                       'file: "images/markt-5.png"\n        alt: "Een kraam"\n'),
                                          encoding="utf-8")
    doc, warnings = load("content/markt.yaml")
    assert doc.image.alt == "Een markt in Kampala" and doc.sections[0].image.alt == "Kramen met groente."
    assert doc.sections[1].image.decorative and doc.qa.items[0].image.alt == "Een kraam"
    code, _, err = run("build", "content/markt.yaml", "-f", "deck", "-q")
    assert code == 0, err
    from pptx import Presentation

    deck = Presentation(next(Path("output").rglob("*.pptx")))
    described = {el.get("descr") for slide in deck.slides for el in slide.shapes._spTree.iter()
                 if el.tag.endswith("}cNvPr") and el.get("descr")}
    assert {"Een markt in Kampala", "Kramen met groente.", "Een kraam"} <= described


def test_a_picture_in_a_table_cell_is_said_not_lost(project, run, tmp_path):
    def build(d):
        d.add_heading("Titel", 1)
        d.add_heading("Een deel", 2)
        d.add_paragraph("Tekst.")
        table = d.add_table(rows=2, cols=2)
        for (r, c), text in {(0, 0): "a", (0, 1): "b", (1, 0): "1"}.items():
            table.cell(r, c).text = text
        table.cell(1, 1).paragraphs[0].add_run().add_picture(io.BytesIO(_png()))

    code, out, err = run("new", "t.yaml", "--from", str(_docx(tmp_path / "t.docx", build)))
    assert code == 0, err
    assert "  not imported: 1 image: after paragraph 3: in a table's cell" in out.splitlines()
    assert not Path("images").exists()


def test_a_document_of_pictures_only_gives_a_section_to_write_with_the_first(project, run, tmp_path):
    def build(d):
        for _ in range(3):
            d.add_picture(io.BytesIO(_png()))

    code, out, err = run("new", "p.yaml", "--from", str(_docx(tmp_path / "p.docx", build)))
    assert code == 0
    text = Path("p.yaml").read_text(encoding="utf-8")
    assert 'sections:\n  - text: ""\n    image:\n      file: "images/p-1.png"\n' in text
    assert "  not imported: 2 images (paragraph 2, paragraph 3): section 1 shows one picture, the first " \
           "(paragraph 1)" in out.splitlines()
    assert "p.yaml:" in err  # what is left to write (the text, the alt text) at its line
