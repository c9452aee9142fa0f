"""LibreOffice as the second presentation program: render decks to PDF and find overflow.

Every character LibreOffice draws must lie inside the box of a text shape, and every
shape must have at least as many characters inside its box as its text has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import deckgen
from deckgen.renderers.slides import fontmap

FONT_DIR = Path(deckgen.__file__).parent / "fonts"
EMU_PER_PT = 12700
TOLERANCE = 1.5  # pt
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fontconfig(tmp: Path, decks: list[Path]) -> Path:
    """The fontconfig file deckgen gives LibreOffice (renderers/slides/fontmap.py): every family the
    decks name drawn with the font file deckgen measured it with, the system's fonts for the rest."""
    names = sorted({name for deck in decks for name in fontmap.deck_families(deck)})
    return fontmap.write_config(tmp, names)


def to_pdf(decks: list[Path], outdir: Path, plain: bool = False) -> list[Path]:
    """Converts decks to PDF with one headless LibreOffice run and a private profile; `plain`: as a user's
    LibreOffice draws them, with the machine's own font substitution (no deckgen font map)."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) is not installed: apt-get install libreoffice-impress-nogui"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as tmp:
        env = dict(os.environ, HOME=tmp)
        if plain:
            env.pop("FONTCONFIG_FILE", None)
        else:
            env["FONTCONFIG_FILE"] = str(_fontconfig(Path(tmp), decks))
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, decks)],
                       check=True, capture_output=True, env=env, timeout=600)
    pdfs = [outdir / (d.stem + ".pdf") for d in decks]
    for pdf in pdfs:
        assert pdf.is_file(), f"LibreOffice did not convert {pdf.stem}"
    return pdfs


@dataclass
class TextBox:
    slide: int
    name: str
    text: str
    left: float
    top: float
    right: float
    bottom: float
    grows: bool = False  # spAutoFit: the box grows down to hold its text as drawn (template text boxes)

    def holds(self, ch: dict, tol: float = TOLERANCE) -> bool:
        mid = (ch["top"] + ch["bottom"]) / 2
        bottom = float("inf") if self.grows else self.bottom
        return (ch["x0"] >= self.left - tol and ch["x1"] <= self.right + tol
                and self.top - tol <= mid <= bottom + tol
                and ch["bottom"] <= bottom + 0.3 * ch["size"] + tol)


def _flat(shapes) -> list:
    """Shapes with groups opened (a group's children keep their own positions)."""
    out = []
    for shape in shapes:
        out.extend(_flat(shape.shapes) if shape.shape_type == 6 else [shape])  # 6: a group
    return out


def _cells(slide: int, frame) -> list[TextBox]:
    """A table's cells as boxes: the columns' widths and the rows' heights the deck sets (a row
    LibreOffice had to make taller than that pushes the text below out of its cell)."""
    out = []
    top = frame.top
    for r, row in enumerate(frame.table.rows):
        left = frame.left
        for c, column in enumerate(frame.table.columns):
            text = frame.table.cell(r, c).text_frame.text
            if text.strip():
                out.append(TextBox(slide, f"{frame.name} r{r + 1}c{c + 1}", text, left / EMU_PER_PT,
                                   top / EMU_PER_PT, (left + column.width) / EMU_PER_PT,
                                   (top + row.height) / EMU_PER_PT))
            left += column.width
        top += row.height
    return out


def _drawn(shape) -> str:
    """A shape's text as it is sure to be drawn: a field's (a slide number, a date) is drawn as the program
    works it out, not as its cached text (LibreOffice's Midnightblue master caches '<number>' and draws
    '2'), so it is left out of the characters the box must hold, while the box still holds what is drawn."""
    fields = shape.text_frame._txBody.findall(f".//{_A}fld")
    if not fields:
        return shape.text_frame.text
    return "\n".join("".join(t.text or "" for r in p.iterchildren(f"{_A}r") for t in r.iterchildren(f"{_A}t"))
                     for p in shape.text_frame._txBody.iterchildren(f"{_A}p"))

def text_boxes(deck: Path) -> list[list[TextBox]]:
    """Per slide, the text shapes with their boxes in pt."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    slides = []
    by_layout: dict[int, list] = {}  # a layout's own shapes are read once, not for each of its slides
    for n, slide in enumerate(prs.slides, 1):
        boxes = []
        # the template's own text (not placeholders) on the layout and master is drawn too
        layout = slide.slide_layout
        if id(layout.element) not in by_layout:
            by_layout[id(layout.element)] = [s for s in _flat([*layout.shapes, *layout.slide_master.shapes])
                                             if not s.is_placeholder]
        inherited = by_layout[id(layout.element)]
        for shape in [*slide.shapes, *inherited]:
            if getattr(shape, "has_table", False):  # every cell a box of its own, as planned
                boxes += _cells(n, shape)
                continue
            if getattr(shape, "has_chart", False):  # a chart's labels, legend and axes stay in its frame
                boxes.append(TextBox(n, shape.name, "", shape.left / EMU_PER_PT, shape.top / EMU_PER_PT,
                                     (shape.left + shape.width) / EMU_PER_PT, (shape.top + shape.height) / EMU_PER_PT))
                continue
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            grows = shape.text_frame._txBody.find(f"{_A}bodyPr/{_A}spAutoFit") is not None
            left, top = shape.left, shape.top  # a placeholder looks each up on its layout: once each
            boxes.append(TextBox(n, shape.name, _drawn(shape), left / EMU_PER_PT, top / EMU_PER_PT,
                                 (left + shape.width) / EMU_PER_PT, (top + shape.height) / EMU_PER_PT, grows))
        slides.append(boxes)
    return slides


def overflows(deck: Path, pdf: Path) -> list[str]:
    """Every way in which LibreOffice drew text outside its box, as readable lines."""
    import pdfplumber

    problems = []
    slides = text_boxes(deck)
    with pdfplumber.open(str(pdf)) as doc:
        assert len(doc.pages) == len(slides), f"{pdf.name}: {len(doc.pages)} pages for {len(slides)} slides"
        for page, boxes in zip(doc.pages, slides):
            chars = [c for c in page.chars if c["text"].strip()]
            for ch in chars:
                if not any(b.holds(ch) for b in boxes):
                    problems.append(f"slide {page.page_number}: '{ch['text']}' at ({ch['x0']:.0f},{ch['top']:.0f}) "
                                    f"is outside every text box")
            for box in boxes:
                wanted = sum(1 for c in box.text if not c.isspace() and c != "\u200b")  # a zero-width break draws nothing
                inside = sum(len(c["text"].strip()) for c in chars if box.holds(c))  # a ligature is one glyph
                if inside < wanted:
                    problems.append(f"slide {box.slide} '{box.name}': {wanted - inside} of {wanted} characters "
                                    f"outside its box ({box.text[:50]!r})")
    return problems
