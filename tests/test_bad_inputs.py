"""The catalogue of bad inputs (../shared/reference/bad-inputs.md), row by row, through the command line.

Each test is named after its row. It writes the input into a fresh project, runs
`deckgen build` in-process, and checks what the catalogue requires: the exit code, the
exact `path:line:col: error:` (or warning) line a user reads, and the outputs themselves
(the deck's XML read with python-pptx, the PDFs' text, fonts, images and links).
"""

from __future__ import annotations

import errno
import io
import os
import re
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from pptx import Presentation

from deckgen.cli import main
from deckgen.text.fonts import FONT_DIR, face

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "tests" / "data" / "templates"
OUT = Path("output") / "default"
DECK, HANDOUT, CARDS = OUT / "doc.pptx", OUT / "doc.handout.pdf", OUT / "doc.cards.pdf"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

SIMPLE = '''title: "Titel"
language: nl
sections:
  - text: "Een tekst."
qa:
  heading: "Vragen"
  items:
    - question: "Waarom?"
      answer: "Daarom."
'''


# --- fixtures and helpers -----------------------------------------------------------------

@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project as the working directory; crash reports go to its tmp/."""
    (tmp_path / "content").mkdir()
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run(capsys):
    """Runs the real entry point; returns (exit code, stdout, stderr). Never an internal error."""

    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert info.value.code != 3, err
        return info.value.code, out, err

    return invoke


def content(text: str | bytes, name: str = "doc.yaml") -> Path:
    path = Path("content") / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def theme(name: str, text: str, files: dict[str, bytes] | None = None) -> Path:
    """themes/NAME/theme.yaml (extending the default theme) with extra files."""
    folder = Path("themes") / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(f'name: "{name}"\nextends: "default"\n' + text, encoding="utf-8")
    for rel, data in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def errors(err: str) -> list[str]:
    """The diagnostic lines of stderr, without the closing count."""
    return [line for line in err.splitlines() if not re.fullmatch(r"\d+ error\(s\)|stopped", line)]


def assert_user_error(result: tuple[int, str, str], *expected: str) -> None:
    """Exit 1, nothing on stdout, and exactly these diagnostics on stderr; nothing was built."""
    code, out, err = result
    assert (code, out) == (1, ""), err
    assert errors(err) == list(expected)
    assert err.splitlines()[-1] == f"{sum(' error: ' in e for e in expected)} error(s)"
    assert not any(Path("output").rglob("*.pptx")) and not any(Path("output").rglob("*.pdf"))


def deck_xml(path: Path, *under: str) -> str:
    """The XML parts of the deck (all, or those whose names start with one of `under`) as one text."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist()
                         if n.endswith((".xml", ".rels")) and n.startswith(under or ("",)))


def deck_texts(path: Path) -> list[str]:
    """The text of every text shape and of the speaker notes, slide by slide."""
    prs = Presentation(str(path))
    out = []
    for slide in prs.slides:
        out += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    return out


def deck_runs(path: Path) -> list[str]:
    prs = Presentation(str(path))
    return [run.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for run in p.runs]


def deck_links(path: Path) -> list[str]:
    """Targets of every external relationship in the package (hyperlinks)."""
    prs = Presentation(str(path))
    return [rel.target_ref for part in prs.part.package.iter_parts() for rel in part.rels.values()
            if rel.is_external]


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def column_text(path: Path) -> str:
    """The handout's text column by column (pdfplumber alone would merge lines side by side)."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            mid = page.width / 2
            for box in ((0, 0, mid, page.height), (mid, 0, page.width, page.height)):
                out.append(page.crop(box).extract_text() or "")
    return "\n".join(out)


def norm(text: str) -> str:
    """Without whitespace and (soft) hyphens: line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def pdf_uris(path: Path) -> list[str]:
    reader = pypdf.PdfReader(str(path))
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def pdf_images(path: Path) -> list[tuple[int, int]]:
    """(width, height) of every image XObject on every page."""
    reader = pypdf.PdfReader(str(path))
    sizes = []
    for page in reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for obj in xobjects.values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


def png(width: int = 4, height: int = 2) -> bytes:
    """A real, small RGB PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def bomb_png(side: int = 30000) -> bytes:
    """A real 1-bit PNG of side × side pixels: 900 megapixels in about 109 KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


# =========================================================================================
# Content YAML
# =========================================================================================

def test_row_no_off_and_country_codes_stay_the_strings_typed(project, run):
    """`language: no`, `[NL, NO, BE]`, `show_logo: off`: every scalar stays the string typed."""
    content('''title: no
language: no
sections:
  - heading: off
    text: yes
    points: [NL, NO, BE]
''')
    theme("plain", "deck:\n  footer: no\n")  # a yes/no setting written bare: the string "no"
    code, out, err = run("build", "--theme", "plain", "--format", "deck,handout")
    assert code == 0, err
    # the one thing said: deckgen has no Norwegian words of its own for what it adds (a warning, not an error)
    assert [line for line in err.splitlines() if "has no Norwegian words" not in line] == [], err
    assert err.count("warning:") == 1, err
    deck = Path("output") / "plain" / "doc.pptx"
    texts = deck_texts(deck)
    assert texts[0] == "no"  # the title slide's title
    assert "off" in texts and "NL\nNO\nBE" in texts
    assert "yes" in "\n".join(texts)  # the section text is in the notes
    xml = deck_xml(deck)
    assert 'lang="no"' in xml and "<dc:language>no</dc:language>" in xml
    kinds = {str(ph.placeholder_format.type) for slide in Presentation(str(deck)).slides for ph in slide.placeholders}
    assert not any(k.startswith(("FOOTER", "SLIDE_NUMBER", "DATE")) for k in kinds), kinds  # `footer: no` is "no"
    handout = pdf_text(Path("output") / "plain" / "doc.handout.pdf")
    assert "no" in handout.splitlines() and "off" in handout and "yes" in handout


def test_row_numbers_and_times_stay_as_typed(project, run):
    """`1.10`, `0012`, `12:30`, `0x1F`: strings as typed, never 1.1, 10, 750 or 31."""
    content('''title: 1.10
language: nl
sections:
  - text: 12:30
  - heading: 0012
    text: 0x1F
    figures:
      - value: 0x1F
        label: 1.10
''')
    code, _, err = run("build", "--format", "deck,handout")
    assert (code, err) == (0, "")
    texts = deck_texts(DECK)
    assert texts[0] == "1.10"
    assert "0012" in texts and "0x1F" in texts
    assert "12:30" in "\n".join(texts)
    handout = pdf_text(HANDOUT)
    for typed in ("1.10", "0012", "12:30", "0x1F"):
        assert typed in handout
    for parsed in ("1.1\n", "750", "31"):
        assert parsed not in handout


def test_row_impossible_date_is_an_error_at_its_line(project, run):
    content('title: "Titel"\nlanguage: nl\ndate: 2024-02-30\nsections:\n  - text: "x"\n')
    assert_user_error(run("build"),
                      "content/doc.yaml:3:7: error: '2024-02-30' is not a real date (check the month and the day)")


def test_row_same_key_twice_is_an_error_naming_both_lines(project, run):
    content('title: "Eerste"\nlanguage: nl\ntitle: "Tweede"\nsections:\n  - text: "x"\n')
    assert_user_error(run("build"), "content/doc.yaml:3:1: error: 'title' is given twice (first at line 1) "
                                    "(keep one of them; YAML would silently use the last)")


def test_row_unquoted_colon_in_a_title(project, run):
    content("title: Migratie: hoe hangt het samen?\nlanguage: nl\nsections:\n  - text: x\n")
    assert_user_error(run("build"), "content/doc.yaml:1:16: error: YAML syntax: mapping values are not allowed here "
                                    "(text that contains ': ' must be put in quotes, for example "
                                    "title: \"Migratie: hoe?\")")


def test_row_tab_used_for_indentation(project, run):
    content("title: x\nlanguage: nl\nsections:\n  - text: y\n\theading: z\n")
    assert_user_error(run("build"), "content/doc.yaml:5:1: error: YAML syntax: found character '\\t' that cannot "
                                    "start any token (use spaces for indentation, not tabs)")


def test_row_misspelt_key_gets_did_you_mean(project, run):
    content(SIMPLE.replace("- question:", "- qestion:"))
    code, out, err = run("build")
    assert (code, out) == (1, "")
    assert errors(err) == ["content/doc.yaml:8:7: error: unknown key 'qestion' in question 1 "
                           "(did you mean 'question'? question 1 needs it)"]
    assert not Path("output").exists()


@pytest.mark.parametrize("text, expected", [
    ('title: &t "x"\nlanguage: nl\nsections:\n  - text: "y"\n',
     "content/doc.yaml:1:8: error: anchors (&t) are not allowed (remove the '&' name; deckgen files do not share "
     "values)"),
    ('title: "x"\nlanguage: nl\nsections:\n  - text: &t "y"\n  - heading: "h"\n    text: *t\n',
     "content/doc.yaml:6:11: error: aliases (*t) are not allowed (write the text out in full instead of referring "
     "to an anchor)"),
    ('title: !!binary aGFsbG8=\nlanguage: nl\nsections:\n  - text: "y"\n',
     "content/doc.yaml:1:8: error: tags (!!binary) are not allowed (remove the '!' tag; every value is text)"),
    ('title: "x"\nlanguage: nl\nsections:\n  - text: "y"\n    points: !!set {a, b}\n',
     "content/doc.yaml:5:13: error: tags (!!set) are not allowed (remove the '!' tag; every value is text)"),
], ids=["anchor", "alias", "binary", "set"])
def test_row_anchors_aliases_and_tags_are_errors_at_their_line(project, run, text, expected):
    content(text)
    code, out, err = run("build")
    assert (code, out) == (1, "")
    assert expected in errors(err)
    assert not Path("output").exists()


def test_row_alias_bomb_fails_fast(project, run):
    """The 432-byte billion laughs: refused at the first alias, nothing expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefgh"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    content("\n".join(lines) + "\n")
    code, _, err = run("build")
    assert code == 1
    assert errors(err)[:2] == [
        "content/doc.yaml:1:4: error: anchors (&a) are not allowed (remove the '&' name; deckgen files do not share "
        "values)",
        "content/doc.yaml:2:4: error: anchors (&b) are not allowed (remove the '&' name; deckgen files do not share "
        "values)"]
    assert "aliases (*a) are not allowed" in err


@pytest.mark.parametrize("raw, where, code", [(b"\x0b", "1:11", "000B"), (b"\x00", "1:11", "0000")])
def test_row_raw_control_character_in_the_file(project, run, raw, where, code):
    content(b'title: "Ti' + raw + b'tel"\nlanguage: nl\nsections:\n  - text: "x"\n')
    assert_user_error(run("build"), f"content/doc.yaml:{where}: error: invisible control character U+{code} in the "
                                    "file (delete it; it often comes with text pasted from Word or a PDF)")


def test_row_file_not_in_utf8(project, run):
    content('title: "Migratie"\nlanguage: nl\nsections:\n  - text: "Café"\n'.encode("cp1252"))
    assert_user_error(run("build"), "content/doc.yaml:4:15: error: the file is not UTF-8 (byte 0xE9 cannot be read) "
                                    "(save it as UTF-8 (in Notepad or Word: Save As, Encoding: UTF-8))")


@pytest.mark.parametrize("text, expected", [
    ("", "content/doc.yaml:1:1: error: the file is empty (start from an example in content/)"),
    ("# only a comment\n", "content/doc.yaml:1:1: error: the file is empty (start from an example in content/)"),
    ("- title: x\n- language: nl\n", "content/doc.yaml:1:1: error: a content file must be a list of 'key: value' "
                                     "lines at the top (start from an example in content/)"),
    ("title: " + "[" * 1000 + "]" * 1000 + "\n",
     "content/doc.yaml:1:47: error: the file is nested more than 40 levels deep (check the indentation; deckgen "
     "files need only a few levels)"),
    ("title: x\n" + "".join("  " * i + "a:\n" for i in range(1000)),
     "content/doc.yaml:42:81: error: the file is nested more than 40 levels deep (check the indentation; deckgen "
     "files need only a few levels)"),
], ids=["empty", "comment-only", "top-level-list", "1000-deep-flow", "1000-deep-block"])
def test_row_empty_file_top_level_list_and_deep_nesting(project, run, text, expected):
    content(text)
    assert_user_error(run("build"), expected)


# =========================================================================================
# Text on its way to the outputs
# =========================================================================================

CONTROL = r'''title: "Titel\fmet form feed"
language: nl
sections:
  - text: "Escape\x1b en bel\x07 hier."
qa:
  heading: "Vragen"
  items:
    - question: "Waarom\x0c?"
      answer: "Daarom\e."
'''


def test_row_control_characters_in_text_are_removed_with_a_warning(project, run):
    content(CONTROL)
    code, out, err = run("build")
    assert code == 0
    hint = "(it often comes with text pasted from Word or a PDF)"
    assert err.splitlines() == [
        f"content/doc.yaml:1:14: warning: removed invisible character U+000C (control character) {hint}",
        f"content/doc.yaml:4:18: warning: removed invisible character U+001B (control character) {hint}",
        f"content/doc.yaml:4:29: warning: removed invisible character U+0007 (control character) {hint}",
        f"content/doc.yaml:8:24: warning: removed invisible character U+000C (control character) {hint}",
        f"content/doc.yaml:9:22: warning: removed invisible character U+001B (control character) {hint}",
    ]
    lines = CONTROL.splitlines()
    for warning in err.splitlines():  # each location points at the escape's backslash
        line, col = map(int, warning.split(":")[1:3])
        assert lines[line - 1][col - 1] == "\\"
    xml = deck_xml(DECK)
    assert "_x00" not in xml and "\x0c" not in xml and "\x1b" not in xml
    assert "Titelmet form feed" in deck_texts(DECK)
    assert "Waarom?" in deck_runs(DECK)
    for pdf in (HANDOUT, CARDS):
        text = pdf_text(pdf)
        assert not re.search("[\x00-\x08\x0b-\x1f]", text)
    assert "Escape en bel hier." in pdf_text(HANDOUT)
    assert "Waarom?" in pdf_text(CARDS) and "Daarom." in pdf_text(CARDS)


def test_row_control_characters_in_plain_fields_and_in_the_theme_are_removed_too(project, run):
    """Organisation, authors, a source's url and the logo's alt text reach the outputs as well."""
    content(r'''title: "Titel"
language: nl
organisation: "Partos\f en OnMigration"
authors: "Mirjam\x1b Vossen"
sections:
  - text: "Zie[^1]."
sources:
  - id: "1"
    text: "Een bron."
    url: "https://example.org/\x07pad"
qa:
  heading: "Vragen"
  items:
    - question: "Waarom?"
      answer: "Daarom."
''')
    theme("brand", 'logo:\n  file: "logo.png"\n  alt: "Logo\\uFFFE van ons"\n',
          {"logo.png": (ROOT / "tests" / "data" / "logo.png").read_bytes()})
    code, _, err = run("build", "--theme", "brand")
    assert code == 0
    hint = "(it often comes with text pasted from Word or a PDF)"
    assert sorted(err.splitlines()) == sorted([
        f"content/doc.yaml:3:22: warning: removed invisible character U+000C (control character) {hint}",
        f"content/doc.yaml:4:17: warning: removed invisible character U+001B (control character) {hint}",
        f"content/doc.yaml:10:31: warning: removed invisible character U+0007 (control character) {hint}",
        f"themes/brand/theme.yaml:5:13: warning: removed invisible character U+FFFE (noncharacter) {hint}",
    ])
    deck = Path("output") / "brand" / "doc.pptx"
    xml = deck_xml(deck)
    assert "_x00" not in xml and "\ufffe" not in xml
    assert 'descr="Logo van ons"' in xml
    assert Presentation(str(deck)).core_properties.author == "Mirjam Vossen"
    assert "https://example.org/pad" in deck_links(deck)
    for name in ("doc.handout.pdf", "doc.cards.pdf"):
        text = pdf_text(Path("output") / "brand" / name)
        assert not re.search("[\x00-\x08\x0b-\x1f\ufffe]", text)
    handout = pdf_text(Path("output") / "brand" / "doc.handout.pdf")
    assert "Partos en OnMigration" in handout and "https://example.org/pad" in handout
    assert pdf_uris(Path("output") / "brand" / "doc.handout.pdf") == ["https://example.org/pad"]


def test_row_crlf_and_lone_cr_are_normalised(project, run):
    text = ('title: "Een\\rtwee\\r\\ndrie"\nlanguage: nl\nsections:\n  - heading: "Kop"\n    text: |\n'
            '      Eerste alinea,\n      nog steeds.\n\n      Tweede alinea.\n'
            'qa:\n  heading: "Vragen"\n  items:\n    - question: "Waarom\\r?"\n      answer: |\n'
            '        Regel een\n        regel twee.\n')
    content(text.replace("\n", "\r\n").encode("utf-8"))  # a file saved on Windows
    code, _, err = run("build")
    assert (code, err) == (0, "")
    xml = deck_xml(DECK, "ppt/slides/", "ppt/notesSlides/", "docProps/core.xml")
    assert "_x000D_" not in xml and "\r" not in xml
    prs = Presentation(str(DECK))
    body = next(shape.text_frame for slide in prs.slides for shape in slide.shapes
                if shape.has_text_frame and "Eerste alinea" in shape.text_frame.text)
    assert [p.text for p in body.paragraphs] == ["Eerste alinea, nog steeds.", "Tweede alinea."]
    assert deck_texts(DECK)[0] == "Een twee drie"
    for pdf in (HANDOUT, CARDS):
        assert "\r" not in pdf_text(pdf)
    assert "Waarom ?" in pdf_text(CARDS) and "Regel een regel twee." in pdf_text(CARDS)


def test_row_noncharacters_and_lone_surrogates_are_removed_with_a_warning(project, run):
    content(SIMPLE.replace('"Titel"', '"Titel\\uFFFE"').replace('"Een tekst."', '"Een\\uD800 tekst\\uFFFF."'))
    code, _, err = run("build")
    assert code == 0
    hint = "(it often comes with text pasted from Word or a PDF)"
    assert err.splitlines() == [
        f"content/doc.yaml:1:14: warning: removed invisible character U+FFFE (noncharacter) {hint}",
        "content/doc.yaml:4:15: warning: removed U+D800: the first half of a surrogate pair without its other half, "
        "which is no character at all (a \\u escape pair must be complete, for example \"\\ud83d\\ude00\" for 😀; "
        "or write the character itself)",
        f"content/doc.yaml:4:27: warning: removed invisible character U+FFFF (noncharacter) {hint}",
    ]
    assert deck_texts(DECK)[0] == "Titel"
    assert "Een tekst." in pdf_text(HANDOUT)


LITERAL = ["Mail <jan@ngo.nl>", "x<y", "a & b", "<b>bold", "&amp;"]


def test_row_markup_like_text_is_printed_literally(project, run):
    """`Mail <jan@ngo.nl>`, `x<y`, `&`, `<b>bold`: exactly as typed in deck, handout and cards."""
    content('''title: "Mail <jan@ngo.nl>"
language: nl
sections:
  - heading: "x<y & <b>bold"
    text: "Mail <jan@ngo.nl>, x<y, a & b, <b>bold en &amp; zo."
qa:
  heading: "Vragen"
  items:
    - question: "Mail <jan@ngo.nl>?"
      answer: "x<y, a & b, <b>bold en &amp; zo."
''')
    code, _, err = run("build")
    assert (code, err) == (0, "")
    runs = deck_runs(DECK)
    assert "Mail <jan@ngo.nl>" in runs and "x<y & <b>bold" in runs and "Mail <jan@ngo.nl>?" in runs
    assert "Mail &lt;jan@ngo.nl&gt;" in deck_xml(DECK)  # escaped once in the XML, so read back literally
    for pdf in (HANDOUT, CARDS):
        text = norm(pdf_text(pdf))
        for literal in LITERAL[1:]:
            assert norm(literal) in text, (pdf, literal)
    assert norm("Mail <jan@ngo.nl>") in norm(pdf_text(HANDOUT))
    assert norm("Mail <jan@ngo.nl>?") in norm(pdf_text(CARDS))
    assert pypdf.PdfReader(str(HANDOUT)).metadata.title == "Mail <jan@ngo.nl>"


def test_row_img_tag_is_printed_literally_and_no_image_is_embedded(project, run):
    secret = project / "secret.png"
    secret.write_bytes(png(37, 23))  # a local image a hostile file would like to embed
    content(SIMPLE.replace('"Een tekst."', f'"Zie <img src=\\"{secret}\\" width=\\"200\\" height=\\"100\\"/> hier."')
            .replace('"Daarom."', f"'<img src=\"{secret}\"/>'"))
    code, _, err = run("build")
    # the only thing said: the path (as long as pytest's temporary folder makes it) may be wider than a slide's line
    assert code == 0 and all("is wider than its line" in line for line in err.splitlines()), err
    tag = f'<img src="{secret}" width="200" height="100"/>'
    assert norm(tag) in norm(pdf_text(HANDOUT))
    assert norm(f'<img src="{secret}"/>') in norm(pdf_text(CARDS))
    assert any(tag in t for t in deck_texts(DECK))
    for pdf in (HANDOUT, CARDS):
        assert (37, 23) not in pdf_images(pdf), f"{pdf} embeds the local image"
    assert pdf_images(HANDOUT) == []  # no image at all (the default theme draws no logo)
    with zipfile.ZipFile(DECK) as z:
        media = [n for n in z.namelist() if n.startswith("ppt/media/")]
        assert all(z.read(n) != secret.read_bytes() for n in media)


def test_row_javascript_and_file_links_are_literal_text_with_a_warning(project, run):
    content(SIMPLE.replace('"Een tekst."', '"Klik [x](javascript:alert(1)) of [y](file:///etc/passwd) of '
                                           '[goed](https://example.org/)."')
            .replace('"Daarom."', '"Zie [x](javascript:alert(1))."'))
    code, _, err = run("build")
    assert code == 0
    hint = "(only http, https and mailto links are allowed)"
    assert err.splitlines() == [
        f"content/doc.yaml:4:21: warning: link to 'javascript:alert(1)' is shown as text, not as a link {hint}",
        f"content/doc.yaml:4:49: warning: link to 'file:///etc/passwd' is shown as text, not as a link {hint}",
        f"content/doc.yaml:9:24: warning: link to 'javascript:alert(1)' is shown as text, not as a link {hint}",
    ]
    line = Path("content/doc.yaml").read_text().splitlines()[3]
    assert line[20:].startswith("javascript:") and line[48:].startswith("file:///")
    assert deck_links(DECK) == ["https://example.org/"]
    assert "javascript" not in deck_xml(DECK).split("Klik [x](javascript:alert(1))")[0].split("<a:hlinkClick")[-1]
    for pdf in (HANDOUT, CARDS):
        assert not any(u.startswith(("javascript", "file")) for u in pdf_uris(pdf)), pdf
    assert pdf_uris(HANDOUT) == ["https://example.org/"]
    assert norm("Klik [x](javascript:alert(1)) of [y](file:///etc/passwd)") in norm(pdf_text(HANDOUT))
    assert norm("[x](javascript:alert(1))") in norm(pdf_text(CARDS))
    assert any("Klik [x](javascript:alert(1)) of [y](file:///etc/passwd) of goed." in t for t in deck_texts(DECK))


def _postscript_names() -> dict[str, Path]:
    """PostScript name -> shipped font file (ReportLab names embedded fonts after it)."""
    from fontTools.ttLib import TTFont

    names = {}
    for path in FONT_DIR.rglob("*.ttf"):
        with TTFont(str(path), lazy=True) as font:
            names[font["name"].getDebugName(6)] = path
    return names


WORLD = '''title: "Łódź en İstanbul"
language: nl
sections:
  - heading: "مرحبا en 東京"
    text: "In Łódź, İstanbul, مرحبا بالعالم en 東京 en Ελλάδα en Москва."
qa:
  heading: "Vragen"
  items:
    - question: "Waar ligt 東京, Łódź of İstanbul?"
      answer: "مرحبا بالعالم en Ελλάδα."
'''


def test_row_lodz_istanbul_arabic_cjk_are_drawn_by_a_font_that_has_them(project, run):
    content(WORLD)
    code, _, err = run("build")
    assert (code, err) == (0, "")  # every character has a font: no warning
    fonts = _postscript_names()
    wanted = set("ŁódźİمرحباالعلمبΕλάδαМосква東京")
    for pdf in (HANDOUT, CARDS):
        drawn: dict[str, set[tuple[str, str]]] = {}
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                for ch in page.chars:
                    # Arabic letters are drawn in their joined forms (presentation forms): NFKC reads them back
                    for base in unicodedata.normalize("NFKC", ch["text"]):
                        if base in wanted:
                            drawn.setdefault(base, set()).add((ch["fontname"].split("+")[-1], ch["text"]))
        assert set(drawn) >= set("Łódź東京مرحبا"), (pdf, sorted(wanted - set(drawn)))
        for char, glyphs in drawn.items():
            for name, glyph in glyphs:
                assert face(fonts[name]).has(glyph), f"{pdf}: {glyph!r} drawn with {name}, which lacks it"
        assert "DroidSansFallback" in {name for name, _ in drawn["東"]}
    assert any("Łódź" in t and "İstanbul" in t and "東京" in t for t in deck_texts(DECK))
    # drawn joined and right to left; pdftotext gives the word back in logical order when it reads the line
    # as right to left, reversed when it reads the line left to right (here: a mostly Latin page)
    cards = unicodedata.normalize("NFKC", pdf_text(CARDS))
    assert "مرحبا" in cards or "مرحبا"[::-1] in cards


def test_row_character_no_font_has_is_warned_with_its_location_and_code_point(project, run):
    content(WORLD.replace("Москва.", "Москва \\U0001F9FF.").replace("İstanbul?", "İstanbul \\U0001F9FF?"))
    code, _, err = run("build")
    assert code == 0
    hint = "(add a font that has it to the theme, or replace the character)"
    message = "warning: no font deckgen ships or this machine has can draw U+1F9FF ('\U0001F9FF') in {}; " \
              "it may print as a box"
    assert sorted(err.splitlines()) == [  # at the character itself, once per text, not per output
        f"content/doc.yaml:5:71: {message.format('section 1')} {hint}",
        f"content/doc.yaml:9:49: {message.format('question 1')} {hint}"]


def test_row_title_of_300_characters(project, run):
    title = ("Migratie en ontwikkelingssamenwerking: hoe hangt het samen? " * 6)[:299] + "!"
    assert len(title) == 300
    content(SIMPLE.replace('"Titel"', f'"{title}"'))
    code, out, err = run("build", "--format", "deck")
    assert code == 0
    assert "content/doc.yaml:1:8: warning: the title is longer than the 255 characters document properties " \
           "allow; the property is shortened (the slides keep it whole)" in err.splitlines()
    prs = Presentation(str(DECK))
    assert len(prs.core_properties.title) == 255 and prs.core_properties.title.endswith("…")
    assert title.startswith(prs.core_properties.title[:-1])
    first = prs.slides[0].shapes.title.text_frame
    assert first.text == title  # whole, fitted smaller
    sizes = {r.font.size.pt for p in first.paragraphs for r in p.runs}
    assert len(sizes) == 1 and 14 <= sizes.pop() < 45
    assert first._txBody.find(f"{A}bodyPr/{A}normAutofit") is None  # fitted at build time, never autofit
    assert "slide 1 (title): title 45→" in out


def test_row_title_too_long_even_at_the_floor_is_cut_on_the_slide_and_kept_whole_in_the_notes(project, run):
    title = " ".join(f"woord{i}" for i in range(250))  # 1,700 characters
    content(SIMPLE.replace('"Titel"', f'"{title}"'))
    code, out, err = run("build", "--format", "deck")
    assert code == 0
    assert "content/doc.yaml:1:8: warning: title: the title 'woord0 woord1" in err
    assert "fit: slide 1 (title): title truncated" in out
    first = Presentation(str(DECK)).slides[0]
    shown = first.shapes.title.text_frame.text
    assert shown.endswith("…") and title.startswith(shown[:-1].rstrip()) and len(shown) < len(title)
    assert first.notes_slide.notes_text_frame.text.startswith(title)


WORD = ("Ontwikkelingssamenwerkingsorganisatie" * 5)[:180]


def test_row_one_word_of_180_characters_is_broken_and_fitted(project, run):
    assert len(WORD) == 180 and " " not in WORD
    content(SIMPLE.replace('"Een tekst."', f'"Een woord: {WORD} eind."')
            .replace('"Waarom?"', f'"Wat is {WORD}?"').replace('"Daarom."', f'"Dit: {WORD}."'))
    code, _, err = run("build")
    assert code == 0, err
    # whole, or hyphenated where the language allows (a visible hyphen and a zero-width break), never cut
    assert any(WORD in t.replace("-\u200b", "") for t in deck_runs(DECK))
    for pdf, margin in ((HANDOUT, 18), (CARDS, 10)):  # the theme's margin; the cards' sheet margin
        assert WORD in norm(pdf_text(pdf))  # whole, across lines (hyphens and breaks removed)
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                edge = margin * 72 / 25.4 - 0.5
                for ch in page.chars:
                    assert edge <= ch["x0"] and ch["x1"] <= page.width - edge, (pdf, ch["text"], ch["x1"])


@pytest.mark.render
def test_row_one_word_of_180_characters_and_a_300_character_title_never_overflow_in_libreoffice(project, run):
    from renderers import lo

    if lo.soffice() is None:
        pytest.fail("LibreOffice is required for the fit check: apt-get install libreoffice-impress-nogui")
    title = ("Migratie en ontwikkelingssamenwerking: hoe hangt het samen? " * 6)[:300]
    content(SIMPLE.replace('"Titel"', f'"{title}"').replace('"Een tekst."', f'"Een woord: {WORD} eind."')
            .replace('"Waarom?"', f'"Wat is {WORD}?"').replace('"Daarom."', f'"Dit: {WORD}."'))
    assert run("build", "--format", "deck")[0] == 0
    [pdf] = lo.to_pdf([DECK], project / "lo")
    assert lo.overflows(DECK, pdf) == []


def test_row_block_taller_than_a_page_is_split_across_pages(project, run):
    long_text = " ".join(f"Zin {i} over migratie en ontwikkelingssamenwerking." for i in range(700))
    long_question = " ".join(f"Deel {i} van een vraag die maar doorgaat?" for i in range(300))
    content(SIMPLE.replace('"Een tekst."', f'"{long_text}"')
            .replace('"Waarom?"', f'"{long_question}"').replace('"Daarom."', f'"{long_text}"'))
    code, out, err = run("build", "--format", "handout")
    assert code == 0, err
    pages = len(pypdf.PdfReader(str(HANDOUT)).pages)
    assert pages >= 4 and f"fit: {pages} pages, A4" in out
    text = norm(column_text(HANDOUT))
    order = [text.find(norm(s)) for s in ("Zin 0 over", "Zin 350 over", "Zin 699 over", "Vragen", "Deel 0 van",
                                          "Deel 299 van een vraag die maar doorgaat?", "Zin 0 over")]
    assert -1 not in order
    order[-1] = text.find(norm("Zin 0 over"), order[-2])  # the answer repeats the section text
    assert order == sorted(order) and order[-1] > order[-2]
    assert all(norm(f"Zin {i} over migratie") in text for i in range(700))


@pytest.mark.parametrize("where, edit, expected", [
    ("qa heading", ('"Vragen"', '"' + "Een kop die maar doorgaat " * 260 + '"'),
     "content/doc.yaml:6:12: error: the Q&A heading is taller than most of a handout page "
     "(shorten 'heading' under 'qa:'; it is set large, above the questions)"),
    ("title", ('"Titel"', '"' + "Een titel die maar doorgaat " * 120 + '"'),
     "content/doc.yaml:1:8: error: the title block is taller than most of the handout's first page "
     "(shorten the title, subtitle or authors, or lower 'handout: title_size' in the theme)"),
], ids=["qa-heading", "title"])
def test_row_block_that_cannot_split_is_a_clear_error_naming_the_item(project, run, where, edit, expected):
    content(SIMPLE.replace(*edit))
    code, out, err = run("build", "--format", "handout")
    assert (code, out) == (1, "")
    assert errors(err) == [expected]
    assert not HANDOUT.exists()


# =========================================================================================
# Themes and templates
# =========================================================================================

def _dutch(path: Path, samples: int = 2, keep: tuple[str, ...] | None = None) -> Path:
    from renderers.templates import dutch_template

    return dutch_template(path, samples=samples, keep=keep)


def test_row_potx_template_opens(project, run):
    from renderers.templates import as_potx

    content(SIMPLE)
    potx = as_potx(_dutch(project / "a.pptx"), project / "huisstijl.potx")
    code, out, err = run("build", "--format", "deck", "--template", str(potx))
    assert code == 0, err
    prs = Presentation(str(DECK))
    assert prs.slides[0].slide_layout.name == "Titeldia"
    assert prs.slides[0].shapes.title.text == "Titel"


@pytest.mark.parametrize("data, cause", [
    (b"", "the template file is empty (0 bytes) (save the template again from PowerPoint)"),
    ("truncated", "the template is damaged (truncated or not a complete zip) "
                  "(save it again from PowerPoint as .pptx or .potx)"),
    (png(), "the template is a PNG image (save it from PowerPoint as .pptx or .potx)"),
], ids=["zero-byte", "truncated", "png-renamed"])
def test_row_broken_template_file_is_named_with_its_real_cause(project, run, data, cause):
    content(SIMPLE)
    if data == "truncated":
        whole = _dutch(project / "whole.pptx").read_bytes()
        data = whole[: len(whole) // 2]
    Path("corp.pptx").write_bytes(data)
    assert_user_error(run("build", "--template", "corp.pptx"), f"corp.pptx: error: {cause}")
    assert not Path("output").exists()  # checked with the other inputs, before any folder is made


def test_row_broken_template_named_by_a_theme_is_checked_before_any_output(project, run):
    content(SIMPLE)
    whole = _dutch(project / "whole.pptx").read_bytes()
    folder = theme("corp", 'template: "corp.pptx"\n', {"corp.pptx": whole[: len(whole) // 2]})
    code, out, err = run("build", "--theme", "corp")
    assert (code, out) == (1, "")
    assert errors(err) == [f"{folder / 'corp.pptx'}: error: the template is damaged (truncated or not a complete "
                           "zip) (save it again from PowerPoint as .pptx or .potx)"]
    assert list(Path("output").rglob("*.*")) == []  # not even the handout, which needs no template


def test_row_template_layout_without_title_is_not_used(project, run):
    """Layouts without a title placeholder (Blank) are never chosen; a deck still comes out."""
    content(SIMPLE)
    _dutch(project / "kaal.pptx", samples=0, keep=("Alleen titel", "Leeg"))
    code, _, err = run("build", "--format", "deck", "--template", "kaal.pptx")
    assert code == 0
    assert "warning: the template has no layout with a title and a body of usable size; content slides use " \
           "'Alleen titel' and a text box in the free area" in err
    prs = Presentation(str(DECK))
    assert {s.slide_layout.name for s in prs.slides} == {"Alleen titel"}
    assert all(s.shapes.title is not None for s in prs.slides)


def test_row_template_where_no_layout_has_a_title_gives_slides_with_their_own_titles(project, run):
    """A blank-only template (issue 13): every slide gets a title placeholder of its own, one warning."""
    content(SIMPLE)
    _dutch(project / "leeg.pptx", samples=0, keep=("Leeg",))
    code, _, err = run("build", "--format", "deck", "--template", "leeg.pptx")
    assert code == 0
    assert err.count("warning: the template has no layout with a title;") == 1
    prs = Presentation(str(DECK))
    assert all(slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip() for slide in prs.slides)


def test_row_template_with_only_vertical_layouts_is_a_clear_error(project, run):
    content(SIMPLE)
    _dutch(project / "verticaal.pptx", samples=0, keep=("Titel en verticale tekst", "Verticale titel en tekst"))
    assert_user_error(run("build", "--template", "verticaal.pptx"),
                      "verticaal.pptx: error: no layout of the template can be used (the template has no layouts, "
                      "or only layouts with vertical text) "
                      "(add a 'Title and Content' layout to the slide master, or use another template)")


def test_row_template_sample_slides_are_removed(project, run):
    content(SIMPLE)
    _dutch(project / "sjabloon.pptx", samples=3)
    code, out, err = run("build", "--format", "deck", "--template", "sjabloon.pptx")
    assert code == 0, err
    assert "fit: template: removed 3 sample slide(s)" in out
    texts = deck_texts(DECK)
    assert not any("Voorbeelddia" in t for t in texts)
    plain = run("build", "--format", "deck", "--out", "plain")
    assert plain[0] == 0
    assert len(Presentation(str(DECK)).slides) == len(Presentation("plain/default/doc.pptx").slides)


@pytest.mark.parametrize("name, data, expected", [
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>',
     "'logo: file' is an SVG drawing (logo.svg); it must be a .png or .jpg or .jpeg file "
     "(export it as PNG (about 600 pixels wide is plenty))"),
    ("logo.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32,
     "'logo: file' is a WebP image (logo.webp); it must be a .png or .jpg or .jpeg file "
     "(export it as PNG (about 600 pixels wide is plenty))"),
    ("logo.png", b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32,
     "'logo: file': logo.png is a WebP image; deckgen needs a PNG or JPEG image "
     "(export it as PNG (about 600 pixels wide is plenty))"),
], ids=["svg", "webp", "webp-renamed-png"])
def test_row_logo_as_svg_or_webp_names_the_theme_key(project, run, name, data, expected):
    content(SIMPLE)
    folder = theme("brand", f'logo:\n  file: "{name}"\n  alt: "Logo"\n', {name: data})
    assert_user_error(run("build", "--theme", "brand"), f"{folder / 'theme.yaml'}:4:9: error: {expected}")


@pytest.mark.parametrize("raw", ["../../x.png", "/tmp/x.png"], ids=["dotdot", "absolute"])
def test_row_logo_path_outside_the_theme_folder(project, run, raw):
    content(SIMPLE)
    Path("x.png").write_bytes(png())
    folder = theme("brand", f'logo:\n  file: "{raw}"\n  alt: "Logo"\n')
    assert_user_error(run("build", "--theme", "brand"),
                      f"{folder / 'theme.yaml'}:4:9: error: 'logo: file' points outside the theme folder: {raw} "
                      "(copy the file into the theme folder and name it relative to theme.yaml, without '..' or "
                      "a leading '/')")


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["one-process", "workers"])
def test_row_logo_cut_short_is_refused_before_anything_is_written(project, run, jobs):
    """The header is whole (so the size checks pass) but the pixel data stops half-way: the
    build decodes the logo (in its worker processes, with -j 2) and stops before writing."""
    content(SIMPLE)
    whole = (ROOT / "tests" / "data" / "logo.png").read_bytes()
    folder = theme("brand", 'logo:\n  file: "logo.png"\n  alt: "Logo"\n', {"logo.png": whole[:len(whole) // 2]})
    code, out, err = run("build", "--theme", "brand", "--force", "-j", jobs)
    assert (code, out) == (1, ""), err
    [error] = errors(err)
    assert error.startswith(f"{folder / 'theme.yaml'}:4:9: error: 'logo: file': logo.png cannot be read as PNG: ")
    assert error.endswith("(export the image again)")
    assert not Path("output").exists()


def test_row_900_megapixel_png_is_refused_with_the_limit(project, run):
    content(SIMPLE)
    bomb = bomb_png()
    assert len(bomb) < 120_000
    folder = theme("brand", 'logo:\n  file: "logo.png"\n  alt: "Logo"\n', {"logo.png": bomb})
    assert_user_error(run("build", "--theme", "brand"),
                      f"{folder / 'theme.yaml'}:4:9: error: 'logo: file': logo.png is 30000×30000 pixels; the limit "
                      "is 40,000,000 pixels (scale the image down; a logo needs at most 2000 pixels across)")


@pytest.mark.parametrize("regular, files, expected", [
    ("fonts/House-Regular.ttf", {}, "'fonts: body: regular': file not found: fonts/House-Regular.ttf "
                                    "(put the file in {folder})"),
    ("fonts/House-Regular.otf", {"fonts/House-Regular.otf": b"OTTO" + b"\x00" * 60},
     "'fonts: body: regular' is an OpenType (CFF) font (fonts/House-Regular.otf); it must be a .ttf file "
     "(use the TrueType (.ttf) files of the font)"),
    ("fonts/House-Regular.ttf", {"fonts/House-Regular.ttf": b"OTTO" + b"\x00" * 60},
     "'fonts: body: regular': House-Regular.ttf is an OpenType font with CFF outlines, which PDFs cannot embed "
     "here (use the TrueType (.ttf) version of the font)"),
], ids=["missing", "otf", "cff-named-ttf"])
def test_row_missing_font_file_or_postscript_outlines_names_the_key(project, run, regular, files, expected):
    content(SIMPLE)
    bold = (FONT_DIR / "caladea" / "Caladea-Bold.ttf").read_bytes()
    folder = theme("brand", f'fonts:\n  body:\n    family: "Caladea"\n    regular: "{regular}"\n'
                            '    bold: "fonts/House-Bold.ttf"\n', {**files, "fonts/House-Bold.ttf": bold})
    assert_user_error(run("build", "--theme", "brand"),
                      f"{folder / 'theme.yaml'}:6:14: error: " + expected.format(folder=folder))


def test_row_bold_requested_for_a_font_without_a_bold_file(project, run):
    """A theme that brings its own font files must bring the bold one: headings are bold."""
    content(SIMPLE)
    regular = (FONT_DIR / "caladea" / "Caladea-Regular.ttf").read_bytes()
    folder = theme("brand", 'fonts:\n  heading:\n    family: "Caladea"\n    regular: "fonts/Caladea-Regular.ttf"\n',
                   {"fonts/Caladea-Regular.ttf": regular})
    assert_user_error(run("build", "--theme", "brand"),
                      f"{folder / 'theme.yaml'}:5:5: error: 'fonts: heading: bold' is missing; a theme that gives "
                      "its own 'regular' font file must give the bold one too (add 'bold: fonts/Caladea-Bold.ttf' "
                      "under 'fonts: heading:'; headings, questions and **strong** text are bold and would "
                      "otherwise print as regular)")
    with (folder / "theme.yaml").open("a") as fh:  # with the bold file, the bold text is drawn in it
        fh.write('    bold: "fonts/Caladea-Bold.ttf"\n')
    (folder / "fonts" / "Caladea-Bold.ttf").write_bytes((FONT_DIR / "caladea" / "Caladea-Bold.ttf").read_bytes())
    code, _, err = run("build", "--theme", "brand", "--format", "handout")
    assert (code, err) == (0, "")
    with pdfplumber.open(Path("output") / "brand" / "doc.handout.pdf") as pdf:
        title_fonts = {ch["fontname"].split("+")[-1] for ch in pdf.pages[0].chars if ch["text"] == "T"}
    assert "Caladea-Bold" in title_fonts


# =========================================================================================
# Limits that keep a hostile file from exhausting the machine
# =========================================================================================

def test_limit_content_file_size(project, run):
    content('title: "x"\nlanguage: nl\nsections:\n  - text: "' + "a" * (2 * 1024 * 1024) + '"\n')
    assert_user_error(run("build"), "content/doc.yaml: error: the file is 2049 KB; the limit is 2048 KB "
                                    "(a one-pager with its Q&A is far smaller; is this the right file?)")


def test_limit_theme_file_size(project, run):
    content(SIMPLE)
    folder = theme("huge", 'description: "' + "a" * (2 * 1024 * 1024) + '"\n')
    code, out, err = run("build", "--theme", "huge")
    assert (code, out) == (1, "")
    assert errors(err) == [f"{folder / 'theme.yaml'}: error: the file is 2049 KB; the limit is 2048 KB "
                           "(a one-pager with its Q&A is far smaller; is this the right file?)"]


def test_limit_theme_nesting_depth(project, run):
    content(SIMPLE)
    folder = theme("deep", "deck:\n  layouts: " + "[" * 500 + "]" * 500 + "\n")
    code, out, err = run("build", "--theme", "deep")
    assert (code, out) == (1, "")
    assert errors(err) == [f"{folder / 'theme.yaml'}:4:50: error: the file is nested more than 40 levels deep "
                           "(check the indentation; deckgen files need only a few levels)"]


def _template_zip(members: dict[str, bytes], declared: dict[str, int] | None = None) -> bytes:
    """A zip with the two parts every PowerPoint file has, plus members; `declared` forges the
    uncompressed size the central directory states for a member (what a zip bomb lies about)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p:presentation/>")
        for name, data in members.items():
            z.writestr(name, data)
    data = bytearray(buffer.getvalue())
    entry = data.find(b"PK\x01\x02")  # the central directory: one entry per member
    while entry >= 0:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, entry + 28)
        name = data[entry + 46:entry + 46 + name_len].decode()
        if declared and name in declared:
            struct.pack_into("<I", data, entry + 24, declared[name])  # uncompressed size
        entry = data.find(b"PK\x01\x02", entry + 46 + name_len + extra_len + comment_len)
    return bytes(data)


def test_limit_template_member_compression_ratio(project, run):
    content(SIMPLE)
    Path("bomb.pptx").write_bytes(_template_zip({"ppt/media/image1.png": b"\x00" * 5_000_000}))
    code, out, err = run("build", "--template", "bomb.pptx")
    assert (code, out) == (1, "")
    assert re.fullmatch(r"bomb\.pptx: error: the template member ppt/media/image1\.png expands \d{3,} times; it looks "
                        r"like a zip bomb \(use the template as PowerPoint saved it\)", errors(err)[0]), err
    assert len(errors(err)) == 1 and not Path("output").exists()


def test_limit_template_uncompressed_size(project, run):
    content(SIMPLE)
    members = {f"ppt/media/image{i}.png": b"\x00" * 1000 for i in range(320)}
    declared = {name: 1_000_000 for name in members}  # each under the ratio check's 1 MB, 320 MB in all
    Path("big.pptx").write_bytes(_template_zip(members, declared))
    assert_user_error(run("build", "--template", "big.pptx"),
                      "big.pptx: error: the template unpacks to 305 MB; the limit is 300 MB")


# =========================================================================================
# Output
# =========================================================================================

def test_row_missing_output_folder_is_created(project, run):
    content(SIMPLE)
    code, out, err = run("build", "--out", "nieuw/diep/map")
    assert (code, err) == (0, "")
    folder = Path("nieuw/diep/map/default")
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "doc.cards.pdf", "doc.guide.pdf", "doc.handout.pdf", "doc.pptx"]
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_row_output_folder_not_writable_is_checked_before_the_work(project, run, monkeypatch):
    from deckgen.build import atomic
    from deckgen.build import run as build

    content(SIMPLE)
    folder = Path("alleen-lezen")
    (folder / "default").mkdir(parents=True)
    rendered = []
    monkeypatch.setattr(build, "render_job", lambda *a: rendered.append(a))  # the work: must never start
    if os.geteuid() != 0:
        (folder / "default").chmod(0o555)
    else:  # root writes anywhere: make the folder refuse new files as a read-only one would
        real = tempfile.mkstemp

        def refuse(*args, **kwargs):
            if Path(kwargs.get("dir") or ".").resolve() == (folder / "default").resolve():
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(*args, **kwargs)

        monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    try:
        code, out, err = run("build", "--out", str(folder))
    finally:
        (folder / "default").chmod(0o755)
    assert (code, out) == (1, "")
    assert errors(err) == ["alleen-lezen/default: error: cannot write outputs here: Permission denied "
                           "(choose another folder with --out, or fix its permissions)"]
    assert rendered == []


@pytest.mark.parametrize("when", ["fsync", "write"])
def test_row_disk_full_while_saving_keeps_the_previous_file(project, run, monkeypatch, when):
    from deckgen.build import atomic

    content(SIMPLE)
    assert run("build", "--format", "deck")[0] == 0
    good = DECK.read_bytes()
    content(SIMPLE.replace('"Titel"', '"Nieuwe titel"'))

    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    if when == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", disk_full)
    else:
        real = os.fdopen

        class HalfWriter(io.RawIOBase):
            def __init__(self, fh):
                self.fh = fh

            def write(self, data):
                self.fh.write(bytes(data)[: len(data) // 2])
                self.fh.flush()
                disk_full()

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode="r", *a: HalfWriter(real(fd, mode, *a)))
    code, out, err = run("build", "--format", "deck")
    assert (code, out) == (1, "")
    assert errors(err) == [f"{DECK}: error: cannot write the output: No space left on device; the previous file "
                           "was kept (free some disk space, or choose another folder with --out)"]
    assert DECK.read_bytes() == good
    assert Presentation(str(DECK)).slides[0].shapes.title.text == "Titel"
    assert [p.name for p in OUT.iterdir() if p.name.endswith(".part")] == []


def test_row_disk_full_when_only_the_stamp_cannot_be_written(project, run, monkeypatch):
    """The deck itself was written; losing the up-to-date stamp costs a rebuild, not the build."""
    from deckgen.build import atomic

    content(SIMPLE)
    real = atomic.write_bytes

    def stamp_disk_full(path, data):
        if ".deckgen" in Path(path).parts:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", stamp_disk_full)
    code, out, err = run("build", "--format", "deck")
    assert code == 0
    assert err == (f"{DECK}: warning: cannot record that this output is up to date: No space left on device "
                   "(it will be rebuilt next time)\n")
    assert Presentation(str(DECK)).slides[0].shapes.title.text == "Titel"
    monkeypatch.setattr(atomic, "write_bytes", real)
    assert run("build", "--format", "deck")[1].splitlines()[-1] == "1 written, 0 up to date"


def test_row_output_locked_by_an_open_program_says_to_close_it(project, run, monkeypatch):
    """On Windows a deck open in PowerPoint cannot be replaced: the rename fails with EACCES."""
    from deckgen.build import atomic

    content(SIMPLE)
    assert run("build", "--format", "deck")[0] == 0
    good = DECK.read_bytes()

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    code, out, err = run("build", "--format", "deck", "--force")
    assert (code, out) == (1, "")
    assert errors(err) == [f"{DECK}: error: cannot write the output: Permission denied; the previous file was kept "
                           "(close it in PowerPoint or the PDF viewer if it is open there, or choose another folder "
                           "with --out)"]
    assert DECK.read_bytes() == good
    assert [p.name for p in OUT.iterdir() if p.name.endswith(".part")] == []
