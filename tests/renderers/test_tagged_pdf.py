"""Tagged PDF (PDF/UA-1) for the handout and the cards, read back with poppler, pikepdf and a checker."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from content.test_seed_content import parse_seed, sentences
from renderers.ua_checks import problems

from deckgen.build.run import make
from deckgen.renderers import RenderOptions


def render(kind, doc, theme, **options):
    return make(kind, doc, theme, RenderOptions(**options))  # slides-pdf: the deck made first and handed over


@pytest.fixture(scope="module")
def nl_handout(seed_doc, default_theme):
    return render("handout", seed_doc, default_theme).data


@pytest.fixture(scope="module")
def en_handout(english_doc, default_theme):
    return render("handout", english_doc, default_theme).data


@pytest.fixture(scope="module")
def nl_cards(seed_doc, default_theme):
    return render("cards", seed_doc, default_theme).data


@pytest.fixture(scope="module")
def nl_guide(seed_doc, default_theme):
    return render("guide", seed_doc, default_theme).data


def poppler(tmp_path: Path, data: bytes, *args: str) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True).stdout


def struct_lines(text: str) -> list[tuple[int, str]]:
    """pdfinfo -struct-text as (depth, line) pairs."""
    return [((len(line) - len(line.lstrip(" "))) // 2, line.strip()) for line in text.splitlines() if line.strip()]


def read_text(struct: str, skip=("Reference",)) -> str:
    """The text of the structure tree in its order, leaving out the elements in `skip` (footnote markers)."""
    out, hidden = [], None
    for depth, line in struct_lines(struct):
        if hidden is not None and depth <= hidden:
            hidden = None
        if hidden is not None:
            continue
        kind = line.split(" ")[0]
        if kind in skip:
            hidden = depth
        elif line.startswith('"'):
            out.append(line[1:-1])
    return "".join(out)


def test_pdfinfo_says_tagged(tmp_path, nl_handout, en_handout, nl_cards, nl_guide):
    for data in (nl_handout, en_handout, nl_cards, nl_guide):
        assert re.search(r"^Tagged:\s+yes$", poppler(tmp_path, data), re.M)


def test_the_dutch_handout_reads_as_the_seed_in_order_without_furniture(tmp_path, nl_handout, seed_doc):
    struct = poppler(tmp_path, nl_handout, "-struct-text")
    text = " ".join(read_text(struct).split())
    seed = [s for _, block in parse_seed() for s in sentences(block)]
    assert len(seed) == 70
    # the seed's title is one sentence; the content splits it into title and subtitle (H1, then P)
    title, subtitle = seed[0].split(": ")
    # the colophon's "03-05-24" is the document's date in figures: written as the outputs write dates
    expected = [title, subtitle] + [s.replace("03-05-24", "3 mei 2024") for s in seed[1:]]
    at = 0
    for sentence in expected:
        found = text.find(sentence, at)
        assert found >= 0, (sentence, text[at:at + 300])
        at = found + len(sentence)
    path = tmp_path / "out.pdf"
    shown = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = shown.count("\f")
    title = seed_doc.title.plain
    # the running head of pages 2+ is an artifact: printed on every page but page 1, read once
    assert " ".join(shown.split()).count(title) == text.count(title) + pages - 1
    assert "pagina" in shown and "pagina" not in text  # and so are the page numbers ("pagina 2 van 4")
    assert struct_lines(struct)[1][1].startswith("P")  # organisation and date come before the title
    assert [line for _, line in struct_lines(struct) if line.startswith("H1")] == ["H1 (block)"]


def test_structure_types_in_reading_order(tmp_path, nl_handout, seed_doc):
    kinds = [line.split(" ")[0] for _, line in struct_lines(poppler(tmp_path, nl_handout, "-struct-text"))
             if not line.startswith('"') and not line.startswith("Object")]
    assert kinds[0] == "Document"
    assert kinds.count("H3") == len(seed_doc.qa.items)  # each question
    assert kinds.count("LI") == kinds.count("Lbl") == kinds.count("Note") == len(seed_doc.sources)
    assert kinds.count("Reference") == sum(len(s.text.footnotes()) for s in seed_doc.sections if s.text) + \
        sum(len(i.answer.footnotes()) for i in seed_doc.qa.items) + \
        sum(1 for s in seed_doc.sections for f in s.figures if f.source)
    assert kinds.index("H1") < kinds.index("Sect") < kinds.index("H2")


def test_every_figure_has_the_contents_alt_text(tmp_path, en_handout, english_doc):
    pdf = pikepdf.open(io.BytesIO(en_handout))
    alts = []

    def walk(node):
        if node.get("/S") == "/Figure":
            alts.append(str(node.Alt))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    pictures = [english_doc.image] + [s.image for s in english_doc.sections]
    wanted = [p.alt for p in pictures if p is not None and not p.decorative]
    assert alts == wanted and len(wanted) >= 3
    decorative = [p for p in pictures if p is not None and p.decorative]
    images = sum(len(page.get_images()) for page in pdf.pages)
    assert images >= len(wanted) + len(decorative)  # the decorative one is drawn, as an artifact


def test_links_are_described_and_in_link_elements(nl_handout):
    pdf = pikepdf.open(io.BytesIO(nl_handout))
    annots = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert len(annots) >= 8
    assert all(str(a.Contents) for a in annots)
    assert {str(a.Contents) for a in annots if "/Dest" in a} >= {f"Bron {n}" for n in range(1, 9)}


@pytest.mark.parametrize("kind", ["nl_handout", "en_handout", "nl_cards", "nl_guide"])
def test_pdf_ua_checks_find_nothing(kind, request, tmp_path):
    """Our pikepdf checks of the PDF/UA-1 rules the tagging relies on (ua_checks), and the pdfua package's."""
    data = request.getfixturevalue(kind)
    assert problems(data) == []
    from pdfua import validate

    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    # pdfua 0.1.3's heading rule (UA-14-001) raises on a /K that is an array, which every element with
    # more than one kid has; ua_checks checks heading levels instead
    assert {o.rule_id for o in report.skipped} <= {"UA-14-001"}


def test_the_checks_do_find_problems(nl_handout):
    """The checker is not a stub: an untagged ReportLab PDF fails it on several rules."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Hello")
    canvas.linkURL("https://example.org", (72, 700, 200, 720))
    canvas.save()
    found = problems(buffer.getvalue())
    assert "no /MarkInfo << /Marked true >>" in found and "no StructTreeRoot" in found
    pdf = pikepdf.open(io.BytesIO(nl_handout))
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"BT /F1 9 Tf (x) Tj ET"), prepend=False)
    out = io.BytesIO()
    pdf.save(out)
    assert any("neither tagged nor an artifact" in p for p in problems(out.getvalue()))


@pytest.mark.render
def test_slides_pdf_is_libreoffices_tagged_pdf_ua(tmp_path, english_doc, default_theme):
    """slides-pdf uses LibreOffice's own PDF/UA export: tagged, pdfuaid in its XMP, the pictures' alt text,
    and the content's date; what that export gets wrong is mended (pdf/retag.py: LibreOffice 7 tags
    decorative shapes as Figures without alt text, paints backgrounds untagged, leaves the QR code's
    link out of the tree and names its own language): the checks then find nothing."""
    data = render("slides-pdf", english_doc, default_theme).data
    assert problems(data) == []
    path = tmp_path / "slides.pdf"
    path.write_bytes(data)
    from pdfua import validate

    assert [(f.rule_id, f.message) for f in validate(str(path)).findings] == []
    info = poppler(tmp_path, data)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert "pdfuaid:part>1<" in poppler(tmp_path, data, "-meta")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20240503")
        assert str(pdf.Root.Lang).startswith("en")
        alts = set()

        def walk(node):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.add(str(node.Alt))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert {p.alt for p in [english_doc.image] + [s.image for s in english_doc.sections]
            if p is not None and not p.decorative} <= alts


@pytest.mark.render
def test_slides_pdf_speaks_the_documents_language_and_reads_every_word(tmp_path, seed_doc, default_theme):
    """The Dutch seed's slides: /Lang nl (LibreOffice says en-US), one Document element, the QR code's link
    in the tree, the structure holds every word the pages show but the running texts (nothing meaningful
    left out), one heading per slide at a level that nests, and a key figure's mark as a Reference that links to
    the sources slide listing its source."""
    data = render("slides-pdf", seed_doc, default_theme).data
    assert problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "nl"
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        links = [k for k in root.K[0].K if k.get("/S") == "/Link"]
        assert len(links) == 1 and "partos.nl" in str(links[0].Alt)
    path = tmp_path / "slides.pdf"
    path.write_bytes(data)
    shown = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    struct = poppler(tmp_path, data, "-struct-text")
    read = read_text(struct, skip=())
    # the date, footer and slide number are page furniture: on the pages, not read (LibreOffice read them
    # on all 24 slides that have them); every other word is read
    furniture = "".join(f"3mei2024Migratieenontwikkelingssamenwerking·PartosenOnMigration{n}" for n in range(2, 27)
                        if n not in (9,))
    assert '"3 mei 2024"' not in struct
    assert sorted("".join(shown.split())) == sorted("".join(read.split()) + furniture)
    # one heading per slide, levels that nest, each holding its text (LibreOffice: a generic H around a P):
    # the deck's title the one H1; the groups the agenda lists H2 (the Q&A divider among them); a section's
    # key figures and the discussion slides H3 under them; each answer H4 under its question
    lines = [(depth, line) for depth, line in struct_lines(struct) if not line.startswith("/")]
    heads = [(line.split()[0], lines[i + 1][1]) for i, (depth, line) in enumerate(lines)
             if depth == 1 and re.fullmatch(r"H\d?", line.split()[0])]
    assert len(heads) == 26 and {kind for kind, _ in heads} == {"H1", "H2", "H3", "H4"}
    assert [text for kind, text in heads if kind == "H1"] == ['"Migratie en ontwikkelingssamenwerking"']
    questions = [f'"{item.question.plain}"' for item in seed_doc.qa.items]
    assert [kind for kind, text in heads if text == '"Q & A migratie en ontwikkelingssamenwerking"'] == ["H2"]
    assert [(kind, text) for kind, text in heads if text in questions] == \
        [(kind, q) for q in questions for kind in ("H3", "H4")]
    assert [kind for kind, text in heads if text.startswith('"Kerncijfers')] == ["H3", "H3"]
    # a discussion slide reads as it is seen: its counter, then the question, then the task
    for n, question in enumerate(questions, 1):
        assert re.search(rf'"Vraag {n} van 7"\n\s+H3 \(block\):\n\s+/Placement /Block\n\s+{re.escape(question)}\n'
                         r'\s+Div\n\s+P \(block\)\n\s+"[^"\n]+\s—\s\d+\smin"', struct), question
    # a key figure's footnote mark is a Reference of its own, as in the handout: no "procent1"
    assert "procent1" not in struct.replace(" ", "")
    assert re.search(r'"7–12\sprocent"\n\s+Reference \(inline\)\n\s+Link \(inline\)\n\s+"1"\n\s+Object', struct)
    # ... which links to the sources slide that lists its source, as the handout's markers link to its sources
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                            text=True, check=True).stdout for n in range(1, 27)]
    marks = re.findall(r'Reference \(inline\)\n\s+Link \(inline\)\n\s+"(\d+)"', struct)
    assert marks == ["1", "3", "3"] and struct.count("Reference (inline)") == 3
    with pikepdf.open(io.BytesIO(data)) as pdf:
        number = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        went = []
        for n, page in enumerate(pdf.pages, 1):
            for annot in page.get("/Annots", []):
                if "/Dest" in annot:
                    target = number[annot.Dest[0].objgen]
                    source = str(annot.Contents).removeprefix("Bron ")
                    assert annot.Dest[1] == "/Fit" and re.search(rf"^{source}\. Voetnoot {source} van", pages[target - 1],
                                                                 re.M), (n, target)
                    went.append((n, source, target))
        assert went == [(6, "1", 24), (8, "3", 24), (8, "3", 24)]


def test_no_page_holds_only_furniture(nl_handout, en_handout):
    """Tagging adds no page: every page has tagged content (a closing element once pushed a page of its own)."""
    for data in (nl_handout, en_handout):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            marked = {int(nums[i]): len(nums[i + 1]) for i in range(0, len(nums), 2)
                      if isinstance(nums[i + 1], pikepdf.Array)}
            assert all(marked.get(n, 0) > 0 for n in range(len(pdf.pages)))


def test_charts_and_tables(tmp_path, default_theme):
    """Charts are Figures with their alt text; tables are Table, TR, TH (/Scope /Column) and TD, the
    header row read once though it repeats where the table continues; every font embedded."""
    from conftest import DATA

    from deckgen.content.load import load

    doc = load(DATA / "charts.yaml")[0]
    data = render("handout", doc, default_theme).data
    assert problems(data) == []
    kinds = [line.split(" ")[0].rstrip(":") for _, line in struct_lines(poppler(tmp_path, data, "-struct-text"))]
    charts = [c for s in doc.sections for c in s.charts]
    tables = [t for s in doc.sections for t in s.tables]
    assert kinds.count("Figure") == len(charts) and kinds.count("Table") == len(tables)
    assert kinds.count("TH") == sum(len(t.columns) for t in tables)
    assert kinds.count("TD") == sum(len(t.columns) * len(t.rows) for t in tables)
    assert kinds.count("TR") == sum(1 + len(t.rows) for t in tables)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        alts = []

        def walk(node):
            if node.get("/S") == "/Figure":
                alts.append(str(node.Alt))
            if node.get("/S") == "/TH":
                assert node.A.Scope == "/Column"
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert alts == [c.alt for c in charts]


def test_right_to_left_text_carries_its_letters_and_language(tmp_path, default_theme):
    """Arabic is drawn joined and in visual order; its Span gives screen readers the letters in logical
    order (/ActualText) and the language (/Lang), in a Dutch document."""
    from deckgen.content.load import load

    path = tmp_path / "doc.yaml"
    path.write_text('title: "Talen"\nlanguage: nl\nlead: "De organisatie heet مؤسسة التنمية in het Arabisch."\n'
                    'sections:\n  - text: "مرحبا بكم في الورشة."\n  - heading: "Hebreeuws"\n'
                    '    text: "Het woord שלום betekent vrede."\n',
                    encoding="utf-8")
    data = render("handout", load(path)[0], default_theme).data
    assert problems(data) == []
    spans = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        def walk(node):
            if node.get("/S") == "/Span":
                spans.append((str(node.get("/ActualText")), str(node.get("/Lang"))))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        assert str(pdf.Root.Lang) == "nl"
    assert spans == [("مؤسسة التنمية", "ar-SA"), ("مرحبا بكم في الورشة.", "ar-SA"), ("שלום", "he-IL")]


def test_the_run_sheet_is_tagged_too(tmp_path, nl_guide, seed_doc):
    """The guide uses the same layer (TaggedCanvas, TaggedParagraph, TableTags): the title, its parts,
    one H3 per question, the plan as a table with its header row, the page footers as artifacts."""
    struct = poppler(tmp_path, nl_guide, "-struct-text")
    kinds = [line.split(" ")[0].rstrip(":") for _, line in struct_lines(struct)]
    assert kinds.count("H1") == 1 and kinds.count("H3") == len(seed_doc.qa.items)
    assert kinds.count("Table") == 1 and kinds.count("TH") == 4
    assert "pagina" not in read_text(struct)
    # the materials checklist and each question's points are lists: L, LI, Lbl (the box or bullet), LBody
    assert kinds.count("L") >= 1 + len(seed_doc.qa.items) and kinds.count("LI") == kinds.count("Lbl") \
        == kinds.count("LBody") > 0


def test_card_points_are_lists(tmp_path, nl_cards, seed_doc):
    struct = struct_lines(poppler(tmp_path, nl_cards, "-struct-text"))
    kinds = [line.split(" ")[0] for _, line in struct]
    points = sum(len(item.points) for item in seed_doc.qa.items)
    assert points and kinds.count("LI") == kinds.count("Lbl") == kinds.count("LBody") == points
    assert kinds.count("Sect") == len(seed_doc.qa.items)


def test_a_cards_heading_is_its_question(tmp_path, nl_cards, seed_doc):
    """A screen reader moves from heading to heading: each card's H1 holds its band's "Vraag 1" and its
    question ("Vraag 1 Wat doet de ontwikkelingssector om migratie tegen te gaan?"), read before the
    picture and the task; the question is no paragraph of its own under a heading of just a number."""
    struct = struct_lines(poppler(tmp_path, nl_cards, "-struct-text"))
    headings = []
    for i, (depth, line) in enumerate(struct):
        if line.startswith("H1"):
            texts = []
            for deeper, text in struct[i + 1:]:
                if deeper <= depth:
                    break
                if text.startswith('"'):
                    texts.append(text[1:-1].strip())
            headings.append(" ".join(texts))
    assert headings == [f"Vraag {item.number} {' '.join(item.question.plain.split())}" for item in seed_doc.qa.items]
    paragraphs = [line[1:-1].strip() for depth, line in struct if line.startswith('"')]
    for item in seed_doc.qa.items:  # the question's text is read once, in its heading
        assert paragraphs.count(" ".join(item.question.plain.split())) == 1


def test_the_logo_is_a_figure_with_its_alt_text(tmp_path, default_theme):
    """The content's logo, on the handout's first page, reads as its alt text."""
    import shutil
    from dataclasses import replace

    from conftest import DATA

    from deckgen.content.load import load

    shutil.copy(DATA / "logo.png", tmp_path / "logo.png")
    path = tmp_path / "doc.yaml"
    path.write_text('title: "Met logo"\nlanguage: nl\nlogo:\n  file: "logo.png"\n  alt: "Logo van Partos"\n'
                    'sections:\n  - text: "Een tekst."\n', encoding="utf-8")
    doc = load(path)[0]
    theme = replace(default_theme, logo=doc.logo.file, logo_alt=doc.logo.alt, print_logo=doc.logo.file)
    data = render("handout", doc, theme).data
    assert problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        first = pdf.Root.StructTreeRoot.K[0].K
        figures = [k for k in first if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["Logo van Partos"]


@pytest.mark.render
def test_slides_pdf_charts_keep_their_alt_text(tmp_path, default_theme):
    """LibreOffice tags a chart as a Figure without the alt text the deck gives it, which pdf.retag would then
    have made an artifact (the charts were gone for a screen reader); pdf.slidetags gives each its text back."""
    from conftest import DATA

    from deckgen.content.load import load

    doc = load(DATA / "charts.yaml")[0]
    data = render("slides-pdf", doc, default_theme).data
    assert problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        alts = [str(k.Alt) for k in pdf.Root.StructTreeRoot.K[0].K if k.get("/S") == "/Figure"]
    assert alts == [c.alt for s in doc.sections for c in s.charts]


def _langs(data: bytes) -> dict[str, list[str]]:
    """Structure type -> the /Lang of each element of that type that has one."""
    found: dict[str, list[str]] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:

        def walk(node):
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if "/Lang" in kid:
                        found.setdefault(str(kid.S)[1:], []).append(str(kid.Lang))
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    return found


def _notes(doc, theme) -> bytes:
    """The notes handout, made from the deck and a stand-in for LibreOffice's slides (a page per slide
    with its title), so that its tagging is checked without LibreOffice."""
    from reportlab.pdfgen.canvas import Canvas

    from deckgen.renderers import get
    from deckgen.renderers.base import RenderResult

    deck = get("deck").render(doc, theme, RenderOptions())
    slides = io.BytesIO()
    canvas = Canvas(slides, pagesize=(960, 540))
    for title in deck.titles:
        canvas.drawString(40, 270, title or "-")
        canvas.showPage()
    canvas.save()
    return get("notes").render(doc, theme, RenderOptions(), inputs={
        "deck": deck, "slides-pdf": RenderResult(slides.getvalue())}).data


def test_deckgens_english_words_in_a_document_of_another_language_are_tagged_english(english_doc, seed_doc,
                                                                                      default_theme):
    """A Spanish document: deckgen has no Spanish words for what it adds, so "Question 1", "Answer to question 1",
    "Sources", the run sheet's labels, the notes handout's "slide 3" and cues are English on the page; a
    screen reader speaking the document's language (es) would read them with Spanish rules. Each such
    passage is tagged /Lang en (pdf.tagging's `paragraph`, for every renderer); the content's own passages
    are not; a Dutch document (deckgen's words are Dutch) has none."""
    from dataclasses import replace

    spanish = replace(english_doc, language="es")
    cards = _langs(render("cards", spanish, default_theme).data)
    questions = len(spanish.qa.items)
    # "Question 1" a Span of the card's heading (the question, in Spanish), "Answer to question 1" the back's H2
    assert "H1" not in cards and cards.get("Span") == ["en"] * questions and cards.get("H2") == ["en"] * questions
    handout = _langs(render("handout", spanish, default_theme).data)
    assert handout.get("H2", []).count("en") >= 2 and "H1" not in handout  # "Sources" …; not the title
    guide = _langs(render("guide", spanish, default_theme).data)
    assert len(guide.get("P", [])) > 20 and set(sum(guide.values(), [])) == {"en"}
    data = _notes(spanish, default_theme)
    notes = _langs(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:  # each slide a Figure with its Caption, "slide 3"
        slides = sum(str(k.get("/S")) == "/Figure" for sect in pdf.Root.StructTreeRoot.K[0].K for k in sect.K)
    assert slides > 20 and notes.get("Caption") == ["en"] * slides
    assert len(notes.get("P", [])) >= 10 and set(sum(notes.values(), [])) == {"en"}  # "Also say", "Listen for" …
    for kind in ("cards", "handout", "guide"):
        assert _langs(render(kind, seed_doc, default_theme).data) == {}
    assert _langs(_notes(seed_doc, default_theme)) == {}


@pytest.mark.render
def test_slides_pdf_tags_deckgens_english_in_a_spanish_deck(english_doc, default_theme):
    """LibreOffice tags no element with a language of its own: in a Spanish deck deckgen's English ("Question 1
    of 7", "Sources", "Thank you!") would be spoken with Spanish rules; pdf.slidetags tags those /Lang en, and
    only those (a task line ending "— 15 min" is the content's, not deckgen's "{n} min")."""
    from dataclasses import replace

    from deckgen.renderers.pdf import pdftree

    spanish = replace(english_doc, language="es")
    data = render("slides-pdf", spanish, default_theme).data
    assert problems(data) == []
    tagged = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "es"
        for page in pdf.pages:
            content = pdftree.PageContent(pdf, page)
            for top in pdf.Root.StructTreeRoot.K[0].K:
                if top.get("/Pg") is not None and top.Pg.objgen == page.obj.objgen:
                    tagged += [(str(e.Lang), "".join(content.text(m) for m in pdftree.all_mcids(e)))
                               for e in pdftree.elements(top) if "/Lang" in e]
    texts = [text for _, text in tagged]
    assert {lang for lang, _ in tagged} == {"en"}
    questions = len(spanish.qa.items)
    assert [t for t in texts if t.startswith("Question ")] == [f"Question {n} of {questions}"
                                                               for n in range(1, questions + 1)]
    assert "Sources" in texts and "Thank you!" in texts and "Agenda" in texts
    assert not any(t.endswith("min") for t in texts)


def test_the_decks_runs_of_deckgens_english_say_british_english(english_doc, seed_doc, default_theme):
    """In the deck too: in a Spanish document the runs of deckgen's English phrases ("Question 1 of 7",
    "Sources") carry lang="en-GB" (PowerPoint's reader and proofing follow it), the content's runs "es";
    a Dutch deck has no English run."""
    from dataclasses import replace

    from pptx import Presentation

    def langs(doc) -> dict[str, set[str]]:
        prs = Presentation(io.BytesIO(render("deck", doc, default_theme).data))
        out: dict[str, set[str]] = {}
        for slide in prs.slides:
            for shape in slide.shapes:
                for para in shape.text_frame.paragraphs if shape.has_text_frame else ():
                    for run in para.runs:
                        out.setdefault(run._r.rPr.get("lang"), set()).add(para.text)
        return out

    spanish = langs(replace(english_doc, language="es"))
    questions = len(english_doc.qa.items)
    assert {f"Question {n} of {questions}" for n in range(1, questions + 1)} | {"Sources", "Thank you!"} \
        <= spanish["en-GB"]
    assert " ".join(english_doc.title.plain.split()) in " ".join(spanish["es"])
    assert set(langs(seed_doc)) == {"nl-NL"}
