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
    """The starter's text in that language, dated today; a tag with a region keeps its region."""
    lang = choose(language)
    body = (STARTERS / f"{lang}.yaml").read_text(encoding="utf-8")
    body = body.replace("@TODAY@", (today or _dt.date.today()).isoformat())
    if language and "-" in language.replace("_", "-"):
        tag = language.replace("_", "-")
        body = body.replace(f'language: "{lang}"', f'language: "{tag}"', 1)
    return body
