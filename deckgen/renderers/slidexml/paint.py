"""Painting a slide's background and a template's shapes with Pillow, and reading them as artwork.

`Painter` draws, into a small RGB picture of the slide, what PowerPoint draws from the XML of a
master, layout or slide: backgrounds (solid, gradient, pattern, picture), filled preset and
custom shapes (triangles, ellipses, freeform paths) with their rotation and opacity, outlines,
lines and connectors, pictures (cropped), groups (their child coordinates mapped). While it
paints it lists each visible thing as an `Artwork`, for backdrop.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from deckgen.renderers.slidexml import thumbs
from deckgen.renderers.slidexml.colours import colour_of
from deckgen.renderers.slidexml.layouts import Box
from deckgen.renderers.slidexml.xmlpath import MC, A, P, R, first
from deckgen.renderers.slidexml.xmlpath import clark as _q

PIXELS = 240  # width of the painted slide, px


@dataclass(frozen=True)
class Artwork:
    """One visible thing a master or layout draws: its box on the slide (rotation included)."""

    box: Box
    kind: str  # picture, shape, line, group, text
    name: str
    filled: bool = False  # a filled shape: a band or panel text may lie on
    pieces: tuple[Box, ...] = ()  # a line's or path's segments (a diagonal's box is not all in the way)
    faint: bool = False  # drawn at low opacity: texture, not in the way of text


_NV_PR, _PH, _C_NV_PR = f"{{{P}}}nvPr", f"{{{P}}}ph", f"{{{P}}}cNvPr"


def _heads(el) -> list:
    """The children ElementPath's `./*[1]` selects (each the first of its tag), in order: read here
    without ElementPath's Python generators (a shape's nvSpPr, spPr, …)."""
    seen: set = set()
    out = []
    for child in el.iterchildren("*"):
        if child.tag not in seen:
            seen.add(child.tag)
            out.append(child)
    return out


def inside(inner: Box, outer: Box) -> bool:
    return (outer.left <= inner.left and outer.top <= inner.top and inner.left + inner.width <= outer.left + outer.width
            and inner.top + inner.height <= outer.top + outer.height)


def _xfrm(el):
    for path in (f"{_q(P, 'spPr')}/{_q(A, 'xfrm')}", f"{_q(P, 'grpSpPr')}/{_q(A, 'xfrm')}", _q(P, "xfrm")):
        x = el.find(path)
        if x is not None:
            return x
    return None


class Frame:
    """Maps a shape's coordinates to the slide's (through the groups it is in)."""

    def __init__(self, ox=0.0, oy=0.0, sx=1.0, sy=1.0):
        self.ox, self.oy, self.sx, self.sy = ox, oy, sx, sy

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + x * self.sx, self.oy + y * self.sy

    def child(self, xfrm) -> "Frame":
        off, ext = first(xfrm, _q(A, "off")), first(xfrm, _q(A, "ext"))
        ch_off, ch_ext = first(xfrm, _q(A, "chOff")), first(xfrm, _q(A, "chExt"))
        if None in (off, ext, ch_off, ch_ext):
            return self
        try:
            sx = int(ext.get("cx")) / int(ch_ext.get("cx")) if int(ch_ext.get("cx")) else 1.0
            sy = int(ext.get("cy")) / int(ch_ext.get("cy")) if int(ch_ext.get("cy")) else 1.0
            ox, oy = int(off.get("x")) - int(ch_off.get("x")) * sx, int(off.get("y")) - int(ch_off.get("y")) * sy
        except (TypeError, ValueError):
            return self
        gx, gy = self.point(ox, oy)
        return Frame(gx, gy, self.sx * sx, self.sy * sy)


def _corners(el, frame: Frame) -> list[tuple[float, float]] | None:
    """The four corners of a shape on the slide (EMU), rotated, or None without a position."""
    xfrm = _xfrm(el)
    if xfrm is None:
        return None
    off, ext = first(xfrm, _q(A, "off")), first(xfrm, _q(A, "ext"))
    if off is None or ext is None:
        return None
    try:
        x, y, cx, cy = (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
        rot = int(xfrm.get("rot", "0")) / 60000
    except (TypeError, ValueError):
        return None
    x0, y0 = frame.point(x, y)
    w, h = cx * frame.sx, cy * frame.sy
    pts = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)]
    if rot % 360:
        mx, my = x0 + w / 2, y0 + h / 2
        c, s = math.cos(math.radians(rot)), math.sin(math.radians(rot))
        pts = [(mx + (px - mx) * c - (py - my) * s, my + (px - mx) * s + (py - my) * c) for px, py in pts]
    return pts


def _bounds(pts: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return Box(int(min(xs)), int(min(ys)), max(int(max(xs) - min(xs)), 1), max(int(max(ys) - min(ys)), 1))


def _alpha(colour_el) -> float:
    a = first(colour_el, _q(A, "alpha")) if colour_el is not None else None
    try:
        return int(a.get("val")) / 100000 if a is not None else 1.0
    except (TypeError, ValueError):
        return 1.0


class Painter:
    """Paints the elements of masters, layouts and slides onto a small RGB picture of the slide."""

    def __init__(self, size: tuple[int, int], scheme: dict[str, str]):
        self.width, self.height = size
        self.scheme = scheme
        self.scale = PIXELS / self.width
        self.px = (PIXELS, max(1, round(self.height * self.scale)))

    def blank(self, colour: str = "#FFFFFF"):
        from PIL import Image

        return Image.new("RGB", self.px, colour)

    # --- backgrounds -------------------------------------------------------------------
    def background(self, img, owners) -> bool:
        """Paints the first background the owners (slide, layout, master: (element, part)) set."""
        for element, part in owners:
            bg = first(element, _q(P, "cSld"), _q(P, "bg"))
            if bg is None:
                continue
            pr = first(bg, _q(P, "bgPr"))
            if pr is not None:
                for fill in pr:
                    if self.fill(img, fill, [(0, 0), (self.width, 0), (self.width, self.height), (0, self.height)],
                                 part):
                        return True
                return False
            ref = first(bg, _q(P, "bgRef"))
            if ref is not None and len(ref):
                colour = colour_of(ref[0], self.scheme)
                if colour:
                    img.paste(colour, (0, 0) + img.size)
                    return True
        return False

    def fill(self, img, fill, pts, part) -> bool:
        """Paints one fill element (solid, gradient, pattern, picture) into the polygon pts (EMU)."""
        from PIL import Image, ImageDraw

        name = etree.QName(fill).localname
        poly = [(x * self.scale, y * self.scale) for x, y in pts]
        box = _bounds(pts)
        if name == "solidFill" and len(fill):
            colour = colour_of(fill[0], self.scheme)
            if not colour:
                return False
            self._polygon(img, poly, colour, _alpha(fill[0]))
            return True
        if name == "gradFill":
            stops = []
            for gs in fill.iter(_q(A, "gs")):
                colour = colour_of(gs[0], self.scheme) if len(gs) else None
                if colour:
                    stops.append((int(gs.get("pos", "0")) / 100000, colour))
            if not stops:
                return False
            stops.sort()
            lin = first(fill, _q(A, "lin"))
            angle = int(lin.get("ang", "0")) / 60000 if lin is not None else 90.0
            tile = Image.new("RGB", (max(1, round(box.width * self.scale)), max(1, round(box.height * self.scale))))
            w, h = tile.size
            c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            span = abs(w * c) + abs(h * s) or 1
            for yy in range(h):
                for xx in range(w):
                    t = ((xx - (w if c < 0 else 0)) * c + (yy - (h if s < 0 else 0)) * s) / span
                    tile.putpixel((xx, yy), _at(stops, t))
            self._paste(img, tile, box, poly)
            return True
        if name == "pattFill":
            fg, bg = first(fill, _q(A, "fgClr")), first(fill, _q(A, "bgClr"))
            fgc = colour_of(fg[0], self.scheme) if fg is not None and len(fg) else None
            bgc = colour_of(bg[0], self.scheme) if bg is not None and len(bg) else None
            if not fgc and not bgc:
                return False
            tile = Image.new("RGB", (max(1, round(box.width * self.scale)), max(1, round(box.height * self.scale))),
                             bgc or "#FFFFFF")
            draw = ImageDraw.Draw(tile)
            for yy in range(tile.size[1]):  # both colours show under any text on a pattern
                for xx in range(yy % 2, tile.size[0], 2):
                    draw.point((xx, yy), fgc or "#000000")
            self._paste(img, tile, box, poly)
            return True
        if name == "blipFill":
            picture = self._blip(fill, part)
            if picture is None:
                return False
            self._paste(img, picture, box, poly)
            return True
        return name == "noFill"

    def _blip(self, fill, part):
        blip = first(fill, _q(A, "blip"))
        rid = blip.get(_q(R, "embed")) if blip is not None else None
        if not rid or part is None:
            return None
        try:
            blob = part.related_part(rid).blob
        except Exception:  # noqa: BLE001  (a broken relationship: not painted, still an obstacle)
            return None
        picture = thumbs.thumbnail(blob, PIXELS * 2)  # decoded once (see thumbs.py); None: EMF, SVG, damaged
        if picture is None:
            return None
        rect = first(fill, _q(A, "srcRect"))
        if rect is not None:
            w, h = picture.size
            try:
                l, t, r, b = (int(rect.get(k, "0")) / 100000 for k in ("l", "t", "r", "b"))
                picture = picture.crop((round(w * l), round(h * t), round(w * (1 - r)), round(h * (1 - b))))
            except (ValueError, SystemError):
                pass
        return picture

    def _polygon(self, img, poly, colour: str, alpha: float) -> None:
        from PIL import Image, ImageDraw

        if alpha >= 0.999:
            ImageDraw.Draw(img).polygon(poly, fill=colour)
            return
        layer = Image.new("RGB", img.size, colour)
        mask = Image.new("L", img.size, 0)
        ImageDraw.Draw(mask).polygon(poly, fill=round(255 * alpha))
        img.paste(layer, (0, 0), mask)

    def _paste(self, img, tile, box: Box, poly) -> None:
        from PIL import Image, ImageChops, ImageDraw

        size = (max(1, round(box.width * self.scale)), max(1, round(box.height * self.scale)))
        layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
        layer.paste(tile.convert("RGBA").resize(size), (round(box.left * self.scale), round(box.top * self.scale)))
        mask = Image.new("L", img.size, 0)
        ImageDraw.Draw(mask).polygon(poly, fill=255)
        img.paste(layer.convert("RGB"), (0, 0), ImageChops.multiply(layer.getchannel("A"), mask))

    # --- shapes --------------------------------------------------------------------------
    def shapes(self, img, element, part, art: list[Artwork] | None = None, skip=None) -> None:
        """Paints the shapes of a master, layout or slide (placeholders and `skip` excepted)."""
        tree = first(element, _q(P, "cSld"), _q(P, "spTree"))
        if tree is not None:
            self._tree(img, tree, part, Frame(), art, skip)

    def _tree(self, img, tree, part, frame: Frame, art, skip, slide: bool = False) -> None:
        """Paints shapes in order; on a slide (`slide`), a picture placeholder shows its picture."""
        for el in tree:
            if not isinstance(el.tag, str) or el is skip:
                continue
            tag = etree.QName(el).localname
            if tag == "AlternateContent":
                choice = el.find(f"{{{MC}}}Fallback")
                for child in (choice if choice is not None else []):
                    self._tree(img, [child], part, frame, art, skip, slide)
                continue
            if tag not in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame"):
                continue
            heads = _heads(el)
            if not (slide and tag == "pic") and any(True for h in heads for nv in h.iterchildren(_NV_PR)
                                                    for _ in nv.iterchildren(_PH)):
                continue  # a placeholder draws nothing on slides but what slides put in it
            if any(c.get("hidden") == "1" for h in heads for c in h.iterchildren(_C_NV_PR)):
                continue
            c_nv_pr = next((c for h in heads for c in h.iterchildren(_C_NV_PR)), None)
            name = c_nv_pr.get("name", "") if c_nv_pr is not None else ""
            if tag == "grpSp":
                xfrm = _xfrm(el)
                inner: list[Artwork] = []
                self._tree(img, el, part, frame.child(xfrm) if xfrm is not None else frame,
                           inner if art is not None else None, skip, slide)
                if art is not None and inner:
                    art.extend(inner)
                continue
            pts = _corners(el, frame)
            if pts is None:
                continue
            drawn = self._shape(img, el, tag, pts, part)
            if art is not None and drawn is not None:
                kind, pieces, faint = drawn
                art.append(Artwork(_bounds(pts), kind, name, kind == "shape", tuple(pieces), faint))

    def _shape(self, img, el, tag: str, pts, part) -> tuple[str, list[Box], bool] | None:
        """Paints one shape; returns (kind of artwork, its pieces, faint), or None when nothing shows."""
        from PIL import ImageDraw

        if tag == "pic":
            fill = first(el, _q(P, "blipFill"))
            picture = self._blip(fill, part) if fill is not None else None
            if picture is not None:
                self._paste(img, picture, _bounds(pts), [(x * self.scale, y * self.scale) for x, y in pts])
            return "picture", [], False
        if tag == "graphicFrame":
            return "picture", [], False  # a chart, table or diagram
        sp_pr = first(el, _q(P, "spPr"))
        geom = first(sp_pr, _q(A, "prstGeom")) if sp_pr is not None else None
        prst = geom.get("prst", "rect") if geom is not None else "rect"
        custom = sp_pr is not None and first(sp_pr, _q(A, "custGeom")) is not None
        paths = _paths(el, pts) if custom else []
        poly = max(paths, key=lambda ln: _bounds(ln).area) if paths else _outline(prst, pts, el)
        line_like = tag == "cxnSp" or prst in ("line", "straightConnector1") or _thin(pts)
        shown, pieces, faint = None, [], False
        if sp_pr is not None and not line_like:
            fills = [c for c in sp_pr if isinstance(c.tag, str) and etree.QName(c).localname in
                     ("solidFill", "gradFill", "pattFill", "blipFill", "noFill")]
            if fills:
                if etree.QName(fills[0]).localname != "noFill" and len(poly) > 2 and self.fill(img, fills[0], poly,
                                                                                                part):
                    shown = "shape"
                    faint = len(fills[0]) > 0 and _alpha(fills[0][0]) < 0.35
            else:
                ref = first(el, _q(P, "style"), _q(A, "fillRef"))
                colour = colour_of(ref[0], self.scheme) if ref is not None and len(ref) and \
                    ref.get("idx", "0") != "0" else None
                if colour and len(poly) > 2:
                    self._polygon(img, [(x * self.scale, y * self.scale) for x, y in poly], colour, 1.0)
                    shown = "shape"
        line = self._line(el, sp_pr)
        if line is not None:
            colour, width, alpha = line
            draw = ImageDraw.Draw(img)
            w = max(1, round(width * self.scale))
            if tag == "cxnSp" or prst in ("line", "straightConnector1"):
                lines = [list(_line_ends(pts, el))]
            elif paths:
                lines = paths
            else:
                lines = [list(poly) + [poly[0]]]
            for ln in lines:
                scaled = [(x * self.scale, y * self.scale) for x, y in ln]
                if alpha >= 0.999:
                    draw.line(scaled, fill=colour, width=w)
                else:
                    self._stroke(img, scaled, colour, w, alpha)
            if shown is None:
                shown, faint = "line", alpha < 0.35
                pieces = [_bounds([a, b]) for ln in lines for a, b in zip(ln, ln[1:])]
        if shown is None and _has_text(el):
            return "text", [], False
        return (shown, pieces, faint) if shown else None

    def _stroke(self, img, line, colour: str, width: int, alpha: float) -> None:
        from PIL import Image, ImageDraw

        mask = Image.new("L", img.size, 0)
        ImageDraw.Draw(mask).line(line, fill=round(255 * alpha), width=width)
        img.paste(Image.new("RGB", img.size, colour), (0, 0), mask)

    def _line(self, el, sp_pr) -> tuple[str, int, float] | None:
        """(colour, width in EMU, opacity) of a shape's outline, or None."""
        ln = first(sp_pr, _q(A, "ln")) if sp_pr is not None else None
        ref = first(el, _q(P, "style"), _q(A, "lnRef"))
        by_ref = colour_of(ref[0], self.scheme) if ref is not None and len(ref) and ref.get("idx", "0") != "0" \
            else None
        if ln is None:
            return (by_ref, 12700, 1.0) if by_ref else None
        if first(ln, _q(A, "noFill")) is not None:
            return None
        solid = first(ln, _q(A, "solidFill"))
        colour = colour_of(solid[0], self.scheme) if solid is not None and len(solid) else by_ref
        try:
            width = int(ln.get("w", "12700"))
        except ValueError:
            width = 12700
        return (colour, width, _alpha(solid[0]) if solid is not None and len(solid) else 1.0) if colour else None


def _at(stops: list[tuple[float, str]], t: float) -> tuple[int, int, int]:
    t = min(max(t, 0.0), 1.0)
    rgb = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for _, c in stops]
    if t <= stops[0][0]:
        return rgb[0]
    for (p0, _), (p1, _), c0, c1 in zip(stops, stops[1:], rgb, rgb[1:]):
        if p0 <= t <= p1:
            u = (t - p0) / (p1 - p0) if p1 > p0 else 0
            return tuple(round(a + (b - a) * u) for a, b in zip(c0, c1))
    return rgb[-1]


def _thin(pts) -> bool:
    box = _bounds(pts)
    return min(box.width, box.height) <= 12700 * 2 and max(box.width, box.height) > 12700 * 20


def _line_ends(pts, el):
    xfrm = _xfrm(el)
    flip_h, flip_v = xfrm.get("flipH") == "1", xfrm.get("flipV") == "1"
    a, b = pts[0], pts[2]  # top-left to bottom-right (rotated with the box)
    if flip_h != flip_v:
        a, b = pts[1], pts[3]
    return a, b


def _outline(prst: str, pts, el) -> list[tuple[float, float]]:
    """The polygon a preset shape fills (its box for most; triangles, ellipses and the like drawn as such)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts
    flip_h = _xfrm(el).get("flipH") == "1"
    if prst == "triangle":
        return [((x0 + x1) / 2, (y0 + y1) / 2), (x2, y2), (x3, y3)]
    if prst == "rtTriangle":
        return [(x1, y1), (x2, y2), (x3, y3)] if flip_h else [(x0, y0), (x2, y2), (x3, y3)]
    if prst in ("ellipse", "flowChartConnector"):
        mx, my = (x0 + x2) / 2, (y0 + y2) / 2
        ux, uy = (x1 - x0) / 2, (y1 - y0) / 2
        vx, vy = (x3 - x0) / 2, (y3 - y0) / 2
        return [(mx + ux * math.cos(t) + vx * math.sin(t), my + uy * math.cos(t) + vy * math.sin(t))
                for t in (i * math.pi / 16 for i in range(32))]
    return list(pts)


def _paths(el, pts) -> list[list[tuple[float, float]]]:
    """A custom shape's paths as polylines on the slide (curves sampled), mapped into its rotated box."""
    (x0, y0), (x1, y1), _, (x3, y3) = pts
    out = []
    for path in el.iter(_q(A, "path")):
        lines: list[list[tuple[float, float]]] = []
        line: list[tuple[float, float]] = []
        cur = (0.0, 0.0)
        for seg in path:
            if not isinstance(seg.tag, str):
                continue
            name = etree.QName(seg).localname
            try:
                ps = [(float(p.get("x", "0")), float(p.get("y", "0"))) for p in seg.iter(_q(A, "pt"))]
            except ValueError:  # a guide name instead of a number: not drawn here
                continue
            if name == "moveTo" and ps:
                if len(line) > 1:
                    lines.append(line)
                line, cur = [ps[0]], ps[0]
            elif name == "lnTo" and ps:
                line.append(ps[0])
                cur = ps[0]
            elif name in ("cubicBezTo", "quadBezTo") and ps:
                for i in range(1, 9):
                    ctrl = [cur] + ps
                    while len(ctrl) > 1:  # de Casteljau
                        ctrl = [(a[0] + (b[0] - a[0]) * i / 8, a[1] + (b[1] - a[1]) * i / 8)
                                for a, b in zip(ctrl, ctrl[1:])]
                    line.append(ctrl[0])
                cur = ps[-1]
            elif name == "close" and line:
                line.append(line[0])
        if len(line) > 1:
            lines.append(line)
        if not lines:
            continue
        try:
            pw = float(path.get("w", "0")) or max(1.0, max(p[0] for ln in lines for p in ln))
            ph = float(path.get("h", "0")) or max(1.0, max(p[1] for ln in lines for p in ln))
        except ValueError:
            continue
        out += [[(x0 + (x1 - x0) * px / pw + (x3 - x0) * py / ph, y0 + (y1 - y0) * px / pw + (y3 - y0) * py / ph)
                 for px, py in ln] for ln in lines]
    return out


def _has_text(el) -> bool:
    body = first(el, _q(P, "txBody"))
    return body is not None and bool("".join(body.itertext()).strip())
