"""LibreOffice's own Impress templates as a user of Impress hands them over: saved as .pptx by LibreOffice
(Debian's libreoffice-common ships 23 designs by LibreOffice's contributors; they are read from the
installation, not copied into the project), built with the seed. No internal error, no key figure cut
short, no text box over another, and LibreOffice draws every text inside its box.

These found, on material nobody here wrote: layout placeholders without idx (a crash), key figures
squeezed into a gap of the artwork and cut ("7–12 pro…", Focus), titles cut to the part of their box on a
band (19 pt, Piano), a body moved onto its band over the title (Grey Elegant), text over a photo's dark
spots (Candy)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pptx import Presentation
from programs import need
from renderers import lo

from deckgen.renderers import RenderOptions, get

pytestmark = pytest.mark.render


def _designs() -> list[Path]:
    exe = lo.soffice()
    if exe is None:
        return []
    share = Path(os.path.realpath(exe)).parents[1] / "share" / "template" / "common" / "presnt"
    return sorted(share.glob("*.otp"))


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> list[Path]:
    need("soffice")
    designs = _designs()
    if not designs:
        pytest.skip("LibreOffice's own templates are not installed (Debian: libreoffice-common)")
    out = tmp_path_factory.mktemp("lo-templates")
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as tmp:  # one run, a private profile
        subprocess.run([lo.soffice(), f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pptx", "--outdir", str(out), *map(str, designs)],
                       check=True, capture_output=True, env=dict(os.environ, HOME=tmp), timeout=600)
    for design in designs:
        assert (out / f"{design.stem}.pptx").is_file(), f"LibreOffice did not save {design.name} as .pptx"
    return [out / f"{design.stem}.pptx" for design in designs]


def _build(templates: list[Path], doc, theme, out: Path) -> dict[str, tuple[Path, object]]:
    decks = {}
    out.mkdir(exist_ok=True)
    for template in templates:
        result = get("deck").render(doc, theme, RenderOptions(template=template))
        deck = out / template.name
        deck.write_bytes(result.data)
        decks[template.stem] = (deck, result)
    return decks


@pytest.fixture(scope="module")
def built(templates, tmp_path_factory, seed_doc, default_theme) -> dict[str, tuple[Path, object]]:
    """The Dutch seed (long words) with each design."""
    return _build(templates, seed_doc, default_theme, tmp_path_factory.mktemp("decks-nl"))


@pytest.fixture(scope="module")
def built_english(templates, tmp_path_factory, english_doc, default_theme) -> dict[str, tuple[Path, object]]:
    """The English seed (a cover picture with its credit, section pictures) with each design."""
    return _build(templates, english_doc, default_theme, tmp_path_factory.mktemp("decks-en"))


def _text_boxes(slide) -> list[tuple[str, int, int, int, int]]:
    return [(sh.name, sh.left, sh.top, sh.left + sh.width, sh.top + sh.height) for sh in slide.shapes
            if sh.has_text_frame and sh.text_frame.text.strip() and sh.width and sh.height]


def test_no_text_box_lies_over_another(built, built_english):
    """The title, body, counter, figures, picture credits and footers of a slide never share room (two
    points of overlap are allowed for rounding)."""
    found = []
    for name, (deck, _) in [*built.items(), *((f"{k} (en)", v) for k, v in built_english.items())]:
        for number, slide in enumerate(Presentation(str(deck)).slides, 1):
            boxes = _text_boxes(slide)
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    wide = min(a[3], b[3]) - max(a[1], b[1])
                    high = min(a[4], b[4]) - max(a[2], b[2])
                    if wide > 2 * 12700 and high > 2 * 12700:
                        found.append(f"{name} slide {number}: '{a[0]}' over '{b[0]}'")
    assert not found, "\n".join(found)


def test_no_key_figure_is_cut_and_no_title_shrinks_below_the_scale(built):
    problems = []
    for name, (deck, result) in built.items():
        cut = [w.message for w in result.warnings if "too long for its column" in w.message]
        texts = [sh.text_frame.text for s in Presentation(str(deck)).slides for sh in s.shapes if sh.has_text_frame]
        problems += [f"{name}: {m}" for m in cut] + [f"{name}: cut '{t[:40]}'" for t in texts if "…" in t]
        problems += [f"{name}: {w.message}" for w in result.warnings
                     if "is too long for the title box" in w.message and "'Agenda'" in w.message]
    assert not problems, "\n".join(problems)


FOUND = {"Candy", "Focus", "Grey_Elegant", "Midnightblue", "Piano"}  # the designs that showed a fault


def test_libreoffice_draws_every_text_inside_its_box(built, tmp_path):
    """Drawn by LibreOffice, the designs that showed a fault and every third other (a render takes 3 s;
    the suite's time is kept under 8 minutes)."""
    decks = [deck for n, (deck, _) in enumerate(built.values()) if n % 3 == 0 or deck.stem in FOUND]
    pdfs = lo.to_pdf(decks, tmp_path)
    problems = {deck.stem: lo.overflows(deck, pdf) for deck, pdf in zip(decks, pdfs)}
    assert not {k: v for k, v in problems.items() if v}, problems


def test_the_designs_are_read_from_the_installation_not_copied():
    assert not list(Path(__file__).resolve().parents[2].rglob("*.otp"))
    assert shutil.which("soffice") is None or _designs(), "LibreOffice without its own templates"
