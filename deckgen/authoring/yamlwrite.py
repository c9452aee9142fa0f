"""Writing a content file that loads back exactly: every value quoted or in a literal block.

Why not yaml.dump: PyYAML chooses plain scalars where it can, and a plain `no`, `1.10`
or `Migratie: hoe?` is exactly what trips people who edit the file by hand later; its
line folding also makes a reviewer's diff noisy. Here every text is either a double-quoted
string (with escapes where needed) or, when it has several lines, a literal block (`|`),
the form the README teaches. The result is read back with deckgen's strict YAML reader
and compared with what was meant before anyone sees it.
"""

from __future__ import annotations

import re

from deckgen.content.strictyaml import YMap, YSeq, load_text

_PRINTABLE = re.compile("[\x09\x0A\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010FFFF]")
_BLOCK_UNSAFE = re.compile("[^\x0A\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010FFFF]")
INDENT = 2


def quoted(text: str) -> str:
    """A double-quoted YAML scalar for any text."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _PRINTABLE.match(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    out.append('"')
    return "".join(out)


def _block(text: str, indent: int) -> str | None:
    """A literal block for multi-line text, or None when one cannot hold it exactly."""
    if "\n" not in text.rstrip("\n") and not text.endswith("\n"):
        return None
    if _BLOCK_UNSAFE.search(text) or text.endswith("\n\n") or text[:1] in " \n":
        return None
    body = text.removesuffix("\n")
    lines = body.split("\n")
    if any(line and not line.strip(" ") for line in lines) or any(line.endswith(" ") for line in lines):
        return None
    head = "|" if text.endswith("\n") else "|-"
    pad = " " * indent
    return head + "\n" + "\n".join(pad + line if line else "" for line in lines)


def _scalar(text: str, indent: int) -> str:
    return _block(text, indent) or quoted(text)


def _mapping(values: dict, indent: int, lines: list[str], first_prefix: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(values.items()):
        prefix = first_prefix if (i == 0 and first_prefix is not None) else pad
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            _mapping(value, indent + INDENT, lines)
        elif isinstance(value, list):
            if not value:
                lines.append(f"{prefix}{key}: []")
                continue
            lines.append(f"{prefix}{key}:")
            _sequence(value, indent + INDENT, lines)
        else:
            lines.append(f"{prefix}{key}: {_scalar(value, indent + INDENT)}")


def _sequence(values: list, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for value in values:
        if isinstance(value, dict):
            _mapping(value, indent + INDENT, lines, first_prefix=pad + "- ")
        elif isinstance(value, list):  # a table's row: one line, each cell quoted
            if not all(isinstance(v, str) for v in value):
                raise TypeError("only a list of texts (a table's row) may stand in a list")
            lines.append(f"{pad}- [" + ", ".join(quoted(v) for v in value) + "]")
        else:
            lines.append(f"{pad}- {_scalar(value, indent + INDENT)}")


def comment(line: str) -> str:
    """One comment line: no line breaks or invisible characters can end it early."""
    clean = "".join(ch if _PRINTABLE.match(ch) and ch not in "\n\t" else " " for ch in line)
    return ("# " + clean).rstrip()


def dump(values: dict, header: list[str] = ()) -> str:
    """The YAML text for `values` (str, dict and list only), with comment lines at the top."""
    lines = [comment(line) for line in header]
    _mapping(values, 0, lines)
    text = "\n".join(lines) + "\n"
    back = plain(load_text(text, "<draft>"))
    if back != values:  # a bug in this module, never the user's: the caller reports it as one
        raise AssertionError("the draft does not load back as written")
    return text


def plain(node):
    """A strict-YAML tree as plain dicts, lists and strings."""
    if isinstance(node, YMap):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, YSeq):
        return [plain(v) for v in node]
    return str(node)
