"""`deckgen watch` in a subprocess, read line by line, every wait bounded."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
       "PYTHONUNBUFFERED": "1"}


def make_project(tmp: Path) -> Path:
    """A project with the seed as content/seed.yaml and a copy of the default theme as themes/mine."""
    (tmp / "content").mkdir()
    shutil.copy(SEED, tmp / "content" / "seed.yaml")
    shutil.copytree(ROOT / "themes" / "default", tmp / "themes" / "mine")
    theme = tmp / "themes" / "mine" / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("name: default", "name: mine", 1), encoding="utf-8")
    return tmp


class Watch:
    """A running `deckgen watch`; lines() gathers its output (stdout and stderr together)."""

    def __init__(self, project: Path, *args: str, theme: str | None = "themes/mine"):
        themes = ["--theme", theme] if theme else []  # None: the default theme
        self.proc = subprocess.Popen([sys.executable, "-m", "deckgen", "watch", "content/seed.yaml", *themes,
                                      "--out", "out", *args], cwd=project, env=ENV,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        self.out: list[str] = []
        self._lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match:
        """The next line matching `pattern` (lines before it are kept in self.out)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self._lines.get(timeout=max(remaining, 0.01))
            except queue.Empty:
                line = ""
            if line is None:
                raise AssertionError(f"watch ended (exit {self.proc.poll()}) before /{pattern}/:\n" + self.text())
            if line:
                self.out.append(line)
                m = re.search(pattern, line)
                if m:
                    return m
            if remaining <= 0:
                raise AssertionError(f"no line /{pattern}/ in {timeout} s:\n" + self.text())

    def text(self) -> str:
        return "\n".join(self.out)

    def ready(self) -> None:
        self.wait_for(r"^watching ")

    def interrupt(self, timeout: float = 30.0) -> int:
        """Ctrl-C (SIGINT to the process), then its exit code."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.interrupt(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.rest()
        self.proc.stdout.close()

    def rest(self) -> str:
        """Whatever it printed until it ended."""
        while True:
            try:
                line = self._lines.get(timeout=10)
            except queue.Empty:
                break
            if line is None:
                break
            self.out.append(line)
        return self.text()


def save(path: Path, text: str) -> None:
    """Saves as an editor does: the whole file at once."""
    path.write_text(text, encoding="utf-8")
