"""Real templates that organisations published (../shared/templates, not part of the project:
their licences are their owners'), built with the seed: text fits in LibreOffice, nothing is
thrown away or left over, no deckgen logo, the normal number of slides (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, ROOT, SEED, STRESS
from pptx import Presentation
from renderers import lo

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

SHARED = ROOT.parent.parent / "shared" / "templates"
if not SHARED.is_dir():  # the project's checkout beside the shared folder, or the lead's /work/main
    SHARED = Path("/work/shared/templates")
TEMPLATES = sorted(p for p in SHARED.glob("*.p*x")) if SHARED.is_dir() else []
pytestmark = pytest.mark.skipif(not TEMPLATES, reason=f"no shared templates at {SHARED} (they are not part of "
                                                      "the project; the tests that use them skip without them)")
FOOTERS = ("dt", "ftr", "sldNum")

DECKGEN_LOGO = (DATA / "logo.png").read_bytes()  # the logo the built-in themes carried until issue 13



def master_pictures(slide) -> set[str]:
    """The master's own pictures: a discussion slide that hides the master's title rules shows copies."""
    return {s.name for s in slide.slide_layout.slide_master.shapes if s.shape_type == 13}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shared")
    doc, _ = load(SEED)
    theme, _ = load_theme("default")
    decks = {}
    for template in TEMPLATES:
        result = get("deck").render(doc, theme, RenderOptions(template=template))
        path = tmp / f"{template.stem}.pptx"
        path.write_bytes(result.data)
        decks[template.stem] = (path, result)
    plain = tmp / "plain.pptx"
    plain.write_bytes(get("deck").render(doc, theme, RenderOptions()).data)
    return decks, len(Presentation(str(plain)).slides)


@pytest.mark.parametrize("name", [t.stem for t in TEMPLATES])
def test_the_seed_with_a_real_template(built, name):
    decks, plain = built
    prs = Presentation(str(decks[name][0]))
    assert abs(len(prs.slides) - plain) <= 0.15 * plain, f"{len(prs.slides)} slides; the default theme: {plain}"
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            text = shape.text_frame.text.strip() if shape.has_text_frame else ""
            kind = shape.placeholder_format.type if shape.is_placeholder else None
            footer = kind is not None and str(kind).split(".")[-1].split(" ")[0] in ("DATE", "FOOTER", "SLIDE_NUMBER")
            if not footer:  # footers are fitted by their own code (issue 14)
                assert text not in ("…", "..."), f"slide {n}: {shape.name} holds only an ellipsis"
            if shape.is_placeholder:
                assert text, f"slide {n}: {shape.name} is an empty placeholder"
            copied = slide._element.get("showMasterSp") == "0" and shape.name in master_pictures(slide)
            if shape.shape_type == 13 and not copied:  # deckgen adds no picture but the QR code: no logo
                assert shape.name == "QR code" and shape.image.blob != DECKGEN_LOGO, f"slide {n}: {shape.name}"


@pytest.mark.render
def test_libreoffice_draws_the_seed_and_the_stress_document_inside_their_boxes(built, tmp_path):
    """With every real template; the stress document's long titles, words and values too."""
    decks, _ = built
    paths = [path for path, _ in decks.values()]
    doc, _ = load(STRESS)
    theme, _ = load_theme("default")
    for template in TEMPLATES:
        path = tmp_path / f"stress-{template.stem}.pptx"
        path.write_bytes(get("deck").render(doc, theme, RenderOptions(template=template)).data)
        paths.append(path)
    pdfs = lo.to_pdf(paths, tmp_path / "pdf")
    problems = {deck.stem: lo.overflows(deck, pdf) for deck, pdf in zip(paths, pdfs)}
    assert problems == {path.stem: [] for path in paths}
