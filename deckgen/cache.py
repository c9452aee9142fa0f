"""deckgen's cache folder, $XDG_CACHE_HOME/deckgen (~/.cache/deckgen): what is the same on every build,
kept in a form that loads faster than it is computed (font metrics, ReportLab's parsed fonts, the
system's font index, dates in each language's CLDR format).

Every entry is written whole (a temporary file, then a rename), so builds running at once never
read half an entry; a cache that cannot be read or written costs only the work it would save.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENTRIES = 200  # per cache folder: fonts moved, edited or used once by a test leave entries behind


def cache_dir(kind: str) -> Path:
    """$XDG_CACHE_HOME/deckgen/KIND (~/.cache when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "deckgen" / kind


def cache_store(entry: Path, data: bytes) -> None:
    """Writes a cache entry whole (a temporary file, then a rename) and prunes its folder;
    a cache that cannot be written (a read-only home) is silently skipped."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, entry)
        prune_cache(entry.parent)
    except OSError:
        pass


def prune_cache(folder: Path, keep: int = CACHE_ENTRIES) -> None:
    """Removes the oldest entries of a cache folder beyond `keep` (called after adding one)."""
    try:
        entries = [(entry.stat().st_mtime, entry.path) for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return
    if len(entries) <= keep:
        return
    for _, path in sorted(entries)[:len(entries) - keep]:
        try:
            os.unlink(path)
        except OSError:  # gone meanwhile (another build pruned it)
            pass


# dataclasses writes each class's __init__, __repr__, __eq__, __hash__ and __setattr__ as source
# text and compiles it, at every start: 0.6 ms a class, 4-5 M instructions, about 0.25 G for the
# 64 classes a build defines (a fifth of the import floor). The code objects are kept here by
# that text, which decides them entirely; see install_class_code_cache.
_CLASS_CODE: dict[str, object] = {}
_CLASS_CODE_NEW: dict[str, object] = {}  # compiled by this process, not stored yet
_CLASS_CODE_USED: dict[str, object] = {}  # what this process defined: kept when the cache is renewed
_CLASS_CODE_MAX = 4000  # entries: classes edited over many versions leave theirs behind


def _class_code_entry() -> Path:
    import sys

    # code objects are specific to the interpreter's version (the tag) and optimisation level
    return cache_dir("classes") / f"{sys.implementation.cache_tag}-O{sys.flags.optimize}.marshal"


def _exec_cached(source, globals=None, locals=None, /):
    """exec() as dataclasses calls it, with the code object of each source text compiled once per
    machine. compile() here takes no flags from this module (dont_inherit), as exec() takes none from
    dataclasses', which has no __future__ imports: the code is the same as exec(source) would make."""
    if not isinstance(source, str):
        return exec(source, globals, locals)
    code = _CLASS_CODE.get(source)
    if code is None:
        code = _CLASS_CODE[source] = _CLASS_CODE_NEW[source] = compile(source, "<string>", "exec", dont_inherit=True)
    _CLASS_CODE_USED[source] = code
    return exec(code, globals, locals)


def install_class_code_cache() -> None:
    """Makes the dataclasses defined from now on in this process reuse compiled code from the cache
    ($XDG_CACHE_HOME/deckgen/classes); store_class_code() saves what was compiled meanwhile.

    Only the command installs it (cli.py), in its own process: `exec` is looked up in the
    dataclasses module's globals before the builtins, so defining it there reaches that module's
    one call (dataclasses._create_fn in Python 3.11 and 3.12, its successor's in 3.13) and nothing
    else. The text is the whole key, so a changed class or another Python never meets a stale entry."""
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


def store_class_code() -> None:
    """Adds the class code this process compiled to the cache (a no-op when nothing is new)."""
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
