"""Building outputs in forked worker processes, some started before the inputs are read.

The heaviest groups' workers are forked as soon as the build knows it will write (one core
stays with the parent) and import their renderers' library (the deck's python-pptx, the
PDFs' ReportLab) while the parent reads and checks the content; they then get their jobs
and the loaded inputs by pipe. The other groups' workers are forked once the content is
loaded, with it. Every worker runs its renderers' checks and reports them, then renders
ahead; only when every worker's checks have passed does the parent tell them to write,
so a bad template or font still costs nothing. The parent renders nothing itself: it
reports progress as workers start and finish outputs, and gathers every worker's errors.
A worker that was never told to write is killed when the build stops; one whose build
process dies finishes the output it is writing, then stops (see _Orphan).
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable

from deckgen import startup
from deckgen.errors import DeckgenError, Diagnostic
from deckgen.renderers import needed, worker_library


def cores() -> int:
    """The cores this process may run on (its CPU affinity, as a container's limit sets it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def available() -> bool:
    """Forked workers are safe here (Linux) and more than one core is there to use.

    macOS can fork, but system libraries may crash in a forked child that does not exec
    (why CPython stopped forking there by default); builds there run in one process."""
    # os.fork is what multiprocessing's "fork" start method needs; multiprocessing itself is imported
    # only when workers are started (a build in one process does without it: 16 M instructions)
    return sys.platform.startswith("linux") and hasattr(os, "fork") and cores() > 1


def default_jobs() -> int:
    return min(cores(), 4) if available() else 1


def groups(todo: list, count: int) -> list[list]:
    """Splits jobs into at most `count` groups, keeping outputs of one library together; a format made
    from others stays with them (same document and theme), so what it needs is made once."""
    linked = {fmt for job in todo for fmt in needed(job.fmt)} | {job.fmt for job in todo if needed(job.fmt)}
    by_library: dict[str, list[list]] = {}
    units: dict[tuple, list] = {}
    for job in todo:  # a format made from others goes where they are made (renderers.worker_library)
        library = worker_library(job.fmt)
        if job.fmt in linked:
            key = (library, str(job.content), job.theme)
            if key not in units:
                units[key] = []
                by_library.setdefault(library, []).append(units[key])
            units[key].append(job)
        else:
            by_library.setdefault(library, []).append([job])
    out = list(by_library.values())  # each group: a list of units that are never split
    while len(out) < count and any(len(g) > 1 for g in out):
        largest = max((g for g in out if len(g) > 1), key=lambda g: sum(map(len, g)))
        out.remove(largest)
        half = (len(largest) + 1) // 2
        out += [largest[:half], largest[half:]]
    while len(out) > count:  # fewer processes than libraries: merge the smallest groups
        out.sort(key=lambda g: sum(map(len, g)))
        out = [out[0] + out[1]] + out[2:]
    return [[job for unit in group for job in unit] for group in out]


class WorkerCrash(RuntimeError):
    """An unexpected failure in a worker process, with its traceback."""


class _Orphan:
    """What a worker does when the build process dies: stop, but never in the middle of a write.

    On Linux the worker asks for SIGTERM when its parent dies (PR_SET_PDEATHSIG). Outside
    a write it exits at once; during one it finishes that output (whole, by its rename)
    and then exits, so a killed build leaves no temporary files behind. Elsewhere a worker
    notices the closed pipe when it next reads or writes.
    """

    writing = False
    orphaned = False

    @classmethod
    def watch(cls, parent: int) -> None:
        if not sys.platform.startswith("linux"):
            return
        signal.signal(signal.SIGTERM, cls._on_term)
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)

    @classmethod
    def _on_term(cls, signum, frame) -> None:
        if not cls.writing:
            os._exit(1)
        cls.orphaned = True  # checked when the write is done

    @classmethod
    def write(cls, write: Callable, job, rendered):
        cls.writing = True
        try:
            return write(job, rendered)
        finally:
            cls.writing = False
            if cls.orphaned:
                os._exit(1)


# Messages to a worker: (jobs, context) or "stop", then "go" or "stop".
# Messages from a worker: ("checked", warnings) | ("error", diagnostics) | ("crash", text)
# | ("started", index) | ("finished", index, outcome) | ("done",)
def _child(warm: Callable, check: Callable, render: Callable, write: Callable, conn, inherited: list, parent: int,
           warm_for=None, given: tuple | None = None) -> None:
    for other in inherited:  # the parent's ends: held here, a killed parent would never be noticed
        other.close()
    _Orphan.watch(parent)
    if given is None:  # forked early: warm up, then wait for the work
        try:
            warm(warm_for)  # imports only; a failure here shows again, with its message, in check()
        except KeyboardInterrupt:
            os._exit(130)
        except Exception:  # noqa: BLE001
            pass
        try:
            given = conn.recv()
        except KeyboardInterrupt:
            os._exit(130)
        except (EOFError, OSError):
            return
        if given == "stop":
            return
    jobs, context = given
    try:
        _safe_send(conn, ("checked", check(jobs, context)))
        startup.settled()  # rendering starts: garbage is collected again (a no-op outside the command)
        _render_and_write(jobs, context, render, write, conn)
    except _Stopped:
        return
    except DeckgenError as exc:
        _safe_send(conn, ("error", exc.diagnostics))
    except BaseException:
        _safe_send(conn, ("crash", traceback.format_exc()))
    else:
        _safe_send(conn, ("done",))  # a parent stopped meanwhile no longer listens
    startup.finish()  # the renderers' generated class code, made here (a no-op once it is cached)


class _Stopped(Exception):
    """The parent said stop (another worker's check failed), or is gone: write nothing."""


def _render_and_write(jobs: list, context, render: Callable, write: Callable, conn) -> None:
    """Renders ahead while the other workers are still checking; writes only after "go"."""
    held: list[tuple[int, object, object]] = []  # rendered before "go", waiting to be written
    go = False

    def wait_for_go(block: bool) -> bool:
        if not block and not conn.poll():
            return False
        try:
            answer = conn.recv()
        except EOFError:
            raise _Stopped from None
        if answer != "go":
            raise _Stopped
        for index, job, rendered in held:
            _safe_send(conn, ("finished", index, _Orphan.write(write, job, rendered)))
        held.clear()
        return True

    for index, job in enumerate(jobs):
        go = go or wait_for_go(block=False)
        _safe_send(conn, ("started", index))
        rendered = render(job, context)
        if go:
            _safe_send(conn, ("finished", index, _Orphan.write(write, job, rendered)))
        else:
            held.append((index, job, rendered))
    if not go:
        wait_for_go(block=True)


def early_count(groups: int) -> int:
    """How many workers to fork before the inputs are read: one core stays with the parent."""
    return max(1, min(groups, cores() - 1))


class Pool:
    """Forked workers: some start before the inputs are read and warm up, the others once they are.

    `warm(arg)` imports what an early worker will need (one per item of `warm_for`);
    `check(jobs, context)` returns warnings or raises DeckgenError; `render(job, context)`
    makes one output in memory and `write(job, rendered)` writes it and returns its
    outcome. A worker renders as soon as its own checks pass, but writes only once every
    worker's checks have passed. `context` is what the parent loads meanwhile (the
    documents and themes): an early worker gets it by pipe, a later one is forked with it.
    With two cores, one worker imports its library while the parent reads the content,
    and then two render side by side: three processes never compete for two cores. An
    early worker with nothing to do is killed; so is every worker if the build stops
    before writing.
    """

    def __init__(self, warm: Callable, check: Callable, render: Callable, write: Callable, warm_for: list = ()):
        self._target = (warm, check, render, write)
        import multiprocessing

        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[tuple[object, object]] = []  # (process, connection)
        self._writing = False
        self._stopped: list[tuple[object, object]] = []  # early workers left without work
        try:
            for arg in warm_for:
                self._fork(warm_for=arg)
        except BaseException:  # a fork refused (EAGAIN): end those already started
            self.close()
            raise
        self._early = len(self._workers)

    def _fork(self, **how) -> None:
        parent_end, child_end = self._ctx.Pipe()
        inherited = [conn for _, conn in self._workers] + [parent_end]
        process = self._ctx.Process(target=_child, args=(*self._target, child_end, inherited, os.getpid()), kwargs=how,
                                    daemon=True)
        process.start()
        child_end.close()
        self._workers.append((process, parent_end))

    def run(self, parts: list[list], contexts: list, progress: Callable[[int, int, list], None] | None = None
            ) -> tuple[list, list[Diagnostic]]:
        """Checks everywhere, then writes everywhere; returns (outcomes, warnings).

        `parts[i]` with `contexts[i]` goes to the i-th early worker, or to a new one.
        `progress(done, total, writing)` is called whenever an output starts or
        finishes, `writing` being the jobs under way.
        """
        for (process, conn), given in zip(self._workers, zip(parts, contexts)):
            _safe_send(conn, given)
        for process, conn in self._workers[len(parts):]:
            process.kill()  # no work for it: it has written nothing, and may still be importing
            self._stopped.append((process, conn))
        del self._workers[len(parts):]
        for given in list(zip(parts, contexts))[self._early:]:
            self._fork(given=given)
        self.parts = parts
        notices: list[Diagnostic] = []
        errors: list[Diagnostic] = []
        crash = None
        for process, conn in self._workers:
            kind, *payload = _receive(conn, process)
            if kind == "checked":
                notices += payload[0]
            elif kind == "error":
                errors += payload[0]
            else:
                crash = crash or payload[0]
        if crash is not None:
            raise WorkerCrash(crash)
        notices = _unique(notices)
        if errors:  # two workers checking the same theme find the same problem: said once
            raise DeckgenError(_unique(errors) + notices)
        self._writing = True
        for process, conn in self._workers:
            _safe_send(conn, "go")  # a worker that has ended meanwhile said why: _collect reads it
        return self._collect(progress), notices

    def _collect(self, progress) -> list:
        from multiprocessing.connection import wait

        total = sum(len(p) for p in self.parts)
        outcomes: list = []
        writing: dict[tuple[int, int], object] = {}
        pending = {conn: i for i, (_, conn) in enumerate(self._workers)}
        errors: dict[int, list[Diagnostic]] = {}
        crashes: dict[int, str] = {}
        while pending:
            for conn in wait(list(pending)):
                worker = pending[conn]
                kind, *payload = _receive(conn, self._workers[worker][0])
                if kind == "started":
                    writing[worker, payload[0]] = self.parts[worker][payload[0]]
                elif kind == "finished":
                    writing.pop((worker, payload[0]), None)
                    outcomes.append(payload[1])
                else:  # the worker's last word: nothing of its is under way any more
                    del pending[conn]
                    for key in [k for k in writing if k[0] == worker]:
                        del writing[key]
                    if kind == "error":
                        errors[worker] = payload[0]
                    elif kind == "crash":
                        crashes[worker] = payload[0]
                if progress:
                    progress(len(outcomes), total, list(writing.values()))
        if crashes:
            raise WorkerCrash(crashes[min(crashes)])
        if errors:  # every worker's, in the order of the groups
            raise DeckgenError([d for worker in sorted(errors) for d in errors[worker]])
        return outcomes

    def close(self) -> None:
        """Ends every worker: killed if it was never told to write, else waited for."""
        for process, conn in self._stopped:
            conn.close()
        for process, conn in self._workers:
            if not self._writing and process.is_alive():
                process.kill()  # it has written nothing; it may still be importing its library
            conn.close()
        for process, _ in self._workers + self._stopped:
            process.join(timeout=60)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _unique(items: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[str] = set()
    return [d for d in items if not (d.format() in seen or seen.add(d.format()))]


def _receive(conn, process) -> tuple:
    try:
        return conn.recv()
    except (EOFError, OSError):  # OSError: ECONNRESET when it died with a message unread
        process.join(timeout=5)
        return ("crash", f"a worker process ended unexpectedly (exit code {process.exitcode})")


def _safe_send(conn, message) -> bool:
    try:
        conn.send(message)
        return True
    except (BrokenPipeError, OSError):
        return False
