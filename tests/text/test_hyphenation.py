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
