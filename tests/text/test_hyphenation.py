"""Lazily read hyphenation dictionaries hyphenate exactly as pyphen's own."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyphen
import pytest

from deckgen.text import hyphenation
from deckgen.text.hyphenation import LazyHyphDict

SEED = Path(__file__).parents[2] / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
STRESS = Path(__file__).parents[1] / "data" / "stress.yaml"


def words() -> list[str]:
    text = SEED.read_text(encoding="utf-8") + STRESS.read_text(encoding="utf-8")
    found = sorted(set(re.findall(r"[^\W\d_]+", text)))
    return found + ["Arbeidsmarktparticipatiebevorderingsprogramma", "Donaudampfschifffahrtsgesellschaft",
                    "LETTERGREPEN", "Ontwikkelingssamenwerkingsorganisaties", "a", "ab", ""]


# Dutch and English (the content's languages), German (duplicate patterns), Hungarian
# (non-standard hyphenation: "ssz/sz=sz,1,3") and Greek (UTF-8, not Latin-1).
@pytest.mark.parametrize("lang", ["nl_NL", "en_GB", "de_DE", "hu_HU", "el_GR"])
def test_same_patterns_and_positions_as_pyphen(lang):
    path = pyphen.LANGUAGES[lang]
    real, lazy = pyphen.HyphDict(path), LazyHyphDict(path)
    rng = random.Random(lang)
    letters = sorted({c for key in real.patterns for c in key if c != "."})
    sample = words() + ["".join(rng.choice(letters) for _ in range(rng.randint(2, 20))) for _ in range(1500)]
    for word in sample:
        expected, got = real.positions(word), lazy.positions(word)
        assert got == expected, word
        assert [p.data for p in got] == [p.data for p in expected], word
    assert lazy.patterns == real.patterns  # every pattern, parsed as pyphen parses it


def test_prime_puts_the_lazy_dictionary_where_pyphen_and_reportlab_look(monkeypatch):
    path = pyphen.LANGUAGES["nl_NL"]
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)
    hyphenation.prime.cache_clear()
    try:
        hyphenation.prime("nl_NL")
        assert isinstance(pyphen.Pyphen(lang="nl_NL").hd, LazyHyphDict)
        assert pyphen.Pyphen(lang="nl_NL").inserted("lettergrepen") == "let-ter-gre-pen"
    finally:
        hyphenation.prime.cache_clear()
        pyphen.hdcache.pop(path, None)


def test_prime_leaves_a_dictionary_pyphen_already_read(monkeypatch):
    path = pyphen.LANGUAGES["en_GB"]
    real = pyphen.HyphDict(path)
    monkeypatch.setitem(pyphen.hdcache, path, real)
    hyphenation.prime.cache_clear()
    try:
        hyphenation.prime("en_GB")
        assert pyphen.hdcache[path] is real
    finally:
        hyphenation.prime.cache_clear()


def test_unknown_language_is_left_alone():
    hyphenation.prime("xx_XX")  # no such dictionary: nothing to do, no error
    assert hyphenation.hyphenator("nl_NL") is hyphenation.hyphenator("nl_NL")  # one per process


# --- deckgen's rules and the compound ranking (issue 15) ---------------------------------

SEED_COMPOUNDS = {  # the seed's long compounds: the break between the compound's parts comes first
    "ontwikkelingssamenwerking": "ontwikkelings-samenwerking",
    "ontwikkelingssector": "ontwikkelings-sector",
    "klimaatverandering": "klimaat-verandering",
    "mensenrechten": "mensen-rechten",
    "rechtszekerheid": "rechts-zekerheid",
    "asielzoekers": "asiel-zoekers",
    "familieleden": "familie-leden",
    "irrigatiesystemen": "irrigatie-systemen",
}


@pytest.fixture(scope="module")
def dutch():
    vocabulary = hyphenation.Hyphenation.vocabulary_of([SEED.read_text(encoding="utf-8")])
    return hyphenation.Hyphenation("nl_NL", vocabulary)


@pytest.mark.parametrize("word, best", sorted(SEED_COMPOUNDS.items()))
def test_compounds_break_between_their_parts_first(dutch, word, best):
    assert word in SEED.read_text(encoding="utf-8")
    first = dutch.points(word)[0]
    assert f"{word[:first]}-{word[first:]}" == best


def test_the_compound_break_beats_the_one_that_fills_the_line_best(dutch):
    points = dutch.points("ontwikkelingssamenwerking")
    assert points.index(len("ontwikkelings")) < points.index(len("ontwikkelingssa"))


@pytest.mark.parametrize("token", [
    "Ontwikkelingssamenwerking",  # a capital: a name, or a sentence's first word
    "Partos", "OnMigration", "Nederland",
    "2024", "1,3", "COVID19abcdef", "ontwikkeling2024",  # numbers and words with digits
    "https://example.org/ontwikkelingssamenwerking", "www.ontwikkelingssamenwerking.nl",
    "jan@ontwikkelingssamenwerking.nl",  # URLs and e-mail addresses
    "migratie", "wereld", "rondom", "armoede",  # too short to break (< 8 letters)
])
def test_words_that_are_never_hyphenated(dutch, token):
    assert dutch.points(token) == []


def test_at_least_three_letters_each_side_and_four_in_shorter_words(dutch):
    for word in re.findall(r"[a-zà-ÿ]{8,}", SEED.read_text(encoding="utf-8")):
        side = 3 if len(word) >= 10 else 4
        for p in dutch.points(word):
            assert p >= side and len(word) - p >= side, (word, p)


def test_punctuation_around_a_word_is_not_part_of_it(dutch):
    points = dutch.points("(ontwikkelingssamenwerking),")
    assert points and "(ontwikkelingssamenwerking),"[: points[0]] == "(ontwikkelings"


def test_capitals_only_when_asked_for_a_word_that_cannot_fit_otherwise():
    german = hyphenation.Hyphenation("de_DE")
    assert german.points("Donaudampfschifffahrtsgesellschaft") == []
    assert german.points("Donaudampfschifffahrtsgesellschaft", capitals=True)


def test_no_dictionary_no_hyphenation():
    assert hyphenation.Hyphenation(None).points("ontwikkelingssamenwerking") == []


def test_a_prefix_stays_with_the_part_it_begins(dutch):
    assert "klimaatverdragen"[: dutch.points("klimaatverdragen")[0]] == "klimaat"  # not 'klimaatver-dragen'
