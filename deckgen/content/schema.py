"""Small checks shared by the content and theme loaders: keys, types, did-you-mean.

Hand-written rather than pydantic: the formats are small, the messages must speak to
non-programmers at `path:line:col`, and a build should not pay pydantic's import time.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from deckgen.content.strictyaml import YMap, YSeq, YStr
from deckgen.errors import Diagnostics, Location

_KIND = {YMap: "a list of 'key: value' lines", YSeq: "a list ('- ' items)", YStr: "text"}


def where(node, fallback: Location) -> Location:
    return getattr(node, "loc", fallback)


def check_keys(node: YMap, allowed: tuple[str, ...], required: tuple[str, ...], what: str,
               diags: Diagnostics) -> None:
    """Reports unknown keys (with a did-you-mean) and missing required keys.

    A required key that is only misspelt ('titel:' for 'title:') is one mistake, reported
    once: as the unknown key, with the hint to rename it."""
    suggested: set[str] = set()
    for key, loc in node.key_locs.items():
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close and close[0] in required and close[0] not in node:
                suggested.add(close[0])
                hint = f"did you mean '{close[0]}'? {what} needs it"
            else:
                hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(allowed)
            diags.error(loc, f"unknown key '{key}' in {what}", hint)
    for key in required:
        if key not in node and key not in suggested:
            diags.error(node.loc, f"{what} needs '{key}'", f"add a line '{key}: …'")


def expect(node, kind: type, what: str, diags: Diagnostics, fallback: Location):
    """Returns node when it has the expected kind, else records an error and returns None."""
    if isinstance(node, kind):
        return node
    diags.error(where(node, fallback), f"{what} must be {_KIND[kind]}, not {_KIND.get(type(node), 'that')}",
                "check the indentation and the '- ' markers" if kind is not YStr else "put the text in quotes")
    return None


def mappings(parent: YMap, key: str, what: str, name: Callable[[int], str], allowed: tuple[str, ...],
             required: tuple[str, ...], diags: Diagnostics) -> Iterator[tuple[int, YMap, str]]:
    """Each mapping in the list under `key` (none when the key is absent), with its number from 1 and
    how messages name it (`name(i)`), its keys checked. A value that is not a list (`what`: the list's
    name in messages), or an item that is not a mapping, is an error and yields nothing."""
    if key not in parent:
        return
    seq = expect(parent[key], YSeq, what, diags, parent.key_locs[key])
    for i, node in enumerate(seq or (), 1):
        named = name(i)
        if expect(node, YMap, named, diags, seq.loc):
            check_keys(node, allowed, required, named, diags)
            yield i, node, named


def optional_str(node: YMap, key: str, what: str, diags: Diagnostics) -> YStr | None:
    if key not in node:
        return None
    return expect(node[key], YStr, f"'{key}' in {what}", diags, node.key_locs[key])


def one_of(node: YMap, key: str, choices: tuple[str, ...], what: str, diags: Diagnostics,
           meanings: str) -> str | None:
    """An optional key whose value must be one of `choices`: the value, or None when it is absent or
    none of them (then an error at the value naming the choices, the closest one, and `meanings`:
    what each choice does)."""
    value = optional_str(node, key, what, diags)
    if value is None:
        return None
    text = str(value).strip()
    if text in choices:
        return text
    close = (difflib.get_close_matches(text.lower(), choices, n=1, cutoff=0.6)
             or [c for c in choices if c.startswith(text[:1].lower())])
    diags.error(value.loc, f"'{key}' in {what} must be one of {', '.join(choices)}, not '{value}'",
                (f"did you mean '{close[0]}'? " if close else "") + meanings)
    return None
