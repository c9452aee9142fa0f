"""Can the room read every word? Decks rendered by LibreOffice, measured word by word (issue 21).

For each word LibreOffice draws (pdfplumber: its box, size, font and fill colour), the page is
rasterised (PDFium, DPI) and the word's colour is compared with the pixels behind and around
it: the background is each colour that covers a fair share (MIN_SHARE) of the non-glyph pixels
in the word's box and a margin around it, and the word's ratio is the worst against any of them
(a word half on a band and half off is as readable as its worse half). WCAG 2.x: 4.5:1, or 3:1
for large text (18 pt and up, or 14 pt bold); footer furniture (date, footer and slide number:
words inside those placeholders' boxes, or shapes named so) is text like any other (WCAG 1.4.3
has no exception for it; it was held to 3:1 before, which let 12 pt footers at 3.3:1 through).

Broken words: a rendered line that ends in a fragment that is no word of the source text (and
no hyphen), which joined to the next line's first fragment starts or makes a word of the source
text ("ontwikkeli" / "ngssame" / "nwerking").

The decks go through tests/renderers/lo.py, so LibreOffice draws each family with the font
file deckgen measured it with (renderers/slides/fontmap.py). Independent of deckgen's own
contrast code on purpose: it is the check of that code, not a copy of it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from renderers import lo

DPI = 100
NORMAL, LARGE = 4.5, 3.0
MIN_SHARE = 0.2  # of the non-glyph pixels around a word: a colour that much is a background
_HYPHENS = ("-", "\u2010", "\u2011", "\u00ad", "\u2013")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class LowContrast:
    slide: int
    word: str
    ratio: float
    needed: float
    color: str  # the word's fill, #RRGGBB
    background: str  # the background colour it was measured against
    size: float

    def __str__(self) -> str:
        return (f"slide {self.slide}: '{self.word}' {self.color} on {self.background}: {self.ratio:.2f}:1 "
                f"(needs {self.needed}:1 at {self.size:.0f} pt)")


@dataclass(frozen=True)
class BrokenWord:
    slide: int
    pieces: tuple[str, ...]  # as drawn, one per line
    word: str  # the source word they belong to

    def __str__(self) -> str:
        return f"slide {self.slide}: '{self.word}' broken between letters: " + " / ".join(self.pieces)


@dataclass(frozen=True)
class TextOnText:
    slide: int
    word: str
    other: str  # the word drawn over it

    def __str__(self) -> str:
        return f"slide {self.slide}: '{self.word}' and '{self.other}' drawn over each other"


@dataclass(frozen=True)
class LoneWord:
    slide: int
    word: str
    heading: str

    def __str__(self) -> str:
        return f"slide {self.slide}: '{self.word}' alone on a line of the heading {self.heading!r}"


@dataclass
class Report:
    low_contrast: list[LowContrast] = field(default_factory=list)
    broken: list[BrokenWord] = field(default_factory=list)
    overlaps: list[TextOnText] = field(default_factory=list)
    lone: list[LoneWord] = field(default_factory=list)
    words: int = 0  # words measured
    furniture: int = 0  # of them, words of the footer furniture (date, footer, slide number)

    @property
    def ok(self) -> bool:
        return not self.low_contrast and not self.broken and not self.overlaps and not self.lone

    def lines(self) -> list[str]:
        return [str(x) for x in [*self.low_contrast, *self.broken, *self.overlaps, *self.lone]]

    def __str__(self) -> str:
        return "\n".join(self.lines()) or f"{self.words} words, all legible and whole"


# --- colour ------------------------------------------------------------------------------------

def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(color) -> tuple[int, int, int] | None:
    """A pdfplumber fill colour (gray, RGB or CMYK, 0-1) as 0-255 RGB; None for patterns."""
    if color is None:
        return (0, 0, 0)
    if isinstance(color, (int, float)):
        color = (color,)
    values = [v for v in color if isinstance(v, (int, float))]
    if len(values) == 1:
        return (round(values[0] * 255),) * 3
    if len(values) == 3:
        return tuple(round(v * 255) for v in values)  # type: ignore[return-value]
    if len(values) == 4:
        c, m, y, k = values
        return tuple(round(255 * (1 - v) * (1 - k)) for v in (c, m, y))  # type: ignore[return-value]
    return None


def _hex(rgb) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _distance(a, b) -> float:
    return math.dist(a, b)


def _backgrounds(image, box: tuple[float, float, float, float], ink: tuple[int, int, int], size: float
                 ) -> list[tuple[int, int, int]]:
    """The colours behind and around a word (box in pt): each colour (16 levels a channel) that
    covers MIN_SHARE of the pixels that are not the word's own ink or its anti-aliased edges."""
    scale = DPI / 72
    pad = 0.3 * size
    x0, top, x1, bottom = box
    region = image.crop((max(0, int((x0 - pad) * scale)), max(0, int((top - pad) * scale)),
                         min(image.width, int((x1 + pad) * scale) + 1),
                         min(image.height, int((bottom + pad) * scale) + 1)))
    counts = [(px, count, _distance(px, ink)) for count, px in region.getcolors(region.width * region.height) or []]
    ink_gap = max(24.0, 0.1 * max((d for _, _, d in counts), default=0))
    buckets: Counter = Counter()
    members: dict = {}
    for px, count, away in counts:
        if away < ink_gap:
            continue
        key = tuple(v // 16 for v in px)
        buckets[key] += count
        members.setdefault(key, Counter())[px] += count
    total = sum(buckets.values())
    if not total:
        return []
    kept = [k for k, n in buckets.most_common() if n >= MIN_SHARE * total] or [buckets.most_common(1)[0][0]]
    return [members[k].most_common(1)[0][0] for k in kept]


# --- words and lines ---------------------------------------------------------------------------

def _words(page) -> list[dict]:
    return [w for w in page.extract_words(extra_attrs=["non_stroking_color", "size", "fontname"],
                                          keep_blank_chars=False, use_text_flow=False) if w["text"].strip()]


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into drawn lines: same baseline, no gap wider than a few spaces."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        for line in lines:
            last = line[-1]
            if abs(last["bottom"] - w["bottom"]) < 0.3 * w["size"] and 0 <= w["x0"] - last["x1"] < 0.8 * w["size"]:
                line.append(w)
                break
        else:
            lines.append([w])
    return lines


def _next_line(line: list[dict], lines: list[list[dict]]) -> list[dict] | None:
    """The line drawn right below `line` in the same text (overlapping it across the page)."""
    size = line[0]["size"]
    left, right, bottom = min(w["x0"] for w in line), max(w["x1"] for w in line), line[0]["bottom"]
    below = [other for other in lines
             if 0.5 * size < other[0]["bottom"] - bottom < 2.2 * size and abs(other[0]["size"] - size) < 0.5
             and min(w["x0"] for w in other) < right and max(w["x1"] for w in other) > left]
    return min(below, key=lambda other: other[0]["bottom"], default=None)


def _broken(slide: int, lines: list[list[dict]], vocabulary: set[str]) -> list[BrokenWord]:
    out = []
    starts = {}
    for line in lines:
        nxt = _next_line(line, lines)
        if nxt is not None:
            starts[id(line)] = nxt
    seen: set[int] = set()
    for line in lines:
        if id(line) in seen:
            continue
        pieces = [line[-1]["text"]]
        current = line
        while True:
            last = pieces[-1]
            if last.endswith(_HYPHENS) or _EDGE.sub("", last).lower() in vocabulary or not _EDGE.sub("", last):
                break
            nxt = starts.get(id(current))
            if nxt is None:
                break
            joined = "".join(pieces) + nxt[0]["text"]
            key = _EDGE.sub("", joined).lower()
            if not key or not any(word.startswith(key) for word in vocabulary):
                break
            pieces.append(nxt[0]["text"])
            seen.add(id(nxt))
            current = nxt
            if len(nxt) > 1:  # the word ends on this line
                break
        if len(pieces) > 1:
            joined = _EDGE.sub("", "".join(pieces)).lower()
            word = min((w for w in vocabulary if w.startswith(joined)), key=len)
            out.append(BrokenWord(slide, tuple(pieces), word))
    return out


def _core(w: dict) -> tuple[float, float, float, float]:
    """The part of a word's box its glyphs surely ink: the middle half of its height (a line's box
    reaches into the next line's at tight spacing) and a tenth of its size in from each end."""
    inset, size = 0.1 * w["size"], w["bottom"] - w["top"]
    return w["x0"] + inset, w["top"] + 0.25 * size, w["x1"] - inset, w["bottom"] - 0.25 * size


def text_on_text(slide: int, words: list[dict]) -> list[TextOnText]:
    """Words drawn over other words: their glyph cores intersect (a date under a title, a
    counter under a question that grew upwards). Words of one line never do."""
    out = []
    cores = sorted(((_core(w), w["text"]) for w in words), key=lambda c: c[0][0])
    for i, ((x0, t0, x1, b0), text) in enumerate(cores):
        for (ox0, ot0, ox1, ob0), other in cores[i + 1:]:
            if ox0 >= x1:
                break
            if ox1 > x0 and ot0 < b0 and t0 < ob0:
                out.append(TextOnText(slide, text, other))
    return out


def vocabulary(texts) -> set[str]:
    """The words of the source texts, lower case, without surrounding punctuation."""
    return {_EDGE.sub("", w).lower() for text in texts for w in re.split(r"\s+", text) if _EDGE.sub("", w)}


# --- the check -----------------------------------------------------------------------------------

def _raster(pdf: Path) -> list:
    """The pages as RGB pictures at DPI, drawn by PDFium (pypdfium2): about three times faster than
    pdftoppm on pages with large pictures, and drawn independently of LibreOffice's PDF writer."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [document[i].render(scale=DPI / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()


SHORT = 4  # letters: a shorter word alone on a line of a heading of 4 words or more is a lone word


def lone_words(slide: int, words: list[dict], heading) -> list[LoneWord]:
    """The lines of a heading (lo.TextBox: a title or question) drawn as one short word, when the
    heading has four words or more ("wat hebben die / met / ontwikkelingssamenwerking")."""
    if heading is None or len(heading.text.split()) < 4:
        return []
    inside = [w for w in words if heading.holds({**w, "top": (w["top"] + w["bottom"]) / 2,
                                                  "bottom": (w["top"] + w["bottom"]) / 2, "size": 0})]
    lines = _lines(inside)
    if len(lines) < 2:
        return []
    return [LoneWord(slide, line[0]["text"], " ".join(heading.text.split())) for line in lines
            if len(line) == 1 and sum(c.isalnum() for c in line[0]["text"]) < SHORT]


def check_pdf(pdf: Path, source: dict[int, list[str]] | list[str], furniture: dict[int, list] | None = None,
              headings: dict[int, object] | None = None) -> Report:
    """Every word of a rendered PDF: its contrast against the pixels around it, and whether a word
    of `source` (texts per page number, or one list for all pages) is broken between letters.
    `furniture`: per page, the boxes (lo.TextBox) of footer furniture (counted in the report, held to
    the same minimum as any text of its size); `headings`:
    per page, the box of its title (or question), whose lines must not be one short word alone."""
    import pdfplumber

    report = Report()
    with pdfplumber.open(str(pdf)) as doc:
        images = _raster(pdf)
        for page, image in zip(doc.pages, images):
            n = page.page_number
            words = _words(page)
            report.words += len(words)
            for w in words:
                ink = _rgb(w["non_stroking_color"])
                if ink is None:
                    continue
                large = w["size"] >= 18 or (w["size"] >= 14 and "bold" in w["fontname"].lower())
                chars = {"x0": w["x0"], "x1": w["x1"], "top": w["top"], "bottom": w["bottom"], "size": w["size"]}
                footer = any(box.holds(chars) for box in (furniture or {}).get(n, []))
                report.furniture += footer
                needed = LARGE if large else NORMAL
                backgrounds = _backgrounds(image, (w["x0"], w["top"], w["x1"], w["bottom"]), ink, w["size"])
                if not backgrounds:
                    continue
                worst = min(backgrounds, key=lambda bg: contrast(ink, bg))
                ratio = contrast(ink, worst)
                if ratio < needed:
                    report.low_contrast.append(LowContrast(n, w["text"], round(ratio, 2), needed, _hex(ink),
                                                           _hex(worst), w["size"]))
            texts = source.get(n, []) if isinstance(source, dict) else source
            report.broken += _broken(n, _lines(words), vocabulary(texts))
            report.overlaps += text_on_text(n, words)
            report.lone += lone_words(n, words, (headings or {}).get(n))
    return report


def deck_texts(deck: Path, boxes: list | None = None) -> dict[int, list[str]]:
    """Per slide number, the texts of the deck's shapes (and of its layout's and master's own text)."""
    return {n: [box.text for box in slide] for n, slide in enumerate(boxes or lo.text_boxes(deck), 1)}


_FURNITURE = re.compile(r"\b(date|footer|slide number)\b", re.IGNORECASE)


def deck_furniture(deck: Path, boxes: list | None = None) -> dict[int, list]:
    """Per slide number, the boxes of its footer furniture: date, footer and slide-number
    placeholders (python-pptx names them so) and shapes deckgen names so."""
    return {n: [box for box in slide if _FURNITURE.search(box.name)]
            for n, slide in enumerate(boxes or lo.text_boxes(deck), 1)}


def check_decks(decks: list[Path], workdir: Path) -> dict[Path, Report]:
    """Each deck rendered by LibreOffice (one run for all) and checked word by word."""
    pdfs = lo.to_pdf(decks, workdir)
    reports = {}
    for deck, pdf in zip(decks, pdfs):
        boxes = lo.text_boxes(deck)
        reports[deck] = check_pdf(pdf, deck_texts(deck, boxes), deck_furniture(deck, boxes), deck_headings(deck))
    return reports


def deck_headings(deck: Path) -> dict[int, lo.TextBox]:
    """Per slide number, the box of its title placeholder (a discussion slide's question)."""
    from pptx import Presentation

    out = {}
    for n, slide in enumerate(Presentation(str(deck)).slides, 1):
        title = slide.shapes.title
        if title is not None and title.text_frame.text.strip():
            e = lo.EMU_PER_PT
            out[n] = lo.TextBox(n, title.name, title.text_frame.text, title.left / e, title.top / e,
                                (title.left + title.width) / e, (title.top + title.height) / e)
    return out
