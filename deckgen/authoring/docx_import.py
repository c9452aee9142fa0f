"""Reading a Word one-pager (.docx) into blocks, notes and metadata for draft.py.

Why python-docx, and why raw XML underneath it: python-docx opens the package safely
(its XML parser resolves no entities), gives the styles, relationships and core
properties, and is the library deckgen's tests already trust for Office files. It has
no API for footnotes, endnotes, numbering or fields, so the paragraphs are walked as XML
(`w:r`, `w:hyperlink`, `w:ins`, `w:fldChar` …) and the notes are read from the package's
footnotes and endnotes parts. Before python-docx sees the file, the container is checked
(a zip at all, a Word package and not a PowerPoint one, not an encrypted compound file,
not more XML than can be read in time), so that every hostile file is a clear message.
This is the only module that imports python-docx.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from deckgen.authoring import docx_pictures
from deckgen.authoring.docx_package import check_budget, check_container, package_properties
from deckgen.authoring.draft import LEAD_STYLES, Block, Imported, listing
from deckgen.authoring.inline import Run, all_bold
from deckgen.errors import Location, fail

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W}}}"
_JUNK_AUTHORS = {"python-docx", "windows user", "windows-gebruiker", "microsoft office user", "user", "gebruiker",
                 "author", "auteur", "admin", "administrator", "benutzer", "utilisateur"}
_TRUE = {None, "1", "true", "on"}


def read(path: Path) -> Imported:
    """The document's blocks, notes, metadata and what could not be placed."""
    check_container(path)
    check_budget(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    where = Location(str(path))
    try:
        document = docx.Document(str(path))
    except ValueError as exc:  # python-docx: not a Word document content type (a template, macros)
        raise fail(where, f"cannot import this file: {exc}",
                   "open it in Word and save it as a Word Document (.docx)") from None
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, OSError,
            AttributeError, TypeError, IndexError, RecursionError) as exc:  # python-docx: a damaged package
        raise fail(where, f"this Word document is damaged ({type(exc).__name__}: {str(exc)[:120]})",
                   "open it in Word and save it again") from None
    try:
        return _Reader(document, path).read()
    except RecursionError:  # parts that refer to each other in a circle (check_budget finds the known ones)
        raise fail(where, "this Word document is damaged (its parts refer to each other in a circle)",
                   "open it in Word and save it again") from None
    except etree.XMLSyntaxError as exc:
        raise fail(where, f"this Word document is damaged (XML: {str(exc)[:120]})",
                   "open it in Word and save it again") from None


def _int(value: str | None, default):
    """A small whole number written in the XML, or `default` for anything else."""
    return int(value) if value and len(value) <= 6 and value.isascii() and value.isdigit() else default


def _first_row_look(tbl) -> bool:
    """Whether the table's look sets its first row apart (w:firstRow, or bit 0x20 of the older w:val)."""
    look = tbl.find(f"{_W}tblPr/{_W}tblLook")
    if look is None:
        return False
    if look.get(_W + "firstRow") is not None:
        return look.get(_W + "firstRow") in ("1", "true", "on")
    val = look.get(_W + "val") or ""
    return len(val) <= 4 and all(c in "0123456789abcdefABCDEF" for c in val) and bool(val) and bool(int(val, 16) & 0x20)


def _on(el) -> bool:
    return el is not None and el.get(_W + "val") in _TRUE


class _Reader:
    def __init__(self, document, path: Path):
        self.document = document
        self.out = Imported(source=path.name)
        self.styles = self._styles()
        self.numbering = self._numbering()
        self.counters: dict[tuple[str, int], int] = {}
        self.langs: dict[str, int] = {}
        self.skipped: dict[str, list[str]] = {}
        self.changes = 0
        self.paragraph = 0
        self.pictures: list[Block] = []  # the pictures of the paragraph being read, placed after it

    # --- the package ----------------------------------------------------------------
    def _styles(self) -> dict[str, dict]:
        """Per style id: name, basedOn, outline level, numbering, bold, italic, language."""
        out: dict[str, dict] = {}
        self.default_lang = None
        try:
            root = self.document.styles.element
        except (AttributeError, KeyError, NotImplementedError):  # a damaged or missing styles part
            self.out.notices.append("the document's styles could not be read: headings and lists were not recognised")
            return out
        for st in root.iter(_W + "style"):
            sid = st.get(_W + "styleId")
            name = st.find(_W + "name")
            based = st.find(_W + "basedOn")
            ppr, rpr = st.find(_W + "pPr"), st.find(_W + "rPr")
            num = ppr.find(_W + "numPr") if ppr is not None else None
            lvl = ppr.find(_W + "outlineLvl") if ppr is not None else None
            lang = rpr.find(_W + "lang") if rpr is not None else None
            out[sid] = {
                "name": (name.get(_W + "val") if name is not None else sid or "").lower(),
                "based": based.get(_W + "val") if based is not None else None,
                "outline": _int(lvl.get(_W + "val"), None) if lvl is not None else None,
                "num": num.find(_W + "numId").get(_W + "val")
                if num is not None and num.find(_W + "numId") is not None else None,
                "bold": _on(rpr.find(_W + "b")) if rpr is not None and rpr.find(_W + "b") is not None else None,
                "italic": _on(rpr.find(_W + "i")) if rpr is not None and rpr.find(_W + "i") is not None else None,
                "lang": lang.get(_W + "val") if lang is not None else None,
            }
        default = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
        self.default_lang = default.get(_W + "val") if default is not None else None
        return out

    def style(self, sid: str | None, key: str):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            if self.styles[sid][key] is not None:
                return self.styles[sid][key]
            sid = self.styles[sid]["based"]
        return None

    def _numbering(self) -> dict[str, dict[int, tuple[bool, int]]]:
        """Per numId: per level, (numbered, start)."""
        try:
            root = self.document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return {}
        abstract = {}
        for an in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in an.iter(_W + "lvl"):
                fmt = lvl.find(_W + "numFmt")
                start = lvl.find(_W + "start")
                fmt_val = fmt.get(_W + "val") if fmt is not None else "decimal"
                start_val = start.get(_W + "val") if start is not None else "1"
                levels[_int(lvl.get(_W + "ilvl"), 0)] = (fmt_val not in ("bullet", "none"), _int(start_val, 1))
            abstract[an.get(_W + "abstractNumId")] = levels
        out = {}
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None:
                out[num.get(_W + "numId")] = abstract.get(ref.get(_W + "val"), {})
        return out

    def skip(self, what: str, where: str) -> None:
        self.skipped.setdefault(what, []).append(where)

    # --- reading --------------------------------------------------------------------
    def read(self) -> Imported:
        body = self.document.element.body
        rels = self.document.part.rels
        for el in self._blocks(body):
            tag = el.tag
            if tag == _W + "p":
                self.paragraph += 1
                block = self._paragraph(el, rels)
                if block is not None:
                    self.out.blocks.append(block)
                self.out.blocks += self.pictures
                self.pictures = []
            elif tag == _W + "tbl":
                self.out.blocks.append(self._table(el, f"after paragraph {self.paragraph}"))
        self._notes()
        self._properties()
        self.out.skipped += listing(self.skipped)
        if self.changes:
            self.out.notices.append(f"{self.changes} tracked change(s): imported as if accepted")
        return self.out

    def _blocks(self, parent):
        for el in parent:
            if el.tag in (_W + "sdt",):
                content = el.find(_W + "sdtContent")
                if content is not None:
                    yield from self._blocks(content)
            elif el.tag == _W + "customXml":
                yield from self._blocks(el)
            else:
                yield el

    def _table(self, tbl, where: str) -> Block:
        """A table's cells as text, row by row: a cell spanning columns is followed by empty ones,
        a cell continuing a vertical merge is empty, paragraphs in a cell are joined by spaces."""
        rows: list[list[str]] = []
        header = False
        for i, tr in enumerate(r for r in tbl if r.tag == _W + "tr"):
            cells: list[str] = []
            bold = []
            for tc in (c for c in tr if c.tag == _W + "tc"):
                pr = tc.find(_W + "tcPr")
                span = pr.find(_W + "gridSpan") if pr is not None else None
                merged = pr.find(_W + "vMerge") if pr is not None else None
                continued = merged is not None and merged.get(_W + "val") in (None, "continue")
                cells.append("" if continued else self._text_of(tc))
                cells += [""] * (max(_int(span.get(_W + "val"), 1), 1) - 1 if span is not None else 0)
                runs = [r for r in tc.iter(_W + "r") if r.find(_W + "t") is not None]
                bold.append(bool(runs) and all(self._run_bold(r, tc) for r in runs))
            if i == 0:
                trpr = tr.find(_W + "trPr")
                marked = trpr is not None and trpr.find(_W + "tblHeader") is not None
                header = marked or (bool(bold) and all(bold))
            rows.append(cells)
        drawings = sum(1 for el in tbl.iter(_W + "drawing", _W + "pict"))
        if drawings:  # a table's cells are text: their pictures are said, not lost
            self.skip("image", f"{where}: in a table's cell" + (f" ({drawings} there)" if drawings > 1 else ""))
        return Block("table", [], where, rows=rows, header=header or _first_row_look(tbl))

    def _run_bold(self, r, tc) -> bool:
        rpr = r.find(_W + "rPr")
        b = rpr.find(_W + "b") if rpr is not None else None
        if b is not None:
            return _on(b)
        p = r.getparent()
        while p is not None and p.tag != _W + "p":
            p = p.getparent()
        ps = p.find(f"{_W}pPr/{_W}pStyle") if p is not None else None
        return bool(self.style(ps.get(_W + "val") if ps is not None else None, "bold"))

    @staticmethod
    def _text_of(el) -> str:
        return " ".join("".join(t.text or "" for t in el.iter(_W + "t")).split())

    def _paragraph(self, p, rels) -> Block | None:
        where = f"paragraph {self.paragraph}"
        ppr = p.find(_W + "pPr")
        sid = None
        num_id, ilvl = None, 0
        outline = None
        if ppr is not None:
            ps = ppr.find(_W + "pStyle")
            sid = ps.get(_W + "val") if ps is not None else None
            num = ppr.find(_W + "numPr")
            if num is not None:
                nid, lvl = num.find(_W + "numId"), num.find(_W + "ilvl")
                num_id = nid.get(_W + "val") if nid is not None else None
                ilvl = _int(lvl.get(_W + "val"), 0) if lvl is not None else 0
            ol = ppr.find(_W + "outlineLvl")
            if ol is not None:
                outline = _int(ol.get(_W + "val"), None)
        if sid is None:
            sid = next((k for k, v in self.styles.items() if v["name"] == "normal"), None)
        name = self.styles.get(sid, {}).get("name", "") if sid else ""
        if num_id is None:
            num_id = self.style(sid, "num")
        if outline is None:
            outline = self.style(sid, "outline")
        para_bold = bool(self.style(sid, "bold"))
        runs: list[Run] = []
        self._inline(p, rels, runs, {"sid": sid, "href": None, "field": None, "where": where})
        kind, level = "para", 0
        if name == "title":
            kind = "title"
        elif name == "subtitle":
            kind = "subtitle"
        elif name.startswith("heading ") and _int(name[8:], None) is not None:
            kind, level = "heading", _int(name[8:], None)
        elif outline is not None and outline < 9:
            kind, level = "heading", outline + 1
        block = Block(kind, runs, where, level)
        if kind == "para" and num_id not in (None, "0"):
            numbered, start = self.numbering.get(num_id, {}).get(ilvl, (False, 1))
            for key in [k for k in self.counters if k[0] == num_id and k[1] > ilvl]:
                del self.counters[key]
            n = self.counters.get((num_id, ilvl), start - 1) + 1
            self.counters[(num_id, ilvl)] = n
            block.kind, block.level, block.ordered, block.number = "item", ilvl, numbered, n
        block.bold_line = all_bold(runs) or (para_bold and kind == "para")
        block.lead_style = bool(LEAD_STYLES.search(name))
        if para_bold and kind == "para":
            block.runs = [r if r.note else Run(r.text, False, r.italic, r.href) for r in runs]
        return block

    def _inline(self, el, rels, runs: list[Run], ctx: dict) -> None:
        for child in el:
            tag = child.tag
            if tag == _W + "r":
                self._run(child, runs, ctx)
            elif tag == _W + "hyperlink":
                rid = child.get(f"{{{R}}}id")
                href = None
                if rid and rid in rels and rels[rid].is_external:
                    href = rels[rid].target_ref
                self._inline(child, rels, runs, {**ctx, "href": href or ctx["href"]})
            elif tag in (_W + "ins", _W + "moveTo"):
                self.changes += 1
                self._inline(child, rels, runs, ctx)
            elif tag in (_W + "del", _W + "moveFrom"):
                self.changes += 1
            elif tag == _W + "fldSimple":
                instr = (child.get(_W + "instr") or "").strip()
                href = _field_link(instr)
                self._inline(child, rels, runs, {**ctx, "href": href or ctx["href"]})
            elif tag in (_W + "smartTag", _W + "customXml", _W + "sdt", _W + "sdtContent", _W + "dir", _W + "bdo"):
                self._inline(child, rels, runs, ctx)
            elif tag.startswith("{http://schemas.openxmlformats.org/officeDocument/2006/math}"):
                self.skip("equation", ctx["where"])
            elif tag == "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent":
                choice = child.find("{http://schemas.openxmlformats.org/markup-compatibility/2006}Choice")
                if choice is not None:
                    self._inline(choice, rels, runs, ctx)

    def _run(self, r, runs: list[Run], ctx: dict) -> None:
        rpr = r.find(_W + "rPr")
        bold = italic = False
        if rpr is not None:
            if _on(rpr.find(_W + "vanish")):
                self.skip("piece of hidden text", ctx["where"])
                return
            rs = rpr.find(_W + "rStyle")
            csid = rs.get(_W + "val") if rs is not None else None
            b, i = rpr.find(_W + "b"), rpr.find(_W + "i")
            bold = _on(b) if b is not None else bool(self.style(csid, "bold"))
            italic = _on(i) if i is not None else bool(self.style(csid, "italic"))
            lang = rpr.find(_W + "lang")
            lang_val = lang.get(_W + "val") if lang is not None else None
        else:
            lang_val = None
        lang_val = lang_val or self.style(ctx["sid"], "lang") or self.default_lang
        text: list[str] = []

        def flush() -> None:
            if text:
                joined = "".join(text)
                if ctx["field"] is None or ctx["field"][0] == "result":
                    href = ctx["href"] or (ctx["field"][1] if ctx["field"] else None)
                    runs.append(Run(joined, bold, italic, href))
                    if lang_val and joined.strip():
                        self.langs[lang_val] = self.langs.get(lang_val, 0) + len(joined)
                text.clear()

        for child in r:
            tag = child.tag
            if tag == _W + "t":
                text.append(child.text or "")
            elif tag in (_W + "tab", _W + "br", _W + "cr", _W + "ptab"):
                text.append(" ")
            elif tag == _W + "noBreakHyphen":
                text.append("\u2011")
            elif tag == _W + "sym":
                code = child.get(_W + "char") or ""
                try:
                    value = int(code, 16)
                except ValueError:
                    continue
                if not 0x20 <= value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                    continue
                if 0xF000 <= value <= 0xF0FF:
                    self.skip("symbol-font character", ctx["where"])
                else:
                    text.append(chr(value))
            elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
                flush()
                kind = "f" if tag == _W + "footnoteReference" else "e"
                runs.append(Run(note=f"{kind}{child.get(_W + 'id')}"))
            elif tag == _W + "fldChar":
                flush()
                kind = child.get(_W + "fldCharType")
                if kind == "begin":
                    ctx["field"] = ["instr", None, ""]
                elif kind == "separate" and ctx["field"]:
                    ctx["field"] = ["result", _field_link(ctx["field"][2]), ""]
                elif kind == "end":
                    ctx["field"] = None
            elif tag == _W + "instrText":
                if ctx["field"] and ctx["field"][0] == "instr":
                    ctx["field"][2] += child.text or ""
            elif tag in (_W + "drawing", _W + "pict", _W + "object") or tag.endswith("}AlternateContent"):
                flush()
                self._drawing(child, ctx["where"])
            elif tag == _W + "commentReference":
                pass  # counted from the comments part
        flush()

    def _drawing(self, el, where: str) -> None:
        boxes = [b for b in el.iter() if isinstance(b.tag, str) and b.tag.endswith("}txbxContent")]
        if boxes:
            self.skip("text box", f"{where} ('{self._text_of(boxes[0])[:40]}')")
            return
        found = docx_pictures.picture(el, self.document.part.related_parts)
        if isinstance(found, str):
            self.skip("image", f"{where}: {found}")
        else:
            self.pictures.append(Block("picture", [], where, picture=found))

    def _notes(self) -> None:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        for rel in self.document.part.rels.values():
            kind = (rel.reltype or "").rsplit("/", 1)[-1]
            if rel.is_external or kind not in ("footnotes", "endnotes", "comments"):
                continue
            part = rel.target_part
            try:
                root = etree.fromstring(part.blob, parser)
            except etree.XMLSyntaxError:
                self.out.skipped.append(f"the {kind} (their part of the document is damaged)")
                continue
            if kind == "comments":
                n = sum(1 for _ in root.iter(_W + "comment"))
                if n:
                    self.out.skipped.append(f"{n} comment{'s' if n > 1 else ''} (not imported)")
                continue
            tag, prefix = (_W + "footnote", "f") if kind == "footnotes" else (_W + "endnote", "e")
            for note in root.iter(tag):
                if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paragraphs = []
                for p in note.iter(_W + "p"):
                    runs: list[Run] = []
                    self._inline(p, part.rels, runs, {"sid": None, "href": None, "field": None,
                                                      "where": f"note {note.get(_W + 'id')}"})
                    paragraphs.append([r for r in runs if r.note is None])
                self.out.notes[f"{prefix}{note.get(_W + 'id')}"] = paragraphs

    def _properties(self) -> None:
        out = self.out
        props = package_properties(self.document)
        if props["author"] and props["author"].lower() not in _JUNK_AUTHORS:
            out.authors = props["author"]
        out.title, out.subtitle, out.organisation = props["title"], props["subject"], props["company"]
        if props["damaged"]:
            out.notices.append("the document's properties (author, title) could not be read")
        if props["language"]:
            out.language, out.language_from = props["language"], "the document's properties"
        elif self.langs:
            out.language, out.language_from = max(self.langs, key=self.langs.get), "Word's language setting"
        elif self.default_lang:
            out.language, out.language_from = self.default_lang, "Word's language setting"


def _field_link(instr: str) -> str | None:
    """The address of a HYPERLINK field ('HYPERLINK "https://…" \\o "tip"'), if it is one."""
    parts = instr.strip().split(None, 1)
    if len(parts) == 2 and parts[0].upper() == "HYPERLINK":
        rest = parts[1].strip()
        if rest.startswith('"'):
            return rest[1:].split('"', 1)[0] or None
        return rest.split()[0] if rest and not rest.startswith("\\") else None
    return None
