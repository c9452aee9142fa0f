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

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

from deckgen.renderers.pdf import slidetags
from deckgen.renderers.pdf.slidetags import Mended

_PATH = {"m", "l", "c", "v", "y", "h", "re"}  # path construction
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}  # what paints (n ends a path unpainted)


def mend(data: bytes, lang: str, reading: tuple = (), summary: Mended | None = None) -> tuple[bytes, int]:
    """The PDF with the document's language and its alt-less figures as artifacts; how many there were.
    With `reading` (the deck's SlideReading per slide), its running texts, titles and reference marks are
    mended too (pdf.slidetags), counted in `summary`."""
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.Root.Lang = pikepdf.String(lang)
    root = pdf.Root.get("/StructTreeRoot")
    charts = slidetags.name_charts(pdf, root, reading, _page_of) if root is not None and reading else 0
    bare = _bare_figures(root) if root is not None else []
    if bare:
        _artifacts(pdf, root, bare)
    if root is not None:
        document = _one_document(pdf, root)
        if reading:
            parents = _parent_tree(root)
            done = slidetags.mend(pdf, root, document, reading, _page_of,
                                  lambda page: parents.get(int(page.obj.get("/StructParents", -1))))
            if summary is not None:
                summary.__dict__.update(done.__dict__, charts=charts)
        _links(pdf, root, document)
    for page in pdf.pages:
        _untagged_paint_as_artifacts(pdf, page)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue(), len(bare)


def _one_document(pdf, root):
    """The root's elements in one /Document element (unless that is what the root already holds); it."""
    kids = root.get("/K")
    kids = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
    if len(kids) == 1 and isinstance(kids[0], Dictionary) and kids[0].get("/S") == "/Document":
        return kids[0]
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array(kids)))
    for kid in kids:
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
            key = max(int(root.get("/ParentTreeNextKey", 0)), max(_parent_tree(root), default=-1) + 1)
            annot.StructParent = key
            root.ParentTreeNextKey = key + 1
            _number_tree_add(parents, key, link)
            kids = list(document.K) if isinstance(document.K, Array) else [document.K]
            at = len(kids)
            while at > 0 and pages.get(_page_of(kids[at - 1]), -1) > index:
                at -= 1
            kids.insert(at, link)
            document.K = Array(kids)


def _page_of(element):
    """The objgen of an element's page (/Pg), looking into its first kid when it has none."""
    while isinstance(element, Dictionary):
        if "/Pg" in element:
            return element.Pg.objgen
        kids = element.get("/K")
        element = kids[0] if isinstance(kids, Array) and len(kids) else kids
    return None


def _number_tree_add(tree, key: int, value) -> None:
    """key -> value in a number tree (its last leaf, whose /Limits grow to hold it)."""
    node = tree
    while "/Nums" not in node and node.get("/Kids"):
        node = node.Kids[len(node.Kids) - 1]
    nums = node.get("/Nums")
    if nums is None:
        node.Nums = nums = Array()
    nums.append(key)
    nums.append(value)
    if "/Limits" in node:
        node.Limits = Array([min(int(node.Limits[0]), key), max(int(node.Limits[1]), key)])


def _untagged_paint_as_artifacts(pdf, page) -> None:
    """What a page paints outside any marked content (LibreOffice draws each slide's background and
    bands so) marked as an artifact: each path with its painting, each XObject, each shading."""
    out, depth, path_start, changed = [], 0, None, False
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        if depth == 0 and name in _PATH and path_start is None:
            path_start = len(out)
        if depth == 0 and name in _PAINT:
            at = path_start if path_start is not None else len(out)
            out.insert(at, ([Name.Artifact], pikepdf.Operator("BMC")))
            out.append((operands, operator))
            out.append(([], pikepdf.Operator("EMC")))
            path_start, changed = None, True
            continue
        if name not in _PATH and name not in ("W", "W*"):  # anything else (n: a clip, unpainted) ends the path
            path_start = None
        out.append((operands, operator))
    if changed:
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def _bare_figures(root) -> list[tuple[object, object]]:
    """(element, its parent) for each Figure without /Alt or /ActualText, in the tree's order."""
    found = []

    def walk(node) -> None:
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, Array) else [kids] if kids is not None else []):
            if not isinstance(kid, Dictionary) or kid.get("/Type") in ("/MCR", "/OBJR"):
                continue
            if kid.get("/S") == "/Figure" and kid.get("/Alt") is None and kid.get("/ActualText") is None:
                found.append((kid, node))
            else:
                walk(kid)

    walk(root)
    return found


def _artifacts(pdf, root, bare: list) -> None:
    """The figures' marked content marked as artifacts, the figures out of the tree and the ParentTree."""
    by_page: dict[tuple, set[int]] = {}
    for element, parent in bare:
        for page, mcid in _marked(element):
            by_page.setdefault(page.objgen, set()).add(mcid)
        kids = parent.K
        if isinstance(kids, Array):
            parent.K = Array([k for k in kids if not (isinstance(k, Dictionary) and k.objgen == element.objgen)])
        else:
            del parent["/K"]
    parents = _parent_tree(root)
    for page in pdf.pages:
        gone = by_page.get(page.obj.objgen)
        if not gone:
            continue
        ops = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if (operator == pikepdf.Operator("BDC") and len(operands) == 2 and isinstance(operands[1], Dictionary)
                    and int(operands[1].get("/MCID", -1)) in gone):
                ops.append(([Name.Artifact], pikepdf.Operator("BMC")))
            else:
                ops.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        slots = parents.get(int(page.obj.get("/StructParents", -1)))
        if isinstance(slots, Array):
            for mcid in gone:
                if mcid < len(slots):
                    slots[mcid] = None


def _marked(element):
    """(page, MCID) of each piece of marked content the element holds itself."""
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, Array) else [kids]):
        if isinstance(kid, int):
            yield element.Pg, kid
        elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
            yield kid.get("/Pg", element.Pg), int(kid.MCID)


def _parent_tree(root) -> dict[int, object]:
    """The ParentTree's number tree, flattened: key -> value."""
    out: dict[int, object] = {}

    def walk(node) -> None:
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                out[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)

    tree = root.get("/ParentTree")
    if tree is not None:
        walk(tree)
    return out
