"""Incremental builds, and outputs that a user has edited since deckgen wrote them.

A stamp beside each output records a hash of its inputs (the content file, every file
of the theme folders, the template, deckgen's own code and the build options), the hash
of each picture file the output shows (known only once the content is read, so recorded
per file: an edited photo makes stale exactly the outputs that show it) and the hashes
of the versions of the output deckgen wrote. An output whose inputs did not
change is skipped; this path imports nothing heavy, so an up-to-date build returns at
once. An output that is about to be replaced but is none of the versions deckgen wrote
(a trainer edited the deck in PowerPoint) is first moved aside, never overwritten; so is
one without a stamp (the `.deckgen` folder was not copied along, or was cleaned away)
that differs from what the build writes now: with nothing to tell a user's edit from an
older build, the file is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import deckgen

STAMP_DIR = ".deckgen"


@lru_cache(maxsize=None)
def _code_digest() -> str:
    """The hash of deckgen's own code (every .py file's name and bytes), part of every stamp.

    Reading and hashing the hundred files costs 10-15 ms a build; the digest is kept in the cache
    folder under the folder's path and the files' names, sizes, modification and change times and
    inodes (more than Python itself checks before it reuses a compiled module), so a build only
    lists them."""
    root = Path(deckgen.__file__).parent
    listing = hashlib.sha256(f"{deckgen.__version__}|{root.resolve()}".encode())
    try:
        found = _python_files(str(root))  # (relative path's parts, os.DirEntry), in the order rglob sorts
        paths = [root.joinpath(*parts) for parts, _ in found]
        for parts, entry in found:  # the change time too: a file rewritten (an upgrade, a copy keeping dates) has a new one
            info = entry.stat()
            listing.update(f"{'/'.join(parts)}|{info.st_size}|{info.st_mtime_ns}|"
                           f"{info.st_ctime_ns}|{info.st_ino}\n".encode())
    except OSError:
        paths = sorted(root.rglob("*.py"))
        listing = None
    from deckgen.cache import cache_dir, cache_store

    entry = cache_dir("code") / f"{listing.hexdigest()}.sha256" if listing else None
    if entry is not None:
        try:
            known = entry.read_text(encoding="ascii").strip()
            if len(known) == 64 and all(c in "0123456789abcdef" for c in known):
                return known
        except (OSError, UnicodeDecodeError):
            pass
    h = hashlib.sha256(deckgen.__version__.encode())
    for path in paths:
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    if entry is not None:
        cache_store(entry, h.hexdigest().encode("ascii"))
    return h.hexdigest()


def _python_files(root: str) -> list[tuple[tuple[str, ...], os.DirEntry]]:
    """Every *.py file under root (following linked folders, as Path.rglob does), sorted as
    sorted(root.rglob("*.py")) sorts them (by their parts); with os.scandir, whose entries carry
    what stat needs: listing the package this way costs a fifth of pathlib's rglob."""
    found = []

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    walk(entry.path, (*parts, entry.name))
                elif entry.name.endswith(".py"):
                    found.append(((*parts, entry.name), entry))

    walk(root, ())
    return sorted(found, key=lambda item: item[0])


def _file_digest(path: Path) -> str:
    # Not cached: a file edited while the process lives (a test, an editor plug-in) must
    # change the digest, and a file's timestamp can stay the same across quick edits.
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and STAMP_DIR not in p.parts)


def digest(content: Path | bytes, theme_dirs: list[Path], extra_files: list[Path], options: str,
           memo: dict | None = None) -> str:
    """The hash of everything an output depends on (content: the content file, or a loaded document's bytes).

    `memo`: one plan's files read and folders listed, so that the outputs of one content file
    and theme (four by default) read each file once; never kept past the plan, as a file
    edited meanwhile must change the digest."""
    memo = {} if memo is None else memo

    def file_digest(path: Path) -> str:
        if path not in memo:
            memo[path] = _file_digest(path)
        return memo[path]

    h = hashlib.sha256(_code_digest().encode())
    h.update(options.encode())
    h.update((hashlib.sha256(content).hexdigest() if isinstance(content, bytes) else file_digest(content)).encode())
    for folder in theme_dirs:
        if ("folder", folder) not in memo:
            memo["folder", folder] = _folder_files(folder)
        for path in memo["folder", folder]:
            h.update(path.as_posix().encode())
            h.update(file_digest(path).encode())
    for path in extra_files:
        h.update(file_digest(path).encode())
    return h.hexdigest()


HISTORY = 10  # versions of an output remembered as deckgen's own


@dataclass(frozen=True)
class Stamp:
    inputs: str = ""
    # sha256 of each version of the output deckgen wrote, oldest first; None for a stamp
    # written by an older deckgen, which did not record them (its output is trusted)
    outputs: tuple[str, ...] | None = ()
    files: tuple[tuple[str, str], ...] = ()  # (path, sha256) of each picture the output shows
    # The fit report and the warnings (as printed) of the build that wrote the output: what
    # `deckgen preview` and `watch` show for an output they find up to date.
    report: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def stamp_path(output: Path) -> Path:
    return output.parent / STAMP_DIR / (output.name + ".stamp")


def read(output: Path) -> Stamp | None:
    """The output's stamp, or None when there is none (or it cannot be read)."""
    try:
        text = stamp_path(output).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith("{"):
        return Stamp(text, None)
    try:
        data = json.loads(text)
        files = tuple((str(path), str(digest)) for path, digest in data.get("files", []))
        return Stamp(str(data["inputs"]), tuple(str(d) for d in data["outputs"]), files,
                     tuple(str(line) for line in data.get("report", [])),
                     tuple(str(line) for line in data.get("warnings", [])))
    except (ValueError, KeyError, TypeError):
        return None


def files_digests(paths: list[str]) -> tuple[tuple[str, str], ...]:
    """(path, sha256) of each file, in order, each once."""
    return tuple((path, _file_digest(Path(path))) for path in dict.fromkeys(paths))


def _files_unchanged(files: tuple[tuple[str, str], ...]) -> bool:
    try:
        return all(_file_digest(Path(path)) == digest for path, digest in files)
    except OSError:  # a picture gone or unreadable: build, and let the content's check say why
        return False


def up_to_date(output: Path, value: str) -> bool:
    stamp = read(output)
    return output.is_file() and stamp is not None and stamp.inputs == value and _files_unchanged(stamp.files)


def _write(output: Path, stamp: Stamp) -> None:
    from deckgen.build.atomic import write_bytes

    data = {"inputs": stamp.inputs, "outputs": list(stamp.outputs or ())}
    if stamp.files:
        data["files"] = [list(pair) for pair in stamp.files]
    if stamp.report:
        data["report"] = list(stamp.report)
    if stamp.warnings:
        data["warnings"] = list(stamp.warnings)
    write_bytes(stamp_path(output), json.dumps(data, separators=(",", ":")).encode())


def data_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remember(old: Stamp, digest: str | None) -> tuple[str, ...]:
    """The versions known, with `digest` as the newest, at most HISTORY of them."""
    known = tuple(d for d in (old.outputs or ()) if d != digest)
    return known if digest is None else known[-(HISTORY - 1):] + (digest,)


def expect(output: Path, digest: str) -> None:
    """Before an output is replaced: remembers the new version as deckgen's own (the inputs
    are recorded only after the write, so a build stopped in between is never up to date)."""
    old = read(output) or Stamp()
    _write(output, Stamp(old.inputs, _remember(old, digest), old.files, old.report, old.warnings))


def record(output: Path, value: str, digest: str | None = None, files: tuple[tuple[str, str], ...] = (),
           report: tuple[str, ...] = (), warnings: tuple[str, ...] = ()) -> None:
    """After an output is written: its inputs' hash, its pictures' digests, its fit report and warnings,
    beside the versions written."""
    _write(output, Stamp(value, _remember(read(output) or Stamp(), digest), files, tuple(report), tuple(warnings)))


def edited(output: Path, new: str | None = None) -> str | None:
    """Why the output must be kept aside before it is replaced by the version whose digest is
    `new`, or None: "edited" when it is none of the versions deckgen wrote (a user changed
    it); "unknown" when there is no stamp to tell (a copied or cleaned output folder, a
    damaged stamp) and it differs from the new version, which may be a user's edit too.

    A stamp of an older deckgen, which recorded no versions, is trusted: None."""
    if not output.is_file():
        return None
    stamp = read(output)
    if stamp is None:
        return "unknown" if new is None or data_digest(output.read_bytes()) != new else None
    if stamp.outputs is None:
        return None
    return "edited" if data_digest(output.read_bytes()) not in stamp.outputs else None


def keep_aside(output: Path) -> Path:
    """Moves an edited output to NAME.edited-N.EXT (the first N free) and returns that path."""
    base, dot, ext = output.name.rpartition(".")
    number = 1
    while True:
        target = output.with_name(f"{base}.edited-{number}{dot}{ext}" if dot else f"{output.name}.edited-{number}")
        if not target.exists():
            os.rename(output, target)
            return target
        number += 1


@contextlib.contextmanager
def locked(output: Path):
    """Holds a lock per output (on Linux and macOS) while it is checked, moved aside and written,
    so that two builds writing it at once cannot mistake each other's version for an edit."""
    try:
        import fcntl
    except ImportError:  # Windows: builds run one at a time there anyway
        yield
        return
    folder = stamp_path(output).parent
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / (output.name + ".lock"), "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
