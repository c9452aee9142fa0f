"""How the handout uses its paper after the one-pager (handout/rest.py), read back from the PDFs:
the Q&A never ends with a few lines alone at the top of a page, and a near-empty last page is saved
when a setting within the theme's readable sizes sets the rest on a page fewer."""

from __future__ import annotations

import importlib.util

import pdfplumber
import pytest
from conftest import ROOT
from pdflines import lines, report_sizes

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.handout import rest
from deckgen.theming.load import load as load_theme

THEMES = ("default", "print", "projector")
PAPERS = ("A4", "letter")


@pytest.fixture(scope="module")
def themes():
    return {name: load_theme(name)[0] for name in THEMES}


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def qa_tail(path, doc) -> tuple[int, int, bool]:
    """The page the Q&A ends on, how many lines of the last answer are there, and whether its question is."""
    found = [line for line in lines(path) if line.page > 1 or doc.qa is None]
    last = doc.qa.items[-1]
    answer, question = letters(last.answer.plain), letters(last.question.plain)
    tail = letters(" ".join(last.answer.plain.split()[-4:]))
    end = max(line.page for line in found if letters(line.text) and tail.endswith(letters(line.text)[-12:]))
    here = [letters(line.text) for line in found if line.page == end and len(letters(line.text)) > 8]
    return end, sum(text in answer for text in here), any(text in question for text in here)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("which", ["seed", "english"])
def test_the_qa_never_ends_with_a_few_lines_alone_on_a_page(which, theme, paper, seed_doc, english_doc, themes,
                                                             tmp_path):
    """The Dutch seed in `print` on A4 set the last three lines of answer 7 alone at the top of page 3,
    above the sources: the Q&A's last page now holds its last question, or at least six of its lines."""
    doc = seed_doc if which == "seed" else english_doc
    path = tmp_path / "h.pdf"
    path.write_bytes(get("handout").render(doc, themes[theme], RenderOptions(paper=paper)).data)
    end, count, starts = qa_tail(path, doc)
    assert starts or count >= 6, (end, count)


def _fill(path) -> tuple[int, float]:
    """Pages, and how far down the last page's columns reach on average (a share of the text area)."""
    found = lines(path)
    with pdfplumber.open(str(path)) as pdf:
        pages, height = len(pdf.pages), pdf.pages[0].height
    body = [line for line in found if line.page == pages and 70 < line.top < height - 60]
    top = min(line.top for line in found if line.page == pages and line.top > 40 and line.size > 7.6)
    ends = [max((line.top + line.size for line in body if line.column == c), default=top) for c in (0, 1)]
    return pages, sum(e - top for e in ends) / (2 * (height - 60 - 45 - top))


def test_a_near_empty_last_page_is_saved_within_the_readable_sizes(tmp_path, themes, monkeypatch):
    """×10 the seed (70 questions) in `default`: at the theme's body size the Q&A ends with its last page
    under half full; set within the theme's readable sizes (down to body_min) it takes a page fewer."""
    spec = importlib.util.spec_from_file_location("deckgen_bench_make_docs", ROOT / "bench" / "make_docs.py")
    make_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_docs)
    doc = load(make_docs.write_docs(tmp_path, factors=(10,))[10])[0]
    theme = themes["default"]
    fitted = get("handout").render(doc, theme, RenderOptions())
    (tmp_path / "fitted.pdf").write_bytes(fitted.data)
    monkeypatch.setattr(rest, "NEAR_EMPTY", 0.0)  # the generous setting, whatever its last page
    generous = get("handout").render(doc, theme, RenderOptions())
    (tmp_path / "generous.pdf").write_bytes(generous.data)
    pages, fill = _fill(tmp_path / "generous.pdf")
    assert fill < 0.5, fill  # the case this is about
    fewer, _ = _fill(tmp_path / "fitted.pdf")
    assert fewer < pages
    sizes = report_sizes(fitted.report)
    assert min(sizes) >= theme.handout.body_min
