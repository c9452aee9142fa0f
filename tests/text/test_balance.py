"""Lines as a typesetter breaks them (text/balance.py): no short word alone, for the PDFs and the deck."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.text.balance import lone_lines, lone_word, unlone
from deckgen.text.fit import Para, Run, TextStyle, widths
from deckgen.text.fonts import Family, bundled_files

STYLE = TextStyle(Family("Arial", bundled_files("Arial")), line_spacing=1.1, space_before=0)


def _lines(text: str) -> list[list[str]]:
    return [line.split() for line in text.split(" / ")]


def test_a_short_word_alone_is_found_on_any_line():
    assert list(lone_lines(_lines("wat hebben die / met / ontwikkelingssamenwerking / te maken?"))) == [1]
    assert list(lone_lines(_lines("en / ontwikkelingssamenwerking / en migratie"))) == [0]  # the caller decides


def test_letters_are_counted_not_the_punctuation_around_or_inside_a_word():
    for word in ("met", "(en)", "d'un", "z.B.", "1,5", "“te”"):
        assert list(lone_lines(_lines(f"de beste manier / {word} / ontwikkelingssamenwerking"))) == [1], word
    for word in ("over", "(over)", "l'eau"):
        assert not list(lone_lines(_lines(f"de beste manier / {word} / ontwikkelingssamenwerking"))), word


def test_a_runt_counts_only_where_asked():
    lines = _lines("de beste manier om / ontwikkelingssamenwerking")
    assert not list(lone_lines(lines)) and list(lone_lines(lines, runts=True)) == [1]


def test_texts_of_few_words_or_one_line_are_left_alone():
    assert not list(lone_lines(_lines("Q / & / A"), runts=True))  # three words
    assert not list(lone_lines(_lines("a b c d e"), runts=True))  # one line


def test_a_narrow_title_binds_or_shrinks_a_little_but_never_leaves_and_alone():
    title = Para((Run("Migration and development cooperation"),))
    width = widths(title, STYLE, 32)[0] * 1.02  # "development" just fits: "Migration / and / …"
    assert lone_word(title, STYLE, 32, width) is not None
    para, size = unlone(title, STYLE, 32, width, 400, floor=20)
    assert lone_word(para, STYLE, size, width) is None and 27 <= size <= 32
    assert para.text.replace("\u00a0", " ") == title.text


def test_a_short_heading_is_left_as_it_is():
    para = Para((Run("Q & A"),))
    assert unlone(para, STYLE, 40, 50, 400, floor=20) == (para, 40)



@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefghij klmnoéü—?", min_size=1, max_size=14), min_size=1, max_size=14),
       widths_pt=st.lists(st.floats(min_value=20, max_value=700), min_size=1, max_size=30),
       size=st.sampled_from([12.0, 24.0, 27.5]), bullet=st.booleans())
def test_wrapped_reads_back_only_what_breaking_again_gives(words, widths_pt, size, bullet):
    """fit.wrapped keeps each result with the widths that give the same lines; whatever widths are asked,
    in any order, the lines are those breaking afresh gives."""
    from deckgen.text import fit

    para = Para((Run(" ".join(words)),), bullet=bullet)
    style = TextStyle(STYLE.family, bullet_indent=0.8)
    fit._WRAPS.clear()
    kept = [fit.wrapped(para, style, size, w) for w in widths_pt]
    fresh = []
    for w in widths_pt:
        fit._WRAPS.clear()
        fresh.append(fit.wrapped(para, style, size, w))
    assert kept == fresh
