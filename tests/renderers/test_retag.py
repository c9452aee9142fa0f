"""pdf/retag.py on a small tagged PDF made here, as LibreOffice makes them: its language, decorative
figures, untagged backgrounds, a link outside the tree and no Document element, mended."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name
from renderers.ua_checks import problems

from deckgen.renderers.pdf.retag import mend

CONTENT = (b"q 0 0 200 100 re W* n 1 1 1 rg 0 0 m 200 0 l 200 100 l h f* Q "  # a background, untagged
           b"/Figure <</MCID 0>> BDC 0 0 50 20 re f EMC "  # a band: a figure without alt
           b"/Figure <</MCID 1>> BDC q 20 0 0 20 10 10 cm /Im0 Do Q EMC "  # a picture with alt
           b"/P <</MCID 2>> BDC BT /F1 12 Tf 10 50 Td (Hallo) Tj ET EMC")


def _libreoffice_like() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    page = pdf.pages[0]
    image = pikepdf.Stream(pdf, b"\x00\x00\x00")
    image.Type, image.Subtype, image.Width, image.Height = Name.XObject, Name.Image, 1, 1
    image.ColorSpace, image.BitsPerComponent = Name.DeviceRGB, 8
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    page.Resources = Dictionary(XObject=Dictionary(Im0=image), Font=Dictionary(F1=font))
    page.Contents = pdf.make_stream(CONTENT)
    page.StructParents = 0
    link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[10, 10, 30, 30],
                                        A=Dictionary(S=Name.URI, URI=pikepdf.String("https://example.org/"))))
    page.Annots = Array([link])
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    band = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, P=root, Pg=page.obj, K=Array([0])))
    photo = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, P=root, Pg=page.obj, K=Array([1]),
                                         Alt=pikepdf.String("A tree on a hill")))
    para = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=root, Pg=page.obj, K=Array([2])))
    root.K = Array([band, photo, para])
    root.ParentTree = Dictionary(Nums=Array([0, Array([band, photo, para])]))
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String("en-US")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# what LibreOffice does right and this small PDF lacks (retag's business is none of it)
NOT_RETAGS = {"no /ViewerPreferences /DisplayDocTitle true", "no XMP with dc:title and pdfuaid:part 1",
              "page 1: font /Helvetica has no ToUnicode", "page 1: font /Helvetica is not embedded"}


def test_the_checks_find_what_libreoffice_gets_wrong_here():
    found = problems(_libreoffice_like())
    assert NOT_RETAGS < set(found) and "a Figure without /Alt" in found
    assert any("neither tagged nor an artifact" in p for p in found)
    assert any("annotation that is not in the structure tree" in p for p in found)


def test_mended_the_pdf_passes_the_checks_and_keeps_what_means_something():
    data, removed = mend(_libreoffice_like(), "nl")
    assert removed == 1 and set(problems(data)) == NOT_RETAGS
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "nl"
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        kids = list(root.K[0].K)
        assert [str(k.S) for k in kids] == ["/Figure", "/P", "/Link"]
        assert str(kids[0].Alt) == "A tree on a hill" and str(kids[2].Alt) == "https://example.org/"
        assert all(k.P.objgen == root.K[0].objgen for k in kids)
        page = pdf.pages[0]
        assert page.Tabs == "/S" and int(page.Annots[0].StructParent) == 1
        marked = [(str(op), [str(o) for o in operands][:1]) for operands, op in pikepdf.parse_content_stream(page)
                  if str(op) in ("BDC", "BMC")]
        assert marked == [("BMC", ["/Artifact"]), ("BMC", ["/Artifact"]), ("BDC", ["/Figure"]), ("BDC", ["/P"])]
        slots = dict(zip(list(root.ParentTree.Nums)[::2], list(root.ParentTree.Nums)[1::2]))
        assert slots[0][0] is None and slots[0][1].objgen == kids[0].objgen  # the band's slot emptied


def test_a_pdf_that_needs_nothing_keeps_its_structure():
    once, removed = mend(_libreoffice_like(), "nl")
    twice, again = mend(once, "nl")
    assert again == 0 and set(problems(twice)) == NOT_RETAGS
    with pikepdf.open(io.BytesIO(twice)) as pdf:
        assert [str(k.S) for k in pdf.Root.StructTreeRoot.K[0].K] == ["/Figure", "/P", "/Link"]
