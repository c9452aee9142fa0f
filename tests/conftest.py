"""Shared fixtures: the seed documents, the stress file and the built-in themes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from programs import need

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
ENGLISH = ROOT / "content" / "migration-and-development-cooperation.yaml"
STRESS = DATA / "stress.yaml"


@pytest.fixture(scope="session")
def seed_doc():
    from deckgen.content.load import load

    return load(SEED)[0]


@pytest.fixture(scope="session")
def english_doc():
    from deckgen.content.load import load

    return load(ENGLISH)[0]


@pytest.fixture(scope="session")
def stress_doc():
    from deckgen.content.load import load

    return load(STRESS)[0]


@pytest.fixture(scope="session")
def default_theme():
    from deckgen.theming.load import load

    return load("default")[0]


# The seeds' eight sources are one placeholder ("Voetnoot 1 van de oorspronkelijke publicatie … De tekst van de
# voetnoot is niet … opgenomen"): loading a seed warns of them once (content/sourcecheck.py, tested in
# tests/content/test_sourcecheck.py). Tests of what a clean build prints use the seed with sources of its own.
PLACEHOLDER_SOURCES = "have the same text but for their own numbers"
DATE_IN_FIGURES = "is the document's date in figures"  # the Dutch seed's colophon starts "03-05-24"
SEED_WARNINGS = (PLACEHOLDER_SOURCES, DATE_IN_FIGURES)


def sourced(path: Path) -> str:
    """A seed's YAML with each placeholder source given a text of its own and its colophon's date in figures
    written out as the outputs write it (nothing else changed): a seed that builds without a warning."""
    text = re.sub(r'(\n  - id: "(\d+)"\n    text: )"[^"\n]*"',
                  lambda m: f'{m.group(1)}"Report {"ABCDEFGHIJKLMNOP"[int(m.group(2)) - 1] * 2}, 2024."',
                  path.read_text(encoding="utf-8"))
    return text.replace("\ncolophon: |\n  03-05-24 ", "\ncolophon: |\n  3 mei 2024 ")


def other_warnings(warnings: list) -> list:
    """The warnings but the seeds' own (placeholder sources, the colophon's date in figures) (Diagnostics)."""
    return [w for w in warnings if not any(known in w.message for known in SEED_WARNINGS)]


def quiet(err: str) -> str:
    """A command's stderr without the warnings of the seeds' own (placeholder sources, a date in figures)."""
    return "".join(line for line in err.splitlines(keepends=True) if not any(k in line for k in SEED_WARNINGS))


def write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    """Writes a content file for a test and returns its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = '''title: "Test"
language: nl
sections:
  - text: "Een tekst."
'''


@pytest.fixture
def run(capsys):
    """Runs the real entry point in-process; returns (exit code, stdout, stderr).

    A user never sees a traceback, and only a test that says so may see an internal error."""
    from deckgen.cli import main

    def invoke(*args: str, internal_ok: bool = False) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert internal_ok or info.value.code != 3, err
        return info.value.code, out, err

    return invoke


def pytest_runtest_setup(item):
    """A test that needs a program (`@pytest.mark.needs(...)`, or LibreOffice for `@pytest.mark.render`) is
    skipped with one line naming what to install when it is missing, and fails under CI=true (tests/programs.py)."""
    tools = [tool for mark in item.iter_markers("needs") for tool in mark.args]
    if item.get_closest_marker("render") is not None:
        tools.insert(0, "soffice")
    if tools:
        need(*dict.fromkeys(tools))


def seed_with(tmp_path: Path, block: str, source: Path = ENGLISH) -> Path:
    """A copy of a seed document with lines added at its end (a `session:` block), in tmp_path with
    its pictures, so a test never writes into content/; returns the file's path."""
    import shutil

    if (source.parent / "images").is_dir() and not (tmp_path / "images").exists():
        shutil.copytree(source.parent / "images", tmp_path / "images")
    path = tmp_path / source.name
    path.write_text(source.read_text(encoding="utf-8") + block, encoding="utf-8")
    return path
