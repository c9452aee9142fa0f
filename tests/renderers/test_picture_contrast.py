"""Text on a background photo reaches 4.5:1, measured on LibreOffice's rendering (issue 16).

The deck is rendered twice: as built, for where each character is drawn and in which colour
(pdfplumber), and with every text emptied, for the pixels under the characters (pdftoppm).
Each character's colour is compared with every pixel under its box. A third rendering with
the panels taken out shows that the photo alone fails, so the check can fail.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import picturedata
import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from renderers import lo

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

pytestmark = pytest.mark.render
DPI = 100

DOC = '''title: "Migration and development cooperation"
subtitle: "how are they connected?"
language: en
date: "2024-05-03"
organisation: "Partos and OnMigration"
image:
  file: "stripes.jpg"
  alt: "Coloured stripes"
  credit: "Photo: a test pattern"
sections:
  - heading: "A section"
    text: "A text."
qa:
  items:
    - question: "What does the development sector do to counter migration?"
      answer: "It does not."
      image:
        file: "stripes.jpg"
        alt: "Coloured stripes"
'''


def _ratio(a: tuple, b: tuple) -> float:
    def lum(rgb):
        def ch(c):
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b_ = (ch(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    hi, lo_ = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo_ + 0.05)


def _emptied(deck: Path, out: Path, drop_panels: bool = False) -> Path:
    prs = Presentation(str(deck))
    for slide in prs.slides:
        tree = slide.shapes._spTree
        for t in tree.iter(qn("a:t")):
            if not drop_panels:
                t.text = ""
        if drop_panels:
            for shape in list(slide.shapes):
                if shape.name == "Panel under text":
                    tree.remove(shape._element)
    prs.save(str(out))
    return out


def _worst(pdf_text: Path, pdf_under: Path, page: int, tmp: Path) -> tuple[float, int]:
    """The lowest contrast between a character's colour and a pixel under it, on one page; and the count of chars."""
    prefix = tmp / f"{pdf_under.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf_under), str(prefix)], check=True)
    raster = Image.open(f"{prefix}.png").convert("RGB")
    scale = DPI / 72
    worst, count = 99.0, 0
    with pdfplumber.open(str(pdf_text)) as pdf:
        for ch in pdf.pages[page - 1].chars:
            if not ch["text"].strip():
                continue
            colour = ch.get("non_stroking_color") or (0, 0, 0)
            if len(colour) == 1:
                colour = (colour[0],) * 3
            box = (int(ch["x0"] * scale), int(ch["top"] * scale), int(ch["x1"] * scale) + 1,
                   int(ch["bottom"] * scale) + 1)
            part = raster.crop(box)
            pixels = set(getattr(part, "get_flattened_data", part.getdata)())
            count += 1
            for px in pixels:
                worst = min(worst, _ratio(tuple(colour[:3]), tuple(v / 255 for v in px)))
    return worst, count


@pytest.mark.parametrize("theme_name", ["default", "projector"])
def test_text_on_a_background_photo_reaches_4_5_to_1_on_the_rendered_pixels(tmp_path, theme_name):
    picturedata.photo(tmp_path / "stripes.jpg", size=(1600, 1000))
    (tmp_path / "doc.yaml").write_text(DOC, encoding="utf-8")
    doc, _ = load(tmp_path / "doc.yaml")
    theme, _ = load_theme(theme_name)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(get("deck").render(doc, theme, RenderOptions()).data)
    prs = Presentation(str(deck))
    question = next(i for i, s in enumerate(prs.slides, 1)  # the discussion slide: its counter
                    if any(sh.has_text_frame and sh.text_frame.text == "Question 1 of 1" for sh in s.shapes))
    under = _emptied(deck, tmp_path / "under.pptx")
    bare = _emptied(under, tmp_path / "bare.pptx", drop_panels=True)
    pdf_text, pdf_under, pdf_bare = lo.to_pdf([deck, under, bare], tmp_path / "pdf")
    for page in (1, question):
        worst, count = _worst(pdf_text, pdf_under, page, tmp_path)
        assert count > 30, "the check looked at the slide's text"
        assert worst >= 4.5, f"{theme_name}, slide {page}: {worst:.2f}:1 under some text"
        without_panels, _ = _worst(pdf_text, pdf_bare, page, tmp_path)
        assert without_panels < 3.0, "the photo alone would not do: the check can fail"


def test_a_photos_dark_and_light_spots_count_under_a_text():
    """Quantizing a photo to its eight main colours averages its dark spots away: black text over the
    sweets of LibreOffice's Candy read 3.2:1 on the box's main colours and 2.0:1 where it crossed them.
    The darkest and the lightest twentieth of the pixels under a text count as colours of their own."""
    import random

    from deckgen.renderers.slidexml.backdrop import Backdrop
    from deckgen.renderers.slidexml.layouts import Box
    from deckgen.theming.contrast import worst_ratio

    rng = random.Random(7)
    img = Image.new("RGB", (240, 135))
    for x in range(240):
        for y in range(135):
            if rng.random() < 0.06:  # dark sweets of every colour, 6 % of the box, among light ones
                img.putpixel((x, y), (rng.randrange(20, 110), rng.randrange(20, 110), rng.randrange(20, 110)))
            else:
                img.putpixel((x, y), (rng.randrange(130, 256), rng.randrange(130, 256), rng.randrange(130, 256)))
    backdrop = Backdrop([], (12192000, 6858000), {})
    under = [c for c, _ in backdrop.colours_under(img, Box(0, 0, 12192000, 6858000))]
    assert worst_ratio("#000000", under) < 3.0, under  # (3.97:1 on the main colours alone) large text's minimum
