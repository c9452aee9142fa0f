"""Strict YAML reading for content and theme files, with positions on every value.

PyYAML alone turns `no` into False, `1.10` into 1.1, keeps the last of two duplicate
keys, expands alias bombs and reports decoding problems without a line. Here every
scalar stays the string typed, and each of those cases is an error at `path:line:col`.
The result is a tree of `YStr`, `YMap` and `YSeq` that remember where they stood.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from deckgen.errors import DeckgenError, Diagnostics, Location, fail

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

# YAML 1.1 printable set, as PyYAML's Reader checks it (it reports only an offset).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


class YStr(str):
    """A scalar string that knows where it stood in its file."""

    loc: Location
    style: str | None
    indent: int
    source: tuple[str, int, int] | None = None  # (buffer, start, end) of a flow scalar as written

    def location_at(self, offset: int) -> Location:
        """Location of the character at `offset` of the value.

        Exact for quoted and plain scalars, escapes and folded lines included (an escape
        such as \\x0c is located where its backslash stands); best effort for folded blocks.
        """
        loc = self.loc
        if loc.line is None:
            return loc
        if self.source is not None and loc.col is not None:
            where = _flow_position(self, offset)
            if where is not None:
                return Location(loc.path, *where)
        before = self[:offset]
        if self.style in ("|", ">"):
            line = loc.line + 1 + before.count("\n")
            return Location(loc.path, line, self.indent + len(before) - before.rfind("\n") - 1)
        quote = 1 if self.style in ("'", '"') else 0
        if "\n" in before:
            return Location(loc.path, loc.line + before.count("\n"), None)
        return Location(loc.path, loc.line, (loc.col or 1) + quote + offset)


_BREAKS = "\r\n\x85\u2028\u2029"


def _flow_indices(buf: str, start: int, end: int, style: str | None) -> list[int] | None:
    """For each character of a flow scalar's value, the index in buf it was read from.

    Mirrors PyYAML's scanner (escapes, '' in single quotes, line folding); None when the
    result does not reproduce the value, so that the caller falls back to an estimate.
    """
    from yaml.scanner import Scanner

    quoted = style in ("'", '"')
    double = style == '"'
    i, stop = (start + 1, end - 1) if quoted else (start, end)
    out: list[int] = []
    chars: list[str] = []

    def emit(char: str, index: int) -> None:
        chars.append(char)
        out.append(index)

    def line_break(j: int) -> tuple[str, int]:
        if buf.startswith("\r\n", j):
            return "\n", j + 2
        return ("\n", j + 1) if buf[j] in "\r\n\x85" else (buf[j], j + 1)

    def breaks(j: int) -> int:  # after a line break: empty lines are kept, indentation dropped
        while True:
            while j < stop and buf[j] in " \t":
                j += 1
            if j < stop and buf[j] in _BREAKS:
                char, nxt = line_break(j)
                emit(char, j)
                j = nxt
            else:
                return j

    while i < stop:
        ch = buf[i]
        if ch in " \t" or ch in _BREAKS:
            j = i
            while j < stop and buf[j] in " \t":
                j += 1
            if j < stop and buf[j] in _BREAKS:
                char, nxt = line_break(j)
                mark = len(chars)
                if char != "\n":
                    emit(char, j)
                k = breaks(nxt)
                if char == "\n" and len(chars) == mark:
                    chars.insert(mark, " ")
                    out.insert(mark, j)
                i = k
            else:
                for k in range(i, j):
                    emit(buf[k], k)
                i = j
        elif double and ch == "\\":
            nxt = buf[i + 1] if i + 1 < stop else ""
            if nxt in Scanner.ESCAPE_REPLACEMENTS:
                emit(Scanner.ESCAPE_REPLACEMENTS[nxt], i)
                i += 2
            elif nxt in Scanner.ESCAPE_CODES:
                length = Scanner.ESCAPE_CODES[nxt]
                try:
                    emit(chr(int(buf[i + 2:i + 2 + length], 16)), i)
                except ValueError:
                    return None
                i += 2 + length
            elif nxt and nxt in _BREAKS:
                i = breaks(line_break(i + 1)[1])
            else:
                return None
        elif style == "'" and ch == "'" and buf.startswith("''", i):
            emit("'", i)
            i += 2
        else:
            emit(ch, i)
            i += 1
    for k in range(len(chars) - 2, -1, -1):  # a surrogate pair written as two escapes is one character
        if "\ud800" <= chars[k] <= "\udbff" and "\udc00" <= chars[k + 1] <= "\udfff":
            del chars[k + 1], out[k + 1]
    return out


def _flow_position(value: YStr, offset: int) -> tuple[int, int] | None:
    """(line, col) of the character at offset of a flow scalar, read from its source."""
    cache = value.__dict__.get("_indices", False)
    buf, start, end = value.source  # type: ignore[misc]
    if cache is False:
        cache = _flow_indices(buf, start, end, value.style)
        if cache is not None and len(cache) != len(value):
            cache = None
        value.__dict__["_indices"] = cache
    if not cache:
        return None
    target = cache[min(max(offset, 0), len(cache) - 1)]
    return position(buf, target)


class YMap(dict):
    """A mapping of YStr keys; `key_locs` holds where each key was written."""

    loc: Location
    key_locs: dict[str, Location]


class YSeq(list):
    """A sequence that knows where it started."""

    loc: Location


_LINE_BREAK = re.compile("\r\n|\r|\n")


@lru_cache(maxsize=4)
def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in _LINE_BREAK.finditer(text)))


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, col) of text[index], counting lines as editors do (\\n, \\r\\n or \\r).

    PyYAML's marks also count U+0085, U+2028 and U+2029 as line breaks, which no editor
    shows as a new line; so positions come from the mark's character index, not its line."""
    starts = _line_starts(text)
    line = bisect_right(starts, index) - 1
    return line + 1, index - starts[line] + 1


@lru_cache(maxsize=4)
def _end(text: str) -> int:
    """Index just after the file's last character: the line break that ends the last line
    (and any empty lines after it) starts no line an editor shows."""
    return len(text.rstrip("\r\n"))


def _loc(path: str, mark, text: str) -> Location:
    """Where a node starts; an empty value at the end of the file is placed just after the
    last character, never on a line past the end."""
    return Location(path, *position(text, min(mark.index, _end(text))))


class _Strict(Composer, BaseResolver):
    """PyYAML's composer with no implicit typing; anchors, aliases and tags recorded as errors."""

    def _strict(self, path: str, diags: Diagnostics, text: str) -> None:
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self._path = path
        self._text = text
        self._diags = diags
        self._depth = 0
        self.aliases = 0  # an alias leaves a hole in the tree: checks on it would only add noise

    def compose_node(self, parent, index):
        event = self.peek_event()
        where = _loc(self._path, event.start_mark, self._text)
        if isinstance(event, AliasEvent):
            self.get_event()
            self.aliases += 1
            self._diags.error(where, f"aliases (*{event.anchor}) are not allowed",
                              "write the text out in full instead of referring to an anchor")
            return ScalarNode("tag:yaml.org,2002:str", "", event.start_mark, event.end_mark)
        if getattr(event, "anchor", None):
            self._diags.error(where, f"anchors (&{event.anchor}) are not allowed",
                              "remove the '&' name; deckgen files do not share values")
            event.anchor = None
        tag = getattr(event, "tag", None)
        if tag and tag != "!" and not (isinstance(event, ScalarEvent) and event.implicit[0]):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._diags.error(where, f"tags ({shown}) are not allowed", "remove the '!' tag; every value is text")
            event.tag = None
        if isinstance(event, CollectionStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:  # stop here: deeper would only recurse towards RecursionError
                self._diags.error(where, f"the file is nested more than {MAX_DEPTH} levels deep",
                                  "check the indentation; deckgen files need only a few levels")
                raise DeckgenError(list(self._diags.items))
            node = super().compose_node(parent, index)
            self._depth -= 1
            return node
        return super().compose_node(parent, index)


class _StrictLoader(_Strict, Reader, Scanner, Parser):
    """The pure-Python pipeline: its error messages are the ones deckgen explains."""

    def __init__(self, text: str, path: str, diags: Diagnostics):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._strict(path, diags, text)


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python pipeline does everything
    _FastLoader = None
else:
    class _FastLoader(_Strict, CParser):  # type: ignore[no-redef]
        """libyaml's scanner and parser (C, about 8 times faster) under the same strict composer.

        Used for files that parse; a file with a syntax error is read again by
        _StrictLoader, whose messages and positions the hints are written for."""

        def __init__(self, text: str, path: str, diags: Diagnostics):
            CParser.__init__(self, text)
            self._strict(path, diags, text)


def _hint_for(problem: str, context: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "text that contains ': ' must be put in quotes, for example title: \"Migratie: hoe?\""
    if "'\\t'" in problem or "\\t" in problem:
        return "use spaces for indentation, not tabs"
    if "could not find expected ':'" in problem or "could not find expected ':'" in context:
        return "each line needs 'key: value'; text that runs over lines goes in a block starting with '|'"
    if "found unexpected end of stream" in problem or "found unexpected end of stream" in context:
        return "a quote was opened and never closed"
    if "expected <block end>" in problem:
        return "check the indentation of this line against the lines above it"
    if "found character" in problem and "cannot start any token" in problem:
        return "text starting with this character must be put in quotes"
    return None


# Errors whose place is the start of the construct that is broken (a key without its ':',
# a quote never closed): PyYAML names that place in context_mark, and in problem_mark the
# place where it gave up, often lines later or at the end of the file.
_CONTEXT_FIRST = ("while scanning a simple key", "while scanning a quoted scalar")


def _error_mark(exc: yaml.MarkedYAMLError, text: str):
    """The mark that points at the mistake: context_mark for a construct that was never
    finished (or when the problem is only the end of the file), problem_mark otherwise."""
    context, problem = exc.context or "", exc.problem or ""
    if exc.context_mark is not None and (context.startswith(_CONTEXT_FIRST) or "end of stream" in problem
                                         or exc.problem_mark is None):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _inside(path: str, text: str, mark) -> Location:
    """A mark's location, never past the end of the file: the end of the file is its last character."""
    index = min(mark.index, len(text))
    body = text.rstrip("\r\n")  # the break that ends the last line starts no line of its own
    if index >= len(body):
        index = max(len(body) - 1, 0)
    return Location(path, *position(text, index))


def decode(data: bytes, path: str) -> str:
    """UTF-8 (a BOM is fine) or an error at the line where decoding failed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(Location(path), "the file is UTF-16, not UTF-8",
                   "save it as UTF-8 (in Notepad or Word: Save As, Encoding: UTF-8)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(Location(path, line, col),
                   f"the file is not UTF-8 (byte 0x{data[exc.start]:02X} cannot be read)",
                   "save it as UTF-8 (in Notepad or Word: Save As, Encoding: UTF-8)") from None


def _check_printable(text: str, path: str, diags: Diagnostics) -> None:
    for m in _NON_PRINTABLE.finditer(text):
        diags.error(Location(path, *position(text, m.start())), f"invisible control character U+{ord(m.group()):04X} in the file",
                    "delete it; it often comes with text pasted from Word or a PDF")
        if len(diags.errors) > 20:
            break


def load_text(text: str, path: str, diags: Diagnostics | None = None):
    """Parses YAML text into YMap/YSeq/YStr, raising DeckgenError with every problem found.

    With `diags`, the problems that still leave a usable tree (duplicate keys, anchors,
    tags) are added to it and the tree is returned, so that the caller's own checks are
    reported in the same run; undecodable or unparsable text, and aliases, always raise.
    """
    found = Diagnostics()
    _check_printable(text, path, found)
    found.raise_if_errors()
    node = None
    if _FastLoader is not None:
        fast = _FastLoader(text, path, found)
        try:
            node = fast.get_single_node()
        except yaml.YAMLError:  # read again below, for the message deckgen explains
            found = Diagnostics()
        else:
            if node is None:
                found.raise_if_errors()
                raise fail(Location(path, 1, 1), "the file is empty", "start from an example in content/")
            return _finish(node, text, path, found, fast.aliases, diags)
    loader = _StrictLoader(text, path, found)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        mark = _error_mark(exc, text)
        where = _inside(path, text, mark) if mark else Location(path)
        if "found another document" in problem:
            found.error(where, f"a content file holds one document: remove the '---' on line {where.line}",
                        "'---' starts a second document; a line of dashes in the text must be in quotes or "
                        "in a '|' block")
        else:
            found.error(where, f"YAML syntax: {problem}", _hint_for(problem, exc.context or ""))
        found.raise_if_errors()
        raise  # unreachable: an error was just recorded
    finally:
        loader.dispose()
    if node is None:
        found.raise_if_errors()
        raise fail(Location(path, 1, 1), "the file is empty", "start from an example in content/")
    return _finish(node, text, path, found, loader.aliases, diags)


def _finish(node, text: str, path: str, found: Diagnostics, aliases: int, diags: Diagnostics | None):
    tree = _convert(node, path, found, text)
    if diags is None or aliases:
        found.raise_if_errors()
    else:
        diags.extend(found)
    return tree


def load_file(path: Path, *, max_bytes: int = MAX_BYTES, display: str | None = None,
              diags: Diagnostics | None = None):
    """Reads, decodes and parses a YAML file with the size limit applied first (see load_text)."""
    shown = display or str(path)
    try:
        status = path.stat()
        size = status.st_size
    except FileNotFoundError:
        raise fail(Location(shown), "file not found") from None
    except OSError as exc:  # e.g. a path through a regular file: 'notes.txt/doc.yaml'
        raise fail(Location(shown), f"cannot read the file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise fail(Location(shown), "this is a folder, not a YAML file")

    def too_big(size: int):
        return fail(Location(shown), f"the file is {-(-size // 1024)} KB; the limit is {max_bytes // 1024} KB",
                    "a one-pager with its Q&A is far smaller; is this the right file?")

    if size > max_bytes:
        raise too_big(size)
    try:
        # O_NONBLOCK: a named pipe nobody writes to opens at once (and reads as empty) instead of
        # waiting forever; a pipe with a writer (`deckgen validate <(…)`) is read as usual.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with open(fd, "rb") as fh:
            data = fh.read(max_bytes + 1)  # bounded: a pipe or a device reports no size
    except OSError as exc:
        raise fail(Location(shown), f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise too_big(len(data))
    if not data and stat.S_ISFIFO(status.st_mode):
        raise fail(Location(shown), "this is a named pipe (FIFO) that nothing is written to, not a YAML file",
                   "name the YAML file itself")
    return load_text(decode(data, shown), shown, diags)


_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def join_surrogates(text: str) -> str:
    """Joins each surrogate pair (JSON's way of escaping a character above U+FFFF, such as
    "\\ud83d\\ude00") into its character; unpaired halves stay for textclean to report."""
    if not _SURROGATE.search(text):
        return text
    return _PAIR.sub(lambda m: m.group().encode("utf-16", "surrogatepass").decode("utf-16"), text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _convert(node, path: str, diags: Diagnostics, text: str):
    if isinstance(node, ScalarNode):
        value = YStr(join_surrogates(node.value))
        value.loc = _loc(path, node.start_mark, text)
        value.style = node.style or None  # libyaml says "" for a plain scalar, PyYAML None
        value.indent = 0
        if node.style in ("|", ">"):
            value.indent = _block_indent(text, node.start_mark.index)
        else:
            value.source = (text, node.start_mark.index, node.end_mark.index)
        return value
    if isinstance(node, SequenceNode):
        seq = YSeq(_convert(child, path, diags, text) for child in node.value)
        seq.loc = _loc(path, node.start_mark, text)
        return seq
    if isinstance(node, MappingNode):
        result = YMap()
        result.loc = _loc(path, node.start_mark, text)
        result.key_locs = {}
        for key_node, value_node in node.value:
            key_loc = _loc(path, key_node.start_mark, text)
            if not isinstance(key_node, ScalarNode):
                diags.error(key_loc, "a key must be a plain word", "write it as 'key: value'")
                continue
            key = key_node.value
            if key in result.key_locs:
                first = result.key_locs[key]
                diags.error(key_loc, f"'{key}' is given twice (first at line {first.line})",
                            "keep one of them; YAML would silently use the last")
                continue
            result.key_locs[key] = key_loc
            result[key] = _convert(value_node, path, diags, text)
        return result
    raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover


def _block_indent(text: str, index: int) -> int:
    """Column (1-based) where a block scalar's text starts (the scalar's '|' or '>' is at index)."""
    start = text.find("\n", index)
    if start < 0:
        return 1
    line_end = text.find("\n", start + 1)
    line = text[start + 1: line_end if line_end >= 0 else len(text)]
    return len(line) - len(line.lstrip(" ")) + 1
