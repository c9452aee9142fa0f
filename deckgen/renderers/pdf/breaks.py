"""Calm hyphenation for ReportLab paragraphs: soft hyphens only where a line needs one.

ReportLab's own hyphenation (`hyphenationLang`) hyphenates every word that does not fit
at the end of a line, as long as some break fits: in a narrow column that is a third of
the lines. Here a paragraph is first broken by ReportLab with no hyphenation at all.
Then, line by line, a line is hyphenated only when it is too loose — its free space at
the end is more than `LOOSE` of the width — and the first word of the next line has a
break allowed by `deckgen.text.hyphenation` (rules and compound ranking) whose first part
fits in that space; the best such break is written into the markup as one soft hyphen,
and ReportLab breaks the paragraph again (the lines before stay as they were: breaking
is greedy). Never a third hyphenated line in a row, and never more hyphens than the
budget allows: at most `SHARE` of the lines of the text so far (a `Budget` per document).
A word wider than the whole line gets soft hyphens at every allowed break, so it can be
set at all. ReportLab then draws exactly the lines measured here.
(No word alone on a line where it could have company: pdf.runts.)
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from deckgen.text.hyphenation import Hyphenation, word_core

SHY = "\u00ad"
LOOSE = 0.22  # a line whose free space is more than this share of the width is too loose
SHARE = 0.08  # at most this share of a text's lines end in a hyphen
MAX_RUN = 2  # never more hyphenated lines in a row
_ENDS_HYPHENATED = re.compile(r"[^\W\d_]-$")
_TAG = re.compile(r"<[^>]*>|&[#\w]+;")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


@dataclass
class Budget:
    """The hyphens and lines of one text so far (the handout's body text, or one card's)."""

    share: float = SHARE
    lines: int = 0
    hyphens: int = 0

    def allows(self, more_lines: int) -> bool:
        return self.hyphens + 1 <= self.share * (self.lines + more_lines) + 1e-9


def visible(markup: str) -> tuple[str, list[int]]:
    """The text ReportLab shows for markup (tags dropped, entities decoded) and, per character,
    where it starts in the markup."""
    text: list[str] = []
    where: list[int] = []
    pos = 0
    for match in _TAG.finditer(markup):
        for i in range(pos, match.start()):
            text.append(markup[i])
            where.append(i)
        token = match.group()
        if token.startswith("&"):
            text.append(_ENTITIES.get(token, "?"))
            where.append(match.start())
        pos = match.end()
    for i in range(pos, len(markup)):
        text.append(markup[i])
        where.append(i)
    return "".join(text), where


def _shown(match: re.Match) -> str:
    token = match.group()
    return _ENTITIES.get(token, "?") if token.startswith("&") else ""


def visible_text(markup: str) -> str:
    """visible(markup)'s text alone, made without a loop over the characters."""
    return _TAG.sub(_shown, markup)


def lines_of(para: Paragraph) -> list[tuple[str, float, str, float]]:
    """Each laid-out line: its text, its free width, and the font and size it starts in."""
    bl = para.blPara
    out = []
    if bl.kind == 0:
        for extra, words in bl.lines:
            out.append((" ".join(str(w) for w in words).replace(SHY, ""), extra, para.style.fontName,
                        para.style.fontSize))
    else:
        for line in bl.lines:
            frags = [f for f in line.words if getattr(f, "text", "")]
            text = "".join(f.text for f in frags).replace(SHY, "")
            first = frags[0] if frags else para.style
            out.append((text, line.extraSpace, first.fontName, first.fontSize))
    return out


_SHY_TYPES = ("_SHYStr", "_SHYIndexedStr")  # ReportLab's text of a word broken at a soft hyphen


def soft_breaks(para) -> list[bool]:
    """For each line of a wrapped ReportLab Paragraph, whether it ends at a soft hyphen (where
    ReportLab draws a hyphen that is not in the text: pdf.tagging marks it as an artifact)."""
    bl = getattr(para, "blPara", None)
    if bl is None:
        return []
    if bl.kind == 0:  # lines of words: a word broken at a soft hyphen keeps ReportLab's own type
        return [bool(words) and type(words[-1]).__name__ in _SHY_TYPES and words[-1].endswith("-")
                for _, words in bl.lines]
    source = _source_text(para)  # with its soft hyphens
    out, pos = [], 0
    for line in bl.lines:
        text = "".join(getattr(f, "text", "") or "" for f in line.words).rstrip()
        dash = text.endswith("-")
        for char in text[:-1] if dash else text:
            found = source.find(char, pos)
            if found < 0:
                return out + [False] * (len(bl.lines) - len(out))
            pos = found + 1
        out.append(dash and source[pos:pos + 1] == "\u00ad")
    return out


def _source_text(para) -> str:
    """The text of a wrapped Paragraph's words, soft hyphens put back where ReportLab noted them."""
    parts = []
    for word in para.frags:
        if not isinstance(word, list):
            parts.append(getattr(word, "text", "") or "")
            continue
        for _, text in word[1:]:
            indices = getattr(text, "_shyIndices", None)
            if indices:
                text = str(text)
                for i in sorted(indices, reverse=True):
                    text = text[:i] + "\u00ad" + text[i:]
            parts.append(str(text))
        parts.append(" ")
    return "".join(parts)


def _insert(markup: str, word: str, occurrence: int, offset: int) -> str | None:
    """markup with a soft hyphen at `offset` into the `occurrence`-th (0-based) whole `word`."""
    text, where = visible(markup)
    plain_index = [i for i, c in enumerate(text) if c != SHY]
    plain = "".join(text[i] for i in plain_index)
    found = list(re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", plain))
    if occurrence >= len(found):
        return None
    at = where[plain_index[found[occurrence].start() + offset]]
    return markup[:at] + SHY + markup[at:]


def _too_wide(markup: str, style, width: float, hyph: Hyphenation) -> str:
    """Soft hyphens at every allowed break of each word wider than the line (so it can be set)."""
    text = visible_text(markup)
    seen: dict[str, int] = {}
    out = markup
    for token in re.findall(r"\S+", text.replace(SHY, "")):
        core = token.strip("\"'()[]{}.,;:!?“”‘’«»„")
        n = seen.get(core, 0)
        seen[core] = n + 1
        if not core or stringWidth(core, style.fontName, style.fontSize) <= width:
            continue
        points = sorted(p - token.index(core) for p in hyph.points(token, capitals=True))
        for p in reversed(points):  # from the end, so earlier offsets stay valid
            out = _insert(out, core, n, p) or out
    return out


_NOT_IN_LINES = ("parent", "spaceBefore", "spaceAfter")  # style attributes a paragraph's lines do not depend on
LAST = "last layout"  # in a memo: the layout to come is the last that uses it (laid_out keeps nothing new)


def laid_out(cls: type, markup: str, style, width: float, kw: dict, memo: dict | None) -> Paragraph:
    """cls(markup, style, **kw) wrapped at width. With a memo, one laid out before (the same markup,
    every style attribute its lines depend on, width and arguments) is not parsed and broken into
    lines again: its state is kept pickled, and each paragraph made from it gets a copy of its own
    (ReportLab changes the words of a paragraph it splits), with the style given."""
    if memo is None:
        para = cls(markup, style, **kw)
        para.wrap(width, 1e9)
        return para
    own = style.__dict__.copy()
    for name in _NOT_IN_LINES:
        own.pop(name, None)
    key = ("laid", cls, markup, width, tuple(sorted(kw.items())), tuple(own.items()), tuple(map(type, own.values())))
    found = memo.get(key)
    if found is not None:
        para = cls.__new__(cls)
        para.__dict__.update(pickle.loads(found))
        para.style = style
        return para
    para = cls(markup, style, **kw)
    para.wrap(width, 1e9)
    if not memo.get(LAST):
        memo[key] = pickle.dumps({k: v for k, v in para.__dict__.items() if k != "style"}, pickle.HIGHEST_PROTOCOL)
    return para


def settle(markup: str, style, width: float, hyph: Hyphenation, budget: Budget | None,
           memo: dict | None = None, cls: type = Paragraph, **kw) -> tuple[str, Paragraph]:
    """The markup with soft hyphens where lines need them (see the module's docstring), and a
    ReportLab Paragraph of it wrapped at width. `memo` keeps results for the same text, style,
    width and budget so far (the handout lays out its first page several times to fit it). `cls`: the
    Paragraph class returned (a tagged one)."""
    key = None
    if memo is not None:
        key = (markup, style.fontName, style.fontSize, style.leading, style.leftIndent, style.rightIndent,
               style.firstLineIndent, width, tuple(sorted(kw.items())),
               (budget.lines, budget.hyphens) if budget else None)
        found = memo.get(key)
        if found is not None:
            markup, lines, hyphens = found
            if budget is not None:
                budget.lines += lines
                budget.hyphens += hyphens
            return markup, laid_out(cls, markup, style, width, kw, memo)
    given = width
    width -= style.leftIndent + style.rightIndent
    markup = _too_wide(markup, style, width, hyph)
    para = laid_out(cls, markup, style, given, kw, memo)
    lines = lines_of(para)
    hyphenated = [bool(_ENDS_HYPHENATED.search(text)) for text, *_ in lines]
    added = 0
    for i in range(len(lines) - 1):
        if i >= len(lines) - 1:
            break
        text, free, font, size = lines[i]
        run = 0
        for back in range(i - 1, -1, -1):
            if not hyphenated[back]:
                break
            run += 1
        if free <= LOOSE * width or run >= MAX_RUN or (budget is not None and not budget.allows(len(lines))):
            continue
        nxt = lines[i + 1][0].lstrip()
        token = nxt.split(" ", 1)[0] if nxt else ""
        room = free - stringWidth(" ", font, size) - stringWidth("-", font, size)
        choice = next((p for p in hyph.points(token) if stringWidth(token[:p], font, size) <= room), None)
        if choice is None:
            continue
        core = word_core(token)
        before = " ".join(t for t, *_ in lines[:i + 1])
        occurrence = len(re.findall(rf"(?<!\w){re.escape(core)}(?!\w)", before))
        trial = _insert(markup, core, occurrence, choice - token.index(core))
        if trial is None:
            continue
        candidate = laid_out(cls, trial, style, given, kw, memo)
        new_lines = lines_of(candidate)
        if len(new_lines) > i and _ENDS_HYPHENATED.search(new_lines[i][0]) and \
                [t for t, *_ in new_lines[:i]] == [t for t, *_ in lines[:i]]:
            markup, para, lines = trial, candidate, new_lines
            hyphenated = [bool(_ENDS_HYPHENATED.search(t)) for t, *_ in lines]
            added += 1
            if budget is not None:
                budget.hyphens += 1
    hyphens = sum(hyphenated)
    if budget is not None:
        budget.lines += len(lines)
        budget.hyphens += hyphens - added
    if memo is not None:
        memo[key] = (markup, len(lines), hyphens)
    return markup, para
