"""Broken and hostile templates (issue 13): exit 1 with a message naming the template and what
is wrong, never an internal error or a hang; what can be repaired is repaired with a warning."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL
from pptx import Presentation
from renderers.templates import ole_template, rewrite_part

from deckgen.errors import DeckgenError
from deckgen.renderers.deck.template import read_template


@pytest.fixture
def base(tmp_path) -> Path:
    path = tmp_path / "base.pptx"
    Presentation().save(str(path))
    return path


def _without(source: Path, target: Path, member: str) -> Path:
    src = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
    target.write_bytes(out.getvalue())
    return target


def _patch(source: Path, target: Path, member: str, local: int, central: int, value: int, mask: bool) -> Path:
    """A copy in which one 16-bit field of a member's local and central headers is set (or OR-ed)."""
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    entries = [info.header_offset + local]
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == member.encode():
            entries.append(at + central)
        at = data.find(b"PK\x01\x02", at + 4)
    for offset in entries:
        old = struct.unpack_from("<H", data, offset)[0]
        struct.pack_into("<H", data, offset, old | value if mask else value)
    target.write_bytes(bytes(data))
    return target


def _method(source: Path, target: Path, member: str, method: int) -> Path:
    """A copy in which one member claims a compression method (99: one Python cannot read)."""
    return _patch(source, target, member, 8, 10, method, mask=False)


def _encrypted(source: Path, target: Path, member: str) -> Path:
    """A copy in which one member says it is encrypted (general purpose flag bit 0)."""
    return _patch(source, target, member, 6, 8, 0x1, mask=True)


CASES = {
    "no master": (lambda b, t: _without(b, t, "ppt/slideMasters/slideMaster1.xml"),
                  "the template has no slide master (part ppt/slideMasters/slideMaster1.xml is missing)"),
    "no theme": (lambda b, t: _without(b, t, "ppt/theme/theme1.xml"),
                 "the template has no theme (part ppt/theme/theme1.xml is missing)"),
    "no layout": (lambda b, t: _without(b, t, "ppt/slideLayouts/slideLayout2.xml"),
                  "the template has no slide layout (part ppt/slideLayouts/slideLayout2.xml is missing)"),
    "no presentation.xml.rels": (lambda b, t: _without(b, t, "ppt/_rels/presentation.xml.rels"),
                                 "the template has no ppt/_rels/presentation.xml.rels"),
    "wrong content type": (lambda b, t: rewrite_part(b, t, "[Content_Types].xml", lambda d: d.replace(
        b"slideMaster+xml", b"slideLayout+xml")), ("the template declares its slide master "
                                                  "ppt/slideMasters/slideMaster1.xml as 'application/vnd.")),
    "idx not a number": (lambda b, t: rewrite_part(b, t, "ppt/slideLayouts/slideLayout2.xml", lambda d: d.replace(
        b'idx="1"', b'idx="one"')), 'a placeholder in ppt/slideLayouts/slideLayout2.xml has idx="one"'),
    "encrypted member": (lambda b, t: _encrypted(b, t, "ppt/slideLayouts/slideLayout3.xml"),
                         "the template member ppt/slideLayouts/slideLayout3.xml is encrypted"),
    "unknown compression": (lambda b, t: _method(b, t, "ppt/slideLayouts/slideLayout3.xml", 99),
                            ("the template member ppt/slideLayouts/slideLayout3.xml uses a compression method "
                            "deckgen cannot read (method 99)")),
    "OpenDocument": (lambda b, t: _opendocument(t), "the file is an OpenDocument file (LibreOffice's .odp or .otp)"),
}


def _opendocument(target: Path) -> Path:
    """A LibreOffice presentation's package (its mimetype first, stored), as Impress saves an .odp."""
    with zipfile.ZipFile(target, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        z.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return target


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_template_is_an_error_naming_it_and_the_problem(base, tmp_path, case):
    make, expected = CASES[case]
    path = make(base, tmp_path / "broken.pptx")
    with pytest.raises(DeckgenError) as info:
        read_template(path)
    error = info.value.errors[0]
    assert error.location.path == str(path) and error.message.startswith(expected), error.message


@pytest.mark.parametrize("case", ["no master", "idx not a number", "unknown compression"])
def test_build_inspect_and_themes_new_exit_1(base, tmp_path, monkeypatch, run, case):
    monkeypatch.chdir(tmp_path)
    CASES[case][0](base, tmp_path / "broken.pptx")
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    for args in (("build", "doc.yaml", "--format", "deck", "--template", "broken.pptx"),
                 ("inspect", "broken.pptx"), ("themes", "new", "x", "--from", "broken.pptx")):
        code, _, err = run(*args)
        assert code == 1 and "broken.pptx: error: " in err, (args, err)


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_a_path_that_is_not_a_file_is_refused_before_it_is_read(tmp_path, monkeypatch, run, kind):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(tmp_path / "t.pptx")  # reading it would wait forever
        path, what = "t.pptx", "is a named pipe (FIFO), not a file"
    elif kind == "folder":
        (tmp_path / "t.pptx").mkdir()
        path, what = "t.pptx", "is a folder, not a file"
    else:
        path, what = "/dev/zero", "is a device, not a file"
    for args in (("build", "doc.yaml", "--format", "deck", "--template", path), ("inspect", path)):
        code, _, err = run(*args)
        assert code == 1 and f"{path}: error: the template {what}" in err, err


def test_no_slide_size_gets_the_default_with_a_warning(base, tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    rewrite_part(base, tmp_path / "t.pptx", "ppt/presentation.xml", lambda d: re.sub(rb"<p:sldSz[^>]*/>", b"", d))
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    code, _, err = run("build", "doc.yaml", "--format", "deck", "--template", "t.pptx")
    assert code == 0
    assert "t.pptx: warning: the template gives no slide size (<p:sldSz>); deckgen uses PowerPoint's default" in err
    prs = Presentation("output/default/doc.pptx")
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


def test_external_relationships_are_removed_with_a_warning(base, tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    link = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'image" Target="file://///server/share/logo.png" TargetMode="External"/></Relationships>')
    rewrite_part(base, tmp_path / "t.pptx", "ppt/slideMasters/_rels/slideMaster1.xml.rels",
                 lambda d: d.replace(b"</Relationships>", link))
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    code, _, err = run("build", "doc.yaml", "--format", "deck", "--template", "t.pptx")
    assert code == 0
    assert ("t.pptx: warning: removed 1 external link(s) from the template's ppt/slideMasters/slideMaster1.xml "
            "(file://///server/share/logo.png)") in err
    with zipfile.ZipFile("output/default/doc.pptx") as deck:
        rels = [deck.read(n) for n in deck.namelist() if n.endswith(".rels")]
    assert not any(b"server/share" in r for r in rels)


@pytest.mark.parametrize("kind", ["presentation", "template"])
def test_a_macro_template_is_refused_saying_what_to_save_it_as(base, tmp_path, monkeypatch, run, kind):
    """A .pptm/.potm (its main part is macroEnabled) was refused showing <_io.BytesIO object at 0x…>."""
    monkeypatch.chdir(tmp_path)
    macro = f"application/vnd.ms-powerpoint.{kind}.macroEnabled.main+xml".encode()
    name = "t.pptm" if kind == "presentation" else "t.potm"
    rewrite_part(base, tmp_path / name, "[Content_Types].xml", lambda d: d.replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", macro))
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    for args in (("build", "doc.yaml", "--format", "deck", "--template", name), ("inspect", name)):
        code, _, err = run(*args)
        assert code == 1 and err.startswith(
            f"{name}: error: macro-enabled templates (.pptm/.potm) are not supported; save it as .pptx/.potx "
            "(in PowerPoint: File > Save As > PowerPoint Template (.potx); the macros are left out)"), err
        assert "BytesIO" not in err
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("kind, what", [
    ({}, "an embedded OLE object (Excel.Sheet.12)"),
    ({"linked": True}, "a linked OLE object (Excel.Sheet.12)"),
    ({"macro_click": True}, "an embedded OLE object (Excel.Sheet.12), an action that runs a macro or program"),
], ids=["embedded", "linked", "macro-click"])
def test_active_content_in_a_template_is_removed_with_a_warning_keeping_its_picture(tmp_path, monkeypatch, run,
                                                                                     kind, what):
    """An OLE package in a layout was copied silently into every deck; a linked one lost its link
    but left its p:oleObj behind (issue 26). Now each is replaced by the picture it shows."""
    monkeypatch.chdir(tmp_path)
    ole_template(tmp_path / "t.pptx", **kind)
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    code, _, err = run("build", "doc.yaml", "--format", "deck", "--template", "t.pptx")
    assert code == 0
    assert (f"t.pptx: warning: removed {what} from the template's ppt/slideLayouts/slideLayout2.xml: a deck must "
            "not carry objects that run programs or open files (the picture an object shows stays in its place)") in err
    with zipfile.ZipFile("output/default/doc.pptx") as deck:
        names = deck.namelist()
        xml = b"".join(deck.read(n) for n in names if n.endswith(".xml"))
        rels = b"".join(deck.read(n) for n in names if n.endswith(".rels"))
    assert not any(n.startswith("ppt/embeddings/") for n in names), names
    assert b"oleObj" not in xml and b"ppaction://macro" not in xml
    assert b"relationships/oleObject" not in rels and b"server/share" not in rels
    layout = next(la for la in Presentation("output/default/doc.pptx").slide_layouts if la.name == "Title and Content")
    [picture] = [sh for sh in layout.shapes if sh.shape_type == 13]  # the object's picture, where the object was
    assert (picture.left, picture.top, picture.name) == (6400800, 5486400, "Object 1")
    assert picture.image.blob


def test_a_template_without_active_content_is_left_as_it_is():
    from deckgen.renderers.deck.package import drop_active

    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            b'Target="../media/image1.png"/></Relationships>')
    part = b'<p:sldLayout xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
    assert drop_active(rels, part) == (rels, part, [])


def test_layout_placeholders_without_numbers_are_numbered_apart(base, tmp_path, monkeypatch, run):
    """LibreOffice writes layout placeholders without idx, so title, body and subtitle all share idx 0
    (npm's pptxtemplater ships such a template): the build crashed on the first discussion slide."""
    from conftest import SEED

    monkeypatch.chdir(tmp_path)
    target = base
    layouts = [n for n in zipfile.ZipFile(base).namelist() if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n)]
    for n, member in enumerate(layouts):
        target = rewrite_part(target, tmp_path / f"t{n}.pptx", member, lambda d: re.sub(rb' idx="\d+"', b"", d))
    assert b'idx="1"' not in zipfile.ZipFile(target).read(layouts[1])
    code, _, err = run("build", str(SEED), "--format", "deck", "--template", str(target), "--out", "out")
    assert code == 0, err
    prs = Presentation(str(next((tmp_path / "out").rglob("*.pptx"))))
    for slide in prs.slides:
        numbers = [ph.placeholder_format.idx for ph in slide.placeholders]
        assert len(numbers) == len(set(numbers)), numbers
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip()
        assert title.placeholder_format.idx == 0
    questions = [s for s in prs.slides if "Vraag 1 van 7" in " ".join(sh.text_frame.text for sh in s.shapes
                                                                        if sh.has_text_frame)]
    assert questions and "ontwikkelingssector" in questions[0].shapes.title.text_frame.text
