"""The seed one-pager as a Word document and as Markdown, made here from the seed content file.

The Word version has what a team's real one-pager has: Title and Subtitle styles, a bold
lead, Heading 1 sections, a bulleted list, a Q&A heading with questions in Word's own
numbering (List Number), real footnotes and an endnote with their texts (python-docx
cannot write notes, so their parts are added as XML), a hyperlink in the text and one in
a note, the author in the core properties and the organisation in the app properties.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEED

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LINK = ("Meer informatie: ", "www.partos.nl", "https://www.partos.nl", ".")
NOTE_LINK = "https://example.org/bron-2"
NOTE_URL = "https://example.org/voetnoot-1"


def seed():
    """The seed as its one-pager has it: loading writes the colophon's "03-05-24" (the document's date in
    figures) as "3 mei 2024" (content.dates); a Word or Markdown one-pager has the figures, as typed."""
    import tempfile
    from dataclasses import replace

    from deckgen.content.load import load

    doc = load(SEED)[0]
    with tempfile.TemporaryDirectory() as folder:
        typed = Path(folder) / SEED.name
        typed.write_text(re.sub(r"(?m)^date:.*\n", "", SEED.read_text(encoding="utf-8")), encoding="utf-8")
        return replace(doc, colophon=load(typed, project=Path(folder))[0].colophon)


def note_texts(doc) -> dict[int, str]:
    """Each footnote's text as the Word version has it (note 1 ends with an address)."""
    texts = {s.number: s.text.plain for s in doc.sources}
    texts[1] += " " + NOTE_URL
    return texts


def _notes_part_xml(kind: str, notes: dict[int, str], link_rid: str | None) -> bytes:
    tag = "footnote" if kind == "footnotes" else "endnote"
    ref = "footnoteRef" if kind == "footnotes" else "endnoteRef"
    out = [f'<w:{kind} xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">',
           f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>',
           (f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            f'</w:{tag}>')]
    for number, text in notes.items():
        body = f'<w:r><w:t xml:space="preserve"> {_xml(text)}</w:t></w:r>'
        if number == 2 and link_rid:
            body += (f'<w:r><w:t xml:space="preserve"> Zie ook </w:t></w:r><w:hyperlink r:id="{link_rid}">'
                     f'<w:r><w:t>deze bron</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r>')
        out.append(f'<w:{tag} w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                   f'<w:{ref}/></w:r>{body}</w:p></w:{tag}>')
    out.append(f"</w:{kind}>")
    return "".join(out).encode("utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _add_runs(paragraph, spans, endnotes: set[int]) -> None:
    from docx.oxml import parse_xml

    for span in spans:
        if span.footnote is not None:
            kind = "endnoteReference" if span.footnote in endnotes else "footnoteReference"
            paragraph._p.append(parse_xml(
                f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:{kind} w:id="{span.footnote}"/></w:r>'))
            continue
        run = paragraph.add_run(span.text)
        run.bold = span.strong or None
        run.italic = span.em or None


def _hyperlink(paragraph, label: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{rid}"><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>{_xml(label)}</w:t></w:r></w:hyperlink>'))


def word_seed(path: Path) -> Path:
    """The seed one-pager as a .docx with real footnotes (1-7) and an endnote (8)."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    doc = seed()
    endnotes = {8}
    word = docx.Document()
    lang = word.styles.element.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    lang.set(f"{{{W}}}val", "nl-NL")
    word.core_properties.author = doc.authors
    for part in word.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = re.sub(rb"<Company>.*?</Company>|<Company/>", b"", part.blob).replace(
                b"</Properties>", f"<Company>{doc.organisation}</Company></Properties>".encode())
    word.add_paragraph(doc.title.plain, style="Title")
    word.add_paragraph(doc.subtitle.plain, style="Subtitle")
    for para in doc.lead.paragraphs:
        p = word.add_paragraph()
        _add_runs(p, para, endnotes)
        for run in p.runs:
            run.bold = True
    for n, section in enumerate(doc.sections):
        if section.heading is not None:
            word.add_paragraph(section.heading.plain, style="Heading 1")
        for para in section.text.paragraphs:
            _add_runs(word.add_paragraph(), para, endnotes)
        if n == 0:  # a bulleted list: the opening section's points
            for point in section.points:
                word.add_paragraph(point.plain, style="List Bullet")
    word.add_paragraph(doc.qa.heading.plain, style="Heading 1")
    for item in doc.qa.items:
        _add_runs(word.add_paragraph(style="List Number"), item.question.paragraphs[0], endnotes)
        for para in item.answer.paragraphs:
            _add_runs(word.add_paragraph(), para, endnotes)
    colophon = word.add_paragraph()
    _add_runs(colophon, doc.colophon.paragraphs[0], endnotes)
    colophon.add_run(" " + LINK[0])
    _hyperlink(colophon, LINK[1], LINK[2])
    colophon.add_run(LINK[3])

    texts = note_texts(doc)
    package = word.part.package
    foot = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", package)
    rid = foot.relate_to(NOTE_LINK, RT.HYPERLINK, is_external=True)
    foot._blob = _notes_part_xml("footnotes", {n: t for n, t in texts.items() if n not in endnotes}, rid)
    end = Part(PackURI("/word/endnotes.xml"), CT.WML_ENDNOTES,
               _notes_part_xml("endnotes", {n: t for n, t in texts.items() if n in endnotes}, None), package)
    word.part.relate_to(foot, RT.FOOTNOTES)
    word.part.relate_to(end, RT.ENDNOTES)
    word.save(str(path))
    return path


def markdown_seed(path: Path) -> Path:
    """The seed one-pager as Markdown: # title, the line under it, a bold lead, ## sections, a list,
    a Q&A of numbered questions, a link, and [^n] footnotes with their texts at the end."""
    doc = seed()

    def md(spans) -> str:
        out = []
        for s in spans:
            if s.footnote is not None:
                out.append(f"[^{s.footnote}]")
            else:
                text = s.text.replace("*", "\\*").replace("_", "\\_")
                out.append(f"**{text}**" if s.strong else f"*{text}*" if s.em else text)
        return "".join(out)

    lines = [f"# {doc.title.plain}", "", doc.subtitle.plain, ""]
    lines += [f"**{md(p)}**\n" for p in doc.lead.paragraphs]
    for n, section in enumerate(doc.sections):
        if section.heading is not None:
            lines += [f"## {section.heading.plain}", ""]
        lines += [md(p) + "\n" for p in section.text.paragraphs]
        if n == 0:
            lines += [f"- {point.plain}" for point in section.points] + [""]
    lines += [f"## {doc.qa.heading.plain}", ""]
    for item in doc.qa.items:
        lines += [f"{item.number}. {md(item.question.paragraphs[0])}", ""]
        lines += [md(p) + "\n" for p in item.answer.paragraphs]
    lines += [md(doc.colophon.paragraphs[0]) + f" {LINK[0]}[{LINK[1]}]({LINK[2]}){LINK[3]}", ""]
    texts = note_texts(doc)
    texts[2] += f" Zie ook [deze bron]({NOTE_LINK})."
    lines += [f"[^{n}]: {t}" for n, t in texts.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
MARKER = re.compile(r"^(?:[\u2022\u2013] |[0-9]+\. )")


def sentences(paragraphs: list[str]) -> list[str]:
    """Every sentence of the paragraphs, in order, whitespace collapsed, list markers left out."""
    out = []
    for p in paragraphs:
        text = MARKER.sub("", " ".join(p.split()))
        out += [s for s in SENTENCE_END.split(text) if s]
    return out


def document_paragraphs(doc) -> list[str]:
    """The plain text of a loaded content file, in reading order, one entry per paragraph."""
    out = [doc.title.plain] + ([doc.subtitle.plain] if doc.subtitle else [])
    rich = [doc.lead] if doc.lead else []
    for section in doc.sections:
        rich += ([section.heading] if section.heading else []) + [section.text]
    if doc.qa:
        rich.append(doc.qa.heading)
        for item in doc.qa.items:
            rich += [item.question, item.answer]
    if doc.colophon:
        rich.append(doc.colophon)
    for r in rich:
        out += [p for p in r.plain.split("\n\n") if p]
    return out


def as_loaded(texts: list[str]) -> list[str]:
    """The one-pager's texts as the draft made from it loads: the colophon's date in figures, "03-05-24"
    (the draft's `date:`), written out as the outputs write the date (content.dates)."""
    return [text.replace("03-05-24", "3 mei 2024") for text in texts]

