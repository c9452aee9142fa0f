"""Measuring and fitting with real metrics: line breaks, shrinking, continuing, truncating."""

from __future__ import annotations

from deckgen.text.fit import Para, Run, TextStyle, count_lines, fit_one, fit_split, fits, longest, truncate
from deckgen.text.fonts import Family, bundled_files

STYLE = TextStyle(Family("Arial", bundled_files("Arial")))


def para(text: str, bullet: bool = False) -> Para:
    return Para((Run(text),), bullet=bullet)


def test_widths_are_arial_metrics():
    face = STYLE.family.face()
    # Arial's advances in units of 2048: M 1706, i 455, g 1139, r 682, a 1139, t 569, i 455, e 1139
    assert face.width("Migratie") * 2048 == 7284


def test_no_break_before_a_slash_even_after_a_space():
    bold = TextStyle(STYLE.family)
    p = Para((Run("14 procent / percent / Prozent", bold=True),))
    # "14 procent" fits a line of 250 pt at 45 pt, "14 procent /" does not: "procent /" moves on together
    assert count_lines(p, bold, 45, 250.5) == 4


def test_a_word_wider_than_the_line_breaks_between_characters():
    assert count_lines(para("x" * 180), STYLE, 20, 300) > 1


def test_shrinks_before_it_continues():
    text = [para("Een zin die de ruimte vult. " * 6, bullet=True) for _ in range(3)]
    assert not fits(text, STYLE, 28, 800, 250) and fit_one(text, STYLE, 800, 250, 28, 20) is not None
    fit = fit_split(text, STYLE, 800, 250, 28, 20)
    assert len(fit.boxes) == 1 and 20 <= fit.size < 28


def test_continues_between_sentences_at_one_size():
    long = para(" ".join(f"Zin nummer {i} staat hier." for i in range(200)), bullet=True)
    fit = fit_split([long], STYLE, 600, 300, 28, 20)
    assert len(fit.boxes) > 1 and fit.size == 20
    for box in fit.boxes:
        assert fits(box, STYLE, fit.size, 600, 300)
        assert box[0].text.startswith("Zin nummer") and box[-1].text.endswith(".")
    assert [p.bullet for box in fit.boxes for p in box][0] is True
    assert all(p.continued for box in fit.boxes[1:] for p in box), "no new bullet on a continued paragraph"


def test_longest_and_truncate():
    assert longest(10, lambda n: n <= 7) == 7 and longest(10, lambda n: False) == 0
    short = para("Kort")
    assert truncate(short, STYLE, 300, 50, 20) is short
    cut = truncate(para("woord " * 100), STYLE, 300, 30, 20)
    assert cut.text.endswith("…") and fits([cut], STYLE, 20, 300, 30)
    assert not fits([para(cut.text[:-1] + "woord…")], STYLE, 20, 300, 30)
