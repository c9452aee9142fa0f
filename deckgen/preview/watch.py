"""`deckgen watch`: build, then rebuild whenever a content file or a theme changes; optionally preview.

Why a warm process: a rebuild must be quick enough to feel immediate (the seed: at most
0.3 s from save to outputs written). The watcher forks its workers once, before it starts
any thread (deckgen/build/standing.py: forking a process that runs the file watcher's and
the preview server's threads is unsafe): one per library, the deck's and the PDFs', each
importing its library once and then rendering and writing its outputs of every rebuild, side
by side, through the same build as `deckgen build` (deckgen/build/run.py: plan, stamps,
checks before writes, atomic writes; see build_here). Where there are no workers (one core,
not Linux, outputs of one library, LibreOffice's formats) or they stopped, the rebuild runs
in this process, writing one output while the next one renders. Outputs whose inputs did not
change are skipped as usual. A mistake in the content or theme is shown like a build's, and since
the build checks everything before it writes, the last good outputs stay; the next save
rebuilds. With --preview the preview folder (render.py) is rewritten after every rebuild
that wrote something, LibreOffice being kept running for it, and served (server.py).

Watched: the content files' folders, every folder of each theme's chain, the template
given and the picture files the content names (an edited photo rebuilds the outputs that show it); events are filtered to the files that matter (an editor's swap files
and deckgen's own outputs never trigger a build). watchfiles groups the events of one
save (it yields 30 ms after the last one, at most 1.6 s after the first).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from deckgen.build import run as builder
from deckgen.build import stamps
from deckgen.errors import DeckgenError, Diagnostic

STEP_MS = 30  # watchfiles: a save is over when no event came for this long
DEBOUNCE_MS = 1600  # … or this long after its first event
READY_MS = 200  # the watcher wakes this often when idle; its first wake-up shows it is listening
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", ".part", "~")


@dataclass
class Say:
    """How the watcher talks: the CLI's printing (so output looks as `deckgen build`'s)."""

    line: Callable[[str], None]
    outcomes: Callable[[list, list], None]  # (outcomes, warnings)
    diagnostics: Callable[[list[Diagnostic]], None]
    crash: Callable[[], None]  # the exception being handled: one line, traceback in a file


def standing_workers(settings: builder.Settings):
    """The watch's workers (deckgen/build/standing.py), forked before it starts any thread: one per
    library of the formats it builds (the deck's, the PDFs'), so a rebuild renders them side by side.
    None where workers are not available (one core, not Linux), for outputs of one library, and when
    LibreOffice is used (the watch keeps it running for itself)."""
    from deckgen.build import sharing
    from deckgen.build.standing import Standing
    from deckgen.renderers import FORMATS, needed, worker_library

    if not sharing.available() or any("slides-pdf" in (f, *needed(f)) for f in settings.formats):
        return None
    libraries: dict[str, list[str]] = {}
    for fmt in settings.formats:
        libraries.setdefault(worker_library(fmt), []).append(fmt)
    if len(libraries) < 2:
        return None
    order = sorted(libraries, key=lambda lib: -sum(FORMATS[f].weight for f in libraries[lib]))
    return Standing(builder.warm,
                    lambda jobs, ctx: builder.check_renderers(jobs, ctx[1], settings),
                    lambda job, ctx: builder.render_job(job, ctx[0][job.content], ctx[1][job.theme], settings, ctx[2]),
                    builder.write_job, {lib: tuple(libraries[lib]) for lib in order})


def _in_workers(pool, todo: list, docs: dict, themes: dict) -> tuple[list, list[Diagnostic]]:
    """The outputs to write, rendered and written by the standing workers, each library's in its own."""
    from deckgen.renderers import worker_library

    parts = [[job for job in todo if worker_library(job.fmt) == lib] for lib in pool.libraries]
    contexts = [({job.content: docs[job.content] for job in part}, {job.theme: themes[job.theme] for job in part},
                 {}) for part in parts]  # {}: what other formats are made from, this rebuild only
    return pool.run(parts, contexts)


def build_here(settings: builder.Settings, pool=None) -> tuple[list, list[Diagnostic]]:
    """`build.run.build()` for a warm process: the same plan, stale check, loading, checks before any
    write, rendering and atomic writes (its own functions, in its order), except that each output is
    written in a thread while the next one renders: the writes' fsyncs and renames (about 7 ms each
    here, nine per seed build with the stamps) let go of the GIL, so they cost the rebuild no time."""
    from concurrent.futures import ThreadPoolExecutor

    jobs, themes, notices = builder.plan(settings)
    todo = [job for job in jobs if builder.stale(job, settings.force)]
    outcomes = [builder.Outcome(job, skipped=True) for job in jobs if job not in todo]
    if todo and pool is not None and not pool.broken:
        docs, loaded = builder.load_contents(sorted({job.content for job in todo}))
        done, checked = _in_workers(pool, todo, docs, themes)
        outcomes += done
        notices = notices + loaded + checked
    elif todo:
        docs, loaded = builder.load_contents(sorted({job.content for job in todo}))
        notices = notices + loaded + builder.check_renderers(todo, themes, settings)
        written = []
        # a render that fails leaves the writes already under way to finish (the pool waits), then raises
        made: dict = {}  # what other formats are made from (the deck for slides-pdf), this rebuild only
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="deckgen-write") as writer:
            for job in todo:
                rendered = builder.render_job(job, docs[job.content], themes[job.theme], settings, made)
                written.append(writer.submit(builder.write_job, job, rendered))
        outcomes += [future.result() for future in written]  # a failed write raises here, as in a build
    order = {job: i for i, job in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[o.job])
    return outcomes, notices


class Session:
    """The state kept between rebuilds: the settings, the fit reports, the build number."""

    def __init__(self, settings: builder.Settings, preview: bool, say: Say):
        self.settings = replace(settings, jobs=1)
        self.preview = preview
        self.say = say
        self.build = 0  # preview builds written so far (the page's reload signal)
        self.reports: dict[Path, list[str]] = {}  # each output's latest fit report
        self.output_warnings: dict[Path, list[str]] = {}  # and its latest renderer's warnings
        self.notices: list[str] = []  # the inputs' warnings, from the last build that read them
        self.warnings: list[str] = []
        self.preview_stale = True
        self.preview_folder = self._preview_folder()
        self.pool = None  # standing workers (start_workers), before any thread starts

    # --- what is watched --------------------------------------------------------------
    def _content(self) -> list[Path]:
        try:
            return builder.content_files(self.settings.files, self.settings.project)
        except DeckgenError:
            return []

    def _theme_folders(self) -> set[Path]:
        from deckgen.theming import load as theme_loader

        folders: set[Path] = set()
        for name in self.settings.themes:
            try:
                theme, _ = theme_loader.load(name, self.settings.project, decode_images=False,
                                             allow_low_contrast=True)
                folders |= {p.parent.resolve() for p in theme.chain}
            except DeckgenError:
                try:
                    folders.add(theme_loader.locate(name, self.settings.project).resolve())
                except DeckgenError:
                    pass
        return folders

    @staticmethod
    def _pictures(content: list[Path]) -> set[Path]:
        """The picture files the content files name (none from a file with errors: the build reports them)."""
        from deckgen.content import load as content_loader

        found: set[Path] = set()
        for path in content:
            try:
                doc, _ = content_loader.load(path)
            except (DeckgenError, OSError):
                continue
            found |= {Path(pic.path).resolve() for pic in doc.pictures()}
        return found

    def roots(self) -> tuple[tuple[Path, ...], set[Path], set[Path]]:
        """(folders to watch, content, template and picture files that matter, theme folders)."""
        content = self._content()
        files = {p.resolve() for p in content} | self._pictures(content)
        if self.settings.template is not None:
            files.add(self.settings.template.resolve())
        themes = self._theme_folders()
        folders = {p.parent for p in files} | themes
        if not self.settings.files:
            folders.add((self.settings.project / "content").resolve())
        return tuple(sorted(f for f in folders if f.is_dir())), files, themes

    def relevant(self, path: str, files: set[Path], themes: set[Path]) -> bool:
        p = Path(path).resolve()
        if p.name.startswith((".", "#")) or p.name.endswith(IGNORED_SUFFIXES) or stamps.STAMP_DIR in p.parts:
            return False
        out = self.settings.out.resolve()
        if p == out or out in p.parents:
            return False
        if p in files:
            return True
        if not self.settings.files and p.parent == (self.settings.project / "content").resolve():
            return p.suffix in (".yaml", ".yml")
        return any(t == p or t in p.parents for t in themes)

    # --- building ---------------------------------------------------------------------
    def _preview_folder(self) -> Path | None:
        from deckgen.preview import render
        from deckgen.theming import load as theme_loader

        content = self._content()
        if not content:
            return None
        name = self.settings.themes[0]
        try:
            theme_name = theme_loader.load(name, self.settings.project, decode_images=False,
                                           allow_low_contrast=True)[0].name
        except DeckgenError:
            theme_name = Path(name).name
        return render.folder_for(self.settings.out, theme_name, content[0].stem)

    def rebuild(self, first: bool = False) -> bool:
        """One build; True when it wrote something. Errors are shown, never raised. The first build, too,
        reuses the outputs that are up to date (with the fit reports and warnings their stamps recorded)."""
        start = time.perf_counter()
        try:
            outcomes, notices = build_here(self.settings, self.pool)
            if first and all(o.skipped for o in outcomes):  # nothing read: the content's warnings, for the page
                notices = notices + builder.load_contents(sorted({o.job.content for o in outcomes}))[1]
        except DeckgenError as exc:
            self.say.diagnostics(exc.diagnostics)
            self.say.line(f"{len(exc.errors)} error(s): nothing was written, the last good outputs stay; "
                          "fix it and save to rebuild")
            return False
        except Exception:  # noqa: BLE001 - a bug: said in one line, and the watch goes on
            self.say.crash()
            return False
        seconds = time.perf_counter() - start
        self.say.outcomes(outcomes, notices)
        written = [o for o in outcomes if not o.skipped]
        for o in outcomes:
            if not o.skipped or o.job.output not in self.reports:
                self.reports[o.job.output], self.output_warnings[o.job.output] = builder.recorded(o)
        if written or notices:
            self.notices = [d.format() for d in notices]
        self.warnings = list(dict.fromkeys(self.notices + [w for o in outcomes
                                                           for w in self.output_warnings.get(o.job.output, [])]))
        if written:
            self.say.line(f"built in {seconds:.2f} s")
        else:
            self.say.line("every output is up to date" if first else "nothing changed")
        if self.preview and (written or self.preview_stale):
            self.render_preview(outcomes)
        return bool(written)

    def render_preview(self, outcomes: list) -> None:
        from deckgen.preview import render

        self.preview_folder = self._preview_folder() or self.preview_folder
        first = self._content()
        mine = {o.job.fmt: o.job.output for o in outcomes
                if first and o.job.content.resolve() == first[0].resolve() and o.job.theme == self.settings.themes[0]}
        if "deck" not in mine or self.preview_folder is None:
            self.say.line("preview: no deck of this document was built (add deck to --format)")
            return
        try:
            result = render.render(mine["deck"], self.preview_folder, handout=mine.get("handout"),
                                   cards=mine.get("cards"), title=first[0].stem, theme=mine["deck"].parent.name,
                                   build=self.build + 1,
                                   report={fmt: self.reports.get(out, []) for fmt, out in mine.items()},
                                   warnings=self.warnings,
                                   theme_families=render.theme_fonts(self.settings.themes[0], self.settings.project))
        except DeckgenError as exc:
            self.say.diagnostics(exc.diagnostics)
            self.preview_stale = True
            return
        self.build += 1
        self.preview_stale = False
        self.say.line(f"preview: {result.slides} slides ({result.drawn} drawn anew), {result.handout} handout and "
                      f"{result.cards} card pages in {result.seconds:.2f} s (LibreOffice {result.office_seconds:.2f} s, "
                      f"{result.how}): {result.index}")


def run(settings: builder.Settings, say: Say, preview: bool = False, serve: bool = False) -> None:
    """Builds, then rebuilds on every change until Ctrl-C (KeyboardInterrupt, left to the caller)."""
    import watchfiles  # only the watch needs it

    from deckgen.renderers import needed
    from deckgen.renderers.slides import office

    session = Session(settings, preview, say)
    server = None
    try:
        session.pool = standing_workers(session.settings)  # forked now: no thread runs yet
        drawn = [f for f in settings.formats if "slides-pdf" in (f, *needed(f))]  # made by LibreOffice
        if preview or drawn:  # LibreOffice started once, for every rebuild
            what = "the preview" if preview else f"--format {drawn[0]}"
            office.require_soffice(what)
            if office.warm(what) is None:  # started once; None: no uno here, each render starts soffice
                say.line("note: LibreOffice starts afresh each time (about 1.5 s more): no Python with "
                         "LibreOffice's uno module was found (Debian/Ubuntu: apt-get install python3-uno)")
        session.rebuild(first=True)
        if serve:
            from deckgen.preview.server import PreviewServer

            server = PreviewServer(session.preview_folder or settings.out / ".no-preview").start()
            server.notify(session.build)
            say.line(f"preview at {server.url} (Ctrl-C stops)")
        while True:
            found = session.roots()
            folders, files, themes = found
            folders = folders or (settings.project.resolve(),)  # nothing found yet: the project, for a new file
            ready = False
            for changes in watchfiles.watch(*folders, watch_filter=lambda _c, p: session.relevant(p, files, themes),
                                            debounce=DEBOUNCE_MS, step=STEP_MS, rust_timeout=READY_MS,
                                            yield_on_timeout=True, raise_interrupt=True):
                if not changes:  # the watcher's first wait is over: it is listening now
                    if not ready:
                        say.line("watching " + ", ".join(str(f) for f in folders) + " (Ctrl-C stops)")
                        ready = True
                    continue
                names = sorted({Path(p).name for _, p in changes})
                say.line("changed: " + ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else ""))
                session.rebuild()
                if server is not None:
                    if session.preview_folder is not None:
                        server.root = session.preview_folder
                    server.notify(session.build)
                if session.roots() != found:
                    break  # a theme now extends another, a content file appeared: watch anew
    finally:
        if server is not None:
            server.close()
        if session.pool is not None:
            session.pool.close()
        office.shutdown()
