"""Print a typesetter would sign (issue 15), read back from the real PDFs in every built-in theme:
calm hyphenation, the one-pager on page 1, balanced last pages, cards clear of the cutter, scripts."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import pdfplumber
import pytest
from conftest import write
from pdflines import column_ends, lines, runs_of_hyphens, short_sides
from programs import need

from deckgen.content.load import load
from deckgen.renderers.base import RenderOptions
from deckgen.renderers.cards import CardsRenderer
from deckgen.renderers.cards.sheet import BLEED, SAFE, sheet_for
from deckgen.renderers.handout import HandoutRenderer
from deckgen.theming.load import load as load_theme

THEMES = ["default", "print", "projector"]
DOCS = ["seed", "english"]


@pytest.fixture(scope="module")
def themes():
    return {name: load_theme(name)[0] for name in THEMES}


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_doc, english_doc, themes):
    """Handout and cards of both seed documents in every theme, written to files."""
    folder = tmp_path_factory.mktemp("print")
    out = {}
    for doc_name, doc in (("seed", seed_doc), ("english", english_doc)):
        for theme_name, theme in themes.items():
            handout = HandoutRenderer().render(doc, theme, RenderOptions())
            cards = CardsRenderer().render(doc, theme, RenderOptions())
            paths = []
            for kind, result in (("handout", handout), ("cards", cards)):
                path = folder / f"{doc_name}-{theme_name}.{kind}.pdf"
                path.write_bytes(result.data)
                paths.append(path)
            out[doc_name, theme_name] = (handout, *paths, doc)
    return out


def body_size_of(handout) -> float:
    """The one-pager's body size, from the fit report."""
    return float(re.search(r"body text ([\d.]+) pt", handout.report[0]).group(1))


def rest_size_of(handout) -> float:
    """The body size of the Q&A and what follows it, from the fit report."""
    found = [re.match(r"the Q&A and sources at ([\d.]+) pt", line) for line in handout.report]
    return next((float(m.group(1)) for m in found if m), body_size_of(handout))


def body_text(path, handout) -> list:
    """The lines of running text (the one-pager's and the Q&A's, each at its size), in reading order."""
    sizes = {body_size_of(handout), rest_size_of(handout)}
    return [line for line in lines(path) if line.text.strip() and any(abs(line.size - s) < 0.05 for s in sizes)]


# --- hyphenation -----------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("doc", DOCS)
def test_body_text_is_hyphenated_calmly(built, doc, theme):
    handout, path, _, _ = built[doc, theme]
    body = body_text(path, handout)
    assert len(body) > 80
    hyphenated = [line for line in body if line.hyphenated]
    assert len(hyphenated) <= 0.08 * len(body), [line.text for line in hyphenated]
    assert runs_of_hyphens(body) <= 2
    assert short_sides(body) == []
    for line in hyphenated:  # never in a name or a word starting with a capital, never in a number
        head = re.search(r"(\S+)-$", line.text).group(1)
        assert head[0].islower() and not any(c.isdigit() for c in head), line.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("doc", DOCS)
def test_no_hyphen_in_card_questions(built, doc, theme, themes):
    _, _, cards, _ = built[doc, theme]
    minimum = themes[theme].cards.question_min
    with pdfplumber.open(str(cards)) as pdf:
        fronts = [i + 1 for i in range(0, len(pdf.pages), 2)]
    questions = [line for line in lines(cards) if line.page in fronts and line.size >= minimum - 0.01]
    assert questions
    assert not [line.text for line in questions if re.search(r"\w-$", line.text) or "\u00ad" in line.text]


def test_headings_titles_and_key_figures_are_never_hyphenated(built):
    for (_, _), (handout, path, _, _) in built.items():
        size = max(body_size_of(handout), rest_size_of(handout))
        big = [line for line in lines(path) if line.size > size * 1.25]  # the lead (1.22 × body) is body text
        assert not [line.text for line in big if re.search(r"[^\W\d_]-$", line.text)]


# --- the one-pager ---------------------------------------------------------------------


def pages_of(path, text: str, minimum: float) -> set[int]:
    """The pages where a line at least `minimum` pt large starts the given text."""
    return {line.page for line in lines(path) if line.size >= minimum and line.text.strip()
            and text.startswith(line.text.strip()[:15])}


def fits_page_one(handout) -> bool:
    return any(line.startswith("the one-pager fits on page 1") for line in handout.report)


def letters(text: str) -> str:
    """Letters and digits only: compares text across line breaks, hyphens and spacing."""
    return "".join(ch for ch in text if ch.isalnum())


def check_one_pager(handout, path, doc):
    size = body_size_of(handout)
    fits = fits_page_one(handout)
    if fits:  # every section's last words are on page 1
        with pdfplumber.open(str(path)) as pdf:
            page = pdf.pages[0]
            first = letters("".join(page.crop(box).extract_text() or "" for box in (
                (0, 0, page.width / 2, page.height), (page.width / 2, 0, page.width, page.height))))
        for section in doc.sections:
            assert letters(section.text.plain)[-60:] in first, section.text.plain[-60:]
    for section in doc.sections:
        heading = pages_of(path, section.heading.plain, size * 1.2) if section.heading else {1}
        assert heading, section.heading.plain
        for fig in section.figures:
            figure = pages_of(path, fig.value.plain, size * 1.5)
            assert figure, fig.value.plain
            assert min(figure) == min(heading), f"{fig.value.plain!r} is not on the page of its section"
            if fits:
                assert min(figure) == 1
        if fits:
            assert min(heading) == 1
    return fits


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("doc", DOCS)
def test_both_seeds_one_pagers_fit_page_one(built, doc, theme):
    handout, path, _, model = built[doc, theme]
    assert check_one_pager(handout, path, model), handout.report
    said = [line for line in handout.report if line.startswith("the one-pager")]
    # the English seed's five pictures fit only when smaller (issue 23): the cover in the title band,
    # the section pictures a third of the column wide with the text beside them
    assert said == ["the one-pager fits on page 1" + (" (with smaller pictures)" if doc == "english" else "")]


@pytest.mark.parametrize("theme", THEMES)
def test_the_english_text_without_its_pictures_fits_page_one(english_doc, themes, theme, tmp_path):
    import dataclasses

    plain = dataclasses.replace(english_doc, image=None,
                                sections=tuple(dataclasses.replace(s, image=None) for s in english_doc.sections))
    handout = HandoutRenderer().render(plain, themes[theme], RenderOptions())
    path = tmp_path / "english.pdf"
    path.write_bytes(handout.data)
    assert check_one_pager(handout, path, plain)
    assert "the one-pager fits on page 1" in handout.report


def foot_gaps(path, margin_mm: float) -> list[float]:
    """How far (mm) above the foot of page 1's text area each column's lowest text, box or picture ends."""
    from deckgen.renderers.handout.pages import FOOTER_H

    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        foot = page.height - margin_mm * 72 / 25.4 - FOOTER_H
        things = [(o["x0"], o["bottom"]) for o in page.chars + page.rects + page.images if o["bottom"] < foot + 1]
        middle = page.width / 2
        return [(foot - max(b for x, b in things if (x >= middle) == bool(c))) * 25.4 / 72 for c in (0, 1)]


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_a_one_pager_too_long_for_page_one_fills_it_and_says_why(stress_doc, english_doc, default_theme, tmp_path,
                                                                  paper):
    doc = stress_doc if paper == "A4" else english_doc  # the English seed on Letter: a few lines too long
    handout = HandoutRenderer().render(doc, default_theme, RenderOptions(paper=paper))
    path = tmp_path / "long.pdf"
    path.write_bytes(handout.data)
    assert not check_one_pager(handout, path, doc)
    (said,) = [line for line in handout.report if line.startswith("the one-pager")]
    assert re.match(r"the one-pager takes \d pages: even with body text at 9 pt", said) and "body_min" in said
    assert re.search(r"need about \d+ lines more than page 1 holds", said)
    assert "page 1 full to its foot" in said
    assert all(gap <= 12.5 for gap in foot_gaps(path, default_theme.handout.margin_mm)), foot_gaps(
        path, default_theme.handout.margin_mm)
    # the section that breaks across the page keeps its heading, key figures and 3 lines on page 1
    size = body_size_of(handout)
    every = lines(path)
    first = [line for line in every if line.page == 1]
    last_heading = max((h for h in first if h.size > size * 1.2 and "Bold" in h.font
                        and any(h.text.strip() and s.heading and s.heading.plain.startswith(h.text.strip()[:15])
                                for s in doc.sections)), key=lambda h: (h.column, h.top))
    section = next(s for s in doc.sections if s.heading and s.heading.plain.startswith(last_heading.text.strip()[:15]))
    for fig in section.figures:
        assert 1 in pages_of(path, fig.value.plain, size * 1.5), fig.value.plain
    below = [line for line in first if (line.column, line.top) > (last_heading.column, last_heading.top)
             and abs(line.size - size) < 0.01 and len(line.text) > 25]
    assert len(below) >= 3


def test_the_fit_report_says_pages_and_size(built):
    handout = built["seed", "default"][0]
    assert re.match(r"\d+ pages?, A4, body text [\d.]+ pt", handout.report[0])
    assert "hyphenation nl_NL, only where a line needs it" in handout.report


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("doc", DOCS)
def test_last_page_columns_are_balanced(built, doc, theme):
    handout, path, _, _ = built[doc, theme]
    pages = int(handout.report[0].split()[0])
    left, right = column_ends(path, pages)
    line = rest_size_of(handout) * 1.35
    # sources and the colophon may not split (issue 23): the columns differ by up to a note's height
    assert abs(left - right) <= 3.5 * line, (left, right)


# --- cards and the cutter --------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_nothing_but_the_background_near_a_cut_line(built, theme):
    _, _, cards, _ = built["seed", theme]
    with pdfplumber.open(str(cards)) as pdf:
        sheet = sheet_for("A4")
        for page in pdf.pages:
            safe, cut = [], []
            for row in (0, 1):
                for col in (0, 1):
                    r = sheet.card(col, row)
                    cut.append((r.x, page.height - r.top, r.right, page.height - r.y))
                    safe.append((r.x + SAFE, page.height - r.top + SAFE, r.right - SAFE, page.height - r.y - SAFE))
            grid = (min(c[0] for c in cut), min(c[1] for c in cut), max(c[2] for c in cut), max(c[3] for c in cut))

            def in_safe(obj) -> bool:
                return any(s[0] - 0.5 <= obj["x0"] and obj["x1"] <= s[2] + 0.5 and s[1] - 0.5 <= obj["top"]
                           and obj["bottom"] <= s[3] + 0.5 for s in safe)

            def on_grid(obj) -> bool:
                return obj["x1"] > grid[0] and obj["x0"] < grid[2] and obj["bottom"] > grid[1] and obj["top"] < grid[3]

            fills = [r for r in page.rects if r.get("fill") and r["width"] > 2 * sheet.card_w]
            assert len(fills) == 1  # the background, once over the whole grid ...
            bg = fills[0]  # ... running BLEED past the outer cut lines
            for got, want in ((bg["x0"], grid[0] - BLEED), (bg["top"], grid[1] - BLEED),
                              (bg["x1"], grid[2] + BLEED), (bg["bottom"], grid[3] + BLEED)):
                assert got == pytest.approx(want, abs=0.2)
            others = [o for o in page.rects + page.curves + page.lines + page.chars + page.images
                      if o is not bg and on_grid(o)]
            assert others and all(in_safe(o) for o in others), [
                (o.get("object_type"), o.get("text"), round(o["x0"]), round(o["top"])) for o in others
                if not in_safe(o)][:5]


def test_the_back_repeats_the_question_above_the_answer(built):
    _, _, cards, doc = built["seed", "default"]
    with pdfplumber.open(str(cards)) as pdf:
        back = pdf.pages[1]
        sheet = sheet_for("A4")
        for slot, item in enumerate(doc.qa.items[:4]):
            r = sheet.card(slot % 2, slot // 2, back=True)
            box = back.within_bbox((r.x, back.height - r.top, r.right, back.height - r.y))
            words = box.extract_words(extra_attrs=["size"])
            question = item.question.plain.split()
            first = next(w for w in words if w["text"] == question[0])
            assert first["size"] < 10  # small
            answer_word = (item.points[0].plain if item.points else item.answer.plain).split()[0]
            answer = next(w for w in words if w["text"] == answer_word and w["size"] > 10)
            assert first["top"] < answer["top"]
            text = re.sub(r"\s", "", box.extract_text())
            assert re.sub(r"\s", "", item.question.plain) in text


def test_footnote_markers_on_the_back_link_to_their_sources(tmp_path, default_theme):
    from pypdf import PdfReader

    doc = load(write(tmp_path, '''title: "Bronnen"
language: nl
sections:
  - text: "Tekst."
qa:
  heading: "Vragen"
  items:
    - question: "Waar komt dit vandaan?"
      answer: "Uit een onderzoek[^a] en een rapport[^b]."
sources:
  - id: "a"
    text: "Het onderzoek."
  - id: "b"
    text: "Het rapport."
'''))[0]
    data = CardsRenderer().render(doc, default_theme, RenderOptions()).data
    reader = PdfReader(io.BytesIO(data))
    links = [a.get_object() for a in reader.pages[1].get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    dests = [a["/Dest"] if "/Dest" in a else a["/A"]["/D"] for a in links]
    assert len(dests) == 2
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        back = pdf.pages[1]
        notes = {w["text"]: back.height - w["top"] for w in back.extract_words() if w["text"] in ("[1]", "[2]")}
    for dest, note in zip(sorted(dests, key=lambda d: -float(d[3])), ("[1]", "[2]")):
        assert dest[0].get_object() == reader.pages[1].get_object()  # to the back itself ...
        assert abs(float(dest[3]) - notes[note]) < 12  # ... where the source is printed


# --- scripts ---------------------------------------------------------------------------

ARABIC = "مرحبا بالعالم. هذه فقرة عن الهجرة والتنمية في هولندا عام 2024، وهي طويلة بما يكفي لتمتد على عدة أسطر."
HEBREW = "זוהי פסקה בעברית על הגירה ופיתוח, ארוכה מספיק כדי להימשך על פני כמה שורות."
RTL_DOC = f'''title: "الهجرة والتنمية"
language: ar
sections:
  - heading: "مقدمة"
    text: |
      {ARABIC}

      {HEBREW}
qa:
  heading: "أسئلة"
  items:
    - question: "ما هو دور التعاون الإنمائي؟"
      answer: "التعاون الإنمائي يساعد الناس على بناء حياة أفضل."
'''
MIXED = "De organisatie heet مؤسسة التنمية in het Arabisch en werkt in twaalf landen."
MIXED_DOC = f'''title: "Gemengd"
language: nl
sections:
  - text: |
      {MIXED}

      Een tweede alinea met alleen Nederlandse tekst, zodat deze pagina vooral van links naar rechts leest.
qa:
  heading: "Vragen"
  items:
    - question: "Wat betekent مرحبا?"
      answer: "Hallo."
'''
_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def logical(text: str) -> str:
    """Text as compared: presentation forms to letters (NFKC), bidi controls and whitespace dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_CONTROLS))


def pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "rtl.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


needs_poppler = pytest.mark.needs("pdftotext")


@needs_poppler
@pytest.mark.parametrize("renderer", [HandoutRenderer, CardsRenderer])
def test_right_to_left_text_reads_back_in_logical_order_and_joined(renderer, tmp_path, default_theme):
    """pdftotext puts right-to-left lines back in logical order (its own bidi pass over what is drawn):
    a PDF drawn in correct visual order therefore reads back as the source."""
    doc = load(write(tmp_path, RTL_DOC))[0]
    data = renderer().render(doc, default_theme, RenderOptions()).data
    text = logical(pdftotext(data, tmp_path))
    for sentence in ([ARABIC, HEBREW] if renderer is HandoutRenderer else []) + [
            "ما هو دور التعاون الإنمائي؟", "التعاون الإنمائي يساعد الناس على بناء حياة أفضل."]:
        # words in the source's order (pdftotext places neutral punctuation and numbers at line ends by
        # its own rules, so they are left out of the comparison)
        words = [logical(w) for w in re.findall(r"[^\W\d_]+", sentence)]
        at, found = 0, []
        for word in words:
            at = text.find(word, at)
            found.append(at)
            at += len(word)
        assert all(a >= 0 for a in found), (sentence, found)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        drawn = "".join(ch["text"] for page in pdf.pages for ch in page.chars)
    arabic = [c for c in drawn if ("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff")
              and unicodedata.category(c) == "Lo"]
    joined = [c for c in arabic if "\ufb50" <= c <= "\ufeff"]
    assert arabic and len(joined) >= 0.95 * len(arabic)  # letters drawn in their joined forms
    assert "\ufe8e" in drawn or "\ufefc" in drawn or "\ufee0" in drawn  # final alef, lam-alef, medial lam


def test_mixed_dutch_and_arabic_line_is_in_visual_order(tmp_path, default_theme):
    doc = load(write(tmp_path, MIXED_DOC))[0]
    data = HandoutRenderer().render(doc, default_theme, RenderOptions()).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[0].extract_words(keep_blank_chars=False, use_text_flow=False)
    line = [w for w in words if abs(w["top"] - next(x for x in words if x["text"] == "organisatie")["top"]) < 2]
    line.sort(key=lambda w: w["x0"])
    texts = [logical(w["text"]) for w in line]
    # Dutch left to right; the Arabic phrase as one right-to-left run: its second word drawn left of its
    # first, and each word's letters right to left (drawn text is the word reversed)
    first, second = logical("مؤسسة")[::-1], logical("التنمية")[::-1]
    assert texts.index("heet") < texts.index(second) < texts.index(first) < texts.index("in"), texts


def test_deck_marks_right_to_left_paragraphs(tmp_path, default_theme):
    from pptx import Presentation

    from deckgen.renderers.deck import DeckRenderer

    doc = load(write(tmp_path, RTL_DOC.replace("language: ar", "language: nl")))[0]
    prs = Presentation(io.BytesIO(DeckRenderer().render(doc, default_theme, RenderOptions()).data))
    found = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for p in shape.text_frame.paragraphs:
                ppr = p._p.pPr
                text = "".join(r.text for r in p.runs)
                langs = {r._r.rPr.get("lang") for r in p.runs if r.text.strip()}
                if text.strip():
                    found[text] = (ppr is not None and ppr.get("rtl") == "1", langs)
    arabic = next(v for k, v in found.items() if k.startswith("ما هو"))
    assert arabic == (True, {"ar-SA"})
    hebrew = next(v for k, v in found.items() if k.startswith("זוהי"))
    assert hebrew == (True, {"he-IL"})
    assert not any(rtl for k, (rtl, _) in found.items() if k[:1].isascii())


def test_korean_without_a_font_is_one_warning_per_script_and_field(tmp_path, monkeypatch, default_theme):
    from deckgen.text import glyphs

    monkeypatch.setenv("DECKGEN_FONT_DIRS", str(tmp_path / "no-fonts"))
    glyphs._installed.cache_clear()
    try:
        doc = load(write(tmp_path, '''title: "Korean"
language: en
sections:
  - heading: "안녕하세요 heading"
    text: "The word 한국어 means Korean, and 안녕하세요 is hello; again 한국어."
qa:
  heading: "Q"
  items:
    - question: "What does 안녕하세요 mean?"
      answer: "Hello."
'''))[0]
        for renderer in (HandoutRenderer, CardsRenderer):
            warnings = [w for w in renderer().render(doc, default_theme, RenderOptions()).warnings
                        if "Hangul" in w.message]
            fields = sorted(re.search(r"Korean text in (.+?) needs", w.message).group(1) for w in warnings)
            expected = ["question 1"] if renderer is CardsRenderer else [
                "question 1", "section 1", "the heading of section 1"]
            assert fields == expected, [w.message for w in warnings]
            assert all(w.location.line is not None for w in warnings)
    finally:
        glyphs._installed.cache_clear()


def test_an_installed_font_draws_what_no_bundled_font_has(tmp_path, monkeypatch, default_theme):
    """A font in the system's font folders that has the character is found and embedded."""
    from deckgen.text import glyphs

    src = next((p for p in glyphs.font_dirs()[0].rglob("DejaVuSansMono.ttf")), None) \
        if glyphs.font_dirs() and glyphs.font_dirs()[0].is_dir() else None
    if src is None:
        need("dejavu-mono")  # to stand in for a system font
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / src.name).write_bytes(src.read_bytes())
    monkeypatch.setenv("DECKGEN_FONT_DIRS", str(folder))
    glyphs._installed.cache_clear()
    try:
        char = next((chr(c) for c in range(0x2500, 0x2600) if glyphs.system_font_for(chr(c))
                     and not _bundled_has(chr(c))), None)
        if char is None:
            pytest.skip("the stand-in has no character the bundled fonts lack")
        doc = load(write(tmp_path, f'title: "T"\nlanguage: en\nsections:\n  - text: "A {char} sign."\n'))[0]
        result = HandoutRenderer().render(doc, default_theme, RenderOptions())
        assert not result.warnings
        assert b"DejaVuSansMono" in result.data
    finally:
        glyphs._installed.cache_clear()


def _bundled_has(char: str) -> bool:
    from deckgen.text.fonts import FONT_DIR, face

    return any(face(p).has(char) for p in FONT_DIR.rglob("*.ttf"))


def test_a_narrow_column_of_long_words_keeps_the_budget_and_the_ladder():
    from reportlab.lib.styles import ParagraphStyle

    from deckgen.renderers.pdf.breaks import Budget, lines_of, settle
    from deckgen.text.hyphenation import Hyphenation

    text = " ".join(["de samenwerkingsverbanden en ontwikkelingssamenwerking tegen klimaatverandering"] * 25)
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    budget = Budget()
    _, para = settle(text, style, 130, Hyphenation("nl_NL"), budget)
    ends = [bool(re.search(r"[^\W\d_]-$", t)) for t, *_ in lines_of(para)]
    assert 1 <= sum(ends) <= 0.08 * len(ends)
    assert not any(ends[i] and ends[i + 1] and ends[i + 2] for i in range(len(ends) - 2))
    assert (budget.lines, budget.hyphens) == (len(ends), sum(ends))


# --- breaks (issue 23) -----------------------------------------------------------------


def _paragraphs(doc) -> list[str]:
    """The letters of every paragraph of running text the handout prints."""
    from deckgen.content.model import paragraph_text

    riches = [doc.lead] + [s.text for s in doc.sections] + [i.answer for i in doc.qa.items] + \
        [s.text for s in doc.sources]
    return [letters(paragraph_text(p)) for rich in riches if rich for p in rich.paragraphs]


def single_line_remainders(every, doc, size: float) -> list[str]:
    """Columns (of the lines read back) that start with the last line of a paragraph that began
    in the column before."""
    paragraphs = _paragraphs(doc)
    found = []
    for page in sorted({line.page for line in every}):
        for column in (0, 1):
            body = [line for line in every if line.page == page and line.column == column and line.top > 60
                    and abs(line.size - size) < 0.6]
            if not body:
                continue
            first = letters(min(body, key=lambda line: line.top).text)
            if len(first) < 12:
                continue
            for para in paragraphs:
                if first in para and para.endswith(first) and not para.startswith(first):
                    found.append(f"page {page} column {column + 1}: {first[:40]}")
    return found


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("doc", DOCS)
def test_no_column_starts_with_a_single_line_of_a_paragraph(built, doc, theme):
    handout, path, _, model = built[doc, theme]
    for size in {body_size_of(handout), rest_size_of(handout)}:
        assert single_line_remainders(lines(path), model, size) == []


def test_the_detector_finds_a_single_line_remainder(built):
    """The check above can fail: the seed's page 2 read back with its second column starting on the
    last line of a paragraph from the first."""
    from pdflines import Line

    handout, path, _, model = built["seed", "default"]
    size = body_size_of(handout)
    every = lines(path)
    answer = model.qa.items[0].answer.plain
    tail = answer.split()[-4:]
    fake = [line for line in every if not (line.page == 2 and line.column == 1)] + [
        Line(2, 1, 100.0, 320.0, size, "X", " ".join(tail)), Line(2, 1, 113.0, 320.0, size, "X", "Next paragraph")]
    assert single_line_remainders(every, model, size) == []
    assert single_line_remainders(fake, model, size) == [f"page 2 column 2: {letters(' '.join(tail))[:40]}"]


def test_a_source_is_never_split(built):
    for (doc_name, theme), (handout, path, _, model) in built.items():
        every = [line for line in lines(path) if line.size < rest_size_of(handout) - 0.3  # notes, not the one-pager
                 and abs(line.size - body_size_of(handout)) > 0.05]
        for src in model.sources:
            starts = [i for i, line in enumerate(every) if line.text.strip().startswith(f"{src.number}.")]
            assert starts, (doc_name, theme, src.number)
            first = every[starts[-1]]
            end = letters(src.url or src.text.plain)[-15:]  # the note's last line: its link, or its text's end
            last = next(line for line in every[starts[-1]:] if letters(line.text).endswith(end))
            assert (first.page, first.column) == (last.page, last.column), (doc_name, theme, src.number)


def test_qa_start_is_a_theme_setting(seed_doc, default_theme, tmp_path):
    import dataclasses

    short = dataclasses.replace(seed_doc, sections=seed_doc.sections[:2])  # a one-pager with room left on page 1
    for start in ("new_page", "continue"):
        theme = dataclasses.replace(default_theme, handout=dataclasses.replace(default_theme.handout, qa_start=start))
        result = HandoutRenderer().render(short, theme, RenderOptions())
        path = tmp_path / f"{start}.pdf"
        path.write_bytes(result.data)
        heading = seed_doc.qa.heading.plain
        pages = {line.page for line in lines(path) if line.text.strip() and heading.startswith(line.text.strip()[:20])
                 and line.size > body_size_of(result) * 1.2}
        if start == "new_page":  # a band across page 2, the one-pager alone on page 1
            assert pages == {2}
        else:  # straight after the sections, on page 1
            assert pages == {1}


@pytest.mark.parametrize("markup", [
    "", "plain text", "a &amp; b <b>c</b> &lt;d&gt; &#160; &quot;x&quot;", '<font name="dg-x">é</font>&unknown;',
    '<onDraw name="dgtag" label="Link|href=x"/>ver\u00adbinding<onDraw name="dgtag" label="/"/>',
])
def test_the_visible_text_of_markup_without_its_positions(markup):
    """breaks.visible_text (what _too_wide reads) is visible()'s text, made without a loop over the characters."""
    from deckgen.renderers.pdf.breaks import visible, visible_text

    assert visible_text(markup) == visible(markup)[0]
