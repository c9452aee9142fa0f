"""Runs of imported text written as deckgen's inline markup, checked by deckgen's own parser.

Why a module of its own: Word and Markdown both arrive as runs (text with bold, italic,
a link, or a note mark), and both must leave as the markup a content file holds
(`**strong**`, `*em*`, `[label](url)`, `[^id]`) with every other character literal.
Escaping by rule alone misses corner cases of emphasis (`a**"b"**` is not bold in
CommonMark), so each paragraph is read back with `deckgen.markup.parse` and compared
with what was meant: if it differs, a plainer form is written (fewer escapes kept for
readability first, then every character escaped, then without bold and italic), and
the loss is reported. No text is changed silently. `Writer` puts a part's paragraphs and
list items together (list lines nested by indent) and numbers the notes by first mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deckgen.content import markup
from deckgen.content.model import SAFE_SCHEMES
from deckgen.errors import Diagnostics, Location

_SPACES = re.compile(r"[ \t\n\r\f\v]+")
# What markup.blocks reads as a list item at the start of a line (its marker's last character
# is escaped so that the line stays text).
_LINE_START = re.compile(r"^([-*" + markup.WORD_BULLETS + r"]|[0-9]{1,9}[.)])(?= +\S)")
_URL = re.compile(r"(?:https?://|mailto:)[^\s<>\"]+[^\s<>\".,;:!?)\]}'’”]", re.IGNORECASE)


@dataclass(frozen=True)
class Run:
    """Imported text with one look; `note` is the key of a footnote whose mark stands here."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    href: str | None = None
    note: str | None = None


def normalise(runs: list[Run]) -> list[Run]:
    """Whitespace as the outputs show it: runs of spaces as one, none at the ends; empty runs gone."""
    out: list[Run] = []
    for run in runs:
        if run.note is not None:
            out.append(run)
            continue
        text = _SPACES.sub(" ", run.text)
        if out and out[-1].note is None and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Run(text, run.bold, run.italic, run.href))
    while out and out[0].note is None and out[0].text.startswith(" "):
        out[0] = Run(out[0].text.lstrip(" "), out[0].bold, out[0].italic, out[0].href)
        if not out[0].text:
            out.pop(0)
    while out and out[-1].note is None and out[-1].text.endswith(" "):
        out[-1] = Run(out[-1].text.rstrip(" "), out[-1].bold, out[-1].italic, out[-1].href)
        if not out[-1].text:
            out.pop()
    return out


def plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs if r.note is None)


def all_bold(runs: list[Run]) -> bool:
    texts = [r for r in runs if r.note is None and r.text.strip()]
    return bool(texts) and all(r.bold for r in texts)


def all_italic(runs: list[Run]) -> bool:
    texts = [r for r in runs if r.note is None and r.text.strip()]
    return bool(texts) and all(r.italic for r in texts)


def restyle(runs: list[Run], bold: bool | None = None, italic: bool | None = None) -> list[Run]:
    """The runs with bold and/or italic switched off or on for all of them."""
    return [r if r.note is not None else
            Run(r.text, r.bold if bold is None else bold, r.italic if italic is None else italic, r.href)
            for r in runs]


def safe_link(url: str | None) -> str | None:
    return url if url and url.lower().startswith(SAFE_SCHEMES) else None


# --- writing -------------------------------------------------------------------------

def _escape(text: str, full: bool) -> str:
    """text with markup characters escaped (markup.ESCAPABLE: a backslash before anything else
    is a backslash, so only those are escaped); `full` escapes every one of them."""
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch in "*[]" or (ch == "\\" and (full or nxt in markup.ESCAPABLE)):
            out.append("\\" + ch)
        elif full and ch in markup.ESCAPABLE:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _link_target(url: str) -> str:
    """The address as a link destination: parentheses escaped (kept as typed), spaces and <> encoded."""
    return "".join("\\" + c if c in "()\\" else f"%{ord(c):02X}" if c in " <>" else c for c in url)


def _emphasis(text: str, bold: bool, italic: bool, full: bool) -> str:
    core = text.strip(" ")
    if not core or not (bold or italic):
        return _escape(text, full)
    lead, tail = text[:len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
    mark = ("**" if bold else "") + ("*" if italic else "")
    return lead + mark + _escape(core, full) + mark[::-1] + tail


def write(runs: list[Run], ids: dict[str, str], full: bool = False, styled: bool = True) -> str:
    """One paragraph as markup; `ids` gives each note key its source id."""
    out: list[str] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if run.note is not None:
            if run.note in ids:
                out.append(f"[^{ids[run.note]}]")
            i += 1
            continue
        j = i
        while j < len(runs) and runs[j].note is None and runs[j].href == run.href:
            j += 1
        group = runs[i:j]
        inner: list[str] = []
        k = 0
        while k < len(group):  # stretches of one look inside the link (or outside any)
            m = k
            while m < len(group) and (group[m].bold, group[m].italic) == (group[k].bold, group[k].italic):
                m += 1
            text = "".join(r.text for r in group[k:m])
            inner.append(_emphasis(text, styled and group[k].bold, styled and group[k].italic, full))
            k = m
        body = "".join(inner)
        href = safe_link(run.href)
        if href and body.strip():
            lead, tail = body[:len(body) - len(body.lstrip(" "))], body[len(body.rstrip(" ")):]
            out.append(f"{lead}[{body.strip(' ')}]({_link_target(href)}){tail}")
        else:
            out.append(body)
        i = j
    text = "".join(out)
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text, count=1)


def _meant(runs: list[Run], ids: dict[str, str], styled: bool) -> list[tuple]:
    """What the parser should give back: characters with their look, and note marks."""
    out = []
    for run in runs:
        if run.note is not None:
            if run.note in ids:
                out.append(("note", ids[run.note]))
            continue
        href = safe_link(run.href)
        target = markup.href(href) if href else None  # once per run: it costs as much as the address is long
        for ch in run.text:
            out.append((ch, styled and run.bold and bool(ch.strip()), styled and run.italic and bool(ch.strip()),
                        target))
    return out


def _read_back(text: str, numbers: dict[str, int], by_number: dict[int, str]) -> list[tuple] | None:
    diags = Diagnostics()
    rich = markup.parse(text, numbers.get, lambda _needle: Location("<draft>"), diags, Location("<draft>"))
    if diags.items or len(rich.paragraphs) > 1:
        return None
    out = []
    for span in (rich.paragraphs[0] if rich.paragraphs else ()):
        if span.footnote is not None:
            out.append(("note", by_number[span.footnote]))
            continue
        out += [(ch, span.strong and bool(ch.strip()), span.em and bool(ch.strip()), span.href) for ch in span.text]
    return out


def _same(meant: list[tuple], got: list[tuple]) -> bool:
    # a space at the edge of a styled stretch or a link may take either look
    def norm(chars: list[tuple]) -> list[tuple]:
        return [(" ", False, False, None) if len(c) == 4 and c[0] == " " else c for c in chars]

    return norm(meant) == norm(got)


def numbering(ids: dict[str, str]) -> tuple[dict[str, int], dict[int, str]]:
    """Each note id's number in the draft, and back: made once per set of notes (see Writer)."""
    numbers = {ident: n for n, ident in enumerate(dict.fromkeys(ids.values()), 1)}
    return numbers, {n: ident for ident, n in numbers.items()}


def paragraph(runs: list[Run], ids: dict[str, str], numbered: tuple | None = None) -> tuple[str, str]:
    """Markup for one paragraph that reads back as the runs, and how well: "ok"; "plain" when bold and
    italic had to go; "differs" when even that does not read back the same (a paragraph that starts with
    a dash and a space reads as a list item). `numbered` is numbering(ids), when the caller keeps it."""
    numbers, by_number = numbered or numbering(ids)
    for full, styled in ((False, True), (True, True), (False, False), (True, False)):
        text = write(runs, ids, full, styled)
        got = _read_back(text, numbers, by_number)
        if got is not None and _same(_meant(runs, ids, styled), got):
            return text, "ok" if styled else "plain"
    return write(runs, ids, True, False), "differs"


def urls(runs: list[Run]) -> list[str]:
    """Links and web addresses in the runs, in order."""
    found: list[str] = []
    for run in runs:
        if run.href and safe_link(run.href):
            found.append(run.href)
        if run.note is None:
            found += _URL.findall(run.text)
    return list(dict.fromkeys(found))


def without_trailing_url(runs: list[Run], url: str) -> list[Run]:
    """The runs without `url` when it is their last text (a note's address moves to `url:`)."""
    runs = normalise(runs)
    if runs and runs[-1].note is None and runs[-1].text.rstrip(" ").endswith(url):
        last = runs[-1]
        rest = last.text.rstrip(" ")[:-len(url)].rstrip(" ")
        runs = runs[:-1] + ([Run(rest, last.bold, last.italic, None if last.href == url else last.href)]
                           if rest else [])
        return normalise(runs)
    return runs


class Writer:
    """Turns blocks into markup text, collecting note ids in order of first mark."""

    def __init__(self, notes: dict):
        self.notes = notes  # note key -> its paragraphs; a mark whose key is missing has no text
        self.ids: dict[str, str] = {}
        self.plain_paragraphs: list[str] = []  # where bold and italic had to be dropped
        self.differs: list[str] = []           # where the outputs will not show the text quite as written
        self.orphans: list[str] = []           # where a note mark stands whose note has no text
        self._numbered: tuple = (-1, None)      # (how many ids, their numbering)

    def claim_notes(self, blocks: list) -> None:
        for block in blocks:
            for run in block.runs:
                if run.note is None or run.note in self.ids:
                    continue
                if run.note in self.notes:
                    self.ids[run.note] = str(len(self.ids) + 1)
                elif block.where not in self.orphans:
                    self.orphans.append(block.where)

    def para(self, runs: list[Run], where: str) -> str:
        if self._numbered[0] != len(self.ids):  # ids only grow: their numbering is made again only then
            self._numbered = (len(self.ids), numbering(self.ids))
        text, how = paragraph(normalise(runs), self.ids, self._numbered[1])
        if how != "ok":
            (self.plain_paragraphs if how == "plain" else self.differs).append(where)
        return text

    def text(self, blocks: list) -> str:
        """Paragraphs separated by blank lines; list items on consecutive lines, nested by indent."""
        chunks: list[str] = []
        items: list[str] = []
        indents: list[int] = []  # content column of each open list level
        for block in blocks:
            runs = block.runs
            if block.kind == "heading":  # a heading below the section level: a bold line
                runs = restyle(normalise(runs), bold=True)
            body = self.para(runs, block.where)
            if not body:
                continue
            if block.kind == "item":
                depth = min(block.level, len(indents))
                del indents[depth:]
                marker = f"{block.number}. " if block.ordered else "- "
                pad = indents[-1] if indents else 0
                indents.append(pad + len(marker))
                items.append(" " * pad + marker + body)
                continue
            if items:
                chunks.append("\n".join(items))
                items, indents = [], []
            chunks.append(body)
        if items:
            chunks.append("\n".join(items))
        return "\n\n".join(chunks) + "\n" if chunks else ""
