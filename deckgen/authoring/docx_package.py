"""Checks of a .docx file before any XML in it is parsed: is it a Word package deckgen can read in time?

Also the package's property parts (core: author, title, language; app: company), read
with python-docx's package and a safe XML parser; a damaged one costs only its values.

Why a module of its own: what arrives as "onepager.docx" may be a text file, a truncated
download, a PowerPoint file, a Word 97 document or a password-protected one (both OLE
compound files, not zips), or a package with hundreds of megabytes of XML. Each is told
apart here from the file's first bytes and the zip's directory, without python-docx, so
that the message names the real cause and says what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from deckgen.authoring.budget import Counter, over
from deckgen.errors import Location, fail

MAX_XML_BYTES = 150 * 1024 * 1024   # uncompressed XML parts; a document of 10,000 paragraphs is a few MB
MAX_MEMBERS = 20_000
MAX_PACKAGE_BYTES = 250 * 1024 * 1024  # every part, pictures too: python-docx holds each part's bytes in memory
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def check_container(path: Path) -> None:
    """Raises a user error for a file that is not a Word document deckgen can read in time."""
    where = Location(str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head == _OLE:
                data = fh.read()
                if _ENCRYPTED in data:
                    raise fail(where, "this Word document is password-protected",
                               "open it in Word, remove the password (File > Info > Protect Document), save, "
                               "and import it again")
                raise fail(where, "this is an old Word 97-2003 document (.doc) or another Office file, not a .docx",
                           "open it in Word and save it as a Word Document (.docx)")
    except OSError as exc:
        raise fail(where, f"cannot read the file: {exc.strerror or exc}", "check the name and the permissions")
    if not head:
        raise fail(where, "the file is empty", "export the document from Word again")
    if not zipfile.is_zipfile(path):
        raise fail(where, "this is not a Word document, or it is damaged (a .docx is a zip package; this file is not "
                          "one)", "open it in Word and save it as a Word Document (.docx)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(where, f"this Word document is damaged ({exc})", "open it in Word and save it again")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        kind = ("a PowerPoint file" if "ppt/presentation.xml" in names else "an Excel file"
                if "xl/workbook.xml" in names else "an OpenDocument file" if "mimetype" in names
                else "a zip file, but not a Word document")
        raise fail(where, f"this is {kind} (it has no word/document.xml)",
                   "import a Word Document (.docx); in LibreOffice or Word, save the document as .docx first")
    if len(infos) > MAX_MEMBERS:
        raise fail(where, f"this Word document has {len(infos):,} parts, more than deckgen reads ({MAX_MEMBERS:,})",
                   "save it again from Word, or copy its text into a new document")
    total = sum(i.file_size for i in infos)
    if total > MAX_PACKAGE_BYTES:
        raise fail(where, f"this Word document unpacks to {total / 2**20:.0f} MB, more than deckgen imports "
                          f"({MAX_PACKAGE_BYTES // 2**20} MB)", "remove or shrink its pictures, or copy the text "
                                                                  "into a new document")
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise fail(where, f"this Word document holds {xml / 2**20:.0f} MB of text and markup, more than deckgen "
                          f"imports ({MAX_XML_BYTES // 2**20} MB)", "split it, or copy the one-pager into a new document")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_COUNTED = {_W + "p": "paragraphs", _W + "r": "runs of text", _W + "tc": "table cells",
            _W + "footnoteReference": "footnotes and their references",
            _W + "endnoteReference": "footnotes and their references",
            _W + "footnote": "footnotes and their references", _W + "endnote": "footnotes and their references"}
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_READ_PARTS = ("styles", "numbering", "footnotes", "endnotes", "comments", "settings", "fontTable")


def check_budget(path: Path) -> None:
    """Streams every XML part of the package once, before python-docx builds a tree of any of them,
    counting what the import will walk (budget.LIMITS); stops at the first count over its limit.

    Memory stays flat: each element is dropped when its end tag has been counted. Also refused
    here: a part with a document type declaration (Word never writes one; python-docx leaves
    the text of its entities out, silently), and a relationship from the document to a part
    python-docx reads (styles, numbering, notes) that leads back to the document itself
    (python-docx then recurses until Python stops it)."""
    from lxml import etree

    where = Location(str(path))
    count = Counter(where, "Word document")
    hint = "open it in Word and save it again"
    with zipfile.ZipFile(path) as zf:
        names = [i.filename for i in zf.infolist() if i.filename.endswith((".xml", ".rels"))]
        if "word/_rels/document.xml.rels" in names:
            _check_relationships(zf.read("word/_rels/document.xml.rels"), where)
        for name in names:
            depth = 0
            with zf.open(name) as fh:
                events = etree.iterparse(fh, events=("start", "end"), resolve_entities=False, no_network=True,
                                         load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
                try:
                    for event, el in events:
                        if event == "start":
                            if depth == 0 and el.getroottree().docinfo.internalDTD is not None:
                                raise fail(where, f"the part {name} holds a document type declaration "
                                                  "(<!DOCTYPE>), which Word never writes; text in its entities "
                                                  "would be lost", hint)
                            depth += 1
                            count.at_most("levels of nesting", depth)
                            count.add("XML elements")
                            what = _COUNTED.get(el.tag)
                            if what:
                                count.add(what)
                            continue
                        depth -= 1
                        if el.text:
                            count.add("characters of text", len(el.text))
                        if el.attrib:
                            count.add("characters in attributes", sum(len(v) for v in el.attrib.values()))
                        for child in el:  # children have been counted; their tails are text too
                            if child.tail:
                                count.add("characters of text", len(child.tail))
                        el.clear(keep_tail=True)
                        if depth and el.getprevious() is not None:
                            del el.getparent()[0]  # elements already counted: memory stays flat
                except etree.XMLSyntaxError as exc:
                    if "Excessive depth" in str(exc):  # libxml2's own limit (256), met while reading ahead
                        raise over(where, "levels of nesting", 256, "Word document", more=True) from None
                    raise fail(where, f"this Word document is damaged ({name}: {str(exc)[:120]})", hint) from None


def _check_relationships(rels: bytes, where: Location) -> None:
    from lxml import etree

    try:
        root = etree.fromstring(rels, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return  # python-docx says so, with its own message
    for rel in root:
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = (rel.get("Target") or "").lstrip("/").removeprefix("word/")
        if kind in _READ_PARTS and rel.get("TargetMode") != "External" and target == "document.xml":
            raise fail(where, f"this Word document is damaged: its {kind} relationship ({rel.get('Id')}) points at "
                              "the document itself", "open it in Word and save it again")


def package_properties(document) -> dict:
    """Author, title, subject, language (core properties) and company (app properties) of an open document."""
    from lxml import etree

    out = {"author": None, "title": None, "subject": None, "language": None, "company": None, "damaged": False}
    try:
        props = document.core_properties
        for key, value in (("author", props.author), ("title", props.title), ("subject", props.subject),
                           ("language", props.language)):
            out[key] = " ".join((value or "").split()) or None
    except (AttributeError, KeyError, ValueError):  # a damaged core properties part
        out["damaged"] = True
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            try:
                root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError:
                continue
            company = next((el.text for el in root if isinstance(el.tag, str) and el.tag.endswith("}Company")), None)
            out["company"] = " ".join((company or "").split()) or None
    return out
