"""The XMP packet deckgen writes is already in the form pikepdf writes it back, so the PDFs are saved
without pikepdf parsing and re-serialising it (save(fix_metadata_version=False): 0.02-0.03 G
instructions a PDF) and with the same bytes as when it did."""

from __future__ import annotations

import datetime as dt
import io

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
