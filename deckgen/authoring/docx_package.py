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

from deckgen.errors import Location, fail

MAX_XML_BYTES = 150 * 1024 * 1024   # uncompressed XML parts; a document of 10,000 paragraphs is a few MB
MAX_MEMBERS = 20_000
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
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise fail(where, f"this Word document holds {xml / 2**20:.0f} MB of text and markup, more than deckgen "
                          f"imports ({MAX_XML_BYTES // 2**20} MB)", "split it, or copy the one-pager into a new document")


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
