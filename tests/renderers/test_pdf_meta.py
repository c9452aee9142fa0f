"""The PDFs' metadata and structure, written by ReportLab itself as it saves (pdf.finish).

The XMP packet deckgen writes is in the form lxml writes it: pikepdf, saving with
fix_metadata_version (its default, as when it wrote deckgen's PDFs, and as it still mends
LibreOffice's slides-pdf), gives it back unchanged: well-formed, every character escaped as XML
wants it. And the default PDFs are made without pikepdf (importing it and rewriting each file
was 4 % of a build)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.content.textclean import clean
from deckgen.errors import Diagnostics, Location
from deckgen.renderers.pdf.meta import Meta, xmp

WHEN = dt.datetime(2024, 5, 3, 12, 0, tzinfo=dt.timezone.utc)


def _rewritten(packet: bytes) -> bytes:
    """The packet after pikepdf's save with fix_metadata_version (its default, which deckgen's PDFs
    were saved with): parsed with lxml and written back whole."""
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, packet)
    stream.Type, stream.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)
    out = io.BytesIO()
    pdf.save(out)
    with pikepdf.open(io.BytesIO(out.getvalue())) as saved:
        return saved.Root.Metadata.read_bytes()


def test_pikepdf_rewrites_a_packet_not_in_its_own_form():
    """What the tests below compare with: a packet laid out otherwise comes back changed."""
    packet = xmp(Meta(title="T", lang="nl"), WHEN, "ReportLab")
    other = packet.replace(b' rdf:about=""', b"").replace(b"<rdf:Description ", b'<rdf:Description rdf:about="" ')
    assert other != packet and _rewritten(other) == packet


def test_the_packet_is_what_pikepdf_writes_for_the_seed_and_awkward_text():
    for text in ["Migratie en ontwikkelingssamenwerking – Gesprekskaarten", "a & b < c > d \" '", "tab\there",
                 "cr\rcrlf\r\nlf\n", "😀 ﷽ e\u0301", "\u2028\u2029 ]]> &amp; \ufeff x\x85y", "  spaced  "]:
        packet = xmp(Meta(title=text, lang="nl", author=text, subject=text), WHEN, "ReportLab")
        assert _rewritten(packet) == packet, repr(text)


def test_empty_fields_are_written_as_lxml_writes_empty_elements():
    packet = xmp(Meta(title="", lang="", author="", subject=""), WHEN, "ReportLab")
    assert b'<rdf:li xml:lang="x-default"/>' in packet and b"<rdf:li/>" in packet
    assert _rewritten(packet) == packet


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.text(max_size=20), st.sampled_from(["nl", "en-GB", "ar", "zh-Hant", ""]))
def test_any_clean_text_is_written_as_pikepdf_would_write_it(title, author, lang):
    title, author = (clean(text, lambda offset: Location("doc.yaml", 1, offset + 1), Diagnostics())
                     for text in (title, author))  # the text a content file gives, as the loader cleans it
    packet = xmp(Meta(title=title, lang=lang, author=author, subject=title), WHEN, "ReportLab PDF Library")
    assert _rewritten(packet) == packet


NO_PIKEPDF = r"""
import sys
from deckgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert exc.code == 0, exc.code
print("pikepdf" in sys.modules)
"""


def test_the_print_outputs_are_tagged_without_pikepdf(tmp_path):
    import deckgen

    source = Path(__file__).resolve().parents[2] / "content" / "migration-and-development-cooperation.yaml"
    env = {**os.environ, "PYTHONPATH": str(Path(deckgen.__file__).resolve().parent.parent)}  # this deckgen
    done = subprocess.run([sys.executable, "-c", NO_PIKEPDF, "build", str(source), "-q", "-j", "1", "--out",
                           str(tmp_path), "-f", "handout,cards,guide"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"
    for pdf_path in (tmp_path / "default").glob("*.pdf"):
        with pikepdf.open(pdf_path) as pdf:  # tagged all the same: a tree, marked, in the content's language
            assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en"
            assert len(pdf.Root.StructTreeRoot.K) == 1 and pdf.Root.StructTreeRoot.K[0].S == "/Document"
            assert all(page.obj.Tabs == "/S" for page in pdf.pages)
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            links = [annot for page in pdf.pages for annot in page.obj.get("/Annots", [])]
            for annot in links:  # each link annotation is in the structure (OBJR), with a description
                assert parents[int(annot.StructParent)].S == "/Link" and str(annot.Contents)
            if pdf_path.name.endswith(".handout.pdf"):
                assert links  # the sources' note links
