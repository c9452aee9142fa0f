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
from deckgen.build import forked
from deckgen.errors import DeckgenError, Diagnostic


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
# | ("started", index) | ("finished", index, outcome) | ("done",) | ("stopped",) (after "stop")
def _child(warm: Callable, check: Callable, render: Callable, write: Callable, conn, inherited: list, parent: int,
           warm_for=None, given: tuple | None = None, siblings: tuple = (), standing: bool = False) -> None:
    for other in inherited:  # the parent's ends: held here, a killed parent would never be noticed
        other.close()
    _Orphan.watch(parent)
    forked: list[int] = []
    try:
        if given is None:  # forked early: warm up, then wait for the work
            try:
                warm(warm_for)  # imports only; a failure here shows again, with its message, in check()
            except KeyboardInterrupt:
                os._exit(130)
            except Exception:  # noqa: BLE001
                pass

        def fork_siblings() -> None:  # once this worker has checked: its siblings share what that loaded
            forked.extend(_fork_siblings(check, render, write, conn, siblings))

        if standing:  # one build after another (see standing.py), until told to stop
            while _serve(check, render, write, conn, None):
                pass
        else:
            _serve(check, render, write, conn, given, fork_siblings)
    finally:
        for pid in forked:  # a sibling is this process's child: the build waits for this one, so for them
            _reap(pid)
    startup.finish()  # the renderers' generated class code, made here (a no-op once it is cached)


def _fork_siblings(check: Callable, render: Callable, write: Callable, conn, siblings: tuple) -> list[int]:
    """Forks one process per sibling connection, now that this worker has imported its library: each
    shares those imports (copy-on-write) and serves its own connection as a worker would."""
    if not siblings:
        return []
    startup.settled()  # what exists now is frozen: neither process's collector copies its pages
    me = os.getpid()
    forked = []
    for index, end in enumerate(siblings):
        try:
            pid = os.fork()
        except OSError:  # EAGAIN: the parent reads EOF on that connection and reports it
            end.close()
            continue
        if pid == 0:
            code = 0
            try:
                for other in [conn, *siblings[:index], *siblings[index + 1:]]:
                    other.close()
                _Orphan.watch(me)
                _serve(check, render, write, end, None)
                startup.finish()
            except KeyboardInterrupt:
                code = 130
            except BaseException:  # noqa: BLE001 (_serve reports its own failures to the parent)
                code = 1
            finally:
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except (OSError, ValueError):
                        pass
                os._exit(code)  # never the forking worker's own exit path (forked._run_child's)
        end.close()
        forked.append(pid)
    return forked


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except (ChildProcessError, InterruptedError):
        pass


def _serve(check: Callable, render: Callable, write: Callable, conn, given: tuple | None,
           checked: Callable[[], None] | None = None) -> bool:
    """A worker's work: its jobs and context (received unless forked with them), checked, rendered,
    written. `checked()` is called once the checks are done (or the parent said stop, with no work).
    False when there was no work: the parent said stop, or is gone."""
    if given is None:
        try:
            given = conn.recv()
        except KeyboardInterrupt:
            os._exit(130)
        except (EOFError, OSError):
            given = "stop"
        if given == "stop":
            if checked:
                checked()  # its siblings may have work all the same: they hear it from the parent
            return False
    jobs, context = given
    try:
        try:
            notices = check(jobs, context)
        finally:  # passed or not: siblings check (and report) their own work
            if checked:
                checked()
        _safe_send(conn, ("checked", notices))
        startup.settled()  # rendering starts: garbage is collected again (a no-op outside the command)
        _render_and_write(jobs, context, render, write, conn)
    except _Stopped:  # said, so a parent that goes on (standing.py) knows what it sent before is all
        _safe_send(conn, ("stopped",))
        return True
    except DeckgenError as exc:
        _safe_send(conn, ("error", exc.diagnostics))
    except BaseException:
        _safe_send(conn, ("crash", traceback.format_exc()))
    else:
        _safe_send(conn, ("done",))  # a parent stopped meanwhile no longer listens
    return True


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


class _Sibling:
    """A worker forked by an early worker once that one has imported its library (see _fork_siblings):
    not this process's child, so it is stopped and waited for through the worker that forked it, which
    waits for it in turn; a sibling whose forker is killed gets SIGTERM (PR_SET_PDEATHSIG)."""

    exitcode = None  # its forker reaps it; a sibling that died unexpectedly shows as a closed connection

    def __init__(self, forker):
        self.forker = forker

    def is_alive(self) -> bool:
        return self.forker.is_alive()

    def kill(self) -> None:
        self.forker.kill()

    def join(self, timeout: float | None = None) -> None:
        self.forker.join(timeout)


class Pool:
    """Forked workers: some start before the inputs are read and warm up, the others once they are.

    `warm(arg)` imports what an early worker will need (one per item of `warm_for`);
    `check(jobs, context)` returns warnings or raises DeckgenError; `render(job, context)`
    makes one output in memory and `write(job, rendered)` writes it and returns its
    outcome. A worker renders as soon as its own checks pass, but writes only once every
    worker's checks have passed. `context` is what the parent loads meanwhile (the
    documents and themes): an early worker gets it by pipe, a later one is forked with it.
    `siblings[i]` more workers are forked by the i-th early worker once it has warmed up:
    they share its imports, so a library's outputs can be split over several processes for
    the price of a fork, not of another import (see sharing.groups()). Workers take their parts in
    order: each early worker, then its siblings, then the workers forked once the inputs are
    read. An early worker with nothing to do is killed (a sibling is told to stop); so is
    every worker if the build stops before writing.
    """

    def __init__(self, warm: Callable, check: Callable, render: Callable, write: Callable, warm_for: list = (),
                 siblings: list[int] = ()):
        self._target = (warm, check, render, write)
        self._workers: list[tuple[object, object]] = []  # (process, connection)
        self._writing = False
        self._stopped: list[tuple[object, object]] = []  # early workers left without work
        try:
            for i, arg in enumerate(warm_for):
                self._fork(siblings[i] if i < len(siblings) else 0, warm_for=arg)
        except BaseException:  # a fork refused (EAGAIN): end those already started
            self.close()
            raise
        self._early = len(self._workers)

    def _fork(self, siblings: int = 0, **how) -> None:
        pairs = [forked.pipe() for _ in range(1 + siblings)]
        inherited = [conn for _, conn in self._workers] + [parent_end for parent_end, _ in pairs]
        process = forked.Process(_child, (*self._target, pairs[0][1], inherited, os.getpid()),
                                 {**how, "siblings": tuple(child_end for _, child_end in pairs[1:])})
        process.start()
        for _, child_end in pairs:
            child_end.close()
        self._workers.append((process, pairs[0][0]))
        self._workers += [(_Sibling(process), parent_end) for parent_end, _ in pairs[1:]]

    def run(self, parts: list[list], contexts: list, progress: Callable[[int, int, list], None] | None = None
            ) -> tuple[list, list[Diagnostic]]:
        """Checks everywhere, then writes everywhere; returns (outcomes, warnings).

        `parts[i]` with `contexts[i]` goes to the i-th early worker or sibling, or to a new one.
        `progress(done, total, writing)` is called whenever an output starts or
        finishes, `writing` being the jobs under way.
        """
        for (process, conn), given in zip(self._workers, zip(parts, contexts)):
            _safe_send(conn, given)
        for process, conn in self._workers[len(parts):]:
            if isinstance(process, _Sibling):
                _safe_send(conn, "stop")  # its forker may have work: only this one stops
            else:
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
        total = sum(len(p) for p in self.parts)
        outcomes: list = []
        writing: dict[tuple[int, int], object] = {}
        pending = {conn: i for i, (_, conn) in enumerate(self._workers)}
        errors: dict[int, list[Diagnostic]] = {}
        crashes: dict[int, str] = {}
        while pending:
            for conn in forked.wait(list(pending)):
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
        if not isinstance(process, _Sibling):  # its forker may still be at work: not waited for here
            process.join(timeout=5)
        code = "" if process.exitcode is None else f" (exit code {process.exitcode})"
        return ("crash", f"a worker process ended unexpectedly{code}")


def _safe_send(conn, message) -> bool:
    try:
        conn.send(message)
        return True
    except (BrokenPipeError, OSError):
        return False
