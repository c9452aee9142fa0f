"""Diagnostics for user mistakes: every message says where (path:line:col) and what to do.

User errors are values (`Diagnostic`) collected into a `Diagnostics` list so that a
run reports every problem at once; `DeckgenError` carries them to the command line,
which prints them without a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Characters a terminal would act on or hide rather than show: controls (ESC starts a
# terminal escape sequence), line and paragraph separators, format characters (bidi
# overrides, zero-width), surrogates, private use and unassigned code points.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                     "\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff]")


def hidden(char: str) -> bool:
    """Whether a terminal would act on char or not show it (a control, a format character …)."""
    return bool(_HIDDEN.match(char)) or (not char.isprintable() and char != " " and unicodedata.category(char)
                                         in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp", "Cs"))


def first_hidden(text: str) -> str | None:
    """The first character of text that visible() would write out, or None."""
    if text.isprintable() and not _HIDDEN.search(text):
        return None
    return next((char for char in text if hidden(char)), None)


def visible(text: str) -> str:
    """Text for a message: every character a terminal would act on or not show is written
    out (\\x1b, \\n, U+2028), so that a message never moves the cursor, changes colours or
    hides what it quotes. Other text is left as it is."""
    if text.isprintable() and not _HIDDEN.search(text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\x{code:02x}"))
        elif hidden(char):
            out.append(f"U+{code:04X}")
        else:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class Location:
    """A place in a user's file; line and col are 1-based, absent for binary files."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.col is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem (severity "error") or notice (severity "warning") at a location."""

    severity: str
    message: str
    location: Location
    hint: str | None = None

    def format(self) -> str:
        """`path:line:col: severity: message (hint)`, with hidden characters shown (see visible)."""
        text = f"{visible(str(self.location))}: {self.severity}: {visible(self.message)}"
        return f"{text} ({visible(self.hint)})" if self.hint else text

    __str__ = format


@dataclass
class Diagnostics:
    """Collects problems so that a user sees all of them in one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("error", message, location, hint))

    def warning(self, location: Location, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("warning", message, location, hint))

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        """Stops the run with every error found so far (warnings travel along)."""
        if self.errors:
            raise DeckgenError(list(self.items))


class DeckgenError(Exception):
    """A user mistake: printed as its diagnostics, exit code 1, never a traceback."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str, location: Location | None = None,
                 hint: str | None = None):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("error", diagnostics, location or Location("deckgen"), hint)]
        elif isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def fail(location: Location, message: str, hint: str | None = None) -> DeckgenError:
    """Builds a single-error DeckgenError, for `raise fail(...)`."""
    return DeckgenError(Diagnostic("error", message, location, hint))


def not_a_file(path) -> str | None:
    """Why path cannot be read as an input file (missing, a folder, a FIFO, a device), or None.

    Checked with stat before anything opens the file: reading a FIFO or /dev/zero would hang."""
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "file not found"
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


MAX_NAME_BYTES = 255  # the longest file or folder name common file systems hold
MAX_PATH_CHARS = 1024


def path_problem(raw: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) when raw cannot name a file on any system, else None.

    Checked before the path reaches the file system: a NUL or a lone surrogate makes
    Python raise instead of answering, and an over-long name makes the system refuse."""
    import os

    if "\x00" in raw:
        return "contains a NUL character (U+0000), which no file name can hold", "retype the file name"
    try:
        encoded = os.fsencode(raw)
    except UnicodeEncodeError as exc:
        return (f"contains U+{ord(raw[exc.start]):04X}, which no file name can hold (half of a surrogate pair)",
                "retype the file name")
    if len(raw) > MAX_PATH_CHARS:
        return (f"is {len(raw)} characters long; a path here may have at most {MAX_PATH_CHARS}",
                "give the file a shorter name")
    for part in encoded.replace(b"\\", b"/").split(b"/"):
        if len(part) > MAX_NAME_BYTES:
            return (f"has a name of {len(part)} bytes; file names hold at most {MAX_NAME_BYTES}",
                    "give the file a shorter name")
    if (char := first_hidden(raw)) is not None:
        return f"contains the invisible character U+{ord(char):04X}", "retype the file name without it"
    return None


@dataclass(frozen=True)
class Refused:
    """Why a path a user named cannot be used: `problem` follows the key in a message
    ("'logo: file' points outside …"), `hint` says what to do."""

    problem: str
    hint: str

    def after(self, key: str) -> str:
        """The message about `key`: "'logo: file' points outside …", "'logo: file': file not found: …"."""
        return f"'{key}': {self.problem}" if self.problem.startswith("file not found") else f"'{key}' {self.problem}"


def within(path, root) -> bool:
    """Whether path, with every symbolic link followed, lies inside root (False for a link loop)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop (RuntimeError before Python 3.13)
        return False


def named_file(raw: str, folder, root, root_name: str, copy_hint: str):
    """The regular file that raw (as typed in a YAML file in `folder`) names, or why not (`Refused`).

    One rule for every file a content file or a theme names (pictures, logos, fonts,
    templates): the name is relative to the folder of the file that names it, and the file
    must lie inside `root` (a theme's folder; a content file's project), by its name and by
    every symbolic link on the way; no absolute path, no '~'. Then one stat, guarded, says
    whether it is a regular file: nothing ever opens a FIFO or a device, and a symlink loop,
    a NUL or a name too long for the file system is a message, never an exception."""
    import os
    from pathlib import Path

    raw = raw.strip()
    if (problem := path_problem(raw)) is not None:
        return Refused(*problem)
    rel = Path(raw.replace("\\", "/"))
    if rel.is_absolute() or raw.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", raw):
        return Refused(f"points outside {root_name}: {raw}", copy_hint)
    path = Path(folder) / rel
    # '..' taken by name from the folder's real place (a project reached through a linked folder is
    # still the project); links inside are followed by within() below
    if not Path(os.path.normpath(os.path.join(os.path.realpath(folder), rel))).is_relative_to(os.path.realpath(root)):
        return Refused(f"points outside {root_name}: {raw}", copy_hint)
    if not within(path, Path(root)):
        problem = not_a_file(path)
        if problem and problem != "file not found" and "cannot be read" in problem:
            return Refused(f"{problem}: {raw}", "name a regular file")
        if problem != "file not found":
            return Refused(f"leads outside {root_name} (through a symbolic link): {raw}",
                           f"copy the file itself into {root_name}")
    problem = not_a_file(path)  # asked with stat, before anything opens it: a FIFO or a device would hang
    if problem == "file not found":
        return Refused(f"file not found: {raw}", f"put the file in {folder}")
    if problem:
        return Refused(f"{problem}: {raw}", "name the file inside it" if "folder" in problem else "name a regular file")
    return path


def suggest(value: str, choices) -> str:
    """A hint for a value that is none of choices: "did you mean 'deck'? choose from deck, handout, …"
    (the question only when one choice is close, case aside)."""
    import difflib

    choices = [str(c) for c in choices]
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.5 if len(value) <= 3 else 0.6)
    listed = "choose from " + ", ".join(choices)
    return f"did you mean '{lowered[close[0]]}'? {listed}" if close else listed
