"""Opening a PowerPoint template (.pptx or .potx) safely, and describing its layouts.

python-pptx refuses .potx, reports a truncated file as "package not found", keeps a
template's sample slides and would inflate a zip bomb. Here each of those is a clear
error naming the file, or handled, before any output is written.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from deckgen.errors import Location, fail
from deckgen.renderers import ooxml
from deckgen.renderers.deck.layouts import Box, LayoutInfo, PlaceholderInfo

MAX_TEMPLATE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200


def read_template(path: Path) -> bytes:
    """The template as a .pptx package, or a DeckgenError that names the real cause."""
    where = Location(str(path))
    if not path.is_file():
        raise fail(where, "template not found", "check the path, or the 'template:' key of the theme")
    size = path.stat().st_size
    if size == 0:
        raise fail(where, "the template file is empty (0 bytes)", "save the template again from PowerPoint")
    if size > MAX_TEMPLATE_BYTES:
        raise fail(where, f"the template is {size // 2**20} MB; the limit is {MAX_TEMPLATE_BYTES // 2**20} MB")
    data = path.read_bytes()
    if not data.startswith(b"PK"):
        kind = "a PNG image" if data.startswith(b"\x89PNG") else (
            "an old binary .ppt/.pot file" if data.startswith(b"\xd0\xcf\x11\xe0") else "not a PowerPoint file")
        raise fail(where, f"the template is {kind}", "save it from PowerPoint as .pptx or .potx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise fail(where, f"the template member {info.filename} expands {info.file_size // max(info.compress_size, 1)}"
                                  " times; it looks like a zip bomb", "use the template as PowerPoint saved it")
        if total > MAX_UNCOMPRESSED:
            raise fail(where, f"the template unpacks to {total // 2**20} MB; the limit is {MAX_UNCOMPRESSED // 2**20} MB")
        bad = archive.testzip()
    except zipfile.BadZipFile:
        raise fail(where, "the template is damaged (truncated or not a complete zip)",
                   "save it again from PowerPoint as .pptx or .potx") from None
    if bad is not None:
        raise fail(where, f"the template is damaged (member {bad} is corrupt)", "save it again from PowerPoint")
    if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
        raise fail(where, "the file is a zip but not a PowerPoint presentation or template",
                   "save it from PowerPoint as .pptx or .potx")
    if b"presentationml.template.main+xml" in archive.read("[Content_Types].xml"):
        data = ooxml.potx_as_pptx(data)
    return data


def open_template(path: Path | None):
    """A Presentation from the template (or python-pptx's plain one), its sample slides dropped."""
    if path is None:
        prs = Presentation()
        fast_partnames(prs)
        return prs, 0
    data = read_template(path)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises KeyError, ValueError, lxml errors on odd packages
        raise fail(Location(str(path)), f"python-pptx cannot open the template: {exc}",
                   "open and save it once in PowerPoint, then try again") from None
    dropped = ooxml.drop_all_slides(prs)
    fast_partnames(prs)
    return prs, dropped


def fast_partnames(prs) -> None:
    """Makes naming new parts O(1): python-pptx walks the whole package for each new slide
    and notes page, which makes large decks quadratic (70% of a 700-slide build)."""
    package = prs.part.package
    used = {str(part.partname) for part in package.iter_parts()}
    counters: dict[str, int] = {}

    def next_partname(tmpl: str):
        from pptx.opc.packuri import PackURI

        n = counters.get(tmpl, 1)
        while tmpl % n in used:
            n += 1
        counters[tmpl] = n + 1
        used.add(tmpl % n)
        return PackURI(tmpl % n)

    package.next_partname = next_partname


def _placeholder(ph) -> PlaceholderInfo:
    el = ph._element.xpath("./*[1]/p:nvPr/p:ph")[0]
    vertical = el.get("orient") == "vert" or bool(ph._element.xpath(".//a:bodyPr[@vert!='horz']"))
    box = Box(int(ph.left or 0), int(ph.top or 0), int(ph.width or 0), int(ph.height or 0))
    return PlaceholderInfo(el.get("type", "obj"), int(el.get("idx", "0")), box, vertical)


def layouts(prs) -> list[LayoutInfo]:
    """Every layout of every master, described by its placeholders."""
    out = []
    index = 0
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            out.append(LayoutInfo(index, layout.name, tuple(_placeholder(ph) for ph in layout.placeholders)))
            index += 1
    return out


def layout_objects(prs) -> list:
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def emu_to_pt(value: int) -> float:
    return Emu(value).pt
