"""Hostile documents for `deckgen new --from`: a clear message and exit 1, or a correct draft within 20 s;
never an internal error (the `run` fixture fails on exit code 3)."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest
from onepagers import document_paragraphs, sentences, word_seed

from deckgen.content.load import load

SECONDS = 20


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory) -> Path:
    return word_seed(tmp_path_factory.mktemp("hostile") / "seed.docx")


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3) holding the streams, each padded to 4096 bytes or more
    so that all live in regular sectors: the container Office uses for password-protected documents."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_sect, end]
    entries = [("Root Entry", 5, end, 0, 1 if streams else free)]
    data = b""
    for i, (name, blob) in enumerate(streams.items()):
        blob = blob.ljust(max(4096, -(-len(blob) // 512) * 512), b"\0")
        first = len(fat)
        count = len(blob) // 512
        fat += [first + k + 1 for k in range(count - 1)] + [end]
        entries.append((name, 2, first, len(blob), None, i + 2 if i + 1 < len(streams) else free))
        data += blob
    fat += [free] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    directory = b""
    for entry in entries + [("", 0, 0, 0, free)] * (4 - len(entries)):
        name, kind, start, size = entry[:4]
        child = entry[4] if len(entry) > 4 and entry[4] is not None else free
        right = entry[5] if len(entry) > 5 else free
        raw = (name + "\0").encode("utf-16-le") if name else b""
        directory += (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                      + struct.pack("<III", free, right, child) + bytes(16) + bytes(4) + bytes(16)
                      + struct.pack("<IQ", start, size))
    return header + struct.pack("<128I", *fat) + directory + data


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _rewrite(source: Path, target: Path, changes: dict[str, bytes], stored: bool = False) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = changes.pop(info.filename, None)
            data = zin.read(info) if data is None else data
            zout.writestr(info.filename, data, zipfile.ZIP_STORED if stored and info.filename.startswith("word/media")
                          else zipfile.ZIP_DEFLATED)
        for name, data in changes.items():
            zout.writestr(name, data)
    return target


def _pptx(path: Path) -> Path:
    from pptx import Presentation

    Presentation().save(str(path))
    return path


CASES = {
    "not-a-zip": (lambda tmp, seed: tmp.joinpath("x.docx").write_bytes(b"Dit is geen Word-document.\n" * 50),
                  "this is not a Word document, or it is damaged (a .docx is a zip package; this file is not one)"),
    "empty": (lambda tmp, seed: tmp.joinpath("x.docx").write_bytes(b""), "the file is empty"),
    "truncated": (lambda tmp, seed: tmp.joinpath("x.docx").write_bytes(seed.read_bytes()[:5000]),
                  "this is not a Word document, or it is damaged"),
    "zip-not-word": (lambda tmp, seed: _zip(tmp / "x.docx", {"notes.txt": b"hallo"}),
                     "this is a zip file, but not a Word document (it has no word/document.xml)"),
    "powerpoint": (lambda tmp, seed: _pptx(tmp / "x.docx"), "this is a PowerPoint file (it has no word/document.xml)"),
    "password": (lambda tmp, seed: tmp.joinpath("x.docx").write_bytes(compound_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": os.urandom(9000)})),
        "this Word document is password-protected (open it in Word, remove the password"),
    "word-97": (lambda tmp, seed: tmp.joinpath("x.docx").write_bytes(compound_file(
        {"WordDocument": os.urandom(5000)})), "this is an old Word 97-2003 document (.doc) or another Office file"),
    "broken-xml": (lambda tmp, seed: _rewrite(seed, tmp / "x.docx", {"word/document.xml": b"<w:document><w:body>"}),
                   "this Word document is damaged"),
    "deep-xml": (lambda tmp, seed: _rewrite(seed, tmp / "x.docx", {"word/document.xml": (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "<w:sdt><w:sdtContent>" * 5000 + "</w:sdtContent></w:sdt>" * 5000 + "</w:body></w:document>").encode()}),
        "this Word document has more than 100 levels of nesting, too many to import (limit 100)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_word_files_are_clear_errors(project, run, seed_docx, case):
    make, message = CASES[case]
    make(project, seed_docx)
    start = time.perf_counter()
    code, out, err = run("new", "x.yaml", "--from", "x.docx")
    assert time.perf_counter() - start < SECONDS
    assert (code, out) == (1, ""), err
    assert err.startswith(f"x.docx: error: {message}"), err
    assert err.splitlines()[-1] == "1 error(s)"
    assert not Path("x.yaml").exists()


@pytest.mark.parametrize("name, message", [
    ("missing.docx", "missing.docx: error: file not found"),
    ("old.doc", "old.doc: error: cannot import an old Word 97-2003 document (open it in Word and save it as .docx)"),
    ("a.pdf", "a.pdf: error: cannot import a PDF (open it in Word (which converts PDFs) and save it as .docx)"),
    ("a.odt", "a.odt: error: cannot import an OpenDocument text"),
    ("slides.pptx", "slides.pptx: error: cannot import a '.pptx' file"),
])
def test_files_deckgen_cannot_import(project, run, name, message):
    if name != "missing.docx":
        Path(name).write_bytes(b"x")
    code, out, err = run("new", "x.yaml", "--from", name)
    assert (code, out) == (1, "") and err.startswith(message), err


def test_a_50_mb_document_imports_in_time(project, run):
    import docx
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "PNG")
    document = docx.Document()
    document.add_heading("Groot document", level=1)
    document.add_paragraph("Een alinea voor de foto, over het onderwerp van deze notitie.")
    document.add_picture(io.BytesIO(buf.getvalue()))
    document.add_paragraph("Een alinea na de foto.")
    document.save("small.docx")
    with zipfile.ZipFile("small.docx") as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    big = buf.getvalue() + os.urandom(50 * 2**20)  # a photo's worth of incompressible bytes
    _rewrite(Path("small.docx"), Path("big.docx"), {media[0]: big}, stored=True)
    assert Path("big.docx").stat().st_size > 50 * 2**20
    start = time.perf_counter()
    code, out, err = run("new", "big.yaml", "--from", "big.docx")
    seconds = time.perf_counter() - start
    assert (code, err) == (0, "") and seconds < SECONDS, (err, seconds)
    assert ("  not imported: 1 image: paragraph 3: 50 MB, more than a picture may be (30 MB): save it smaller (a "
            "slide needs at most 2560 pixels on the long side)") in out.splitlines()
    assert not Path("images").exists()
    doc, _ = load("big.yaml")
    assert doc.sections[0].text.plain == ("Een alinea voor de foto, over het onderwerp van deze notitie.\n\n"
                                          "Een alinea na de foto.")


def test_10000_paragraphs_import_in_time(project, run):
    import docx

    document = docx.Document()
    document.add_paragraph("Een heel lang document", style="Title")
    words = ["migratie", "ontwikkeling", "samenwerking", "opvang", "regio", "budget", "steun", "kennis"]
    expected = []
    for n in range(10_000):
        if n % 25 == 0:
            document.add_paragraph(f"Deel {n // 25 + 1}", style="Heading 1")
        text = f"Alinea {n + 1} gaat over {words[n % 8]} en {words[(n * 3) % 8]}. Zij telt twee zinnen."
        document.add_paragraph(text)
        expected.append(text)
    document.save("long.docx")
    start = time.perf_counter()
    code, out, err = run("new", "long.yaml", "--from", "long.docx")
    seconds = time.perf_counter() - start
    assert (code, err) == (0, "") and seconds < SECONDS, (err, seconds)
    assert out.startswith("wrote long.yaml from long.docx: 400 sections, 0 questions, 0 footnotes; language ")
    doc, _ = load("long.yaml")
    paragraphs = document_paragraphs(doc)
    assert sentences([p for p in paragraphs if p.startswith("Alinea")]) == sentences(expected)
    assert len(doc.sections) == 400 and sum(len(s.text.paragraphs) for s in doc.sections) == 10_000


def test_too_much_xml_and_too_large_a_draft_are_clear_errors(project, run, seed_docx, monkeypatch):
    import deckgen.authoring
    from deckgen.authoring import docx_package

    monkeypatch.setattr(docx_package, "MAX_XML_BYTES", 2**20)
    big = _rewrite(seed_docx, project / "big.docx", {"word/padding.xml": b"<x>" + b" " * 2**20 + b"</x>"})
    code, _, err = run("new", "x.yaml", "--from", str(big))
    assert code == 1 and "more than deckgen imports (1 MB)" in err.splitlines()[0]
    monkeypatch.setattr(deckgen.authoring, "MAX_DRAFT_BYTES", 10_000)
    code, _, err = run("new", "x.yaml", "--from", str(seed_docx))
    assert code == 1 and "more than a content file may be" in err.splitlines()[0]
    assert not Path("x.yaml").exists()


def test_damaged_parts_never_crash(project, run, seed_docx):
    """The seed's document, styles and numbering parts with bytes changed at random (40 variants): each
    import ends in a draft or a message, never an internal error."""
    import random

    rng = random.Random(17)
    with zipfile.ZipFile(seed_docx) as zf:
        parts = {name: zf.read(name) for name in ("word/document.xml", "word/styles.xml", "word/numbering.xml",
                                                   "word/footnotes.xml")}
    codes = []
    start = time.perf_counter()
    for n in range(40):
        name = rng.choice(list(parts))
        data = bytearray(parts[name])
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(data))
            data[at] = rng.choice(b'<>"=/ 0123456789abcdefwxyz:-\xff\x00')
        path = _rewrite(seed_docx, project / f"v{n}.docx", {name: bytes(data)})
        code, _, err = run("new", f"v{n}.yaml", "--from", str(path))
        codes.append(code)
        assert code in (0, 1) and (code == 0) == Path(f"v{n}.yaml").exists(), err
    assert time.perf_counter() - start < 40 * SECONDS
    assert 0 in codes and 1 in codes  # some survive as drafts, some are refused as damaged
