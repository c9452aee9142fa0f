"""pdf/retag.py on a small tagged PDF made here, as LibreOffice makes them: its language, decorative
figures, untagged backgrounds, a link outside the tree and no Document element, mended."""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
from pikepdf import Array, Dictionary, Name
from renderers.ua_checks import problems

from deckgen.renderers.base import SlideReading
from deckgen.renderers.pdf.retag import Mended, mend

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


# A slide as LibreOffice 7.4 tags it: the title an H around a P, a key figure whose footnote mark is a text
# object of its own in the same marked content, and the date and slide number as content at the bottom.
SLIDE = (b"/P <</MCID 0>> BDC BT /F1 24 Tf 10 80 Td (Titel) Tj ET EMC "
         b"/P <</MCID 1>> BDC BT /F1 40 Tf 10 40 Td [(7 pro) -20 (cent)] TJ ET BT /F1 12 Tf 150 55 Td (1) Tj ET "
         b"BT /F1 40 Tf 160 40 Td (!) Tj ET EMC "
         b"/P <</MCID 2>> BDC BT /F1 8 Tf 10 5 Td (3 mei 2024) Tj ET EMC "
         b"/P <</MCID 3>> BDC BT /F1 8 Tf 100 5 Td (2) Tj ET EMC "  # a "2" that is no slide number
         b"/P <</MCID 4>> BDC BT /F1 8 Tf 180 5 Td (2) Tj ET EMC")  # the slide number, drawn last


def _slide_like() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    page = pdf.pages[0]
    cmap = pdf.make_stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange\n"
                           b"<00> <FF>\nendcodespacerange\n1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n"
                           b"endcmap CMapName currentdict /CMap defineresource pop end end")
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, ToUnicode=cmap))
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    page.Contents = pdf.make_stream(SLIDE)
    page.StructParents = 0
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def element(kind, parent, kids, **more):
        made = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + kind), P=parent, K=Array(kids), **more))
        return made

    heading = element("H", root, [], Pg=page.obj)
    title = element("P", heading, [0])
    heading.K = Array([title])
    figure = element("Div", root, [], Pg=page.obj)
    value = element("P", figure, [1])
    figure.K = Array([value])
    divs, paras = [], []
    for mcid in (2, 3, 4):
        div = element("Div", root, [], Pg=page.obj)
        para = element("P", div, [mcid])
        div.K = Array([para])
        divs.append(div)
        paras.append(para)
    root.K = Array([heading, figure, *divs])
    root.ParentTree = Dictionary(Nums=Array([0, Array([title, value, *paras])]))
    root.ParentTreeNextKey = 1
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_running_texts_headings_and_marks_are_mended_with_what_the_deck_knows(tmp_path):
    """The date and the slide number become pagination artifacts (the "2" drawn before it stays content: the
    running texts are the slide's last elements with their texts), the H an H1
    holding its text, and the key figure's mark a Reference of its own: read, the slide says "Titel",
    "7 procent", the reference "1", and the "2" that is content."""
    facts = SlideReading(1, (("3 mei 2024", "Footer"), ("2", "Footer")), (("7 procent1!", 9, "1"),))
    summary = Mended()
    data, _ = mend(_slide_like(), "nl", (facts,), summary)
    assert (summary.running, summary.headings, summary.marks) == (2, {1: 1}, 1)
    path = tmp_path / "slide.pdf"
    path.write_bytes(data)
    struct = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in struct.splitlines() if line.strip() and "/Placement" not in line]
    assert lines == ["Document", "H1 (block)", '"Titel"', "Div", "P (block)", '"7 procent"', "Reference (inline)",
                     '"1"', '"!"', "Div", "P (block)", '"2"']
    with pikepdf.open(io.BytesIO(data)) as pdf:
        ops = [(list(operands), str(op)) for operands, op in pikepdf.parse_content_stream(pdf.pages[0])]
        artifacts = [operands[1] for operands, op in ops if op == "BDC" and operands[0] == Name.Artifact]
        assert [(a.Type, a.Subtype) for a in artifacts] == [(Name.Pagination, Name.Footer)] * 2
        slots = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
        assert slots[2] is None and slots[3] is not None and slots[4] is None
    assert [p for p in problems(data) if p not in NOT_RETAGS and "XMP" not in p and "DisplayDoc" not in p
            and "not embedded" not in p] == []


def test_the_date_is_set_in_the_same_pass_that_mends_the_tags():
    """slides-pdf is opened and saved once (retag.mend with `when`), not dated in a pass of its own: the
    info dictionary and the XMP say the date, and the tags are mended as without it."""
    import datetime as dt

    when = dt.datetime(2024, 5, 3, 12, 0, tzinfo=dt.timezone.utc)
    source = pikepdf.open(io.BytesIO(_libreoffice_like()))
    with source.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "Slides"
    raw = io.BytesIO()
    source.save(raw)
    data, removed = mend(raw.getvalue(), "nl", when=when)
    plain, _ = mend(raw.getvalue(), "nl")
    with pikepdf.open(io.BytesIO(data)) as pdf, pikepdf.open(io.BytesIO(plain)) as undated:
        assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate) == "D:20240503120000+00'00'"
        assert pdf.open_metadata()["xmp:CreateDate"] == "2024-05-03T12:00:00+00:00"
        assert "/CreationDate" not in undated.docinfo
        ops = [pikepdf.unparse_content_stream(pikepdf.parse_content_stream(p)) for p in (pdf.pages[0], undated.pages[0])]
        assert removed == 1 and ops[0] == ops[1]


def test_each_page_is_parsed_once_for_every_mend(monkeypatch):
    """The figures made artifacts, the running texts, headings and marks (slidetags) and the untagged paint
    all edit one parse of each page (pdftree.Pages), written back once."""
    from deckgen.renderers.pdf import pdftree

    parsed = []
    real = pikepdf.parse_content_stream
    monkeypatch.setattr(pdftree.pikepdf, "parse_content_stream", lambda page: parsed.append(1) or real(page))
    facts = SlideReading(1, (("3 mei 2024", "Footer"), ("2", "Footer")), (("7 procent1!", 9, "1"),))
    summary = Mended()
    mend(_slide_like(), "nl", (facts,), summary)
    assert summary.running == 2 and summary.marks == 1 and len(parsed) == 1


def test_a_text_seen_above_the_title_is_read_before_it(tmp_path):
    """LibreOffice tags in drawing order; a text the deck draws above the title (a discussion slide's counter,
    SlideReading.above) is moved before the heading, which takes the deck's level."""
    facts = SlideReading(3, (("3 mei 2024", "Footer"), ("2", "Footer")), (), (), ("2",))
    data, _ = mend(_slide_like(), "nl", (facts,), Mended())
    path = tmp_path / "slide.pdf"
    path.write_bytes(data)
    struct = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in struct.splitlines() if line.strip() and "/Placement" not in line]
    assert lines == ["Document", "Div", "P (block)", '"2"', "H3 (block)", '"Titel"', "Div", "P (block)",
                     '"7 procent1!"']


def test_a_mark_links_to_the_slide_that_lists_its_source(tmp_path):
    """A reference mark whose source a sources slide lists (SlideReading.sources) is a Link to that slide,
    inside its Reference, as the handout's markers are: the annotation over the mark's glyphs, in the tree
    (OBJR, /StructParent), described ("Bron 1")."""
    one = _slide_like()
    with pikepdf.open(io.BytesIO(one)) as pdf:  # a second page: the sources slide
        pdf.pages.append(pdf.pages[0])
        two = io.BytesIO()
        pdf.save(two)
    facts = SlideReading(1, (), (("7 procent1!", 9, "1"),))
    listing = SlideReading(2, sources=(1, 2))
    summary = Mended()
    data, _ = mend(two.getvalue(), "nl", (facts, listing), summary)
    assert (summary.marks, summary.links) == (1, 1)
    path = tmp_path / "slides.pdf"
    path.write_bytes(data)
    struct = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r'"7 procent"\n\s+Reference \(inline\)\n\s+Link \(inline\)\n\s+"1"\n\s+Object \d+ 0\n', struct)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        annot = pdf.pages[0].Annots[0]
        assert annot.Dest[0].objgen == pdf.pages[1].obj.objgen and annot.Dest[1] == "/Fit"
        assert str(annot.Contents) == "Bron 1" and pdf.pages[0].Tabs == "/S"
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        assert 150 <= x0 < x1 <= 150 + 12 and 55 - 12 < y0 < 55 < y1 < 55 + 12  # the "1" at 150 55, 12 pt
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        link = dict(zip(nums[::2], nums[1::2]))[int(annot.StructParent)]
        assert link.S == "/Link" and link.P.S == "/Reference" and link.K[1].Obj.objgen == annot.objgen
    assert [p for p in problems(data) if p not in NOT_RETAGS and "XMP" not in p and "DisplayDoc" not in p
            and "not embedded" not in p and not p.startswith("page 2:")] == []  # page 2: a copy, untagged
