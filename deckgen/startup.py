"""What the command does so that starting costs less: deckgen's own work before the first output
is rendered (the command, the build's plan, reading the content and themes) is a fifth of what a
build pays beyond importing its two libraries, and most of it is the same at every start.

- **Generated class code, cached.** dataclasses writes each class's `__init__`, `__repr__`,
  `__eq__`, `__hash__` and `__setattr__` as source text and compiles it at every start: 0.6 ms
  (4-5 M instructions) a class, about 0.22 G for the 64 classes a build defines, a fifth of the
  import floor. The code objects are kept in $XDG_CACHE_HOME/deckgen/classes by that text, which
  decides them entirely (so a changed class or another Python never meets a stale entry).
- **No cyclic garbage collection while starting.** Importing the libraries and reading the
  inputs make long-lived objects only (a few hundred are garbage), yet Python's collector walks
  the growing heap again and again meanwhile (0.02 G). Collection is off until the first output
  is rendered; then everything made so far is frozen (gc.freeze: kept, never walked again, so
  later collections, which are many while rendering, walk only what rendering makes: 0.05 G
  less) and collection is on again, as it is for any other command.

Only the command does this (cli.py calls begin()), in its own process and the workers it forks:
`import deckgen` as a library changes neither the collector nor dataclasses.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from deckgen.cache import cache_dir, cache_store

_CLASS_CODE: dict[str, object] = {}
_CLASS_CODE_NEW: dict[str, object] = {}  # compiled by this process, not stored yet
_CLASS_CODE_USED: dict[str, object] = {}  # what this process defined: kept when the cache is renewed
_CLASS_CODE_MAX = 4000  # entries: classes edited over many versions leave theirs behind
_collecting_later = False  # begin() turned the collector off; settled() turns it on


def begin() -> None:
    """The command starts: generated class code from the cache, no collection until settled()."""
    global _collecting_later
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
    """The process ends: adds the class code it compiled to the cache (a no-op when nothing is new)."""
    import marshal

    if not _CLASS_CODE_NEW:
        return
    entry = _class_code_entry()
    table: dict = {}
    try:  # another process may have stored other classes meanwhile (a worker, another command)
        stored = marshal.loads(entry.read_bytes())
        if isinstance(stored, dict) and len(stored) + len(_CLASS_CODE_NEW) <= _CLASS_CODE_MAX:
            table = stored  # else renewed: only the classes this process defined
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table.update(_CLASS_CODE_USED)
    table.update(_CLASS_CODE_NEW)
    _CLASS_CODE_NEW.clear()
    cache_store(entry, marshal.dumps(table))


def _class_code_entry() -> Path:
    # code objects are specific to the interpreter's version (the tag) and optimisation level
    return cache_dir("classes") / f"{sys.implementation.cache_tag}-O{sys.flags.optimize}.marshal"


def _exec_cached(source, globals=None, locals=None, /):
    """exec() as dataclasses calls it, with the code object of each source text compiled once per
    machine. compile() here takes no flags from this module (dont_inherit), as exec() takes none from
    dataclasses', which has no __future__ imports: the code is the same as exec(source) would make."""
    if not isinstance(source, str):
        return exec(source, globals, locals)  # noqa: S102 (dataclasses' own call, unchanged)
    code = _CLASS_CODE.get(source)
    if code is None:
        code = _CLASS_CODE[source] = _CLASS_CODE_NEW[source] = compile(source, "<string>", "exec", dont_inherit=True)
    _CLASS_CODE_USED[source] = code
    return exec(code, globals, locals)  # noqa: S102


def _install_class_code_cache() -> None:
    """Makes the dataclasses defined from now on in this process reuse compiled code from the cache.

    `exec` is looked up in the dataclasses module's globals before the builtins, so defining it
    there reaches that module's one call (dataclasses._create_fn in Python 3.11 and 3.12, its
    successor's in 3.13) and nothing else."""
    import dataclasses
    import marshal

    if getattr(dataclasses, "exec", None) is _exec_cached:
        return
    try:
        table = marshal.loads(_class_code_entry().read_bytes())
        if isinstance(table, dict):
            _CLASS_CODE.update(table)
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or unreadable: compiled as usual
        pass
    dataclasses.exec = _exec_cached  # type: ignore[attr-defined]
