"""How a build's outputs are shared out over worker processes: how many there may be (`cores`,
`available`, `default_jobs`), which outputs go together (`groups`: one library's outputs in one
process, a format with what it is made from, the heaviest library shared out by weight) and in
which order the workers take them (`families`, `early_count`). The processes themselves are
workers.py's.
"""

from __future__ import annotations

import os
import sys

from deckgen.renderers import FORMATS, needed, worker_library


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
    # os.fork is what the workers need (build/forked.py, without multiprocessing)
    return sys.platform.startswith("linux") and hasattr(os, "fork") and cores() > 1


def default_jobs() -> int:
    return min(cores(), 4) if available() else 1


def groups(todo: list, count: int) -> list[list]:
    """Splits jobs into groups, one per process, keeping outputs of one library together; a format made
    from others stays with them (same document and theme), so what it needs is made once.

    Each library's outputs get one group, then more while there are fewer groups than `count`
    (the heaviest library per group first), and with two or more processes, when the heaviest
    library has SIBLING_WORK or more to do, one group more than `count`: the heaviest library's
    extra group is a sibling of its early worker (Pool), which costs a fork and no import, and
    lets the cores share out the work of the heaviest library rather than leave one idle while
    the other finishes it. (Measured on two cores: the seed's PDFs, 1.9 of work, built 25 ms
    faster without one; the seed in every theme, 5.7, 66 ms faster with one; the ×10 document,
    7.8, 84 ms.) More libraries than `count`: the lightest are merged. A library's outputs are
    shared out by weight (the registry's)."""
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
    families = list(by_library.values())  # each: a list of units that are never split
    if len(families) > count:  # more libraries than processes: merge the smallest
        out = families
        while len(out) > count:
            out.sort(key=lambda g: sum(map(len, g)))
            out = [out[0] + out[1]] + out[2:]
    else:
        shares = [1] * len(families)
        heaviest_work = max((sum(_work(unit) for unit in family) for family in families), default=0.0)
        extra = 1 if count > 1 and heaviest_work >= SIBLING_WORK else 0

        def per_group(i: int) -> float:
            return sum(map(_weight, families[i])) / shares[i] if shares[i] < len(families[i]) else -1.0

        while sum(shares) < count + extra:
            heaviest = max(range(len(families)), key=per_group)
            if per_group(heaviest) < 0:
                break
            shares[heaviest] += 1
        out = [group for family, n in zip(families, shares) for group in _share_out(family, n)]
    return [[job for unit in group for job in unit] for group in out]


def _weight(unit: list) -> float:
    return sum(FORMATS[job.fmt].weight for job in unit)


SIBLING_WORK = 3.0  # a library's work (weights, scaled by size) from which a sibling process pays its fork
SEED_BYTES = 16_000  # a content file about this size (the seed's 14 KB) renders in its outputs' weights


def _work(unit: list) -> float:
    """A unit's weight scaled by its content's size: a document ten times the seed's is about ten
    times the work (the file's size on disk; read before the content is parsed)."""
    return sum(FORMATS[job.fmt].weight * _scale(getattr(job, "content", None)) for job in unit)


def _scale(content) -> float:
    try:
        return max(1.0, os.stat(content).st_size / SEED_BYTES) if content is not None else 1.0
    except (OSError, TypeError, ValueError):
        return 1.0


def _share_out(units: list[list], n: int) -> list[list[list]]:
    """`units` in `n` groups of about the same weight (the heaviest unit first to the lightest group),
    each group keeping the units' order."""
    if n <= 1:
        return [units]
    loads = [0.0] * n
    owner: dict[int, int] = {}
    for i in sorted(range(len(units)), key=lambda i: -_weight(units[i])):
        k = min(range(n), key=lambda k: (loads[k], k))
        owner[i] = k
        loads[k] += _weight(units[i])
    return [[unit for i, unit in enumerate(units) if owner[i] == k] for k in range(n)]


def families(parts: list[list], early: int) -> tuple[list[list], list[int]]:
    """The parts in the order a Pool takes them, and the size of each early worker's family: the
    heaviest `early` libraries first, each with all its parts (the first for the early worker, the
    others for the siblings it forks), then the other parts. `parts`: heaviest first."""
    libraries: list[str] = []
    for part in parts:
        library = worker_library(part[0].fmt)
        if library not in libraries:
            libraries.append(library)
    heads = libraries[:early]
    ordered = [part for library in heads for part in parts if worker_library(part[0].fmt) == library]
    rest = [part for part in parts if worker_library(part[0].fmt) not in heads]
    sizes = [sum(1 for part in parts if worker_library(part[0].fmt) == library) for library in heads]
    return ordered + rest, sizes


def early_count(groups: int) -> int:
    """How many workers to fork before the inputs are read: one core stays with the parent."""
    return max(1, min(groups, cores() - 1))
