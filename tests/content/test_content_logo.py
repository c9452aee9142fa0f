"""`logo:` in a content file: the organisation's logo, relative to the content file (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deckgen.content import load as content
from deckgen.errors import DeckgenError

LOGO = Path(__file__).resolve().parent.parent / "data" / "logo.png"
BASE = 'title: "Test"\nlanguage: nl\nsections:\n  - text: "Een tekst."\n'


def _load(tmp_path: Path, logo: str):
    path = tmp_path / "doc.yaml"
    path.write_text(BASE + logo, encoding="utf-8")
    return content.load(path, display="doc.yaml")


def _errors(tmp_path: Path, logo: str) -> list[str]:
    with pytest.raises(DeckgenError) as info:
        _load(tmp_path, logo)
    return [d.format() for d in info.value.errors]


def test_the_logo_file_is_relative_to_the_content_file(tmp_path):
    (tmp_path / "img").mkdir()
    shutil.copy(LOGO, tmp_path / "img" / "partos.png")
    doc, warnings = _load(tmp_path, 'logo:\n  file: "img/partos.png"\n  alt: "Logo van Partos"\n')
    assert (doc.logo.file, doc.logo.alt, warnings) == (str(tmp_path / "img" / "partos.png"), "Logo van Partos", [])


def test_a_missing_file_is_an_error_at_its_line(tmp_path):
    assert _errors(tmp_path, 'logo:\n  file: "nope.png"\n  alt: "Logo"\n') == [
        ("doc.yaml:6:9: error: 'logo: file': file not found: nope.png "
        "(name a PNG or JPEG file relative to this content file)")]


def test_alt_text_is_required(tmp_path):
    shutil.copy(LOGO, tmp_path / "l.png")
    assert _errors(tmp_path, 'logo:\n  file: "l.png"\n') == [
        "doc.yaml:6:3: error: 'logo' needs 'alt' (add a line 'alt: …')"]
    assert "doc.yaml:7:8: error: the logo's 'alt' is empty" in _errors(tmp_path, 'logo:\n  file: "l.png"\n  alt: ""\n')[0]


def test_not_an_image_and_a_folder_are_errors_naming_the_key(tmp_path):
    (tmp_path / "l.png").write_bytes(b"<svg/>")
    assert _errors(tmp_path, 'logo:\n  file: "l.png"\n  alt: "L"\n')[0].startswith(
        "doc.yaml:6:9: error: 'logo: file': l.png is ")
    (tmp_path / "dir").mkdir()
    assert _errors(tmp_path, 'logo:\n  file: "dir"\n  alt: "L"\n')[0].startswith(
        "doc.yaml:6:9: error: 'logo: file' is a folder, not a file: dir")


def test_a_logo_that_is_text_is_an_error(tmp_path):
    assert _errors(tmp_path, 'logo: "logo.png"\n')[0].startswith("doc.yaml:5:7: error: 'logo' must be a list of")


def test_a_build_draws_the_content_logo_in_every_output(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    shutil.copy(LOGO, tmp_path / "l.png")
    (tmp_path / "doc.yaml").write_text(BASE + 'logo:\n  file: "l.png"\n  alt: "Logo van ons"\n'
                                       'qa:\n  heading: "V"\n  items:\n    - question: "Waarom?"\n'
                                       '      answer: "Daarom."\n', encoding="utf-8")
    code, _, err = run("build", "doc.yaml")
    assert code == 0, err
    from pptx import Presentation
    from pypdf import PdfReader

    pics = [s for s in Presentation("output/default/doc.pptx").slides[0].shapes if s.shape_type == 13]
    assert len(pics) == 1 and pics[0].image.blob == LOGO.read_bytes()
    for pdf in ("output/default/doc.handout.pdf", "output/default/doc.cards.pdf"):
        images = [n for page in PdfReader(pdf).pages for n in (page["/Resources"].get("/XObject") or {})]
        assert images, pdf


def test_logo_none_means_no_logo_at_all(tmp_path):
    doc, _ = _load(tmp_path, "logo: none\n")
    assert doc.logo is not None and doc.logo.file == ""
