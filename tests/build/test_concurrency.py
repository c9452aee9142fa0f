"""Outputs survive a build that is killed, and two builds that write the same files at once.

Real processes (`python -m deckgen build`) on a large document: SIGKILL at moments spread
over a whole build, a kill at the exact moment between writing the temporary file and
renaming it, and two builds of the same outputs side by side while the test keeps reading
the deck. Every time, each output is a complete file: the previous one or the new one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pypdf
import pytest
import yaml
from pptx import Presentation

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
NAMES = ("big.pptx", "big.handout.pdf", "big.cards.pdf", "big.guide.pdf")
QUESTIONS = 60  # about 1.2 s a build, 130 slides: long enough to be killed mid-way

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL, sessions and /proc")


def big_document(title: str, questions: int = QUESTIONS) -> str:
    items = [{"question": f"Vraag {i}: waarom doet dit ertoe voor ontwikkelingssamenwerking?",
              "answer": " ".join(f"Zin {j} van antwoord {i}, met een paar woorden meer." for j in range(8)),
              "points": [f"Punt een van {i}", f"Punt twee van {i}"]} for i in range(1, questions + 1)]
    doc = {"title": title, "language": "nl", "date": "2024-05-03", "organisation": "Partos",
           "sections": [{"text": " ".join(f"Zin {j} van de opening." for j in range(40))},
                        {"heading": "Tweede deel", "text": " ".join(f"Zin {j} van deel twee." for j in range(120)),
                         "figures": [{"value": "7–12 procent", "label": "is gevlucht"}]}],
           "qa": {"heading": "Vragen", "items": items}}
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "big.yaml").write_text(big_document("Eerste versie"), encoding="utf-8")
    return tmp_path


def start(project: Path, *args: str, code: str | None = None) -> subprocess.Popen:
    """A build in its own process (the real entry point, or `code` that ends by calling it)."""
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "deckgen", "build", *args]
    return subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # its own process group: the build and its workers


def kill(proc: subprocess.Popen, timeout: float = 30) -> None:
    """SIGKILL to the build (its worker processes are not signalled), then waits until none of
    them runs any more: they must stop, or finish their outputs, and never hang."""
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=timeout)
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            except (OSError, ValueError):
                continue  # gone meanwhile
            if int(group) == proc.pid and state != "Z":
                alive.append(stat.parent.name)
        if not alive:
            return
        assert time.monotonic() < deadline, f"workers of the killed build are still running: {alive}"
        time.sleep(0.05)


def build(project: Path, *args: str) -> float:
    began = time.perf_counter()
    proc = start(project, "--force", "--quiet", *args)
    out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out, err) == (0, b"", b""), err.decode()
    return time.perf_counter() - began


def check_outputs(folder: Path, titles: set[str], questions: int = QUESTIONS) -> dict[str, bytes]:
    """Every output opens completely and holds one of the expected versions; returns their bytes."""
    data = {name: (folder / name).read_bytes() for name in NAMES}
    prs = Presentation(io.BytesIO(data["big.pptx"]))
    assert prs.slides[0].shapes.title.text in titles
    assert len(prs.slides) > 2 * questions
    with zipfile.ZipFile(io.BytesIO(data["big.pptx"])) as z:
        assert z.testzip() is None
    for name in NAMES[1:]:
        reader = pypdf.PdfReader(io.BytesIO(data[name]), strict=True)
        assert len(reader.pages) > 1
        assert reader.metadata.title.split(" – ")[0] in titles  # the cards add " – Gesprekskaarten"
        reader.pages[-1].extract_text()  # the last page, read through the cross-reference table
    for entry in (folder / ".deckgen").iterdir():
        assert entry.suffix in (".stamp", ".lock"), entry
        if entry.suffix == ".stamp":  # the inputs' hash, and the output as it is among the versions written
            stamp = json.loads(entry.read_text())
            assert re.fullmatch(r"[0-9a-f]{64}", stamp["inputs"]), entry
            output = hashlib.sha256(data[entry.name.removesuffix(".stamp")]).hexdigest()
            assert output in stamp["outputs"], entry
    return data


def leftovers(folder: Path) -> list[str]:
    """Files in the output folder that are not outputs: only hidden temporary files may remain."""
    extra = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in NAMES)
    assert all(re.fullmatch(r"\..+\.part", name) for name in extra), extra
    return extra


def test_killing_a_build_at_any_moment_leaves_valid_outputs(project):
    folder = project / "output" / "default"
    # the good outputs a killed build must not damage; built twice, and the kills timed against the faster
    # build: the first may fill deckgen's caches (start-up, fonts, QR code), so that later builds take less
    seconds = min(build(project), build(project))
    check_outputs(folder, {"Eerste versie"})
    (project / "content" / "big.yaml").write_text(big_document("Tweede versie"), encoding="utf-8")
    titles, killed = {"Eerste versie", "Tweede versie"}, 0
    for share in (0.15, 0.4, 0.65, 0.85, 0.97):
        proc = start(project, "--force", "--quiet")
        time.sleep(seconds * share)
        if proc.poll() is None:
            kill(proc)
            killed += 1
        else:
            proc.communicate(timeout=60)
        check_outputs(folder, titles)
        leftovers(folder)
    assert killed >= 3  # most kills landed during the build, not after it
    build(project)
    assert check_outputs(folder, {"Tweede versie"})
    assert leftovers(folder) == []


STALL = r'''
import os, sys, time
from deckgen.build import atomic

signal_file, go_file, where = sys.argv[1:4]
real_fsync, real_fdopen = os.fsync, os.fdopen

def stall():  # tell the test, then wait to be killed or to be let go
    open(signal_file, "w").close()
    deadline = time.monotonic() + 120
    while not (go_file != "-" and os.path.exists(go_file)) and time.monotonic() < deadline:
        time.sleep(0.01)

def an_output(fd):  # not a stamp: those are written first, and are not what is stalled
    return ".deckgen" not in os.readlink(f"/proc/self/fd/{fd}")

if where == "before-rename":  # the temporary file is complete and synced; the rename is next
    def fsync(fd):
        real_fsync(fd)
        if an_output(fd):
            stall()
    atomic.os.fsync = fsync
else:  # half of the bytes are written
    class Half:
        def __init__(self, fh):
            self.fh = fh
        def write(self, data):
            half = len(data) // 2
            self.fh.write(data[:half])
            self.fh.flush()
            stall()
            return self.fh.write(data[half:]) + half
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.fh.close()
        def __getattr__(self, name):
            return getattr(self.fh, name)
    atomic.os.fdopen = lambda fd, mode="r", *a, **k: (Half(real_fdopen(fd, mode, *a, **k))
                                                       if "w" in mode and an_output(fd)
                                                       else real_fdopen(fd, mode, *a, **k))
from deckgen.cli import main
main(sys.argv[4:])
'''


def stalled(project: Path, where: str, *args: str, go: Path | None = None) -> subprocess.Popen:
    """A build that stops in the middle of writing its first output, until killed or `go` exists."""
    signal_file = project / "writing"
    signal_file.unlink(missing_ok=True)
    proc = start(project, str(signal_file), str(go or "-"), where, "build", *args, code=STALL)
    deadline = time.monotonic() + 60
    while not signal_file.exists():
        assert proc.poll() is None, proc.communicate()[1].decode()
        assert time.monotonic() < deadline, "the build never reached its write"
        time.sleep(0.01)
    return proc


@pytest.mark.parametrize("where", ["half-written", "before-rename"])
def test_kill_while_writing_keeps_the_previous_file_and_the_next_build_cleans_up(tmp_path, where):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "big.yaml").write_text(big_document("Eerste versie", questions=3), encoding="utf-8")
    folder = tmp_path / "output" / "default"
    proc = start(tmp_path, "--force", "--quiet", "--format", "deck")
    assert proc.communicate(timeout=60) == (b"", b"") and proc.returncode == 0
    good = (folder / "big.pptx").read_bytes()

    (tmp_path / "content" / "big.yaml").write_text(big_document("Tweede versie", questions=3), encoding="utf-8")
    proc = stalled(tmp_path, where, "--format", "deck", "-j", "1")  # the build process writes the deck itself
    kill(proc)  # killed in the middle of writing the deck

    assert (folder / "big.pptx").read_bytes() == good
    assert Presentation(str(folder / "big.pptx")).slides[0].shapes.title.text == "Eerste versie"
    [part] = leftovers(folder)
    assert part.startswith(".big.pptx.")
    written = (folder / part).stat().st_size
    assert (written < len(good) * 0.9) if where == "half-written" else (written > len(good) * 0.5)

    # A temporary file younger than a minute may belong to a build that is running: kept.
    proc = start(tmp_path, "--quiet", "--format", "deck")
    assert proc.communicate(timeout=60) == (b"", b"") and proc.returncode == 0
    assert leftovers(folder) == [part]
    assert Presentation(str(folder / "big.pptx")).slides[0].shapes.title.text == "Tweede versie"
    # One left by a build killed longer ago is removed by the next write of that output.
    old = time.time() - 120
    os.utime(folder / part, (old, old))
    proc = start(tmp_path, "--force", "--quiet", "--format", "deck")
    assert proc.communicate(timeout=60) == (b"", b"") and proc.returncode == 0
    assert leftovers(folder) == []


def group_members(proc: subprocess.Popen) -> list[str]:
    """Processes (not zombies) of the build's process group: the build and its workers."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(group) == proc.pid and state != "Z":
            found.append(stat.parent.name)
    return found


def test_a_worker_whose_build_is_killed_mid_write_finishes_that_output_and_stops(tmp_path):
    """The build process dies while its worker is writing the deck: the worker completes the
    write (the new deck, whole, and no temporary file) and then ends; it starts nothing more."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "big.yaml").write_text(big_document("Tweede versie", questions=3), encoding="utf-8")
    folder = tmp_path / "output" / "default"
    go = tmp_path / "go"
    proc = stalled(tmp_path, "half-written", "--format", "deck,handout", "-j", "2", go=go)
    proc.send_signal(signal.SIGKILL)
    time.sleep(0.5)
    assert [pid for pid in group_members(proc) if int(pid) != proc.pid], "the writing worker was killed mid-write"
    go.touch()  # the write may go on
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 30
    while group_members(proc):
        assert time.monotonic() < deadline, "a worker of the killed build is still running"
        time.sleep(0.05)
    written = [name for name in ("big.pptx", "big.handout.pdf") if (folder / name).exists()]
    assert written, "the output being written when the build died was not completed"
    for name in written:
        data = (folder / name).read_bytes()
        assert data.startswith(b"PK") or data.startswith(b"%PDF-")
        if name == "big.pptx":
            assert Presentation(str(folder / name)).slides[0].shapes.title.text == "Tweede versie"
        else:
            assert pypdf.PdfReader(io.BytesIO(data), strict=True).metadata.title == "Tweede versie"
    assert leftovers(folder) == []


def test_two_builds_of_the_same_outputs_at_once(project):
    """Two builds of two versions of big.yaml (content/ and draft/) write the same outputs,
    started together, four rounds; meanwhile a reader always finds a whole deck."""
    folder = project / "output" / "default"
    (project / "draft").mkdir()
    build(project, "--format", "deck")
    reads = 0
    for round_ in range(1, 5):
        versions = {"content": (f"Ronde {round_} A", 20), "draft": (f"Ronde {round_} B", 26)}
        for where, (title, questions) in versions.items():
            (project / where / "big.yaml").write_text(big_document(title, questions), encoding="utf-8")
        procs = [start(project, f"{where}/big.yaml", "--force", "--quiet") for where in versions]
        while any(p.poll() is None for p in procs):
            data = (folder / "big.pptx").read_bytes()
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                assert "ppt/presentation.xml" in z.namelist()
            reads += 1
            time.sleep(0.05)
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert (proc.returncode, out, err) == (0, b"", b""), err.decode()
        check_outputs(folder, {title for title, _ in versions.values()}, 20)
        assert leftovers(folder) == []
    assert reads >= 8


def test_a_build_that_writes_while_another_is_half_way_through_its_write(tmp_path):
    """The race made certain: build A stops half-way through writing the deck, build B writes
    the same deck completely, then A finishes. Written in place, A's second half would land on
    B's file; with a temporary file and a rename each reader sees B's deck, then A's."""
    for where, title, questions in (("content", "Versie A", 3), ("draft", "Versie B", 8)):
        (tmp_path / where).mkdir()
        (tmp_path / where / "big.yaml").write_text(big_document(title, questions), encoding="utf-8")
    folder = tmp_path / "output" / "default"
    go = tmp_path / "go"
    a = stalled(tmp_path, "half-written", "content/big.yaml", "--format", "deck", go=go)
    b = start(tmp_path, "draft/big.yaml", "--format", "deck", "--quiet")
    assert b.communicate(timeout=60) == (b"", b"") and b.returncode == 0
    assert Presentation(str(folder / "big.pptx")).slides[0].shapes.title.text == "Versie B"
    go.touch()
    out, err = a.communicate(timeout=60)
    assert a.returncode == 0, err.decode()
    prs = Presentation(str(folder / "big.pptx"))
    assert prs.slides[0].shapes.title.text == "Versie A"
    with zipfile.ZipFile(folder / "big.pptx") as z:
        assert z.testzip() is None
    assert [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []
