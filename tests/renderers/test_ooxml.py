"""The raw XML and package patches, each on its own."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from pptx.oxml.ns import qn

from deckgen.renderers.deck import ooxml, zipparts


def _zip(stamp: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("[Content_Types].xml", "ppt/presentation.xml"):
            z.writestr(zipfile.ZipInfo(name, stamp), b"<x>" + name.encode() * 50 + b"</x>")
    return out.getvalue()


def test_reproducible_zip_fixes_every_date_in_place():
    a, b = _zip((2024, 5, 3, 10, 0, 0)), _zip((2026, 11, 27, 22, 41, 8))
    assert a != b
    fixed = zipparts.reproducible_zip(a)
    assert fixed == zipparts.reproducible_zip(b)
    archive = zipfile.ZipFile(io.BytesIO(fixed))
    assert archive.testzip() is None
    assert {i.date_time for i in archive.infolist()} == {zipparts.FIXED_ZIP_TIME}
    assert archive.read("ppt/presentation.xml").startswith(b"<x>ppt/")
    saved = io.BytesIO(b)  # the stream a deck was saved to: its own buffer is changed, then copied once
    assert zipparts.reproducible_zip(saved) == fixed and saved.getvalue() == fixed


def test_potx_is_relabelled_as_a_presentation():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", b'<Types><Override ContentType="application/vnd.openxmlformats-'
                                          b'officedocument.presentationml.template.main+xml"/></Types>')
    relabelled = zipfile.ZipFile(io.BytesIO(zipparts.potx_as_pptx(out.getvalue()))).read("[Content_Types].xml")
    assert b"presentationml.presentation.main+xml" in relabelled and b"template.main" not in relabelled


def test_stable_guids_repeat_for_the_same_input_only():
    assert ooxml.stable_guid("section", "Q&A") == ooxml.stable_guid("section", "Q&A")
    assert ooxml.stable_guid("section", "Q&A") != ooxml.stable_guid("section", "Bronnen")
    assert ooxml.stable_guid("x").startswith("{") and len(ooxml.stable_guid("x")) == 38


def test_plain_text_is_one_tagged_paragraph_per_line():
    body = etree.Element(qn("p:txBody"))
    etree.SubElement(body, qn("a:p"))
    ooxml.plain_text(body, "Eerste regel\n\nDerde <regel> & meer", "nl-NL")
    paras = body.findall(qn("a:p"))
    assert [p.findtext(f"{qn('a:r')}/{qn('a:t')}") for p in paras] == ["Eerste regel", None, "Derde <regel> & meer"]
    assert all(r.get("lang") == "nl-NL" for r in body.iter(qn("a:rPr")))
