"""A centred heading's box narrowed to even lines, no short word alone (deck/headings.py)."""

from __future__ import annotations

from deckgen.renderers.deck.headings import balanced
from deckgen.renderers.slidexml.geometry import inner_size
from deckgen.renderers.slidexml.layouts import Box
from deckgen.text.balance import lone_word
from deckgen.text.fit import Para, Run, TextStyle, fits, widths, wrapped
from deckgen.text.fonts import Family, bundled_files

STYLE = TextStyle(Family("Arial", bundled_files("Arial")), line_spacing=1.1, space_before=0)
QUESTION = Para((Run("Asielkosten: wat hebben die met ontwikkelingssamenwerking te maken?"),))
EMU = 12700


def _box_for(para: Para, size: float, share: float) -> Box:
    """A box whose inner width is `share` × the para's longest word (plus the insets)."""
    longest = widths(para, STYLE, size)[0]
    return Box(0, 0, int((longest * share) * EMU) + 2 * 91440, 300 * EMU)


def test_the_long_word_no_longer_leaves_a_short_word_alone():
    box = _box_for(QUESTION, 30, 1.05)
    width = inner_size(box)[0]
    assert any(line == ["met"] for line in wrapped(QUESTION, STYLE, 30, width)), "the case of utwente"
    new_box, para, size = balanced(box, QUESTION, STYLE, 30)
    assert size == 30
    w = inner_size(new_box)[0]
    assert lone_word(para, STYLE, 30, w, w) is None, wrapped(para, STYLE, 30, w)
    assert para.text.replace("\u00a0", " ") == QUESTION.text  # the same words
    assert fits([para], STYLE, 30, w, inner_size(new_box)[1])


def test_balanced_lines_stay_even_where_no_word_is_alone():
    para = Para((Run("Wat doet de ontwikkelingssector om migratie tegen te gaan?"),))
    box = Box(0, 0, 600 * EMU, 300 * EMU)
    new_box, same, size = balanced(box, para, STYLE, 36)
    assert same == para and size == 36 and new_box.width < box.width
    lines = wrapped(para, STYLE, 36, inner_size(new_box)[0])
    assert not any(len(line) == 1 and len(line[0]) < 4 for line in lines), lines


def test_a_narrow_column_sets_the_question_a_little_smaller_rather_than_leave_aan_alone():
    para = Para((Run("Wat heeft Nederland aan migratie?"),))
    box = Box(0, 0, int(widths(para, STYLE, 40)[0] * 1.02 * EMU) + 2 * 91440, 300 * EMU)
    assert lone_word(para, STYLE, 40, inner_size(box)[0]) is not None  # "Nederland / aan / migratie?"
    new_box, drawn, size = balanced(box, para, STYLE, 40, floor=20)
    w = inner_size(new_box)[0]
    assert 20 <= size < 40 and lone_word(drawn, STYLE, size, w, w) is None
