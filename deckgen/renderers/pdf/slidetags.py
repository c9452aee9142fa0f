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
- **titles**: each `H` becomes the level the deck gives its slide (`deck.plan.heading_levels`: the
  deck's title the one H1, the groups the agenda lists H2, their slides H3, an answer after its question
  H4), holding its text itself (the `P` inside is dissolved into it);
- **texts above the title** (a discussion slide's "Vraag 1 van 7"): read before the heading, as seen;
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
from deckgen.renderers.pdf.pdftree import (
    PageContent,
    Pages,
    all_mcids,
    elements,
    is_content,
    kids,
    own_mcids,
    number_tree_add,
    page_of,
    parent_tree,
)


@dataclass
class Mended:
    """What was mended: running texts made artifacts, headings given a level, marks made References, charts
    given their alternative text."""

    running: int = 0
    headings: dict[int, int] = field(default_factory=dict)
    marks: int = 0
    charts: int = 0
    english: int = 0  # passages of deckgen's English in a document of another language, tagged so
    links: int = 0  # reference marks linked to the sources slide that lists their source


def name_charts(pdf, root, reading) -> int:
    """Each chart's alternative text on the Figure LibreOffice made of it without one (a Figure that holds
    the chart's texts as P elements; a decorative shape holds none), in order on each slide; how many. Run
    before the figures without alternative text are made artifacts, which would take the chart away."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    waiting = {i: list(facts.charts) for i, facts in enumerate(reading) if facts.charts}
    named = 0
    for element in elements(root):
        if element.get("/S") != "/Figure" or "/Alt" in element or "/ActualText" in element:
            continue
        texts = [k for k in kids(element) if isinstance(k, Dictionary) and k.get("/S") == "/P"]
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


def mend(pdf, pages: Pages, root, document, reading, lang: str = "en") -> Mended:
    """Mends the tree under `document` page by page with `reading` (one SlideReading per page), editing
    the pages' content in `pages` (written back by the caller); `lang` names the marks' links."""
    done = Mended()
    tops = kids(document)
    listed: dict[int, object] = {}  # a source's number -> the page of the sources slide that lists it
    for page, facts in zip(pdf.pages, reading):
        for number in facts.sources:
            listed.setdefault(number, page.obj)
    foreign = i18n.foreign()  # deckgen's English words in a document of another language
    slots_of = parent_tree(root)
    root.ParentTreeNextKey = max(int(root.get("/ParentTreeNextKey", 0)), max(slots_of, default=-1) + 1)
    for index, (page, facts) in enumerate(zip(pdf.pages, reading)):
        here = [k for k in tops if isinstance(k, Dictionary) and page_of(k) == page.obj.objgen]
        if not here:
            continue
        content = pages[index]
        slots = slots_of.get(int(page.obj.get("/StructParents", -1)))
        gone = _running(content, here, facts.running, slots)
        done.running += len(gone)
        tops = [k for k in tops if not (isinstance(k, Dictionary) and k.objgen in gone)]
        for element in here:
            if element.objgen not in gone and element.get("/S") == "/H":
                _heading(element, facts.level, slots)
                done.headings[facts.level] = done.headings.get(facts.level, 0) + 1
        if facts.above:
            tops = _above_first(content, tops, [k for k in here if k.objgen not in gone], facts.above)
        for text, at, mark in facts.marks:
            found = _reference(pdf, content, [k for k in here if k.objgen not in gone], text, at, mark, slots)
            if found is None:
                continue
            done.marks += 1
            number = int(mark) if mark.strip().isascii() and mark.strip().isdigit() else None
            if number in listed:
                done.links += _link(pdf, root, content, slots, *found, listed[number],
                                    f"{i18n.t(lang, 'source')} {number}")
        if foreign:
            done.english += _english(content, [k for k in here if k.objgen not in gone], foreign)
    document.K = Array(tops)
    return done


def _running(content: PageContent, here: list, running, slots) -> set:
    """The running texts' elements (the last top-level one with each text) made pagination artifacts."""
    gone: set = set()
    for text, subtype in running:
        want = _squeeze(text)
        for element in reversed(here):
            if element.objgen in gone or element.get("/S") == "/H":
                continue
            mcids = all_mcids(element)
            if mcids and _squeeze("".join(content.text(m) for m in mcids)) == want:
                props = Dictionary(Type=Name.Pagination, Subtype=Name("/" + subtype))
                for mcid in mcids:
                    at = content.bdc[mcid]
                    content.replace(at, ([Name.Artifact, props], pikepdf.Operator("BDC")))
                    if isinstance(slots, Array) and mcid < len(slots):
                        slots[mcid] = None
                gone.add(element.objgen)
                break
    return gone


def _above_first(content: PageContent, tops: list, here: list, above: tuple[str, ...]) -> list:
    """`tops` (the Document's elements) with the slide's elements that hold a text drawn above its title
    moved before the title's heading, top first: LibreOffice tags in drawing order, so a discussion slide
    read "question, Question 1 of 7", the reverse of what is seen. A heading-level navigation still lands
    on the question; reading on from the slide before hears the counter first."""
    heading = next((k for k in here if re.fullmatch(r"/H\d?", str(k.get("/S", "")))), None)
    if heading is None:
        return tops
    moved = []
    for text in above:
        want = _squeeze(text)
        for element in here:
            if element is heading or any(m.objgen == element.objgen for m in moved):
                continue
            if _squeeze("".join(content.text(m) for m in all_mcids(element))) == want:
                moved.append(element)
                break
    if not moved:
        return tops
    ids = {m.objgen for m in moved}
    rest = [k for k in tops if not (isinstance(k, Dictionary) and k.objgen in ids)]
    at = next(i for i, k in enumerate(rest) if isinstance(k, Dictionary) and k.objgen == heading.objgen)
    return rest[:at] + moved + rest[at:]


_READ = {"/P", "/H1", "/H2", "/H3", "/H4", "/LBody"}


def _english(content: PageContent, here: list, foreign) -> int:
    """/Lang en on each paragraph, title or list item that is one of deckgen's phrases left in English
    ("Question 1 of 7", "Sources") in a document of another language (LibreOffice tags no element with
    a language of its own); how many."""
    count = 0
    for top in here:
        for element in elements(top):
            if element.get("/S") not in _READ:
                continue
            if i18n.english_phrase("".join(content.text(m) for m in all_mcids(element)), foreign):
                element.Lang = pikepdf.String(foreign[0])
                count += 1
    return count


def _heading(element, level: int, slots) -> None:
    """An H as H1 to H4, holding the content of the P inside it itself (beside marked content of its own: a
    template's empty title paragraph, which LibreOffice marks on the H)."""
    element.S = Name(f"/H{level}")
    inside = kids(element)
    paragraphs = [k for k in inside if isinstance(k, Dictionary) and k.get("/S") == "/P"]
    if not paragraphs or not all(k in paragraphs or is_content(k) for k in inside):
        return
    content = []
    for p in inside:
        if is_content(p):
            content.append(p)
            continue
        for kid in kids(p):
            if isinstance(kid, Dictionary) and "/S" in kid:
                kid.P = element
            content.append(kid)
        for mcid in own_mcids(p):
            if isinstance(slots, Array) and mcid < len(slots):
                slots[mcid] = element
    element.K = Array(content)


def _reference(pdf, content: PageContent, here: list, text: str, at: int, mark: str, slots) -> tuple | None:
    """The mark in the paragraph with `text` split off into a Reference element; (the Reference, its MCID,
    the text object that draws it as its BT and ET indexes) when it was found."""
    want, start, sign = _squeeze(text), len(_squeeze(text[:at])), _squeeze(mark)
    for top in here:
        for element in elements(top):
            if element.get("/S") != "/P" or not isinstance(slots, Array):
                continue
            mcids = own_mcids(element)
            if _squeeze("".join(content.text(m) for m in mcids)) != want:
                continue
            seen = 0
            for mcid in mcids:
                blocks = content.blocks[mcid]
                for b, block in enumerate(blocks):
                    if seen == start and _squeeze(block[2]) == sign and b > 0:
                        return _split(pdf, content, element, mcid, blocks, b, slots), block[0], block[1]
                    seen += len(_squeeze(block[2]))
    return None


def _split(pdf, content: PageContent, element, mcid: int, blocks: list, b: int, slots) -> tuple:
    """The text object `b` of MCID `mcid` as the content of a new Reference in `element`; the text objects
    after it under a new MCID of `element`. (The Reference, its MCID.)"""
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
    held = []
    for kid in kids(element):
        held.append(kid)
        if (isinstance(kid, int) and int(kid) == mcid) or (isinstance(kid, Dictionary) and kid.get("/MCID") == mcid):
            held += new
    if "/Pg" not in element:
        element.Pg = page
    element.K = Array(held)
    return reference, ref_mcid


def _link(pdf, root, content: PageContent, slots, found: tuple, start: int, end: int, target, label: str) -> int:
    """The Reference's mark as a link to the sources slide that lists its source (as the handout's markers
    link to its list of sources): a Link annotation over the glyphs the text object `start`..`end` draws,
    going to that slide whole (/Fit), described by `label` ("Bron 1"), and a Link element inside the Reference
    holding the mark and the annotation (its OBJR); 1 if made (0 where the mark draws nothing)."""
    reference, mcid = found
    rect = content.text_box(start, end)
    if rect is None:
        return 0
    page = content.page.obj
    annot = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(rect)),
                                         Border=Array([0, 0, 0]), F=4, Dest=Array([target, Name.Fit]),
                                         Contents=pikepdf.String(label)))
    link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=reference, Pg=page,
                                        K=Array([mcid, Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)])))
    reference.K = Array([link])
    if isinstance(slots, Array) and mcid < len(slots):
        slots[mcid] = link  # the mark's marked content belongs to the Link now
    key = int(root.ParentTreeNextKey)  # made past every key by mend
    annot.StructParent = key
    root.ParentTreeNextKey = key + 1
    number_tree_add(root.ParentTree, key, link)
    if "/Annots" not in page:
        page.Annots = Array()
    page.Annots.append(annot)
    return 1
