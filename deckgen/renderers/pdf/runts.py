"""No word alone on a line where the word before it could keep it company.

A serious typesetter does not end a paragraph with one word alone on its last line (a runt:
"… ontwikkelingssamenwerking weinig / invloed"), nor leave a short word alone on a line of its
own ("Asielkosten: wat hebben die / met / ontwikkelingssamenwerking", where the long word
cannot join it): the one rule of text/balance.py (`lone_lines`), which the deck's headings
follow too. Here, in a paragraph of MIN_WORDS words or more, the first such line after
the first gets its word bound to the word before it by a no-break space, and the paragraph is
broken again by ReportLab. The new breaking is kept only when it is better and costs nothing:
every word whole (ReportLab splits a bound pair wider than a line mid-word: then not), no
more lines (so no block grows: the cards' and the handout's fit guarantees hold), no line
wider than before, and no such line earlier than the one mended. Breaking is greedy, so the
lines before the mended one keep their words but one. A soft hyphen inside the two bound
words is dropped: they move down whole. Up to MAX_TRIES lines are mended per paragraph.

ReportLab draws the no-break space as a space, so the text read back from the PDF is the same.
Right-to-left paragraphs are broken by pdf.rtl and left as they are.
"""

from __future__ import annotations

import re

from reportlab.platypus import Paragraph

from deckgen.renderers.pdf.breaks import SHY, lines_of, soft_breaks, visible, visible_text
from deckgen.text.balance import lone_lines

NBSP = "\u00a0"
MAX_TRIES = 3
_BULLET = re.compile(r"\s*<bullet>.*?</bullet>", re.S)
_TOKEN = re.compile(r"\S+")


def lone(lines: list[tuple]) -> int | None:
    """The first line (after the first: no word before it to bind to) that is one word alone: the
    last line, or a short word. None: there is none, or the paragraph has fewer than MIN_WORDS
    words (both text.balance's)."""
    for i in lone_lines([text.split() for text, *_ in lines], runts=True):
        if i:
            return i
    return None


def _words(markup: str) -> tuple[list[int], list[tuple[int, int]], list[str]]:
    """Where each word of the paragraph's text is: the markup position of each visible character, each
    word's (start, end) in the visible text, and the words without soft hyphens (a bullet is no word)."""
    text, where = visible(markup)
    bullet = _BULLET.match(markup)
    spans = [m.span() for m in _TOKEN.finditer(text, len(visible_text(bullet.group())) if bullet else 0)]
    return where, spans, [text[s:e].replace(SHY, "") for s, e in spans]


def _starts(lines: list[tuple], words: list[str]) -> list[int] | None:
    """The index in `words` of the word each line starts (or ends, for a line that starts with the end
    of a hyphenated word); None unless the lines hold exactly these words, each whole or hyphenated."""
    starts, k, pending = [], 0, None
    for text, *_ in lines:
        tokens = text.split()
        starts.append(k if pending is None else k - 1)
        if pending is not None:
            if not tokens or words[k - 1] != pending + tokens[0]:
                return None
            tokens, pending = tokens[1:], None
        for j, token in enumerate(tokens):
            if k < len(words) and words[k] == token:
                k += 1
            elif j == len(tokens) - 1 and token.endswith("-") and k < len(words) and words[k].startswith(token[:-1]):
                pending, k = token[:-1], k + 1  # hyphenated here: the rest starts the next line
            else:
                return None
    return starts if k == len(words) and pending is None else None


def _bind(markup: str, where: list[int], spans: list[tuple[int, int]], k: int) -> str | None:
    """markup with word k bound to word k - 1 by a no-break space, and neither hyphenated."""
    (first, gap), (after, last) = spans[k - 1], spans[k]
    at = where[gap]
    if after - gap != 1 or markup[at] != " ":
        return None
    begin, end = where[first], where[last - 1] + 1
    tied = markup[:at] + NBSP + markup[at + 1:]
    return tied[:begin] + tied[begin:end].replace(SHY, "") + tied[end:]


def no_runt(markup: str, para: Paragraph, width: float, lay_out) -> tuple[str, Paragraph]:
    """(markup, para), with words bound where that keeps one from a line alone (see the module's
    docstring); `lay_out(markup)` gives a paragraph of that markup wrapped at width."""
    lines = lines_of(para)
    for _ in range(MAX_TRIES):
        i = lone(lines)
        if i is None:
            break
        where, spans, words = _words(markup)
        starts = _starts(lines, words)
        if starts is None or starts[i] < 1:
            break
        tied = _bind(markup, where, spans, starts[i])
        if tied is None:
            break
        other = lay_out(tied)
        new = lines_of(other)
        widest = max([width, *para.getActualLineWidths0()]) + 0.01  # (widths count the indents)
        after = lone(new)
        if len(new) > len(lines) or (after is not None and after <= i) or _starts(new, words) is None or \
                any(w > widest for w in other.getActualLineWidths0()):
            break  # the two words are wider than a line together, or nothing is gained
        markup, para, lines = tied, other, new
    return markup, para


def unrunted(para: Paragraph, width: float) -> Paragraph:
    """A ReportLab paragraph wrapped at width, or one of the same markup, style and class with words
    bound (no_runt), wrapped at width."""
    if lone(lines_of(para)) is None:
        return para

    def lay_out(markup: str) -> Paragraph:
        other = type(para)(markup, para.style)
        other.wrap(width, 1e9)
        return other

    return no_runt(para.text, para, width, lay_out)[1]


EVEN_LINES = 4  # paragraphs of two to this many lines are set even (CSS's text-wrap: balance is for short texts)
EVEN_FROM = 0.5  # the narrowest measure tried, × the column's
EVEN_STEPS = 12  # measures tried between the narrowest that keeps the count of lines and the column's
RUNT_SHARE = 0.5  # a last line of one word shorter than this share of the longest line is a runt


LAST_WEIGHT = 0.5  # a short last line is half as ragged as a short line inside the paragraph


def raggedness(widths: list[float]) -> float:
    """How uneven a paragraph's lines are, in square points: each line short of the longest by so much,
    squared (the last line's at LAST_WEIGHT), and the last line short of RUNT_SHARE of the longest (a runt)."""
    if len(widths) < 2:
        return 0.0
    longest = max(widths)
    return (sum((longest - w) ** 2 for w in widths[:-1]) + LAST_WEIGHT * (longest - widths[-1]) ** 2
            + max(0.0, RUNT_SHARE * longest - widths[-1]) ** 2)


GAP_SHARE = 0.7  # a line before the last shorter than this share of the longest leaves a hole
_DASHES = {"\u2013", "\u2014", "-"}


def _gaps(widths: list[float]) -> int:
    return sum(w < GAP_SHARE * max(widths) for w in widths[:-1])


def even(para: Paragraph, width: float) -> Paragraph:
    """A left-aligned paragraph of two to EVEN_LINES lines set as evenly as it goes, as a typesetter
    would break it by hand: wrapped at the measure up to `width` whose lines are least ragged
    (`raggedness`), where it takes as many lines as at `width`, every word whole, no more soft-hyphen
    breaks, no short word alone, no runt, no line that starts with a dash and no more holes (a line
    before the last under GAP_SHARE of the longest); else, and for any other paragraph, `unrunted`. Drawn at the
    column's left edge, a paragraph wrapped narrower looks just as set by hand: the same lines, height and
    words, read back the same (ReportLab draws a left-aligned paragraph from its left edge whatever
    its measure). "Het eerste jaar asielopvang komt uit / het budget / voor ontwikkelingssamenwerking"
    becomes "Het eerste jaar asielopvang / komt uit het budget voor / ontwikkelingssamenwerking"."""
    lines = lines_of(para)
    count = len(lines)
    if not 2 <= count <= EVEN_LINES or para.style.alignment != 0:
        return unrunted(para, width)
    words = _words(para.text)[2]
    hyphens = sum(soft_breaks(para))
    best = unrunted(para, width)
    best_cost = raggedness(best.getActualLineWidths0()) if lone(lines_of(best)) is None else float("inf")
    tried: set[tuple] = {tuple(text for text, *_ in lines_of(best))}
    chosen = None
    probe = type(para)(para.text, para.style)  # parsed once, broken again at each measure
    low, high = width * EVEN_FROM, width  # the narrowest measure that keeps the lines' count, about
    for _ in range(6):
        mid = (low + high) / 2
        probe.wrap(mid, 1e9)
        low, high = (low, mid) if len(probe.blPara.lines) <= count else (mid, high)
    for step in range(EVEN_STEPS + 1):
        measure = high + (width - high) * step / EVEN_STEPS
        probe.wrap(measure, 1e9)
        laid = lines_of(probe)
        key = tuple(text for text, *_ in laid)
        if len(laid) != count or key in tried:
            continue
        tried.add(key)
        widths = probe.getActualLineWidths0()
        if _starts(laid, words) is None or sum(soft_breaks(probe)) > hyphens or max(widths) > measure + 0.01:
            continue
        tokens = [text.split() for text, *_ in laid]
        if next(lone_lines(tokens), None) is not None:
            continue  # a short word alone
        if any(line and line[0] in _DASHES for line in tokens[1:]):
            continue  # a dash starts a line: it belongs at the end of the line before ("… migratie –")
        if len(tokens[-1]) == 1 and widths[-1] < RUNT_SHARE * max(widths):
            continue  # a runt
        if _gaps(widths) > _gaps(best.getActualLineWidths0() if chosen is None else chosen[1]):
            continue  # a line inside the paragraph far shorter than the longest: a hole in its right edge
        cost = raggedness(widths)
        if cost < best_cost - 1e-6:
            chosen, best_cost = (measure, widths), cost
    if chosen is None:
        return best
    best = type(para)(para.text, para.style)
    best.wrap(chosen[0], 1e9)
    return best
