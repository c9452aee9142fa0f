"""Inline markup and lists, as the README lists them; every other character is the text typed.

The markup, in full (docs/text-integrity.md says why each rule is drawn where it is):

- `*em*` and `**strong**`, with `*` only: `_` is never markup (`__init__.py`), and a `*`
  between two letters or digits is a character, not emphasis (`5*6 = 30*2`).
- `[label](url)` links, kept for http, https and mailto only; any other link is shown
  exactly as typed, with a warning. `[^id]` is a footnote reference.
- A line that starts with `- `, `* `, a Word bullet (`•`, `·`, `▪`, `–` …) and a space,
  or a number with `.` or `)` and a space (`1. `, `003. `, `2) `), and that has text after
  it, is a list item: a paragraph of its own, starting with `• ` (`– ` one level down) or
  its number exactly as typed. Anything else is text: `-` alone, `1990.` alone,
  `+ item`, `-5 °C`.
- A backslash before a markup character (`\\ * [ ] ( ) ^ - .` and the Word bullets)
  shows that character; before anything else it is itself.
- Blank lines separate paragraphs; inside a paragraph each run of spaces and line
  breaks is one space.

Lists are found here, line by line; markdown-it-py then reads each paragraph's inline
markup (emphasis, links and the escapes above, nothing else), so `<b>`, `&amp;` and
`<jan@ngo.nl>` stay the characters typed. A paragraph with no markup character but
footnote references (`[^1]`), most of them, is read here as markdown-it would read it,
and a link with a plain ASCII host is written as it would write it (with mdurl, which it
uses): markdown-it-py, 0.1 G instructions to import, is imported only for the others.
tests/content/test_markup_plain.py holds both to markdown-it's results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from deckgen.content.model import SAFE_SCHEMES, Paragraph, Rich, Span
from deckgen.errors import Diagnostics, Location

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

FOOTNOTE_ID = re.compile(r"[A-Za-z0-9_.-]+")
_FOOTNOTE = re.compile(r"\[\^(" + FOOTNOTE_ID.pattern + r")\]")
_SPACES = re.compile(r"[ \t\n]+")
# Bullets as Word pastes them (after tabs became spaces), read as list markers like '- '.
WORD_BULLETS = "\u2022\u00b7\u25aa\u25e6\u2023\u2219\u25cf\u25cb\u25a0\u25a1\u27a2\u25ba\u2013"
ESCAPABLE = frozenset("\\*[]()^-." + WORD_BULLETS)
# A list item: indentation, a marker, at least one space, then text.
_ITEM = re.compile(r"( *)([-*" + WORD_BULLETS + r"]|[0-9]{1,9}[.)]) +(?=\S)")

# Resolves a footnote id to its display number, or None when it has no source.
Resolver = Callable[[str], "int | None"]


def _footnote_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[^", state.pos):
        return False
    m = _FOOTNOTE.match(state.src, state.pos)
    if not m:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"id": m.group(1)}
    state.pos = m.end()
    return True


def _escape_rule(state: StateInline, silent: bool) -> bool:
    """A backslash before a markup character gives that character; otherwise it is text."""
    pos = state.pos
    if state.src[pos] != "\\" or pos + 1 >= state.posMax or state.src[pos + 1] not in ESCAPABLE:
        return False
    if not silent:
        token = state.push("text_special", "", 0)
        token.content = state.src[pos + 1]
        token.markup = state.src[pos:pos + 2]
        token.info = "escape"
    state.pos = pos + 2
    return True


def _emphasis_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis for `*` only, and never inside a word: `5*6 = 30*2` stays as typed.

    CommonMark lets `*` open or close emphasis between two letters; here `*` follows the
    rule CommonMark gives `_` (canSplitWord=False), and `_` is never emphasis at all."""
    if silent or state.src[state.pos] != "*":
        return False
    from markdown_it.rules_inline.state_inline import Delimiter

    scanned = state.scanDelims(state.pos, False)
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = "*"
        state.delimiters.append(Delimiter(marker=ord("*"), length=scanned.length, token=len(state.tokens) - 1,
                                          end=-1, open=scanned.can_open, close=scanned.can_close))
    state.pos += scanned.length
    return True


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["emphasis", "link"])
    link_rule = next(rule.fn for rule in md.inline.ruler.__rules__ if rule.name == "link")

    def link_with_source(state: StateInline, silent: bool) -> bool:
        """markdown-it's link rule, noting the link's source text: a refused link shows it as typed."""
        start, count = state.pos, len(state.tokens)
        if not link_rule(state, silent):
            return False
        if not silent:  # the pending text before the link may have been pushed first
            opened = next((t for t in state.tokens[count:] if t.type == "link_open"), None)
            if opened is not None:
                opened.meta["source"] = state.src[start:state.pos]
        return True

    md.inline.ruler.at("link", link_with_source)
    md.inline.ruler.at("emphasis", _emphasis_rule)
    md.inline.ruler.before("link", "footnote_ref", _footnote_rule)
    md.inline.ruler.before("emphasis", "escape", _escape_rule)
    md.validateLink = lambda url: True  # judged below, so that a refused link can be reported
    md.normalizeLink = lambda url: url  # kept as typed, so that a refused link shows as typed; see href
    return md


_MD: MarkdownIt | None = None


def _md() -> MarkdownIt:
    """The parser, made when a paragraph first has markup (see _plain)."""
    global _MD
    if _MD is None:
        _MD = _parser()
    return _MD


_NOT_PLAIN = re.compile(r"[*\\\r\0]")  # emphasis, escapes; a CR or NUL markdown-it would normalise
_ASCII_HOST = re.compile(r"[\0-\x7e]*")  # what markdown-it's punycode leaves as it is


def _plain(source: str) -> list[str] | None:
    """[text, footnote id, text, …] when markdown-it would read `source` as text and footnote
    references only (no `*`, backslash or `[` but those of `[^id]`): what its tokens would say."""
    if _NOT_PLAIN.search(source):
        return None
    if "[" not in source:
        return [source]
    pieces = _FOOTNOTE.split(source)  # text, id, text, …: each `[` must start a reference
    return pieces if len(pieces) // 2 == source.count("[") else None


def href(url: str) -> str:
    """An allowed link as it goes into the outputs: punycode host, percent-encoded path
    (markdown-it's normalizeLink; done here with mdurl, as it does it, when the host is ASCII)."""
    import mdurl

    parsed = mdurl.parse(url, slashes_denote_host=True)
    host = parsed.hostname
    if not host or ("@" not in host and ":" not in host and _ASCII_HOST.fullmatch(host)):
        return mdurl.encode(mdurl.format(parsed))
    from markdown_it import MarkdownIt

    return MarkdownIt.normalizeLink(_md(), url)


class _Builder:
    def __init__(self, resolve: Resolver, locate: Callable[[str], Location], diags: Diagnostics):
        self.resolve, self.locate, self.diags = resolve, locate, diags
        self.spans: list[Span] = []

    def add(self, text: str, strong: int, em: int, link: str | None) -> None:
        if not text:
            return
        last = self.spans[-1] if self.spans else None
        if last and last.footnote is None and (last.strong, last.em, last.href) == (bool(strong), bool(em), link):
            self.spans[-1] = Span(last.text + text, last.strong, last.em, link)
        else:
            self.spans.append(Span(text, bool(strong), bool(em), link))

    def paragraph(self, source: str) -> Paragraph:
        """The spans of one paragraph's text (list marker already taken off)."""
        self.spans = []
        plain = _plain(source)
        if plain is not None:
            for index, piece in enumerate(plain):
                if index % 2:
                    self.footnote(piece, 0, 0, None)
                else:
                    self.add(_SPACES.sub(" ", piece), 0, 0, None)
            return _strip(self.spans)
        strong = em = 0
        link: str | None = None
        children = _md().parseInline(source)[0].children or []
        skip_to = -1  # a refused link: its tokens are replaced by its source text
        for index, tok in enumerate(children):
            if index <= skip_to:
                continue
            kind = tok.type
            if kind in ("text", "text_special"):
                self.add(_SPACES.sub(" ", tok.content) if kind == "text" else tok.content, strong, em, link)
            elif kind in ("softbreak", "hardbreak"):
                self.add(" ", strong, em, link)
            elif kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            elif kind == "em_close":
                em -= 1
            elif kind == "link_open":
                url = tok.attrs.get("href", "")
                title = tok.attrs.get("title")
                if str(url).lower().startswith(SAFE_SCHEMES):
                    link = href(str(url))
                    if title:
                        self.diags.warning(self.locate(str(title)), f"the link's title \"{title}\" is not shown",
                                           "slides and PDFs show no tooltips; put it in the text if it matters")
                    continue
                self.diags.warning(self.locate(str(url)), f"link to '{url}' is shown as text, not as a link",
                                   "only http, https and mailto links are allowed")
                depth, skip_to = 1, index
                while depth:  # the link's own tokens; links do not nest
                    skip_to += 1
                    depth += {"link_open": 1, "link_close": -1}.get(children[skip_to].type, 0)
                self.add(_SPACES.sub(" ", tok.meta.get("source", "")), strong, em, link)
            elif kind == "link_close":
                link = None
            elif kind == "footnote_ref":
                self.footnote(tok.meta["id"], strong, em, link)
        return _strip(self.spans)

    def footnote(self, ident: str, strong: int, em: int, link: str | None) -> None:
        number = self.resolve(ident)
        if number is None:
            self.add(f"[^{ident}]", strong, em, link)
        else:
            self.spans.append(Span(str(number), footnote=number))


def _strip(spans: list[Span]) -> Paragraph:
    if spans and spans[0].footnote is None:
        spans[0] = Span(spans[0].text.lstrip(" "), spans[0].strong, spans[0].em, spans[0].href)
    if spans and spans[-1].footnote is None:
        spans[-1] = Span(spans[-1].text.rstrip(" "), spans[-1].strong, spans[-1].em, spans[-1].href)
    return tuple(s for s in spans if s.text)


def blocks(text: str) -> list[tuple[str, str]]:
    """(marker, text) for each paragraph: marker is "" for prose, else what the item starts with.

    Blank lines end a paragraph; a list-item line starts one; other lines continue the
    paragraph (or the item) above them. A bullet one level down is drawn as '– '.
    """
    out: list[tuple[str, list[str]]] = []
    indents: list[int] = []  # the indentation of the open list levels
    open_paragraph = False
    for line in text.split("\n"):
        if not line.strip():
            open_paragraph = False
            continue
        m = _ITEM.match(line)
        if m is None:
            if open_paragraph:
                out[-1][1].append(line)
            else:
                indents = []
                out.append(("", [line]))
                open_paragraph = True
            continue
        indent, mark = len(m.group(1)), m.group(2)
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1] + 1:
            indents.append(indent)
        if mark[0].isdigit():
            marker = mark + " "  # the number and its delimiter as typed: "003." stays "003."
        else:
            marker = "\u2022 " if len(indents) == 1 else "\u2013 "
        out.append((marker, [line[m.end():]]))
        open_paragraph = True
    return [(marker, "\n".join(lines)) for marker, lines in out]


def parse(text: str, resolve: Resolver, locate: Callable[[str], Location], diags: Diagnostics,
          loc: Location) -> Rich:
    """Parses cleaned text into paragraphs; blank lines separate paragraphs, list items too."""
    builder = _Builder(resolve, locate, diags)
    paragraphs = []
    for marker, source in blocks(text):
        para = builder.paragraph(source)
        if para and marker:
            first = para[0]
            if first.footnote is None and not (first.strong or first.em or first.href):
                para = (Span(marker + first.text),) + para[1:]
            else:
                para = (Span(marker),) + para
        if para:
            paragraphs.append(para)
    return Rich(tuple(paragraphs), loc)

