"""deckgen's cache folder, $XDG_CACHE_HOME/deckgen (~/.cache/deckgen): what is the same on every build,
kept in a form that loads faster than it is computed (font metrics, ReportLab's parsed fonts, the
system's font index, dates in each language's CLDR format; for the deck: QR codes, a template's
pictures decoded small, templates that passed their checks).

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


def cache_seal(entry: Path, magic: bytes, body: bytes) -> None:
    """Stores body as an entry that carries its own check: magic, the body's SHA-256, the body."""
    import hashlib

    cache_store(entry, magic + hashlib.sha256(body).digest() + body)


def cache_open(entry: Path, magic: bytes) -> bytes | None:
    """The body of an entry cache_seal wrote with this magic; None when it is missing, of another
    format or damaged (its digest does not match): then the caller makes it again."""
    import hashlib

    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    digest, body = raw[len(magic):len(magic) + 32], raw[len(magic) + 32:]
    if not raw.startswith(magic) or hashlib.sha256(body).digest() != digest:
        return None
    return body


def prune_cache(folder: Path, keep: int = CACHE_ENTRIES) -> None:
    """Removes the oldest entries of a cache folder beyond `keep` (called after adding one)."""
    entries = []
    try:
        with os.scandir(folder) as listing:  # closed even when an entry goes meanwhile
            for entry in listing:
                try:
                    if entry.is_file():
                        entries.append((entry.stat().st_mtime, entry.path))
                except OSError:  # removed meanwhile (another build pruned it)
                    continue
    except OSError:
        return
    if len(entries) <= keep:
        return
    for _, path in sorted(entries)[:len(entries) - keep]:
        try:
            os.unlink(path)
        except OSError:  # gone meanwhile (another build pruned it)
            pass

