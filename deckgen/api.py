"""deckgen as a library: `deckgen.load` and `deckgen.build`, the command's work from Python.

    import deckgen

    doc = deckgen.load("content/talk.yaml")          # strict, as `deckgen build` reads it
    result = deckgen.build(doc, formats=["deck"])    # or a content file, a folder, or a list of them
    print(result.written, result.up_to_date, result.warnings)

Both run exactly what the command runs (the same checks, stamps, workers and atomic
writes); a user mistake is raised as `DeckgenError`, whose `.diagnostics` are the lines the
command would print (`file:line:col: error: … (hint)`). A wrong argument value (an unknown
format) is a `ValueError` naming the value and the closest known one. See docs/api.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from deckgen.content.model import Document
from deckgen.errors import DeckgenError, Diagnostic, Location, suggest

Source = Union[str, "os.PathLike[str]", Document]
"""What deckgen.build takes: a content file, a folder of them, or a loaded Document."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the outputs written, those skipped as up to date, and every warning."""

    written: tuple[Path, ...] = ()
    up_to_date: tuple[Path, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # each once, in the order the command prints them
    fit: Mapping[Path, tuple[str, ...]] = field(default_factory=dict)  # each written output's fit report

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Every output of the build, written or up to date."""
        return self.written + self.up_to_date


def load(path: str | os.PathLike[str]) -> Document:
    """Reads and checks a content file as `deckgen build` does; returns the Document.

    Raises DeckgenError carrying every error found (`.diagnostics`, each with its
    file:line:col and hint). The warnings loading found are on the document (`doc.warnings`)
    and are reported again by deckgen.build(doc)."""
    from deckgen.content.load import load as load_file

    return load_file(Path(path))[0]


def build(source: Source | Iterable[Source], *, theme: str | os.PathLike[str] = "default",
          template: str | os.PathLike[str] | None = None, formats: Iterable[str] | None = None,
          out: str | os.PathLike[str] = "output", force: bool = False, paper: str | None = None,
          jobs: int | None = None, allow_low_contrast: bool = False) -> BuildResult:
    """Builds the outputs of one or more content files, folders or Documents into OUT/<theme>/.

    - `theme`: a theme name (the project's `themes/` in the current folder first, then the
      built-in ones) or a theme folder; `template`: a .pptx/.potx for the deck.
    - `formats`: names from deckgen.renderers.FORMATS ("deck", "handout", "cards", "guide", "slides-pdf", "notes";
      default: as the command, deckgen.build.run.DEFAULT_FORMATS).
    - `force`: write even outputs whose inputs did not change (otherwise they are skipped and
      listed in `up_to_date`). `paper`: "A4" or "letter". `jobs`: processes (default: as the
      command, one per core up to 4 on Linux, else 1; 1 builds in this process).

    A Document's outputs are named after `doc.name` (its file's name without .yaml) and are
    up to date while the document is the same. Raises DeckgenError with every error found
    (content, theme, template, writing), before any output is written where the error is in
    an input; ValueError for an unknown format or paper, TypeError for a source of another kind.
    """
    from deckgen.build import run as builder
    from deckgen.renderers import FORMATS

    files, documents = _sources(source)
    chosen = tuple(formats) if formats is not None else builder.DEFAULT_FORMATS
    if isinstance(formats, str):
        raise TypeError("formats must be a list of format names, such as ['deck', 'handout']")
    for fmt in chosen:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} ({suggest(fmt, FORMATS)})")
    papers = {"a4": "A4", "letter": "letter"}
    if paper is not None and paper.lower() not in papers:
        raise ValueError(f"unknown paper {paper!r} ({suggest(paper, ('A4', 'letter'))})")
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be 1 or more, not {jobs}")
    settings = builder.Settings(
        files=tuple(files), documents=tuple(documents), themes=(os.fspath(theme),), out=Path(out),
        formats=chosen, template=Path(template) if template is not None else None,
        paper=papers[paper.lower()] if paper else None, force=force, jobs=jobs or 0,
        allow_low_contrast=allow_low_contrast, project=Path("."))
    outcomes, notices = builder.build(settings)
    seen: dict[str, Diagnostic] = {}  # a warning about the content is found by every output: once
    for d in list(notices) + [d for o in outcomes for d in o.warnings]:
        seen.setdefault(d.format(), d)
    return BuildResult(written=tuple(o.job.output for o in outcomes if not o.skipped),
                       up_to_date=tuple(o.job.output for o in outcomes if o.skipped),
                       warnings=tuple(seen.values()),
                       fit={o.job.output: tuple(o.report) for o in outcomes if not o.skipped})


def _sources(source: Source | Iterable[Source]) -> tuple[list[Path], list[Document]]:
    """The content files (folders expanded to their *.yaml and *.yml) and the Documents given."""
    if isinstance(source, (str, os.PathLike, Document)):
        items: list = [source]
    elif isinstance(source, Iterable):
        items = list(source)
    else:
        raise TypeError(f"deckgen.build takes content files, folders or Documents, not {type(source).__name__}")
    files: list[Path] = []
    documents: list[Document] = []
    for item in items:
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, (str, os.PathLike)):
            path = Path(item)
            if path.is_dir():
                found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
                if not found:
                    raise DeckgenError(Diagnostic("error", "no content files (*.yaml) in this folder",
                                                  Location(str(path)), "name a content file or another folder"))
                files += found
            else:
                files.append(path)
        else:
            raise TypeError(f"deckgen.build takes content files, folders or Documents, not {type(item).__name__}")
    if not items:
        raise ValueError("deckgen.build needs at least one content file, folder or Document")
    return files, documents


__all__ = ["BuildResult", "DeckgenError", "Diagnostic", "Document", "build", "load"]
