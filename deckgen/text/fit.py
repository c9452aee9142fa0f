"""Measuring and fitting text into boxes with real font metrics, for slides and cards.

The renderers write exactly what is decided here: the font size, fixed line spacing in
points, and paragraph spacing, so PowerPoint and LibreOffice lay the text out in the
height measured. Policy: start at the preferred size, shrink to the minimum, then
continue in further boxes, breaking between paragraphs, then between sentences, and
inside a sentence only when one sentence alone is taller than a box.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from deckgen.text.fonts import Family

# Safety margins against rounding and hinting differences between renderers.
WIDTH_MARGIN = 0.96
HEIGHT_MARGIN = 0.97
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])[\"”’)]*\s+(?=[^\s])")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    href: str | None = None
    scale: float = 1.0  # × the paragraph's size (a key figure's footnote marker is smaller)
    rise: float = 0.3  # a superscript's raise, × its own size (the deck's baseline="30000")
    anchor: str | None = None  # a link target at the start of the run (PDF cards: a source's note)


@dataclass(frozen=True)
class Para:
    """A paragraph to fit; `bullet` paragraphs are indented by the style's indent."""

    runs: tuple[Run, ...]
    bullet: bool = False
    continued: bool = False  # the rest of a paragraph split over boxes: no new bullet
    origin: int = field(default=-1, compare=False)  # which input paragraph a piece came from

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class TextStyle:
    """How paragraphs are set: family, line spacing and spacing before paragraphs (× size)."""

    family: Family
    line_spacing: float = 1.2
    space_before: float = 0.45
    bullet_indent: float = 1.0  # × size: hanging indent of bullet paragraphs
    # What the template sets below the text itself (renderers/slidexml/styles.py resolves it): every run
    # drawn bold or italic, letter-spacing in pt after each character, capitals.
    bold: bool = False
    italic: bool = False
    tracking: float = 0.0
    caps: bool = False

    def line_height(self, size: float) -> float:
        return size * self.line_spacing

    def gap(self, size: float) -> float:
        return size * self.space_before


@dataclass(frozen=True)
class Fit:
    """The outcome of fitting: one size for all boxes, and the paragraphs of each box."""

    size: float
    boxes: tuple[tuple[Para, ...], ...]
    preferred: float

    @property
    def shrunk(self) -> bool:
        return self.size < self.preferred

    @property
    def continued(self) -> bool:
        return len(self.boxes) > 1


# Unicode line breaking (UAX #14, rule LB13) forbids a break before these even after a
# space, so "procent /" or "wait !" stays together in PowerPoint and LibreOffice.
_NO_BREAK_BEFORE = set(",.:;!?/)]}‼⁇⁈⁉")


@lru_cache(maxsize=8192)
def _words(para: Para, style: TextStyle) -> list[tuple[float, float, array]]:
    """(width, width of the space after, per-char widths) of each unbreakable word, in em.

    Cached: fitting tries many sizes, and widths in em do not depend on the size (letter-
    spacing, which is in pt, is added by count_lines per character). The per-char widths are
    kept as arrays of doubles (the same floats, a quarter of the memory of a list: a ×100
    deck's cache was 6.4 MB of its 200 MB peak)."""
    words: list[tuple[float, float, list[float]]] = []
    current = 0.0
    pieces: list[float] = []
    in_word = False
    for run in para.runs:
        face = style.family.face(run.bold or style.bold, run.italic or style.italic)
        text = run.text.upper() if style.caps else run.text
        for part in re.split(r"( +|\u200b)", text):
            if not part:
                continue
            if part[0] in " \u200b":  # a space, or a zero-width one after a hyphen (text/wholewords.py)
                if in_word:
                    words.append((current, face.width(" ") * len(part) if part[0] == " " else 0.0, array("d", pieces)))
                    current, pieces, in_word = 0.0, [], False
                continue
            if not in_word and words and part[0] in _NO_BREAK_BEFORE:
                width, space, chars = words.pop()  # glued to the word before, with the space
                current, pieces = width + space, [*chars, space]
            current += face.width(part) * run.scale
            pieces.extend(face.width(c) * run.scale for c in part)
            in_word = True
    if in_word:
        words.append((current, 0.0, array("d", pieces)))
    return words


def count_lines(para: Para, style: TextStyle, size: float, width: float) -> int:
    """Lines a paragraph takes at size in a box width pt wide (greedy, break at spaces)."""
    indent = style.bullet_indent * size if para.bullet or para.continued else 0.0
    capacity = (width * WIDTH_MARGIN - indent) / size
    if capacity <= 0:
        return 10**6
    lines = 1
    used = 0.0
    pending_space = 0.0
    track = style.tracking / size  # em added after every character, spaces included
    for word, space, chars in _words(para, style):
        if track:
            word += track * len(chars)
            space += track * round(space / max(style.family.face().width(" "), 1e-6)) if space else 0.0
            chars = [c + track for c in chars]
        if used > 0 and used + pending_space + word <= capacity:
            used += pending_space + word
        elif used == 0 and word <= capacity:
            used = word
        else:
            if used > 0:
                lines += 1
                used = 0.0
            if word <= capacity:
                used = word
            else:  # a word wider than the line breaks between characters
                for cw in chars or [word]:
                    if used + cw > capacity and used > 0:
                        lines += 1
                        used = 0.0
                    used += cw
        pending_space = space
    return lines


@lru_cache(maxsize=2048)
def _word_texts(para: Para, style: TextStyle) -> tuple[str, ...]:
    """The text of each unbreakable word, as _words splits them (punctuation that may not start a
    line glued to the word before)."""
    text = "".join(r.text.upper() if style.caps else r.text for r in para.runs)
    out: list[str] = []
    for part in re.split(r"[ \u200b]+", text):
        if not part:
            continue
        if out and part[0] in _NO_BREAK_BEFORE:
            out[-1] += " " + part
        else:
            out.append(part)
    return tuple(out)


_WRAPS: dict = {}  # (para, style, size, indent) -> [(low, high, lines)]: see wrapped
_WRAPS_KEPT = 20000


def wrapped(para: Para, style: TextStyle, size: float, width: float) -> list[list[str]]:
    """The words of each line a paragraph takes at size in a box width pt wide, as count_lines
    breaks them (a word wider than its line on a line of its own).

    Greedy breaking compares each word's line end with the line's capacity, so the same lines come
    at every capacity from the longest line end kept (`low`) up to the shortest one that broke
    (`high`): each result is kept with that interval, and a later width inside it reads it back (the
    headings' balancing asks for hundreds of widths of one heading; text/balance.py)."""
    indent = style.bullet_indent * size if para.bullet or para.continued else 0.0
    capacity = (width * WIDTH_MARGIN - indent) / size
    key = (para, style, size, indent)
    for low, high, kept in _WRAPS.get(key, ()):
        if low <= capacity < high:
            return [list(line) for line in kept]
    track = style.tracking / size
    lines: list[list[str]] = [[]]
    used = pending = 0.0
    low, high = float("-inf"), float("inf")
    for (word, space, chars), text in zip(_words(para, style), _word_texts(para, style)):
        word += track * len(chars)
        if used > 0:
            end = used + pending + word
            if end > capacity:
                high = min(high, end)
                lines.append([])
                used = 0.0
            else:
                low = max(low, end)
        used += (pending if used > 0 else 0.0) + word
        lines[-1].append(text)
        pending = space + (track * round(space / max(style.family.face().width(" "), 1e-6)) if space else 0.0)
    if len(_WRAPS) > _WRAPS_KEPT:
        _WRAPS.clear()
    _WRAPS.setdefault(key, []).append((low, high, tuple(tuple(line) for line in lines)))
    return lines


def bound(para: Para, k: int) -> Para | None:
    """para with the break between its word k and word k + 1 (as _word_texts counts them) made a
    no-break space, so the two stay on one line; None where that break is not one plain space."""
    text = "".join(r.text for r in para.runs)
    seen = 0
    for m in re.finditer(r"[ \u200b]+", text):
        after = text[m.end():m.end() + 1]
        if not after or not text[:m.start()].strip(" \u200b") or after in _NO_BREAK_BEFORE:
            continue  # no word on one side, or punctuation glued to the word before
        if seen == k:
            if m.group() != " ":
                return None
            runs, start = [], 0
            for run in para.runs:
                end = start + len(run.text)
                if start <= m.start() < end:
                    at = m.start() - start
                    run = replace(run, text=run.text[:at] + "\u00a0" + run.text[at + 1:])
                runs.append(run)
                start = end
            return replace(para, runs=tuple(runs))
        seen += 1
    return None


def widths(para: Para, style: TextStyle, size: float) -> tuple[float, float]:
    """(its widest word, the paragraph on one line) in pt at size, as count_lines measures them:
    a table's column is never narrower than the first, and needs no more than the second."""
    words = _words(para, style)
    track = style.tracking
    longest = max((w * size + track * len(c) for w, _, c in words), default=0.0)
    line = sum(w * size + track * len(c) for w, _, c in words) + sum(s * size for _, s, _ in words[:-1])
    return longest / WIDTH_MARGIN, line / WIDTH_MARGIN


def share_widths(lows: list[float], highs: list[float], total: float, floor: float = 0.0) -> list[float]:
    """Column widths summing to at most `total`, as a browser lays out an automatic table: each
    column at least its longest word (lows) and at most its longest line (highs), the room between
    shared by how much each column would still use. When every line fits, a little air is added
    (a quarter, or up to 60 % of the room), not the whole width. No column's least width is below
    `floor` (room for a letter of a broken word) or above half the table (one very long word
    breaks rather than squeezing every other column)."""
    lows = [min(max(lo, floor), max(total / 2, floor)) for lo in lows]
    highs = [max(h, lo) for h, lo in zip(highs, lows)]
    if sum(lows) >= total:  # even the longest words do not fit: share by them (words break)
        return [total * w / sum(lows) for w in lows]
    if sum(highs) <= total:
        scale = min(total / sum(highs), max(1.25, 0.6 * total / sum(highs)))
        return [w * scale for w in highs]
    room = total - sum(lows)
    stretch = sum(h - lo for h, lo in zip(highs, lows))
    return [lo + room * (h - lo) / stretch for h, lo in zip(highs, lows)]


def one_line_size(para: Para, style: TextStyle, width: float, height: float, high: float, low: float,
                  step: float = 1.0, slack: float = 1.0) -> float | None:
    """The largest size from high down to low (in steps) at which para stays on one line in a box
    width × height pt (its line height at most height × slack); None if no size does."""
    size = float(high)
    while size >= low:
        if count_lines(para, style, size, width) == 1 and style.line_height(size) <= height * slack:
            return size
        size -= step
    return None


def block_height(paras: tuple[Para, ...] | list[Para], style: TextStyle, size: float, width: float) -> float:
    """Height in pt that paragraphs take at size, with spacing between paragraphs."""
    total = 0.0
    for i, para in enumerate(paras):
        if i:
            total += style.gap(size)
        total += count_lines(para, style, size, width) * style.line_height(size)
    return total


def fits(paras, style: TextStyle, size: float, width: float, height: float) -> bool:
    return block_height(paras, style, size, width) <= height * HEIGHT_MARGIN


def _sizes(preferred: float, minimum: float) -> list[float]:
    sizes = []
    s = float(preferred)
    while s >= minimum:
        sizes.append(s)
        s -= 1.0
    if not sizes or sizes[-1] != minimum:
        sizes.append(float(minimum))
    return sizes


def breaks_word(paras, style: TextStyle, size: float, width: float) -> bool:
    """Whether some word is wider than a line at size (and would be broken inside)."""
    for para in paras:
        indent = style.bullet_indent * size if para.bullet or para.continued else 0.0
        capacity = (width * WIDTH_MARGIN - indent) / size
        track = style.tracking / size
        if any(word + track * len(chars) > capacity for word, _, chars in _words(para, style)):
            return True
    return False


def fit_one(paras, style: TextStyle, width: float, height: float, preferred: float, minimum: float) -> float | None:
    """The largest size from preferred down to minimum at which paras fit, else None.

    A smaller size that keeps every word whole wins over a larger one that breaks a word
    ("ontwikkelingssamenwerking" at 28 pt rather than cut at 45 pt)."""
    sizes = _sizes(preferred, minimum)
    first = None
    for size in sizes:
        if fits(paras, style, size, width, height):
            if not breaks_word(paras, style, size, width):
                return size
            first = size if first is None else first
    return first


def _split_runs(para: Para, pattern: re.Pattern) -> list[Para]:
    """Splits a paragraph's runs at the pattern's matches (sentence ends or spaces)."""
    pieces: list[list[Run]] = [[]]
    for run in para.runs:
        start = 0
        for m in pattern.finditer(run.text):
            if m.start() > start:
                pieces[-1].append(replace(run, text=run.text[start:m.start()]))
            pieces.append([])
            start = m.end()
        if start < len(run.text):
            pieces[-1].append(replace(run, text=run.text[start:]))
    out = [p for p in pieces if p]
    return [Para(tuple(p), bullet=para.bullet and i == 0, continued=para.continued or i > 0, origin=para.origin)
            for i, p in enumerate(out)] if out else [para]


def _units(paras, style: TextStyle, size: float, width: float, height: float) -> list[list[Para]]:
    """Groups of paragraphs that may not be separated, each small enough for one box.

    A paragraph too tall for a box is cut into its sentences (kept together as far as they
    fit); a sentence too tall for a box is cut at spaces, the last resort.
    """
    units: list[list[Para]] = []
    for index, para in enumerate(paras):
        para = replace(para, origin=index)
        if fits([para], style, size, width, height):
            units.append([para])
            continue
        for sentence in _split_runs(para, _SENTENCE_END):
            if fits([sentence], style, size, width, height):
                units.append([sentence])
            else:
                units.extend([[w] for w in _split_words(sentence, style, size, width, height)])
    return units


def _split_words(para: Para, style, size, width, height) -> list[Para]:
    words = _split_runs(para, re.compile(r" +"))
    out: list[Para] = []
    current: list[Run] = []
    for w in words:
        trial = current + ([Run(" ")] if current else []) + list(w.runs)
        if current and not fits([Para(tuple(trial))], style, size, width, height):
            out.append(Para(tuple(current), para.bullet and not out, bool(out) or para.continued, para.origin))
            current = list(w.runs)
        else:
            current = trial
    if current:
        out.append(Para(tuple(current), para.bullet and not out, bool(out) or para.continued, para.origin))
    return out


def _merge(paras: list[Para]) -> list[Para]:
    """Joins sentence pieces that landed in the same box back into one paragraph."""
    merged: list[Para] = []
    for p in paras:
        if merged and p.continued and merged[-1].origin == p.origin:
            prev = merged[-1]
            merged[-1] = Para(prev.runs + (Run(" "),) + p.runs, prev.bullet, prev.continued, prev.origin)
        else:
            merged.append(p)
    return merged


def _pack(units: list[list[Para]], style, size, width, height) -> list[list[Para]]:
    boxes: list[list[Para]] = [[]]
    for unit in units:
        trial = boxes[-1] + unit
        if boxes[-1] and not fits(_merge(trial), style, size, width, height):
            boxes.append(list(unit))
        else:
            boxes[-1] = trial
    return [_merge(b) for b in boxes if b]


def fit_split(paras, style: TextStyle, width: float, height: float, preferred: float, minimum: float) -> Fit:
    """Fits paras into as few boxes as possible, all at the largest size that allows it."""
    paras = [p for p in paras if p.text.strip()]
    single = fit_one(paras, style, width, height, preferred, minimum)
    if single is not None:
        return Fit(single, (tuple(paras),), preferred)
    boxes = _pack(_units(paras, style, minimum, width, height), style, minimum, width, height)
    count = len(boxes)
    for size in _sizes(preferred, minimum):
        if size == minimum:
            break
        trial = _pack(_units(paras, style, size, width, height), style, size, width, height)
        if len(trial) <= count:
            return Fit(size, tuple(tuple(b) for b in trial), preferred)
    return Fit(float(minimum), tuple(tuple(b) for b in boxes), preferred)


def longest(total: int, ok: Callable[[int], bool]) -> int:
    """The largest n in 0..total for which ok(n) holds, ok being true up to some n (binary search)."""
    lo, hi = 0, total
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def truncate(para: Para, style: TextStyle, width: float, height: float, size: float) -> Para:
    """The longest beginning of the text, ended by an ellipsis, that fits at size (the paragraph
    itself when it fits): the last resort when even the smallest size is too large."""
    if fits([para], style, size, width, height):
        return para
    text = para.text
    bold = para.runs[0].bold if para.runs else False

    def cut(n: int) -> Para:
        return Para((Run(text[:n].rstrip() + "…", bold=bold),))

    return cut(longest(len(text), lambda n: fits([cut(n)], style, size, width, height)))
