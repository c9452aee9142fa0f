"""Incremental builds: an output is skipped when nothing it was made from has changed.

A stamp beside each output records a hash of its inputs: the content file, every file
of the theme folders, the template, deckgen's own code and the build options. This
path imports nothing heavy, so an up-to-date build returns at once.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import deckgen

STAMP_DIR = ".deckgen"


@lru_cache(maxsize=None)
def _code_digest() -> str:
    h = hashlib.sha256(deckgen.__version__.encode())
    root = Path(deckgen.__file__).parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    # Not cached: a file edited while the process lives (a test, an editor plug-in) must
    # change the digest, and a file's timestamp can stay the same across quick edits.
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and STAMP_DIR not in p.parts)


def digest(content: Path, theme_dirs: list[Path], extra_files: list[Path], options: str) -> str:
    """The hash of everything an output depends on."""
    h = hashlib.sha256(_code_digest().encode())
    h.update(options.encode())
    h.update(_file_digest(content).encode())
    for folder in theme_dirs:
        for path in _folder_files(folder):
            h.update(path.as_posix().encode())
            h.update(_file_digest(path).encode())
    for path in extra_files:
        h.update(_file_digest(path).encode())
    return h.hexdigest()


def stamp_path(output: Path) -> Path:
    return output.parent / STAMP_DIR / (output.name + ".stamp")


def up_to_date(output: Path, value: str) -> bool:
    stamp = stamp_path(output)
    return output.is_file() and stamp.is_file() and stamp.read_text().strip() == value


def record(output: Path, value: str) -> None:
    from deckgen.atomic import write_bytes

    write_bytes(stamp_path(output), value.encode())
