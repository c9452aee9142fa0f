"""Writing the recorded structure into the PDF ReportLab made: PDF/UA-1's catalogue entries, the
structure tree, XMP metadata and the document's date.

ReportLab's canvas has marked the content (`pdf.tagging`); here pikepdf (QPDF) adds what
ReportLab has no API for: /MarkInfo, the StructTreeRoot with its ParentTree, RoleMap and
IDTree, /StructParents on pages, /StructParent, /Contents and OBJRs for link annotations,
/Tabs /S, /Lang, /ViewerPreferences /DisplayDocTitle, and an XMP packet with dc:title and
pdfuaid:part 1. The info dictionary and the XMP carry the same date (`document_date`).
Saved with a deterministic /ID: same input and date, same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml

from deckgen.renderers.pdf.tagging import Element, StructTree

# Types of our own, mapped to standard ones (PDF 1.7, 14.8.4) for readers that know only those
ROLE_MAP = {"Title": "H1", "KeyFigure": "Div", "Band": "Div", "Card": "Sect"}


@dataclass(frozen=True)
class Meta:
    title: str
    lang: str
    author: str = ""
    subject: str = ""
    created: dt.datetime | None = None  # None: now


def document_date(content_date: str | None, epoch: int | None = None) -> dt.datetime:
    """When the document was made: SOURCE_DATE_EPOCH when given (the reproducible-builds convention),
    else the content's `date` (noon UTC, so it is that day in every time zone people print in),
    else now."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    if content_date:
        day = dt.date.fromisoformat(content_date)
        return dt.datetime(day.year, day.month, day.day, 12, 0, 0, tzinfo=dt.timezone.utc)
    return dt.datetime.fromtimestamp(int(time.time()), dt.timezone.utc)


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH from the environment, when it is a whole number of seconds (else ignored,
    as reproducible-builds.org asks)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp(meta: Meta, when: dt.datetime, producer: str) -> bytes:
    """An XMP packet: title, author, subject, language, dates, producer, and the PDF/UA identifier."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    lang = _xml(meta.lang)

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml(text)}</rdf:li></rdf:Alt>'

    creator = f"<dc:creator><rdf:Seq><rdf:li>{_xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>" if meta.author else ""
    subject = f"<dc:description>{alt(meta.subject)}</dc:description>" if meta.subject else ""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f"<dc:format>application/pdf</dc:format>\n<dc:title>{alt(meta.title)}</dc:title>\n{creator}{subject}\n"
        f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n"
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>\n<xmp:ModifyDate>{stamp}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>\n<xmp:CreatorTool>deckgen</xmp:CreatorTool>\n"
        f"<pdf:Producer>{_xml(producer)}</pdf:Producer>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def finish(data: bytes, tree: StructTree, meta: Meta) -> bytes:
    """The PDF ReportLab wrote, tagged: the structure tree and the catalogue entries PDF/UA-1 asks for."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    when = meta.created or document_date(None)
    pdf = pikepdf.open(io.BytesIO(data))
    pages = list(pdf.pages)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parents: dict[int, list] = {page: [None] * len(found) for page, found in tree.mcids.items()}
    annot_parents: list = []
    ids: list = []

    def page_obj(number: int):
        return pages[number - 1].obj

    def write(element: Element, parent) -> object | None:
        if not element.text_kids():
            return None
        node = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent))
        first_page = next((k[1] for k in _contents(element)), None)
        if first_page is not None:
            node.Pg = page_obj(first_page)
        for key in ("Alt", "ActualText", "Lang", "E"):
            if element.attrs.get(key):
                node[Name("/" + key)] = String(element.attrs[key])
        if element.attrs.get("ID"):
            node.ID = pikepdf.String(element.attrs["ID"])
            ids.append((element.attrs["ID"], node))
        kids = Array()
        for kid in element.kids:
            if isinstance(kid, Element):
                written = write(kid, node)
                if written is not None:
                    kids.append(written)
            elif kid[0] == "mcid":
                _, page, mcid = kid
                parents[page][mcid] = node
                kids.append(mcid if page == first_page else
                            Dictionary(Type=Name.MCR, Pg=page_obj(page), MCID=mcid))
            else:
                _, page, index = kid
                annot = pages[page - 1].obj.Annots[index]
                annot.StructParent = len(pages) + len(annot_parents)
                annot_parents.append(node)
                description = element.attrs.get("Contents") or element.target or meta.title
                annot.Contents = String(description)
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=page_obj(page)))
        node.K = kids
        return node

    document = write(tree.root, root)
    root.K = Array([document]) if document is not None else Array()
    nums = Array()
    for number, page in enumerate(pages, 1):
        page.obj.StructParents = number - 1
        page.obj.Tabs = Name.S
        nums.append(number - 1)
        nums.append(Array(parents.get(number, [])))
    for i, node in enumerate(annot_parents):
        nums.append(len(pages) + i)
        nums.append(node)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pages) + len(annot_parents)
    root.RoleMap = Dictionary({"/" + k: Name("/" + v) for k, v in ROLE_MAP.items()})
    if ids:
        names = Array()
        for key, node in sorted(ids, key=lambda pair: pair[0]):
            names.append(String(key))
            names.append(node)
        root.IDTree = Dictionary(Names=names)

    catalog = pdf.Root
    catalog.StructTreeRoot = root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(meta.lang)
    prefs = catalog.get("/ViewerPreferences", Dictionary())
    prefs.DisplayDocTitle = True
    catalog.ViewerPreferences = prefs
    producer = str(pdf.docinfo.get("/Producer", "ReportLab"))
    stream = pikepdf.Stream(pdf, xmp(meta, when, producer))
    stream.Type, stream.Subtype = Name.Metadata, Name.XML
    catalog.Metadata = pdf.make_indirect(stream)
    info = pdf.docinfo
    info.Title = String(meta.title)
    info.CreationDate = info.ModDate = String(_pdf_date(when))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _contents(element: Element):
    """The element's own content items (MCIDs and annotations), in order."""
    return (k for k in element.kids if not isinstance(k, Element))
