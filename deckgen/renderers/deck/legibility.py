"""Every text deckgen placed, checked against what is really behind it, and made readable.

Once a deck's slides are written, `Legibility` goes through each slide's shapes in drawing
order, painting what lies under each text (the layout's backdrop from backdrop.py, then the
slide's own bands, panels and pictures), and compares the colour every run is drawn in
(its own, else what the placeholder inherits, else the hyperlink colour) with each colour
under the text box: WCAG 2.x AA, 4.5:1, or 3:1 for large text (footers too need 4.5:1). A
subtitle or footer (held to 4.5:1 at any size: secondary text is read) that fails gets the nearest
shade of its own colour that passes (a light grey becomes a darker grey, not the body's black); any other text the first of the template's light and
dark scheme colours that passes (lt1/dk1, then lt2/dk2), else white or black; where none of those passes on a busy
picture or pattern, a panel in lt1 or dk1 goes behind it. Each change is said in the fit
report, naming the slides; what even a panel cannot make readable is a warning.
"""

from __future__ import annotations

from deckgen.errors import Location
from deckgen.renderers.deck import ooxml
from deckgen.renderers.slidexml.backdrop import Backdrop, SlideLayers
from deckgen.renderers.slidexml.colours import colour_of, gradient_average
from deckgen.renderers.slidexml.layouts import Box
from deckgen.renderers.slidexml.styles import bullet_colour, placeholder_fill, text_colour
from deckgen.renderers.slidexml.xmlpath import A, P, first
from deckgen.renderers.slidexml.xmlpath import clark as _q
from deckgen.theming.contrast import BODY, LARGE, minimum_for, nearest_shade, ratio, readable_choice, worst_ratio

FURNITURE = ("dt", "ftr", "sldNum")
QUIET = (*FURNITURE, "subTitle")  # secondary text: a failing colour becomes the nearest shade of itself
SCRIPT = 0.58  # a superscript's drawn size, × its run's: LibreOffice draws it at 58 % (figures.SHRINK), PowerPoint
#               at about 2/3; the smaller decides (a 44 pt value's marker, 22.9 pt as written, is drawn at 13.3 pt)
ROLE = {"title": "title", "ctrTitle": "title", "subTitle": "subtitle", "body": "text", "obj": "text",
        "dt": "date", "ftr": "footer", "sldNum": "slide number"}


_SP_PR, _SOLID = _q(P, "spPr"), _q(A, "solidFill")
_NV_SP_PR, _NV_PR, _PH = _q(P, "nvSpPr"), _q(P, "nvPr"), _q(P, "ph")
_TX_BODY, _T, _R, _FLD, _RPR = _q(P, "txBody"), _q(A, "t"), _q(A, "r"), _q(A, "fld"), _q(A, "rPr")


class Legibility:
    """Checks and repairs the contrast of a deck's text; collects what it changed."""

    def __init__(self, backdrop: Backdrop, scheme: dict[str, str], resolver, layout_infos, layout_objects):
        self.backdrop = backdrop
        self.scheme = scheme
        self.resolver = resolver
        self.infos = layout_infos
        self.layouts = layout_objects
        self.changes: dict[tuple, list[int]] = {}  # (role, what was, what is) -> slide numbers
        self.unreadable: dict[tuple, list[int]] = {}
        self.checked = 0
        self._inherited: dict[tuple, object] = {}  # (what, kind, layout, idx) -> element: the layouts do not change

    def _from_layout(self, what, kind: str | None, layout, idx: str | None):
        """text_colour, bullet_colour or placeholder_fill of a placeholder, read once per deck (each
        slide's texts ask again; the layouts and master are not changed while slides are checked)."""
        key = (what, kind, id(layout), idx)
        if key not in self._inherited:
            self._inherited[key] = what(self.resolver, kind, layout._element, idx)
        return self._inherited[key]

    # --- per slide -----------------------------------------------------------------------
    def slide(self, number: int, slide, layout_index: int) -> None:
        """Checks every text of one slide (a python-pptx slide on layout `layout_index`)."""
        element, part = slide._element, slide.part
        tree = first(element, _q(P, 'cSld'), _q(P, 'spTree'))
        texts = [sp for sp in tree.iterchildren(_q(P, "sp")) if _text(sp)]
        if not texts:
            return
        layout = self.layouts[layout_index]
        layers = SlideLayers(self.backdrop, layout_index, element, part)
        for sp in texts:
            box = self._box(sp, layout_index)
            if box is None or box.width <= 0 or box.height <= 0:
                continue
            kind, idx = _placeholder(sp)
            fill = first(sp, _SP_PR, _SOLID)
            if fill is None and kind is not None:
                inherited = self._from_layout(placeholder_fill, kind, layout, idx)
                fill = inherited if inherited is not None and inherited.tag == _q(A, "solidFill") else None
            if fill is not None and len(fill) and colour_of(fill[0], self.scheme):
                under = [colour_of(fill[0], self.scheme)]
            else:
                under = [c for c, _ in layers.colours(sp, box)]
            if not under:
                continue
            self.checked += 1
            self._check(number, sp, kind, idx, layout, under, box)

    def _bullets(self, number: int, sp, kind: str | None, idx: str | None, layout, under: list[str]) -> None:
        """Bullets in a colour of the template's own that does not read there follow the text's colour."""
        if kind is None:
            return
        el = self._from_layout(bullet_colour, kind, layout, idx)
        colour = colour_of(el, self.scheme) if el is not None else None
        if colour is None or worst_ratio(colour, under) + 1e-9 >= LARGE:
            return
        changed = 0
        for ppr in first(sp, _q(P, "txBody")).iter(_q(A, "pPr")):
            if first(ppr, _q(A, "buNone")) is not None or first(ppr, _q(A, "buClrTx")) is not None:
                continue
            ooxml.bullets_in_text_colour(ppr)
            changed += 1
        if changed:
            key = (ROLE.get(kind, "text") + " bullets", colour, min(under, key=lambda bg: ratio(colour, bg)),
                   round(worst_ratio(colour, under), 2), "the text's colour", 0)
            self.changes.setdefault(key, []).append(number)

    def _check(self, number: int, sp, kind: str | None, idx: str | None, layout, under: list[str], box: Box) -> None:
        self._bullets(number, sp, kind, idx, layout, under)
        inherited = self._from_layout(text_colour, kind, layout, idx)
        gradient = inherited is not None and inherited.tag == _q(A, "gradFill")
        default = ((gradient_average(inherited, self.scheme) if gradient else colour_of(inherited, self.scheme))
                   if inherited is not None else None) or self.scheme.get("tx1", "#000000")
        worst, failing, bad = None, None, []
        for rpr, size, bold in _runs(sp):
            own = first(rpr, _SOLID, '*') if rpr is not None else None
            link = rpr is not None and first(rpr, _q(A, "hlinkClick")) is not None
            colour = (colour_of(own, self.scheme) if own is not None else None) or (
                self.scheme.get("hlink", default) if link else default)
            # secondary text (a subtitle, the footers) is read, not looked at: 4.5:1 at any size (utwente's
            # 23 pt subtitle in #8B8B8B on white, 3.4:1, passed as large text before)
            minimum = BODY if kind in QUIET else minimum_for(size or 12.0, bold)
            r = worst_ratio(colour, under)
            if r + 1e-9 < minimum:
                bad.append(rpr)
                if failing is None or r < worst:
                    worst, failing = r, (colour, minimum)
            elif link and own is None and "hlink" in self.scheme:  # the colour checked, for every renderer
                ooxml.text_colour([rpr], "hlink", None)  # (LibreOffice has its own for links otherwise)
            elif gradient and own is None and rpr is not None:  # gradient text: LibreOffice draws it black;
                ooxml.text_colour([rpr], None, colour.lstrip("#"))  # both draw the colour checked
        if failing is None:
            return
        colour, minimum = failing
        role = ROLE.get(kind or "", "text box")
        against = min(under, key=lambda bg: ratio(colour, bg))
        shade = nearest_shade(colour, under, minimum) if kind in QUIET else None
        if shade is not None:  # secondary text keeps its own colour, only darker or lighter
            ooxml.text_colour(_whole(sp, bad), None, shade.lstrip("#"))
            self.changes.setdefault((role, colour, against, round(worst, 2), f"a shade of it, {shade},",
                                     round(worst_ratio(shade, under), 1)), []).append(number)
            return
        slot, new, new_ratio = readable_choice(self.scheme, under, minimum)
        if new_ratio + 1e-9 >= minimum:
            ooxml.text_colour(_whole(sp, bad), slot, None if slot else new.lstrip("#"))
            what = f"its {slot} {new}" if slot else new
            self.changes.setdefault((role, colour, against, round(worst, 2), what, round(new_ratio, 1)),
                                    []).append(number)
            return
        panel, text = max((("lt1", "dk1"), ("dk1", "lt1")),
                          key=lambda pair: ratio(self.scheme.get(pair[0], "#FFFFFF"), self.scheme.get(pair[1], "#000")))
        prev = sp.getprevious()
        ooxml.panel(sp.getparent(), (box.left, box.top, box.width, box.height), panel, 1.0, "legibility panel",
                    after=prev if prev is not None and prev.tag != _q(P, "grpSpPr") else None)
        ooxml.text_colour(list(sp.iter(_q(A, "rPr"), _q(A, "endParaRPr"))), text, None)
        achieved = ratio(self.scheme.get(panel, "#FFFFFF"), self.scheme.get(text, "#000000"))
        key = (role, colour, against, round(worst, 2), f"a panel in {panel} under {text}", round(achieved, 1))
        self.changes.setdefault(key, []).append(number)
        if achieved + 1e-9 < minimum:
            self.unreadable.setdefault((role, round(achieved, 2), minimum), []).append(number)

    def _box(self, sp, layout_index: int) -> Box | None:
        xfrm = first(sp, _SP_PR, _q(A, 'xfrm'))
        if xfrm is not None and first(xfrm, _q(A, "off")) is not None and first(xfrm, _q(A, "ext")) is not None:
            off, ext = first(xfrm, _q(A, "off")), first(xfrm, _q(A, "ext"))
            return Box(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
        kind, idx = _placeholder(sp)
        if kind is None:
            return None
        info = self.infos[layout_index]
        same = [p for p in info.placeholders if str(p.idx) == (idx or "0") and p.kind == kind] or \
            [p for p in info.placeholders if p.kind == kind]
        return same[0].box if same else None

    # --- what it did ---------------------------------------------------------------------
    def report(self) -> list[str]:
        out = []
        for (role, was, against, r, what, now), slides in self.changes.items():
            out.append(f"{_slides(slides)} ({role}): the template's colour {was} has contrast {r:.2f}:1 on {against} "
                       f"behind it; {what} is used" + (f" ({now:g}:1)" if now else ""))
        return out

    def warnings(self, deck, where: Location) -> None:
        for (role, achieved, minimum), slides in self.unreadable.items():
            deck.warn(f"{_slides(slides)} ({role}): no colour of the template's scheme reaches {minimum:g}:1 there "
                      f"(best {achieved:.2f}:1)", "give the template lighter and darker scheme colours (lt1, dk1)",
                      where)


def _whole(sp, bad: list) -> list:
    """The run properties to recolour: only the failing runs (a key figure's marker, a link), unless
    a run without properties fails, or most do: then the whole shape, paragraph marks included."""
    runs = list(_runs(sp))
    if None in bad or len(bad) * 2 > len(runs):
        return list(sp.iter(_q(A, "rPr"), _q(A, "endParaRPr")))
    return bad


def _slides(numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    return ("slide " if len(numbers) == 1 else "slides ") + ", ".join(str(n) for n in numbers)


def _text(sp) -> bool:
    body = first(sp, _TX_BODY)
    return body is not None and any((t.text or "").strip() for t in body.iter(_T))


def _placeholder(sp) -> tuple[str | None, str | None]:
    ph = first(sp, _NV_SP_PR, _NV_PR, _PH)
    if ph is None:
        return None, None
    return ph.get("type", "obj"), ph.get("idx")


def _runs(sp):
    """(rPr or None, size pt or None, bold) of each run and field with text in a shape."""
    for run in first(sp, _TX_BODY).iter(_R, _FLD):
        t = first(run, _T)
        if t is None or not (t.text or "").strip():
            continue
        rpr = first(run, _RPR)
        size = int(rpr.get("sz")) / 100 if rpr is not None and (rpr.get("sz") or "").isdigit() else None
        if size and rpr.get("baseline", "0") not in ("0", ""):  # a superscript is drawn about 2/3 as large
            size *= SCRIPT
        bold = rpr is not None and rpr.get("b") in ("1", "true")
        yield rpr, size, bold
