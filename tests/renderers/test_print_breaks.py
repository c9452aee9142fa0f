"""Where the lines of the cards and the handout end, read back from the PDFs themselves (pdfplumber).

- No runts and no strays: a paragraph of four words or more does not end with one short word alone
  on its last line (one that fills less than half the line: "ontwikkelingssamenwerking" alone at
  three quarters of a card's line is no runt, and binding it to the word before left a hole: "… is
  niet / het doel / van ontwikkelingssamenwerking"), nor has a line of one short word after its first ("wat hebben die / met /
  ontwikkelingssamenwerking"), unless that word and the one before it are together wider than the
  line (then no rebalancing without hyphenating could help, and cards hyphenate only words wider
  than a line).
- No question's answer is broken over a column or a page with fewer than three of its lines on
  either side.
- No paragraph of a section's text is broken over a column or a page with fewer than three of its
  lines on either side, in either seed (the English one-pager runs on to page 2 on Letter, where
  onepager.fit sets section text to keep three; on A4 it fits page 1 as before).

Each built-in theme, on A4 and on US Letter, with the seed document (and the English seed).
"""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pdflines import Line, lines, report_sizes

from deckgen.content import i18n
from deckgen.content.model import paragraph_text
from deckgen.renderers import RenderOptions, get

THEMES = ("default", "print", "projector")
PAPERS = ("A4", "letter")
_NOT_COMPARED = re.compile(r"[\s\-\u00ad\u2022\u00b7\d\u00b9\u00b2\u00b3\u2070-\u2079]")  # spaces, hyphens, bullets, digits
BULLETS = {"\u2022", "-", "\u00b7"}
SPACE_EM = 0.3  # a space is narrower than this share of the size in every theme's fonts
RUNT_SHARE = 0.5  # a last line of one word at least this share of the line is no runt (pdf.runts.even)
REPORTS: dict = {}  # a handout's path: its fit report


def running_text(path) -> list[Line]:
    """The lines of running text (section texts, questions, answers), at the one-pager's or the Q&A's body
    size as the fit report gives them, or 1.1 times as large (questions); no header, footer or bands."""
    sizes = report_sizes(REPORTS[path])
    return [line for line in lines(path) if any(abs(line.size - size) < 0.05 for size in sizes)
            or any(abs(line.size - size * 1.1) < 0.08 for size in sizes) and "bold" in line.font.lower()]


@pytest.fixture(scope="module")
def themes():
    from deckgen.theming.load import load

    return {name: load(name)[0] for name in THEMES}


@pytest.fixture(scope="module")
def rendered(seed_doc, themes, tmp_path_factory):
    """{(format, theme, paper): the PDF's path}"""
    out = {}
    folder = tmp_path_factory.mktemp("breaks")
    for fmt in ("cards", "handout"):
        for name, theme in themes.items():
            for paper in PAPERS:
                path = folder / f"{fmt}-{name}-{paper}.pdf"
                result = get(fmt).render(seed_doc, theme, RenderOptions(paper=paper, epoch=1700000000))
                path.write_bytes(result.data)
                out[fmt, name, paper] = path
                REPORTS[path] = result.report
    return out


@pytest.fixture(scope="module")
def english_handouts(english_doc, themes, tmp_path_factory):
    """{(theme, paper): the English seed's handout}"""
    folder = tmp_path_factory.mktemp("english")
    out = {}
    for name, theme in themes.items():
        for paper in PAPERS:
            path = folder / f"handout-{name}-{paper}.pdf"
            result = get("handout").render(english_doc, theme, RenderOptions(paper=paper, epoch=1700000000))
            path.write_bytes(result.data)
            out[name, paper] = path
            REPORTS[path] = result.report
    return out


def _norm(text: str) -> str:
    return _NOT_COMPARED.sub("", text)


def found_paragraphs(found: list[Line], text: str) -> list[list[Line]]:
    """Each run of consecutive lines (in reading order) that together hold exactly `text`, its
    spaces, hyphens, bullets and footnote digits left out of the comparison."""
    target = _norm(text)
    found = [line for line in found if _norm(line.text)]  # a footnote marker's digits: a "line" of their own
    out = []
    for i in range(len(found)):
        so_far, j = "", i
        while j < len(found) and len(so_far) < len(target):
            so_far += _norm(found[j].text)
            j += 1
            if not target.startswith(so_far):
                break
        if so_far == target:
            out.append(found[i:j])
    return out


def _words(path) -> dict[int, list[dict]]:
    with pdfplumber.open(str(path)) as pdf:
        return {n: page.extract_words(keep_blank_chars=False, x_tolerance=1.5) for n, page in enumerate(pdf.pages, 1)}


def _width(words: dict[int, list[dict]], line: Line, word: str) -> float:
    """The drawn width of `word` on `line` (the last such word on it)."""
    on_line = [w for w in words[line.page] if abs(w["top"] - line.top) < line.size * 0.5 and word in w["text"]
               and line.x0 - 1 <= w["x0"]]
    assert on_line, (line, word)
    last = max(on_line, key=lambda w: w["x0"])
    return last["x1"] - last["x0"]


def runts(paragraph: list[Line], words, right_edge) -> list[str]:
    """The lines of the paragraph (after its first) that are one word alone although that word and the
    one before it fit a line together: its last line (a runt, unless the word fills RUNT_SHARE of the
    line), or a line of one word of three letters or fewer (a stray: "wat hebben die / met /
    ontwikkelingssamenwerking"). Only in paragraphs of four words or more."""
    tokens = [[t for t in line.text.split() if t not in BULLETS] for line in paragraph]
    if tokens[0] and re.fullmatch(r"\d+\.?", tokens[0][0]):  # a question's or a note's number: not a word
        tokens[0] = tokens[0][1:]
    if len(paragraph) < 2 or sum(map(len, tokens)) < 4:
        return []
    bad = []
    for i in range(1, len(paragraph)):
        alone = tokens[i][0] if len(tokens[i]) == 1 else None
        if alone is None or (i < len(paragraph) - 1 and len(alone.strip(".,;:!?()\"'’”“")) > 3) or not tokens[i - 1]:
            continue
        line, before = paragraph[i], paragraph[i - 1]
        what = "runt" if i == len(paragraph) - 1 else "stray"
        if tokens[i - 1][-1].endswith("-"):  # a word hyphenated over two lines: its end alone
            bad.append(f"{what}: ...{before.text[-30:]!r} / {line.text!r} (a word broken before it)")
            continue
        pair = _width(words, before, tokens[i - 1][-1]) + SPACE_EM * line.size + _width(words, line, alone)
        room = right_edge(line) - line.x0
        if what == "runt" and _width(words, line, alone) >= RUNT_SHARE * room:
            continue  # a long word that fills half the line: no runt (binding it left holes: "het doel")
        if pair <= room:
            bad.append(f"{what}: ...{before.text[-30:]!r} / {line.text!r} (the two words {pair:.0f} pt, "
                       f"the line {room:.0f} pt)")
    return bad


def _card_texts(doc) -> list[str]:
    out = []
    for item in doc.qa.items:
        out += [paragraph_text(p) for p in item.question.paragraphs]
        task = i18n.task_line(item.task.plain.replace("\n\n", " ") if item.task else "", item.duration, doc.language)
        out += [task] if task else []
        if doc.card_backs == "points" and item.points:
            out += [paragraph_text(p) for point in item.points for p in point.paragraphs]
        elif doc.card_backs != "none":
            out += [paragraph_text(p) for p in item.answer.paragraphs]
    return out


def _handout_texts(doc) -> list[str]:
    out = []  # the lead runs across both columns: read back as halves of lines (pdflines reads two columns)
    for section in doc.sections:
        out += [paragraph_text(p) for p in section.text.paragraphs] if section.text else []
    for item in doc.qa.items:
        out += [paragraph_text(p) for p in (*item.question.paragraphs, *item.answer.paragraphs)]
    return out


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("theme", THEMES)
def test_no_card_paragraph_ends_with_a_word_alone(rendered, seed_doc, themes, theme, paper):
    from deckgen.renderers.cards.sheet import PAD, SAFE, paper_of, sheet_for

    path = rendered["cards", theme, paper]
    sheet = sheet_for(paper_of(themes[theme], RenderOptions(paper=paper)))
    cards = [sheet.card(col, 0) for col in (0, 1)]

    def right_edge(line: Line) -> float:
        card = next(c for c in cards if c.x <= line.x0 < c.right)
        return card.right - SAFE - PAD

    with pdfplumber.open(str(path)) as pdf:
        middle = pdf.pages[0].height / 2
    found = lines(path, split_y=middle)
    words = _words(path)
    bad, seen = [], 0
    for text in _card_texts(seed_doc):
        paragraphs = found_paragraphs(found, text)
        assert paragraphs, f"not found on the cards: {text!r}"
        for paragraph in paragraphs:
            seen += len(paragraph) > 1
            bad += runts(paragraph, words, right_edge)
    assert seen > 20
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("theme", THEMES)
def test_the_handout_keeps_answers_whole_enough_and_without_runts(rendered, seed_doc, themes, theme, paper):
    from deckgen.renderers.handout import _Handout
    from deckgen.renderers.handout.pages import GUTTER

    path = rendered["handout", theme, paper]
    geo = _Handout(seed_doc, themes[theme], RenderOptions(paper=paper)).geo
    columns = [(geo.left + c * (geo.column + GUTTER), geo.left + c * (geo.column + GUTTER) + geo.column)
               for c in (0, 1)]

    def right_edge(line: Line) -> float:
        return next((right for left, right in columns if left - 1 <= line.x0 < right), geo.left + geo.width)

    found = running_text(path)
    words = _words(path)
    answers = {paragraph_text(p) for item in seed_doc.qa.items for p in item.answer.paragraphs}
    bad, split = [], []
    for text in _handout_texts(seed_doc):
        paragraphs = found_paragraphs(found, text)
        assert len(paragraphs) == 1, f"{len(paragraphs)} times in the handout: {text!r}"
        paragraph = paragraphs[0]
        bad += runts(paragraph, words, right_edge)
        if text in answers:
            pieces: dict[tuple[int, int], int] = {}
            for line in paragraph:
                pieces[line.page, line.column] = pieces.get((line.page, line.column), 0) + 1
            if len(pieces) > 1:
                split.append(list(pieces.values()))
    assert not bad, "\n".join(bad)
    assert all(min(counts) >= 3 for counts in split), split


def _pieces(paragraph: list[Line]) -> list[int]:
    """The lines of a paragraph in each column it is set in, in reading order."""
    pieces: dict[tuple[int, int], int] = {}
    for line in paragraph:
        pieces[line.page, line.column] = pieces.get((line.page, line.column), 0) + 1
    return list(pieces.values())


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("seed", ["nl", "en"])
def test_section_text_keeps_three_lines_on_each_side_of_a_break(rendered, english_handouts, seed_doc, english_doc,
                                                                seed, theme, paper):
    """The English seed on Letter split "… / people having to flee (again)." 6/2 over page 2's columns
    and 3/2 over the page turn; every split of a section's paragraph now leaves at least three of its
    lines in each column it is set in (pdfplumber: the lines of each paragraph, per page and column)."""
    doc, path = (seed_doc, rendered["handout", theme, paper]) if seed == "nl" else \
        (english_doc, english_handouts[theme, paper])
    found = running_text(path)
    splits, seen = [], 0
    for section in doc.sections:
        for para in section.text.paragraphs if section.text else ():
            paragraphs = found_paragraphs(found, paragraph_text(para))
            assert len(paragraphs) == 1, f"{len(paragraphs)} times in the handout: {paragraph_text(para)!r}"
            seen += 1
            counts = _pieces(paragraphs[0])
            if len(counts) > 1:
                splits.append(counts)
    assert seen >= 5  # every paragraph of the sections, found once
    assert all(min(counts[0], counts[-1]) >= 3 for counts in splits), splits
