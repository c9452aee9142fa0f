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

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
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
BACKGROUND = (236, 236, 232)  # the contact sheet's
FONT = Path(__file__).resolve().parents[1] / "fonts" / "dejavu" / "DejaVuSans.ttf"
_PDFIUM = threading.Lock()
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
    """Rasterises pages of one PDF: started at once (pdftoppm runs beside this process), collected later."""

    def __init__(self, pdf: Path, width: int, tmp: Path, how: str, pages: int = 0, only: list[int] | None = None):
        self.pdf, self.width, self.how, self.only = pdf, width, how, only
        self.prefix = tmp / (pdf.name.replace(".", "_") + "-p")
        self.procs = []
        if how == "pdftoppm":
            for first, last in _ranges(pages, only):
                span = ["-f", str(first), "-l", str(last)] if first else []
                self.procs.append(subprocess.Popen(["pdftoppm", *span, "-scale-to-x", str(width), "-scale-to-y",
                                                    "-1", str(pdf), str(self.prefix)],
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))

    def images(self) -> dict[int, object]:
        """{page number: Pillow image} for the pages asked for (all when `only` was not given)."""
        from PIL import Image

        if self.how == "pypdfium2":
            import pypdfium2

            with _PDFIUM:  # PDFium is not thread-safe: one document at a time in this process
                document = pypdfium2.PdfDocument(str(self.pdf))
                try:
                    wanted = self.only or range(1, len(document) + 1)
                    return {n: document[n - 1].render(scale=self.width / document[n - 1].get_width()).to_pil()
                            for n in wanted}
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
        out = {}
        for path in self.prefix.parent.glob(self.prefix.name + "*.ppm"):
            with Image.open(path) as im:
                im.load()
                out[int(path.stem.rsplit("-", 1)[-1])] = im
        return dict(sorted(out.items()))


def _page_spec(pages: list[int]) -> str:
    """[3, 5, 6, 7] -> "3,5-7" (LibreOffice's PageRange)."""
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in _runs(pages))


def _runs(pages: list[int]) -> list[tuple[int, int]]:
    runs: list[list[int]] = []
    for n in sorted(pages):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(a, b) for a, b in runs]


def _ranges(pages: int, only: list[int] | None) -> list[tuple[int, int]]:
    """pdftoppm runs for these pages: contiguous runs of `only`, or all pages in two halves side by side
    (two cores: the slides in half the time); (0, 0) is every page in one run."""
    if only:
        runs = _runs(only)
        if len(runs) <= 3:
            return runs
        pages = pages or max(only)
    return [(1, pages // 2), (pages // 2 + 1, pages)] if pages >= 8 else [(0, 0)]


def _failed(pdf: Path, why: str) -> DeckgenError:
    return DeckgenError(Diagnostic("error", f"cannot turn the PDF's pages into pictures: {why}", Location(str(pdf)),
                                   "check that the PDF opens in a viewer"))


def _save_png(image, path: Path) -> str:
    tmp = path.with_name("." + path.name + ".part")
    image.save(tmp, format="PNG", compress_level=1)
    os.replace(tmp, path)
    return path.name


def _save_all(pages: _Pages | dict, folder: Path, pattern: str, pool: ThreadPoolExecutor | None = None
              ) -> dict[int, str]:
    """Saves {page: image} as PNGs named by `pattern`; returns {page: file name}."""
    images = pages.images() if isinstance(pages, _Pages) else pages
    items = list(images.items())
    if pool is None:
        return {n: _save_png(im, folder / pattern.format(n)) for n, im in items}
    half = (len(items) + 1) // 2  # two threads: Pillow's PNG encoder lets go of the GIL
    other = pool.submit(lambda: {n: _save_png(im, folder / pattern.format(n)) for n, im in items[half:]})
    return {**{n: _save_png(im, folder / pattern.format(n)) for n, im in items[:half]}, **other.result()}


def contact_sheet(images: list, columns: int = SHEET_COLUMNS, thumb: int = THUMB_WIDTH, gap: int = 16,
                  numbers: bool = True, base=None, count: int = 0):
    """The slides side by side, numbered, on a light background (a Pillow image).

    With `base` (the previous sheet of a deck of `count` slides, same size), `images` is
    {slide number: image} of the slides that changed, drawn over it."""
    from PIL import Image, ImageDraw, ImageFont

    items = list(images.items()) if isinstance(images, dict) else list(enumerate(images, 1))
    if not items:
        return Image.new("RGB", (thumb, thumb // 2), "white")
    w0, h0 = items[0][1].size
    th = round(thumb * h0 / w0)
    label = 18 if numbers else 0
    count = count or len(items)
    rows = (count + columns - 1) // columns
    size = (columns * thumb + (columns + 1) * gap, rows * (th + label) + (rows + 1) * gap)
    sheet = base.convert("RGB") if base is not None and base.size == size else Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT), 12) if numbers else None
    for n, image in items:
        x = gap + ((n - 1) % columns) * (thumb + gap)
        y = gap + ((n - 1) // columns) * (th + label + gap)
        small = image.convert("RGB").resize((thumb, th), Image.BICUBIC, reducing_gap=2.0)
        sheet.paste(small, (x, y))
        draw.rectangle([x - 1, y - 1, x + thumb, y + th], outline=(180, 180, 176))
        if numbers:  # on a cleared strip: a number drawn twice over itself would come out bolder
            draw.rectangle([x, y + th + 1, x + thumb, y + th + label], fill=BACKGROUND)
            draw.text((x, y + th + 3), str(n), fill=(90, 90, 90), font=font)
    return sheet


def _deck_digests(deck: Path) -> tuple[str, list[str]]:
    """(a hash of every part of the deck that every slide's picture depends on: layouts, masters, theme,
    media, the slide list; each slide's own hash with its relationships). Notes and properties are
    left out: they are not drawn."""
    shared = hashlib.sha256()
    slides: dict[int, hashlib._Hash] = {}
    with zipfile.ZipFile(deck) as z:
        for name in sorted(z.namelist()):
            m = _SLIDE_PART.fullmatch(name)
            if m:
                slides.setdefault(int(m.group(1)), hashlib.sha256()).update(name.encode() + b"\0" + z.read(name))
            elif not name.startswith(("ppt/notesSlides/", "docProps/")):
                shared.update(name.encode() + b"\0" + z.read(name))
    return shared.hexdigest(), [slides[k].hexdigest() for k in sorted(slides)]


_SLIDE_PART = re.compile(r"ppt/slides/(?:_rels/)?slide(\d+)\.xml(?:\.rels)?")
STATE = ".state.json"  # what the pictures in the folder were drawn from


def _read_state(folder: Path) -> dict:
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def slide_notes(deck: Path) -> tuple[str, list[str]]:
    """The deck's title and each slide's speaker notes, read back from the .pptx."""
    from deckgen.renderers.deck.readback import title_and_notes

    return title_and_notes(deck)


@dataclass
class Result:
    folder: Path
    slides: int
    handout: int
    cards: int
    seconds: float
    how: str  # how the pages were rasterised
    drawn: int = 0  # slides drawn anew (the others had not changed)
    office_seconds: float = 0.0  # of which LibreOffice's conversion

    @property
    def index(self) -> Path:
        return self.folder / "index.html"


def theme_fonts(name: str, project: Path | None = None) -> tuple:
    """The heading and body families of a theme (its own font files, when it has some), for
    LibreOffice to draw the deck with; none when the theme cannot be read (the build said why)."""
    from deckgen.theming import load as theme_loader

    try:
        theme, _ = theme_loader.load(name, project, decode_images=False, allow_low_contrast=True)
    except DeckgenError:
        return ()
    return (theme.heading, theme.body)


def render(deck: Path, folder: Path, *, handout: Path | None = None, cards: Path | None = None, title: str = "",
           theme: str = "", build: int = 1, report: dict[str, list[str]] | None = None,
           warnings: list[str] = (), theme_families: tuple = ()) -> Result:
    """Writes the preview folder of one deck (and its handout and cards, when given); index.html last.
    `theme_families`: the theme's own fonts (theme_fonts), which LibreOffice is to draw the deck with."""
    from deckgen.renderers.slides import office

    start = time.perf_counter()
    how = rasterizer()
    if how is None:
        raise DeckgenError(Diagnostic("error", "the preview needs a program that turns PDF pages into pictures",
                                      Location("pdftoppm"), RASTER_HINT))
    office.require_soffice("the preview")
    report = report or {}
    folder.mkdir(parents=True, exist_ok=True)
    old = _read_state(folder)
    shared, slide_hashes = _deck_digests(deck)
    count = len(slide_hashes)
    previous = old.get("slides", [])
    same_frame = old.get("shared") == shared and len(previous) == count and (folder / "contact-sheet.png").is_file()
    changed = [n for n in range(1, count + 1)
               if not (same_frame and previous[n - 1] == slide_hashes[n - 1]
                       and (folder / f"slide-{n:02d}.png").is_file())]
    pdf_hashes = {key: hashlib.sha256(pdf.read_bytes()).hexdigest() for key, pdf in (("handout", handout),
                                                                                  ("cards", cards))
                  if pdf is not None and pdf.is_file()}
    kept = {key: old.get("pages", {}).get(key, []) for key, digest in pdf_hashes.items()
            if old.get("pdfs", {}).get(key) == digest and old.get("pages", {}).get(key)
            and all((folder / name).is_file() for name in old["pages"][key])}
    timings = {}
    with tempfile.TemporaryDirectory(prefix="deckgen-preview-") as tmp_name:
        tmp = Path(tmp_name)
        others = {key: _Pages(pdf, PAGE_WIDTH, tmp, how) for key, pdf in (("handout", handout), ("cards", cards))
                  if key in pdf_hashes and key not in kept}
        with ThreadPoolExecutor(max_workers=3) as pool:
            notes = pool.submit(slide_notes, deck)  # python-pptx reads while LibreOffice converts
            pages = {key: pool.submit(_save_all, pages, folder, key + "-{}.png") for key, pages in others.items()}
            pdf = tmp / "slides.pdf"
            if changed:
                began = time.perf_counter()
                some = len(changed) < count
                subset = office.to_pdf(deck, pdf, "the preview", _page_spec(changed) if some else "",
                                       theme_families=theme_families)
                timings["office"] = time.perf_counter() - began
                if subset:
                    drawn_pages = _Pages(pdf, SLIDE_WIDTH, tmp, how, len(changed)).images()  # page k: changed[k-1]
                    slide_images = {changed[k - 1]: im for k, im in drawn_pages.items()}
                else:
                    slide_images = _Pages(pdf, SLIDE_WIDTH, tmp, how, count, changed if some else None).images()
            else:
                slide_images = {}
            slides = pool.submit(_save_all, slide_images, folder, "slide-{:02d}.png", pool)
            base = None
            if len(changed) < count:
                from PIL import Image

                with Image.open(folder / "contact-sheet.png") as im:
                    base = im.convert("RGB")
            if changed:
                _save_png(contact_sheet(slide_images, base=base, count=count), folder / "contact-sheet.png")
            drawn = slides.result()
            names = {"slides": [drawn.get(n, f"slide-{n:02d}.png") for n in range(1, count + 1)]}
            for key in pdf_hashes:
                names[key] = kept[key] if key in kept else list(pages[key].result().values())
            deck_title, notes_text = notes.result()
    _remove_stale(folder, names)
    marks, _ = page.marks_by_slide(report.get("deck", []))
    slides = [page.Slide(name, notes_text[i] if i < len(notes_text) else "", marks.get(i + 1, []))
              for i, name in enumerate(names["slides"])]
    text = page.render(title=deck_title or title or deck.stem, theme=theme, build=build, slides=slides,
                       handout=names.get("handout", []), cards=names.get("cards", []), sheet="contact-sheet.png",
                       report=report, warnings=list(warnings))
    state = {"shared": shared, "slides": slide_hashes, "pdfs": pdf_hashes,
             "pages": {key: names[key] for key in pdf_hashes}}
    _write_text(folder / STATE, json.dumps(state))
    _write_text(folder / "index.html", text)
    return Result(folder, count, len(names.get("handout", [])), len(names.get("cards", [])),
                  time.perf_counter() - start, how, len(changed), timings.get("office", 0.0))


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name("." + path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _remove_stale(folder: Path, files: dict[str, list[str]]) -> None:
    """Pages of an earlier, longer version (slide-27.png after a cut) are removed."""
    keep = {name for names in files.values() for name in names}
    for prefix in ("slide-", "handout-", "cards-"):
        for path in folder.glob(prefix + "*.png"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
