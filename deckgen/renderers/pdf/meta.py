"""A PDF's metadata as deckgen writes it: its date (SOURCE_DATE_EPOCH, the content's date, or now) and
its XMP packet; `set_dates` sets the date in a PDF another program made (LibreOffice's slides-pdf).

No ReportLab here: the slides-pdf renderer uses it too.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from html import escape as _html_escape


def _xml(text: str) -> str:
    """&, < and > escaped, as xml.sax.saxutils.escape does (which imports urllib.request, http.client
    and email: 0.06 G instructions in the PDF worker, for three replacements), and a carriage return
    as a character reference, as lxml writes one (see xmp)."""
    return _html_escape(text, quote=False).replace("\r", "&#13;")


@dataclass(frozen=True)
class Meta:
    title: str
    lang: str
    author: str = ""
    subject: str = ""
    created: dt.datetime | None = None  # None: now


def document_date(content_date: str | None, epoch: int | None = None) -> dt.datetime:
    """When the document was made: SOURCE_DATE_EPOCH when given (the reproducible-builds convention),
    else the content's `date` (noon UTC, so it is that day in every time zone people print in),
    else now."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    if content_date:
        day = dt.date.fromisoformat(content_date)
        return dt.datetime(day.year, day.month, day.day, 12, 0, 0, tzinfo=dt.timezone.utc)
    return dt.datetime.fromtimestamp(int(time.time()), dt.timezone.utc)


def pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp(meta: Meta, when: dt.datetime, producer: str) -> bytes:
    """An XMP packet: title, author, subject, language, dates, producer, and the PDF/UA identifier."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    lang = f"<rdf:li>{_xml(meta.lang)}</rdf:li>" if meta.lang else "<rdf:li/>"

    def alt(text: str) -> str:
        if not text:  # an empty element, as lxml writes one
            return '<rdf:Alt><rdf:li xml:lang="x-default"/></rdf:Alt>'
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{_xml(text)}</rdf:li></rdf:Alt>'

    creator = f"<dc:creator><rdf:Seq><rdf:li>{_xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>" if meta.author else ""
    subject = f"<dc:description>{alt(meta.subject)}</dc:description>" if meta.subject else ""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="">\n'
        f"<dc:format>application/pdf</dc:format>\n<dc:title>{alt(meta.title)}</dc:title>\n{creator}{subject}\n"
        f"<dc:language><rdf:Bag>{lang}</rdf:Bag></dc:language>\n"
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>\n<xmp:ModifyDate>{stamp}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>\n<xmp:CreatorTool>deckgen</xmp:CreatorTool>\n"
        f"<pdf:Producer>{_xml(producer)}</pdf:Producer>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '\n<?xpacket end="w"?>\n'
    )
    return packet.encode("utf-8")


def set_dates(pdf, when: dt.datetime) -> None:
    """`when` as a PDF's creation and modification date (a pikepdf.Pdf, opened by its caller: pdf.retag),
    in its info dictionary and its XMP."""
    import pikepdf

    stamp = pikepdf.String(pdf_date(when))
    pdf.docinfo.CreationDate = pdf.docinfo.ModDate = stamp
    if "/Metadata" in pdf.Root:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                meta[key] = iso
