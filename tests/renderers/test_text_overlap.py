"""No text over text: what deckgen writes on a slide never lies over the template's date, footer or
slide number, nor over the text its layout and master draw — for every shared template
(../shared/templates, skipped without it) and the built-in themes, with both seeds.

Read from the .pptx (python-pptx): the boxes of the slide's own text shapes, tables and charts
against the boxes of the footers on the slide and the visible text shapes of its layout and master
(a master's only where the layout and slide show them). Boxes, not glyphs: a box over a footer is
text over text as soon as its text is longer or aligned otherwise (ddspys' key-figure titles ran
over its date and slide number at the top). The glyphs themselves, as LibreOffice draws them, are
checked by tests/renderers/legibility.py (`text_on_text`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import ENGLISH, ROOT, SEED
from pptx import Presentation

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

SHARED = ROOT.parent.parent / "shared" / "templates"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/templates")
TEMPLATES = sorted(SHARED.glob("*.p*x")) if SHARED.is_dir() else []
THEMES = ["default", "projector", "print"]
FOOTERS = ("dt", "ftr", "sldNum")


def _kind(shape) -> str | None:
    if not shape.is_placeholder:
        return None
    return shape._element.xpath("./*[1]/p:nvPr/p:ph")[0].get("type") or "body"


def _flat(shapes) -> list:
    out = []
    for shape in shapes:
        out.extend(_flat(shape.shapes) if shape.shape_type == 6 else [shape])
    return out


def _box(shape) -> tuple[int, int, int, int]:
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def _meet(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _texted(shape) -> bool:
    return (getattr(shape, "has_table", False) or getattr(shape, "has_chart", False)
            or shape.has_text_frame and bool(shape.text_frame.text.strip()))


def overlaps(data: bytes) -> list[str]:
    """Every slide text of deckgen's whose box meets a footer on the slide or the template's own text."""
    prs = Presentation(io.BytesIO(data))
    found = []
    for n, slide in enumerate(prs.slides, 1):
        shapes = [s for s in _flat(slide.shapes) if _texted(s)]
        mine = [s for s in shapes if _kind(s) not in FOOTERS]
        theirs = [s for s in shapes if _kind(s) in FOOTERS]
        layout = slide.slide_layout
        own = [*layout.shapes]
        if layout._element.get("showMasterSp") != "0" and slide._element.get("showMasterSp") != "0":
            own += [*layout.slide_master.shapes]
        theirs += [s for s in _flat(own) if not s.is_placeholder and _texted(s)]
        for a in mine:
            for b in theirs:
                if _meet(_box(a), _box(b)):
                    found.append(f"slide {n}: {a.name} ({a.text_frame.text[:40]!r}) over {b.name} "
                                 f"({b.text_frame.text[:30]!r})" if a.has_text_frame and b.has_text_frame
                                 else f"slide {n}: {a.name} over {b.name}")
        for i, a in enumerate(mine):  # and deckgen's own texts never over each other
            found += [f"slide {n}: {a.name} over {b.name}" for b in mine[i + 1:] if _meet(_box(a), _box(b))]
    return found


@pytest.fixture(scope="module")
def docs():
    return {"nl": load(SEED)[0], "en": load(ENGLISH)[0]}


@pytest.mark.skipif(not TEMPLATES, reason=f"no shared templates at {SHARED} (not part of the project)")
@pytest.mark.parametrize("template", TEMPLATES, ids=[t.stem for t in TEMPLATES])
def test_no_text_over_the_templates_footers_or_text(template, docs):
    theme, _ = load_theme("default")
    problems = {lang: overlaps(get("deck").render(doc, theme, RenderOptions(template=template)).data)
                for lang, doc in docs.items()}
    assert problems == {"nl": [], "en": []}


@pytest.mark.parametrize("name", THEMES)
def test_no_text_over_footers_with_the_built_in_themes(name, docs):
    theme, _ = load_theme(name)
    for doc in docs.values():
        assert overlaps(get("deck").render(doc, theme, RenderOptions()).data) == []
