"""Opening a PowerPoint template (.pptx or .potx) safely, and describing its layouts.

python-pptx refuses .potx, reports a truncated file as "package not found", keeps a
template's sample slides and would inflate a zip bomb. Here each of those is a clear
error naming the file, or handled, before any output is written.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from pptx import Presentation

from deckgen.errors import Location, fail, not_a_file
from deckgen.renderers.deck import ooxml, zipparts
from deckgen.renderers.deck.ooxml import qn
from deckgen.renderers.deck.package import package_check
from deckgen.renderers.slidexml.geometry import describe_layouts, placeholder_shapes
from deckgen.renderers.slidexml.layouts import LayoutInfo
from deckgen.renderers.slidexml.styles import HEADING_KINDS
from deckgen.renderers.slidexml.xmlpath import A, P, R, first

MAX_TEMPLATE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200


def read_template(path: Path, notes: list[str] | None = None) -> bytes:
    """The template as a .pptx package, or a DeckgenError that names the real cause.

    What is repaired rather than refused (no slide size, external relationships) is
    described in `notes`, for the caller to warn about."""
    return _read_checked(path, notes)[0]


def _read_checked(path: Path, notes: list[str] | None):
    """read_template's package, and its entry in the cache folder: what names the file's content
    (its digest) and the code that checked it."""
    where = Location(str(path))
    problem = not_a_file(path)
    if problem:
        raise fail(where, "template not found" if problem == "file not found" else f"the template {problem}",
                   "check the path, or the 'template:' key of the theme")
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
    entry = _checked_entry(data)
    known = _checked(entry, data)
    if known is not None:  # this very file passed every check below before: the same result, kept
        if notes is not None:
            notes.extend(known[0])
        return known[1], entry
    said: list[str] = []
    checked = _check(data, where, said)
    if notes is not None:
        notes.extend(said)
    _keep_checked(entry, said, b"" if checked is data else checked)  # b"": the file itself
    _remember(entry, said, checked)
    return checked, entry


def _check(data: bytes, where: Location, notes: list[str]) -> bytes:
    """read_template's checks and repairs of a package's bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        total = 0
        for info in archive.infolist():
            if info.flag_bits & 0x1:
                raise fail(where, f"the template member {info.filename} is encrypted",
                           "save the template without a password")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                          zipfile.ZIP_LZMA):
                raise fail(where, f"the template member {info.filename} uses a compression method deckgen cannot "
                                  f"read (method {info.compress_type})", "save the template again from PowerPoint")
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
        kind = archive.read("mimetype")[:80] if "mimetype" in names else b""
        if kind.startswith(b"application/vnd.oasis.opendocument"):  # LibreOffice's own .odp/.otp
            raise fail(where, "the file is an OpenDocument file (LibreOffice's .odp or .otp), not a PowerPoint "
                       "presentation or template", "in LibreOffice Impress: File > Save As…, file type "
                       "'PowerPoint 2007-365 (.pptx)' or 'PowerPoint 2007-365 Template (.potx)'")
        raise fail(where, "the file is a zip but not a PowerPoint presentation or template",
                   "save it from PowerPoint as .pptx or .potx")
    types = archive.read("[Content_Types].xml")
    if b"presentationml.presentation.main+xml" not in types and b"presentationml.template.main+xml" not in types:
        macro = b"macroEnabled" in types or "ppt/vbaProject.bin" in names
        raise fail(where, "macro-enabled templates (.pptm/.potm) are not supported; save it as .pptx/.potx" if macro
                   else "the file is not a PowerPoint presentation or template (its main part has another type)",
                   "in PowerPoint: File > Save As > PowerPoint Template (.potx); the macros are left out" if macro
                   else "save it from PowerPoint as .pptx or .potx")
    patches = package_check(archive, names, where, notes)
    if patches:
        data = zipparts.patch_members(data, patches)
    if b"presentationml.template.main+xml" in types:
        data = zipparts.potx_as_pptx(data)
    return data


# --- a template checked once -----------------------------------------------------------
# Checking a template reads every member (a CRC test, the package's parts) and rewrites a
# .potx or a repaired package: 0.1-0.35 G instructions for a 1-4 MB template, on every build.
# A template that passed is kept in the cache folder (`templates`), keyed by a digest of its
# bytes and the stamp of the code that checks it, with what the checks said and the package
# they gave (only when it differs from the file). An entry carries its own digest; a damaged
# one is checked again.
_CHECKED = b"deckgen-template-1\n"


def _checked_entry(data: bytes):
    import hashlib
    import os

    from deckgen.cache import cache_dir

    code = "|".join(f"{name}:{os.stat(os.path.join(os.path.dirname(__file__), name)).st_size}:"
                    f"{os.stat(os.path.join(os.path.dirname(__file__), name)).st_mtime_ns}"
                    for name in ("template.py", "package.py", "ooxml.py"))
    key = hashlib.sha1(data).hexdigest() + "|" + code + f"|{MAX_TEMPLATE_BYTES}|{MAX_UNCOMPRESSED}|{MAX_RATIO}"
    return cache_dir("templates") / (hashlib.sha1(key.encode()).hexdigest() + ".bin")


# entry -> (what the checks said, the package): a build checks its template 2-3 times. Not an lru_cache:
# it is filled from two places (the cache folder, and a check whose bytes and file name are not part of
# the key), and keying a cached function on the 1-4 MB package would hash it again on every call.
_checked_here: dict = {}


def _checked(entry, data: bytes) -> tuple[list[str], bytes] | None:
    import marshal

    from deckgen.cache import cache_open

    if entry in _checked_here:
        return _checked_here[entry]
    body = cache_open(entry, _CHECKED)
    if body is None:
        return None
    try:
        said, package = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(said, list) or not all(isinstance(x, str) for x in said) or not isinstance(package, bytes):
        return None
    return _remember(entry, said, package or data)


def _remember(entry, said: list[str], package: bytes) -> tuple[list[str], bytes]:
    if len(_checked_here) >= 4:
        _checked_here.pop(next(iter(_checked_here)))
    _checked_here[entry] = (list(said), package)
    return _checked_here[entry]


def _keep_checked(entry, said: list[str], package: bytes) -> None:
    import marshal

    from deckgen.cache import cache_seal

    cache_seal(entry, _CHECKED, marshal.dumps((said, package)))


# The checked package's entry (its content's digest) -> (prs, dropped, laid): one opened for a check.
# Keyed by content, not by the bytes object's id: the render reads the template again, and the bytes
# it gets are another object whenever the in-memory memo above no longer holds them.
_spare: dict = {}


def open_template(path: Path | None, notes: list[str] | None = None, spare: bool = False):
    """A Presentation from the template (or python-pptx's plain one), its sample slides dropped.

    `spare`: the caller only reads it (DeckRenderer.check), so it is kept for the next call for the
    same checked package (the render), which takes it instead of parsing the template again."""
    if path is None:
        prs = Presentation()
        fast_partnames(prs)
        return prs, 0
    data, entry = _read_checked(path, notes)
    kept = _spare.pop(entry, None)
    if kept is not None:
        prs, dropped, laid = kept
    else:
        try:
            prs = Presentation(io.BytesIO(data))
        except Exception as exc:  # python-pptx raises KeyError, ValueError, lxml errors on odd packages
            raise fail(Location(str(path)), f"python-pptx cannot open the template: {exc}",
                       "open and save it once in PowerPoint, then try again") from None
        dropped = ooxml.drop_all_slides(prs)
        number_placeholders(prs)  # a LibreOffice template's placeholders all share idx 0
        fast_partnames(prs)
        laid = not any(len(master.slide_layouts) for master in prs.slide_masters)
        if laid:
            master_layout(prs)
    if laid and notes is not None:
        notes.append("the template's slide master has no layouts; the slides use a layout made from the "
                     "master's own title and body placeholders")
    if spare:
        _spare.clear()
        _spare[entry] = (prs, dropped, laid)
    return prs, dropped




def number_placeholders(prs) -> int:
    """Gives each placeholder of a layout but its title an idx of its own, from 1, where it has none
    or shares one: LibreOffice writes layout placeholders without idx, so all are 0, and a slide's
    title, body and subtitle could not be told apart (a slide's placeholder inherits from the layout's
    of its idx). PowerPoint numbers them so: a title has none (0), the others 1 and up. How many."""
    changed = 0
    for layout in layout_objects(prs):
        phs = [ph for ph, _ in _placeholder_shapes(layout._element)]
        taken = {int(ph.get("idx", "0")) for ph in phs if ph.get("idx", "0").isdigit()}
        seen: set[int] = set()
        free = 1
        for ph in sorted(phs, key=lambda ph: ph.get("type") not in HEADING_KINDS):  # titles first; stable
            raw = ph.get("idx", "0")
            idx = int(raw) if raw.isdigit() else -1
            if idx in seen or idx < 0 or (idx == 0 and ph.get("type") not in HEADING_KINDS):
                while free in taken:
                    free += 1
                ph.set("idx", str(free))
                taken.add(free)
                idx, changed = free, changed + 1
            seen.add(idx)
    return changed

def master_layout(prs) -> None:
    """Gives a master without layouts (a Keynote export) one layout with its title, body and footer
    placeholders, placed and styled by the master, as PowerPoint itself would draw such slides."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.parts.slide import SlideLayoutPart

    master = prs.slide_master
    shapes = []
    for n, (ph, _) in enumerate(_placeholder_shapes(master._element), start=2):
        kind = ph.get("type", "body")
        if kind not in ("title", "body", "dt", "ftr", "sldNum"):
            continue
        attrs = f'idx="{ph.get("idx", "1")}"' if kind == "body" else f'type="{kind}"' + (
            f' idx="{ph.get("idx")}"' if ph.get("idx") else "")
        shapes.append(f'<p:sp><p:nvSpPr><p:cNvPr id="{n}" name="{kind}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
                      f'</p:cNvSpPr><p:nvPr><p:ph {attrs}/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>'
                      '<a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>')
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<p:sldLayout xmlns:a="{A}" xmlns:r="{R}" xmlns:p="{P}" type="obj" preserve="1">'
           '<p:cSld name="Title and Content"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/>'
           '<p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>' + "".join(shapes) + '</p:spTree></p:cSld>'
           '<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')
    package = prs.part.package
    part = SlideLayoutPart.load(package.next_partname("/ppt/slideLayouts/slideLayout%d.xml"), CT.PML_SLIDE_LAYOUT,
                                package, xml.encode())
    part.relate_to(master.part, RT.SLIDE_MASTER)
    r_id = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    ids = [int(i) for i in prs.part._element.xpath("//p:sldMasterId/@id")]
    ids += [int(i) for m in prs.slide_masters for i in m._element.xpath("./p:sldLayoutIdLst/p:sldLayoutId/@id")]
    lst = master._element.get_or_add_sldLayoutIdLst()
    lst._add_sldLayoutId(id=str(max(ids + [2147483648]) + 1), rId=r_id)


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


class SlideMaker:
    """Adds slides and notes pages in constant time.

    python-pptx's add_slide scans every relationship of the presentation and every slide
    id, `slide.slide_id` scans every slide again, and cloning placeholders and notes pages
    walks the layout and master for each shape: together 80% of a 1400-slide build. A new
    slide part cannot be related yet and ids only grow, so both are counted here; the
    placeholders python-pptx clones for a layout, and a blank notes page, are the same
    every time, so they are made once and copied.
    """

    def __init__(self, prs):
        self.prs = prs
        self.part = prs.part
        self.ids = prs.slides._sldIdLst
        self.next_id = max([255] + [int(s.get("id")) for s in self.ids]) + 1
        self._placeholders: dict[int, list] = {}
        self._notes_page = None

    def add(self, layout):
        """A new slide on layout with its placeholders: (slide, slide id, {idx: p:sp})."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import SlidePart

        package = self.part.package
        slide_part = SlidePart.new(package.next_partname("/ppt/slides/slide%d.xml"), package, layout.part)
        r_id = self.part._rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        tree = slide.shapes._spTree
        key = id(layout)
        if key not in self._placeholders:
            before = len(tree)
            slide.shapes.clone_layout_placeholders(layout)
            self._placeholders[key] = [copy.deepcopy(el) for el in list(tree)[before:]]
        else:
            for el in self._placeholders[key]:
                tree.append(copy.deepcopy(el))
        slide_id = self.next_id
        self.ids._add_sldId(id=slide_id, rId=r_id)
        self.next_id += 1
        return slide, slide_id, placeholders(tree)

    def notes_body(self, slide):
        """The text body of a new notes page for slide (a copy of the first one made)."""
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.parts.slide import NotesSlidePart

        if self._notes_page is None:
            notes = slide.notes_slide  # python-pptx makes the notes master and the first page
            self._notes_page = copy.deepcopy(notes._element)
            self._notes_master = self.part.notes_master_part
            return notes.notes_placeholder._element.get_or_add_txBody()
        package = self.part.package
        element = copy.deepcopy(self._notes_page)
        page = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CT.PML_NOTES_SLIDE,
                              package, element)
        page.relate_to(self._notes_master, RT.NOTES_MASTER)
        page.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(page, RT.NOTES_SLIDE)
        for ph in element.iter(qn("p:ph")):
            if ph.get("type") == "body":
                sp = ph.getparent().getparent().getparent()
                return sp.find(qn("p:txBody"))
        raise AssertionError("the notes page has no body placeholder")  # pragma: no cover


    def freeze(self, slide) -> None:
        """A finished slide and its notes page kept as the bytes python-pptx would save, their trees
        let go: a deck of 1,400 slides held 140 MB of lxml trees until it was saved. Nothing may
        read or change the slide after this (python-pptx's part is a plain binary part now)."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.opc.oxml import serialize_part_xml
        from pptx.opc.package import Part

        part = slide.part
        parts = [part] + ([part.part_related_by(RT.NOTES_SLIDE)] if part.has_notes_slide else [])
        for each in parts:
            blob = serialize_part_xml(each._element)
            kept = {k: v for k, v in vars(each).items() if k in _PART_STATE}  # name, type, package, links
            vars(each).clear()
            vars(each).update(kept, _blob=blob)
            each.__class__ = Part


_PART_STATE = {"_partname", "_content_type", "_package", "_rels", "rels", "content_type", "package"}

def placeholders(tree) -> dict:
    """A slide's placeholder shapes by idx (title placeholders have idx 0)."""
    out = {}
    for sp in tree.iterchildren(qn("p:sp")):
        ph = first(sp, _NV_SP_PR, _NV_PR, _PH)
        if ph is not None:
            out[int(ph.get("idx", "0"))] = sp
    return out


_NV_SP_PR, _NV_PR, _PH = qn("p:nvSpPr"), qn("p:nvPr"), qn("p:ph")
_placeholder_shapes = placeholder_shapes


def layouts(prs) -> list[LayoutInfo]:
    """Every layout of every master, described by its placeholders (read from the XML directly:
    python-pptx resolves each inherited position through several XPath searches)."""
    return describe_layouts([(m._element, [(lay.name, lay._element) for lay in m.slide_layouts])
                             for m in prs.slide_masters])


def layout_objects(prs) -> list:
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def text_background(prs, choice, scheme: dict[str, str]) -> str | None:
    """The colour most of a layout's body (or free area, or title) is drawn on, for `themes new --from`."""
    from deckgen.renderers.slidexml.backdrop import Backdrop

    objects = layout_objects(prs)
    backdrop = Backdrop(objects, (int(prs.slide_width), int(prs.slide_height)), scheme)
    box = choice.area or (choice.body.box if choice.body is not None else None) or (
        choice.layout.title.box if choice.layout.title is not None else None)
    if box is None:
        return None
    under = backdrop.colours_under(backdrop.image(choice.layout.index), box)
    return under[0][0] if under else None
