"""The deck's package as bytes: a .potx relabelled, members replaced, a missing slide size and
external relationships mended (for deck/package.py's checks), and the saved zip made byte-for-byte
reproducible. Raw OOXML like ooxml.py, split from it along its one seam: these functions take and
give the package's bytes (zipfile, struct), ooxml.py's the parsed presentation's elements.
"""

from __future__ import annotations

import io
import struct
import zipfile

from lxml import etree

from deckgen.renderers.deck.ooxml import qn
from deckgen.renderers.slidexml.xmlpath import R

_TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_CT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def potx_as_pptx(data: bytes) -> bytes:
    """A .potx package relabelled as a presentation, which python-pptx then opens."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_TEMPLATE_CT, _PRESENTATION_CT)
            dst.writestr(info, blob)
    return out.getvalue()


def patch_members(data: bytes, patches: dict) -> bytes:
    """The package with some members' bytes replaced (name -> bytes, or None to leave it out)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in patches:
                if patches[info.filename] is not None:  # dated as the member it replaces, not now: the
                    patched = zipfile.ZipInfo(info.filename, info.date_time)  # same package for the same file
                    patched.compress_type, patched.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
                    dst.writestr(patched, patches[info.filename])
                continue
            dst.writestr(info, src.read(info.filename))
    return out.getvalue()


DEFAULT_SLIDE_SIZE = (12192000, 6858000)  # 13.333 × 7.5 in, PowerPoint's 16:9


def add_slide_size(presentation_xml: bytes) -> bytes:
    """presentation.xml with PowerPoint's default 16:9 <p:sldSz> added where it has none."""
    root = etree.fromstring(presentation_xml)
    size = etree.Element(qn("p:sldSz"), cx=str(DEFAULT_SLIDE_SIZE[0]), cy=str(DEFAULT_SLIDE_SIZE[1]))
    anchor = None
    for tag in ("p:sldIdLst", "p:notesMasterIdLst", "p:handoutMasterIdLst", "p:sldMasterIdLst"):
        anchor = root.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addnext(size)
    else:
        root.insert(0, size)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def drop_external(rels_xml: bytes, part_xml: bytes | None) -> tuple[bytes, bytes | None, list[str]]:
    """A part's relationships without external ones (linked pictures, links, file: and UNC
    targets), and the part without the attributes that referred to them; plus the targets."""
    rels = etree.fromstring(rels_xml)
    gone = {}
    for rel in list(rels):
        if rel.get("TargetMode") == "External":
            gone[rel.get("Id")] = rel.get("Target", "")
            rels.remove(rel)
    if not gone:
        return rels_xml, part_xml, []
    if part_xml is not None:
        root = etree.fromstring(part_xml)
        for el in root.iter():
            for attr in list(el.attrib):
                if attr.startswith(f"{{{R}}}") and el.get(attr) in gone:
                    del el.attrib[attr]
        part_xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return (etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True), part_xml,
            sorted(gone.values()))


def reproducible_zip(data: bytes | io.BytesIO) -> bytes:
    """The same package with every member dated 2000-01-01: same input, same bytes.

    python-pptx stamps members with the time of saving. The dates sit at fixed places in
    the local headers and the central directory, so they are overwritten in place rather
    than by unpacking and compressing the package again. Given the BytesIO the package was
    saved to, its own buffer is changed, and the bytes are copied once (a ×100 deck's
    package is 4 MB: the copies were 8 MB of the build's peak memory)."""
    stream = data if isinstance(data, io.BytesIO) else io.BytesIO(data)
    buf = stream.getbuffer()
    dos_time, dos_date = 0, ((FIXED_ZIP_TIME[0] - 1980) << 9) | (FIXED_ZIP_TIME[1] << 5) | FIXED_ZIP_TIME[2]
    with zipfile.ZipFile(stream) as package:
        members, pos = package.infolist(), package.start_dir  # the central directory's first entry
    for info in members:
        if buf[info.header_offset:info.header_offset + 4] != b"PK\x03\x04":
            raise ValueError("unexpected zip layout")
        struct.pack_into("<HH", buf, info.header_offset + 10, dos_time, dos_date)
    for _ in members:
        if buf[pos:pos + 4] != b"PK\x01\x02":
            raise ValueError("unexpected zip layout")
        struct.pack_into("<HH", buf, pos + 12, dos_time, dos_date)
        name, extra, comment = struct.unpack_from("<HHH", buf, pos + 28)
        pos += 46 + name + extra + comment
    buf.release()
    return stream.getvalue()
