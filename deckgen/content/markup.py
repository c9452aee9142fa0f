"""Inline markup: `*em*`, `**strong**`, `[label](url)` and `[^id]`; everything else literal.

markdown-it-py parses, with only paragraphs, lists, emphasis, links and backslash escapes
switched on, so `<b>`, `&amp;` and `<jan@ngo.nl>` stay the characters typed. A small
inline rule adds footnote references. Links survive only for http, https and mailto.

Lists matter because text pasted from Word keeps its bullets as characters: `• Eén`
lines (and `- `, `* `, `1. ` lines) each become a paragraph of their own that starts
with its marker ("• ", "– " one level down, "2. "), instead of running together into
one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from deckgen.content.model import SAFE_SCHEMES, Paragraph, Rich, Span  # noqa: F401  (SAFE_SCHEMES: markup.SAFE_SCHEMES)
from deckgen.errors import Diagnostics, Location

FOOTNOTE_ID = re.compile(r"[A-Za-z0-9_.-]+")
_FOOTNOTE = re.compile(r"\[\^(" + FOOTNOTE_ID.pattern + r")\]")
_SPACES = re.compile(r"[ \t\n]+")
# Bullets as Word pastes them (after tabs became spaces): read as Markdown list items.
_WORD_BULLET = re.compile(r"^( *)[\u2022\u00b7\u25aa\u25e6\u2023\u2219\u25cf\u25cb\u25a0\u25a1\u27a2\u25ba\u2013](?= )",
                          re.MULTILINE)

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


def _parser() -> MarkdownIt:
    md = MarkdownIt("zero").enable(["list", "emphasis", "link", "escape"])
    md.inline.ruler.before("link", "footnote_ref", _footnote_rule)
    md.validateLink = lambda url: True  # judged below, so that a refused link can be reported
    md.normalizeLink = lambda url: url  # kept as typed, so that a refused link shows as typed; see _href
    return md


def _href(url: str) -> str:
    """An allowed link as it goes into the outputs: punycode host, percent-encoded path."""
    return MarkdownIt.normalizeLink(_MD, url)


_MD = _parser()


class _Builder:
    def __init__(self, resolve: Resolver, locate: Callable[[str], Location], diags: Diagnostics):
        self.resolve, self.locate, self.diags = resolve, locate, diags
        self.spans: list[Span] = []

    def add(self, text: str, strong: int, em: int, href: str | None) -> None:
        if not text:
            return
        last = self.spans[-1] if self.spans else None
        if last and last.footnote is None and (last.strong, last.em, last.href) == (bool(strong), bool(em), href):
            self.spans[-1] = Span(last.text + text, last.strong, last.em, href)
        else:
            self.spans.append(Span(text, bool(strong), bool(em), href))

    def paragraph(self, children) -> Paragraph:
        self.spans = []
        strong = em = 0
        href: str | None = None
        literal_link: list[str] | None = None
        for tok in children:
            kind = tok.type
            if kind == "text":
                self.add(_SPACES.sub(" ", tok.content), strong, em, href)
                if literal_link is not None:
                    literal_link.append(tok.content)
            elif kind in ("softbreak", "hardbreak"):
                self.add(" ", strong, em, href)
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
                if url.lower().startswith(SAFE_SCHEMES):
                    href = _href(url)
                else:
                    self.diags.warning(self.locate(url), f"link to '{url}' is shown as text, not as a link",
                                       "only http, https and mailto links are allowed")
                    self.add("[", strong, em, href)
                    literal_link = [url]
            elif kind == "link_close":
                if literal_link is not None:
                    self.add(f"]({literal_link[0]})", strong, em, href)
                    literal_link = None
                href = None
            elif kind == "footnote_ref":
                ident = tok.meta["id"]
                number = self.resolve(ident)
                if number is None:
                    self.add(f"[^{ident}]", strong, em, href)
                else:
                    self.spans.append(Span(str(number), footnote=number))
            else:  # escapes arrive as text_special
                self.add(tok.content, strong, em, href)
        return _strip(self.spans)


def _strip(spans: list[Span]) -> Paragraph:
    if spans and spans[0].footnote is None:
        spans[0] = Span(spans[0].text.lstrip(" "), spans[0].strong, spans[0].em, spans[0].href)
    if spans and spans[-1].footnote is None:
        spans[-1] = Span(spans[-1].text.rstrip(" "), spans[-1].strong, spans[-1].em, spans[-1].href)
    return tuple(s for s in spans if s.text)


def parse(text: str, resolve: Resolver, locate: Callable[[str], Location], diags: Diagnostics,
          loc: Location) -> Rich:
    """Parses cleaned text into paragraphs; blank lines separate paragraphs, list items too."""
    builder = _Builder(resolve, locate, diags)
    paragraphs = []
    lists: list[list] = []  # open lists, innermost last: [ordered, next number]
    marker = ""  # for the first paragraph of a list item
    for token in _MD.parse(_WORD_BULLET.sub(r"\1-", text)):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(token.attrs.get("start", 1))])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            marker = (f"{number}{token.markup} " if ordered  # the delimiter typed: "2." or "2)"
                      else "\u2022 " if len(lists) == 1 else "\u2013 ")
            lists[-1][1] += 1
        elif kind == "inline":
            para = builder.paragraph(token.children or [])
            if para and marker:
                first = para[0]
                if first.footnote is None and not (first.strong or first.em or first.href):
                    para = (Span(marker + first.text),) + para[1:]
                else:
                    para = (Span(marker),) + para
            marker = ""
            if para:
                paragraphs.append(para)
    return Rich(tuple(paragraphs), loc)
