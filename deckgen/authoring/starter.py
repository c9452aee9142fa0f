"""The starter content file of `deckgen new`, in Dutch, English, German or French.

Why data files: each starter (starters/<language>.yaml) is a content file with every key
once and a comment per key that says where it appears in the outputs. Kept as YAML, it
reads exactly as the user will see it, and the tests build each one as it is written.
Only the date is filled in, with today's.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from deckgen.authoring.language import NAMES  # noqa: F401  (starter.NAMES: the language names the command shows)

STARTERS = Path(__file__).resolve().parent / "starters"
LANGUAGES = ("nl", "en", "de", "fr")


def choose(language: str | None) -> str:
    """The starter for a language tag ('nl-BE' -> nl); the environment's language, else English."""
    if language:
        return language.replace("_", "-").split("-")[0].lower()
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            head = value.split("_")[0].split(".")[0].lower()
            return head if head in LANGUAGES else "en"
    return "en"


def text(language: str | None, today: _dt.date | None = None) -> str:
    """The starter's text in that language, dated today; a tag with a region keeps its region. A language
    without a starter of its own gets the English one (its comments in English) with its tag set."""
    lang = choose(language)
    base = lang if lang in LANGUAGES else "en"
    body = (STARTERS / f"{base}.yaml").read_text(encoding="utf-8")
    body = body.replace("@TODAY@", (today or _dt.date.today()).isoformat())
    if language and (base != lang or "-" in language.replace("_", "-")):
        tag = language.replace("_", "-")
        body = body.replace(f'language: "{base}"', f'language: "{tag}"', 1)
        if base != lang:  # the English starter's one-line labels: comment becomes the words to translate
            head, found, _ = body.rpartition("# labels:")
            body = (head if found else body.rstrip("\n") + "\n") + labels_block(tag)
    return body


def labels_block(tag: str) -> str:
    """A `labels:` block, commented out, with every word deckgen adds in English: to translate."""
    from deckgen.content import i18n

    lines = [f"# labels:    # deckgen has no {i18n.language_name(tag)} words for what it adds to the outputs: "
             "translate these, then remove the '# ' before each line ({n} and the like stay as they are)"]
    for key in i18n.LABELS:
        value = i18n.english(key).replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'#   {key}: "{value}"')
    return "\n".join(lines) + "\n"


def summary(language: str | None) -> str:
    """What `deckgen new` says it wrote: 'a starter in Dutch', 'a starter for Spanish (es), English comments'."""
    lang = choose(language)
    if lang in NAMES:
        return f"a starter in {NAMES[lang]}"
    from deckgen.content import i18n

    tag = (language or lang).replace("_", "-")
    name = i18n.language_name(tag)
    return f"a starter for {name}{', ' + tag if '(' in name else ' (' + tag + ')'}, its comments in English " \
           "and the words deckgen adds to translate at its end"
