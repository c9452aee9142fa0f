"""A placeholder's effective text formatting, resolved the way PowerPoint resolves it.

PowerPoint draws a run with the first value it finds in this chain: the run, the
paragraph, the placeholder's own list style on the slide, the layout placeholder's list
style, the master placeholder's list style, the master's title/body/other text style, and
for typefaces the theme's fonts (`+mj-lt` headings, `+mn-lt` body). Text boxes that are
not placeholders take the presentation's default text style instead of the master's.

deckgen writes the size, line spacing and paragraph spacing itself, and bold/italic only
where the content asks for them; everything else (typeface, inherited bold and italic,
letter-spacing `spc`, capitals `cap`) comes from the template, so text is measured with
what this module resolves. Pure XML reading: no python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from deckgen.errors import Diagnostic, Location
from deckgen.renderers.slidexml.xmlpath import A, P, first
from deckgen.renderers.slidexml.xmlpath import clark as _q
from deckgen.text.fit import TextStyle
from deckgen.text.fonts import Family
from deckgen.text.sysfonts import SUBSTITUTE, find_family

_TITLES = ("title", "ctrTitle")
HEADING_KINDS = _TITLES
_FOOTERS = ("dt", "ftr", "sldNum")
_FIELDS = ("typeface", "size", "bold", "italic", "spc", "cap", "line")


@dataclass(frozen=True)
class Effective:
    """What PowerPoint draws a placeholder's first-level text with (sizes in pt)."""

    typeface: str
    size: float | None = None
    bold: bool = False
    italic: bool = False
    spc: float = 0.0  # letter-spacing added after each character, pt
    cap: str = "none"  # none, all, small
    line: str | None = None  # line spacing as written: "120%" or "30pt"
    source: str = ""  # where the typeface was set (for inspect)


_NV_SP_PR, _NV_PR, _PH = _q(P, "nvSpPr"), _q(P, "nvPr"), _q(P, "ph")
_TX_BODY, _LST_STYLE, _DEF_RPR = _q(P, "txBody"), _q(A, "lstStyle"), _q(A, "defRPr")


def _level(lst, level: int = 1) -> dict:
    """The formatting a list style (lstStyle, titleStyle, …) sets for one level."""
    if lst is None:
        return {}
    ppr = lst.find(_q(A, f"lvl{level}pPr"))
    if ppr is None:
        return {}
    out: dict = {}
    ln = ppr.find(f"{_q(A, 'lnSpc')}/*")
    if ln is not None:
        val = ln.get("val", "")
        if val.isdigit():
            out["line"] = (f"{int(val) / 1000:g}%" if etree.QName(ln).localname == "spcPct" else
                           f"{int(val) / 100:g}pt")
    rpr = ppr.find(_q(A, "defRPr"))
    if rpr is not None:
        out.update(_run_props(rpr))
    return out


def _run_props(rpr) -> dict:
    out: dict = {}
    sz = rpr.get("sz")
    if sz and sz.isdigit():
        out["size"] = int(sz) / 100
    for attr in ("b", "i"):
        if rpr.get(attr) in ("1", "true", "0", "false"):
            out["bold" if attr == "b" else "italic"] = rpr.get(attr) in ("1", "true")
    spc = rpr.get("spc")
    if spc is not None:
        try:
            out["spc"] = int(spc) / 100
        except ValueError:
            pass
    if rpr.get("cap") in ("none", "all", "small"):
        out["cap"] = rpr.get("cap")
    latin = rpr.find(_q(A, "latin"))
    if latin is not None and latin.get("typeface"):
        out["typeface"] = latin.get("typeface")
    return out


def placeholders(root) -> list[tuple[str, str | None, object]]:
    """(type, idx, p:sp) of each placeholder shape on a slide, layout or master element."""
    out = []
    tree = first(root, _q(P, 'cSld'), _q(P, 'spTree'))
    if tree is None:
        return out
    for sp in tree.iter(_q(P, "sp")):
        ph = first(sp, _NV_SP_PR, _NV_PR, _PH)
        if ph is not None:
            out.append((ph.get("type", "obj"), ph.get("idx"), sp))
    return out


def _find(shapes, kind: str, idx: str | None):
    """The shape a placeholder inherits from: same idx, else same type (PowerPoint's rule)."""
    if idx is not None:
        for k, i, sp in shapes:
            if i == idx and (k in _TITLES) == (kind in _TITLES):
                return sp
    base = "title" if kind in _TITLES else kind
    for k, _, sp in shapes:
        if ("title" if k in _TITLES else k) == base:
            return sp
    if kind not in _TITLES and kind not in _FOOTERS:
        for k, _, sp in shapes:
            if k in ("body", "obj"):
                return sp
    return None


def _lst(sp):
    return None if sp is None else first(sp, _TX_BODY, _LST_STYLE)


class Resolver:
    """Resolves effective formatting for a presentation's placeholders and text boxes.

    `master` and `layouts` are the p:sldMaster / p:sldLayout elements, `theme` the a:theme
    element, `presentation` the p:presentation element (for its default text style)."""

    def __init__(self, master, theme, presentation=None):
        self.master = master
        self.master_shapes = placeholders(master)
        fonts = theme.find(f"{_q(A, 'themeElements')}/{_q(A, 'fontScheme')}") if theme is not None else None
        self.major = self._theme_font(fonts, "majorFont")
        self.minor = self._theme_font(fonts, "minorFont")
        self.styles = master.find(_q(P, "txStyles"))
        self.default = presentation.find(_q(P, "defaultTextStyle")) if presentation is not None else None
        self.text_default = theme.find(f"{_q(A, 'objectDefaults')}/{_q(A, 'txDef')}/{_q(A, 'lstStyle')}") \
            if theme is not None else None

    @staticmethod
    def _theme_font(fonts, which: str) -> str:
        latin = fonts.find(f"{_q(A, which)}/{_q(A, 'latin')}") if fonts is not None else None
        face = latin.get("typeface") if latin is not None else None
        return face or "Calibri"

    def _chain(self, kind: str | None, layout, idx: str | None) -> list[tuple[str, dict]]:
        """Levels from the most general to the most specific, each with what it sets."""
        if kind is None:  # a text box
            return [("theme text defaults", _level(self.text_default)),
                    ("presentation default text style", _level(self.default))]
        style = "titleStyle" if kind in _TITLES else "otherStyle" if kind in _FOOTERS else "bodyStyle"
        chain = [("presentation default text style", _level(self.default)) if kind in _FOOTERS else ("", {}),
                 (f"master {style}", _level(self.styles.find(_q(P, style)) if self.styles is not None else None)),
                 ("master placeholder", _level(_lst(_find(self.master_shapes, kind, None))))]
        if layout is not None:
            chain.append(("layout placeholder", _level(_lst(_find(placeholders(layout), kind, idx)))))
        return chain

    def resolve(self, kind: str | None, layout=None, idx: str | None = None) -> Effective:
        """The effective formatting of a placeholder of `kind` (title, body, …, with its idx)
        on `layout`, or of a plain text box when kind is None."""
        values: dict = {}
        source = "theme"
        for name, level in self._chain(kind, layout, idx):
            if "typeface" in level:
                source = name
            values.update({k: v for k, v in level.items() if k in _FIELDS})
        face = values.get("typeface")
        heading = kind in _TITLES
        if face is None:
            face = "+mj-lt" if heading else "+mn-lt"
        if face.startswith("+mj"):
            face, source = self.major, f"theme major font ({source})" if source != "theme" else "theme major font"
        elif face.startswith("+mn"):
            face, source = self.minor, f"theme minor font ({source})" if source != "theme" else "theme minor font"
        values["typeface"] = face
        return Effective(source=source, **values)


def _fill_of(ppr_parent, level: int = 1):
    """The colour element of a list style level's defRPr solidFill (or its gradFill: text drawn in a
    gradient), or None."""
    if ppr_parent is None:
        return None
    rpr = first(ppr_parent, _q(A, f'lvl{level}pPr'), _DEF_RPR)
    if rpr is None:
        return None
    return rpr.find(f"{_q(A, 'solidFill')}/*") if rpr.find(_q(A, "solidFill")) is not None else rpr.find(
        _q(A, "gradFill"))


def _font_ref(sp):
    """The colour of a shape's style font reference (p:style/a:fontRef), or None."""
    return None if sp is None else first(sp, _q(P, 'style'), _q(A, 'fontRef'), '*')


def text_colour(resolver: Resolver, kind: str | None, layout=None, idx: str | None = None):
    """The colour element (schemeClr, srgbClr, …, or a:gradFill for gradient text) a placeholder's or
    text box's first-level text is drawn with when its runs set none, resolved as PowerPoint does;
    None means tx1."""
    if kind is None:
        levels = [_fill_of(resolver.default), _fill_of(resolver.text_default)]
    else:
        style = "titleStyle" if kind in _TITLES else "otherStyle" if kind in _FOOTERS else "bodyStyle"
        layout_sp = _find(placeholders(layout), kind, idx) if layout is not None else None
        master_sp = _find(resolver.master_shapes, kind, None)
        levels = [_fill_of(_lst(layout_sp)), _font_ref(layout_sp), _fill_of(_lst(master_sp)), _font_ref(master_sp),
                  _fill_of(resolver.styles.find(_q(P, style)) if resolver.styles is not None else None)]
        if kind in _FOOTERS:
            levels.append(_fill_of(resolver.default))
    return next((el for el in levels if el is not None), None)


def colour_value(el) -> tuple[str | None, str | None]:
    """A colour element as the deck writes one: (its #RRGGBB hex without '#', None) for srgbClr, (None, its
    scheme slot) for schemeClr, (None, None) for anything else (sysClr, a gradient) or None."""
    if el is None:
        return None, None
    name = etree.QName(el).localname
    return (el.get("val"), None) if name == "srgbClr" else (None, el.get("val")) if name == "schemeClr" else (None, None)


def bullet_colour(resolver: Resolver, kind: str, layout=None, idx: str | None = None):
    """The colour element of a placeholder's first-level bullet (buClr), or None: bullets in the text's colour."""
    if kind in _TITLES or kind in _FOOTERS:
        return None
    layout_sp = _find(placeholders(layout), kind, idx) if layout is not None else None
    master_sp = _find(resolver.master_shapes, kind, None)
    path = f"{_q(A, 'lvl1pPr')}/{_q(A, 'buClr')}/*"
    for lst in (_lst(layout_sp), _lst(master_sp),
                resolver.styles.find(_q(P, "bodyStyle")) if resolver.styles is not None else None):
        if lst is not None and lst.find(f"{_q(A, 'lvl1pPr')}/{_q(A, 'buClrTx')}") is not None:
            return None
        found = lst.find(path) if lst is not None else None
        if found is not None:
            return found
    return None


def placeholder_fill(resolver: Resolver, kind: str, layout=None, idx: str | None = None):
    """The fill element (solidFill, gradFill, …) a placeholder's shape inherits from its layout or master."""
    for sp in ((_find(placeholders(layout), kind, idx) if layout is not None else None),
               _find(resolver.master_shapes, kind, None)):
        pr = sp.find(_q(P, "spPr")) if sp is not None else None
        if pr is None:
            continue
        for child in pr:
            if isinstance(child.tag, str) and etree.QName(child).localname in (
                    "solidFill", "gradFill", "pattFill", "blipFill", "noFill"):
                return child
    return None


def describe(eff: Effective) -> str:
    """A short description for `deckgen inspect`: Verdana bold, spc 3 pt, capitals."""
    parts = [eff.typeface]
    if eff.bold:
        parts.append("bold")
    if eff.italic:
        parts.append("italic")
    if eff.spc:
        parts.append(f"letter-spacing {eff.spc:+g} pt")
    if eff.cap != "none":
        parts.append("all capitals" if eff.cap == "all" else "small capitals")
    return " ".join(parts[:1]) + (", " + ", ".join(parts[1:]) if parts[1:] else "")


class Styles:
    """Per deck: effective formatting by (layout, placeholder), families by typeface, and
    which font was measured how (for the fit report and the warnings)."""

    def __init__(self, resolver: Resolver, theme, layout_objects):
        self.resolver = resolver
        self.layout_objects = layout_objects
        self.theme = theme
        self.effective: dict = {}
        self.families: dict[str, Family] = {}
        self.roles: dict[str, set[str]] = {}
        # The typeface deckgen writes on its own text boxes (a task, a key figure, a caption) where it is not
        # the one they would inherit: the template's body text's, so one slide's text is in one family
        # (jmablog sets Arial on its master's body style, while a text box inherits the theme's Rockwell).
        self.box_face: str | None = None

    def effective_for(self, layout_index: int | None, kind: str | None, idx: int | None) -> Effective:
        key = (layout_index, kind, idx)
        if key not in self.effective:
            layout = self.layout_objects[layout_index]._element if layout_index is not None else None
            self.effective[key] = self.resolver.resolve(kind, layout, None if idx is None else str(idx))
        found = self.effective[key]
        if kind is None and self.box_face is not None and found.typeface != self.box_face:
            return replace(found, typeface=self.box_face, source="the body text's typeface, written on the box")
        return found

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
            if fam.source.startswith(SUBSTITUTE):
                twin = fam.source.rsplit("twin ", 1)[-1].rstrip(")")
                out.append(Diagnostic(
                    "warning", f"the template's font '{name}' is not installed, and LibreOffice knows no alias to "
                               f"its metric twin {twin}: without the font it draws DejaVu Sans, about a quarter "
                               f"wider; text in '{name}' is measured as DejaVu Sans, so it fits there and in "
                               "PowerPoint, a little smaller than PowerPoint alone would need", where,
                    f"install '{name}', or let fontconfig map it to {twin} (in ~/.config/fontconfig/fonts.conf: "
                    f"<alias binding=\"same\"><family>{name}</family><accept><family>{twin}</family></accept>"
                    "</alias>); deckgen then measures it with that"))
                continue
            if not fam.source.startswith("fallback"):
                continue
            keys = " and ".join(f"fonts: {r}:" for r in ("heading", "body") if r in self.roles.get(name, ()))
            out.append(Diagnostic(
                "warning", f"no metrics found for the template's font '{name}' (not installed, no bundled twin); "
                           "text is measured with a conservative fallback (DejaVu Sans, widened), so it fits but "
                           "may be set smaller than needed", where,
                f"add the font's .ttf files to the theme under {keys} with family: \"{name}\", or install the font"))
        return out
