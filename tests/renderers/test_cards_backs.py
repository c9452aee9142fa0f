"""Cards as the trainer chooses (issue 22): `cards: backs:`, one question size per set, no
orphan footnote. Real PDFs read back with pdfplumber."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pdfplumber
import pytest
from conftest import ENGLISH, SEED

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

THEMES = ("default", "projector", "print")


def render(doc, theme="default") -> bytes:
    return get("cards").render(doc, load_theme(theme)[0], RenderOptions()).data


def squeeze(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]", "", text)


def card_texts(data: bytes, pages) -> str:
    """The text of every card on those pages, card by card (the two columns of a sheet are not
    interleaved), superscript footnote markers left out; squeezed."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i in pages(len(pdf.pages)):
            for chars in _cards_on(pdf.pages[i]):
                raised = _superscripts(chars)
                out.append("".join(c["text"] for k, c in enumerate(chars) if k not in raised))
    return squeeze(" | ".join(out))


@pytest.fixture(scope="module")
def english():
    return load(ENGLISH)[0]


def test_question_only_cards_are_fronts_only_with_no_answer_text(english):
    doc = replace(english, card_backs="none")
    data = render(doc)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2  # 7 cards, 4 to a sheet: two fronts, no backs
        margin = " ".join(page.extract_text() for page in pdf.pages)
    text = card_texts(data, range)
    for item in doc.qa.items:
        assert squeeze(item.question.plain) in text
        assert squeeze(item.answer.plain.split(".")[0]) not in text
        assert not any(squeeze(p.plain) in text for p in item.points)
    assert "Print single-sided" in margin and "double-sided" not in margin


def test_answer_backs_carry_the_whole_answer_and_points_backs_the_points(english):
    for backs in ("answer", "points"):
        data = render(replace(english, card_backs=backs))
        backs_text = card_texts(data, lambda n: range(1, n, 2))
        assert len(backs_text) > 1000
        for item in english.qa.items:
            if backs == "answer":
                assert squeeze(item.answer.plain) in backs_text
            else:
                assert all(squeeze(p.plain) in backs_text for p in item.points)
                assert squeeze(item.answer.plain) not in backs_text


def _question_sizes(data: bytes, doc) -> list[float]:
    """The size each question is printed at on the fronts (the size of its first letters)."""
    sizes = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        fronts = [pdf.pages[i] for i in range(0, len(pdf.pages), 2)]
        chars = [c for page in fronts for c in page.chars if not c["text"].isspace()]
    flat = "".join(c["text"] for c in chars)
    for item in doc.qa.items:
        at = flat.find(squeeze(item.question.plain)[:12])
        assert at >= 0, item.question.plain
        sizes.append(round(chars[at]["size"], 1))
    return sizes


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("source", [SEED, ENGLISH], ids=["nl", "en"])
def test_one_question_size_for_the_whole_set(theme, source):
    doc = load(source)[0]
    sizes = _question_sizes(render(doc, theme), doc)
    assert len(set(sizes)) == 1, sizes
    assert sizes[0] >= load_theme(theme)[0].cards.question_min


def _superscripts(chars) -> set[int]:
    """Indexes of footnote markers: digits smaller than the letter before them."""
    out, size = set(), None
    for k, c in enumerate(chars):
        if c["text"].isdigit() and size is not None and c["size"] < 0.85 * size:
            out.add(k)
        elif not c["text"].isdigit():
            size = c["size"]
    return out


def _cards_on(page):
    """The chars of each card quadrant of a page."""
    mid_x, mid_y = page.width / 2, page.height / 2
    quads: dict[tuple[int, int], list] = {}
    for c in page.chars:
        quads.setdefault((c["x0"] > mid_x, c["top"] > mid_y), []).append(c)
    return quads.values()


@pytest.mark.parametrize("backs", ["answer", "points"])
@pytest.mark.parametrize("source", [SEED, ENGLISH], ids=["nl", "en"])
def test_every_footnote_on_a_back_has_its_marker_in_that_backs_text(backs, source):
    doc = replace(load(source)[0], card_backs=backs)
    notes_seen = 0
    with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
        for page in pdf.pages[1::2]:
            for chars in _cards_on(page):
                text = "".join(c["text"] for c in chars)
                notes = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
                raised = _superscripts(chars)
                markers = {int(m) for m in re.findall(r"\d+", "".join(c["text"] if k in raised else " "
                                                                       for k, c in enumerate(chars)))}
                notes_seen += len(notes)
                assert notes <= markers, (page.page_number, notes, markers)
    if backs == "answer":
        assert notes_seen >= 5  # the seed's answers cite sources 4 to 8
