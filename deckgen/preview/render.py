"""The preview folder: slide, handout and card pages as PNGs, a contact sheet and index.html.

Why this way: the slides are drawn by LibreOffice (through the warm office of
renderers/slides/office.py when one runs: about 0.3 s for the seed deck instead of a
1.5 s start), because a picture of the .pptx must come from a program that reads it;
the handout and cards are PDFs already. PDF pages become pictures with poppler's
pdftoppm when it is on PATH (raw pixels, turned into PNGs by Pillow at a fast zlib
level: pdftoppm's own PNG encoder takes 1.5 s for the seed's 26 slides, this 0.4 s),
else with pypdfium2 when it is installed; with neither, an error says what to install.
The handout's and cards' rasterising runs while LibreOffice converts the deck.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.preview import page

SLIDE_WIDTH = 960  # px
PAGE_WIDTH = 800  # px, handout and card pages
THUMB_WIDTH = 280  # px, in the contact sheet
SHEET_COLUMNS = 4
FONT = Path(__file__).resolve().parents[1] / "fonts" / "dejavu" / "DejaVuSans.ttf"
RASTER_HINT = ("install poppler's pdftoppm (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install "
               "poppler) or pypdfium2 (pip install pypdfium2)")


def folder_for(out: Path, theme_name: str, stem: str) -> Path:
    """output/<theme>/<stem>.preview/"""
    return out / theme_name / (stem + ".preview")


def rasterizer() -> str | None:
    """How PDF pages become pictures here: 'pdftoppm', 'pypdfium2', or None."""
    if shutil.which("pdftoppm"):
        return "pdftoppm"
    if find_spec("pypdfium2") is not None:
        return "pypdfium2"
    return None


class _Pages:
    """Rasterises one PDF: started at once (pdftoppm runs beside this process), collected later."""

    def __init__(self, pdf: Path, width: int, tmp: Path, how: str, pages: int = 0):
        self.pdf, self.width, self.how = pdf, width, how
        self.prefix = tmp / (pdf.name.replace(".", "_") + "-p")
        self.procs = []
        if how == "pdftoppm":
            # two halves side by side when the page count is known (two cores: the slides in half the time)
            ranges = [(1, pages // 2), (pages // 2 + 1, pages)] if pages >= 8 else [(0, 0)]
            for first, last in ranges:
                span = ["-f", str(first), "-l", str(last)] if first else []
                self.procs.append(subprocess.Popen(["pdftoppm", *span, "-scale-to-x", str(width), "-scale-to-y",
                                                    "-1", str(pdf), str(self.prefix)],
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))

    def images(self) -> list:
        from PIL import Image

        if self.how == "pypdfium2":
            import pypdfium2

            document = pypdfium2.PdfDocument(str(self.pdf))
            try:
                return [p.render(scale=self.width / p.get_width()).to_pil() for p in document]
            finally:
                document.close()
        for proc in self.procs:
            try:
                _, err = proc.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                for other in self.procs:
                    other.kill()
                    other.communicate()
                raise _failed(self.pdf, "pdftoppm took longer than 120 s") from None
            if proc.returncode != 0:
                raise _failed(self.pdf, err.decode("utf-8", "replace").strip()[-300:])
        files = sorted(self.prefix.parent.glob(self.prefix.name + "*.ppm"),
                       key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
        out = []
        for path in files:
            with Image.open(path) as im:
                im.load()
                out.append(im)
        return out


def _failed(pdf: Path, why: str) -> DeckgenError:
    return DeckgenError(Diagnostic("error", f"cannot turn the PDF's pages into pictures: {why}", Location(str(pdf)),
                                   "check that the PDF opens in a viewer"))


def _save_png(image, path: Path) -> str:
    tmp = path.with_name("." + path.name + ".part")
    image.save(tmp, format="PNG", compress_level=1)
    os.replace(tmp, path)
    return path.name


def _save_all(pages: _Pages | list, folder: Path, pattern: str, pool: ThreadPoolExecutor | None = None) -> list[str]:
    images = pages.images() if isinstance(pages, _Pages) else pages
    if pool is None:
        return [_save_png(im, folder / pattern.format(i)) for i, im in enumerate(images, 1)]
    half = (len(images) + 1) // 2  # two threads: Pillow's PNG encoder lets go of the GIL
    other = pool.submit(lambda: [_save_png(im, folder / pattern.format(i)) for i, im in enumerate(images, 1)
                                 if i > half])
    return [_save_png(im, folder / pattern.format(i)) for i, im in enumerate(images, 1) if i <= half] + other.result()


def contact_sheet(images: list, columns: int = SHEET_COLUMNS, thumb: int = THUMB_WIDTH, gap: int = 16,
                  numbers: bool = True):
    """The slides side by side, numbered, on a light background (a Pillow image)."""
    from PIL import Image, ImageDraw, ImageFont

    if not images:
        return Image.new("RGB", (thumb, thumb // 2), "white")
    w0, h0 = images[0].size
    th = round(thumb * h0 / w0)
    label = 18 if numbers else 0
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * thumb + (columns + 1) * gap, rows * (th + label) + (rows + 1) * gap),
                      (236, 236, 232))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT), 12) if numbers else None
    for i, image in enumerate(images):
        x = gap + (i % columns) * (thumb + gap)
        y = gap + (i // columns) * (th + label + gap)
        small = image.convert("RGB").resize((thumb, th), Image.BICUBIC, reducing_gap=2.0)
        sheet.paste(small, (x, y))
        draw.rectangle([x - 1, y - 1, x + thumb, y + th], outline=(180, 180, 176))
        if numbers:
            draw.text((x, y + th + 3), str(i + 1), fill=(90, 90, 90), font=font)
    return sheet


def slide_notes(deck: Path) -> tuple[str, list[str]]:
    """The deck's title and each slide's speaker notes, read back from the .pptx (python-pptx)."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    return prs.core_properties.title or "", [
        s.notes_slide.notes_text_frame.text if s.has_notes_slide and s.notes_slide.notes_text_frame else ""
        for s in prs.slides]


@dataclass
class Result:
    folder: Path
    slides: int
    handout: int
    cards: int
    seconds: float
    how: str  # how the pages were rasterised

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


def render(deck: Path, folder: Path, *, handout: Path | None = None, cards: Path | None = None, title: str = "",
           theme: str = "", build: int = 1, report: dict[str, list[str]] | None = None,
           warnings: list[str] = ()) -> Result:
    """Writes the preview folder of one deck (and its handout and cards, when given); index.html last."""
    from deckgen.renderers.slides import office

    start = time.perf_counter()
    how = rasterizer()
    if how is None:
        raise DeckgenError(Diagnostic("error", "the preview needs a program that turns PDF pages into pictures",
                                      Location("pdftoppm"), RASTER_HINT))
    office.require_soffice("the preview")
    report = report or {}
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deckgen-preview-") as tmp_name:
        tmp = Path(tmp_name)
        others = {key: _Pages(pdf, PAGE_WIDTH, tmp, how) for key, pdf in (("handout", handout), ("cards", cards))
                  if pdf is not None and pdf.is_file()}
        with ThreadPoolExecutor(max_workers=3) as pool:
            notes = pool.submit(slide_notes, deck)  # python-pptx reads while LibreOffice converts
            pages = {key: pool.submit(_save_all, pages, folder, key + "-{}.png") for key, pages in others.items()}
            pdf = tmp / "slides.pdf"
            office.to_pdf(deck, pdf, "the preview")
            slide_images = _Pages(pdf, SLIDE_WIDTH, tmp, how, len(notes.result()[1])).images()
            slides = pool.submit(_save_all, slide_images, folder, "slide-{:02d}.png", pool)
            sheet_name = _save_png(contact_sheet(slide_images), folder / "contact-sheet.png")
            files = {"slides": slides.result(), **{key: f.result() for key, f in pages.items()}}
            deck_title, notes_text = notes.result()
    _remove_stale(folder, files)
    marks, _ = page.marks_by_slide(report.get("deck", []))
    slides = [page.Slide(name, notes_text[i] if i < len(notes_text) else "", marks.get(i + 1, []))
              for i, name in enumerate(files["slides"])]
    text = page.render(title=deck_title or title or deck.stem, theme=theme, build=build, slides=slides,
                       handout=files.get("handout", []), cards=files.get("cards", []), sheet=sheet_name,
                       report=report, warnings=list(warnings))
    index = folder / "index.html"
    tmp_index = folder / ".index.html.part"
    tmp_index.write_text(text, encoding="utf-8")
    os.replace(tmp_index, index)
    return Result(folder, len(files["slides"]), len(files.get("handout", [])), len(files.get("cards", [])),
                  time.perf_counter() - start, how)


def _remove_stale(folder: Path, files: dict[str, list[str]]) -> None:
    """Pages of an earlier, longer version (slide-27.png after a cut) are removed."""
    keep = {name for names in files.values() for name in names}
    for prefix in ("slide-", "handout-", "cards-"):
        for path in folder.glob(prefix + "*.png"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
