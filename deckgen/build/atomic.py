"""Writing outputs so that a failed, killed or concurrent build never leaves a broken file.

The bytes go to a temporary file in the same folder, are flushed to disk, and replace
the old file in one rename: readers see the old file or the new one, never half of one.
A build killed between creating its temporary file and the rename leaves a hidden
`.NAME.*.part` file; the next write of NAME removes those older than a minute (a live
build's temporary file exists for milliseconds: the bytes are complete before it is made).
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 60


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically replaces path with data (the previous file survives any failure)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_stale_parts(path: Path, age: float = STALE_SECONDS) -> list[Path]:
    """Removes temporary files of path that a killed build left (older than `age` seconds)."""
    prefix, removed = f".{path.name}.", []
    limit = time.time() - age
    try:
        with os.scandir(path.parent) as listing:
            entries = list(listing)
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".part")):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:  # gone meanwhile (another build cleaned it), or not ours to remove
            pass
    return removed


def check_writable(folder: Path) -> str | None:
    """None when outputs can be written in folder, else the reason why not.

    Nothing is created: a folder that does not exist yet is judged by its nearest
    existing parent, and made when the first output is written (so a build stopped by
    an error in its inputs leaves no empty folders behind).
    """
    from deckgen.errors import path_problem

    if (problem := path_problem(str(folder))) is not None:
        return f"the folder's name {problem[0]}"
    target = folder
    while not os.path.lexists(target):
        if target.parent == target:
            return os.strerror(errno.ENOENT)
        target = target.parent
    try:
        is_dir = target.is_dir()
    except OSError as exc:  # a symlink loop
        return exc.strerror or str(exc)
    if not is_dir:
        return os.strerror(errno.ENOTDIR if target != folder else errno.EEXIST)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".deckgen-write-test.", suffix=".part", dir=target)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
