"""Choosing a template's layout for each kind of slide, by what its placeholders are.

Layout names differ by language ("Title and Content", "Titel und Inhalt", "Titeldia"),
so they are not used to choose a layout's role, with one exception: a section header. Its
placeholders (a title, at most a strip of text) are those of a title slide or a title-only
layout, and PowerPoint's own `type="secHead"` is often lost (`utwente`'s "Section Header" has
none), so a layout is a section header by its type or by its name in one of the languages
Office ships (`SECTION_NAMES`). Otherwise names only honour a theme's explicit override.
This module is pure data in, data out, so it can be tested without a template file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("title", "section", "content", "question", "figure", "closing")
TITLE, CENTER_TITLE, SUBTITLE, BODY, OBJECT, PICTURE = "title", "ctrTitle", "subTitle", "body", "obj", "pic"
FOOTERS = ("dt", "ftr", "sldNum")


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def area(self) -> int:
        return self.width * self.height


def common(a: Box, b: Box) -> Box | None:
    """The part two boxes share, or None."""
    left, top = max(a.left, b.left), max(a.top, b.top)
    right, bottom = min(a.left + a.width, b.left + b.width), min(a.top + a.height, b.top + b.height)
    return Box(left, top, right - left, bottom - top) if right > left and bottom > top else None


def union(boxes: list[Box], pad: int, width: int, height: int) -> Box:
    """The box around boxes, padded, within a slide width × height."""
    left = max(0, min(b.left for b in boxes) - pad)
    top = max(0, min(b.top for b in boxes) - pad)
    right = min(width, max(b.left + b.width for b in boxes) + pad)
    bottom = min(height, max(b.top + b.height for b in boxes) + pad)
    return Box(left, top, right - left, bottom - top)


@dataclass(frozen=True)
class PlaceholderInfo:
    kind: str  # the ph type: title, ctrTitle, subTitle, body, obj, pic, dt, ftr, sldNum, …
    idx: int
    box: Box
    vertical: bool = False


# "Section Header" as Office names the layout in its languages, and the names templates give it
SECTION_NAMES = (
    "section header", "section title", "section break", "section divider", "divider", "segue",
    "sectiekop", "sectietitel", "sectiescheiding", "tussenblad", "hoofdstuktitel",
    "abschnittsüberschrift", "abschnittstitel", "kapiteltrenner", "zwischentitel",
    "en-tête de section", "titre de section", "intercalaire", "encabezado de sección", "título de sección",
    "intestazione sezione", "intestazione della sezione", "titolo sezione", "cabeçalho da seção",
    "cabeçalho de secção", "título da seção", "nagłówek sekcji", "avsnittsrubrik", "afsnitsoverskrift",
    "inndelingsoverskrift", "osan otsikko", "osion otsikko", "záhlaví oddílu", "záhlavie sekcie",
    "szakaszfejléc", "заголовок раздела", "bölüm üst bilgisi", "bölüm başlığı", "κεφαλίδα ενότητας",
    "节标题", "節標題", "セクション見出し", "セクション ヘッダー", "구역 머리글", "כותרת מקטע", "رأس المقطع",
)


@dataclass(frozen=True)
class LayoutInfo:
    index: int
    name: str
    placeholders: tuple[PlaceholderInfo, ...]
    type: str = ""  # the layout's own type attribute (secHead, titleOnly, obj, …), "" when it has none
    art: tuple[tuple[str, Box], ...] = ()  # its own drawings that are no placeholder: (kind, box)

    @property
    def section_header(self) -> bool:
        """A section header by its type, or by its name in one of Office's languages."""
        if self.type == "secHead":
            return True
        name = " ".join(re.sub(r"^\d+[_ ]", "", self.name.strip().lower()).split())
        return any(key in name for key in SECTION_NAMES)

    def likeness(self, other: LayoutInfo) -> float:
        """How much of other's dress (its footers and artwork: logos, bands) this layout wears, 0–1."""
        mine = {p.kind for p in self.of(*FOOTERS)} | set(self.art)
        theirs = {p.kind for p in other.of(*FOOTERS)} | set(other.art)
        return len(mine & theirs) / len(theirs) if theirs else 1.0

    def of(self, *kinds: str) -> list[PlaceholderInfo]:
        return [p for p in self.placeholders if p.kind in kinds]

    @property
    def title(self) -> PlaceholderInfo | None:
        found = self.of(TITLE, CENTER_TITLE)
        return found[0] if found else None

    @property
    def bodies(self) -> list[PlaceholderInfo]:
        return sorted(self.of(BODY, OBJECT), key=lambda p: -p.box.area)

    @property
    def usable(self) -> bool:
        return self.title is not None and not any(p.vertical for p in self.placeholders)


@dataclass(frozen=True)
class Choice:
    layout: LayoutInfo
    body: PlaceholderInfo | None  # None: the body goes into a text box in the free area
    subtitle: PlaceholderInfo | None = None
    title_box: Box | None = None  # a title box of deckgen's own, when the layout's leaves no room
    area: Box | None = None  # the free area for the body, when body is None


def _score(layout: LayoutInfo, kind: str, slide_height: int, content: LayoutInfo | None = None) -> float:
    if not layout.usable:
        return -1
    title = layout.title
    bodies = layout.bodies
    subtitles = layout.of(SUBTITLE)
    pictures = layout.of(PICTURE)
    centred = title.kind == CENTER_TITLE
    penalty = 2 * len(pictures)
    if kind == "title":
        score = (4 if centred and subtitles else 3 if centred else 2 if subtitles else 1 if bodies else 0.5)
    elif kind == "section":
        # a section header: a title and one short strip of text (not a content area)
        strip = len(bodies) == 1 and bodies[0].kind == BODY and bodies[0].box.height < slide_height * 0.4
        low_title = title.box.top > slide_height * 0.25
        score = (4 + 0.5 * low_title if strip and not centred else
                 3 if centred and subtitles else 1 if len(bodies) == 1 else 0.5)
        if layout.section_header:  # the template's own divider, whatever placeholders it has
            score += 4
    elif kind == "figure":
        score = 4 if not bodies and not subtitles and not centred else 2 if len(bodies) == 1 else 0.5
        # dressed like the content slides (their logo, date and number), and not a divider, first
        if content is not None:
            score += 0.9 * layout.likeness(content) - 0.2 * (layout.section_header and layout != content)
    else:  # content, question, closing: a title over one large body
        if centred:
            score = 0.2
        elif len(bodies) == 1 and bodies[0].box.height < slide_height * 0.25:
            score = 2.5  # a strip of text (a section header's): a real content area first
        elif len(bodies) == 1:
            score = 4 + bodies[0].box.area / 1e14  # larger body first among equals
        elif bodies:
            score = 2 - 0.1 * len(bodies)
        else:
            score = 1
    return score - penalty


def choose(layouts: list[LayoutInfo], kind: str, slide_height: int, override: str | None = None
           ) -> Choice | None:
    """The best layout for a slide kind, or the named one; None when no layout has a title."""
    candidates = [lay for lay in layouts if lay.usable]
    if override:
        named = [lay for lay in layouts if lay.name.lower() == override.lower()]
        candidates = named or candidates
    if not candidates:  # no layout has a title (a blank-only template): the emptiest, with a title of its own
        plain = [lay for lay in layouts if not any(p.vertical for p in lay.placeholders)]
        if not plain:
            return None
        return Choice(min(plain, key=lambda lay: (len(lay.of(BODY, OBJECT, SUBTITLE, PICTURE, TITLE, CENTER_TITLE)),
                                                  lay.index)), None)
    content = None
    if kind == "figure":  # key figures, charts and tables sit among the content slides: dressed as they are
        found = choose(layouts, "content", slide_height)
        content = found.layout if found is not None else None
    best = max(candidates, key=lambda lay: (_score(lay, kind, slide_height, content), -lay.index))
    bodies = best.bodies
    subtitle = (best.of(SUBTITLE) or [None])[0]
    if kind == "title":
        return Choice(best, None, subtitle or (bodies[0] if bodies else None))
    if kind == "figure":
        return Choice(best, bodies[0] if bodies else None)
    if kind == "section":
        return Choice(best, bodies[0] if bodies else subtitle)
    return Choice(best, bodies[0] if bodies else None)


def missing(layouts: list[LayoutInfo], slide_height: int) -> list[str]:
    """Kinds for which the template has no fitting layout (a fallback is used)."""
    out = []
    for kind in ("title", "content", "section"):
        choice = choose(layouts, kind, slide_height)
        if choice is None:
            out.append(kind)
            continue
        if kind == "content" and len(choice.layout.bodies) != 1:
            out.append("title and content")
        if choice.layout.title is None:
            out.append(f"{kind} (no layout has a title)")
            continue
        if kind == "title" and choice.layout.title.kind != CENTER_TITLE:
            out.append("title slide")
    return out
