"""The build: content files × themes × formats into output files, checked first, written atomically.

Every input is loaded and checked before the first output is written, so a mistake
anywhere costs nothing already built. Outputs whose inputs did not change are skipped.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deckgen import parallel, stamps
from deckgen.atomic import check_writable, write_bytes
from deckgen.errors import Diagnostic, Diagnostics, DeckgenError, Location

DEFAULT_FORMATS = ("deck", "handout", "cards")


@dataclass(frozen=True)
class Settings:
    """What the user asked for on the command line."""

    files: tuple[Path, ...]
    themes: tuple[str, ...]
    out: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    template: Path | None = None
    paper: str | None = None
    force: bool = False
    jobs: int = 0  # processes; 0: as many as the machine has cores (up to 4)
    allow_low_contrast: bool = False
    project: Path = Path(".")

    def options_key(self) -> str:
        return f"template={self.template};paper={self.paper};contrast={self.allow_low_contrast}"


@dataclass(frozen=True)
class Job:
    content: Path
    theme: str
    fmt: str
    output: Path
    stamp: str


@dataclass
class Outcome:
    job: Job
    seconds: float = 0.0
    skipped: bool = False
    report: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def content_files(files: tuple[Path, ...], project: Path) -> list[Path]:
    """The files named, or every content/*.yaml of the project."""
    if files:
        return list(files)
    found = sorted((project / "content").glob("*.yaml")) + sorted((project / "content").glob("*.yml"))
    if not found:
        raise DeckgenError(Diagnostic("error", "no content files found", Location(str(project / "content")),
                                      "put a .yaml file in content/, or name the file: deckgen build my.yaml"))
    return found


def plan(settings: Settings) -> tuple[list[Job], dict, dict, list[Diagnostic]]:
    """Loads and checks every input; returns the jobs and the loaded documents and themes."""
    from deckgen import content as content_loader
    from deckgen import theme as theme_loader
    from deckgen.renderers import FORMATS, SUFFIXES

    diags = Diagnostics()
    for fmt in settings.formats:
        if fmt not in FORMATS:
            diags.error(Location("--format"), f"unknown format '{fmt}'", "choose from " + ", ".join(FORMATS))
    docs = {}
    for path in content_files(settings.files, settings.project):
        try:
            doc, warnings = content_loader.load(path)
            docs[path] = doc
            diags.extend(warnings)
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    themes = {}
    for name in settings.themes:
        try:
            theme, warnings = theme_loader.load(name, settings.project, allow_low_contrast=settings.allow_low_contrast)
            themes[name] = theme
            diags.extend(warnings)
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    if settings.template is not None and "deck" in settings.formats:
        from deckgen.renderers.deck.template import read_template

        try:
            read_template(settings.template)
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    diags.raise_if_errors()
    jobs = []
    for name, theme in themes.items():
        folder = settings.out / theme.name
        reason = check_writable(folder)
        if reason:
            diags.error(Location(str(folder)), f"cannot write outputs here: {reason}",
                        "choose another folder with --out, or fix its permissions")
            continue
        theme_dirs = sorted({p.parent for p in theme.chain})
        extra = [settings.template] if settings.template else []
        for path in docs:
            for fmt in settings.formats:
                output = folder / (path.stem + SUFFIXES[fmt])
                key = stamps.digest(path, theme_dirs, extra, settings.options_key() + f";fmt={fmt}")
                jobs.append(Job(path, name, fmt, output, key))
    diags.raise_if_errors()
    return jobs, docs, themes, diags.items


def check_renderers(jobs: list[Job], themes: dict, settings: Settings) -> list[Diagnostic]:
    """Lets each renderer check its own inputs (templates, fonts) before anything is written."""
    from deckgen.renderers import RenderOptions, get

    diags = Diagnostics()
    options = RenderOptions(paper=settings.paper, template=settings.template)
    for fmt, name in sorted({(job.fmt, job.theme) for job in jobs}):
        try:
            diags.extend(get(fmt).check(themes[name], options))
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    diags.raise_if_errors()
    return diags.items


def run_job(job: Job, doc, theme, settings: Settings) -> Outcome:
    """Renders one output and writes it atomically, then its stamp."""
    from deckgen.renderers import RenderOptions, get

    start = time.perf_counter()
    result = get(job.fmt).render(doc, theme, RenderOptions(paper=settings.paper, template=settings.template))
    try:
        write_bytes(job.output, result.data)
    except OSError as exc:  # disk full, quota, a folder made read-only meanwhile: the old file is intact
        raise write_error(job.output, exc) from None
    warnings = list(result.warnings)
    try:
        stamps.record(job.output, job.stamp)
    except OSError as exc:  # the output is complete; only the next build's shortcut is lost
        warnings.append(Diagnostic("warning", f"cannot record that this output is up to date: "
                                              f"{exc.strerror or exc}", Location(str(job.output)),
                                   "it will be rebuilt next time"))
    return Outcome(job, time.perf_counter() - start, report=result.report, warnings=warnings)


def write_error(output: Path, exc: OSError) -> DeckgenError:
    """A failed write as a user error naming the output and the reason (never a traceback)."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some disk space, or choose another folder with --out"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "choose another folder with --out, or fix its permissions"
    else:
        hint = "check the output folder, or choose another one with --out"
    kept = "; the previous file was kept" if output.exists() else ""
    return DeckgenError(Diagnostic("error", f"cannot write the output: {reason}{kept}", Location(str(output)), hint))


def build(settings: Settings, progress: Callable[[int, int, Job], None] | None = None
          ) -> tuple[list[Outcome], list[Diagnostic]]:
    """Builds every output; returns what happened to each and the input warnings."""
    jobs, docs, themes, notices = plan(settings)
    outcomes: list[Outcome] = []
    todo = []
    for job in jobs:
        if not settings.force and stamps.up_to_date(job.output, job.stamp):
            outcomes.append(Outcome(job, skipped=True))
        else:
            todo.append(job)
    workers = settings.jobs or parallel.default_jobs()
    parts = parallel.groups(todo, workers) if workers > 1 and parallel.available() else [todo]
    if len(parts) > 1:
        done, checked = parallel.run_groups(
            parts, lambda group: check_renderers(group, themes, settings),
            lambda job: run_job(job, docs[job.content], themes[job.theme], settings), progress)
        outcomes += done
        notices = notices + checked
    elif todo:
        notices = notices + check_renderers(todo, themes, settings)
        for i, job in enumerate(todo, 1):
            if progress:
                progress(i, len(todo), job)
            outcomes.append(run_job(job, docs[job.content], themes[job.theme], settings))
    order = {job: i for i, job in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[o.job])
    return outcomes, notices


def validate(files: tuple[Path, ...], project: Path) -> list[Diagnostic]:
    """Checks content files without writing; raises DeckgenError with every error found."""
    from deckgen import content as content_loader

    diags = Diagnostics()
    for path in content_files(files, project):
        try:
            diags.extend(content_loader.load(path)[1])
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    diags.raise_if_errors()
    return diags.items
