"""Standing workers: forked once, one per library, each then serving one build after another.

`deckgen watch` rebuilds in a warm process, but rendering the outputs one after another there
takes their sum (the seed: the deck 0.10 s, the handout 0.10 s, the run sheet 0.06 s and the
cards 0.04 s). It cannot fork a worker per rebuild as `deckgen build` does: by then it runs
threads (the file watcher's, the preview server's, the writes'), and a process forked from a
threaded one may inherit a lock another thread held, and hang. So the watch forks its
workers before it starts any thread: one per library (the deck's python-pptx, the PDFs'
ReportLab), each importing its library once (workers.Pool's early workers) and then serving
every rebuild through the same protocol as a build's workers (checks first, writes only once
every worker's checks passed). The outputs of one library stay in one process: the same
renderers and caches as a one-process build, so the same bytes.

A worker that dies (a bug, the out-of-memory killer) breaks the standing pool: `broken` is
then set, and the watch renders in its own process from there on.
"""

from __future__ import annotations

from collections.abc import Callable

from deckgen.build.workers import Pool, WorkerCrash, _receive, _safe_send, _unique
from deckgen.errors import DeckgenError, Diagnostic


class Standing(Pool):
    """Workers that stay: one per item of `libraries` (a library's name: the formats whose renderers
    that worker imports), in its order, each serving `run(parts, contexts)` with its part (the same
    index as its library in `self.libraries`; an empty part when it has nothing to do)."""

    def __init__(self, warm: Callable, check: Callable, render: Callable, write: Callable,
                 libraries: dict[str, tuple[str, ...]]):
        super().__init__(warm, check, render, write, list(libraries.values()))
        self.libraries = list(libraries)  # the i-th worker's library
        self.broken = False

    def _fork(self, siblings: int = 0, **how) -> None:
        super()._fork(siblings, **how, standing=True)

    def run(self, parts: list[list], contexts: list, progress: Callable[[int, int, list], None] | None = None
            ) -> tuple[list, list[Diagnostic]]:
        """One build: checks in every worker, then writes in every worker; returns (outcomes, warnings).
        A user's mistake (DeckgenError) leaves the workers ready for the next build; a crash breaks them."""
        if self.broken:
            raise WorkerCrash("the standing workers have stopped")
        assert len(parts) == len(self._workers), "one part per standing worker"
        for (_, conn), given in zip(self._workers, zip(parts, contexts)):
            _safe_send(conn, given)
        self.parts = parts
        notices: list[Diagnostic] = []
        errors: list[Diagnostic] = []
        waiting = []  # checked, waiting for "go" (or "stop")
        crash = None
        for process, conn in self._workers:
            kind, *payload = _receive(conn, process)
            if kind == "checked":
                notices += payload[0]
                waiting.append((process, conn))
            elif kind == "error":
                errors += payload[0]
            else:
                crash = crash or payload[0]
        if crash is not None or errors:
            for process, conn in waiting:
                _safe_send(conn, "stop")  # nothing written: each goes back to waiting for the next build
                while _receive(conn, process)[0] in ("started", "finished"):  # what it said before it heard
                    pass
            if crash is not None:
                self._break()
                raise WorkerCrash(crash)
            raise DeckgenError(_unique(errors) + _unique(notices))
        self._writing = True
        for _, conn in self._workers:
            _safe_send(conn, "go")
        try:
            return self._collect(progress), _unique(notices)
        except WorkerCrash:
            self._break()
            raise
        except DeckgenError:  # a renderer's error while rendering: the workers said their last word
            raise
        finally:
            self._writing = False

    def _break(self) -> None:
        self.broken = True
        self._writing = False
        self.close()

    def close(self) -> None:
        """Stops the workers: told to stop (they finish nothing, there being no build under way), then
        waited for; killed if they do not end."""
        for process, conn in self._workers:
            _safe_send(conn, "stop")
        for process, conn in self._workers:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join(timeout=10)
            conn.close()
        self._workers = []
