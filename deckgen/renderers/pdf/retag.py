"""What LibreOffice's tagged PDF of the deck (`slides-pdf`) gets wrong for a screen reader, mended:

- **its language**: LibreOffice names its own (the profile's locale, en-US here) as the
  document's /Lang, whatever the slides' text is in, and tags no element with another; a
  reader then speaks Dutch with English rules. The catalogue gets the document's language.
- **decorative shapes as figures**: LibreOffice 7 ignores PowerPoint's "decorative" mark (the
  a16 extension the deck sets on its bands, rules and decorative pictures) and tags each such
  shape as a Figure with no alternative text, which a reader announces as an unnamed
  graphic and PDF/UA forbids. Every picture deckgen means has its alternative text in the deck
  (a content picture's `alt:`, the QR code's link), and LibreOffice carries it over as the
  Figure's /Alt; so a Figure without /Alt or /ActualText is one of those shapes: its marked
  content becomes an /Artifact and the element leaves the structure tree (and its slot in the
  ParentTree is emptied).
- **no document element**: the structure tree's root holds each slide's headings and blocks
  directly; they are put in one /Document element, as a tagged PDF's tree should be rooted
  (poppler warns of every element at the root, and readers that look for the Document find none).
- **what only the deck knows** (`pdf.slidetags`, given the deck's `SlideReading`s): the date,
  footer and slide number as pagination artifacts, titles as H1/H2, reference marks as References.
"""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from deckgen.renderers.pdf import slidetags
from deckgen.renderers.pdf.meta import set_dates
from deckgen.renderers.pdf.pdftree import Pages, kids, marked, number_tree_add, page_of, parent_tree
from deckgen.renderers.pdf.slidetags import Mended

_PATH = {"m", "l", "c", "v", "y", "h", "re"}  # path construction
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}  # what paints (n ends a path unpainted)


def mend(data: bytes, lang: str, reading: tuple = (), summary: Mended | None = None,
         when: dt.datetime | None = None) -> tuple[bytes, int]:
    """The PDF with the document's language and its alt-less figures as artifacts; how many there were.
    With `reading` (the deck's SlideReading per slide), its running texts, titles and reference marks are
    mended too (pdf.slidetags), counted in `summary`; with `when`, that is its date (meta.set_dates). The
    file is opened and saved once, and each page's content parsed once (pdftree.Pages) for every mend."""
    pdf = pikepdf.open(io.BytesIO(data))
    if when is not None:
        set_dates(pdf, when)
    pdf.Root.Lang = pikepdf.String(lang)
    pages = Pages(pdf)
    root = pdf.Root.get("/StructTreeRoot")
    charts = slidetags.name_charts(pdf, root, reading) if root is not None and reading else 0
    bare = _bare_figures(root) if root is not None else []
    if bare:
        _artifacts(pdf, pages, root, bare)
    if root is not None:
        document = _one_document(pdf, root)
        if reading:
            done = slidetags.mend(pdf, pages, root, document, reading, lang)
            if summary is not None:
                summary.__dict__.update(done.__dict__, charts=charts)
        _links(pdf, root, document)
    for index in range(len(pdf.pages)):
        _untagged_paint_as_artifacts(pages[index])
    pages.save()
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue(), len(bare)


def _one_document(pdf, root):
    """The root's elements in one /Document element (unless that is what the root already holds); it."""
    tops = kids(root)
    if len(tops) == 1 and isinstance(tops[0], Dictionary) and tops[0].get("/S") == "/Document":
        return tops[0]
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array(tops)))
    for kid in tops:
        if isinstance(kid, Dictionary):
            kid.P = document
    root.K = Array([document])
    return document


def _links(pdf, root, document) -> None:
    """Each link annotation outside the structure tree (LibreOffice leaves a picture's link out) in a
    /Link element after the page's other elements, described by its /Contents or its address; and
    every page with annotations has them in the order of its structure (/Tabs /S)."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    parents = root.get("/ParentTree")
    for index, page in enumerate(pdf.pages):
        annots = page.obj.get("/Annots")
        if not annots:
            continue
        page.obj.Tabs = Name.S
        for annot in annots:
            if annot.get("/Subtype") != "/Link" or "/StructParent" in annot or parents is None:
                continue
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, Dictionary) else ""
            alt = str(annot.get("/Contents", "")) or uri or "link"
            annot.Contents = pikepdf.String(alt)
            link = pdf.make_indirect(Dictionary(
                Type=Name.StructElem, S=Name.Link, P=document, Pg=page.obj, Alt=pikepdf.String(alt),
                K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj)])))
            key = max(int(root.get("/ParentTreeNextKey", 0)), max(parent_tree(root), default=-1) + 1)
            annot.StructParent = key
            root.ParentTreeNextKey = key + 1
            number_tree_add(parents, key, link)
            tops = kids(document)
            at = len(tops)
            while at > 0 and pages.get(page_of(tops[at - 1]), -1) > index:
                at -= 1
            tops.insert(at, link)
            document.K = Array(tops)


def _untagged_paint_as_artifacts(content) -> None:
    """What a page paints outside any marked content (LibreOffice draws each slide's background and
    bands so) marked as an artifact: each path with its painting, each XObject, each shading."""
    depth, path_start = 0, None
    for i, (operands, operator) in enumerate(content.ops):
        name = str(operator)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        if depth == 0 and name in _PATH and path_start is None:
            path_start = i
        if depth == 0 and name in _PAINT:
            content.insert(path_start if path_start is not None else i, ([Name.Artifact], pikepdf.Operator("BMC")))
            content.insert_after(i, ([], pikepdf.Operator("EMC")))
            path_start = None
            continue
        if name not in _PATH and name not in ("W", "W*"):  # anything else (n: a clip, unpainted) ends the path
            path_start = None


def _bare_figures(root) -> list[tuple[object, object]]:
    """(element, its parent) for each Figure without /Alt or /ActualText, in the tree's order."""
    found = []

    def walk(node) -> None:
        for kid in kids(node):
            if not isinstance(kid, Dictionary) or kid.get("/Type") in ("/MCR", "/OBJR"):
                continue
            if kid.get("/S") == "/Figure" and kid.get("/Alt") is None and kid.get("/ActualText") is None:
                found.append((kid, node))
            else:
                walk(kid)

    walk(root)
    return found


def _artifacts(pdf, pages, root, bare: list) -> None:
    """The figures' marked content marked as artifacts, the figures out of the tree and the ParentTree."""
    by_page: dict[tuple, set[int]] = {}
    for element, parent in bare:
        for page, mcid in marked(element):
            if page is not None:
                by_page.setdefault(page.objgen, set()).add(mcid)
        siblings = parent.K
        if isinstance(siblings, Array):
            parent.K = Array([k for k in siblings if not (isinstance(k, Dictionary) and k.objgen == element.objgen)])
        else:
            del parent["/K"]
    slots_of = parent_tree(root)
    for index, page in enumerate(pdf.pages):
        gone = by_page.get(page.obj.objgen)
        if not gone:
            continue
        content = pages[index]
        for mcid in sorted(gone):
            at = content.bdc.pop(mcid, None)
            if at is not None:
                content.replace(at, ([Name.Artifact], pikepdf.Operator("BMC")))
        slots = slots_of.get(int(page.obj.get("/StructParents", -1)))
        if isinstance(slots, Array):
            for mcid in gone:
                if mcid < len(slots):
                    slots[mcid] = None
