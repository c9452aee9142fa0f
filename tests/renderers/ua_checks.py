"""The PDF/UA-1 rules deckgen's tagged PDFs rely on, checked with pikepdf (machine-checkable ones only).

veraPDF, the reference checker, is a Java program that is not on PyPI; the `pdfua` package
(also used by the tests) implements 16 of the 106 machine-checkable rules. These are the
rules of ISO 14289-1 (and the Matterhorn Protocol's checkpoints) that our writing of tags
could break, each checked on the file itself:

- 06-001..003 / 7.1: /MarkInfo /Marked true, XMP metadata with dc:title, pdfuaid:part 1
- 7.1-8 / 11-001: a /Lang on the catalogue
- 7.1-10 / 07-001: /ViewerPreferences /DisplayDocTitle true
- 01-005, 01-006 / 7.1-3: every glyph, path and image on a page is inside an MCID-marked
  sequence or an Artifact (nothing neither tagged nor artifact); no MCID used twice on a page
- 7.1-3: each MCID is in the ParentTree, pointing at the element whose /K holds it
- 02-001 / 7.1-5: every structure type is standard or role-mapped to a standard one
- 13-004 / 7.3: every Figure has /Alt
- 14-002, 14-003 / 7.4.2: headings start at H1 and never skip a level
- 19-003, 19-004 / 7.9: every Note has an /ID, and IDs are unique
- 28-011, 28-012 / 7.18.5: every link annotation has /Contents, a /StructParent, and sits in a
  Link element as an OBJR; 28-... / 7.18.3: pages with annotations have /Tabs /S
- 31-xxx / 7.21.3-4: every font is embedded and has a ToUnicode CMap
"""

from __future__ import annotations

import io
import re

import pikepdf

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5
H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP
Warichu WT WP Figure Formula Form""".split())
PAINT = {"Tj", "TJ", "'", '"', "Do", "sh", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "BI", "INLINE IMAGE"}


def problems(data: bytes) -> list[str]:
    """Every violation of the rules above, as readable lines (empty: none found)."""
    found: list[str] = []
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
        found.append("no /MarkInfo << /Marked true >>")
    if not str(root.get("/Lang", "")):
        found.append("no /Lang on the catalogue")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        found.append("no /ViewerPreferences /DisplayDocTitle true")
    xmp = root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in root else ""
    if "<dc:title>" not in xmp or not re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp):
        found.append("no XMP with dc:title and pdfuaid:part 1")
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return found + ["no StructTreeRoot"]
    role_map = {str(k): str(v) for k, v in tree.get("/RoleMap", {}).items()}
    parents = _number_tree(tree.ParentTree)
    owners: dict[tuple, object] = {}  # (page objgen, mcid) -> element objgen, from the tree's /K
    headings: list[int] = []
    ids: list[str] = []

    def walk(element, page) -> None:
        kind = str(element.S)[1:]
        standard = role_map.get("/" + kind, "/" + kind)[1:]
        if standard not in STANDARD:
            found.append(f"structure type {kind} is neither standard nor role-mapped")
        if standard == "Figure" and not str(element.get("/Alt", "")):
            found.append("a Figure without /Alt")
        if re.fullmatch(r"H[1-6]", standard):
            headings.append(int(standard[1]))
        if standard == "Note":
            if "/ID" not in element:
                found.append("a Note without /ID")
            else:
                ids.append(str(element.ID))
        page = element.get("/Pg", page)
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, int):
                owners[(page.objgen, int(kid))] = element.objgen
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                owners[(kid.get("/Pg", page).objgen, int(kid.MCID))] = element.objgen
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                annot = kid.Obj
                if standard != "Link" and annot.get("/Subtype") == "/Link":
                    found.append("a link annotation outside a Link element")
                if parents.get(int(annot.get("/StructParent", -1))) is None or \
                        parents[int(annot.StructParent)].objgen != element.objgen:
                    found.append("a link annotation whose /StructParent does not point at its Link element")
            elif isinstance(kid, pikepdf.Dictionary):
                walk(kid, page)

    for top in tree.get("/K", []) if isinstance(tree.get("/K"), pikepdf.Array) else [tree.K]:
        walk(top, None)
    level = 0
    for h in headings:
        if h > level + 1:
            found.append(f"heading H{h} after H{level or '(none)'}: a level skipped")
        level = h
    if len(ids) != len(set(ids)):
        found.append("Note IDs are not unique")

    for number, page in enumerate(pdf.pages, 1):
        if "/StructParents" not in page.obj:
            found.append(f"page {number}: no /StructParents")
            continue
        marked = parents.get(int(page.obj.StructParents))
        seen: set[int] = set()
        for problem in _content(page, seen):
            found.append(f"page {number}: {problem}")
        for mcid in seen:
            owner = owners.get((page.obj.objgen, mcid))
            if owner is None:
                found.append(f"page {number}: MCID {mcid} belongs to no structure element")
            elif marked is None or mcid >= len(marked) or marked[mcid].objgen != owner:
                found.append(f"page {number}: MCID {mcid} is not in the ParentTree under its element")
        annots = page.obj.get("/Annots", [])
        if len(annots) and page.obj.get("/Tabs") != "/S":
            found.append(f"page {number}: annotations but no /Tabs /S")
        for annot in annots:
            if annot.get("/Subtype") == "/Link" and not str(annot.get("/Contents", "")):
                found.append(f"page {number}: a link annotation without /Contents")
            if "/StructParent" not in annot:
                found.append(f"page {number}: an annotation that is not in the structure tree")
        for name, font in (page.Resources.get("/Font") or {}).items():
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            if not embedded:
                found.append(f"page {number}: font {font.get('/BaseFont')} is not embedded")
            if "/ToUnicode" not in font:
                found.append(f"page {number}: font {font.get('/BaseFont')} has no ToUnicode")
    return sorted(set(found))


def _number_tree(node) -> dict[int, object]:
    out: dict[int, object] = {}
    nums = node.get("/Nums", [])
    for i in range(0, len(nums), 2):
        out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid))
    return out


def _content(page, seen: set[int]) -> list[str]:
    """Painting outside marked content, and MCIDs used twice, in one page's content stream."""
    out: list[str] = []
    stack: list[str] = []  # "mcid", "artifact" or "other" per open sequence
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" else None
            if tag == "/Artifact":
                stack.append("artifact")
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcid = int(props.MCID)
                if mcid in seen:
                    out.append(f"MCID {mcid} used twice")
                seen.add(mcid)
                stack.append("mcid")
            else:
                stack.append("other")
        elif op == "EMC":
            if not stack:
                out.append("EMC without a sequence to end")
            else:
                stack.pop()
        elif op in PAINT and not any(s in ("mcid", "artifact") for s in stack):
            out.append(f"'{op}' neither tagged nor an artifact")
    if stack:
        out.append("a marked-content sequence left open")
    return out
