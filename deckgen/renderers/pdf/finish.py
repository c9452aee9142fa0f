"""Writing the recorded structure into the document ReportLab is about to save: PDF/UA-1's catalogue
entries, the structure tree, XMP metadata and the document's date.

ReportLab's canvas has marked the content as it drew it (`pdf.tagging`) and recorded the tree beside
it (`pdf.structure`). ReportLab has no API for the rest, but its document model takes any PDF object:
here, before the canvas saves, the tree becomes indirect StructElem dictionaries (with /P, /Pg, /K,
/Alt, /ActualText, /Lang, /E, table /Scope attributes and /ID), the StructTreeRoot gets its
ParentTree, RoleMap and IDTree, pages their /StructParents and /Tabs /S, link annotations their
/StructParent, /Contents and an OBJR; the catalogue gets /MarkInfo, /Lang,
/ViewerPreferences /DisplayDocTitle and an XMP packet with dc:title and pdfuaid:part 1. The info
dictionary and the XMP carry the same date (`document_date`).

Written by ReportLab itself, the PDF is made once: post-processing it with pikepdf (QPDF) meant
importing pikepdf (0.17 G instructions in the PDF worker), parsing the file ReportLab had just
written and writing it again. The file's /ID is a digest of its pages' content and its metadata,
so the same input and date give the same bytes.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
    PDFtrue,
)

from deckgen.renderers.pdf.meta import Meta, document_date, pdf_date, xmp
from deckgen.renderers.pdf.structure import Element, StructTree

__all__ = ["Meta", "document_date", "finish"]

# Types of our own, mapped to standard ones (PDF 1.7, 14.8.4) for readers that know only those
ROLE_MAP = {"Title": "H1", "KeyFigure": "Div", "Band": "Div", "Card": "Sect"}
PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]  # what a tagged page's dictionary holds


def finish(doc, tree: StructTree, meta: Meta) -> None:
    """Adds the structure tree and the catalogue entries PDF/UA-1 asks for to `doc` (a canvas's
    ReportLab PDFDocument whose pages are all made, not yet saved)."""
    when = meta.created or document_date(None)
    pages = list(doc.Pages.pages)
    page_refs = [doc.Reference(page) for page in pages]
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    parents: dict[int, list] = {page: [None] * len(found) for page, found in tree.mcids.items()}
    annot_parents: list = []
    ids: list = []
    holding = _holding(tree.root)
    names: dict[str, PDFName] = {}

    def name(text: str) -> PDFName:
        found = names.get(text)
        if found is None:
            found = names[text] = PDFName(text)
        return found

    elem, mcr, objr = name("StructElem"), name("MCR"), name("OBJR")

    def write(element: Element, parent: PDFObjectReference) -> PDFObjectReference | None:
        if element not in holding:
            return None
        fields = {"Type": elem, "S": name(element.role), "P": parent}
        first_page = next((k[1] for k in element.kids if not isinstance(k, Element)), None)
        if first_page is not None:
            fields["Pg"] = page_refs[first_page - 1]
        attrs = element.attrs
        for key in ("Alt", "ActualText", "Lang", "E", "ID"):
            if attrs.get(key):
                fields[key] = PDFString(attrs[key])
        if attrs.get("Scope"):  # a table header's: the column (or row) it heads
            fields["A"] = PDFDictionary({"O": name("Table"), "Scope": name(attrs["Scope"])})
        node = PDFDictionary(fields)
        ref = doc.Reference(node)
        if attrs.get("ID"):
            ids.append((attrs["ID"], ref))
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                written = write(kid, ref)
                if written is not None:
                    kids.append(written)
            elif kid[0] == "mcid":
                _, page, mcid = kid
                parents[page][mcid] = ref
                kids.append(mcid if page == first_page else
                            PDFDictionary({"Type": mcr, "Pg": page_refs[page - 1], "MCID": mcid}))
            else:
                _, page, index = kid
                annot_ref = pages[page - 1].Annots[index]
                _describe(doc.idToObject[annot_ref.name], len(pages) + len(annot_parents),
                          element.attrs.get("Contents") or element.target or meta.title)
                annot_parents.append(ref)
                kids.append(PDFDictionary({"Type": objr, "Obj": annot_ref, "Pg": page_refs[page - 1]}))
        node["K"] = PDFArray(kids)
        return ref

    document = write(tree.root, root_ref)
    root["K"] = PDFArray([document] if document is not None else [])
    nums: list = []
    for number, page in enumerate(pages, 1):
        page.__NoDefault__ = PAGE_KEYS
        page.StructParents = number - 1
        page.Tabs = name("S")
        nums += [number - 1, PDFArray(parents.get(number, []))]
    for i, node in enumerate(annot_parents):
        nums += [len(pages) + i, node]
    root["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
    root["ParentTreeNextKey"] = len(pages) + len(annot_parents)
    root["RoleMap"] = PDFDictionary({k: name(v) for k, v in ROLE_MAP.items()})
    if ids:
        root["IDTree"] = PDFDictionary({"Names": PDFArray([x for key, ref in sorted(ids, key=lambda pair: pair[0])
                                                           for x in (PDFString(key), ref)])})

    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": PDFtrue})
    catalog.Lang = PDFString(meta.lang)
    prefs = getattr(catalog, "ViewerPreferences", None)
    if not isinstance(prefs, PDFDictionary):
        prefs = PDFDictionary()
    prefs["DisplayDocTitle"] = PDFtrue
    catalog.ViewerPreferences = prefs
    packet = xmp(meta, when, doc.info.producer)
    catalog.Metadata = PDFStream(PDFDictionary({"Type": name("Metadata"), "Subtype": name("XML")}), packet,
                                 filters=[])  # not compressed: a reader finds the packet without decoding
    info = doc.info
    info.title = meta.title
    stamp = pdf_date(when)
    info._dateFormatter = lambda *_: stamp
    # The file's /ID: ReportLab's digest (of the date and the info dictionary, in invariant mode) with
    # the pages' content and the metadata added, so that two different files do not share one
    for page in pages:
        stream = page.stream
        doc.signature.update(stream.encode("utf-8", "surrogatepass") if isinstance(stream, str) else stream)
    doc.signature.update(packet)


def _describe(annotation, key: int, description: str) -> None:
    """A link annotation's /StructParent and /Contents (the text a screen reader gives the link)."""
    if isinstance(annotation, PDFDictionary):  # canvas.linkURL's
        annotation["StructParent"] = key
        annotation["Contents"] = PDFString(description)
    else:  # canvas.linkRect's LinkAnnotation, which admits only the keys it lists
        annotation.permitted = (*annotation.permitted, "StructParent")
        annotation.otherkw["StructParent"] = key
        annotation.Contents = description


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
