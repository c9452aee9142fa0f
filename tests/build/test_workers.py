"""Parallel builds: outputs split by library, workers forked early, progress from all of them,
and no output written unless every check passed."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import SEED

from deckgen.build import run as builder
from deckgen.build import workers as parallel
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers.handout import HandoutRenderer

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork and two cores")


class _Job:
    def __init__(self, fmt):
        self.fmt = fmt


def test_groups_keep_a_library_together():
    jobs = [_Job(f) for f in ("deck", "handout", "cards", "deck", "handout", "cards")]
    parts = parallel.groups(jobs, 2)
    assert all({j.fmt for j in p} == {"deck"} or {j.fmt for j in p} == {"handout", "cards"} for p in parts)
    assert sum(len(p) for p in parts) == 6
    assert len(parallel.groups(jobs, 1)) == 1
    assert len(parallel.groups(jobs, 4)) == 4


def _settings(tmp_path: Path, jobs: int) -> builder.Settings:
    shutil.copy(SEED, tmp_path / "doc.yaml")
    return builder.Settings(files=(tmp_path / "doc.yaml",), themes=("default",), out=tmp_path / "out", jobs=jobs,
                            force=True)


def test_parallel_build_writes_every_output(tmp_path):
    outcomes, _ = builder.build(_settings(tmp_path, 2))
    assert sorted(o.job.fmt for o in outcomes) == ["cards", "deck", "guide", "handout"]
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


def test_progress_follows_every_output_of_every_worker(tmp_path):
    seen = []

    def progress(done, total, writing):
        seen.append((done, total, sorted(job.output.name for job in writing)))

    builder.build(_settings(tmp_path, 2), progress)
    assert seen[-1] == (4, 4, [])
    assert {name for _, _, names in seen for name in names} == {"doc.pptx", "doc.handout.pdf", "doc.cards.pdf", "doc.guide.pdf"}
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)  # never counts backwards
    assert max(len(names) for _, _, names in seen) >= 2  # the deck and a PDF were under way side by side


def test_a_build_stopped_by_its_content_leaves_no_worker_and_no_output(tmp_path):
    settings = _settings(tmp_path, 2)  # --force: a worker is forked before the content is read
    (tmp_path / "doc.yaml").write_text('title: "x"\nlanguage: nl\nsections:\n  - txt: "y"\n', encoding="utf-8")
    with pytest.raises(DeckgenError) as info:
        builder.build(settings)
    assert "doc.yaml:4:5: error: unknown key 'txt'" in str(info.value)
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists()


def test_an_early_worker_left_without_work_is_stopped():
    warmed = multiprocessing.get_context("fork").Event()

    def warm(formats):
        warmed.set()
        time.sleep(30)  # still importing, as far as the pool knows

    pool = parallel.Pool(warm, lambda jobs, ctx: [], lambda job, ctx: job, lambda job, made: made, [("deck",)])
    assert warmed.wait(10)
    began = time.monotonic()
    with pool:
        assert pool.run([], []) == ([], [])
    assert time.monotonic() - began < 5  # killed, not waited for
    assert multiprocessing.active_children() == []


def test_late_workers_get_their_work_at_the_fork_and_early_ones_by_pipe():
    pool = parallel.Pool(lambda formats: None, lambda jobs, ctx: [],
                         lambda job, ctx: (job, ctx, os.getpid()), lambda job, made: made, [("a",)])
    with pool:
        outcomes, notices = pool.run([["a1", "a2"], ["b1"]], ["early", "late"])
    assert notices == []
    by_job = {job: (ctx, pid) for job, ctx, pid in outcomes}
    assert {job: ctx for job, (ctx, _) in by_job.items()} == {"a1": "early", "a2": "early", "b1": "late"}
    assert by_job["a1"][1] == by_job["a2"][1] != by_job["b1"][1] != os.getpid()


def test_an_up_to_date_build_does_not_read_the_content(tmp_path, monkeypatch):
    from deckgen.content import load as content

    settings = _settings(tmp_path, 2)
    builder.build(settings)

    def refuse(path):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(content, "load", refuse)
    outcomes, _ = builder.build(dataclasses.replace(settings, force=False))
    assert [o.skipped for o in outcomes] == [True, True, True, True]


def test_a_worker_renders_ahead_but_writes_only_once_every_check_passed(tmp_path):
    def check(jobs, ctx):
        if ctx == "bad":
            time.sleep(0.5)  # meanwhile the other worker has checked and rendered
            raise DeckgenError(Diagnostic("error", "this font cannot be embedded", Location("theme.yaml", 2, 1)))
        return []

    def render(job, ctx):
        (tmp_path / f"{job}.rendered").touch()
        return job

    def write(job, made):
        (tmp_path / f"{job}.written").touch()
        return made

    with parallel.Pool(lambda formats: None, check, render, write) as pool:
        with pytest.raises(DeckgenError) as info:
            pool.run([["a"], ["b"]], ["good", "bad"])
    assert "theme.yaml:2:1: error: this font cannot be embedded" in str(info.value)
    assert (tmp_path / "a.rendered").exists()
    assert not list(tmp_path.glob("*.written"))
    assert multiprocessing.active_children() == []


def test_a_worker_killed_by_a_signal_is_reported_as_a_crash_not_a_connection_error(tmp_path):
    def render(job, ctx):
        os.kill(os.getpid(), 9)  # as the out-of-memory killer would

    with parallel.Pool(lambda formats: None, lambda jobs, ctx: [], render, lambda job, made: made) as pool:
        with pytest.raises(parallel.WorkerCrash) as info:
            pool.run([["a"]], ["ctx"])
    assert "a worker process ended unexpectedly (exit code -9)" in str(info.value)


def test_progress_forgets_the_outputs_of_a_worker_that_failed(tmp_path):
    def render(job, ctx):
        if job == "bad":
            raise DeckgenError(Diagnostic("error", "too tall", Location("doc.yaml", 1, 1)))
        return job

    seen = []
    with parallel.Pool(lambda formats: None, lambda jobs, ctx: [], render, lambda job, made: made) as pool:
        with pytest.raises(DeckgenError):
            pool.run([["bad"], ["good"]], ["x", "y"], lambda done, total, writing: seen.append(list(writing)))
    assert seen[-1] == []


def test_workers_count_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})  # a container limited to one core
    assert parallel.cores() == 1
    assert not parallel.available() and parallel.default_jobs() == 1


class _Made:
    def __init__(self, fmt, content="a.yaml", theme="default"):
        self.fmt, self.content, self.theme = fmt, content, theme


def test_a_format_stays_with_what_it_is_made_from():
    """notes is made from the deck and slides-pdf: one worker makes all three of one document, once."""
    jobs = [_Made(f, c) for c in ("a.yaml", "b.yaml") for f in ("deck", "handout", "slides-pdf", "notes")]
    parts = parallel.groups(jobs, 4)
    for part in parts:
        made = {(j.content, j.fmt) for j in part}
        for content in ("a.yaml", "b.yaml"):
            linked = {(content, f) for f in ("deck", "slides-pdf", "notes")}
            assert not (made & linked) or linked <= made, [(j.content, j.fmt) for j in part]
    assert sum(len(p) for p in parts) == 8 and len(parts) == 4
    assert len(parallel.groups([_Made("notes")], 4)) == 1
