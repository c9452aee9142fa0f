"""A centred heading's box narrowed to even lines, with no short word alone on a line.

The line breaking, the rule and the binding are the text engine's (text/balance.py); this module
turns the width found there into the heading's box on the slide.
"""

from __future__ import annotations

from deckgen.renderers.slidexml.geometry import INSET_X, inner_size
from deckgen.renderers.slidexml.layouts import Box
from deckgen.text.balance import BOX_SLACK, narrowest, without_lone
from deckgen.text.fit import Para, TextStyle


def balanced(box: Box, para: Para, style: TextStyle, size: float, floor: float | None = None, runts: bool = False
             ) -> tuple[Box, Para, float]:
    """A centred heading's box narrowed, about its centre, to the narrowest width at which the heading
    takes no more lines: its lines come out of even length, not a full line over a lone word. The
    box is widened to the narrowest width where no short word is alone; where no width of the box
    avoids one (one long word sets the width), the word is bound to its neighbour ("met
    ontwikkelingssamenwerking" where that fits a line, else "die met") while the heading still
    fits; where neither does (a narrow column: "Nederland / aan / migratie?"), the heading is set
    smaller, down to `floor` (the size words are kept whole down to). With `runts` (a discussion slide's
    task) no word may stand alone on the last line either ("… wat denk / je? — 10 min" is a runt). The
    heading as it is to be written comes back with its box and size."""
    width, height = inner_size(box)
    at, low = size, min(size, floor if floor is not None else size)
    while at >= low:
        found, candidate = without_lone(para, style, at, width, height, runts)
        if found is not None:
            return _narrowed(box, found), candidate, at
        at -= 0.5
    return _narrowed(box, narrowest(para, style, size, width, lone=True)), para, size  # as balanced as it goes


def _narrowed(box: Box, width: float) -> Box:
    narrow = min(int((width * BOX_SLACK + 2 * INSET_X / 12700) * 12700), box.width)
    return Box(box.left + (box.width - narrow) // 2, box.top, narrow, box.height)
