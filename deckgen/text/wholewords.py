"""Words wider than their line: hyphenated where the language allows, never broken between letters.

PowerPoint and LibreOffice break a word that is wider than its line between any two letters
("ontwikkeli / ngssame / nwerking"). Fitting prefers a smaller size that keeps every word
whole; when even the smallest size does not, such a word is hyphenated here at the best
break pyphen's patterns allow for the language (compound joins first, see hyphenation.py):
a visible hyphen followed by a zero-width space, where every renderer may break the line.
"""

from __future__ import annotations

from dataclasses import replace

from deckgen.text.fit import WIDTH_MARGIN, Para, TextStyle, breaks_word, fits

BREAK = "\u200b"  # zero-width space: a line may break here, nothing is drawn
SHRINK = 0.8  # a hyphenated word may take a size this much smaller rather than be broken twice


def _width(word: str, style: TextStyle, run, size: float) -> float:
    face = style.family.face(run.bold or style.bold, run.italic or style.italic)
    text = word.upper() if style.caps else word
    return face.width(text) * size * run.scale + style.tracking * len(text)


def too_wide(paras, style: TextStyle, size: float, width: float) -> list[str]:
    """The words of paras wider than a line of `width` pt at size."""
    out = []
    for para in paras:
        capacity = width * WIDTH_MARGIN - (style.bullet_indent * size if para.bullet or para.continued else 0.0)
        for run in para.runs:
            for word in run.text.replace(BREAK, " ").split():
                if _width(word, style, run, size) > capacity:
                    out.append(word)
    return out


def _split(word: str, style: TextStyle, run, size: float, capacity: float, hyph) -> str | None:
    """word with a hyphen and a break at allowed points so that every piece fits, or None."""
    if _width(word, style, run, size) <= capacity:
        return word
    for at in hyph.points(word, capitals=True) if hyph is not None else []:
        head, tail = word[:at], word[at:]
        if _width(head + "-", style, run, size) > capacity:
            continue
        rest = _split(tail, style, run, size, capacity, hyph)
        if rest is not None:
            return head + "-" + BREAK + rest
    return None


def hyphenated(paras, style: TextStyle, size: float, width: float, hyph) -> tuple[list[Para], list[str], list[str]]:
    """(paras with each too-wide word hyphenated, the words as hyphenated (with their breaks), the words
    no allowed break makes fit: those still break between letters)."""
    done: list[str] = []
    left: list[str] = []
    out = []
    for para in paras:
        capacity = width * WIDTH_MARGIN - (style.bullet_indent * size if para.bullet or para.continued else 0.0)
        runs = []
        for run in para.runs:
            pieces = run.text.split(" ")
            for i, word in enumerate(pieces):
                if not word or _width(word, style, run, size) <= capacity:
                    continue
                split = _split(word, style, run, size, capacity, hyph)
                if split is None:
                    left.append(word)
                else:
                    pieces[i] = split
                    done.append(split)
            runs.append(replace(run, text=" ".join(pieces)))
        out.append(replace(para, runs=tuple(runs)))
    return out, done, left


def keep_whole(paras, style: TextStyle, size: float, width: float, height: float, hyph, low: float = 10.0
               ) -> tuple[list[Para], float, list[str], list[str]]:
    """paras at size in a box width × height pt with no word broken between letters where the language
    allows a hyphen: (paras, size, the words hyphenated, the words that still do not fit). The size
    goes down (not below low) when the hyphenated text takes a line more than the box holds."""
    if not breaks_word(paras, style, size, width):
        return list(paras), size, [], []
    best = None
    trial = size
    while trial >= max(low, size * SHRINK):  # a little smaller, if that needs one hyphen a word, not three
        out, done, left = hyphenated(paras, style, trial, width, hyph)
        if best is None:
            best = (out, trial, done, left)
        if not left and all(w.count(BREAK) <= 1 for w in done) and fits(out, style, trial, width, height):
            best = (out, trial, done, left)
            break
        trial -= 1
    out, size, done, left = best
    while not fits(out, style, size, width, height) and size - 1 >= low:
        size -= 1
    return out, size, [w.replace(BREAK, "") for w in done], left
