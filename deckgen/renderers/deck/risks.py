"""`deckgen inspect`: what would make a template's slides hard to read, per layout, before building.

For each layout's title, subtitle and body placeholder: the colour its text is drawn in against
the colours really behind it (backdrop.py: background, bands, pictures), the template's artwork
that overlaps it (a logo, a callout, a rule, a stamp), and whether the document's longest word
fits its width at the theme's smallest size. The same readings as the build's (legibility.py,
freearea.py), so what inspect warns about is what the build repairs or warns about.
"""

from __future__ import annotations

from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml.backdrop import Backdrop
from deckgen.renderers.slidexml.colours import colour_of
from deckgen.renderers.slidexml.freearea import overlap
from deckgen.renderers.deck.measure import resolver
from deckgen.renderers.slidexml.styles import Styles
from deckgen.renderers.deck.slides import inner_size
from deckgen.renderers.slidexml.geometry import scaled_sizes
from deckgen.renderers.slidexml.styles import text_colour
from deckgen.text.fit import WIDTH_MARGIN
from deckgen.theming.contrast import minimum_for, worst_ratio

TEXT_KINDS = {"title": "title", "ctrTitle": "title", "subTitle": "subtitle", "body": "body", "obj": "body"}


def layout_risks(prs, infos, layout_objects, theme, words: list[str]) -> dict[int, list[str]]:
    """Per layout index, one line per risk."""
    scheme = ooxml.theme_colors(prs)
    size = (int(prs.slide_width), int(prs.slide_height))
    backdrop = Backdrop(layout_objects, size, scheme)
    theme, _ = scaled_sizes(theme, size[1])
    styles = Styles(resolver(prs), theme, layout_objects)
    longest = sorted(set(words), key=len, reverse=True)[:20]
    out: dict[int, list[str]] = {}
    for info in infos:
        found = []
        image = backdrop.image(info.index)
        names = {id(a): a.name for a in backdrop.artwork(info.index)}
        for ph in info.placeholders:
            role = TEXT_KINDS.get(ph.kind)
            if role is None or ph.vertical or ph.box.width <= 0 or ph.box.height <= 0:
                continue
            box = ph.box
            if box.top < 0 or box.left < 0 or box.left + box.width > size[0] or box.top + box.height > size[1]:
                found.append(f"{role}: its box reaches beyond the slide's edge (deckgen clips it)")
            el = text_colour(styles.resolver, ph.kind, layout_objects[info.index]._element, str(ph.idx))
            colour = (colour_of(el, scheme) if el is not None else None) or scheme.get("tx1", "#000000")
            under = [c for c, _ in backdrop.colours_under(image, box)]
            pt = theme.deck.title_min if role == "title" else theme.deck.body_min
            need = minimum_for(pt, role == "title")
            if under and worst_ratio(colour, under) < need:
                found.append(f"{role}: its text colour {colour} has contrast {worst_ratio(colour, under):.2f}:1 on "
                             f"{', '.join(under[:3])} behind it (needs {need:g}:1; deckgen picks another colour)")
            hits = [a for a in backdrop.artwork(info.index) if not a.faint
                    and any(overlap(box, b) for b in (a.pieces or (a.box,)))
                    and a.box.area < 0.6 * size[0] * size[1] and not (a.filled and _inside(box, a.box))]
            for art in hits[:3]:
                found.append(f"{role}: the template's {art.kind} '{names.get(id(art), art.name)}' lies where its "
                             "text would go (deckgen keeps text clear of it)")
            style = styles.style(info.index, ph.kind, ph.idx)
            width, _ = inner_size(box)
            for word in longest:
                drawn = word.upper() if style.caps else word
                w = style.family.face(style.bold or role == "title", style.italic).width(drawn) * pt + \
                    style.tracking * len(drawn)
                if w > width * WIDTH_MARGIN:
                    found.append(f"{role}: {width / 72:.1f} in wide, too narrow for '{word}' at {pt:g} pt "
                                 "(deckgen widens the box or hyphenates the word)")
                    break
        out[info.index] = found
    return out


def _inside(inner, outer) -> bool:
    return (outer.left <= inner.left and outer.top <= inner.top and inner.left + inner.width <= outer.left + outer.width
            and inner.top + inner.height <= outer.top + outer.height)
