"""The command's start (deckgen/startup.py): patterns and class code from the cache are exactly what
Python would have compiled, the caches are written once and then only read, and nothing of it
happens to a program that imports deckgen as a library."""

from __future__ import annotations

import dataclasses
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deckgen import startup

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = [
    (r"[A-Za-z0-9_.-]+", 0), (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(\d\d))?", 0), (r"straße|STRASSE", re.I),
    (r"^\s*#.*$", re.M), (r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+", 0), (r"[^\W\d_]+", 0), (r"a.b", re.S | re.X),
    (rb"[\x80-\xff]+", 0), (rb"(?i)bytes", 0), (r"\bword\b", re.A), (r"(a)(b)?(?(2)c|d)", 0), (r"x*?y{2,5}+", 0),
]


@pytest.fixture
def cached_re(tmp_path, monkeypatch):
    """startup's pattern cache installed in this process for one test, with its own cache folder."""
    from re import _compiler

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(startup, "_PATTERNS", startup._Table("patterns"))
    monkeypatch.setattr(_compiler, "compile", _compiler.compile)  # restored after the test
    original = _compiler.compile
    startup._install_pattern_cache()
    return original, _compiler


def test_a_pattern_from_the_cache_is_the_pattern_re_compiles(cached_re):
    original, compiler = cached_re
    if getattr(original, "_deckgen", False) or compiler.compile is original:
        pytest.skip("this Python's re is not one the cache knows (3.11-3.13)")
    for pattern, flags in PATTERNS:  # computed, then stored and read back by a fresh table
        assert compiler.compile(pattern, flags) == original(pattern, flags)
    startup._PATTERNS.store()
    assert startup._PATTERNS.path().is_file()
    fresh = startup._Table("patterns")
    fresh.load()
    assert set(fresh.known) == {(p, int(f)) for p, f in PATTERNS}
    startup._PATTERNS = fresh
    for pattern, flags in PATTERNS:
        ours, theirs = compiler.compile(pattern, flags), original(pattern, flags)
        assert ours == theirs  # the same program, flags and pattern
        assert (ours.groups, ours.groupindex, ours.flags) == (theirs.groups, theirs.groupindex, theirs.flags)
    assert not fresh.new  # all read from the file
    assert compiler.compile(PATTERNS[1][0], 0).match("2024-05-03").groupdict() == {"year": "2024", "month": "05"}


def test_generated_class_code_from_the_cache_is_what_dataclasses_compiles(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = ("from __future__ import annotations\nfrom dataclasses import dataclass, field\n"
              "@dataclass(frozen=True, order=True)\nclass Span:\n    text: str\n    strong: bool = False\n"
              "    marks: tuple = field(default=(), compare=False)\n")

    def methods() -> dict:
        namespace: dict = {}
        exec(compile(source, "<test>", "exec"), namespace)  # noqa: S102
        cls = namespace["Span"]
        return {name: (marshal.dumps(cls.__dict__[name].__code__), cls.__dict__[name].__annotations__,
                       cls.__dict__[name].__defaults__)
                for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__lt__")}

    plain = methods()
    monkeypatch.setattr(startup, "_CLASSES", startup._Table("classes"))
    monkeypatch.delattr(dataclasses, "exec", raising=False)
    startup._install_class_code_cache()
    try:
        assert methods() == plain  # compiled by the cache's exec
        startup._CLASSES.store()
        startup._CLASSES = startup._Table("classes")
        startup._CLASSES.load()
        assert methods() == plain and not startup._CLASSES.new  # read from the file
    finally:
        del dataclasses.exec


def _run(code: str, cache: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True).stdout


def test_importing_deckgen_changes_nothing_in_the_interpreter(tmp_path):
    state = ("import gc, re, dataclasses; {imp}; "
             "print(gc.isenabled(), hasattr(dataclasses, 'exec'), getattr(re._compiler.compile, '_deckgen', False))")
    assert _run(state.format(imp="import deckgen.cli, deckgen.build.run, deckgen.api"), tmp_path) == \
        "True False False\n"
    assert not (tmp_path / "deckgen" / "startup").exists()
    started = _run(state.format(imp="from deckgen import startup; startup.begin()"), tmp_path)
    assert started == f"False True {sys.version_info[:2] in ((3, 11), (3, 12), (3, 13))}\n"


def test_the_command_fills_the_caches_once_then_reads_them(tmp_path):
    """A build with cold caches and one with warm caches write the same bytes; the second writes no cache."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "SOURCE_DATE_EPOCH": "1700000000"}
    name = "migratie-en-ontwikkelingssamenwerking.cards.pdf"

    def build(out: str) -> bytes:
        subprocess.run([sys.executable, "-m", "deckgen", "build", "content/" + name.split(".")[0] + ".yaml",
                        "--format", "cards", "--force", "-q", "-j", "1", "--out", str(tmp_path / out)],
                       cwd=ROOT, env=env, check=True, timeout=120)
        return (tmp_path / out / "default" / name).read_bytes()

    def entries() -> list[int]:
        return [len(marshal.loads(f.read_bytes())) for f in files]

    cold = build("cold")
    files = sorted((tmp_path / "cache" / "deckgen" / "startup").glob("*.marshal"))
    assert [f.name.split("-")[0] for f in files] == ["classes", "patterns"]
    first, written = entries(), [f.stat().st_mtime_ns for f in files]
    assert min(first) > 50
    assert build("warm") == cold
    assert build("warm") == cold
    # not written again: ReportLab's one pattern whose text differs in every process is only noted as seen
    assert [f.stat().st_mtime_ns for f in files] == written
    assert entries() == first
    assert len(next(files[1].parent.glob("patterns-*.seen")).read_bytes()) % 8 == 0


def test_a_damaged_cache_file_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    value = (1, [2], 0, {}, ())
    computed = []

    def compute():
        computed.append(1)
        return value

    table = startup._Table("patterns")
    table.path().parent.mkdir(parents=True)
    table.path().write_bytes(b"\x00not marshal")
    table.load()
    assert table.get(("a", 0), compute) == value and len(computed) == 1
    table.store()  # read as no file: a new file, stored at once
    again = startup._Table("patterns")
    again.load()
    assert again.get(("a", 0), compute) == value and len(computed) == 1  # read from the file, not computed


def test_a_damaged_entry_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    table = startup._Table("patterns")
    table.path().parent.mkdir(parents=True)
    table.path().write_bytes(marshal.dumps({("a", 0): b"\x00not marshal", ("b", 0): marshal.dumps((3,))}))
    table.load()
    assert table.get(("b", 0), lambda: pytest.fail("computed")) == (3,)
    assert table.get(("a", 0), lambda: (4,)) == (4,)


def test_a_key_new_to_a_cache_file_is_stored_when_a_second_process_needs_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def process(*keys: str) -> dict:
        table = startup._Table("patterns")
        table.load()
        for key in keys:
            table.get((key, 0), lambda: (0, [1], 0, {}, ()))
        table.store()
        reread = startup._Table("patterns")
        reread.load()
        return reread.known

    assert set(process("a")) == {("a", 0)}
    assert set(process("a", "random-1")) == {("a", 0)}  # seen once: noted only
    assert set(process("a", "random-2", "b")) == {("a", 0)}
    assert set(process("b")) == {("a", 0), ("b", 0)}  # needed again: stored
