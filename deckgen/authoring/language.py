"""The language of an imported document: Word's or the front matter's tag, checked against the text.

Why a module of its own: Word tags text with the proofing language of the Word it was typed
in, so a Dutch one-pager written in an English Word says en-US throughout. The tag is
taken, unless the text clearly reads as another of the languages deckgen has words for
(by its commonest words), and the draft says which it chose and why.
"""

from __future__ import annotations

import re

NAMES = {"nl": "Dutch", "en": "English", "de": "German", "fr": "French"}

_STOPWORDS = {
    "nl": ["de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan", "er", "om", "ook", "als", "bij", "door", "wordt", "naar", "maar", "wij", "we"],
    "en": ["the", "and", "of", "to", "in", "is", "that", "for", "it", "on", "with", "as", "are", "be", "by", "this", "not", "or", "from", "at", "we", "an"],
    "de": ["der", "die", "und", "das", "ist", "nicht", "zu", "den", "von", "mit", "sich", "auf", "für", "ein", "eine", "im", "dem", "auch", "es", "wir", "werden"],
    "fr": ["le", "la", "les", "et", "des", "est", "un", "une", "du", "en", "que", "pour", "dans", "pas", "qui", "sur", "au", "ne", "se", "nous", "sont", "avec"],
}


def guess_language(text: str) -> str | None:
    """nl, en, de or fr when the text clearly reads as one of them (by its commonest words)."""
    words = re.findall(r"[a-zà-ÿ]+", text[:200_000].lower())
    if len(words) < 20:
        return None
    sets = {lang: set(stop) for lang, stop in _STOPWORDS.items()}
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in sets.items()}
    best = max(scores, key=scores.get)
    second = max(v for k, v in scores.items() if k != best)
    return best if scores[best] >= 0.15 * len(words) and scores[best] >= 2 * second else None


def tidy_tag(tag: str) -> str:
    """'nl-NL' as 'nl' (the region deckgen assumes anyway); 'nl-BE' stays."""
    from deckgen.content import i18n

    head, _, rest = tag.replace("_", "-").partition("-")
    if rest and i18n.known(head) and rest.upper() == i18n.t(head, "region"):
        return head.lower()
    return f"{head.lower()}-{rest}" if rest else head.lower()


def choose(tag: str | None, source: str, text: str, notices: list[str]) -> str:
    """The language for the draft; a sentence for the reader in `notices` when it is not simply the tag."""
    guess = guess_language(text)
    if tag:
        primary = tag.split("-")[0].lower()
        if guess and guess != primary:
            notices.append(f"language: {guess}, as the text reads as {NAMES[guess]} ({source} "
                           f"says {tag}); change 'language:' if that is wrong")
            return guess
        return tidy_tag(tag)
    if guess:
        notices.append(f"language: {guess}, as the text reads as {NAMES[guess]}; change 'language:' if that is wrong")
        return guess
    notices.append("language: en, as the document names none; change 'language:' if that is wrong")
    return "en"
