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


def _problems(report: legibility.Report, template_text: bool = False) -> list[str]:
    """What the room could not read. With `template_text`, broken "words" drawn one letter a line
    are left out: a rotated stamp of the template's own, which LibreOffice draws letter by letter."""
    broken = [b for b in report.broken if not (template_text and all(len(p) <= 1 for p in b.pieces))]
    return [str(x) for x in [*report.low_contrast, *broken]]


def _build(decks: list[tuple[str, Path]], source: Path, tmp: Path) -> list[Path]:
    doc, _ = load(source)
    theme, _ = load_theme("default")
    out = []
    for name, template in decks:
        path = tmp / f"{source.stem[:9]}-{name}.pptx"
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
    failures = {deck.stem: _problems(r, template_text="stamp" in deck.stem) for deck, r in reports.items()}
    failures = {name: lines for name, lines in failures.items() if lines}
    assert all(r.words > 500 for r in reports.values())
    assert failures == {}, "\n".join(f"{name}:\n  " + "\n  ".join(lines[:12]) for name, lines in failures.items())
