"""The tests' own rule for programs besides Python (tests/programs.py): skipped with what to install,
a failure under CI=true."""

from __future__ import annotations

import re
from pathlib import Path

import programs
import pytest

TESTS = Path(__file__).resolve().parent


def test_a_missing_program_skips_the_test_naming_the_package(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(programs, "have", lambda tool: tool != "qpdf")
    with pytest.raises(pytest.skip.Exception, match=r"^needs qpdf \(Debian/Ubuntu: apt-get install qpdf; macOS"):
        programs.need("soffice", "qpdf")
    monkeypatch.setattr(programs, "have", lambda tool: False)
    with pytest.raises(pytest.skip.Exception) as info:
        programs.need("pdftoppm", "pdffonts", "pdftotext")
    assert str(info.value).count("apt-get install poppler-utils") == 1  # one package, however many programs


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_under_ci_a_missing_program_fails_the_test(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(programs, "have", lambda tool: False)
    with pytest.raises(pytest.fail.Exception, match=r"needs LibreOffice .*CI=true: every program the tests use"):
        programs.need("soffice")


def test_every_program_a_test_names_is_known():
    named = set()
    for path in TESTS.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for args in re.findall(r"(?:mark\.needs|\bneed)\(([^)]*)\)", text):
            named |= set(re.findall(r'"([\w-]+)"', args))
    assert named and named <= set(programs.TOOLS), named - set(programs.TOOLS)
