"""Authoring: starting the files a user then edits (`deckgen themes new`, `deckgen new`).

May import every stage below it (it reads templates through the deck renderer's reader);
nothing imports it but the command line, so a build never pays for its readers
(python-docx above all).

  newtheme.py     deckgen themes new: a theme folder from the default theme or a template
  starter.py      deckgen new: the starter files in nl, en, de, fr (data in starters/)
  budget.py       what an import may cost, counted by what it does (paragraphs, runs, notes …; limits)
  docx_package.py deckgen new --from x.docx: checks of the file before any XML is parsed (its size, and
                  every part streamed against the budget); properties
  docx_import.py  Word (.docx) -> blocks, notes, metadata      (the only user of python-docx)
  docx_pictures.py a drawing's picture: its image part, format and alt text (decorative, Word's own)
  md_import.py    Markdown -> the same
  draft.py        blocks -> the content format's parts (title, lead, sections, Q&A, sources, colophon)
  pictures.py     the pictures an import found, and where the draft places them (one per part)
  inline.py       runs -> inline markup, checked by deckgen's own markup parser; paragraphs and lists
  language.py     the language tag, checked against the text
  yamlwrite.py    values -> YAML that loads back exactly
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from deckgen.errors import Location, fail, not_a_file, path_problem

MAX_DRAFT_BYTES = 2 * 1024 * 1024  # what the content loader reads (strictyaml.MAX_BYTES)
IMPORTERS = {".docx": "docx", ".md": "md", ".markdown": "md", ".mdown": "md", ".mkd": "md", ".txt": "md"}
_REFUSED = {".doc": "an old Word 97-2003 document: open it in Word and save it as .docx",
            ".odt": "an OpenDocument text: save it as Word (.docx) in LibreOffice or Word",
            ".rtf": "rich text: save it as Word (.docx)",
            ".pdf": "a PDF: open it in Word (which converts PDFs) and save it as .docx",
            ".dotx": "a Word template: open it in Word and save it as a Word Document (.docx)",
            ".docm": "a Word document with macros: save it as a Word Document (.docx)"}


@dataclass
class Result:
    path: Path
    summary: str
    skipped: list[str]
    notices: list[str]


def check_target(path: Path) -> None:
    """A content file name that deckgen will build, and that is not there yet."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise fail(Location(str(path)), "a content file's name must end in .yaml",
                   f"for example: deckgen new {path.with_suffix('.yaml')}")
    if (problem := path_problem(str(path))) is not None:
        raise fail(Location(str(path)), f"the file name {problem[0]}", problem[1])
    if os.path.lexists(path):
        raise fail(Location(str(path)), "this file already exists; deckgen new never overwrites a file",
                   "name another file, for example: deckgen new " + str(path.with_name(path.stem + "-2.yaml")))


def create(path: Path, text: str) -> None:
    """Writes a new file whole, or not at all; an existing file is never replaced."""
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.new-{os.getpid()}.part")
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # fails if path exists: no race with another writer
        except FileExistsError:
            raise fail(Location(str(path)), "this file already exists; deckgen new never overwrites a file",
                       "name another file") from None
        except OSError:  # a file system without hard links
            with open(path, "xb") as fh:
                fh.write(data)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise fail(Location(str(path)), f"cannot write the file: {exc.strerror or exc}",
                   "choose another folder, or fix its permissions") from None


def _pictures(path: Path, pictures: list) -> list[Path]:
    """Writes a draft's pictures into images/ beside it (NAME-1.jpg, NAME-2.png …, never over a file
    that is there: the next free number) and sets each image's `file:`; the files written."""
    folder = path.parent / "images"
    written: list[Path] = []
    number = 0
    for value, picture in pictures:
        while True:
            number += 1
            target = folder / f"{path.stem}-{number}{picture.suffix}"
            if not os.path.lexists(target):
                break
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as fh:
                fh.write(picture.data)
        except OSError as exc:
            for done in written:
                done.unlink(missing_ok=True)
            raise fail(Location(str(target)), f"cannot write the picture: {exc.strerror or exc}",
                       "choose another folder, or fix its permissions") from None
        written.append(target)
        value["file"] = f"images/{target.name}"
    return written


def start(path: Path, language: str) -> Result:
    """Writes the starter content file in `language`."""
    from deckgen.authoring import starter

    check_target(path)
    create(path, starter.text(language))
    return Result(path, starter.summary(language), [], [])


def import_file(path: Path, source: Path, language: str | None) -> Result:
    """Writes a draft content file made from a Word or Markdown one-pager."""
    from deckgen.authoring import draft, yamlwrite

    check_target(path)
    where = Location(str(source))
    suffix = source.suffix.lower()
    if (problem := path_problem(str(source))) is not None:
        raise fail(where, f"the file name {problem[0]}", problem[1])
    problem = not_a_file(source)  # one stat, guarded: a FIFO would hang, a symlink loop would raise
    if problem == "file not found":
        raise fail(where, "file not found", "check the name; --from takes a .docx, .md or .txt file")
    if problem == "is a folder, not a file":
        raise fail(where, "this is a folder, not a document", "--from takes a .docx, .md or .txt file")
    if problem:
        raise fail(where, f"the file {problem}", "--from takes a .docx, .md or .txt file")
    if suffix in _REFUSED:
        raise fail(where, f"cannot import {_REFUSED[suffix].split(':')[0]}", _REFUSED[suffix].split(": ", 1)[1])
    if suffix not in IMPORTERS:
        raise fail(where, f"cannot import a '{suffix or source.name}' file",
                   "--from takes a Word document (.docx) or a Markdown file (.md, or .txt read as Markdown)")
    if IMPORTERS[suffix] == "docx":
        from deckgen.authoring import docx_import as reader
    else:
        from deckgen.authoring import md_import as reader
    imported = reader.read(source)
    result = draft.assemble(imported, language)
    header = [f"Draft made by deckgen new from {source.name}: review it, then run: deckgen build {path}",
              "Tip: give each section 2-4 short 'points:' for its slide (the text then goes to the speaker notes)."]
    if result.skipped:
        header.append("Not imported (add it by hand if it matters):")
        header += [f"  - {line}" for line in result.skipped]
    if result.notices:
        header.append("To check:")
        header += [f"  - {line}" for line in result.notices]
    for value, _ in result.pictures:
        value["file"] = "images/…"  # the draft's size and its loading back are checked before any file is written
    text = yamlwrite.dump(result.values, header)
    if len(text.encode("utf-8")) > MAX_DRAFT_BYTES:
        raise fail(where, f"the draft would be {len(text.encode('utf-8')) / 2**20:.1f} MB, more than a content "
                          f"file may be ({MAX_DRAFT_BYTES // 2**20} MB)",
                   "import the one-pager alone, or split the document")
    written = _pictures(path, result.pictures)
    try:
        create(path, yamlwrite.dump(result.values, header))
    except BaseException:
        for picture in written:  # no draft, no pictures of it left behind
            picture.unlink(missing_ok=True)
        raise
    found = draft.summary(result) + f"; language {result.values['language']}"
    return Result(path, found, result.skipped, result.notices)
