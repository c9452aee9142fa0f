"""What an import may cost, counted by what it does: paragraphs, runs, notes, table cells,
headings, nesting, text. Checked while the file is read (a Word part streamed with
iterparse, a Markdown file scanned line by line before it is parsed), so that a file whose
cost is not bounded by its size (a 210 KB .docx of 20 million empty paragraphs, a line of
4 million emphasis marks) stops at the first count over its limit, in memory that does not
grow with the file.

The limits are far above any one-pager (the seed has 40 paragraphs, 9 notes, 10 headings)
and low enough that the slowest file within all of them imports in a few seconds on a
small laptop; the README's robustness section lists them.
"""

from __future__ import annotations

from deckgen.errors import DeckgenError, Location, fail

# what -> (limit, how it is said). Word and Markdown share the names where they count the same.
LIMITS: dict[str, int] = {
    "paragraphs": 12_000,
    "runs of text": 20_000,
    "footnotes and their references": 2_000,
    "table cells": 10_000,
    "levels of nesting": 100,
    "characters of text": 1_000_000,
    "XML elements": 400_000,
    "characters in attributes": 10_000_000,
    "bytes": 1024 * 1024,
    "characters on one line": 20_000,
    "headings": 2_000,
    "link reference definitions": 2_000,
    "columns in a table row": 500,
    "emphasis marks (* and _)": 20_000,
    "levels of nesting in the front matter": 50,
}

_HINT = "import the one-pager alone, or split the document"


def over(where: Location, what: str, found: int, kind: str = "file", hint: str = _HINT,
         more: bool = False) -> DeckgenError:
    """The error for a count over its limit: 'this Word document has more than 20,000 paragraphs,
    too many to import (limit 20,000)'."""
    limit = LIMITS[what]
    if what == "bytes":
        return fail(where, f"this {kind} has {found / 2**20:.1f} MB, too much to import (limit {limit // 2**20} MB)",
                    hint)
    amount = f"more than {limit:,}" if more or what in SUMS else f"{found:,}"
    return fail(where, f"this {kind} has {amount} {what}, too many to import (limit {limit:,})", hint)


SUMS = {"paragraphs", "runs of text", "footnotes and their references", "table cells", "characters of text",
        "XML elements", "characters in attributes", "headings", "link reference definitions",
        "emphasis marks (* and _)"}


class Counter:
    """Counts of one import, each stopping the import when it passes its limit."""

    def __init__(self, where: Location, kind: str):
        self.where, self.kind = where, kind
        self.counts: dict[str, int] = dict.fromkeys(LIMITS, 0)

    def add(self, what: str, n: int = 1, where: Location | None = None) -> None:
        self.counts[what] += n
        if self.counts[what] > LIMITS[what]:
            raise over(where or self.where, what, self.counts[what], self.kind)

    def at_most(self, what: str, value: int, where: Location | None = None) -> None:
        """A measure that is not a sum (a depth, a line's length): value itself against the limit."""
        if value > LIMITS[what]:
            raise over(where or self.where, what, value, self.kind)
