"""The benchmark's watch case: from saving a one-word change to the outputs, and to the preview, for the seed.

A `deckgen watch --preview` runs as a user's would (its own process, warm after its first
build); the benchmark saves the seed with one word changed (see EDITS: a word on one slide,
and the title's first word, which is on every slide), notes the time when the write
returns, and polls (every 2 ms) until all four outputs have been replaced (the deck, the
handout, the cards and the run sheet)
(save-to-output), then until the preview's index.html has (save-to-preview: the changed
slides drawn by the warm LibreOffice and pdftoppm, changed handout and card pages, the
contact sheet and the page). The first change of each kind is a warm-up.
Without LibreOffice the watch runs without --preview and only save-to-output is measured.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

SAVE_TO_OUTPUT = 0.3  # s, the targets
SAVE_TO_PREVIEW = 1.5
# one word changed and changed back, in turns: on one slide (a point of section 1: slide 3, the
# handout and cards unchanged), and on every slide (the title: every footer, the handout's head)
EDITS = {"one slide": ('- "Ieder mens wil in eigen land', '- "Elk mens wil in eigen land'),
         "every slide": ('title: "Migratie en ontwikkelingssamenwerking"', 'title: "Migraties en ontwikkelingssamenwerking"')}


def _lines(proc: subprocess.Popen, into: queue.Queue) -> None:
    for line in proc.stdout:
        into.put(line.rstrip("\n"))
    into.put(None)


def _wait_line(lines: queue.Queue, pattern: str, timeout: float, seen: list[str]) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            return False
        seen.append(line)
        if re.search(pattern, line):
            return True
    return False


def _mtimes(paths: list[Path]) -> list[int]:
    return [p.stat().st_mtime_ns if p.exists() else 0 for p in paths]


def measure(src: Path, seed: Path, tmp: Path, repeat: int, env: dict, log) -> dict:
    """Runs the watch case; returns medians, every run, and how the preview was made."""
    project = tmp / "watch"
    (project / "content").mkdir(parents=True)
    doc = project / "content" / "seed.yaml"
    shutil.copy(seed, doc)
    preview = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
    argv = [sys.executable, "-m", "deckgen", "watch", "content/seed.yaml", "--out", "out", "-q"]
    if preview:
        argv.append("--preview")
    env = dict(env, PYTHONPATH=str(src), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(argv, cwd=project, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc, lines), daemon=True).start()
    seen: list[str] = []
    result: dict = {"preview": preview, "error": None,
                    "load_before": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None}
    try:
        if not _wait_line(lines, r"^watching ", 120, seen):
            result["error"] = "the watch did not start: " + " | ".join(seen[-5:])
            return result
        outputs = [project / "out" / "default" / ("seed" + s)
                   for s in (".pptx", ".handout.pdf", ".cards.pdf", ".guide.pdf")]
        index = project / "out" / "default" / "seed.preview" / "index.html"
        text = doc.read_text(encoding="utf-8")
        for edit, pair in EDITS.items():
            result[edit] = {"output_s": [], "preview_s": []}
            for n in range(repeat + 1):
                old, new = pair[n % 2], pair[(n + 1) % 2]
                assert old in text, f"the seed no longer has {old!r}"
                text = text.replace(old, new, 1)
                before, before_index = _mtimes(outputs), _mtimes([index])[0]
                doc.write_text(text, encoding="utf-8")
                saved = time.perf_counter()
                done_output = done_preview = None
                while time.perf_counter() - saved < 30:
                    now = time.perf_counter()
                    if done_output is None and all(a != b for a, b in zip(_mtimes(outputs), before)):
                        done_output = now - saved
                    if done_output is not None and (not preview or _mtimes([index])[0] != before_index):
                        done_preview = now - saved if preview else None
                        break
                    time.sleep(0.002)
                if done_output is None or (preview and done_preview is None):
                    result["error"] = f"{edit}, change {n + 1}: no rebuild within 30 s"
                    return result
                log(f"  watch, {edit}, change {n + 1}{' (warm-up)' if n == 0 else ''}: outputs {done_output:.3f} s"
                    + (f", preview {done_preview:.3f} s" if preview else ""))
                if n:
                    result[edit]["output_s"].append(round(done_output, 4))
                    if preview:
                        result[edit]["preview_s"].append(round(done_preview, 4))
                time.sleep(0.3)  # the watch prints and settles; the next save is a new one
        m = re.search(r"(pdftoppm|pypdfium2)\)", " ".join(seen))
        result["rasterizer"] = m.group(1) if m else None
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        proc.stdout.close()
    result["load_after"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    log(f"  load average (1 min) before and after the watch case: {result['load_before']}, {result['load_after']}"
        f" on {os.cpu_count()} CPUs")
    for edit in EDITS:
        runs = result.get(edit, {})
        for key in ("output_s", "preview_s"):
            values = runs.get(key) or []
            runs[key.replace("_s", "_median_s")] = statistics.median(values) if values else None
    return result


def targets(result: dict) -> list[dict]:
    """save-to-output for a word on one slide (the issue's case); save-to-preview for a word on every
    slide (the title, in every footer: the whole deck drawn again, the strictest reading)."""
    out = []
    for edit, key, name, limit in (("one slide", "output", "save-to-output (seed, one word on one slide, watch)",
                                    SAVE_TO_OUTPUT),
                                   ("every slide", "output", "save-to-output (seed, the title's first word, watch)",
                                    SAVE_TO_OUTPUT),
                                   ("every slide", "preview", "save-to-preview (seed, the title's first word: every "
                                    "slide redrawn, watch --preview)", SAVE_TO_PREVIEW),
                                   ("one slide", "preview", "save-to-preview (seed, one word on one slide, "
                                    "watch --preview)", SAVE_TO_PREVIEW)):
        runs = result.get(edit, {})
        value = runs.get(key + "_median_s")
        if value is None:
            why = result.get("error") or ("LibreOffice not installed" if key == "preview" else "not measured")
            out.append({"target": f"{name} ≤ {limit} s", "result": "FAIL" if result.get("error") else "SKIP",
                        "detail": why, "value": None, "limit": limit})
        else:
            values = runs[key + "_s"]
            out.append({"target": f"{name} ≤ {limit} s", "result": "PASS" if value <= limit else "FAIL",
                        "detail": f"median {value:.3f} s of {len(values)} (min {min(values):.3f}, "
                                  f"max {max(values):.3f})", "value": round(value, 3), "limit": limit})
    return out
