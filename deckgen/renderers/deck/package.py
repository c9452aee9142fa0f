"""Checking a template's package before python-pptx opens it: every part it needs is there,
of the right type, with readable placeholder numbers; repairs what can be repaired.

python-pptx meets a missing master, theme or layout part, a part declared as the wrong
type, or a placeholder `idx` that is not a number with a KeyError or ValueError deep inside
(deckgen's exit 3). Here each is an error naming the template and the part (exit 1). A
missing slide size gets PowerPoint's default (16:9) and external relationships (linked
pictures, links to files and servers) and active content (OLE objects, ActiveX controls,
macro actions: `drop_active`) are removed; each is reported in `notes`.
"""

from __future__ import annotations

import copy
import posixpath
import re

from lxml import etree

from deckgen.errors import Location, fail
from deckgen.renderers.deck import zipparts
from deckgen.renderers.slidexml.xmlpath import MC, REL, A, P, R

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_HINT = "open the template in PowerPoint and save it again, or use another template"


_MASTERS = re.compile(r"ppt/(slideMasters|slideLayouts|notesMasters|handoutMasters)/[^/]+\.xml")
_ACTIVE_TYPES = {_OFFICE + "oleObject", _OFFICE + "package", _OFFICE + "control",
                 "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                 "http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary"}
_ACTIONS = ("ppaction://macro", "ppaction://program", "ppaction://ole")


def drop_active(rels_xml: bytes, part_xml: bytes) -> tuple[bytes, bytes, list[str]]:
    """A part without active content, its relationships without what pointed at it, and what went.

    Removed: embedded and linked OLE objects (`p:oleObj` in a graphic frame, with the
    `mc:AlternateContent` around it; the object's own picture, PowerPoint's fallback, takes
    its place so that the layout looks the same), ActiveX controls (`p:controls`), clicks
    and hovers that run a macro or a program, and relationships to OLE packages, controls and
    VBA projects. Kept out rather than carried over because a template's layouts are copied
    into every deck sent out, and such an object can hold any file or program that runs
    when someone double-clicks it."""
    root = etree.fromstring(part_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    removed: list[str] = []
    gone: list = []
    for ole in list(root.iter(f"{{{P}}}oleObj")):
        frame = next((a for a in ole.iterancestors(f"{{{P}}}graphicFrame")), None)
        if frame is None or frame.getparent() is None:
            continue
        target = next((a for a in frame.iterancestors(f"{{{MC}}}AlternateContent")), frame)
        if target.getparent() is None:
            continue
        picture = next(target.iter(f"{{{P}}}pic"), None)
        what = ole.get("progId") or "an object"
        removed.append(f"an embedded OLE object ({what})" if ole.find(f"{{{P}}}embed") is not None
                       else f"a linked OLE object ({what})")
        if picture is not None:
            picture = _as_shape(copy.deepcopy(picture), frame)
        gone.append(target)
        parent = target.getparent()
        if picture is not None:
            parent.replace(target, picture)
        else:
            parent.remove(target)
    for controls in list(root.iter(f"{{{P}}}controls")):
        removed.append("ActiveX controls")
        gone.append(controls)
        controls.getparent().remove(controls)
    for link in list(root.iter(f"{{{A}}}hlinkClick", f"{{{A}}}hlinkHover")):
        if (link.get("action") or "").startswith(_ACTIONS) and link.getparent() is not None:
            removed.append("an action that runs a macro or program")
            gone.append(link)
            link.getparent().remove(link)
    rels = etree.fromstring(rels_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    used = {v for el in root.iter() for k, v in el.attrib.items() if k.startswith(f"{{{R}}}")}
    dropped = {v for el in gone for sub in el.iter() for k, v in sub.attrib.items() if k.startswith(f"{{{R}}}")}
    for rel in list(rels):
        rid = rel.get("Id")
        if rid not in used and (rid in dropped or rel.get("Type") in _ACTIVE_TYPES):
            if rel.get("Type") in _ACTIVE_TYPES and not removed:
                removed.append("a reference to an OLE package, control or macro project")
            rels.remove(rel)
    if not removed:
        return rels_xml, part_xml, []
    counted = [f"{n} × {w}" if (n := removed.count(w)) > 1 else w for w in dict.fromkeys(removed)]
    return (etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True),
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), counted)


def _as_shape(picture, frame):
    """The picture an OLE object carries, made a shape of its own in the frame's place: the frame's
    id, name and position (PowerPoint writes the picture with id 0 and, at times, no position)."""
    named, own = frame.find(f"{{{P}}}nvGraphicFramePr/{{{P}}}cNvPr"), picture.find(f"{{{P}}}nvPicPr/{{{P}}}cNvPr")
    if named is not None and own is not None:
        own.set("id", named.get("id", "0"))
        own.set("name", named.get("name", ""))
    xfrm, sp_pr = frame.find(f"{{{P}}}xfrm"), picture.find(f"{{{P}}}spPr")
    if xfrm is not None and sp_pr is not None and sp_pr.find(f"{{{A}}}xfrm") is None:
        placed = etree.SubElement(sp_pr, f"{{{A}}}xfrm")
        placed.extend(copy.deepcopy(list(xfrm)))
        sp_pr.insert(0, placed)
    return picture


def _xml(archive, name: str, where: Location):
    try:
        return etree.fromstring(archive.read(name))
    except etree.XMLSyntaxError as exc:
        raise fail(where, f"the template part {name} is not valid XML ({exc})", _HINT) from None


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _rels(archive, names: set[str], part: str, where: Location) -> list[tuple[str, str, str, str]]:
    """(id, type, resolved target, mode) of a part's relationships; [] when it has none."""
    rels_name = _rels_name(part)
    if rels_name not in names:
        return []
    out = []
    for rel in _xml(archive, rels_name, where).iter(f"{{{REL}}}Relationship"):
        target = rel.get("Target", "")
        mode = rel.get("TargetMode", "Internal")
        if mode != "External":
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(part), target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), target, mode))
    return out


def package_check(archive, names: set[str], where: Location, notes: list[str]) -> dict[str, bytes]:
    """Raises a DeckgenError for a package PowerPoint parts are missing from; returns repairs."""
    types = _xml(archive, "[Content_Types].xml", where)
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in types.iter(f"{{{_CT}}}Default")}
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types.iter(f"{{{_CT}}}Override")}

    def content_type(part: str) -> str:
        return overrides.get(part) or defaults.get(part.rsplit(".", 1)[-1].lower(), "")

    def need(part: str, kind: str, what: str) -> None:
        if part not in names:
            raise fail(where, f"the template has no {what} (part {part} is missing)", _HINT)
        if not content_type(part).endswith(f".{kind}+xml"):
            raise fail(where, f"the template declares its {what} {part} as '{content_type(part) or 'nothing'}' "
                              f"in [Content_Types].xml, not as a {kind}", _HINT)

    if "ppt/_rels/presentation.xml.rels" not in names:
        raise fail(where, "the template has no ppt/_rels/presentation.xml.rels (the list of its parts)", _HINT)
    prs_rels = _rels(archive, names, "ppt/presentation.xml", where)
    masters = [t for _, typ, t, _ in prs_rels if typ == _OFFICE + "slideMaster"]
    if not masters:
        raise fail(where, "the template has no slide master", _HINT)
    if not any(typ == _OFFICE + "theme" for _, typ, _, _ in prs_rels):
        raise fail(where, "the template has no theme (ppt/presentation.xml names none)", _HINT)
    patches: dict[str, bytes] = {}
    parts = ["ppt/presentation.xml"]
    for master in masters:
        need(master, "slideMaster", "slide master")
        parts.append(master)
        master_rels = _rels(archive, names, master, where)
        themes = [t for _, typ, t, _ in master_rels if typ == _OFFICE + "theme"]
        if not themes:
            raise fail(where, f"the template's slide master {master} has no theme", _HINT)
        for theme in themes:
            need(theme, "theme", "theme")
            parts.append(theme)
        for _, typ, layout, _ in master_rels:
            if typ == _OFFICE + "slideLayout":
                need(layout, "slideLayout", "slide layout")
                parts.append(layout)
    for part in parts:
        root = _xml(archive, part, where)
        for ph in root.iter(f"{{{P}}}ph"):
            idx = ph.get("idx")
            if idx is not None and not re.fullmatch(r"\d{1,9}", idx):
                raise fail(where, f"a placeholder in {part} has idx=\"{idx}\", which is not a number", _HINT)
    if _xml(archive, "ppt/presentation.xml", where).find(f"{{{P}}}sldSz") is None:
        patches["ppt/presentation.xml"] = zipparts.add_slide_size(archive.read("ppt/presentation.xml"))
        notes.append("the template gives no slide size (<p:sldSz>); deckgen uses PowerPoint's default, 16:9 "
                     "(13.33 × 7.5 in)")
    for part in sorted(set(parts) | {n for n in names if _MASTERS.fullmatch(n)}):
        rels_name = _rels_name(part)
        if rels_name not in names:
            continue
        rels, body, removed = drop_active(archive.read(rels_name), patches.get(part) or archive.read(part))
        if removed:
            patches[rels_name], patches[part] = rels, body
            notes.append(f"removed {', '.join(removed)} from the template's {part}: a deck must not carry objects "
                         "that run programs or open files (the picture an object shows stays in its place)")
    for part in parts:
        rels_name = _rels_name(part)
        if rels_name not in names:
            continue
        rels, body, targets = zipparts.drop_external(patches.get(rels_name) or archive.read(rels_name),
                                                  patches.get(part) or archive.read(part))
        if targets:
            patches[rels_name], patches[part] = rels, body  # type: ignore[assignment]
            notes.append(f"removed {len(targets)} external link(s) from the template's {part} "
                         f"({', '.join(targets[:3])}{', …' if len(targets) > 3 else ''}): a deck must not "
                         "reach outside itself")
    return patches
