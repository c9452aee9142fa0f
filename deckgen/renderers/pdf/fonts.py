"""Fonts and safe markup for the PDF renderers (handout and cards), on ReportLab.

Content text is never read as ReportLab markup: it is escaped here, and only the
markup this module writes (bold, italic, superscript, safe links, fallback fonts)
reaches ReportLab. A character the theme's fonts cannot draw is set in a fallback
face that has it; one that no shipped face has is reported with its location.
"""

from __future__ import annotations

import unicodedata
from html import escape as _html_escape
from string import hexdigits
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

from deckgen.content import i18n
from deckgen.content.model import Paragraph
from deckgen.errors import Diagnostic, Location
from deckgen.renderers.pdf import facecache
from deckgen.renderers.pdf.tagging import SPAN_END, span
from deckgen.text.fonts import Family, face, fallback_faces
from deckgen.text.glyphs import script_of, system_font_for
from deckgen.theming.model import Theme

# Streams are stored deflated only, not also ASCII85-encoded (ReportLab's default, made for
# 7-bit mail): a quarter smaller, and the encoding was a fifth of a handout's build time.
rl_config.useA85 = 0


class _HexColours(dict):
    """Colours given as text the way themes give them ("#1F3A5F", in the handout's styles and links):
    ReportLab's toColor tries each as a named colour, a Python literal and an expression before it
    ends with HexColor, a third of a millisecond every time one is drawn. As toColor's extra names
    (which it reads before those tries) this answers "#RRGGBB" with that same HexColor at once."""

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and len(name) == 7 and name[0] == "#" and all(c in hexdigits for c in name[1:])

    def __getitem__(self, name: str) -> colors.Color:
        found = _HEX.get(name)
        if found is None:  # one Color per "#RRGGBB", as ReportLab keeps one per named colour: pieces of
            found = _HEX[name] = colors.HexColor(name)  # text in the same colour compare by identity
        return found


_HEX: dict[str, colors.Color] = {}
colors.toColor.setExtraColorsNameSpace(_HexColours())

_MISSING = object()
_FRAG_STYLE = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def _same_frag(f, g, _c=paragraph.sameFrag, _frag=ParaFrag) -> bool:
    """Whether two pieces of a paragraph have the same style, as _rl_accel.sameFrag answers it (which
    ReportLab's line breaking asks for every word): that one asks whether four attributes exist in a
    way that raises and clears an AttributeError each time, 6 µs a call, over 5,000 calls a handout.
    The same answer from the pieces' own dictionaries (anything but a plain ParaFrag goes to it)."""
    if type(f) is not _frag or type(g) is not _frag:
        return _c(f, g)
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    for name in _FRAG_STYLE:
        a, b = fd.get(name, _MISSING), gd.get(name, _MISSING)
        if a is not b and a != b:
            return False
    return True


paragraph.sameFrag = _same_frag


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode CMap of a font subset, each code mapped to its character in UTF-16BE.

    ReportLab's own (ttfonts.makeToUnicodeCMap) writes the code point in at least four hex digits,
    so a character outside the Basic Multilingual Plane gets five (<1F600>): an odd number, which
    readers cut to four, and copied text gets another character (U+1F60, 'ὠ', for '😀'). Here such
    a character is written as its surrogate pair (<D83DDE00>), and entries come in blocks of at
    most 100 as the CMap format asks."""
    entries = [f"<{code:02X}> <{chr(cp).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
               for code, cp in enumerate(subset)]
    blocks: list[str] = []
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        *blocks, "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


ttfonts.makeToUnicodeCMap = to_unicode_cmap  # ReportLab's subsets look the function up when they are written


def escape(text: str) -> str:
    """Text made safe as ReportLab markup: &, < and > escaped, as xml.sax.saxutils.escape
    does (which would import urllib.request and http.client, 9 ms, for these three)."""
    return _html_escape(text, quote=False)


def attribute(text: str) -> str:
    """Text made safe inside a double-quoted markup attribute (a link's href)."""
    return escape(text).replace('"', "&quot;")


LONG_WORD = 20  # characters: a link whose text has a longer word (an address) is tagged without marks in its text
_STYLES = (("", False, False), ("-Bold", True, False), ("-Italic", False, True), ("-BoldItalic", True, True))
_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_PLAIN: dict = {}  # per face: characters seen that it draws itself (or that are invisible)


class _TTFont(TTFont):
    """ReportLab's TTFont, parsed once per font file and keeping the widths it has measured.

    Parsing a TrueType file in ReportLab's pure Python costs about 3 ms a face, 12 ms for a
    family: the parsed face is kept in a cache beside the metrics cache (facecache). And
    ReportLab measures every word again each time it breaks a paragraph's lines, summing
    its characters' widths in Python; a word's width at a size never changes."""

    _MAX_WIDTHS = 50_000  # entries (words at a size) kept per font before starting afresh (a few MB)

    def __init__(self, name: str, filename: str):
        cached = facecache.load(filename)
        if cached is None:
            super().__init__(name, filename)
            facecache.store(filename, self.face)
        else:
            with facecache.parsed(cached):
                super().__init__(name, filename)
        self._widths: dict = {}
        self._known = WeakKeyDictionary()  # per document: the characters coded in the first subset (splitString)

    def stringWidth(self, text, size, encoding="utf8"):
        key = (text, size, encoding)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= self._MAX_WIDTHS:
                self._widths.clear()
            width = self._widths[key] = TTFont.stringWidth(self, text, size, encoding)
        return width

    def splitString(self, text, doc, encoding="utf-8"):
        """ReportLab's: the text as (subset, bytes) runs, each character given a code in the font's
        subsets when first drawn. When every character already has a code in the first subset (most
        text, after the first lines), that is one run, made with str.translate instead of a Python
        loop over the characters; the same bytes."""
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is None:
            return TTFont.splitString(self, text, doc, encoding)
        known = self._known.get(doc)
        if known is None or known[0] is not state or known[1] != len(state.assignments):
            known = self._known[doc] = self._first_subset(state, known if known and known[0] is state else None)
        if not known[2].issuperset(text):
            return TTFont.splitString(self, text, doc, encoding)
        return [(0, text.translate(known[3]).encode("latin-1"))] if text else []

    @staticmethod
    def _first_subset(state, known: tuple | None) -> tuple:
        """(the subsets' state, how many codes are assigned, the characters with a code below 256, their
        codes as a translation table), brought up to date with the codes assigned since `known`."""
        _, count, chars, table = known if known is not None else (state, 0, set(), {})
        for code, n in list(state.assignments.items())[count:]:  # codes are only ever added
            if n < 256:
                chars.add(chr(code))
                table[code] = n
                if code == 32:  # ReportLab draws a no-break space as a space
                    chars.add("\xa0")
                    table[0xA0] = n
        return state, len(state.assignments), chars, table


def _register(name: str, path) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_TTFont(name, str(path)))
    return name


def field_names(doc) -> dict[Location, str]:
    """What each text of a document is, by its location: "the title", "question 3", "source 2"."""
    names: dict[Location, str] = {}

    def name(rich, what: str) -> None:
        if rich is not None and getattr(rich, "loc", None) is not None:
            names.setdefault(rich.loc, what)

    name(doc.title, "the title")
    name(doc.subtitle, "the subtitle")
    name(doc.lead, "the lead")
    for i, section in enumerate(doc.sections, 1):
        name(section.heading, f"the heading of section {i}")
        name(section.text, f"section {i}")
        for k, fig in enumerate(section.figures, 1):
            name(fig.value, f"key figure {k} of section {i}")
            name(fig.label, f"the label of key figure {k} of section {i}")
    if doc.qa is not None:
        name(doc.qa.heading, "the Q&A heading")
        for item in doc.qa.items:
            name(item.question, f"question {item.number}")
            name(item.answer, f"the answer to question {item.number}")
            for k, point in enumerate(item.points, 1):
                name(point, f"point {k} of question {item.number}")
    for src in doc.sources:
        name(src.text, f"source {src.number}")
    name(doc.colophon, "the colophon")
    return names


class PdfFonts:
    """Registers a theme's families with ReportLab and turns model text into safe markup."""

    def __init__(self, theme: Theme, places: dict[str, tuple[Location, ...]] | None = None,
                 fields: dict[Location, str] | None = None, lang: str = "en"):
        self.theme, self.lang = theme, lang
        self.places = places or {}  # where each character appears in the document (the first few times)
        self.fields = dict(fields or {})  # each text's location -> what it is ("question 3"), for warnings
        self.names = {"heading": self._family(theme.heading), "body": self._family(theme.body)}
        self.missing: list[Diagnostic] = []
        self._fallback_names: dict[str, str | None] = {}  # per character: the fallback font, or None
        self._reported: set[tuple[str, str]] = set()

    @staticmethod
    def _family(family: Family) -> str:
        """Registers the four styles under names derived from the files, returns the base name."""
        base = "dg-" + family.files.regular.stem.split("-")[0]
        for suffix, bold, italic in _STYLES:
            _register(base + suffix, family.files.path(bold, italic))
        addMapping(base, 0, 0, base)
        addMapping(base, 1, 0, base + "-Bold")
        addMapping(base, 0, 1, base + "-Italic")
        addMapping(base, 1, 1, base + "-BoldItalic")
        return base

    def font(self, role: str = "body", bold: bool = False, italic: bool = False) -> str:
        """The registered font name for a role and style, for canvas drawing and styles."""
        base = self.names[role]
        return base + {(False, False): "", (True, False): "-Bold", (False, True): "-Italic",
                       (True, True): "-BoldItalic"}[(bold, italic)]

    def family(self, role: str) -> Family:
        return self.theme.heading if role == "heading" else self.theme.body

    def _fallback(self, char: str) -> str | None:
        """The registered fallback font for a character the theme's face lacks (registered, and so
        parsed, only when a character needs it), or None if no shipped face has it."""
        if char in self._fallback_names:
            return self._fallback_names[char]
        found = None
        for fb in fallback_faces():
            if fb.has(char):
                found = _register("dg-fallback-" + fb.path.stem, fb.path)
                break
        if found is None and unicodedata.category(char)[0] in "LNSP":
            path = system_font_for(char)  # a font installed on this machine, if one has it
            if path is not None:
                try:
                    found = _register("dg-system-" + path.stem, path)
                except Exception:  # noqa: BLE001 - a font ReportLab cannot embed is no help
                    found = None
        self._fallback_names[char] = found
        return found

    def drawing(self, char: str, role: str = "body", bold: bool = False) -> str | None:
        """The registered font that draws the character: the role's own, else a fallback; None if none does."""
        if face(self.family(role).files.path(bold, False)).has(char):
            return self.font(role, bold)
        return self._fallback(char)

    def drawable(self, char: str, role: str = "body", bold: bool = False) -> bool:
        """Whether the role's face or a fallback face draws the character."""
        return face(self.family(role).files.path(bold, False)).has(char) or self._fallback(char) is not None

    def width(self, text: str, role: str, size: float, bold: bool = False) -> float:
        """Width of text at size as drawn: each character in the face that draws it (see text())."""
        primary = face(self.family(role).files.path(bold, False))
        own = self.font(role, bold)
        total, chunk, current = 0.0, [], own
        for char in text:
            name = own if primary.has(char) or char in _INVISIBLE else (self._fallback(char) or own)
            if name != current and chunk:
                total += pdfmetrics.stringWidth("".join(chunk), current, size)
                chunk = []
            current = name
            chunk.append(char)
        if chunk:
            total += pdfmetrics.stringWidth("".join(chunk), current, size)
        return total

    def text(self, text: str, role: str = "body", loc: Location | None = None, bold: bool = False,
             italic: bool = False) -> str:
        """Escaped text, with characters the role's face lacks wrapped in a fallback font."""
        primary = face(self.family(role).files.path(bold, italic))
        plain = _PLAIN.get(primary)
        if plain is None:
            plain = _PLAIN[primary] = set(_INVISIBLE) | {"\n"}
        if plain.issuperset(text):  # the common case: no fallback needed, one escaped chunk
            return escape(text)
        out: list[str] = []
        current: str | None = None
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                chunk = escape("".join(buffer))
                out.append(f'<font name="{current}">{chunk}</font>' if current else chunk)
                buffer.clear()

        for char in text:
            if char in plain:
                target = None
            elif primary.has(char):
                target = None
                plain.add(char)
            else:
                target = self._fallback(char)
                if target is None:
                    self._report(char, loc)
            if target != current:
                flush()
                current = target
            buffer.append(char)
        flush()
        return "".join(out)

    def _report(self, char: str, loc: Location | None) -> None:
        """Warns once per script and field: "Korean text in question 3 needs a font with Hangul"."""
        letter = unicodedata.category(char).startswith("L")
        language, script = script_of(char) if letter else (None, f"U+{ord(char):04X}")
        block = loc or next(iter(self.places.get(char) or ()), None) or Location("<text>")
        key = (script, str(block))
        if key in self._reported:
            return
        self._reported.add(key)
        field = self.fields.get(block)
        where = self._place(char, block)
        place = f" in {field}" if field else ""
        if letter:
            message = (f"{language} text{place} needs a font with {script}, which no font deckgen ships or "
                       f"this machine has (such as '{char}', U+{ord(char):04X}); it may print as boxes")
            hint = f"add a font with {script} to the theme"
        else:
            message = (f"no font deckgen ships or this machine has can draw U+{ord(char):04X} ('{char}'){place}; "
                       f"it may print as a box")
            hint = "add a font that has it to the theme, or replace the character"
        self.missing.append(Diagnostic("warning", message, where, hint))

    def _place(self, char: str, block: Location) -> Location:
        """Where the character first appears in the text that starts at block (else block itself)."""
        if block.line is None:
            return block
        start = (block.line, block.col or 0)
        later = [(f.line, f.col or 0) for f in self.fields if f.path == block.path and f.line is not None
                 and (f.line, f.col or 0) > start]
        end = min(later, default=(10**9, 0))
        inside = [p for p in self.places.get(char, ()) if p.path == block.path and p.line is not None
                  and start <= (p.line, p.col or 0) < end]
        return min(inside, key=lambda p: (p.line, p.col or 0), default=block)

    def paragraph(self, para: Paragraph, role: str = "body", loc: Location | None = None,
                  note_link: bool = True, bold: bool = False) -> str:
        """One paragraph of spans as ReportLab markup; footnotes as superscript links to their note."""
        parts: list[str] = []
        for run in para:
            if run.footnote is not None:
                sup = f"<super>{run.footnote}</super>"
                parts.append(self.note_reference(f"#note-{run.footnote}", sup, run.footnote) if note_link else sup)
                continue
            piece = self.text(run.text, role, loc, bold or run.strong, run.em)
            if run.strong or bold:
                piece = f"<b>{piece}</b>"
            if run.em:
                piece = f"<i>{piece}</i>"
            if run.href:
                piece = self.link(run.href, piece, run.text, self.theme.print_colors.primary)
            parts.append(piece)
        return "".join(parts)

    @staticmethod
    def link(href: str, inner: str, description: str, color: str | None = None) -> str:
        """A link around trusted markup, tagged as a Link element whose annotation is described by
        `description` (its text, or the address) for screen readers."""
        text = " ".join(description.split())
        colour = f' color="{color}"' if color else ""
        link = f'<a href="{attribute(href)}"{colour}>{inner}</a>'
        if max(map(len, text.split()), default=0) > LONG_WORD:
            return link  # a mark would glue to the word and stop ReportLab breaking it: the annotation makes the Link
        return span("Link", target=href, Contents=text if text and text != href else href) + link + SPAN_END

    def note_reference(self, anchor: str, marker: str, number: int) -> str:
        """A footnote marker linking to its note: a Reference holding a Link ("Source 3")."""
        return (span("Reference") + span("Link", target=anchor, Contents=f"{i18n.t(self.lang, 'source')} {number}")
                + f'<a href="{anchor}">{marker}</a>' + SPAN_END + SPAN_END)
