"""`deckgen preview` and `--format slides-pdf`: real LibreOffice renders, read back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader
from watching import ENV, make_project
from programs import need

pytestmark = pytest.mark.render

needs_office = pytest.mark.needs("soffice")


def deckgen(project: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=project, env=ENV, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@needs_office
def test_preview_writes_a_picture_per_slide_and_page_and_a_page_with_notes_and_marks(tmp_path):
    project = make_project(tmp_path)
    (project / "content" / "seed.yaml").rename(project / "content" / "zz-seed.yaml")
    shutil.copy(project / "content" / "zz-seed.yaml", project / "content" / "seed.yaml")  # the first of two
    run = deckgen(project, "preview")  # the first content file, the default theme
    assert run.returncode == 0, run.stderr
    assert "zz-seed" not in run.stdout
    folder = project / "output" / "default" / "seed.preview"
    prs = Presentation(str(project / "output" / "default" / "seed.pptx"))
    slides = sorted(folder.glob("slide-*.png"))
    assert len(slides) == len(prs.slides) == 26
    assert f"preview: {len(prs.slides)} slides, 3 handout and 4 card pages" in run.stdout
    handout = PdfReader(project / "output" / "default" / "seed.handout.pdf")
    cards = PdfReader(project / "output" / "default" / "seed.cards.pdf")
    assert len(list(folder.glob("handout-*.png"))) == len(handout.pages)
    assert len(list(folder.glob("cards-*.png"))) == len(cards.pages)
    with Image.open(slides[0]) as first:
        assert first.size[0] == 960 and 530 <= first.size[1] <= 550  # 16:9
        assert len(first.convert("L").getcolors(1 << 20)) > 10  # drawn, not blank
    with Image.open(folder / "contact-sheet.png") as sheet:
        assert sheet.size[0] > 1000
    page = (folder / "index.html").read_text(encoding="utf-8")
    for n in range(1, len(prs.slides) + 1):
        assert f'src="slide-{n:02d}.png?v=1"' in page
    # every slide's notes under it, as python-pptx reads them
    notes = prs.slides[3].notes_slide.notes_text_frame.text.strip()
    section = page.split('id="slide-4"', 1)[1].split("</section>", 1)[0]
    assert notes.splitlines()[0].replace('"', "&quot;")[:40] in section
    # slide 24 needed help (shrunk, continued over 2 slides): both are marked with the fit report's words
    for n in (24, 25):
        section = page.split(f'id="slide-{n}"', 1)[1].split("</section>", 1)[0]
        assert 'class="slide help"' in page.split(f'id="slide-{n}"', 1)[0][-40:]
        assert "Needed help: sources: text 28→21 pt, continued over 2 slides" in section
    assert "Needed help" not in page.split('id="slide-23"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"<script>", page) and "http" not in re.sub(r"https\?", "", page.split("<script>")[1])


@needs_office
def test_a_preview_after_a_build_writes_no_output_and_shows_the_recorded_fit_report(tmp_path):
    project = make_project(tmp_path)
    built = deckgen(project, "build", "content/seed.yaml")
    assert built.returncode == 0, built.stderr
    outputs = sorted((project / "output" / "default").glob("seed.*"))
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in outputs if p.is_file()}
    run = deckgen(project, "preview", "content/seed.yaml")
    assert run.returncode == 0, run.stderr
    assert f"0 written, {len(before)} up to date" in run.stdout and "wrote " not in run.stdout
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in outputs if p.is_file()} == before
    page = (project / "output" / "default" / "seed.preview" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="slide-24"', 1)[1].split("</section>", 1)[0]
    assert "Needed help: sources: text 28→21 pt, continued over 2 slides" in section  # from the deck's stamp


@needs_office
def test_slides_pdf_is_the_deck_with_its_fonts_embedded(tmp_path):
    project = make_project(tmp_path)
    run = deckgen(project, "build", "content/seed.yaml", "--theme", "themes/mine", "-f", "deck,slides-pdf")
    assert run.returncode == 0, run.stderr
    pdf = PdfReader(project / "output" / "mine" / "seed.slides.pdf")
    prs = Presentation(str(project / "output" / "mine" / "seed.pptx"))
    assert len(pdf.pages) == len(prs.slides)
    assert "26 slides, by LibreOffice, tagged (PDF/UA, language nl), fonts embedded" in run.stdout
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                          ).get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert any("LiberationSans" in name for name in fonts)  # Arial's metric twin, as the deck was fitted
    first = pdf.pages[0].extract_text()
    assert "Migratie en" in first and "ontwikkelingssamenwerking" in first


def test_slides_pdf_without_libreoffice_is_an_error_naming_it(tmp_path, monkeypatch, capsys):
    from deckgen import cli
    from deckgen.renderers.slides import office

    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    with pytest.raises(SystemExit) as exc:
        cli.main(["build", "content/seed.yaml", "-f", "deck,slides-pdf", "--out", "out", "-j", "1"])
    err = capsys.readouterr().err
    assert exc.value.code == 1
    assert "--format slides-pdf needs LibreOffice, which was not found" in err
    assert "libreoffice-impress-nogui" in err and "Traceback" not in err
    assert not (project / "out" / "default" / "seed.pptx").exists()  # checked before anything is written
    with pytest.raises(SystemExit) as exc:
        cli.main(["preview", "content/seed.yaml", "--out", "out"])
    assert exc.value.code == 1
    assert "deckgen preview needs LibreOffice" in capsys.readouterr().err


@needs_office
def test_a_warm_office_converts_again_and_again_and_leaves_nothing_running(tmp_path):
    import os

    from deckgen.renderers.slides import office

    project = make_project(tmp_path)
    run = deckgen(project, "build", "content/seed.yaml", "-f", "deck")
    assert run.returncode == 0, run.stderr
    deck = project / "output" / "default" / "seed.pptx"
    need("uno")
    warm = office.warm()
    try:
        assert warm is not None and office.active() is warm
        group = warm._proc.pid
        for n in range(2):
            office.to_pdf(deck, tmp_path / f"deck{n}.pdf")
            assert len(PdfReader(tmp_path / f"deck{n}.pdf").pages) == 26
        with pytest.raises(Exception, match="LibreOffice could not convert"):
            office.to_pdf(tmp_path / "missing.pptx", tmp_path / "missing.pdf")
        assert office.active() is warm  # still warm after a failed conversion
    finally:
        office.shutdown()
    assert office.active() is None
    import time

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:  # soffice and its bridge are gone (reaped by then)
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("LibreOffice's processes are still running 15 s after shutdown")


@needs_office
def test_a_preview_after_a_change_on_one_slide_draws_that_slide_only_and_as_a_fresh_one_would(tmp_path):
    from deckgen.preview import render

    project = make_project(tmp_path)
    assert deckgen(project, "build", "content/seed.yaml", "--out", "out").returncode == 0
    built = project / "out" / "default"
    folder = tmp_path / "incremental.preview"
    args = {"handout": built / "seed.handout.pdf", "cards": built / "seed.cards.pdf"}
    first = render.render(built / "seed.pptx", folder, **args)
    assert first.drawn == 26
    before = {p.name: p.read_bytes() for p in folder.glob("*.png")}
    seed = project / "content" / "seed.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace('- "Ieder mens wil', '- "Elk mens wil', 1),
                    encoding="utf-8")
    assert deckgen(project, "build", "content/seed.yaml", "--out", "out").returncode == 0
    from deckgen.renderers.slides import office

    warm = office.warm() if office.uno_python(office.find_soffice()) else None  # then: slide 3 alone exported
    try:
        second = render.render(built / "seed.pptx", folder, **args)
    finally:
        office.shutdown()
    assert second.drawn == 1  # slide 3, where that point is
    after = {p.name: p.read_bytes() for p in folder.glob("*.png")}
    assert sorted(after) == sorted(before)
    assert sorted(n for n in after if after[n] != before[n]) == ["contact-sheet.png", "slide-03.png"]
    fresh = render.render(built / "seed.pptx", tmp_path / "fresh.preview", **args)  # every page, a cold soffice
    assert fresh.drawn == 26 and (warm is not None or not office.uno_python(office.find_soffice()))
    from PIL import Image, ImageChops

    for name in ("slide-03.png", "contact-sheet.png", "slide-04.png", "handout-1.png"):
        with Image.open(folder / name) as a, Image.open(tmp_path / "fresh.preview" / name) as b:
            assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None, name


@needs_office
def test_without_pdftoppm_the_pages_are_drawn_with_pypdfium2(tmp_path, monkeypatch):
    pytest.importorskip("pypdfium2", reason="pypdfium2 is not installed (pip install pypdfium2)")
    from deckgen.preview import render

    project = make_project(tmp_path)
    assert deckgen(project, "build", "content/seed.yaml", "--out", "out").returncode == 0
    built = project / "out" / "default"
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "pdftoppm" else real_which(name))
    assert render.rasterizer() == "pypdfium2"
    result = render.render(built / "seed.pptx", tmp_path / "p.preview", handout=built / "seed.handout.pdf",
                           cards=built / "seed.cards.pdf")
    assert (result.how, result.slides, result.handout, result.cards) == ("pypdfium2", 26, 3, 4)
    with Image.open(tmp_path / "p.preview" / "slide-01.png") as first:
        assert first.size[0] == 960 and len(first.convert("L").getcolors(1 << 20)) > 10
    monkeypatch.setattr(render, "find_spec", lambda name: None)
    assert render.rasterizer() is None
    with pytest.raises(Exception, match="turns PDF pages into pictures"):
        render.render(built / "seed.pptx", tmp_path / "q.preview")
