"""Colours deckgen chooses on a template's slides, checked against the background they sit on.

The background is the layout's, else the master's (`p:bg`): a solid fill, the average of a
gradient's stops, or the dominant colour of a picture; a template that sets none has its
colour map's bg1. Key figures (large, bold) need 3:1 and labels 4.5:1 (WCAG 2.1 AA). The
template's own scheme colours are tried first, so the slides keep its look; when none is
readable, the better of black and white is used and the caller warns.
"""

from __future__ import annotations

import colorsys
import io
import re

from lxml import etree

from deckgen.renderers.slidexml.xmlpath import A, P, R
from deckgen.theming.contrast import BODY, LARGE, mix, nearest_shade, ratio

FIGURE_SLOTS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "tx2", "tx1")
TEXT_SLOTS = ("tx1", "tx2", "bg1", "bg2")
_PRESETS = {"black": "#000000", "white": "#FFFFFF"}


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _modified(hex_color: str, el) -> str:
    """A colour with its lumMod/lumOff/shade/tint children applied (as PowerPoint does, roughly)."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    for child in el:
        name = etree.QName(child).localname
        try:
            val = int(child.get("val", "100000")) / 100000
        except ValueError:
            continue
        if name == "lumMod":
            l *= val
        elif name == "lumOff":
            l += val
        elif name == "shade":  # in linear light, as PowerPoint and LibreOffice draw it
            r, g, b = (_gamma(_linear(c) * val) for c in colorsys.hls_to_rgb(h, l, s))
            h, l, s = colorsys.rgb_to_hls(r, g, b)
        elif name == "tint":  # tx1 tinted 75 %: #8B8B8B, not #404040
            r, g, b = (_gamma(_linear(c) * val + 1 - val) for c in colorsys.hls_to_rgb(h, l, s))
            h, l, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, min(max(l, 0.0), 1.0), s)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def colour_of(el, scheme: dict[str, str]) -> str | None:
    """The #RRGGBB of a colour element (srgbClr, schemeClr, sysClr, prstClr), or None."""
    name = etree.QName(el).localname
    base = None
    if name == "srgbClr":
        base = "#" + el.get("val", "").upper()
    elif name == "schemeClr":
        base = scheme.get(el.get("val", ""))
    elif name == "sysClr":
        base = "#" + el.get("lastClr", "").upper() if el.get("lastClr") else None
    elif name == "prstClr":
        base = _PRESETS.get(el.get("val", ""))
    if not base or len(base) != 7:
        return None
    key = (base, tuple((child.tag, child.get("val")) for child in el))  # all _modified reads
    found = _MODIFIED.get(key)
    if found is None:
        if len(_MODIFIED) > 4096:
            _MODIFIED.clear()
        found = _MODIFIED[key] = _modified(base, el)
    return found


_MODIFIED: dict[tuple, str] = {}  # (base, modifiers) -> colour: a deck asks for the same few thousands of times


def _average(colours: list[str]) -> str:
    n = len(colours)
    return "#" + "".join(f"{round(sum(int(c[i:i + 2], 16) for c in colours) / n):02X}" for i in (1, 3, 5))


def _picture(blob: bytes) -> str | None:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(blob)) as img:
            if img.mode.startswith("I"):  # 16-bit grey: scale to 8 bits (convert() would clip to white)
                img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
            small = img.convert("RGB").resize((48, 48))
            quant = small.quantize(colors=6)
            _, index = max(quant.getcolors())
            palette = quant.getpalette()
            return "#" + "".join(f"{v:02X}" for v in palette[index * 3:index * 3 + 3])
    except Exception:  # noqa: BLE001  (an image Pillow cannot read, EMF or damaged: no background from it)
        return None


def gradient_average(fill, scheme: dict[str, str]) -> str | None:
    """The average of a gradient fill's stops (text drawn in a gradient, checked as its average)."""
    return _fill(fill, scheme, None)


def _fill(fill, scheme: dict[str, str], part) -> str | None:
    name = etree.QName(fill).localname
    if name == "solidFill" and len(fill):
        return colour_of(fill[0], scheme)
    if name == "gradFill":
        stops = [colour_of(gs[0], scheme) for gs in fill.iter(f"{{{A}}}gs") if len(gs)]
        stops = [c for c in stops if c]
        return _average(stops) if stops else None
    if name == "pattFill":
        fg = fill.find(f"{{{A}}}fgClr")
        return colour_of(fg[0], scheme) if fg is not None and len(fg) else None
    if name == "blipFill":
        blip = fill.find(f"{{{A}}}blip")
        rid = blip.get(f"{{{R}}}embed") if blip is not None else None
        if rid and part is not None:
            try:
                return _picture(part.related_part(rid).blob)
            except (KeyError, AttributeError):
                return None
    return None


def own_background(element, scheme: dict[str, str], part=None) -> str | None:
    """The background a slide, layout or master element sets itself, or None."""
    bg = element.find(f"{{{P}}}cSld/{{{P}}}bg")
    if bg is None:
        return None
    pr = bg.find(f"{{{P}}}bgPr")
    if pr is not None:
        for fill in pr:
            colour = _fill(fill, scheme, part)
            if colour:
                return colour
        return None
    ref = bg.find(f"{{{P}}}bgRef")
    if ref is not None and len(ref):
        return colour_of(ref[0], scheme)
    return None


def background(layout, scheme: dict[str, str]) -> str:
    """The colour a python-pptx layout's slides are drawn on: its own, its master's, else bg1."""
    for owner in (layout, layout.slide_master):
        colour = own_background(owner._element, scheme, owner.part)
        if colour:
            return colour
    return scheme.get("bg1", "#FFFFFF")


def readable_slot(scheme: dict[str, str], against: str, minimum: float, slots: tuple[str, ...]
                  ) -> tuple[str | None, str]:
    """(scheme slot, colour) of the first slot readable on `against`; (None, black or white) if none."""
    for slot in slots:
        colour = scheme.get(slot)
        if colour and ratio(colour, against) >= minimum:
            return slot, colour
    return None, max(("#000000", "#FFFFFF"), key=lambda c: ratio(c, against))


ACCENTS = FIGURE_SLOTS[:6]
HUE_NEAR = 30  # degrees: an accent this close in hue is the same colour family (a lighter or darker blue)


def _hue(colour: str) -> float | None:
    """The colour's hue in degrees; None for a grey (too little saturation to have one)."""
    h, light, sat = colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    return None if sat < 0.15 or light < 0.08 or light > 0.95 else h * 360


def _near(a: str, b: str) -> bool:
    ha, hb = _hue(a), _hue(b)
    if ha is None or hb is None:
        return ha is None and hb is None
    return min(abs(ha - hb), 360 - abs(ha - hb)) <= HUE_NEAR


def figure_colours(scheme: dict[str, str], against: str) -> tuple[tuple[str | None, str], tuple[str | None, str]]:
    """The colours of key figures and of their labels (4.5:1) on a background. A figure takes the first
    colour of the template's scheme that reaches 3:1 there (large text's minimum); where that is under 4.5:1
    (a number read from the back of the room, on a projector that washes colours out), an accent of the same
    colour family that reaches 4.5:1 (jmablog: accent1 #4472C4 on its navy #1D1D30 is 3.5:1, its accent5
    #5B9BD5, a lighter blue, 5.6:1), else the nearest shade of it that does (utwente's teal #089BB8, 3.1:1 on
    white, a darker teal): the template's colour, made readable, never another colour that would read as
    an accent of its own (utwente's red)."""
    slot, colour = readable_slot(scheme, against, LARGE, FIGURE_SLOTS)
    if slot is not None and ratio(colour, against) < BODY:
        kin = [s for s in ACCENTS if scheme.get(s) and _near(scheme[s], colour) and ratio(scheme[s], against) >= BODY]
        if kin:
            slot, colour = kin[0], scheme[kin[0]]
        else:
            shade = nearest_shade(colour, [against], BODY)
            if shade is not None:
                slot, colour = None, shade
    return (slot, colour), readable_slot(scheme, against, BODY, TEXT_SLOTS)


def palette_problems(scheme: dict[str, str], against: str, theme_text: str) -> tuple[dict, list[str]]:
    """The figure and label colours for one background, as text_body arguments
    ({"value": (hex or None, slot or None), "label": …}), and what could not be met."""
    (vslot, vhex), (lslot, lhex) = figure_colours(scheme, against)
    problems = []
    out = {}
    for role, slot, colour, minimum in (("value", vslot, vhex, LARGE), ("label", lslot, lhex, BODY)):
        if slot is None and role == "value" and readable_slot(scheme, against, LARGE, FIGURE_SLOTS)[0] is not None:
            # a scheme colour's shade, made readable (figure_colours)
            out[role] = (colour.lstrip("#"), None)
            continue
        if slot is None:
            colour = theme_text if ratio(theme_text, against) >= minimum else colour
            problems.append(f"no colour of the template's scheme is readable on its background {against} "
                            f"({minimum:g}:1) for key figure {'values' if role == 'value' else 'labels'}; "
                            f"{colour} is used")
            out[role] = (colour.lstrip("#"), None)
        else:
            out[role] = (None, None if role == "label" and slot == "tx1" else slot)
    return out, problems



def muted(text: str, against: str, t: float = 0.8) -> str:
    """A hairline colour: the text colour most of the way to the background (gridlines, rules)."""
    return mix(text, against, t)


_HEX6 = re.compile("[0-9A-Fa-f]{6}")


def scheme_colours(theme_root, master_element, skipped: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """The template's colour scheme, slot -> #RRGGBB (dk1, lt1, dk2, lt2, accent1-6, hlink, folHlink),
    plus bg1, tx1, bg2, tx2 as the slide master's colour map resolves them (a dark template
    maps bg1 to dk1). System colours (windowText, window) are read from their lastClr; slots
    that cannot be read are left out, and those whose value is not six hex digits
    (val="GGGGGG") are added to `skipped` as (slot, value).
    """
    scheme = theme_root.find(f".//{{{A}}}clrScheme")
    out: dict[str, str] = {}
    for slot in list(scheme) if scheme is not None else []:
        if not isinstance(slot.tag, str):  # a comment or processing instruction
            continue
        name = etree.QName(slot).localname
        for child in slot:
            if not isinstance(child.tag, str):
                continue
            value = child.get("val") if etree.QName(child).localname == "srgbClr" else child.get("lastClr")
            if value is None:
                continue
            if _HEX6.fullmatch(value):
                out[name] = "#" + value.upper()
            elif skipped is not None:
                skipped.append((name, value))
            break
    clr_map = master_element.find(f"{{{P}}}clrMap")
    for role, usual in (("bg1", "lt1"), ("tx1", "dk1"), ("bg2", "lt2"), ("tx2", "dk2")):
        slot = clr_map.get(role, usual) if clr_map is not None else usual
        if slot in out:
            out[role] = out[slot]
    return out
