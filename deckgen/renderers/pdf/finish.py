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

import io

import pikepdf  # imported with the renderer, so a build's early worker imports it while the content is read
from pikepdf import Array, Dictionary, Name, String

from deckgen.renderers.pdf.meta import Meta, document_date, pdf_date, xmp
from deckgen.renderers.pdf.structure import Element, StructTree

__all__ = ["Meta", "document_date", "finish"]

# Types of our own, mapped to standard ones (PDF 1.7, 14.8.4) for readers that know only those
ROLE_MAP = {"Title": "H1", "KeyFigure": "Div", "Band": "Div", "Card": "Sect"}


def finish(data: bytes, tree: StructTree, meta: Meta) -> bytes:
    """The PDF ReportLab wrote, tagged: the structure tree and the catalogue entries PDF/UA-1 asks for."""

    when = meta.created or document_date(None)
    pdf = pikepdf.open(io.BytesIO(data))
    pages = list(pdf.pages)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parents: dict[int, list] = {page: [None] * len(found) for page, found in tree.mcids.items()}
    annot_parents: list = []
    ids: list = []

    page_objs = [page.obj for page in pages]
    holding = _holding(tree.root)
    # Names made once: each Name.X or Name("/…") is a call into pikepdf (the tree has hundreds of elements)
    elem, mcr, objr = Name.StructElem, Name.MCR, Name.OBJR
    roles: dict[str, Name] = {}

    def write(element: Element, parent) -> object | None:
        if element not in holding:
            return None
        role = roles.get(element.role)
        if role is None:
            role = roles[element.role] = Name("/" + element.role)
        fields = {"Type": elem, "S": role, "P": parent}
        first_page = next((k[1] for k in _contents(element)), None)
        if first_page is not None:
            fields["Pg"] = page_objs[first_page - 1]
        attrs = element.attrs
        for key in ("Alt", "ActualText", "Lang", "E"):
            if attrs.get(key):
                fields[key] = String(attrs[key])
        if attrs.get("Scope"):  # a table header's: the column (or row) it heads
            fields["A"] = Dictionary(O=Name.Table, Scope=Name("/" + attrs["Scope"]))
        if attrs.get("ID"):
            fields["ID"] = pikepdf.String(attrs["ID"])
        node = pdf.make_indirect(Dictionary(**fields))  # the same object a key at a time would make
        if attrs.get("ID"):
            ids.append((attrs["ID"], node))
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                written = write(kid, node)
                if written is not None:
                    kids.append(written)
            elif kid[0] == "mcid":
                _, page, mcid = kid
                parents[page][mcid] = node
                kids.append(mcid if page == first_page else
                            Dictionary(Type=mcr, Pg=page_objs[page - 1], MCID=mcid))
            else:
                _, page, index = kid
                annot = page_objs[page - 1].Annots[index]
                annot.StructParent = len(pages) + len(annot_parents)
                annot_parents.append(node)
                description = element.attrs.get("Contents") or element.target or meta.title
                annot.Contents = String(description)
                kids.append(Dictionary(Type=objr, Obj=annot, Pg=page_objs[page - 1]))
        node.K = Array(kids)
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
    info.CreationDate = info.ModDate = String(pdf_date(when))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _holding(root: Element) -> set[Element]:
    """The elements that hold content themselves or in a descendant (Element.text_kids() of each,
    found in one walk instead of one per element)."""
    found: set[Element] = set()

    def visit(element: Element) -> bool:
        holds = False
        for kid in element.kids:
            if not isinstance(kid, Element) or visit(kid):
                holds = True
        if holds:
            found.add(element)
        return holds

    visit(root)
    return found


def _contents(element: Element):
    """The element's own content items (MCIDs and annotations), in order."""
    return (k for k in element.kids if not isinstance(k, Element))
