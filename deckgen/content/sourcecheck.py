"""Sources a reader cannot tell apart: the same text, but for each one's own number.

A document converted from a one-pager whose footnote texts were not at hand, or a starter
left half filled in, often has placeholders as its sources ("Footnote 1 of the original
publication … The text of the note is not included", then "Footnote 2 of …"). deckgen would
print them as sources on the slides, in the handout and on the cards, silently. What gives
them away needs no phrase of any language: texts that are word for word the same but where each
has its own number (its display number, or its id where that is a number), with no url that tells
them apart. One warning per such group, at
the first one's text, naming the others.
"""

from __future__ import annotations

import re

from deckgen.content.model import Source
from deckgen.errors import Diagnostic, Location

_PREVIEW = 60  # characters of the shared text quoted in the warning


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens(source: Source) -> tuple[str, ...]:
    """The source's text as words, numbers and signs, case folded (spaces and line breaks do not count)."""
    return tuple(_TOKEN.findall(source.text.plain.casefold()))


def _own(source: Source) -> set[str]:
    """The numbers a source's text may carry as its own: its display number, and its id where that is one."""
    ident = source.id
    return {str(source.number)} | ({ident, str(int(ident))} if ident.isascii() and ident.isdigit() else set())


def _alike(a: Source, ta: tuple[str, ...], b: Source, tb: tuple[str, ...]) -> bool:
    """Whether two texts are the same but where each has its own number ("Footnote 1 of …, 3 May"
    and "Footnote 3 of …, 3 May": the same; "Annual report 2021" and "… 2022": not)."""
    own_a, own_b = _own(a), _own(b)
    return len(ta) == len(tb) and all(x == y or (x in own_a and y in own_b) for x, y in zip(ta, tb))


def repeated(sources: tuple[Source, ...], where: dict[str, Location]) -> list[Diagnostic]:
    """A warning for each group of two or more sources whose texts are the same apart from their own
    numbers and whose urls (or the lack of one) are the same too; `where` is each source id's text."""
    groups: list[list[tuple[Source, tuple[str, ...]]]] = []
    by_size: dict[tuple[int, str], list[list]] = {}  # (tokens, url) -> its groups: only those can be alike
    for source in sources:
        tokens = _tokens(source)
        if not tokens:
            continue
        near = by_size.setdefault((len(tokens), source.href or ""), [])
        group = next((g for g in near if _alike(g[0][0], g[0][1], source, tokens)), None)
        if group is None:
            near.append([(source, tokens)])
            groups.append(near[-1])
        else:
            group.append((source, tokens))
    out = []
    for group in groups:
        if len(group) < 2:
            continue
        same = [s for s, _ in group]
        first, others = same[0], same[1:]
        text = " ".join(first.text.plain.split())
        preview = text if len(text) <= _PREVIEW else text[:_PREVIEW].rstrip() + " …"
        lines = ", ".join(str(where[s.id].line) for s in others if s.id in where and where[s.id].line)
        alike = "the same text" if all(" ".join(s.text.plain.split()) == text for s in others) else \
            "the same text but for their own numbers"
        names = ", ".join(f"'{s.id}'" for s in same)
        message = (f"sources {names} have {alike} (\"{preview}\"" + (f"; also at line{'s' * (len(others) > 1)} "
                   f"{lines}" if lines else "") + "): the deck, the handout and the cards print them as sources "
                   "no reader can tell apart")
        hint = ("write what each one is: author, title, year and its url; placeholders for sources still to be "
                "found need filling in before the document goes out")
        out.append(Diagnostic("warning", message, where.get(first.id, Location("")), hint))
    return out
