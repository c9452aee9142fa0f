"""From an imported document's blocks to a draft content file: one set of rules for Word and Markdown.

Why a module of its own: a Word one-pager and a Markdown one-pager differ in how they are
read (docx_import.py, md_import.py), not in what they mean. Both importers hand over the
same `Imported`: a flat list of blocks (title, subtitle, heading, paragraph, list item)
made of runs, the notes' texts, and metadata. Here those blocks become the content
format's parts: title and subtitle, lead, sections, the Q&A (found by its heading, see
docs/authoring.md), sources and colophon; and the summary of what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from deckgen.authoring import inline
from deckgen.authoring.inline import Run
from deckgen.authoring.language import choose as choose_language
from deckgen.authoring.pictures import ImportedPicture, Pictures
from deckgen.content import dates

QA_WORDS = re.compile(r"q\s*&\s*a|q\s+and\s+a|\bvragen\b|\bquestions?\b|\bfaq\b|\bfragen\b", re.IGNORECASE)
COLOPHON_WORDS = re.compile(r"^\s*(colofon|colophon|impressum|over dit document|about this document|"
                            r"über dieses dokument|à propos de ce document)\s*:?\s*$", re.IGNORECASE)
LEAD_STYLES = re.compile(r"intro|lead|inleiding|abstract|summary|samenvatting|chapeau|einleitung", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*[0-9]{1,3}\s*[.)]\s+")
SUBTITLE_MAX = 120


@dataclass
class Block:
    """One paragraph of the document: kind is title, subtitle, heading, para or item."""

    kind: str
    runs: list[Run]
    where: str                   # for messages: "paragraph 12", "line 30"
    level: int = 0               # heading level (1 = top); list depth for items (0 = top)
    ordered: bool = False        # a numbered list item
    number: int = 1              # its number
    bold_line: bool = False      # every character bold, by run or paragraph style
    lead_style: bool = False     # styled as an introduction
    rows: list[list[str]] = field(default_factory=list)  # a table's cells, row by row (kind "table")
    header: bool = False         # a table whose first row is marked or set as its header
    picture: ImportedPicture | None = None  # kind "picture": its image and alt text
    pictures: list = field(default_factory=list)  # the picture blocks that follow this block in the document

    @property
    def text(self) -> str:
        return inline.plain(self.runs)

    @property
    def size(self) -> str:
        return f"{len(self.rows)} row" + ("s" if len(self.rows) != 1 else "")

    @property
    def cells(self) -> str:
        """A table's text for a message: cells separated by " | ", rows by " / " (at most 80 characters)."""
        text = " / ".join(" | ".join(row) for row in self.rows if any(c.strip() for c in row))
        return text if len(text) <= 80 else text[:79] + "…"


MAX_TABLE_COLUMNS = 12  # as the content format allows (content/exhibits.py)


def table_value(block: Block) -> dict | None:
    """A table block as `table:` (the first row its columns, the rest its rows, every row as wide
    as the widest), or None when it has no place in the format (one row; too many columns)."""
    width = max((len(r) for r in block.rows), default=0)
    rows = [[" ".join(c.split()) for c in r] + [""] * (width - len(r)) for r in block.rows]
    rows = [r for r in rows if any(r)]
    if len(rows) < 2 or not 1 <= width <= MAX_TABLE_COLUMNS:
        return None
    return {"columns": rows[0], "rows": rows[1:]}


@dataclass
class Imported:
    """What an importer found in the document, before any structure is decided."""

    source: str
    blocks: list[Block] = field(default_factory=list)
    notes: dict[str, list[list[Run]]] = field(default_factory=dict)  # note key -> its paragraphs
    title: str | None = None            # metadata (core properties, front matter)
    subtitle: str | None = None
    authors: str | None = None
    organisation: str | None = None
    language: str | None = None
    language_from: str = ""
    title_is_meta: bool = False         # the metadata names the title (Markdown front matter): no heading is it
    date: str | None = None
    skipped: list[str] = field(default_factory=list)   # what could not be placed, and where
    notices: list[str] = field(default_factory=list)   # what was done that the reader should know


def listing(skipped: dict[str, list[str]]) -> list[str]:
    """'2 images: paragraph 3; paragraph 9' for each kind of thing not imported, with at most 8 places."""
    out = []
    for what, places in skipped.items():
        n = len(places)
        name = what if n == 1 else (what.replace("piece of", "pieces of", 1) if what.startswith("piece of")
                                    else what[:-1] + "ies" if what.endswith("y") else
                                    what + "es" if what.endswith("x") else what + "s")
        out.append(f"{n} {name}: " + "; ".join(places[:8]) + (" …" if n > 8 else ""))
    return out


@dataclass
class Part:
    """A lead, a section, an answer or the colophon while it is being filled."""

    heading: Block | None = None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Draft:
    """The content as plain values, ready for yamlwrite; plus what the import did."""

    values: dict
    counts: dict[str, int]
    skipped: list[str]
    notices: list[str]
    pictures: list = field(default_factory=list)  # (the image's value in `values`, its picture): files to write


def _attach(blocks: list[Block]) -> tuple[list[Block], Block | None]:
    """The blocks without the picture blocks, each picture kept with the block before it (pictures
    before any text with the first block); in a document without text, an empty paragraph holding
    them (the draft's one section, whose text the user writes)."""
    out: list[Block] = []
    loose: list[Block] = []
    for block in blocks:
        if block.kind == "picture":
            (out[-1].pictures if out else loose).append(block)
        else:
            out.append(block)
    if out:
        out[0].pictures[:0] = loose
        return out, None
    return out, Block("para", [], "", pictures=loose) if loose else None


def _is_question(block: Block, qa_level: int) -> bool:
    """A heading under the Q&A heading, or a heading, numbered paragraph or bold line that ends in '?'."""
    text = block.text.strip()
    if block.kind == "heading" and block.level > qa_level:
        return True
    if not text.endswith("?"):
        return False
    return (block.kind == "heading" or (block.kind == "item" and block.ordered) or bool(_NUMBERED.match(text))
            or block.bold_line)


def _question_runs(block: Block) -> list[Run]:
    runs = inline.normalise(block.runs)
    if block.bold_line or block.kind == "heading":
        runs = inline.restyle(runs, bold=False)
    if runs and runs[0].note is None and (m := _NUMBERED.match(runs[0].text)):  # a number typed by hand
        runs[0] = Run(runs[0].text[m.end():], runs[0].bold, runs[0].italic, runs[0].href)
    return inline.normalise(runs)


def iso_date(text: str, language: str) -> str | None:
    """The date a colophon starts with, as YYYY-MM-DD (content.dates: day first, unless the language writes
    the month first)."""
    return dates.at_start(text, language)


def _split_title(blocks: list[Block], imported: Imported) -> tuple[Block | None, Block | None, list[Block]]:
    titles = [i for i, b in enumerate(blocks[:5]) if b.kind == "title"]
    if titles:
        i = titles[0]
        title, rest = blocks[i], blocks[:i] + blocks[i + 1:]
        nxt = rest[i] if i < len(rest) else None
        if nxt is not None and nxt.kind in ("subtitle", "title"):
            return title, nxt, rest[:i] + rest[i + 1:]
        return title, None, rest
    subs = [i for i, b in enumerate(blocks[:5]) if b.kind == "subtitle"]
    if blocks and blocks[0].kind == "heading" and not (
            imported.title_is_meta and blocks[0].text.strip() != imported.title):
        title, rest = blocks[0], blocks[1:]
        nxt = rest[0] if rest else None
        if subs and subs[0] == 1:
            return title, nxt, rest[1:]
        if nxt is not None and not QA_WORDS.search(nxt.text) and (
                (nxt.kind == "heading" and nxt.level > title.level and (len(rest) < 2 or rest[1].kind == "heading"))
                or (nxt.kind == "para" and len(nxt.text) <= SUBTITLE_MAX
                    and not nxt.text.rstrip().endswith((".", ":")) and not nxt.lead_style)):
            return title, nxt, rest[1:]
        return title, None, rest
    if subs:
        i = subs[0]
        return None, blocks[i], blocks[:i] + blocks[i + 1:]
    return None, None, blocks


def _split_colophon(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b.kind == "heading" and COLOPHON_WORDS.match(b.text):
            end = next((j for j in range(i + 1, len(blocks))
                        if blocks[j].kind == "heading" and blocks[j].level <= b.level), len(blocks))
            if end == len(blocks):
                return blocks[:i], blocks[i + 1:]
    paras = [i for i, b in enumerate(blocks) if b.kind in ("para", "item")]
    if paras and blocks[paras[-1]].kind == "para" and dates.starts_with_figures(blocks[paras[-1]].text) \
            and paras[-1] == len(blocks) - 1:
        return blocks[:-1], blocks[-1:]
    return blocks, []


def assemble(imported: Imported, language: str | None = None) -> Draft:
    """The draft content: the document's blocks placed under the content format's keys."""
    notices = list(imported.notices)
    skipped = list(imported.skipped)
    blocks, pictures_only = _attach([b for b in imported.blocks if b.kind in ("table", "picture") or b.text.strip()
                                     or any(r.note for r in b.runs)])
    found: list = []
    pictures = Pictures(found, skipped, notices)
    title, subtitle, blocks = _split_title(blocks, imported)
    blocks, colophon = _split_colophon(blocks)
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
    opening, body = blocks[:first_heading], blocks[first_heading:]
    styled = [i for i, b in enumerate(opening) if b.lead_style or b.bold_line or inline.all_italic(b.runs)]
    if styled and styled[0] == 0:
        n = next((i for i in range(len(opening)) if i not in styled), len(opening))
        lead, opening_section = opening[:n], opening[n:]
        lead = [Block(b.kind, inline.restyle(b.runs, bold=False if b.bold_line else None,
                                             italic=False if inline.all_italic(b.runs) else None),
                      b.where, b.level, b.ordered, b.number, pictures=b.pictures) for b in lead]
    else:
        lead, opening_section = opening, []

    # Headings 1 and 2 start sections (the top level present, if the document has neither); deeper ones are
    # bold lines in their section's text.
    heading_levels = sorted({b.level for b in body if b.kind == "heading"})
    section_levels = {lv for lv in heading_levels if lv <= max(2, heading_levels[0])} if heading_levels else set()
    sections: list[Part] = [Part(None, opening_section)] if opening_section else []
    qa_heading: Block | None = None
    qa_level = 0
    questions: list[Part] = []
    qa_intro: list[Block] = []
    in_qa = False
    for block in body:
        if block.kind == "heading" and not in_qa and QA_WORDS.search(block.text) and qa_heading is None:
            in_qa, qa_heading, qa_level = True, block, block.level
            continue
        if in_qa:
            if block.kind == "heading" and block.level <= qa_level and not block.text.rstrip().endswith("?"):
                in_qa = False
                notices.append(f"'{block.text.strip()[:60]}' ({block.where}) follows the Q&A: it became a section, "
                               "and the outputs show it before the Q&A")
            elif _is_question(block, qa_level):
                questions.append(Part(block, []))
                continue
            else:
                (questions[-1].blocks if questions else qa_intro).append(block)
                continue
        if block.kind == "heading" and block.level in section_levels:
            sections.append(Part(block, []))
        elif sections:
            sections[-1].blocks.append(block)
        else:
            sections.append(Part(None, [block]))
    if qa_intro:  # text between the Q&A heading and its first question: a section of its own
        sections.append(Part(qa_heading, qa_intro))
        notices.append(f"the text under '{qa_heading.text.strip()[:60]}' before its first question became a section")

    # A heading with no text of its own goes into the next section's text as a bold line.
    merged: list[Part] = []
    carry: list[Block] = []
    for part in sections:
        if not part.blocks and part.heading is not None:
            carry.append(part.heading)
            continue
        if carry:
            part.blocks[:0] = carry
            notices.append("heading(s) without text kept as bold lines in the next section: "
                           + ", ".join(f"'{b.text.strip()[:40]}'" for b in carry))
            carry = []
        merged.append(part)
    if carry:
        if merged:
            merged[-1].blocks += carry
        else:
            merged.append(Part(None, carry))
        notices.append("heading(s) without text kept as bold lines: " + ", ".join(f"'{b.text.strip()[:40]}'"
                                                                                  for b in carry))
    sections = merged
    if not sections and lead:
        sections, lead = [Part(None, lead)], []
        notices.append("the document has no headings below its title: its text became the first section")

    writer = inline.Writer(imported.notes)
    writer.claim_notes(([title] if title else []) + ([subtitle] if subtitle else []) + lead)
    for part in sections:
        writer.claim_notes(([part.heading] if part.heading else []) + part.blocks)
    if qa_heading is not None:
        writer.claim_notes([qa_heading])
    for q in questions:
        writer.claim_notes([q.heading] + q.blocks)
    writer.claim_notes(colophon)
    unused = [k for k in imported.notes if k not in writer.ids]
    for key in unused:
        writer.ids[key] = str(len(writer.ids) + 1)
    if unused:
        notices.append(f"{len(unused)} note(s) have no mark in the text: they are listed under 'sources' "
                       f"(ids {', '.join(writer.ids[k] for k in unused[:5])}{' …' if len(unused) > 5 else ''})")

    values: dict = {}
    lang = language or choose_language(imported.language, imported.language_from,
                                       " ".join(b.text for b in imported.blocks), notices)
    if title is not None:
        values["title"] = writer.para(inline.restyle(title.runs, bold=False), title.where)
    elif imported.title:
        values["title"] = writer.para([Run(imported.title)], "the document's properties")
        notices.append("the title comes from the document's metadata (Word's properties, or the front matter)")
    else:
        values["title"] = writer.para([Run(imported.source.rsplit("/", 1)[-1].rsplit(".", 1)[0])], "the file name")
        notices.append("no title found: the file name is the title")
    if subtitle is not None:
        values["subtitle"] = writer.para(inline.restyle(subtitle.runs, bold=False), subtitle.where)
    elif imported.subtitle:
        values["subtitle"] = writer.para([Run(imported.subtitle)], "the document's properties")
    values["language"] = lang
    date = imported.date or (iso_date(colophon[0].text, lang) if colophon else None)
    if date:
        values["date"] = date
    if imported.organisation:
        values["organisation"] = imported.organisation
    if imported.authors:
        values["authors"] = imported.authors
    cover = pictures.first([title, subtitle, *lead], "the title")
    if cover is not None:
        values["image"] = cover
    if lead:
        values["lead"] = writer.text(lead)
    values["sections"] = []
    placed = 0
    for n, part in enumerate(sections, 1):
        entry = {}
        if part.heading is not None:
            entry["heading"] = writer.para(inline.restyle(part.heading.runs, bold=False), part.heading.where)
        entry["text"] = writer.text([b for b in part.blocks if b.kind != "table"])
        image = pictures.first([part.heading, *part.blocks], f"section {n}")
        if image is not None:
            entry["image"] = image
        tables = []
        for block in (b for b in part.blocks if b.kind == "table"):
            value = table_value(block)
            if value is None:
                skipped.append(f"table {block.where} ({block.size}: '{block.cells}'): "
                               f"a table needs a header row, a row of data and at most {MAX_TABLE_COLUMNS} columns")
                continue
            tables.append(value)
            if not block.header:
                notices.append(f"the first row of the table {block.where} became its column names: check "
                               "'columns:' in the draft")
        if tables:
            entry["table"] = tables[0] if len(tables) == 1 else tables
            placed += len(tables)
        values["sections"].append(entry)
    for where, part_blocks in (("the lead", lead), ("the Q&A", [b for q in questions for b in q.blocks]),
                               ("the colophon", colophon)):
        for block in (b for b in part_blocks if b.kind == "table"):
            skipped.append(f"table {block.where} ({block.size}: '{block.cells}'): in {where}, where "
                           "a table has no place (move it under a section's heading)")
    if not values["sections"]:
        values["sections"].append({"text": ""})
        image = pictures.first([pictures_only], "section 1")
        if image is not None:
            values["sections"][0]["image"] = image
        notices.append("the document has no text for a section: write one under 'sections:'")
    if questions:
        items = []
        for n, q in enumerate(questions, 1):
            answer = writer.text(q.blocks)
            if not answer:
                notices.append(f"question '{q.heading.text.strip()[:60]}' ({q.heading.where}) has no answer: "
                               "write it under 'answer:'")
            items.append({"question": writer.para(_question_runs(q.heading), q.heading.where), "answer": answer})
            image = pictures.first([q.heading, *q.blocks], f"question {n}")
            if image is not None:
                items[-1]["image"] = image
        values["qa"] = {"heading": writer.para(inline.restyle(qa_heading.runs, bold=False), qa_heading.where),
                        "items": items}
    elif qa_heading is not None:
        notices.append(f"the Q&A heading '{qa_heading.text.strip()[:60]}' has no questions (a question is a heading, "
                       "a numbered paragraph or a bold line that ends in '?')")
    pictures.none([qa_heading, *colophon], "the Q&A heading or the colophon")
    sources = _sources(imported, writer)
    if sources:
        values["sources"] = sources
    if colophon:
        values["colophon"] = writer.text(colophon)
    if writer.orphans:
        notices.append("note marks without a note text were left out in " + ", ".join(writer.orphans[:5])
                       + (" …" if len(writer.orphans) > 5 else ""))
    if writer.differs:
        notices.append("the outputs will show these paragraphs a little differently (a leading dash becomes a "
                       "bullet): " + ", ".join(writer.differs[:5]) + (" …" if len(writer.differs) > 5 else ""))
    if writer.plain_paragraphs:
        notices.append("bold and italic could not be kept as written in " + ", ".join(writer.plain_paragraphs[:5])
                       + (" …" if len(writer.plain_paragraphs) > 5 else ""))
    counts = {"lead": 1 if lead else 0, "sections": len(values["sections"]), "questions": len(questions),
              "footnotes": len(sources), "colophon": 1 if colophon else 0, "tables": placed, "pictures": len(found)}
    return Draft(values, counts, skipped, notices, found)


def _sources(imported: Imported, writer: inline.Writer) -> list[dict]:
    out = []
    for key, ident in writer.ids.items():
        paragraphs = [inline.normalise(p) for p in imported.notes[key]]
        paragraphs = [p for p in paragraphs if p]
        found = [u for p in paragraphs for u in inline.urls(p)]
        entry = {"id": ident}
        url = found[0] if found else None
        if url and paragraphs:
            paragraphs[-1] = inline.without_trailing_url(paragraphs[-1], url)
            paragraphs = [p for p in paragraphs if p] or [[Run(url)]]
        text = "\n\n".join(writer.para(p, f"note {ident}") for p in paragraphs)
        entry["text"] = text + ("\n" if "\n" in text else "") if text else url or ""
        if url:
            entry["url"] = url
        out.append(entry)
    return out


def summary(draft: Draft) -> str:
    """'1 lead, 4 sections, 7 questions, 8 footnotes, a colophon'."""
    c = draft.counts
    parts = [f"{c['lead']} lead"] if c["lead"] else []
    parts.append(f"{c['sections']} section" + ("s" if c["sections"] != 1 else ""))
    parts.append(f"{c['questions']} question" + ("s" if c["questions"] != 1 else ""))
    parts.append(f"{c['footnotes']} footnote" + ("s" if c["footnotes"] != 1 else ""))
    if c.get("tables"):
        parts.append(f"{c['tables']} table" + ("s" if c["tables"] != 1 else ""))
    if c.get("pictures"):
        parts.append(f"{c['pictures']} picture" + ("s" if c["pictures"] != 1 else ""))
    if c["colophon"]:
        parts.append("a colophon")
    return ", ".join(parts)
