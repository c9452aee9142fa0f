"""What the command does so that starting costs less. Most of a start is the same every time: two
parts of it are kept in a form that loads faster than it is computed, and a third is skipped:

- **Compiled regular expressions.** Python compiles every pattern a module defines at every
  start, in Python (re._parser, re._compiler): ReportLab's paragraph module alone has patterns
  over large Unicode classes. That is 0.48 G of the 1.22 G instructions of the import floor
  (`python -c "import pptx, reportlab.platypus, yaml"`). A compiled pattern is a list of
  integers (the program _sre runs) with its flags and group names: kept here, keyed by the
  pattern and its flags, and handed to _sre.compile as re would hand them, so each Pattern is
  equal to the one re makes (same program, flags and groups).
- **Generated class code.** dataclasses writes each class's `__init__`, `__repr__`, `__eq__`,
  `__hash__` and `__setattr__` as source text and compiles it: 0.6 ms (4-5 M instructions) a
  class, about 0.22 G for the 64 classes of a build. The code objects are kept here keyed by
  that text, which decides them entirely.
- **No cyclic garbage collection while starting.** Importing and reading the inputs make
  long-lived objects only (a few hundred are garbage), yet the collector walks the growing heap
  again and again meanwhile. Collection is off until the first output is rendered; then what
  exists is frozen (gc.freeze: kept, never walked again, so the many collections while
  rendering walk only what rendering makes) and collection is on again: 0.06 G in all.

Both caches are one file each in $XDG_CACHE_HOME/deckgen/startup, per Python build (its version
string names the file): another Python never meets them, and a changed pattern or class is
another key (see _Table for keys that differ at every start). Only the command does any of this (`deckgen` and `python -m deckgen`: __main__.py
calls begin() before anything else is imported), in its own process and the workers it forks;
`import deckgen` as a library changes neither re, dataclasses nor the collector.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import sys
from pathlib import Path

from deckgen.cache import cache_dir, cache_store

_collecting_later = False  # begin() turned the collector off; settled() turns it on


class _Table:
    """One cache file: {key: value} of marshal-able values, loaded once, added to when it lacks one.

    Each value is kept in the file as its own marshal bytes and decoded only when a process asks
    for it: a process needs a fraction of the entries (the command's own patterns, or a worker's
    library's), so loading the file is a copy of its bytes, not the decoding of every pattern's
    program (7 ms for the patterns, before the build can fork its first worker).

    A few keys are new at every start: ReportLab's rl_safe_eval builds a 10 KB pattern from a
    set of names, in the set's order, which changes from one process to the next (hash
    randomisation). So that such keys neither pile up nor have the file written at every start,
    a key new to a cache file that has entries is first only noted as seen (its 8-byte digest
    appended to a `.seen` file beside it, the last 1,000 kept) and stored when a later process
    needs it again; a new cache file takes every key at once. Past 5,000 entries (patterns and
    classes of old versions) the file starts again."""

    SEEN = 1000
    MAX = 5000  # entries
    FORMAT = 3  # part of the file's name: another layout of the file is another file

    def __init__(self, kind: str):
        self.kind = kind
        self.known: dict = {}  # key: the value's marshal bytes, as read from the file
        self.values: dict = {}  # key: the value, decoded or computed by this process
        self.new: dict = {}  # computed by this process, not stored yet
        self.established = False  # the file held entries when this process read it

    def path(self) -> Path:
        build = hashlib.sha1(f"{sys.version}|{sys.flags.optimize}".encode()).hexdigest()[:16]
        return cache_dir("startup") / f"{self.kind}-{self.FORMAT}-{build}.marshal"

    def _read(self) -> dict:
        try:
            table = marshal.loads(self.path().read_bytes())
        except (OSError, EOFError, ValueError, TypeError):  # none yet, or unreadable: computed as usual
            return {}
        return table if isinstance(table, dict) else {}

    def load(self) -> None:
        table = self._read()
        self.known.update(table)
        self.established = bool(table)

    @staticmethod
    def _decode(raw):
        try:
            return marshal.loads(raw) if isinstance(raw, bytes) else None
        except (EOFError, ValueError, TypeError):  # a damaged entry: computed again
            return None

    def get(self, key, compute):
        value = self.values.get(key)
        if value is None:
            raw = self.known.get(key)
            value = None if raw is None else self._decode(raw)
            if value is None:
                value = self.new[key] = compute()
            self.values[key] = value
        return value

    def store(self) -> None:
        if not self.new:
            return
        new, self.new = self.new, {}
        path = self.path()
        seen_path = path.with_suffix(".seen")
        promoted, noted = new, []
        if self.established:  # a key new to the file is stored the second time a process needs it
            try:
                seen = seen_path.read_bytes()
            except OSError:
                seen = b""
            marks = {seen[i:i + 8] for i in range(0, len(seen) - 7, 8)}
            promoted = {}
            for key, value in new.items():
                mark = hashlib.sha1(marshal.dumps(key)).digest()[:8]
                if mark in marks:
                    promoted[key] = value
                else:
                    noted.append(mark)
            if noted and len(seen) + 8 * len(noted) > 8 * self.SEEN:  # the oldest marks go
                cache_store(seen_path, (seen + b"".join(noted))[-8 * self.SEEN:])
            elif noted:
                try:
                    with open(seen_path, "ab") as fh:
                        fh.write(b"".join(noted))
                except OSError:
                    pass
        if promoted:
            entries = self._read()  # as stored now: another process may have added to it meanwhile
            if len(entries) > self.MAX:  # old versions' patterns and classes: renewed with this process's
                entries = {}
            try:
                entries.update({key: marshal.dumps(value) for key, value in promoted.items()})
                data = marshal.dumps(entries)
            except ValueError:  # a value marshal cannot write: nothing is kept
                return
            cache_store(path, data)


_PATTERNS = _Table("patterns")
_CLASSES = _Table("classes")


def begin() -> None:
    """The command starts: patterns and class code from the caches, no collection until settled()."""
    global _collecting_later
    _install_pattern_cache()
    _install_class_code_cache()
    if gc.isenabled():
        gc.disable()
        _collecting_later = True


def settled() -> None:
    """Rendering starts (or a command that renders nothing runs): what exists now is frozen and
    collection is on again. A no-op unless begin() turned it off, and after the first call."""
    global _collecting_later
    if _collecting_later:
        _collecting_later = False
        gc.freeze()
        gc.enable()


def finish() -> None:
    """The process ends: stores the patterns and class code it compiled that the caches lacked."""
    _PATTERNS.store()
    _CLASSES.store()


def _install_pattern_cache() -> None:
    """re.compile (and every function of re that compiles) takes a pattern's program from the cache.

    re calls re._compiler.compile(pattern, flags) for a pattern not in its own small cache; that
    function is replaced by one doing the same steps (parse, generate the program, map the group
    names, _sre.compile), the first three once per machine. Python 3.11 to 3.13, whose compile()
    is those steps; another Python is left alone."""
    if sys.version_info[:2] not in ((3, 11), (3, 12), (3, 13)):
        return
    import _sre
    from re import DEBUG, _compiler, _parser

    original = _compiler.compile
    if getattr(original, "_deckgen", False):
        return

    def program(pattern, flags: int) -> tuple:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        # ints, not re's named opcode constants (int subclasses marshal cannot write)
        return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex,
                tuple(indexgroup))

    def compile(p, flags=0):  # the name re calls
        if not isinstance(p, (str, bytes)) or flags & DEBUG:
            return original(p, flags)
        final, code, groups, groupindex, indexgroup = _PATTERNS.get((p, int(flags)), lambda: program(p, flags))
        return _sre.compile(p, final, code, groups, groupindex, indexgroup)

    compile._deckgen = True  # type: ignore[attr-defined]
    _PATTERNS.load()
    _compiler.compile = compile


def _exec_cached(source, globals=None, locals=None, /):
    """exec() as dataclasses calls it, with the code object of each source text compiled once per
    machine. compile() here takes no flags from this module (dont_inherit), as exec() takes none from
    dataclasses', which has no __future__ imports: the code is the same as exec(source) would make."""
    if not isinstance(source, str):
        return exec(source, globals, locals)  # noqa: S102 (dataclasses' own call, unchanged)
    code = _CLASSES.get(source, lambda: compile(source, "<string>", "exec", dont_inherit=True))
    return exec(code, globals, locals)  # noqa: S102


def _install_class_code_cache() -> None:
    """Makes the dataclasses defined from now on in this process reuse compiled code from the cache.

    `exec` is looked up in the dataclasses module's globals before the builtins, so defining it
    there reaches that module's one call (dataclasses._create_fn in Python 3.11 and 3.12, its
    successor's in 3.13) and nothing else."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is _exec_cached:
        return
    _CLASSES.load()
    dataclasses.exec = _exec_cached  # type: ignore[attr-defined]
