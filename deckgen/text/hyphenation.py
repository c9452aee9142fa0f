"""pyphen's hyphenation dictionaries, read lazily: a pattern is parsed when a word first needs it.

pyphen parses every pattern of a dictionary when it is first used: 45 ms for Dutch, about
200 ms for German, paid once per process before the first word is hyphenated; a handout
or a set of cards then needs a few hundred patterns. Here the dictionary file is only
split into lines and indexed by each pattern's letters (a few milliseconds), and a
pattern is parsed as pyphen parses it when a word contains its letters. The result is
put in pyphen's own cache of dictionaries, so `pyphen.Pyphen(lang=...)`, which ReportLab
calls for styles with `hyphenationLang`, uses it too. Hyphenation is exactly pyphen's:
the same patterns, the same rules for duplicates and non-standard hyphenation, the same
positions (tests/text/test_hyphenation.py compares them).

Should pyphen ever change its internals, nothing is primed and pyphen reads its
dictionaries as usual: slower, never different.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

try:
    import pyphen
except ImportError:  # pragma: no cover - pyphen is a dependency
    pyphen = None

_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_IGNORED_LINE = re.compile(r"\n(?:%|#|LEFTHYPHENMIN|RIGHTHYPHENMIN|COMPOUNDLEFTHYPHENMIN|COMPOUNDRIGHTHYPHENMIN)[^\n]*")
_DIGITS = re.compile(r"\d")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a decimal digit other than 0-9 (pyphen's \d is Unicode's)
_LATIN1 = {"ISO88591", "LATIN1", "L1", "CP819"}  # single-byte encodings without other decimal digits
_HEX = re.compile(r"\^{2}([0-9a-f]{2})")
_PAIRS = re.compile(r"(\d?)(\D?)")


def _hex(match: re.Match) -> str:
    return chr(int(match.group(1), 16))


def _hits(text: str, marker: str) -> list[int]:
    """Where marker occurs in text."""
    found = []
    pos = text.find(marker)
    while pos != -1:
        found.append(pos)
        pos = text.find(marker, pos + 1)
    return found


def _split(line: str):
    """A stripped, not ignored pattern line as pyphen reads it: its letters and its values."""
    pattern = _HEX.sub(_hex, line)
    if "/" in pattern and "=" in pattern:  # non-standard hyphenation, e.g. Hungarian "ssz/sz=sz,1,3"
        pattern, alternative = pattern.split("/", 1)
        factory = pyphen.AlternativeParser(pattern, alternative)
    else:
        factory = int
    tags, values = zip(*[(string, factory(i or "0")) for i, string in _PAIRS.findall(pattern)])
    return "".join(tags), values


def _parse(line: str):
    """The (offset, values) pyphen keeps for a pattern line, or None for a line it skips."""
    if not line or line.startswith(_IGNORED):
        return None
    _, values = _split(line)
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, values[start:end]


class LazyHyphDict(pyphen.HyphDict if pyphen else object):  # type: ignore[misc]
    """A pyphen.HyphDict whose patterns are parsed on first use (see the module's docstring)."""

    def __init__(self, path):  # pyphen.HyphDict.__init__, which parses every pattern, is not called
        with path.open("rb") as fd:
            encoding = fd.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        lines = [line.strip() for line in path.read_text(encoding).split("\n")[1:]]
        body = "\n".join(lines)
        # A pattern's key is its letters: the line without digits, except where pyphen decodes
        # ^^hh escapes or cuts off a non-standard part.
        if body.isascii() or encoding.strip().replace("-", "").replace("_", "").upper() in _LATIN1 or \
                not _OTHER_DIGIT.search(body):
            # ASCII digits only: deleting bytes 0x30-0x39 from UTF-8 is exact and much faster
            keys = body.encode("utf-8").translate(None, b"0123456789").decode("utf-8").split("\n")
        else:
            keys = _DIGITS.sub("", body).split("\n")
        starts = sorted({body.rfind("\n", 0, hit) + 1 for hit in _hits(body, "^^") + _hits(body, "/")})
        line_no, pos = 0, 0
        for start in starts:
            line_no += body.count("\n", pos, start)
            pos = start
            line = lines[line_no]
            if not line.startswith(_IGNORED):
                keys[line_no] = _split(line)[0]
        table: dict = dict(zip(keys, lines))  # the last line of a key wins, as in pyphen ...
        table.pop("", None)
        if len(table) < len(keys) - keys.count(""):  # ... unless pyphen skips it: keep every candidate
            counts = Counter(keys)
            del counts[""]
            repeated = {key for key, count in counts.items() if count > 1}
            if max(counts.values()) == 2:  # the usual case: the first and the last line
                first = dict(zip(reversed(keys), reversed(lines)))
                candidates = {key: [first[key], table[key]] for key in repeated}
            else:
                candidates = {}
                for key, line in zip(keys, lines):
                    if key in repeated:
                        candidates.setdefault(key, []).append(line)
            table.update(candidates)
        for line in _IGNORED_LINE.findall("\n" + body):  # comments and settings: no patterns
            key = _DIGITS.sub("", line[1:])
            raw = table.get(key)
            if raw == line[1:] or (isinstance(raw, list) and all(_parse(other) is None for other in raw)):
                del table[key]
        # values: a line (str) or candidate lines (list) until first used, then pyphen's
        # (offset, values) tuple, or None for a pattern pyphen skips
        self._table = table
        self.cache: dict = {}
        self.maxlen = max(map(len, table), default=0)  # at least pyphen's: longer keys never match

    def _resolve(self, key: str, raw):
        if isinstance(raw, list):
            found = None
            for line in reversed(raw):
                found = _parse(line)
                if found is not None:
                    break
        else:
            found = _parse(raw)
        self._table[key] = found
        return found

    @property
    def patterns(self) -> dict:
        """Every pattern, parsed (pyphen's attribute; the positions below do not need it)."""
        for key, raw in list(self._table.items()):
            if raw is not None and type(raw) is not tuple:
                self._resolve(key, raw)
        return {key: value for key, value in self._table.items() if value is not None}

    def positions(self, word: str) -> list:
        """pyphen.HyphDict.positions (Liang's algorithm), with patterns parsed as they are met."""
        word = word.lower()
        points = self.cache.get(word)
        if points is None:
            pointed = f".{word}."
            size = len(pointed)
            references = [0] * (size + 1)
            table, maxlen = self._table, self.maxlen
            for i in range(size - 1):
                for j in range(i + 1, min(i + maxlen, size) + 1):
                    pattern = table.get(pointed[i:j])
                    if pattern is None:
                        continue
                    if type(pattern) is not tuple:
                        pattern = self._resolve(pointed[i:j], pattern)
                        if pattern is None:
                            continue
                    offset, values = pattern
                    start = i + offset
                    stop = start + len(values)
                    references[start:stop] = map(max, values, references[start:stop])
            self.cache[word] = points = [pyphen.DataInt(i - 1, reference=reference)
                                         for i, reference in enumerate(references) if reference % 2]
        return points


def _usable() -> bool:
    return (pyphen is not None and isinstance(getattr(pyphen, "hdcache", None), dict)
            and all(hasattr(pyphen, name) for name in ("HyphDict", "DataInt", "AlternativeParser", "LANGUAGES")))


@cache
def prime(name: str) -> None:
    """Puts a lazily read dictionary for a pyphen language name (e.g. 'nl_NL') in pyphen's cache."""
    if not _usable():
        return
    found = pyphen.language_fallback(name)
    path = pyphen.LANGUAGES.get(found) if found else None
    if path is None or path in pyphen.hdcache:
        return
    try:
        pyphen.hdcache[path] = LazyHyphDict(path)
    except Exception:  # an unexpected file: pyphen reads it itself when asked  # noqa: BLE001
        pyphen.hdcache.pop(path, None)


@cache
def hyphenator(name: str):
    """A pyphen.Pyphen for a pyphen language name, its dictionary read lazily; one per process."""
    if pyphen is None:
        return None
    prime(name)
    return pyphen.Pyphen(lang=name)
