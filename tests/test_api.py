"""The Python API: deckgen.load and deckgen.build, read back from the outputs they write."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

import deckgen
from conftest import ENGLISH, MINIMAL, ROOT, SEED, write


def _texts(pptx: Path) -> list[str]:
    return [shape.text_frame.text for slide in Presentation(str(pptx)).slides for shape in slide.shapes
            if shape.has_text_frame]


def test_import_deckgen_imports_nothing_heavy():
    code = ("import sys, deckgen; heavy = [m for m in ('pptx', 'reportlab', 'yaml', 'PIL', 'deckgen.build', "
            "'deckgen.content', 'click') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_load_returns_the_document_with_its_warnings(tmp_path):
    path = write(tmp_path, MINIMAL.replace("Een tekst.", "Een tekst[^9]."))
    doc = deckgen.load(path)
    assert isinstance(doc, deckgen.Document)
    assert doc.title.plain == "Test" and doc.language == "nl"
    assert [d.format() for d in doc.warnings] == [
        f"{path}:4:21: warning: footnote [^9] has no source (add it under 'sources:' with id: \"9\", or remove the "
        "reference)"]


def test_load_raises_every_error_with_its_place(tmp_path):
    path = write(tmp_path, 'title: "T"\nlanguage: nl\ndate: "2024-13-01"\nsections:\n  - txt: "x"\n')
    with pytest.raises(deckgen.DeckgenError) as info:
        deckgen.load(path)
    lines = [d.format() for d in info.value.diagnostics]
    assert f"{path}:3:7: error: '2024-13-01' is not a real date (check the month and the day)" in lines
    assert any(line.startswith(f"{path}:5:5: error: unknown key 'txt'") and "did you mean 'text'" in line
               for line in lines)
    assert all(d.severity == "error" for d in info.value.errors)


def test_build_a_file_then_again_up_to_date_then_forced(tmp_path):
    out = tmp_path / "out"
    first = deckgen.build(str(ENGLISH), formats=["deck"], out=out, jobs=1)
    deck = out / "default" / "migration-and-development-cooperation.pptx"
    assert first.written == (deck,) and first.up_to_date == ()
    assert "Migration and development cooperation" in "\n".join(_texts(deck)[:3])
    assert any("continued" in line for line in first.fit[deck])  # the fit report, as the command prints it
    again = deckgen.build(ENGLISH, formats=["deck"], out=out, jobs=1)
    assert again.written == () and again.up_to_date == (deck,)
    forced = deckgen.build(ENGLISH, formats=["deck"], out=out, force=True, jobs=1)
    assert forced.written == (deck,)


def test_build_a_changed_document(tmp_path):
    from deckgen.content.model import Rich, Span

    base = deckgen.load(ENGLISH)
    doc = dataclasses.replace(base, name="utrecht", subtitle=Rich(((Span("Workshop in Utrecht"),),)))
    result = deckgen.build(doc, formats=["deck", "handout"], out=tmp_path, jobs=1)
    deck, handout = tmp_path / "default" / "utrecht.pptx", tmp_path / "default" / "utrecht.handout.pdf"
    assert result.written == (deck, handout)
    assert "Workshop in Utrecht" in "\n".join(_texts(deck)[:3])
    from pypdf import PdfReader

    assert "Workshop in Utrecht" in PdfReader(handout).pages[0].extract_text()
    assert deckgen.build(doc, formats=["deck"], out=tmp_path, jobs=1).up_to_date == (deck,)
    other = dataclasses.replace(doc, subtitle=Rich(((Span("Workshop in Delft"),),)))
    assert deckgen.build(other, formats=["deck"], out=tmp_path, jobs=1).written == (deck,)  # a change rebuilds
    assert "Workshop in Delft" in "\n".join(_texts(deck)[:3])


def test_build_a_folder_in_workers_reports_each_warning_once(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    write(folder, MINIMAL.replace("Een tekst.", "Een tekst[^9]."), "a.yaml")
    write(folder, MINIMAL, "b.yml")
    result = deckgen.build(folder, formats=["deck", "handout"], out=tmp_path / "out", theme="print")
    names = sorted(p.name for p in result.written)
    assert names == ["a.handout.pdf", "a.pptx", "b.handout.pdf", "b.pptx"]
    assert all(p.parent == tmp_path / "out" / "print" and p.stat().st_size > 1000 for p in result.written)
    assert [d.message for d in result.warnings] == ["footnote [^9] has no source"]


def test_build_errors_are_raised_before_anything_is_written(tmp_path):
    bad = write(tmp_path, 'title: "T"\nlanguage: nl\nsections: []\n', "bad.yaml")
    good = write(tmp_path, MINIMAL, "good.yaml")
    with pytest.raises(deckgen.DeckgenError) as info:
        deckgen.build([good, bad], out=tmp_path / "out", jobs=1)
    assert [d.format() for d in info.value.errors] == [
        f"{bad}:3:11: error: 'sections' is empty (add at least one section with a 'text')"]
    assert not (tmp_path / "out" / "default" / "good.pptx").exists()
    with pytest.raises(deckgen.DeckgenError) as info:
        deckgen.build(good, theme="projecter", out=tmp_path / "out")
    assert "did you mean 'projector'?" in str(info.value)


def test_wrong_arguments_name_the_closest_value(tmp_path):
    with pytest.raises(ValueError, match=r"unknown format 'handot' \(did you mean 'handout'\? choose from deck, "):
        deckgen.build(SEED, formats=["handot"], out=tmp_path)
    with pytest.raises(ValueError, match="did you mean 'A4'"):
        deckgen.build(SEED, paper="a5", out=tmp_path)
    with pytest.raises(TypeError, match="list of format names"):
        deckgen.build(SEED, formats="deck", out=tmp_path)
    with pytest.raises(TypeError, match="not int"):
        deckgen.build(3, out=tmp_path)  # type: ignore[arg-type]
    assert not tmp_path.joinpath("default").exists()


def test_build_is_the_function_however_deckgen_build_was_imported():
    import deckgen.build.run  # noqa: F401 - the package deckgen.build is now an attribute of deckgen

    assert callable(deckgen.build)
    assert list(inspect.signature(deckgen.build).parameters)[:7] == [
        "source", "theme", "template", "formats", "out", "force", "paper"]
    assert (Path(deckgen.__file__).parent / "py.typed").is_file()


def test_the_csv_example_builds_one_deck_per_row(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import decks_from_csv
    finally:
        sys.path.remove(str(ROOT / "examples"))
    rows = write(tmp_path, "city,date,host,email\nUtrecht,2024-05-03,Partos,a@b.nl\n's-Hertogenbosch,2024-06-07,"
                           "OnMigration,c@d.nl\n", "rows.csv")
    assert decks_from_csv.main([str(rows), "--out", str(tmp_path / "out")]) == 0
    decks = sorted((tmp_path / "out" / "default").glob("*.pptx"))
    assert [d.name for d in decks] == ["migration-and-development-cooperation-s-hertogenbosch.pptx",
                                       "migration-and-development-cooperation-utrecht.pptx"]
    title = "\n".join(_texts(decks[0])[:3])
    assert "Workshop in 's-Hertogenbosch" in title and "OnMigration" in title and "7 June 2024" in title
    assert "c@d.nl" in "\n".join(_texts(decks[0]))
    write(tmp_path, "city,date,host,email\nUtrecht,2024-02-30,Partos,a@b.nl\n", "bad.csv")
    with pytest.raises(SystemExit, match=r"bad.csv:2: error: '2024-02-30' is not a date"):
        decks_from_csv.main([str(tmp_path / "bad.csv"), "--out", str(tmp_path / "out")])
