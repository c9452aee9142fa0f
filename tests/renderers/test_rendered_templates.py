"""Issue 21, on the rendered pixels: every word deckgen places in a template reaches its contrast
and no word is broken between letters — for the templates the tests make for each case, and
for every template in ../shared/templates/ (skipped without it) with both seeds.

LibreOffice draws each deck with the fonts deckgen measured (renderers/slides/fontmap.py);
tests/renderers/legibility.py measures every word against the pixels around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ENGLISH, ROOT, SEED
from renderers import legibility, lo
from renderers.templates import ISSUE_21, legibility_template

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

pytestmark = [pytest.mark.render, pytest.mark.skipif(lo.soffice() is None, reason="LibreOffice is not installed")]

SHARED = ROOT.parent.parent / "shared" / "templates"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/templates")
TEMPLATES = sorted(SHARED.glob("*.p*x")) if SHARED.is_dir() else []


def _problems(report: legibility.Report, deck: Path | None = None, template_text: bool = False) -> list[str]:
    """What the room could not read of what deckgen placed. With `template_text`, broken "words"
    drawn one letter a line, and letters drawn over other text, are left out: a rotated stamp of
    the template's own (a faint watermark meant to lie over the slide), which LibreOffice draws
    letter by letter. With `deck`, words that are not in the slide's own shapes are the
    template's own text (a sample name and e-mail on its layout: not deckgen's to recolour), and a
    glyph that is no word (a bullet) needs the 3:1 of a graphic (WCAG 1.4.11)."""
    low = report.low_contrast
    if deck is not None:
        texts = _slide_texts(deck)
        low = [x for x in low if x.word.strip() and x.word in texts.get(x.slide, "")
               and (any(c.isalnum() for c in x.word) or x.ratio < 3.0)]
    broken = [b for b in report.broken if not (template_text and all(len(p) <= 1 for p in b.pieces))]
    if deck is not None:  # the template's own sample e-mail, wrapping in its own box, is not deckgen's
        broken = [b for b in broken if b.word in texts.get(b.slide, "")]
    overlaps = [x for x in report.overlaps if not (template_text and min(len(x.word), len(x.other)) <= 1)]
    if deck is not None:  # the template's own texts drawn over each other are not deckgen's
        overlaps = [x for x in overlaps if x.word in texts.get(x.slide, "") or x.other in texts.get(x.slide, "")]
    return [str(x) for x in [*low, *broken, *overlaps, *report.lone]]


def _slide_texts(deck: Path) -> dict[int, str]:
    from pptx import Presentation

    return {n: " ".join(sh.text_frame.text.replace("\u200b", "") for sh in slide.shapes if sh.has_text_frame)
            for n, slide in enumerate(Presentation(str(deck)).slides, 1)}


def _build(decks: list[tuple[str, Path]], source: Path, tmp: Path) -> list[Path]:
    doc, _ = load(source)
    theme, _ = load_theme("default")
    out = []
    for name, template in decks:
        path = tmp / f"{source.stem[:12]}-{name}.pptx"
        path.write_bytes(get("deck").render(doc, theme, RenderOptions(template=template)).data)
        out.append(path)
    return out


def test_every_case_is_legible_when_rendered(tmp_path):
    """Black tx1 on navy, navy on a navy panel, white titles on white, a callout under the body, a
    rotated stamp, a rule through the question area, a logo under a centred title, 0.5 in titles,
    a title above the slide, a 20 in slide, a master without layouts, footers in another font."""
    cases = [(case, legibility_template(tmp_path / f"{case}.pptx", case)) for case in ISSUE_21]
    decks = _build(cases, SEED, tmp_path)
    reports = legibility.check_decks(decks, tmp_path / "pdf")
    failures = {deck.stem: _problems(r, deck, template_text="stamp" in deck.stem) for deck, r in reports.items()}
    failures = {name: lines for name, lines in failures.items() if lines}
    assert all(r.words > 500 for r in reports.values())
    assert failures == {}, "\n".join(f"{name}:\n  " + "\n  ".join(lines[:12]) for name, lines in failures.items())


@pytest.mark.skipif(not TEMPLATES, reason=f"no shared templates at {SHARED} (not part of the project)")
@pytest.mark.parametrize("source", [SEED, ENGLISH], ids=["nl", "en"])
def test_every_shared_template_is_legible_when_rendered(tmp_path, source):
    decks = _build([(t.stem, t) for t in TEMPLATES], source, tmp_path)
    reports = legibility.check_decks(decks, tmp_path / "pdf")
    failures = {deck.stem: _problems(r, deck) for deck, r in reports.items()}
    failures = {name: lines for name, lines in failures.items() if lines}
    assert failures == {}, "\n".join(f"{name}:\n  " + "\n  ".join(lines[:12]) for name, lines in failures.items())
