"""deckgen's benchmark: whole builds as whole processes, against an import line and pandoc.

    python bench/run.py [--repeat N] [--quick] [--check] [--live] [--no-pandoc] [--keep] [--results DIR]

What it does, in one run on one machine:

1. Generates content files from the seed's own sentences (bench/make_docs.py): ×1 (the
   seed, 7 questions), ×10 (70) and ×100 (700), and the same content as pandoc Markdown
   (bench/to_markdown.py).
2. Copies deckgen/ and themes/ into a temporary folder and builds from that snapshot, so
   edits made to the working tree while it runs do not mix two versions (--live: build
   from the working tree itself).
3. Runs every case as a whole process: one warm-up run (discarded; it also writes the
   snapshot's .pyc files), then N measured runs (default 5), the cases taking turns so a
   change in machine load touches every case alike. A case whose warm-up takes longer
   than 15 s is measured min(N, 3) times.
   - import line: python -c "import pptx, reportlab.platypus, yaml"
   - the seed's full build with -j 2 and with -j 1, each run right after the import line's run of
     the same round: their targets are the medians of the per-round ratios (paired runs, see
     paired()), which hold on a busy machine where the times themselves wander; CPU time too
   - full build ×1, ×10, ×100: python -m deckgen build FILE --force --out TMP --theme default
     (the four default formats; when a renderer is missing or broken, the formats that work, named)
   - no-op build ×1: the same without --force after a build (every output up to date)
   - ×1 with every theme (--all-themes --force), -j 1 and -j 2
   - pandoc ×1, ×10, ×100: pandoc FILE.md -o FILE.pptx (when pandoc is available)
   - watch (a separate case, not a whole process per run; --no-watch leaves it out): a running
     `deckgen watch --preview` of the seed, one word changed and saved N+1 times: the time from
     the save to all four outputs written, and to the preview page written (bench/watch.py)
4. Prints the machine, a table (median s, ratio to the import line, peak RSS MB) and the
   targets with PASS/FAIL; writes bench/results.json and bench/results.md.

Time is wall-clock from spawning a process to reaping it. Peak memory is the process's
own maximum resident set size from os.wait4 (the rusage of exactly that child, including
any worker processes it waited for: the largest single process, not their sum); unlike
getrusage(RUSAGE_CHILDREN), which is a running maximum over every child so far.
Measured processes run without PYTHONDONTWRITEBYTECODE and Python's debugging variables
(see UNFAIR_ENV), so deckgen loads from .pyc files as an installed package does. The run
reports how much CPU other processes took meanwhile (/proc/stat minus the benchmark's own
children); above 10% the numbers are flagged as less reliable.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import make_docs, to_markdown  # noqa: E402
from bench import watch as bench_watch  # noqa: E402

IMPORT_LINE = "import pptx, reportlab.platypus, yaml"
ALL_FORMATS = ("deck", "handout", "cards", "guide")  # a build's default formats
SUFFIXES = {"deck": ".pptx", "handout": ".handout.pdf", "cards": ".cards.pdf", "guide": ".guide.pdf"}
SLOW_SECONDS = 15.0
SLOW_REPEAT = 3
NO_PANDOC = "pandoc: not available (pip install pypandoc-binary)"

# Targets, as ratios from one run on one machine (the issue's numbers).
SEED_VS_IMPORT = 1.3  # with two workers (-j 2), paired with the import line (issue 25)
SEED_VS_IMPORT_ONE = 1.6  # in one process (-j 1)
X100_VS_PANDOC = 0.5
X100_VS_X10 = 12.0
X100_PEAK_MB = 200.0
PHOTOS_SECONDS = 3.0  # a deck with ten 24-megapixel photos (issue 16)
PHOTOS_DECK_MB = 15.0


# --- measuring ---------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    peak_mb: float
    rc: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the process and the workers it waited for


# Settings that would make the measured processes unlike a user's: no .pyc files (every
# run compiling deckgen from source), tracing, import profiling, debug allocators.
UNFAIR_ENV = ("PYTHONDONTWRITEBYTECODE", "PYTHONTRACEMALLOC", "PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE",
              "PYTHONMALLOC", "PYTHONMALLOCSTATS", "PYTHONASYNCIODEBUG", "PYTHONWARNINGS")


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in UNFAIR_ENV}


def run_process(argv: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Runs argv as a whole process; wall time and its own peak RSS (os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=clean_env() if env is None else env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in kilobytes on Linux, bytes on macOS.
        peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
        return Run(seconds, peak, proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), usage.ru_utime + usage.ru_stime)


@dataclass
class Case:
    key: str
    label: str
    argv: list[str]
    cwd: Path
    prime: list[str] | None = None  # run once before the warm-up (not measured)
    expect: str | None = None  # a regex the stdout of every measured run must match
    info: dict = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)
    warmup: Run | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs)

    @property
    def median(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.peak_mb for r in self.runs) if self.ok else None

    def record(self, run: Run) -> None:
        if run.rc != 0:
            tail = (run.stderr.strip() or run.stdout.strip()).splitlines()[-3:]
            self.error = f"exit {run.rc}: " + " | ".join(tail)
            return
        if self.expect and not re.search(self.expect, run.stdout, re.M):
            self.notes.append("a run did not match /" + self.expect + "/: " + run.stdout.strip().splitlines()[-1])
        self.runs.append(run)


def measure(cases: list[Case], repeat: int, log) -> None:
    """Warm-up for every case, then `repeat` rounds in which the cases take turns."""
    for case in cases:
        if case.prime:
            primed = run_process(case.prime, case.cwd)
            if primed.rc != 0:
                case.error = f"preparing failed (exit {primed.rc}): {primed.stderr.strip()[-300:]}"
                log(f"  {case.label}: {case.error}")
                continue
        case.warmup = run_process(case.argv, case.cwd)
        if case.warmup.rc != 0:
            case.record(case.warmup)
            log(f"  warm-up  {case.label}: FAILED {case.error}")
            continue
        case.info["repeat"] = min(repeat, SLOW_REPEAT) if case.warmup.seconds > SLOW_SECONDS else repeat
        log(f"  warm-up  {case.label}: {case.warmup.seconds:.2f} s")
    for round_ in range(1, repeat + 1):
        todo = [c for c in cases if c.error is None and c.warmup and round_ <= c.info["repeat"]]
        if not todo:
            break
        log(f"  round {round_}/{repeat}: " + ", ".join(c.key for c in todo))
        for case in todo:
            case.record(run_process(case.argv, case.cwd))


# --- the machine ---------------------------------------------------------------------------
def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def find_pandoc() -> tuple[str | None, str | None]:
    """pypandoc-binary's pandoc, or one on PATH; (path, version) or (None, None)."""
    path = None
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except Exception:  # not installed, or pypandoc without a pandoc
        path = shutil.which("pandoc")
    if not path:
        return None, None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None, None
    first = out.splitlines()[0] if out else "pandoc"
    return path, first.split()[-1]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "processor\t: arm")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            return subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True,
                                  text=True).stdout.strip()
        except OSError:
            pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30,
                                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def deckgen_revision() -> str:
    commit = _git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown"
    changed = _git("diff", "--name-only", "HEAD", "--", "deckgen", "themes")
    untracked = _git("ls-files", "--others", "--exclude-standard", "--", "deckgen", "themes")
    return commit + (" + uncommitted changes" if (changed or untracked) else "")


def machine(pandoc_version: str | None) -> dict:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "nproc": usable,
        "memory_gb": _memory_gb(),
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "python-pptx": _version("python-pptx"),
        "reportlab": _version("reportlab"),
        "PyYAML": _version("PyYAML"),
        "fonttools": _version("fonttools"),
        "pandoc": pandoc_version,
        "deckgen": deckgen_revision(),
    }


def _cpu_seconds() -> tuple[float, float] | None:
    """The machine's (busy, total) CPU seconds so far, from /proc/stat (Linux only)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
        hz = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / hz, sum(fields) / hz


def _own_cpu_seconds() -> float:
    """CPU seconds used by this process and every child it has reaped (the measured runs)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class OtherLoad:
    """How much of the machine's CPU time went to processes other than the benchmark's."""

    def __init__(self):
        self.start, self.own = _cpu_seconds(), _own_cpu_seconds()

    def busy_now(self, seconds: float = 1.0) -> float | None:
        """The share of the CPUs busy over the next `seconds` (the benchmark itself is idle then)."""
        a = _cpu_seconds()
        time.sleep(seconds)
        b = _cpu_seconds()
        return None if not (a and b) or b[1] == a[1] else (b[0] - a[0]) / (b[1] - a[1])

    def share(self) -> float | None:
        end = _cpu_seconds()
        if not (self.start and end) or end[1] == self.start[1]:
            return None
        other = (end[0] - self.start[0]) - (_own_cpu_seconds() - self.own)
        return max(other, 0.0) / (end[1] - self.start[1])


# --- preparing ------------------------------------------------------------------------------
def snapshot(dest: Path) -> Path:
    """deckgen/ and themes/ copied, so the whole run measures one version of the code."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".deckgen")
    shutil.copytree(ROOT / "deckgen", dest / "deckgen", ignore=ignore)
    if (ROOT / "themes").is_dir():
        shutil.copytree(ROOT / "themes", dest / "themes", ignore=ignore)
    return dest


def deckgen_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "deckgen", "build", *args]


def probe_formats(src: Path, doc: Path, out: Path, log) -> tuple[list[str], dict[str, str]]:
    """Which formats build (each alone, once); the others with the reason."""
    working, missing = [], {}
    for fmt in ALL_FORMATS:
        if not (src / "deckgen" / "renderers" / (fmt + ".py")).is_file() and \
                not (src / "deckgen" / "renderers" / fmt).is_dir():
            missing[fmt] = f"deckgen/renderers/{fmt}.py does not exist yet"
            continue
        run = run_process(deckgen_argv(str(doc), "--force", "--out", str(out), "--theme", "default",
                                       "--format", fmt, "-q"), src)
        if run.rc == 0 and (out / "default" / (doc.stem + SUFFIXES[fmt])).is_file():
            working.append(fmt)
        else:
            tail = (run.stderr.strip() or run.stdout.strip()).splitlines()[-1:] or [""]
            missing[fmt] = f"build failed (exit {run.rc}): {tail[0][:200]}"
    for fmt, why in missing.items():
        log(f"  format {fmt}: not measured: {why}")
    return working, missing


def theme_names(src: Path) -> list[str]:
    code = "from pathlib import Path; from deckgen import theme; print('\\n'.join(theme.available(Path('.'))))"
    result = subprocess.run([sys.executable, "-c", code], cwd=src, capture_output=True, text=True, env=clean_env())
    return result.stdout.split() if result.returncode == 0 else []


def slide_count(pptx: Path) -> int | None:
    try:
        with zipfile.ZipFile(pptx) as z:
            return sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    except (OSError, zipfile.BadZipFile):
        return None


def render_seconds(case: Case) -> dict[str, float]:
    """deckgen's own per-output times ("wrote … (1.23 s)"), median over the measured runs."""
    per: dict[str, list[float]] = {}
    for run in case.runs:
        for m in re.finditer(r"^wrote\s+(\S+)\s+\(([0-9.]+) s\)", run.stdout, re.M):
            name = m.group(1)
            fmt = next((f for f, s in SUFFIXES.items() if name.endswith(s)), name)
            per.setdefault(fmt, []).append(float(m.group(2)))
    return {fmt: round(statistics.median(v), 3) for fmt, v in per.items()}


# --- reporting ------------------------------------------------------------------------------
def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table_rows(cases: list[Case], base: float | None) -> list[list[str]]:
    rows = []
    for c in cases:
        if c.ok:
            ratio = c.median / base if base else None
            spread = f"{min(r.seconds for r in c.runs):.2f}–{max(r.seconds for r in c.runs):.2f}"
            rows.append([c.label, _fmt(c.median, ".2f"), _fmt(ratio, ".2f") + ("×" if ratio else ""),
                         _fmt(c.peak_mb, ".0f"), f"{len(c.runs)}", spread])
        else:
            rows.append([c.label, "failed", "—", "—", "0", (c.error or "not run")[:60]])
    return rows


HEADER = ["case", "median s", "ratio to import line", "peak RSS MB", "runs", "min–max s"]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER] + rows) for i in range(len(HEADER))]
    align = ["<", ">", ">", ">", ">", ">"]
    lines = [" | ".join(f"{h:{a}{w}}" for h, a, w in zip(HEADER, align, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(f"{v:{a}{w}}" for v, a, w in zip(r, align, widths)) for r in rows]
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER[:4]) + " |", "|---|--:|--:|--:|"]
    lines += ["| " + " | ".join(r[:4]) + " |" for r in rows]
    return "\n".join(lines)


def paired(case: Case | None, base: Case | None, cpu: bool = False) -> tuple[float | None, list[float]]:
    """The median of the ratios of each round's run of `case` to the import line's run of the same
    round (they run one right after the other): a change in the machine's load in between touches
    both, so the ratio holds where the times themselves wander. With cpu, the ratio of CPU seconds."""
    if not (case and base and case.ok and base.ok):
        return None, []
    pairs = list(zip(base.runs, case.runs))
    ratios = [(c.cpu / b.cpu) if cpu else (c.seconds / b.seconds) for b, c in pairs if (b.cpu if cpu else b.seconds)]
    return (statistics.median(ratios) if ratios else None), ratios


def targets(by_key: dict[str, Case], pandoc: bool, photos_mb: float | None = None) -> list[dict]:
    def med(key):
        c = by_key.get(key)
        return c.median if c and c.ok else None

    out = []

    def check(name, value, limit, shown, unavailable=None):
        if value is None:
            out.append({"target": name, "result": "SKIP" if unavailable else "FAIL",
                        "detail": unavailable or "a measurement failed", "value": None, "limit": limit})
        else:
            out.append({"target": name, "result": "PASS" if value <= limit else "FAIL", "detail": shown,
                        "value": round(value, 3), "limit": limit})

    imp, x1, x10, x100, pd100 = med("import"), med("build-x1"), med("build-x10"), med("build-x100"), \
        med("pandoc-x100")
    for key, limit, what in (("seed-j2", SEED_VS_IMPORT, "2 workers (-j 2)"),
                             ("seed-j1", SEED_VS_IMPORT_ONE, "one process (-j 1)")):
        r, ratios = paired(by_key.get(key), by_key.get("import"))
        cpu, _ = paired(by_key.get(key), by_key.get("import"), cpu=True)
        check(f"seed full build ≤ {limit}× the import line, {what}", r, limit,
              f"median of {len(ratios)} paired runs {_fmt(r, '.3f')}× (each {_fmt(min(ratios, default=None), '.2f')}"
              f"–{_fmt(max(ratios, default=None), '.2f')}×; CPU time {_fmt(cpu, '.2f')}×); "
              f"{_fmt(med(key), '.2f')} s against {_fmt(imp, '.2f')} s")
    r = x100 / pd100 if x100 and pd100 else None
    check(f"×100 full build ≤ {X100_VS_PANDOC}× pandoc's PowerPoint of ×100", r, X100_VS_PANDOC,
          f"{_fmt(x100, '.2f')} s / {_fmt(pd100, '.2f')} s = {_fmt(r, '.3f')}×",
          None if pandoc else NO_PANDOC)
    r = x100 / x10 if x100 and x10 else None
    check(f"linear: ×100 ≤ {X100_VS_X10:g}× ×10", r, X100_VS_X10,
          f"{_fmt(x100, '.2f')} s / {_fmt(x10, '.2f')} s = {_fmt(r, '.3f')}×")
    c = by_key.get("build-x100")
    peak = c.peak_mb if c and c.ok else None
    out.append({"target": f"×100 peak memory < {X100_PEAK_MB:g} MB",
                "result": "FAIL" if peak is None or peak >= X100_PEAK_MB else "PASS",
                "detail": f"{_fmt(peak, '.0f')} MB" if peak is not None else "a measurement failed",
                "value": None if peak is None else round(peak, 1), "limit": X100_PEAK_MB})
    if "photos-deck" in by_key:
        seconds = med("photos-deck")
        check(f"deck with ten 24-megapixel photos < {PHOTOS_SECONDS:g} s", seconds, PHOTOS_SECONDS,
              f"{_fmt(seconds, '.2f')} s")
        check(f"that deck < {PHOTOS_DECK_MB:g} MB", photos_mb, PHOTOS_DECK_MB, f"{_fmt(photos_mb, '.1f')} MB")
    return out


def machine_line(m: dict) -> str:
    mem = f", {m['memory_gb']} GB RAM" if m.get("memory_gb") else ""
    return (f"{m['cpu']} ({m['nproc']} CPUs{mem}), {m['os']}; Python {m['python']}, python-pptx "
            f"{m['python-pptx']}, ReportLab {m['reportlab']}, PyYAML {m['PyYAML']}, "
            f"pandoc {m['pandoc'] or 'not available'}; deckgen {m['deckgen']}")


def markdown_report(result: dict, rows: list[list[str]]) -> str:
    runs = "1 run" if result["repeat"] == 1 else f"{result['repeat']} runs"
    lines = [f"Results of `{result['command']}` on {result['date']}: medians of {runs} per case after a "
             f"warm-up run (cases over {SLOW_SECONDS:g} s: at most {SLOW_REPEAT}), each a whole process; "
             "peak RSS is the largest of the runs.", "",
             markdown_table(rows), "", "| target | result | measured |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['result']} | {t['detail']} |" for t in result["targets"]]
    lines += ["", "Machine: " + machine_line(result["machine"]) + "."]
    other = result["machine"].get("other_cpu_share")
    if other is not None:
        lines[-1] += f" Other processes used {other:.0%} of the CPUs during the measurements."
    if result["formats_missing"]:
        lines.append("Not measured (renderer missing or failing): " + ", ".join(
            f"{f} ({why})" for f, why in result["formats_missing"].items()) + ".")
    return "\n".join(lines) + "\n"


def _shown(arg: str, python: str, tmp: Path) -> str:
    """An argument as recorded: `python` for the interpreter, $TMP for the temporary folder."""
    if arg == python:
        return "python"
    return arg.replace(str(tmp), "$TMP")


# --- main ------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="deckgen's benchmark (see the docstring of bench/run.py).")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per case, after one warm-up (5)")
    parser.add_argument("--quick", action="store_true",
                        help="2 runs per case; only the cases the targets need (no pandoc ×1/×10, no -j)")
    parser.add_argument("--live", action="store_true", help="build from the working tree, not a snapshot")
    parser.add_argument("--results", type=Path, default=BENCH, help="folder for results.json/.md (bench/)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (documents, outputs)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--no-pandoc", action="store_true", help="leave pandoc out even when it is available")
    parser.add_argument("--no-watch", action="store_true", help="leave out the watch case (save-to-output/preview)")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick and args.repeat == 5 else args.repeat
    if repeat < 1:
        parser.error("--repeat must be at least 1")

    def log(msg: str) -> None:
        print(msg, flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="deckgen-bench-"))
    try:
        return _run(args, repeat, tmp, log)
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(args, repeat: int, tmp: Path, log) -> int:
    pandoc, pandoc_version = (None, None) if args.no_pandoc else find_pandoc()
    info = machine(pandoc_version)
    log("deckgen benchmark")
    log("machine: " + machine_line(info))
    unfair = [k for k in UNFAIR_ENV if k in os.environ]
    if unfair:
        log("environment: " + ", ".join(unfair) + " left out for the measured processes")
    log(f"pandoc: {pandoc}" if pandoc else ("pandoc: left out (--no-pandoc)" if args.no_pandoc else NO_PANDOC))

    src = ROOT if args.live else snapshot(tmp / "src")
    docs = make_docs.write_docs(tmp / "docs")
    sys.path.insert(0, str(src))
    doc_info = {}
    for factor, path in docs.items():
        try:
            questions, warnings = make_docs.check(path)
        except Exception as exc:  # the loader changed under us: the builds will say more
            log(f"document ×{factor}: deckgen.content.load.load failed: {exc!r:.300}")
            questions, warnings = 7 * factor, []
        doc_info[factor] = {"questions": questions, "bytes": path.stat().st_size, "warnings": len(warnings)}
        log(f"document ×{factor}: {questions} questions, {path.stat().st_size:,} bytes"
            + (f", {len(warnings)} warning(s)" if warnings else ""))
    markdown = {f: to_markdown.convert(p, p.with_suffix(".md")) for f, p in docs.items()}

    log("formats:")
    formats, missing = probe_formats(src, docs[1], tmp / "probe", log)
    log("  measured: " + (", ".join(formats) or "none"))
    if not formats:
        log("nothing to measure: no format builds")
        return 1
    fmt_args = [] if len(formats) == len(ALL_FORMATS) else ["--format", ",".join(formats)]

    py = sys.executable
    cases = [Case("import", f'import line: python -c "{IMPORT_LINE}"', [py, "-c", IMPORT_LINE], src)]
    for jobs in (2, 1):  # right after the import line in every round: paired with it (see paired())
        cases.append(Case(f"seed-j{jobs}", f"seed full build, -j {jobs} (paired with the import line)",
                          deckgen_argv(str(docs[1]), "--force", "--out", str(tmp / "out" / f"seed-j{jobs}"),
                                       "--theme", "default", "-j", str(jobs), *fmt_args), src,
                          expect=r"\b0 up to date"))
    for factor, path in docs.items():
        out = tmp / "out" / f"x{factor}"
        what = f"{doc_info[factor]['questions']} questions" + ("" if not missing else "; " + " + ".join(formats))
        cases.append(Case(f"build-x{factor}", f"full build ×{factor} ({what})",
                          deckgen_argv(str(path), "--force", "--out", str(out), "--theme", "default", *fmt_args),
                          src, expect=r"\b0 up to date"))
    if "deck" in formats:
        log("photos: drawing ten 24-megapixel photographs (once per run)")
        # drawn in a process of its own: a child's peak RSS (os.wait4) starts at this process's size when forked
        subprocess.run([sys.executable, str(BENCH / "photos.py"), str(tmp / "photos")], check=True,
                       capture_output=True)
        photos_doc = tmp / "photos" / "photos.yaml"
        cases.append(Case("photos-deck", "deck with ten 24-megapixel photos",
                          deckgen_argv(str(photos_doc), "--force", "--out", str(tmp / "out" / "photos"), "--theme",
                                       "default", "--format", "deck"), src, expect=r"\b0 up to date"))
    noop_out = tmp / "out" / "noop"
    cases.append(Case("noop-x1", "no-op build ×1 (all up to date)",
                      deckgen_argv(str(docs[1]), "--out", str(noop_out), "--theme", "default", *fmt_args), src,
                      prime=deckgen_argv(str(docs[1]), "--force", "--out", str(noop_out), "--theme", "default",
                                         *fmt_args, "-q"),
                      expect=r"^0 written"))
    themes = theme_names(src)
    if args.quick:
        log("themes: -j comparison skipped (--quick)")
    elif len(themes) < 2:
        log(f"themes: -j comparison skipped (themes found: {', '.join(themes) or 'none'})")
    else:
        for jobs in (1, 2):
            cases.append(Case(f"themes-j{jobs}", f"×1 with {len(themes)} themes, -j {jobs}",
                              deckgen_argv(str(docs[1]), "--force", "--out", str(tmp / "out" / f"j{jobs}"),
                                           "--all-themes", "-j", str(jobs), *fmt_args), src,
                              expect=r"\b0 up to date"))
    if pandoc:
        for factor, md in markdown.items():
            if args.quick and factor != 100:
                continue
            cases.append(Case(f"pandoc-x{factor}", f"pandoc ×{factor}: Markdown to PowerPoint only",
                              [pandoc, str(md), "-o", str(md.with_suffix(".pandoc.pptx"))], src))

    load = OtherLoad()
    busy = load.busy_now()
    info["busy_before"] = None if busy is None else round(busy, 3)
    if busy is not None and busy > 0.25:
        log(f"warning: the CPUs are {busy:.0%} busy before the benchmark starts; results will be noisy")
    load = OtherLoad()
    log(f"measuring: 1 warm-up + {repeat} runs per case (cases slower than {SLOW_SECONDS:g} s: "
        f"{min(repeat, SLOW_REPEAT)})")
    measure(cases, repeat, log)
    by_key = {c.key: c for c in cases}
    watched = None
    if not args.no_watch:
        log("watch: save-to-output and save-to-preview of the seed")
        watched = bench_watch.measure(src, ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml", tmp,
                                      repeat, clean_env(), log)
        if watched.get("error"):
            log(f"FAILED: watch: {watched['error']}")

    base = by_key["import"].median
    rows = table_rows(cases, base)
    photos_deck = tmp / "out" / "photos" / "default" / "photos.pptx"
    checks = targets(by_key, bool(pandoc), photos_deck.stat().st_size / 1e6 if photos_deck.is_file() else None)
    checks += bench_watch.targets(watched) if watched else []
    slides = {}
    for factor in docs:
        slides[f"deckgen x{factor}"] = slide_count(tmp / "out" / f"x{factor}" / "default" / f"x{factor}.pptx")
        slides[f"pandoc x{factor}"] = slide_count(markdown[factor].with_suffix(".pandoc.pptx"))
    renders = {c.key: render_seconds(c) for c in cases if c.key.startswith("build-") and c.ok}

    log("")
    log(text_table(rows))
    log("")
    if "deck" in formats:
        log("slides: " + ", ".join(f"{k} {v}" for k, v in slides.items() if v is not None))
    for key, per in renders.items():
        log(f"in-process render times, {by_key[key].label}: "
            + ", ".join(f"{fmt} {s:.2f} s" for fmt, s in per.items()))
    if missing:
        log("NOT MEASURED: " + "; ".join(f"{f}: {why}" for f, why in missing.items())
            + " — the full-build numbers cover " + ", ".join(formats) + " only")
    if not pandoc:
        log(NO_PANDOC)
    for c in cases:
        for note in dict.fromkeys(c.notes):
            log(f"note: {c.label}: {note}")
        if c.error:
            log(f"FAILED: {c.label}: {c.error}")
    other = load.share()
    info["other_cpu_share"] = None if other is None else round(other, 3)
    if other is not None:
        log(f"other processes used {other:.0%} of the CPUs during the measurements"
            + ("; the numbers are less reliable, run again on a quiet machine" if other > 0.10 else ""))
    log("")
    log("targets:")
    for t in checks:
        log(f"  {t['result']:<4}  {t['target']}: {t['detail']}")

    result = {
        "date": time.strftime("%Y-%m-%d"),
        "command": "python bench/run.py" + (f" --repeat {args.repeat}" if args.repeat != 5 else "")
                   + (" --quick" if args.quick else "") + (" --live" if args.live else ""),
        "repeat": repeat,
        "machine": info,
        "formats": formats,
        "formats_missing": missing,
        "documents": {f"x{f}": v for f, v in doc_info.items()},
        "cases": [{"key": c.key, "label": c.label, "argv": [_shown(a, py, tmp) for a in c.argv],
                   "median_s": None if c.median is None else round(c.median, 4),
                   "ratio_to_import": None if not (c.ok and base) else round(c.median / base, 3),
                   "peak_rss_mb": None if c.peak_mb is None else round(c.peak_mb, 1),
                   "runs_s": [round(r.seconds, 4) for r in c.runs],
                   "warmup_s": None if c.warmup is None else round(c.warmup.seconds, 4),
                   "error": c.error, "notes": list(dict.fromkeys(c.notes))} for c in cases],
        "slides": slides,
        "render_seconds": renders,
        "targets": checks,
        "watch": watched,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
    (args.results / "results.md").write_text(markdown_report(result, rows), encoding="utf-8")
    log(f"\nwrote {args.results / 'results.json'} and {args.results / 'results.md'}")
    failed_runs = any(c.error for c in cases) or bool(watched and watched.get("error"))
    failed_targets = any(t["result"] == "FAIL" for t in checks)
    return 1 if failed_runs or (args.check and failed_targets) else 0


if __name__ == "__main__":
    sys.exit(main())
