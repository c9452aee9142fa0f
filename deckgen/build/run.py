"""The build: content files × themes × formats into output files, checked first, written atomically.

Every input (content, themes, templates, fonts, images) is loaded and checked before
the first output is written, so a mistake in any of them costs nothing already built.
A problem a renderer meets only while laying out (a block taller than a page) stops
that output; outputs already written by then stay. Outputs whose inputs did not change
are skipped.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from deckgen import startup
from deckgen.build import sharing, stamps, workers
from deckgen.build.atomic import check_writable, write_bytes
from deckgen.errors import DeckgenError, Diagnostic, Diagnostics, Location, fail, not_a_file
from deckgen.renderers import FORMATS, worker_library

DEFAULT_FORMATS = ("deck", "handout", "cards", "guide")


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
    documents: tuple = ()  # Documents already loaded (the Python API's deckgen.build(document)), built with the files

    def given(self) -> dict:
        """The documents given already loaded, by the path that names their outputs (NAME.yaml beside their file)."""
        return {document_key(doc): doc for doc in self.documents}

    def options_key(self) -> str:
        epoch = source_date_epoch()  # the PDFs carry this date: another epoch, other bytes
        return (f"template={self.template};paper={self.paper};contrast={self.allow_low_contrast}"
                + (f";epoch={epoch}" if epoch is not None else ""))

    def render_options(self):
        from deckgen.renderers import RenderOptions

        return RenderOptions(paper=self.paper, template=self.template, epoch=source_date_epoch())


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH from the environment (reproducible-builds.org): the time the outputs say they
    were made, for the same bytes from the same inputs; ignored unless a whole number of seconds."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


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


def _real(path: Path) -> Path:
    """path with its symbolic links followed; as written (made absolute) when they loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def document_key(doc) -> Path:
    """The path a loaded document is built as: its outputs are named after doc.name."""
    return Path(doc.path).parent / f"{doc.name}.yaml"


def content_files(files: tuple[Path, ...], project: Path, documents: tuple = ()) -> list[Path]:
    """The files named and the documents given, or every content/*.yaml of the project."""
    if files or documents:
        return list(files) + [document_key(doc) for doc in documents]
    found = sorted((project / "content").glob("*.yaml")) + sorted((project / "content").glob("*.yml"))
    if not found:
        raise DeckgenError(Diagnostic("error", "no content files found", Location(str(project / "content")),
                                      "start one with deckgen new, or import a one-pager: deckgen new --from onepager.docx; "
                                      "or name the file: deckgen build my.yaml"))
    return found


def plan(settings: Settings) -> tuple[list[Job], dict, list[Diagnostic]]:
    """Loads and checks the themes and names every output with its stamp; returns (jobs, themes, warnings).

    The content is not read here: an output that is up to date is skipped without it, and
    the build forks its workers before reading it (load_contents). When something is
    wrong, the content is read too, so that every error is reported at once.
    """
    from deckgen.renderers import SUFFIXES
    from deckgen.theming import load as theme_loader

    diags = Diagnostics()
    for fmt in settings.formats:
        if fmt not in FORMATS:
            diags.error(Location("--format"), f"unknown format '{fmt}'", "choose from " + ", ".join(FORMATS))
    files = content_files(settings.files, settings.project, settings.documents)
    given = settings.given()
    content_at = len(diags.items)  # where the content's errors go, should there be any (see below)
    themes = {}
    for name in settings.themes:
        try:
            theme, warnings = theme_loader.load(name, settings.project, allow_low_contrast=settings.allow_low_contrast,
                                                decode_images=False)
            themes[name] = theme
            diags.extend(warnings)
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    if settings.template is not None and "deck" in settings.formats:
        problem = not_a_file(settings.template)  # before the stamps read it: a FIFO would hang
        if problem:
            raise fail(Location(str(settings.template)), f"the template {problem}",
                       "give a .pptx or .potx file with --template")
    jobs = []
    made_by: dict[Path, tuple] = {}  # each output: the content file and theme folder that make it
    read: dict = {}  # the files the stamps hash, each read once (stamps.digest)
    for name, theme in themes.items():
        folder = settings.out / theme.name
        reason = check_writable(folder)
        if reason:
            diags.error(Location(str(folder)), f"cannot write outputs here: {reason}",
                        "choose another folder with --out, or fix its permissions")
            continue
        theme_dirs = sorted({p.parent for p in theme.chain})
        extra = [settings.template] if settings.template else []
        for path in files:
            for fmt in settings.formats:
                if fmt not in FORMATS:
                    continue
                output = folder / (path.stem + SUFFIXES[fmt])
                maker = (_real(path), _real(theme.path))
                if output in made_by:
                    if made_by[output][0] != maker:  # the same file and theme named twice: built once
                        other, other_theme = made_by[output][1:]
                        diags.error(Location(str(path)), f"two builds would write {output}: this file with theme "
                                    f"'{name}' and {other} with theme '{other_theme}'",
                                    "rename one of the content files, or build them into different --out folders")
                    continue
                made_by[output] = (maker, path, name)
                try:
                    content = repr(given[path]).encode() if path in given else path
                    key = stamps.digest(content, theme_dirs, extra, settings.options_key() + f";fmt={fmt}", read)
                except OSError:  # unreadable content: never up to date; load_contents says why
                    key = ""
                jobs.append(Job(path, name, fmt, output, key))
    stale_deck = any(job.fmt == "deck" and stale(job, settings.force) for job in jobs)
    if settings.template is not None and "deck" in settings.formats and (stale_deck or diags.errors):
        from deckgen.renderers.deck.template import read_template  # imports python-pptx: only when needed

        try:
            read_template(settings.template)
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    if diags.errors:
        try:
            found = load_contents(files, given)[1]
        except DeckgenError as exc:
            found = exc.diagnostics
        diags.items[content_at:content_at] = found
    diags.raise_if_errors()
    return jobs, themes, diags.items


def stale(job: Job, force: bool) -> bool:
    """The output must be written: forced, never recorded, or made from other inputs."""
    return force or not job.stamp or not stamps.up_to_date(job.output, job.stamp)


def load_contents(files: list[Path], given: dict | None = None) -> tuple[dict, list[Diagnostic]]:
    """Loads every content file (a document given already loaded is taken as it is, with the warnings
    its loading found); returns ({path: document}, warnings) or raises with every error."""
    from deckgen.content import load as content_loader

    diags = Diagnostics()
    docs = {}
    for path in files:
        if given and path in given:
            docs[path] = given[path]
            diags.extend(list(given[path].warnings))
            continue
        try:
            doc, warnings = content_loader.load(path)
            docs[path] = doc
            diags.extend(warnings)
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    diags.raise_if_errors()
    return docs, diags.items


def warm(formats: tuple[str, ...]) -> None:
    """Imports the renderers (and so the libraries) of these formats: a worker does it while the parent reads."""
    from deckgen.renderers import get, needed

    for fmt in formats:
        for made in [*needed(fmt), fmt]:
            get(made)


def check_renderers(jobs: list[Job], themes: dict, settings: Settings) -> list[Diagnostic]:
    """Lets each renderer check its own inputs (images, templates, fonts) before anything is written."""
    from deckgen.renderers import get, needed

    diags = Diagnostics()
    options = settings.render_options()
    for name in sorted({job.theme for job in jobs}):
        if not themes[name].pending_images:  # a worker then never imports the theme loader (and YAML)
            continue
        from deckgen.theming.load import decode_images

        try:
            diags.extend(decode_images(themes[name]))
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    checks: dict[tuple[str, str], str] = {(job.fmt, job.theme): "" for job in jobs}
    for job in jobs:  # what a format is made from is checked too, once, and said to be needed by it
        for fmt in needed(job.fmt):
            checks.setdefault((fmt, job.theme), job.fmt)
    for (fmt, name), needed_by in sorted(checks.items()):
        try:
            diags.extend(get(fmt).check(themes[name], options))
        except DeckgenError as exc:
            diags.extend(replace(d, message=f"--format {needed_by} is made from {fmt}: {d.message}") if needed_by
                         else d for d in exc.diagnostics)
    diags.raise_if_errors()
    return diags.items


def render_job(job: Job, doc, theme, settings: Settings, made: dict | None = None) -> tuple:
    """Renders one output in memory: (RenderResult, seconds). `made`: one build's results that other
    formats are made from (see make), shared by that build's jobs in one process, never kept past it."""
    start = time.perf_counter()
    result = make(job.fmt, doc, theme, settings.render_options(), made,
                  (str(job.content), job.theme, settings.options_key()))
    return result, time.perf_counter() - start


def make(fmt: str, doc, theme, options, made: dict | None = None, key: tuple = ()):
    """The RenderResult of `fmt` for a document and theme, in memory, with the formats it is made from
    (the registry's `needs`) made first and handed over as `inputs`. `made` keeps the results other
    formats need, under `key` (the document, theme and options) and the format: the build passes
    its own, so a deck that notes and slides-pdf both need is made once."""
    from deckgen.renderers import FORMATS, get

    made = {} if made is None else made
    if (key, fmt) in made:
        return made[key, fmt]
    inputs = {need: make(need, doc, theme, options, made, key) for need in FORMATS[fmt].needs}
    if doc.logo is not None and fmt != "deck":  # the content's logo overrides the theme's (the deck reads it itself)
        logo = Path(doc.logo.file) if doc.logo.file else None
        theme = replace(theme, logo=logo, logo_alt=doc.logo.alt, print_logo=logo)
    renderer = get(fmt)
    shown = [p.path for p in doc.pictures(*renderer.pictures)] if renderer.pictures else []
    if doc.logo is not None and doc.logo.file:  # every output shows the content's logo: an edited one rebuilds them
        shown.append(str(doc.logo.file))
    files = stamps.files_digests(shown) if shown else ()
    result = renderer.render(doc, theme, options, inputs=inputs) if inputs else renderer.render(doc, theme, options)
    result.files = files
    if any(fmt in f.needs for f in FORMATS.values()):
        made[key, fmt] = result
    return result


def write_job(job: Job, rendered: tuple) -> Outcome:
    """Writes a rendered output atomically, then its stamp; an output a user edited is kept aside first."""
    result, seconds = rendered
    start = time.perf_counter()
    warnings = list(result.warnings)
    digest = stamps.data_digest(result.data)
    try:
        # The lock covers the stamp's read-modify-write, not the write itself: the new version is
        # known as deckgen's own before it appears, so another build writing now never takes it
        # for an edit, and a build stopped half-way through a write holds up no other.
        with stamps.locked(job.output):
            why = stamps.edited(job.output, digest)
            if why:
                kept = stamps.keep_aside(job.output)
                warnings.append(Diagnostic(
                    "warning", f"this output was changed after deckgen wrote it; your version is kept as {kept.name}"
                    if why == "edited" else f"this output differs from what deckgen writes now, and there is no "
                    f"record of what deckgen wrote before ({stamps.STAMP_DIR}/ is missing); so that no edit is lost, "
                    f"it is kept as {kept.name}", Location(str(job.output)),
                    "carry your changes over into the content file or the new output, then delete the kept copy"
                    if why == "edited" else "if it held no changes of yours, delete the kept copy"))
            try:
                stamps.expect(job.output, digest)
            except OSError:  # no stamp then: the next build will not know this version as its own, nor skip it
                stamps.stamp_path(job.output).unlink(missing_ok=True)
        write_bytes(job.output, result.data)
    except OSError as exc:  # disk full, quota, a folder made read-only meanwhile: the old file is intact
        raise write_error(job.output, exc) from None
    try:
        with stamps.locked(job.output):
            stamps.record(job.output, job.stamp, digest, result.files, tuple(result.report),
                          tuple(d.format() for d in result.warnings))
    except OSError as exc:  # the output is complete; only the next build's shortcut is lost
        warnings.append(Diagnostic("warning", f"cannot record that this output is up to date: "
                                              f"{exc.strerror or exc}", Location(str(job.output)),
                                   "it will be rebuilt next time"))
    return Outcome(job, seconds + time.perf_counter() - start, report=result.report, warnings=warnings)


def recorded(outcome: Outcome) -> tuple[list[str], list[str]]:
    """An output's fit report and warnings (as printed): this build's, or for an output up to date,
    those of the build that wrote it (from its stamp)."""
    if not outcome.skipped:
        return list(outcome.report), [d.format() for d in outcome.warnings]
    stamp = stamps.read(outcome.job.output)
    return (list(stamp.report), list(stamp.warnings)) if stamp else ([], [])


def run_job(job: Job, doc, theme, settings: Settings, made: dict | None = None) -> Outcome:
    """Renders one output and writes it."""
    return write_job(job, render_job(job, doc, theme, settings, made))


def write_error(output: Path, exc: OSError) -> DeckgenError:
    """A failed write as a user error naming the output and the reason (never a traceback)."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some disk space, or choose another folder with --out"
    elif exc.errno in (errno.EACCES, errno.EPERM) and output.exists():  # Windows locks a file that is open
        hint = "close it in PowerPoint or the PDF viewer if it is open there, or choose another folder with --out"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "choose another folder with --out, or fix its permissions"
    else:
        hint = "check the output folder, or choose another one with --out"
    kept = "; the previous file was kept" if output.exists() else ""
    return DeckgenError(Diagnostic("error", f"cannot write the output: {reason}{kept}", Location(str(output)), hint))


Progress = Callable[[int, int, list], None]  # (outputs finished, outputs to write, jobs being written)


def build(settings: Settings, progress: Progress | None = None) -> tuple[list[Outcome], list[Diagnostic]]:
    """Builds every output; returns what happened to each and the input warnings."""
    count = settings.jobs or sharing.default_jobs()
    pool = None
    try:
        if count > 1 and sharing.available() and settings.force:
            pool = _pool(*_prospective(settings, count), settings)  # every output will be written: start now
        jobs, themes, notices = plan(settings)
        outcomes: list[Outcome] = []
        todo = []
        for job in jobs:
            if stale(job, settings.force):
                todo.append(job)
            else:
                outcomes.append(Outcome(job, skipped=True))
        if todo and count > 1 and sharing.available():
            parts, families = _arranged(sharing.groups(todo, count))
            if pool is None:
                pool = _pool(parts, families, settings)
            docs, loaded = load_contents(sorted({job.content for job in todo}), settings.given())
            contexts = [({job.content: docs[job.content] for job in part},
                         {job.theme: themes[job.theme] for job in part}) for part in parts]
            done, checked = pool.run(parts, contexts, progress)
            outcomes += done
            notices = notices + loaded + checked
        elif todo:
            done, checked = _here(todo, themes, settings, progress)
            outcomes += done
            notices = notices + checked
    finally:
        if pool is not None:
            pool.close()
        startup.settled()  # whatever this build rendered, or not: collection is on from here (watch builds again)
    order = {job: i for i, job in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[o.job])
    return outcomes, notices


def _here(todo: list[Job], themes: dict, settings: Settings, progress: Progress | None
          ) -> tuple[list[Outcome], list[Diagnostic]]:
    """The build in this process, one output after another."""
    docs, notices = load_contents(sorted({job.content for job in todo}), settings.given())
    notices = notices + check_renderers(todo, themes, settings)
    outcomes = []
    made: dict = {}  # what other formats are made from, for this build only
    startup.settled()  # rendering starts: garbage is collected again (a no-op outside the command)
    for job in todo:
        if progress:
            progress(len(outcomes), len(todo), [job])
        outcomes.append(run_job(job, docs[job.content], themes[job.theme], settings, made))
    return outcomes, notices


def _arranged(parts: list[list]) -> tuple[list[list], list[int]]:
    """The groups in the order the workers take them (sharing.families): the library whose groups
    will take longest first (each format's weight is in the renderers' registry), its heaviest group
    first, then the others."""
    def weight(part: list) -> float:
        return sum(FORMATS[job.fmt].weight for job in part)

    library: dict[str, float] = {}
    for part in parts:
        key = worker_library(part[0].fmt)
        library[key] = library.get(key, 0.0) + weight(part)
    heaviest = sorted(parts, key=lambda part: (-library[worker_library(part[0].fmt)], -weight(part)))
    return sharing.families(heaviest, sharing.early_count(len(library)))


@dataclass(frozen=True)
class _Planned:
    fmt: str
    content: str
    theme: str


def _prospective(settings: Settings, jobs: int) -> tuple[list[list], list[int]]:
    """The groups a forced build will have, before anything is read (only their formats matter)."""
    try:
        files = content_files(settings.files, settings.project, settings.documents)
    except DeckgenError:
        return [], []
    planned = [_Planned(fmt, str(path), theme) for theme in settings.themes for path in files
               for fmt in settings.formats if fmt in FORMATS]  # an unknown one is reported by plan()
    return _arranged(sharing.groups(planned, jobs))


def _pool(parts: list[list], families: list[int], settings: Settings) -> workers.Pool:
    """Workers for the heaviest libraries, forked now to import them while this process reads; each
    forks a sibling per other group of its library once it has (workers.Pool)."""
    early, at = [], 0
    for size in families:
        early.append(tuple(sorted({job.fmt for part in parts[at:at + size] for job in part})))
        at += size
    made: dict = {}  # each forked worker fills its own copy: what other formats are made from, this build
    return workers.Pool(warm, lambda group, ctx: check_renderers(group, ctx[1], settings),
                         lambda job, ctx: render_job(job, ctx[0][job.content], ctx[1][job.theme], settings, made),
                         write_job, early, [size - 1 for size in families])


def validate(files: tuple[Path, ...], project: Path) -> list[Diagnostic]:
    """Checks content files without writing; raises DeckgenError with every error found."""
    from deckgen.content import load as content_loader

    diags = Diagnostics()
    for path in content_files(files, project):
        try:
            diags.extend(content_loader.load(path, decode_images=True)[1])
        except DeckgenError as exc:
            diags.extend(exc.diagnostics)
    diags.raise_if_errors()
    return diags.items
