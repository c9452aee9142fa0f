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


# --- where a word may break, and which break is best ---------------------------------------

MIN_SIDE = 3  # letters at least on each side of a hyphen ...
MIN_SIDE_SHORT = 4  # ... and this many in a word shorter than LONG_WORD
LONG_WORD = 10
MIN_WORD = 8  # shorter words are never hyphenated
_LETTERS = re.compile(r"^[^\W\d_]+$")
_NOT_A_WORD = re.compile(r"@|://|^www\.|\.[a-z]{2,4}/|\d", re.IGNORECASE)  # e-mail, URL, digits
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
# Linking morphemes that end the first part of a Dutch or German compound ("ontwikkelings|samenwerking",
# "Arbeits|markt", "mensen|rechten"); a break after them is a break between the compound's parts.
_LINKED = ("ings", "heids", "teits", "schaps", "ties", "tijds", "ungs", "keits", "ions", "ens")

_VOWELS = "aeiouyáéíóúäëïöüàèâêîôû"
_PART_STARTS = ("ver", "be", "ge", "ont", "her", "over", "onder", "door", "uit", "voor", "aan", "samen", "zelf",
                "ent", "zer", "auf", "aus", "ein", "über", "unter", "nach", "mit")

_PREFIXES = ("ver", "be", "ge", "ont", "her", "ent", "zer")  # a prefix belongs to the part after it


def word_core(token: str) -> str:
    """A token without the punctuation around it ('(opnieuw)' -> 'opnieuw')."""
    return _EDGE_PUNCT.sub("", token)


class Hyphenation:
    """Where a word may be hyphenated under deckgen's rules, best break first.

    pyphen (Liang's patterns) says where a word may break; the rules say where it may not:
    not in a word shorter than 8 letters, not within 3 letters of either end (4 in words
    shorter than 10), not in a word starting with a capital letter (names; German nouns
    only with `capitals`, for a word that cannot fit otherwise), not in numbers, words
    with digits, URLs or e-mail addresses. The patterns do not know where a compound's
    parts join, so the breaks are ranked: a break after a linking morpheme
    ('ontwikkelings-samenwerking') or one that leaves two words the document itself uses
    comes first, then breaks that leave the longer shorter part.
    """

    def __init__(self, language: str | None, vocabulary: set[str] | frozenset[str] = frozenset()):
        self.dictionary = hyphenator(language) if language else None
        self.vocabulary = {w.lower() for w in vocabulary if len(w) >= 4}

    @staticmethod
    def vocabulary_of(texts) -> set[str]:
        """The words (4 letters or more, lower case) of some texts: the parts compounds are checked against."""
        found: set[str] = set()
        for text in texts:
            found.update(w.lower() for w in re.findall(r"[^\W\d_]{4,}", text))
        return found

    def points(self, token: str, capitals: bool = False) -> list[int]:
        """Offsets into `token` (punctuation included) where it may break, best first; [] for none."""
        if self.dictionary is None or _NOT_A_WORD.search(token):
            return []
        core = word_core(token)
        if len(core) < MIN_WORD or not _LETTERS.match(core) or (core[0].isupper() and not capitals):
            return []
        side = MIN_SIDE if len(core) >= LONG_WORD else MIN_SIDE_SHORT
        start = token.index(core)
        found = [int(p) for p in self.dictionary.positions(core) if side <= int(p) <= len(core) - side]
        found.sort(key=lambda p: -self.score(core, p))
        return [start + p for p in found]

    def score(self, word: str, at: int) -> float:
        """How good a break word[:at] | word[at:] is: compound joins first, then balanced parts."""
        head, tail = word[:at].lower(), word[at:].lower()
        score = min(len(head), len(tail)) / len(word)  # 0 .. 0.5: the longer the shorter part, the better
        if head.endswith(_LINKED) and len(tail) >= 4:
            score += 3
        elif head.endswith("s") and len(head) >= 5 and head[-2] not in _VOWELS and tail[:1] not in _VOWELS:
            score += 1  # a linking s before a consonant ('rechts-zekerheid'), more often than not
        if tail.startswith(_PART_STARTS) and len(tail) >= 6:
            score += 0.6  # a second part starting with a prefix ('klimaat-verandering')
        elif tail[:1] in "aeiouy":
            score -= 0.3  # a break before a vowel is more often inside a part ('klimaatver-andering')
        if tail in self.vocabulary and len(tail) >= 4 and not head.endswith(_PREFIXES):  # not 'klimaatver-dragen'
            score += 2
        if len(head) >= 4 and (head in self.vocabulary or head[:-1] in self.vocabulary
                               or head[:-2] in self.vocabulary and head.endswith("en")):
            score += 2
        return score


@cache
def for_language(language: str) -> Hyphenation | None:
    """deckgen's hyphenation rules over pyphen's dictionary for the language, used only for words
    wider than a line (cards, slides); None if there is no dictionary. One per language and process."""
    if pyphen is None:  # pragma: no cover - pyphen is a dependency
        return None
    tag = language.replace("-", "_")
    name = pyphen.language_fallback(tag) or pyphen.language_fallback(tag.split("_")[0].lower())
    return Hyphenation(name) if name else None
