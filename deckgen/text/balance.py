"""Lines as a typesetter breaks them: no short word alone on a line, and headings of even lines.

**No short word alone** (`lone_lines`) is one rule for every output: in a text of MIN_WORDS words
or more, no line is one word of SHORT letters or fewer ("…wat hebben die / met /
ontwikkelingssamenwerking / te maken?" is a line a designer would never sign off). The PDFs'
paragraphs (renderers/pdf/runts.py) also count a last line of one word, whatever its length (a
runt), and mend what they find by binding the word to the one before it; the deck's headings
(below) bind it to a neighbour or set the heading smaller.

**Headings.** Whether a heading has a lone word is measured with deckgen's own line breaking
(fit.py: `wrapped`) at every width between the one deckgen fits with and the most PowerPoint or
LibreOffice may fit on the line (the box's whole inner width, WIDTH_MARGIN's slack, and kerning,
which deckgen does not apply), so that neither program's breaks have one. Where no width avoids
it, the short word is bound to its neighbour with a no-break space, as a typesetter binds it: the
text stays the same words. `unlone` serves every title, in the box it was fitted to; `narrowest`
the centred question of a discussion slide (its box narrowed to even lines, as CSS's
`text-wrap: balance`: renderers/deck/headings.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from deckgen.text.fit import WIDTH_MARGIN, Para, TextStyle, bound, breaks_word, count_lines, fits, wrapped

SHORT = 3  # letters (and digits): a word of at most this many never stands alone on a line
MIN_WORDS = 4  # a text of fewer words is left as it breaks
KERNING = 1.04  # a program may fit this much more on a line than deckgen's unkerned widths say
BOX_SLACK = 1.03  # a balanced box is this much wider than the width it was measured at


def lone_lines(lines: Sequence[Sequence[str]], runts: bool = False) -> Iterator[int]:
    """The index of each line that is one short word alone (its letters and digits counted, not the
    punctuation around or inside it: "met", "(en)", "d'un"), in a text of MIN_WORDS words or more on
    two lines or more; with `runts`, also a last line of one word of any length."""
    if len(lines) < 2 or sum(map(len, lines)) < MIN_WORDS:
        return
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if len(line) == 1 and ((runts and i == last) or sum(c.isalnum() for c in line[0]) <= SHORT):
            yield i


def _lone(lines: list[list[str]], runts: bool = False) -> int | None:
    """The index of the first word that is alone and short on its line (with `runts`, or alone on the
    last line), or None."""
    for i in lone_lines(lines, runts):
        return sum(map(len, lines[:i]))
    return None


def _widths(width: float, room: float, steps: int = 8) -> list[float]:
    """The widths a line may in effect have: from deckgen's measure (`width`) to the most a program
    fits in a box of inner width `room`."""
    top = max(width, room / WIDTH_MARGIN * KERNING)
    return [width + (top - width) * i / steps for i in range(steps + 1)]


def lone_word(para: Para, style: TextStyle, size: float, width: float, room: float | None = None,
              runts: bool = False) -> int | None:
    """The index of a short word left alone on a line at any width the programs may break at (with
    `runts`, also a word of any length alone on the last line), or None."""
    for w in _widths(width, room if room is not None else width):
        k = _lone(wrapped(para, style, size, w), runts)
        if k is not None:
            return k
    return None


def _bind(para: Para, drawn: Callable[[Para], Para], style: TextStyle, size: float, width: float, height: float,
          room: float) -> Para | None:
    """para with its first lone short word bound to the word after it (or, where the two do not fit
    one line, the word before), where the heading then still fits; None when neither does."""
    k = lone_word(drawn(para), style, size, width, room)
    if k is None:
        return None
    for candidate in (bound(para, k), bound(para, k - 1) if k else None):
        if candidate is not None and fits([drawn(candidate)], style, size, width, height) \
                and not breaks_word([drawn(candidate)], style, size, width):
            return candidate
    return None


def unlone(para: Para, style: TextStyle, size: float, width: float, height: float, floor: float,
           drawn: Callable[[Para], Para] = lambda p: p) -> tuple[Para, float]:
    """A title as it is to be written in its box (inner width × height, pt), and its size: its lone
    short words bound to a neighbour while it still fits; where no binding fits (a narrow title
    panel: "Migration / and / development"), the largest size down to `floor` (the size words are
    kept whole down to) at which they can be. `drawn`: the title as the template draws it (capitals,
    bold)."""
    if lone_word(drawn(para), style, size, width) is None:
        return para, size
    low = min(size, floor)
    at = size
    while at >= low:
        candidate = para
        for _ in range(4):
            bound_para = _bind(candidate, drawn, style, at, width, height, width)
            if bound_para is None:
                break
            candidate = bound_para
        if lone_word(drawn(candidate), style, at, width) is None and fits([drawn(candidate)], style, at, width, height) \
                and not breaks_word([drawn(candidate)], style, at, width):
            return candidate, at
        at -= 0.5
    return para, size


def without_lone(para: Para, style: TextStyle, size: float, width: float, height: float, runts: bool = False
                 ) -> tuple[float | None, Para]:
    """The narrowest width without a short word alone (with `runts`, nor any word alone on the last line),
    and the heading (with short words bound to a neighbour where the width alone does not do it);
    (None, para) when there is none."""
    candidate: Para | None = para
    for _ in range(4):
        if not fits([candidate], style, size, width, height):
            break
        found = narrowest(candidate, style, size, width, runts=runts)
        if found is not None:
            return found, candidate
        candidate = _bind(candidate, lambda p: p, style, size, width, height, width)
        if candidate is None:
            break
    return None, para


def narrowest(para: Para, style: TextStyle, size: float, width: float, lone: bool = False,
              runts: bool = False) -> float | None:
    """The narrowest width up to `width` at which para takes no more lines than at `width`, breaks no
    word and (unless `lone`) leaves no short word alone (with `runts`, nor a word alone on its last
    line: a task's "je? — 10 min"); None when every width leaves one alone."""
    def alone(w: float) -> bool:
        return not lone and lone_word(para, style, size, w, min(w * BOX_SLACK, width), runts) is not None

    lines = count_lines(para, style, size, width)
    if lines < 2:
        return None if alone(width) else width
    low, high = width * 0.4, width
    while high - low > 1:
        mid = (low + high) / 2
        if count_lines(para, style, size, mid) <= lines and not breaks_word([para], style, size, mid):
            high = mid
        else:
            low = mid
    step = max(width * 0.01, 1.0)
    while alone(high):
        if high >= width:
            return None
        high = min(high + step, width)
    return high
