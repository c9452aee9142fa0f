"""Headings that break like a designer breaks them: even lines, and no short word alone on a line.

A heading of four words or more never has a line that is one short word ("met", "te", "and"):
"…wat hebben die / met / ontwikkelingssamenwerking / te maken?" is a line a designer would never sign
off. Whether a line is one is measured with deckgen's own line breaking (text/fit.py: `wrapped`) at
every width between the one deckgen fits with and the most PowerPoint or LibreOffice may fit on the
line (the box's whole inner width, WIDTH_MARGIN's slack, and kerning, which deckgen does not apply),
so that neither program's breaks have one. Where no width avoids it, the short word is bound to its
neighbour with a no-break space, as a typesetter binds it: the text stays the same words.

`balanced` serves the centred question of a discussion slide (its box narrowed to even lines, as
CSS's `text-wrap: balance`); `unlone` every title, in the box it was fitted to.
"""

from __future__ import annotations

from collections.abc import Callable

from deckgen.renderers.slidexml.geometry import INSET_X, inner_size
from deckgen.renderers.slidexml.layouts import Box
from deckgen.text.fit import WIDTH_MARGIN, Para, TextStyle, bound, breaks_word, count_lines, fits, wrapped

SHORT_WORD = 4  # letters: a shorter word never stands alone on a line of a heading of MIN_WORDS or more
MIN_WORDS = 4
KERNING = 1.04  # a program may fit this much more on a line than deckgen's unkerned widths say
BOX_SLACK = 1.03  # a balanced box is this much wider than the width it was measured at


def _lone(lines: list[list[str]]) -> int | None:
    """The index of the first word that is alone and short on its line, or None."""
    if sum(map(len, lines)) < MIN_WORDS or len(lines) < 2:
        return None
    k = 0
    for line in lines:
        if len(line) == 1 and sum(c.isalnum() for c in line[0]) < SHORT_WORD:
            return k
        k += len(line)
    return None


def _widths(width: float, room: float, steps: int = 8) -> list[float]:
    """The widths a line may in effect have: from deckgen's measure (`width`) to the most a program
    fits in a box of inner width `room`."""
    top = max(width, room / WIDTH_MARGIN * KERNING)
    return [width + (top - width) * i / steps for i in range(steps + 1)]


def lone_word(para: Para, style: TextStyle, size: float, width: float, room: float | None = None) -> int | None:
    """The index of a short word left alone on a line at any width the programs may break at, or None."""
    for w in _widths(width, room if room is not None else width):
        k = _lone(wrapped(para, style, size, w))
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


def balanced(box: Box, para: Para, style: TextStyle, size: float, floor: float | None = None
             ) -> tuple[Box, Para, float]:
    """A centred heading's box narrowed, about its centre, to the narrowest width at which the heading
    takes no more lines: its lines come out of even length, not a full line over a lone word. The
    box is widened to the narrowest width where no short word is alone; where no width of the box
    avoids one (one long word sets the width), the word is bound to its neighbour ("met
    ontwikkelingssamenwerking" where that fits a line, else "die met") while the heading still
    fits; where neither does (a narrow column: "Nederland / aan / migratie?"), the heading is set
    smaller, down to `floor` (the size words are kept whole down to). The heading as it is to be written comes
    back with its box and size."""
    width, height = inner_size(box)
    at, low = size, min(size, floor if floor is not None else size)
    while at >= low:
        found, candidate = _without_lone(para, style, at, width, height)
        if found is not None:
            return _narrowed(box, found), candidate, at
        at -= 0.5
    return _narrowed(box, _narrowest(para, style, size, width, lone=True)), para, size  # as balanced as it goes


def _narrowed(box: Box, width: float) -> Box:
    narrow = min(int((width * BOX_SLACK + 2 * INSET_X / 12700) * 12700), box.width)
    return Box(box.left + (box.width - narrow) // 2, box.top, narrow, box.height)


def _without_lone(para: Para, style: TextStyle, size: float, width: float, height: float
                  ) -> tuple[float | None, Para]:
    """The narrowest width without a short word alone, and the heading (with short words bound to a
    neighbour where the width alone does not do it); (None, para) when there is none."""
    candidate: Para | None = para
    for _ in range(4):
        if not fits([candidate], style, size, width, height):
            break
        found = _narrowest(candidate, style, size, width)
        if found is not None:
            return found, candidate
        candidate = _bind(candidate, lambda p: p, style, size, width, height, width)
        if candidate is None:
            break
    return None, para


def _narrowest(para: Para, style: TextStyle, size: float, width: float, lone: bool = False) -> float | None:
    """The narrowest width up to `width` at which para takes no more lines than at `width`, breaks no
    word and (unless `lone`) leaves no short word alone; None when every width leaves one alone."""
    def alone(w: float) -> bool:
        return not lone and lone_word(para, style, size, w, min(w * BOX_SLACK, width)) is not None

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
