"""The notes handout (`--format notes`, issue 22): each slide, as LibreOffice draws it, placed as a
vector drawing beside its speaker notes; read back with pdfplumber, pikepdf and poppler."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from conftest import MINIMAL, SEED
from pptx import Presentation
from renderers import lo

from deckgen.build import run as builder
from deckgen.renderers import FORMATS, needed, worker_library
from deckgen.theming.load import load as load_theme

needs_office = pytest.mark.skipif(lo.soffice() is None, reason="LibreOffice is not installed")


def _build(tmp: Path, source: Path, formats=("deck", "notes"), theme="default") -> dict[str, Path]:
    settings = builder.Settings(files=(source,), themes=(theme,), out=tmp / "out", formats=formats, force=True,
                                jobs=1, project=tmp)
    outcomes, _ = builder.build(settings)
    return {o.job.fmt: o for o in outcomes}


def test_the_registry_makes_notes_from_the_deck_and_its_slides():
    assert needed("notes") == ["deck", "slides-pdf"] and needed("slides-pdf") == ["deck"]
    assert worker_library("notes") == "pptx" == worker_library("slides-pdf")  # built where the deck is
    assert FORMATS["notes"].suffix == ".notes.pdf"


def test_without_libreoffice_the_error_names_it(tmp_path, monkeypatch, run):
    from deckgen.renderers.slides import office

    monkeypatch.setattr(office, "find_soffice", lambda: None)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.yaml").write_text(MINIMAL, encoding="utf-8")
    code, _, err = run("build", "doc.yaml", "-f", "notes", "-j", "1")
    assert code == 1
    assert "--format notes is made from slides-pdf: --format slides-pdf needs LibreOffice, which was not found" in err
    assert "install LibreOffice" in err
    assert not list(tmp_path.glob("output/**/*.pdf")) and not list(tmp_path.glob("output/**/*.pptx"))


def test_notes_per_page_is_a_theme_option(tmp_path):
    theme = tmp_path / "two"
    theme.mkdir()
    (theme / "theme.yaml").write_text('name: two\nextends: default\nhandout:\n  notes_per_page: "2"\n')
    assert load_theme(str(theme))[0].handout.notes_per_page == 2
    assert load_theme("default")[0].handout.notes_per_page == 3
    (theme / "theme.yaml").write_text('name: two\nextends: default\nhandout:\n  notes_per_page: "4"\n')
    from deckgen.errors import DeckgenError

    with pytest.raises(DeckgenError) as info:
        load_theme(str(theme))
    assert "notes_per_page" in info.value.diagnostics[0].format() and "choose one of: 2, 3" in \
        info.value.diagnostics[0].format()


def _slides(deck: Path) -> list[tuple[str, str]]:
    prs = Presentation(str(deck))
    out = []
    for slide in prs.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        out.append((" ".join(title.split()), " ".join(notes.split())))
    return out


def _elements(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _flat(text: str) -> str:
    """Text without spaces, line breaks and hyphens: wrapped and hyphenated lines compare equal."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def _inside(page, rect) -> str:
    x0, top, x1, bottom = rect
    return " ".join(w["text"] for w in page.extract_words() if w["x0"] >= x0 - 1 and w["x1"] <= x1 + 1
                    and w["top"] >= top - 1 and w["bottom"] <= bottom + 1)


def _placed(pdf: Path) -> list[list[tuple[float, float, float, float]]]:
    """Per page, the rectangles (pdfplumber's top-down coordinates) where form XObjects are drawn."""
    out = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            height = float(page.mediabox[3])
            rects = []
            for operands, op in pikepdf.parse_content_stream(page):
                if op == pikepdf.Operator("cm"):
                    matrix = [float(v) for v in operands]
                elif op == pikepdf.Operator("Do"):
                    xobject = page.Resources.XObject[operands[0]]
                    assert xobject.Subtype == "/Form", "a slide was placed as a picture"
                    box = [float(v) for v in xobject.BBox]
                    a, _, _, d, e, f = matrix
                    rects.append((e + a * box[0], height - (f + d * box[3]), e + a * box[2], height - (f + d * box[1])))
            out.append(rects)
    return out


@pytest.mark.render
@needs_office
def test_each_slide_is_a_vector_drawing_with_its_notes_beside_it(tmp_path):
    made = _build(tmp_path, SEED, ("deck", "slides-pdf", "notes"))
    pdf, deck = made["notes"].job.output, made["deck"].job.output
    slides = _slides(deck)
    placed = _placed(pdf)
    continued = sum(int(line.split("continue in ")[1].split()[0]) for line in made["notes"].report
                    if "continue in" in line)
    assert len(placed) == math.ceil((len(slides) + continued) / 3)
    assert math.ceil(len(slides) / 3) <= len(placed) <= len(slides)
    assert sum(map(len, placed)) == len(slides)  # every slide once, as a form XObject
    with pdfplumber.open(str(pdf)) as doc:
        n = 0
        for page, rects in zip(doc.pages, placed):
            for image in page.images:  # only the slides' own pictures (the QR code), inside their frames
                frame = next(r for r in rects if r[0] - 1 <= image["x0"] and image["x1"] <= r[2] + 1
                             and r[1] - 1 <= image["top"] and image["bottom"] <= r[3] + 1)
                assert image["width"] * image["height"] < 0.5 * (frame[2] - frame[0]) * (frame[3] - frame[1])
            for rect in rects:
                title, notes = slides[n]
                n += 1
                inside = _inside(page, rect)
                if title:  # the slide's title is real text inside its frame
                    assert " ".join(title.split()[:2]) in inside, (n, title, inside)
                if notes:  # its notes begin beside it: right of the slide, from the top of its row
                    beside = _inside(page, (rect[2] + 5, rect[1] - 2, page.width, rect[3] + 2))
                    first = notes.split()[:3]
                    assert _flat(" ".join(first)) in _flat(beside), (n, first, beside)
        assert n == len(slides)
        # the notes never run into the margins or the next row: every character on the page
        for page in doc.pages:
            for ch in page.chars:
                assert 30 < ch["x0"] and ch["x1"] < page.width - 30 and 30 < ch["top"] < page.height - 20
    # tagged as the other PDFs are (pdf/): a section per slide, the slide a Figure whose alternative
    # text is its number and title, its notes paragraphs; the PDF/UA checks find nothing
    from pdfua import validate
    from ua_checks import problems

    data = pdf.read_bytes()
    assert problems(data) == []
    assert [(f.rule_id, f.message) for f in validate(str(pdf)).findings] == []
    with pikepdf.open(pdf) as doc:
        alts = [str(e.Alt) for e in _elements(doc.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    assert len(alts) == len(slides)
    assert all(alt.startswith(f"dia {n}") for n, alt in enumerate(alts, 1))
    assert f"dia 3: {slides[2][0]}" in alts
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts  # every font is the theme's, embedded
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())


@pytest.mark.render
@needs_office
def test_poppler_draws_the_slides_and_the_notes(tmp_path):
    made = _build(tmp_path, SEED)
    pdf = made["notes"].job.output
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    from PIL import Image

    [png] = tmp_path.glob("p-*.png")
    image = Image.open(png).convert("L")
    rects = _placed(pdf)[0]
    scale = 50 / 72
    for x0, top, x1, bottom in rects:  # each slide frame holds a drawn slide, not an empty box
        crop = image.crop((int(x0 * scale) + 2, int(top * scale) + 2, int(x1 * scale) - 2, int(bottom * scale) - 2))
        dark = sum(crop.histogram()[:160])  # pixels darker than light grey
        assert dark > 0.01 * crop.width * crop.height
        notes = image.crop((int(x1 * scale) + 8, int(top * scale), image.width - 20, int(bottom * scale)))
        assert sum(notes.histogram()[:128]) > 100  # and its notes beside it


@pytest.mark.render
@needs_office
def test_a_short_document_takes_a_third_of_its_slides_in_pages_or_half_with_two(tmp_path):
    source = tmp_path / "doc.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    made = _build(tmp_path, source, ("deck", "notes"))
    count = len(Presentation(str(made["deck"].job.output)).slides)
    with pikepdf.open(made["notes"].job.output) as pdf:
        assert len(pdf.pages) == math.ceil(count / 3)
    two = tmp_path / "two"
    two.mkdir()
    (two / "theme.yaml").write_text('name: two\nextends: default\nhandout:\n  notes_per_page: "2"\n')
    made = _build(tmp_path, source, ("notes",), str(two))
    with pikepdf.open(made["notes"].job.output) as pdf:
        assert len(pdf.pages) == math.ceil(count / 2)
    assert f"{count} slides as vector drawings" in made["notes"].report[0]


@pytest.mark.render
@needs_office
def test_the_deck_is_made_once_for_deck_slides_and_notes(tmp_path, monkeypatch):
    from deckgen.renderers import deck as deck_renderer

    calls = []
    real = deck_renderer.DeckRenderer.render
    monkeypatch.setattr(deck_renderer.DeckRenderer, "render",
                        lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    source = tmp_path / "doc.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    made = _build(tmp_path, source, ("deck", "slides-pdf", "notes"))
    assert len(calls) == 1 and set(made) == {"deck", "slides-pdf", "notes"}
    with pikepdf.open(made["slides-pdf"].job.output) as slides, pikepdf.open(made["notes"].job.output) as notes:
        assert len(notes.pages) == math.ceil(len(slides.pages) / 3)
