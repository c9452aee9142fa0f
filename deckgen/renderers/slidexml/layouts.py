"""Choosing a template's layout for each kind of slide, by what its placeholders are.

Layout names differ by language ("Title and Content", "Titel und Inhalt", "Titeldia"),
so they are never used to choose, only to honour a theme's explicit override. This
module is pure data in, data out, so it can be tested without a template file.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class PlaceholderInfo:
    kind: str  # the ph type: title, ctrTitle, subTitle, body, obj, pic, dt, ftr, sldNum, …
    idx: int
    box: Box
    vertical: bool = False


@dataclass(frozen=True)
class LayoutInfo:
    index: int
    name: str
    placeholders: tuple[PlaceholderInfo, ...]

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


def _score(layout: LayoutInfo, kind: str, slide_height: int) -> float:
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
    elif kind == "figure":
        score = 4 if not bodies and not subtitles and not centred else 2 if len(bodies) == 1 else 0.5
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
    best = max(candidates, key=lambda lay: (_score(lay, kind, slide_height), -lay.index))
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
