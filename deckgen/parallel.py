"""Building outputs in several processes, with every input checked before any is written.

Each process takes a group of outputs that share a library (the deck's python-pptx, the
PDFs' ReportLab), so the libraries are imported side by side rather than one after the
other. Processes are forked after the inputs are loaded, so nothing is read twice. Every
process first runs its renderers' checks and reports them; only when all checks pass
does the parent tell them to write, so a bad template or font still costs nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable

from deckgen.errors import DeckgenError, Diagnostic

LIBRARY = {"deck": "pptx", "handout": "reportlab", "cards": "reportlab"}


def available() -> bool:
    """Forking is possible here (POSIX) and more than one core is there to use."""
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def default_jobs() -> int:
    return min(os.cpu_count() or 1, 4) if available() else 1


def groups(todo: list, count: int) -> list[list]:
    """Splits jobs into at most `count` groups, keeping outputs of one library together."""
    by_library: dict[str, list] = {}
    for job in todo:
        by_library.setdefault(LIBRARY.get(job.fmt, job.fmt), []).append(job)
    out = [jobs for jobs in by_library.values()]
    while len(out) < count and any(len(g) > 1 for g in out):
        largest = max(out, key=len)
        out.remove(largest)
        half = (len(largest) + 1) // 2
        out += [largest[:half], largest[half:]]
    while len(out) > count:  # fewer processes than libraries: merge the smallest groups
        out.sort(key=len)
        out = [out[0] + out[1]] + out[2:]
    return out


def _child(jobs: list, check: Callable, run: Callable, conn, inherited: list) -> None:
    for other in inherited:  # the parent's ends: held here, a killed parent would never be noticed
        other.close()
    try:
        _safe_send(conn, ("checked", check(jobs)))
    except DeckgenError as exc:
        _safe_send(conn, ("error", exc.diagnostics))
        return
    except BaseException:
        _safe_send(conn, ("crash", traceback.format_exc()))
        return
    try:
        if conn.recv() != "go":
            return
    except EOFError:  # the parent was stopped: write nothing
        return
    try:
        outcomes = [run(job) for job in jobs]
    except DeckgenError as exc:
        _safe_send(conn, ("error", exc.diagnostics))
    except BaseException:
        _safe_send(conn, ("crash", traceback.format_exc()))
    else:
        _safe_send(conn, ("done", outcomes))  # a parent stopped meanwhile no longer listens


class WorkerCrash(RuntimeError):
    """An unexpected failure in a worker process, with its traceback."""


def run_groups(parts: list[list], check: Callable[[list], list[Diagnostic]], run: Callable,
               progress: Callable | None = None) -> tuple[list, list[Diagnostic]]:
    """Runs the first group here and the others in forked processes; returns (outcomes, notices).

    `check(jobs)` returns warnings or raises DeckgenError; `run(job)` writes one output.
    """
    ctx = multiprocessing.get_context("fork")
    children = []
    for jobs in parts[1:]:
        parent_end, child_end = ctx.Pipe()
        inherited = [conn for _, conn in children] + [parent_end]
        process = ctx.Process(target=_child, args=(jobs, check, run, child_end, inherited), daemon=True)
        process.start()
        child_end.close()
        children.append((process, parent_end))
    notices: list[Diagnostic] = []
    errors: list[Diagnostic] = []
    crash = None
    try:
        notices += check(parts[0])
    except DeckgenError as exc:
        errors += exc.diagnostics
    for process, conn in children:
        kind, payload = _receive(conn, process)
        if kind == "checked":
            notices += payload
        elif kind == "error":
            errors += payload
        else:
            crash = crash or payload
    go = not errors and crash is None
    for _, conn in children:
        if not _safe_send(conn, "go" if go else "stop") and go:
            crash = "a worker process ended before it could write its outputs"
    try:
        if crash is not None:
            raise WorkerCrash(crash)
        if errors:
            raise DeckgenError(errors + notices)
        outcomes = []
        total = sum(len(p) for p in parts)
        for job in parts[0]:
            if progress:
                progress(len(outcomes) + 1, total, job)
            outcomes.append(run(job))
        for process, conn in children:
            kind, payload = _receive(conn, process)
            if kind == "done":
                outcomes += payload
            elif kind == "error":
                raise DeckgenError(payload)
            else:
                raise WorkerCrash(payload)
        return outcomes, notices
    finally:
        for process, conn in children:
            conn.close()
            process.join(timeout=60)


def _receive(conn, process):
    try:
        return conn.recv()
    except EOFError:
        process.join(timeout=5)
        return ("crash", f"a worker process ended unexpectedly (exit code {process.exitcode})")


def _safe_send(conn, message) -> bool:
    try:
        conn.send(message)
        return True
    except (BrokenPipeError, OSError):
        return False
