"""LibreOffice's tagged PDF of the deck, mended slide by slide with what the deck knows (`SlideReading`).

LibreOffice 7.4 tags every text of a slide alike, so a screen reader of `slides-pdf` heard, on
every slide, the date, the footer and the slide number as content; each title as a generic
`H` around a `P` (no level: a reader's list of headings is flat and nests nothing); and a key
figure with its footnote mark as one word ("7–12 procent1"). The deck knows which texts are
which (`deck.readback.reading`); here they are found in the PDF by their text, read through
each font's ToUnicode map, and mended:

- **running texts** (the date, footer and slide-number placeholders): their marked content
  becomes `/Artifact <</Type /Pagination /Subtype /Footer>>` (or /Header), their elements
  leave the structure tree and their ParentTree slots are emptied; the last element of the
  slide with exactly that text is the one (the placeholders are drawn after the body);
- **titles**: each `H` becomes `H1` on the title slide and dividers, `H2` on every other slide,
  holding its text itself (the `P` inside is dissolved into it);
- **charts**: LibreOffice tags a chart as a Figure without the alternative text the deck gives it
  (which would make it an artifact, pdf.retag); the deck's text is put on it;
- **deckgen's English** in a document of a language it has no words for ("Question 1 of 7" in a
  Spanish deck): /Lang en on those paragraphs and titles (i18n.foreign, as the other PDFs do);
- **reference marks**: the text object that draws the superscript mark is split off into a
  `/Reference` element of its own inside the paragraph, as the handout tags its markers,
  so the number reads "7–12 procent", then the reference "1".

Nothing drawn changes: only marked-content operators are replaced or inserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from deckgen.content import i18n

_SHOW = {"Tj", "TJ", "'", '"'}


@dataclass
class Mended:
    """What was mended: running texts made artifacts, headings given a level, marks made References, charts
    given their alternative text."""

    running: int = 0
    headings: dict[int, int] = field(default_factory=dict)
    marks: int = 0
    charts: int = 0
    english: int = 0  # passages of deckgen's English in a document of another language, tagged so


def name_charts(pdf, root, reading, page_of) -> int:
    """Each chart's alternative text on the Figure LibreOffice made of it without one (a Figure that holds
    the chart's texts as P elements; a decorative shape holds none), in order on each slide; how many. Run
    before the figures without alternative text are made artifacts, which would take the chart away."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    waiting = {i: list(facts.charts) for i, facts in enumerate(reading) if facts.charts}
    named = 0
    for element in _elements(root):
        if element.get("/S") != "/Figure" or "/Alt" in element or "/ActualText" in element:
            continue
        texts = [k for k in _kids(element) if isinstance(k, Dictionary) and k.get("/S") == "/P"]
        alts = waiting.get(pages.get(page_of(element), -1))
        if texts and alts:
            alt = alts.pop(0)
            if alt:
                element.Alt = pikepdf.String(alt)
                named += 1
    return named


def _squeeze(text: str) -> str:
    """Text without any white space (LibreOffice draws spaces as gaps as often as characters)."""
    return re.sub(r"\s+", "", text)


def _cmap(font) -> tuple[int, dict[bytes, str]]:
    """A font's code length in bytes and its ToUnicode map (bfchar and bfrange entries)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return 1, {}
    text = stream.read_bytes().decode("latin-1")
    space = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
    width = len(space.group(1)) // 2 if space else 1
    found: dict[bytes, str] = {}

    def uni(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[bytes.fromhex(src)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            start, end = int(lo, 16), int(hi, 16)
            if end - start > 0xFFFF:
                continue
            n = len(lo) // 2
            if dst.startswith("["):
                targets = re.findall(r"<([0-9A-Fa-f]*)>", dst)
                for code, target in zip(range(start, end + 1), targets):
                    found[code.to_bytes(n, "big")] = uni(target)
            else:
                first = bytes.fromhex(dst[1:-1])
                base = int.from_bytes(first, "big")
                for code in range(start, end + 1):
                    found[code.to_bytes(n, "big")] = uni((base + code - start).to_bytes(len(first), "big").hex())
    return width, found


class _Page:
    """One page's content stream, parsed: for each MCID its BDC's index and its text objects (start, end
    index, text); edits are collected and written back at once."""

    def __init__(self, pdf, page):
        self.pdf, self.page = pdf, page
        self.ops = list(pikepdf.parse_content_stream(page))
        self.bdc: dict[int, int] = {}
        self.blocks: dict[int, list[list]] = {}  # mcid -> [[BT index, ET index, text], ...]
        self.inserts: dict[int, list] = {}  # index -> operations inserted before it
        fonts = page.Resources.get("/Font") or {}
        maps = {str(name): _cmap(font) for name, font in fonts.items()}
        stack: list[int | None] = []
        current = (1, {})
        block = None
        for i, (operands, operator) in enumerate(self.ops):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                if mcid is not None:
                    self.bdc[mcid] = i
                    self.blocks[mcid] = []
                stack.append(mcid)
            elif op == "EMC" and stack:
                stack.pop()
            elif op == "Tf" and operands:
                current = maps.get(str(operands[0]), (1, {}))
            elif op == "BT":
                mcid = next((m for m in reversed(stack) if m is not None), None)
                block = [i, i, ""] if mcid is not None else None
                if block is not None:
                    self.blocks[mcid].append(block)
            elif op == "ET" and block is not None:
                block[1] = i
                block = None
            elif op in _SHOW and block is not None:
                block[2] += self._decode(current, operands)

    @staticmethod
    def _decode(font, operands) -> str:
        width, table = font
        out = []
        for operand in operands:
            for item in operand if isinstance(operand, Array) else [operand]:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    out += [table.get(raw[k:k + width], "") for k in range(0, len(raw), width)]
        return "".join(out)

    def text(self, mcid: int) -> str:
        return "".join(b[2] for b in self.blocks.get(mcid, []))

    def insert(self, index: int, *ops) -> None:
        self.inserts.setdefault(index, []).extend(ops)

    def save(self) -> None:
        out = []
        for i, op in enumerate(self.ops):
            out.extend(self.inserts.get(i, []))
            out.append(op)
        self.page.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(out))


def _kids(element) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []


def _own_mcids(element) -> list[int]:
    return [int(k) if isinstance(k, int) else int(k.MCID) for k in _kids(element)
            if isinstance(k, int) or (isinstance(k, Dictionary) and k.get("/Type") == "/MCR")]


def _all_mcids(element) -> list[int]:
    out = []
    for kid in _kids(element):
        if isinstance(kid, int) or (isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR"):
            out.append(int(kid) if isinstance(kid, int) else int(kid.MCID))
        elif isinstance(kid, Dictionary) and kid.get("/Type") != "/OBJR":
            out += _all_mcids(kid)
    return out


def _elements(element):
    """The element and every structure element below it, in order."""
    yield element
    for kid in _kids(element):
        if isinstance(kid, Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR") and "/S" in kid:
            yield from _elements(kid)


def mend(pdf, root, document, reading, page_of, parent_slots) -> Mended:
    """Mends the tree under `document` page by page with `reading` (one SlideReading per page);
    `page_of(element)` is an element's page objgen, `parent_slots(page)` the page's ParentTree array."""
    done = Mended()
    tops = _kids(document)
    foreign = i18n.foreign()  # deckgen's English words in a document of another language
    for page, facts in zip(pdf.pages, reading):
        here = [k for k in tops if isinstance(k, Dictionary) and page_of(k) == page.obj.objgen]
        if not here:
            continue
        content = _Page(pdf, page)
        slots = parent_slots(page)
        gone = _running(content, here, facts.running, slots)
        done.running += len(gone)
        tops = [k for k in tops if not (isinstance(k, Dictionary) and k.objgen in gone)]
        for element in here:
            if element.objgen not in gone and element.get("/S") == "/H":
                _heading(element, facts.level, slots)
                done.headings[facts.level] = done.headings.get(facts.level, 0) + 1
        for text, at, mark in facts.marks:
            done.marks += _reference(pdf, content, [k for k in here if k.objgen not in gone], text, at, mark, slots)
        if foreign:
            done.english += _english(content, [k for k in here if k.objgen not in gone], foreign)
        content.save()
    document.K = Array(tops)
    return done


def _running(content: _Page, here: list, running, slots) -> set:
    """The running texts' elements (the last top-level one with each text) made pagination artifacts."""
    gone: set = set()
    for text, subtype in running:
        want = _squeeze(text)
        for element in reversed(here):
            if element.objgen in gone or element.get("/S") == "/H":
                continue
            mcids = _all_mcids(element)
            if mcids and _squeeze("".join(content.text(m) for m in mcids)) == want:
                props = Dictionary(Type=Name.Pagination, Subtype=Name("/" + subtype))
                for mcid in mcids:
                    at = content.bdc[mcid]
                    content.ops[at] = ([Name.Artifact, props], pikepdf.Operator("BDC"))
                    if isinstance(slots, Array) and mcid < len(slots):
                        slots[mcid] = None
                gone.add(element.objgen)
                break
    return gone


_READ = {"/P", "/H1", "/H2", "/LBody"}


def _english(content: _Page, here: list, foreign) -> int:
    """/Lang en on each paragraph, title or list item that is one of deckgen's phrases left in English
    ("Question 1 of 7", "Sources") in a document of another language (LibreOffice tags no element with
    a language of its own); how many."""
    count = 0
    for top in here:
        for element in _elements(top):
            if element.get("/S") not in _READ:
                continue
            if i18n.english_phrase("".join(content.text(m) for m in _all_mcids(element)), foreign):
                element.Lang = pikepdf.String(foreign[0])
                count += 1
    return count


def _heading(element, level: int, slots) -> None:
    """An H as H1 or H2, holding the content of the P inside it itself."""
    element.S = Name(f"/H{level}")
    kids = _kids(element)
    if not kids or not all(isinstance(k, Dictionary) and k.get("/S") == "/P" for k in kids):
        return
    content = []
    for p in kids:
        for kid in _kids(p):
            if isinstance(kid, Dictionary) and "/S" in kid:
                kid.P = element
            content.append(kid)
        for mcid in _own_mcids(p):
            if isinstance(slots, Array) and mcid < len(slots):
                slots[mcid] = element
    element.K = Array(content)


def _reference(pdf, content: _Page, here: list, text: str, at: int, mark: str, slots) -> int:
    """The mark in the paragraph with `text` split off into a Reference element; 1 if it was found."""
    want, start, sign = _squeeze(text), len(_squeeze(text[:at])), _squeeze(mark)
    for top in here:
        for element in _elements(top):
            if element.get("/S") != "/P" or not isinstance(slots, Array):
                continue
            mcids = _own_mcids(element)
            if _squeeze("".join(content.text(m) for m in mcids)) != want:
                continue
            seen = 0
            for mcid in mcids:
                blocks = content.blocks[mcid]
                for b, block in enumerate(blocks):
                    if seen == start and _squeeze(block[2]) == sign and b > 0:
                        _split(pdf, content, element, mcid, blocks, b, slots)
                        return 1
                    seen += len(_squeeze(block[2]))
    return 0


def _split(pdf, content: _Page, element, mcid: int, blocks: list, b: int, slots) -> None:
    """The text object `b` of MCID `mcid` as the content of a new Reference in `element`; the text objects
    after it under a new MCID of `element`."""
    tag = content.ops[content.bdc[mcid]][0][0]
    taken = max(len(slots), max(content.bdc, default=-1) + 1)
    ref_mcid, rest_mcid = taken, taken + 1
    bdc = pikepdf.Operator("BDC")
    emc = ([], pikepdf.Operator("EMC"))
    content.insert(blocks[b][0], emc, ([Name.Reference, Dictionary(MCID=ref_mcid)], bdc))
    page = content.page.obj
    reference = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Reference, P=element, Pg=page,
                                             K=Array([ref_mcid])))
    new = [reference]
    while len(slots) < taken:
        slots.append(None)
    slots.append(reference)
    if b + 1 < len(blocks):
        content.insert(blocks[b + 1][0], emc, ([tag, Dictionary(MCID=rest_mcid)], bdc))
        slots.append(element)
        new.append(rest_mcid)
    kids = []
    for kid in _kids(element):
        kids.append(kid)
        if (isinstance(kid, int) and int(kid) == mcid) or (isinstance(kid, Dictionary) and kid.get("/MCID") == mcid):
            kids += new
    if "/Pg" not in element:
        element.Pg = page
    element.K = Array(kids)
