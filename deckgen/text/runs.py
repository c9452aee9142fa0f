"""Model text as runs for fitting and drawing, shared by the deck and the cards."""

from __future__ import annotations

from dataclasses import replace

from deckgen.content.model import Paragraph, Rich
from deckgen.text.fit import Para, Run


def runs(paragraph: Paragraph) -> tuple[Run, ...]:
    """Spans as runs; footnotes become superscript numbers."""
    return tuple(Run(s.text, bold=s.strong, italic=s.em, superscript=s.footnote is not None, href=s.href)
                 for s in paragraph)


def paras(rich: Rich | None, bullet: bool = False, bold: bool = False) -> list[Para]:
    """One Para per paragraph of rich text."""
    if not rich:
        return []
    out = []
    for paragraph in rich.paragraphs:
        rs = runs(paragraph)
        if bold:
            rs = tuple(replace(r, bold=True) for r in rs)
        out.append(Para(rs, bullet=bullet))
    return out


def plain(text: str, bullet: bool = False, bold: bool = False) -> Para:
    return Para((Run(text, bold=bold),), bullet=bullet)
