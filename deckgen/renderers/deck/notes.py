"""Speaker notes a trainer presents from: the key message first, then the full text, then the sources.

A discussion slide's notes are the facilitator's: the task, the time, and what to listen
for (the answer's points), never a copy of the answer slide's notes. Pure text from the
model; the deck renderer writes it into each slide's notes page.
"""

from __future__ import annotations

import re

from deckgen.content import i18n
from deckgen.content.model import Document, QAItem, Rich

_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=\S)")


def first_sentence(rich: Rich | None) -> str:
    """The first sentence of a text (its first paragraph when it has no sentence end)."""
    if not rich:
        return ""
    first = rich.plain.split("\n\n", 1)[0].strip()
    return _SENTENCE.split(first, 1)[0].strip()


def key_message(points: tuple[Rich, ...], text: Rich | None) -> list[str]:
    """The slide's message as lines: its points, or the first sentence of its text."""
    if points:
        return ["• " + p.plain.replace("\n\n", " ") for p in points]
    sentence = first_sentence(text)
    return [sentence] if sentence else []


def sources_block(doc: Document, cites: list[int]) -> str:
    if not cites:
        return ""
    lines = [i18n.t(doc.language, "notes_sources") + ":"]
    for number in cites:
        src = doc.source(number)
        lines.append(f"[{number}] {src.text.plain}" + (f" {src.url}" if src.url else ""))
    return "\n".join(lines)


def cites(*riches: Rich | None) -> list[int]:
    """Display numbers of the sources the texts cite, in order of first citation."""
    seen: list[int] = []
    for rich in riches:
        for n in rich.footnotes() if rich else []:
            if n not in seen:
                seen.append(n)
    return seen


def _join(*chunks: str) -> str:
    return "\n\n".join(c for c in chunks if c)


def _labelled(label: str, lines: list[str] | str) -> str:
    body = "\n".join(lines) if isinstance(lines, list) else lines
    return f"{label}:\n{body}" if body else ""


def presenter(doc: Document, points: tuple[Rich, ...], text: Rich | None, extra: Rich | None = None,
              heading: Rich | None = None) -> str:
    """Key message, full text, the author's extra notes, then the sources cited."""
    lang = doc.language
    key = key_message(points, text)
    full = text.plain if text else ""
    if heading and not key and not full:
        full = heading.plain
    return _join(_labelled(i18n.t(lang, "key_message"), key),
                 _labelled(i18n.t(lang, "full_text"), full) if full and full != "\n".join(key) else "",
                 _labelled(i18n.t(lang, "notes_extra"), extra.plain) if extra else "",
                 sources_block(doc, cites(text, extra, *points)))


def task_line(doc: Document, item: QAItem) -> str:
    """The task and the time, as the discussion slide shows them."""
    task = item.task.plain.replace("\n\n", " ") if item.task else ""
    return i18n.task_line(task, item.duration, doc.language)


def discussion(doc: Document, item: QAItem, answers: str) -> str:
    """A discussion slide's notes: the task and time, what to listen for, and where the answer is."""
    lang = doc.language
    chunks = []
    if item.task:
        chunks.append(f"{i18n.t(lang, 'task')}: {item.task.plain}")
    if item.duration:
        chunks.append(f"{i18n.t(lang, 'time')}: {i18n.t(lang, 'minutes', n=item.duration)}")
    listen = key_message(item.points, item.answer)
    out = [_join("\n".join(chunks)), _labelled(i18n.t(lang, "listen_for"), listen)]
    if answers == "notes":  # no answer slide: the whole answer is read from here
        out += [_labelled(i18n.t(lang, "answer"), item.answer.plain),
                _labelled(i18n.t(lang, "notes_extra"), item.notes.plain) if item.notes else "",
                sources_block(doc, cites(item.answer, item.notes, *item.points))]
    else:
        out.append(i18n.t(lang, "then_answer" if answers == "after" else "answer_later"))
    return _join(*out)
