"""Parallel builds: outputs split by library, and no output written unless every check passed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEED
from deckgen import build as builder
from deckgen import parallel
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers.handout import HandoutRenderer

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork and two cores")


class _Job:
    def __init__(self, fmt):
        self.fmt = fmt


def test_groups_keep_a_library_together():
    jobs = [_Job(f) for f in ("deck", "handout", "cards", "deck", "handout", "cards")]
    parts = parallel.groups(jobs, 2)
    assert sorted({j.fmt for j in p} == {"deck"} or {j.fmt for j in p} == {"handout", "cards"} for p in parts)
    assert sum(len(p) for p in parts) == 6
    assert len(parallel.groups(jobs, 1)) == 1
    assert len(parallel.groups(jobs, 4)) == 4


def _settings(tmp_path: Path, jobs: int) -> builder.Settings:
    shutil.copy(SEED, tmp_path / "doc.yaml")
    return builder.Settings(files=(tmp_path / "doc.yaml",), themes=("default",), out=tmp_path / "out", jobs=jobs,
                            force=True)


def test_parallel_build_writes_every_output(tmp_path):
    outcomes, _ = builder.build(_settings(tmp_path, 2))
    assert sorted(o.job.fmt for o in outcomes) == ["cards", "deck", "handout"]
    for o in outcomes:
        assert o.job.output.stat().st_size > 10_000


def test_a_failing_check_in_a_worker_stops_every_output(tmp_path, monkeypatch):
    def refuse(self, theme, options):
        raise DeckgenError(Diagnostic("error", "the handout cannot use this font", Location("theme.yaml", 3, 5)))

    monkeypatch.setattr(HandoutRenderer, "check", refuse)  # forked workers inherit the patch
    with pytest.raises(DeckgenError) as info:
        builder.build(_settings(tmp_path, 2))
    assert "theme.yaml:3:5: error: the handout cannot use this font" in str(info.value)
    assert not list((tmp_path / "out").rglob("*.pptx")) and not list((tmp_path / "out").rglob("*.pdf"))


def test_a_crash_in_a_worker_is_reported_with_its_traceback(tmp_path, monkeypatch):
    def explode(self, doc, theme, options):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(HandoutRenderer, "render", explode)
    with pytest.raises(parallel.WorkerCrash) as info:
        builder.build(_settings(tmp_path, 2))
    assert "ZeroDivisionError: boom" in str(info.value)
