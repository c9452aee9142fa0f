"""Inline markup: `*em*`, `**strong**`, `[label](url)` and `[^id]`; everything else literal.

markdown-it-py parses, with only paragraphs, emphasis, links and backslash escapes
switched on, so `<b>`, `&amp;` and `<jan@ngo.nl>` stay the characters typed. A small
inline rule adds footnote references. Links survive only for http, https and mailto.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from deckgen.errors import Diagnostics, Location
from deckgen.model import SAFE_SCHEMES, Paragraph, Rich, Span  # noqa: F401  (SAFE_SCHEMES: markup.SAFE_SCHEMES)
FOOTNOTE_ID = re.compile(r"[A-Za-z0-9_.-]+")
_FOOTNOTE = re.compile(r"\[\^(" + FOOTNOTE_ID.pattern + r")\]")
_SPACES = re.compile(r"[ \t\n]+")

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
    md = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
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
    """Parses cleaned text into paragraphs; blank lines separate paragraphs."""
    builder = _Builder(resolve, locate, diags)
    paragraphs = []
    for token in _MD.parse(text):
        if token.type == "inline":
            para = builder.paragraph(token.children or [])
            if para:
                paragraphs.append(para)
    return Rich(tuple(paragraphs), loc)
