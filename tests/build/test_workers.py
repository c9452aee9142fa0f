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

from deckgen.build import forked, sharing
from deckgen.build import run as builder
from deckgen.build import workers as parallel
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers.handout import HandoutRenderer

pytestmark = pytest.mark.skipif(not sharing.available(), reason="needs fork and two cores")


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
    assert forked.active_children() == []
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
    assert forked.active_children() == []


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
    assert forked.active_children() == []


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


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_sibling_is_forked_by_the_early_worker_after_its_imports_and_checks(tmp_path):
    """The early worker warms up once; its sibling is its own child (sharing what it imported and
    loaded while checking), serves its own part, and is gone when the pool is closed."""
    def warm(formats):
        (tmp_path / f"warmed-{os.getpid()}").touch()

    def check(jobs, ctx):
        (tmp_path / f"checked-{os.getpid()}-{jobs[0]}").touch()
        return []

    pool = parallel.Pool(warm, check, lambda job, ctx: (job, ctx, os.getpid(), os.getppid()),
                         lambda job, made: made, [("a",)], [1])
    with pool:
        outcomes, _ = pool.run([["a1", "a2"], ["b1"], ["c1"]], ["head", "sibling", "late"])
    by_job = {job: (ctx, pid, ppid) for job, ctx, pid, ppid in outcomes}
    head, sibling, late = by_job["a1"], by_job["b1"], by_job["c1"]
    assert by_job["a2"] == head and [head[0], sibling[0], late[0]] == ["head", "sibling", "late"]
    assert sibling[2] == head[1] != os.getpid()  # forked by the early worker
    assert late[2] == head[2] == os.getpid() and len({head[1], sibling[1], late[1]}) == 3
    assert [p.name for p in tmp_path.glob("warmed-*")] == [f"warmed-{head[1]}"]  # imports made once
    checked = tmp_path / f"checked-{head[1]}-a1"
    assert checked.exists() and (tmp_path / f"checked-{sibling[1]}-b1").exists()
    assert not _alive(sibling[1]) and forked.active_children() == []


def test_a_sibling_without_work_is_stopped_and_its_early_worker_still_works():
    pool = parallel.Pool(lambda formats: None, lambda jobs, ctx: [],
                         lambda job, ctx: (job, os.getpid()), lambda job, made: made, [("a",)], [2])
    began = time.monotonic()
    with pool:
        outcomes, _ = pool.run([["a1"], ["b1"]], ["x", "y"])  # the second sibling gets nothing
    assert sorted(job for job, _ in outcomes) == ["a1", "b1"]
    assert time.monotonic() - began < 10
    assert forked.active_children() == []


def test_a_siblings_failed_check_is_reported_as_the_users_error_not_a_crash(tmp_path):
    def check(jobs, ctx):
        if ctx == "bad":
            raise DeckgenError(Diagnostic("error", "this font cannot be embedded", Location("theme.yaml", 2, 1)))
        return []

    def write(job, made):
        (tmp_path / f"{job}.written").touch()
        return made

    for contexts in (["good", "bad"], ["bad", "good"]):  # the sibling's check fails; the early worker's
        with parallel.Pool(lambda formats: None, check, lambda job, ctx: job, write, [("a",)], [1]) as pool:
            with pytest.raises(DeckgenError) as info:
                pool.run([["a"], ["b"]], contexts)
        assert "theme.yaml:2:1: error: this font cannot be embedded" in str(info.value)
        assert not list(tmp_path.glob("*.written"))
        assert forked.active_children() == []


def test_a_sibling_killed_by_a_signal_is_reported_as_a_crash(tmp_path):
    def render(job, ctx):
        if job == "b":
            os.kill(os.getpid(), 9)
        return job

    with parallel.Pool(lambda formats: None, lambda jobs, ctx: [], render, lambda job, made: made,
                       [("a",)], [1]) as pool:
        with pytest.raises(parallel.WorkerCrash) as info:
            pool.run([["a"], ["b"]], ["x", "y"])
    assert "a worker process ended unexpectedly" in str(info.value)
    assert forked.active_children() == []


def test_a_build_with_enough_pdf_work_forks_a_sibling_for_the_pdfs(tmp_path, monkeypatch):
    """A real build with -j 2 and the PDFs' work over the sibling's threshold (lowered here to the
    seed's): the handout in the early worker, the cards and the run sheet in its sibling (a child of
    it), the deck in a worker of its own; the outputs as one process makes them. At the threshold as
    it is, the seed's PDFs are one worker's (test_the_seeds_pdfs_share_one_worker)."""
    from deckgen.build import sharing

    made = {}
    real = builder.render_job

    def render_job(job, doc, theme, settings, made_here=None):
        (tmp_path / f"{job.fmt}.pid").write_text(f"{os.getpid()} {os.getppid()}")
        return real(job, doc, theme, settings, made_here)

    monkeypatch.setattr(builder, "render_job", render_job)  # forked workers inherit the patch
    monkeypatch.setattr(sharing, "SIBLING_WORK", 1.0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    builder.build(_settings(tmp_path, 2))
    for fmt in ("deck", "handout", "cards", "guide"):
        made[fmt] = tuple(map(int, (tmp_path / f"{fmt}.pid").read_text().split()))
    assert made["cards"] == made["guide"] and made["cards"][1] == made["handout"][0]
    assert made["deck"][1] == made["handout"][1] == os.getpid()
    assert len({made[f][0] for f in ("deck", "handout", "cards")}) == 3
    one = tmp_path / "one"
    one.mkdir()
    builder.build(_settings(one, 1))
    outputs = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and p.parent.name == "default"]
    assert len(outputs) == 4
    for out in outputs:
        assert out.read_bytes() == (one / "out" / out.relative_to(tmp_path / "out")).read_bytes(), out.name


def test_the_seeds_pdfs_share_one_worker(tmp_path, monkeypatch):
    """The seed with -j 2: its PDFs (1.9 of work) in one worker, the deck in the other; no sibling, whose
    fork cost the seed's build more than it shared out (sharing.SIBLING_WORK)."""
    real = builder.render_job

    def render_job(job, doc, theme, settings, made_here=None):
        (tmp_path / f"{job.fmt}.pid").write_text(f"{os.getpid()} {os.getppid()}")
        return real(job, doc, theme, settings, made_here)

    monkeypatch.setattr(builder, "render_job", render_job)
    builder.build(_settings(tmp_path, 2))
    made = {fmt: tuple(map(int, (tmp_path / f"{fmt}.pid").read_text().split()))
            for fmt in ("deck", "handout", "cards", "guide")}
    assert made["handout"] == made["cards"] == made["guide"] != made["deck"]
    assert made["deck"][1] == made["handout"][1] == os.getpid()
