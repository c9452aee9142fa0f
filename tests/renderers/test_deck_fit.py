"""The fit guarantee, checked in a real presentation program: LibreOffice draws every
character of every text shape inside that shape's box, for every built-in theme, the
stress document and a template with non-English layout names."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DATA, ENGLISH, SEED, STRESS
from pptx import Presentation
from pptx.util import Pt
from renderers import lo
from renderers.templates import dutch_template

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import available
from deckgen.theming.load import load as load_theme

pytestmark = pytest.mark.render
TEMPLATES = DATA / "templates"
PICTURES = DATA / "pictures.yaml"  # every placement of a picture on every kind of slide


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Builds every deck under test and converts all of them in one LibreOffice run."""
    if lo.soffice() is None:
        pytest.fail("LibreOffice is required for the fit check: apt-get install libreoffice-impress-nogui")
    tmp = tmp_path_factory.mktemp("fit")
    template = dutch_template(tmp / "sjabloon.pptx")
    cases: dict[str, tuple[Path, RenderOptions, str]] = {}
    answers: dict[str, str] = {}  # a case built with another `qa: answers:`
    for theme in available(None):
        cases[f"seed-{theme}"] = (SEED, RenderOptions(), theme)
        cases[f"english-{theme}"] = (ENGLISH, RenderOptions(), theme)
        for where in ("end", "notes"):
            cases[f"answers-{where}-{theme}"] = (SEED, RenderOptions(), theme)
            answers[f"answers-{where}-{theme}"] = where
        cases[f"pictures-{theme}"] = (PICTURES, RenderOptions(), theme)
    cases["stress-default"] = (STRESS, RenderOptions(), "default")
    cases["seed-template"] = (SEED, RenderOptions(template=template), "default")
    cases["stress-template"] = (STRESS, RenderOptions(template=template), "default")
    cases["seed-german-potx"] = (SEED, RenderOptions(template=TEMPLATES / "german.potx"), "default")
    cases["stress-title-only"] = (STRESS, RenderOptions(template=TEMPLATES / "title-only-blank.pptx"), "default")
    decks = {}
    for name, (content, options, theme_name) in cases.items():
        doc, _ = load(content)
        if name in answers:
            doc = replace(doc, qa=replace(doc.qa, answers=answers[name]))
        theme, _ = load_theme(theme_name)
        path = tmp / f"{name}.pptx"
        path.write_bytes(get("deck").render(doc, theme, options).data)
        decks[name] = path
    # a deck that overflows on purpose, to prove the check can fail
    bad = Presentation(str(decks["seed-default"]))
    body = bad.slides[3].placeholders[1].text_frame
    for _ in range(4):
        body.add_paragraph().text = "Een extra alinea die de tekst uit het kader duwt. " * 3
    for p in body.paragraphs:
        for r in p.runs:
            r.font.size = Pt(28)
    bad_path = tmp / "overflowing.pptx"
    bad.save(str(bad_path))
    decks["overflowing"] = bad_path
    pdfs = lo.to_pdf(list(decks.values()), tmp / "pdf")
    return {name: (deck, pdf) for (name, deck), pdf in zip(decks.items(), pdfs)}


def test_the_check_detects_overflow(rendered):
    deck, pdf = rendered["overflowing"]
    problems = lo.overflows(deck, pdf)
    assert any("slide 4" in p for p in problems)


@pytest.mark.parametrize("case", [f"seed-{t}" for t in available(None)] + [f"english-{t}" for t in available(None)]
                         + [f"answers-{w}-{t}" for w in ("end", "notes") for t in available(None)]
                         + [f"pictures-{t}" for t in available(None)]
                         + ["stress-default", "seed-template", "stress-template", "seed-german-potx",
                            "stress-title-only"])
def test_no_text_leaves_its_box(rendered, case):
    deck, pdf = rendered[case]
    assert lo.overflows(deck, pdf) == []
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        assert sum(len(p.chars) for p in doc.pages) > 1000, "the check looked at real text"
