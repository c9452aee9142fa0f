"""What a presenter says and listens for, taken from the content once for every output.

The speaker notes (renderers/deck/notes.py) and the run sheet (renderers/guide) both start a
slide with one sentence to say, list what to listen for in a discussion and the answer's key
points; these functions decide those texts, so the two never disagree.
"""

from __future__ import annotations

import re

from deckgen.content.model import QAItem, Rich

_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=\S)")


def cites(*riches: Rich | None) -> list[int]:
    """Display numbers of the sources the texts cite, in order of first citation."""
    seen: list[int] = []
    for rich in riches:
        for n in rich.footnotes() if rich else []:
            if n not in seen:
                seen.append(n)
    return seen


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(paragraph.strip()) if s.strip()]


def first_sentence(rich: Rich | None) -> str:
    """The first sentence of a text (its first paragraph when it has no sentence end)."""
    if not rich:
        return ""
    first = rich.plain.split("\n\n", 1)[0].strip()
    return _SENTENCE.split(first, 1)[0].strip()


def after_first_sentence(rich: Rich | None) -> str:
    """The text without its first sentence (what `first_sentence` leaves), its paragraphs kept."""
    if not rich:
        return ""
    first, _, later = rich.plain.strip().partition("\n\n")
    found = _SENTENCE.search(first.strip())
    rest = first.strip()[found.end():] if found else ""
    return "\n\n".join(x for x in (rest.strip(), later.strip()) if x)


def to_say(key: Rich | None, text: Rich | None) -> str:
    """The one sentence to say: the content's `key:`, else the text's first sentence."""
    if key:
        return " ".join(key.plain.split())
    return " ".join(first_sentence(text).split())


def _paragraphs(rich: Rich | None) -> list[str]:
    return [" ".join(p.split()) for p in rich.plain.split("\n\n") if p.strip()] if rich else []


def listen_for(item: QAItem) -> list[str]:
    """What a good group answer contains: the question's points, else the first sentence of
    each paragraph of its answer."""
    if item.points:
        return [" ".join(p.plain.split()) for p in item.points]
    return [sentences(p)[0] for p in _paragraphs(item.answer) if sentences(p)]


KEY_POINTS = 3  # sentences of an answer the run sheet lists as its key points, at most


def key_points(item: QAItem) -> list[str]:
    """The answer's key points, for the debrief: with points (already the listen-for list), up to
    KEY_POINTS sentences of the answer, each paragraph's first sentence first; without points,
    the answer's paragraphs whole (the listen-for list has their first sentences)."""
    paragraphs = _paragraphs(item.answer)
    if not item.points:
        return paragraphs
    split = [sentences(p) for p in paragraphs]
    chosen = [s[0] for s in split if s][:KEY_POINTS]
    for rest in (s[1:] for s in split):
        for sentence in rest:
            if len(chosen) >= KEY_POINTS:
                break
            chosen.append(sentence)
    order = [s for para in split for s in para]
    return sorted(chosen, key=order.index)


# How a task says a question is discussed by everyone together rather than in small groups,
# per language (lower case); English is checked for every language too.
_WHOLE = {
    "en": ("whole group", "entire group", "plenary", "plenum", "whole room", "whole class",
           "as one group", "everyone together"),
    "nl": ("hele groep", "gehele groep", "plenair", "plenum", "met z'n allen", "met z\u2019n allen",
           "met zijn allen", "hele zaal", "hele klas"),
    "de": ("ganze gruppe", "ganzen gruppe", "gesamte gruppe", "gesamten gruppe", "plenum", "plenar",
           "alle gemeinsam", "ganze klasse", "ganzen klasse"),
    "fr": ("grand groupe", "tout le groupe", "groupe entier", "ensemble du groupe", "plénière", "pleniere",
           "toute la classe", "tous ensemble"),
}


def whole_group(item: QAItem, language: str) -> bool:
    """Whether the question is discussed by the whole group (the debrief then asks a few participants,
    not "two or three groups"): as its `group:` says, else as its task's words say (in the content's
    language or English); without such words, small groups."""
    if item.group is not None:
        return item.group == "whole"
    return bool(whole_words(item.task, language))


def whole_words(task: Rich | None, language: str) -> str:
    """The words of a task that have the whole group discuss ("hele groep", "plenary"), or ""."""
    text = " ".join(task.plain.lower().split()) if task else ""
    words = _WHOLE.get(language.split("-")[0].lower(), ()) + _WHOLE["en"]
    return next((w for w in words if w in text), "")


# --- what a slide's notes tell beside the slide --------------------------------------------
# A slide shows a text's points (or its title); its notes tell what the slide does not show,
# condensed to lead sentences, and never what it shows. The handout prints every text whole.

TOLD_WORDS = 45  # words of a text the notes tell beside its slide, at most (lead sentences first)
_WORD = re.compile(r"\w+")
_STEM = 6  # letters a word is compared by: "migranten" and "migratie" share "migrat"


def _stems(text: str) -> set[str]:
    """The words that carry a text's content, each by its first letters: words of four letters
    or more, and numbers."""
    return {w[:_STEM] for w in _WORD.findall(text.lower()) if len(w) >= 4 or any(c.isdigit() for c in w)}


def shown(sentence: str, on_slide: list[str]) -> bool:
    """Whether the slide already shows what a sentence says: a point (or the title) drawn from it
    (most of the point's words are in the sentence, and they are a fair part of the sentence), or the
    slide's words together cover most of the sentence's."""
    flat = " ".join(sentence.split())
    words = _stems(flat)
    if any(flat.rstrip(".!?…") and flat.rstrip(".!?…") in " ".join(t.split()) for t in on_slide):
        return True
    if not words:
        return False
    every: set[str] = set()
    for text in on_slide:
        point = _stems(text)
        every |= point
        common = len(point & words)
        if point and common >= min(2, len(point)) and common >= 0.6 * len(point) and common >= len(words) / 4:
            return True
    return len(every & words) >= 0.7 * len(words)


def untold(text: Rich | None, on_slide: list[str]) -> list[tuple[int, str]]:
    """The sentences of a text its slide does not show, in order, each with its paragraph's number."""
    return [(k, s) for k, paragraph in enumerate(_paragraphs(text)) for s in sentences(paragraph)
            if not shown(s, on_slide)]


def condensed(told: list[tuple[int, str]], budget: int = TOLD_WORDS) -> tuple[list[str], bool]:
    """At most `budget` words of the sentences (always the first): each paragraph's first one before
    any other, then the rest in order; in the text's order. And whether any was left out."""
    leads = [i for i, (k, _) in enumerate(told) if i == 0 or told[i - 1][0] != k]
    chosen: list[int] = []
    words = 0
    for i in leads + [i for i in range(len(told)) if i not in leads]:
        size = len(told[i][1].split())
        if chosen and words + size > budget:
            continue
        chosen.append(i)
        words += size
    return [told[i][1] for i in sorted(chosen)], len(chosen) < len(told)
