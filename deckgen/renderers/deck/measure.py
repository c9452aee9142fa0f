"""The text style each shape of a deck is measured with: the formatting its template gives it
(slidexml/styles.py: `Styles`) and the metrics of that typeface (text/sysfonts.py), with one warning per
font that only the conservative fallback could measure."""

from __future__ import annotations

from lxml import etree

from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml.styles import Resolver, describe
from deckgen.text.sysfonts import find_family



def resolver(prs) -> Resolver:
    theme = etree.fromstring(ooxml._theme_part(prs).blob)
    return Resolver(prs.slide_master._element, theme, prs.part._element)


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
