"""Writing outputs so that a failed, killed or concurrent build never leaves a broken file.

The bytes go to a temporary file in the same folder, are flushed to disk, and replace
the old file in one rename: readers see the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    """Atomically replaces path with data (the previous file survives any failure)."""
    path.parent.mkdir(parents=True, exist_ok=True)
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


def check_writable(folder: Path) -> str | None:
    """None when outputs can be written in folder (creating it), else the reason why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return exc.strerror or str(exc)
    if not folder.is_dir():
        return "it exists but is not a folder"
    try:
        fd, tmp = tempfile.mkstemp(prefix=".deckgen-write-test.", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
