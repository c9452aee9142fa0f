"""The text style each shape of a deck is measured with: the formatting its template gives it
(deck/styles.py) and the metrics of that typeface (text/sysfonts.py), with one warning per
font that only the conservative fallback could measure."""

from __future__ import annotations

from lxml import etree

from deckgen.errors import Diagnostic, Location
from deckgen.renderers.deck import ooxml
from deckgen.renderers.deck.styles import Effective, Resolver, describe
from deckgen.text.fit import TextStyle
from deckgen.text.fonts import Family
from deckgen.text.sysfonts import find_family

HEADING_KINDS = ("title", "ctrTitle")


def resolver(prs) -> Resolver:
    theme = etree.fromstring(ooxml._theme_part(prs).blob)
    return Resolver(prs.slide_master._element, theme, prs.part._element)


class Styles:
    """Per deck: effective formatting by (layout, placeholder), families by typeface, and
    which font was measured how (for the fit report and the warnings)."""

    def __init__(self, prs, theme, layout_objects):
        self.resolver = resolver(prs)
        self.layout_objects = layout_objects
        self.theme = theme
        self.effective: dict = {}
        self.families: dict[str, Family] = {}
        self.roles: dict[str, set[str]] = {}

    def effective_for(self, layout_index: int | None, kind: str | None, idx: int | None) -> Effective:
        key = (layout_index, kind, idx)
        if key not in self.effective:
            layout = self.layout_objects[layout_index]._element if layout_index is not None else None
            self.effective[key] = self.resolver.resolve(kind, layout, None if idx is None else str(idx))
        return self.effective[key]

    def family(self, typeface: str, role: str) -> Family:
        self.roles.setdefault(typeface, set()).add(role)
        if typeface not in self.families:
            self.families[typeface] = find_family(typeface, (self.theme.heading, self.theme.body))
        return self.families[typeface]

    def style(self, layout_index: int | None, kind: str | None, idx: int | None = None, **kw) -> TextStyle:
        """The TextStyle of a placeholder (kind and idx on a layout) or of a text box (kind None)."""
        eff = self.effective_for(layout_index, kind, idx)
        heading = kw.pop("heading", False)  # the caller's view; the font's origin decides the theme key
        role = ("heading" if "major" in eff.source else "body" if "minor" in eff.source else
                "heading" if kind in HEADING_KINDS or heading else "body")
        return TextStyle(self.family(eff.typeface, role), bold=eff.bold, italic=eff.italic, tracking=eff.spc,
                         caps=eff.cap in ("all", "small"), **kw)

    def report(self) -> str:
        """One line for the fit report: each typeface and where its metrics came from."""
        return "fonts: " + "; ".join(f"{name} ({fam.source})" for name, fam in sorted(self.families.items()))

    def warnings(self, where: Location) -> list[Diagnostic]:
        out = []
        for name, fam in sorted(self.families.items()):
            if not fam.source.startswith("fallback"):
                continue
            keys = " and ".join(f"fonts: {r}:" for r in ("heading", "body") if r in self.roles.get(name, ()))
            out.append(Diagnostic(
                "warning", f"no metrics found for the template's font '{name}' (not installed, no bundled twin); "
                           "text is measured with a conservative fallback (DejaVu Sans, widened), so it fits but "
                           "may be set smaller than needed", where,
                f"add the font's .ttf files to the theme under {keys} with family: \"{name}\", or install the font"))
        return out


def describe_styles(prs, layout_objects, infos, theme_families: tuple = ()) -> list[str]:
    """For `deckgen inspect`: per distinct text style, the font measured with and its source."""
    res = resolver(prs)
    seen: dict[str, list[str]] = {}
    for info in infos:
        element = layout_objects[info.index]._element
        for ph in info.placeholders:
            if ph.kind in ("pic", "chart", "tbl", "media", "clipArt", "dgm", "sldImg"):
                continue
            eff = res.resolve(ph.kind, element, str(ph.idx))
            fam = find_family(eff.typeface, theme_families)
            key = f"{describe(eff)}: measured with {fam.source} (set by {eff.source})"
            seen.setdefault(key, []).append(f"{ph.kind}")
    eff = res.resolve(None)
    key = f"{describe(eff)}: measured with {find_family(eff.typeface, theme_families).source} (set by {eff.source})"
    seen.setdefault(key, []).append("text boxes")
    return [f"  {', '.join(sorted(set(kinds)))}: {key}" for key, kinds in seen.items()]
