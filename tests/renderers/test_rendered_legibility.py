"""The legibility check (legibility.py) proves itself on decks made bad on purpose, then holds the
built-in themes to it for both seeds (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ENGLISH, SEED
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt
from renderers import legibility, lo

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import load as load_theme

pytestmark = [pytest.mark.render, pytest.mark.skipif(lo.soffice() is None, reason="LibreOffice is not installed")]


def _box(slide, x, y, w, h, text, size=24, color="000000", fill=None, bold=False):
    shape = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    if fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill)
    frame = shape.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, "Arial"
    run.font.color.rgb = RGBColor.from_string(color)
    return shape


def _deck(path: Path, bad: bool) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    slide = prs.slides.add_slide(blank)
    if bad:  # grey on grey, and pale yellow small print on white
        _box(slide, 1, 1, 8, 1.2, "Nobody reads this grey", 28, "808080", "999999")
        _box(slide, 1, 3, 8, 1, "faint footnote text", 12, "E8E070")
        _box(slide, 1, 5, 8, 1, "Dark enough here", 24, "1E2A36")
    else:
        _box(slide, 1, 1, 8, 1.2, "Everyone reads this white", 28, "FFFFFF", "1F4E79")
        _box(slide, 1, 3, 8, 1, "a dark footnote text", 12, "333333")
        _box(slide, 1, 5, 8, 1, "Dark enough here", 24, "1E2A36")
    slide = prs.slides.add_slide(blank)
    width = 2.2 if bad else 11.0  # too narrow for the Dutch compound at 40 pt
    _box(slide, 1, 1, width, 4, "Over ontwikkelingssamenwerking gesproken", 40, "000000")
    _box(slide, 1, 5.5, 11, 1, "in formatie en informatie", 24, "000000")  # two words that make a third
    prs.save(str(path))
    return path


def test_the_check_fails_a_bad_deck_and_passes_a_good_one(tmp_path):
    bad, good = _deck(tmp_path / "bad.pptx", True), _deck(tmp_path / "good.pptx", False)
    reports = legibility.check_decks([bad, good], tmp_path / "pdf")
    report = reports[bad]
    print(report)
    low = {x.word: x for x in report.low_contrast}
    assert {"Nobody", "reads", "this", "grey"} <= set(low) and {"faint", "footnote", "text"} <= set(low)
    assert "Dark" not in low and "here" not in low
    grey = low["grey"]
    assert grey.slide == 1 and grey.color == "#808080" and grey.background == "#999999"
    assert grey.ratio < 1.5 and grey.needed == 3.0  # 28 pt: large text
    assert low["faint"].needed == 4.5 and low["faint"].ratio < 1.5
    # both long words break in the 2.2 in box; "in formatie" (two words that make a third) does not count
    assert [(b.slide, b.word) for b in report.broken] == [(2, "ontwikkelingssamenwerking"), (2, "gesproken")]
    assert len(report.broken[0].pieces) >= 2 and "".join(report.broken[0].pieces) == "ontwikkelingssamenwerking"
    assert not report.ok and any("broken between letters" in line for line in report.lines())

    assert reports[good].ok, str(reports[good])
    assert reports[good].words >= 15


def _built(tmp: Path) -> list[Path]:
    decks = []
    for source in (SEED, ENGLISH):
        doc, _ = load(source)
        for name in ("default", "projector", "print"):
            theme, _ = load_theme(name)
            deck = tmp / f"{source.stem[:9]}-{name}.pptx"
            deck.write_bytes(get("deck").render(doc, theme, RenderOptions()).data)
            decks.append(deck)
    return decks


def test_built_in_themes_are_legible_for_both_seeds(tmp_path):
    reports = legibility.check_decks(_built(tmp_path), tmp_path / "pdf")
    failures = {deck.stem: report.lines() for deck, report in reports.items() if not report.ok}
    assert all(report.words > 500 for report in reports.values())
    assert all(report.furniture > 100 for report in reports.values())  # the footers were measured, at 4.5:1
    assert failures == {}, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in failures.items())
