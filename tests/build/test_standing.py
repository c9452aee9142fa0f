"""Standing workers (deckgen/build/standing.py): forked once, one per library, each serving one build
after another, as `deckgen watch` uses them; the outputs are a one-process build's."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from conftest import SEED

from deckgen.build import forked, sharing, workers
from deckgen.build import run as builder
from deckgen.build.standing import Standing
from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.preview import watch

pytestmark = pytest.mark.skipif(not sharing.available(), reason="needs fork and two cores")


def _pool(check=lambda jobs, ctx: [], render=lambda job, ctx: (job, ctx, os.getpid())) -> Standing:
    return Standing(lambda formats: None, check, render, lambda job, made: made, {"one": ("a",), "two": ("b",)})


def test_the_same_two_workers_serve_build_after_build():
    pool = _pool()
    assert pool.libraries == ["one", "two"]  # whose part is parts[i]
    try:
        pids = set()
        for build in range(3):
            outcomes, notices = pool.run([[f"a{build}"], [f"b{build}", f"c{build}"]], [f"x{build}", f"y{build}"])
            assert notices == []
            by_job = {job: (ctx, pid) for job, ctx, pid in outcomes}
            assert {job: ctx for job, (ctx, _) in by_job.items()} == {f"a{build}": f"x{build}", f"b{build}": f"y{build}",
                                                                      f"c{build}": f"y{build}"}
            pids |= {pid for _, pid in by_job.values()}
        assert len(pids) == 2 and os.getpid() not in pids
        assert pool.run([[], ["b"]], ["x", "y"])[0][0][0] == "b"  # a worker may have nothing to do
    finally:
        pool.close()
    assert forked.active_children() == []


def test_a_users_mistake_writes_nothing_and_the_next_build_works(tmp_path):
    def check(jobs, ctx):
        if ctx == "bad":
            raise DeckgenError(Diagnostic("error", "unknown key", Location("doc.yaml", 4, 5)))
        return []

    def write(job, made):
        (tmp_path / f"{job}.written").touch()
        return job

    pool = Standing(lambda formats: None, check, lambda job, ctx: job, write, {"one": ("a",), "two": ("b",)})
    try:
        with pytest.raises(DeckgenError) as info:
            pool.run([["a1"], ["b1"]], ["good", "bad"])
        assert "doc.yaml:4:5: error: unknown key" in str(info.value)
        assert not list(tmp_path.glob("*.written")) and not pool.broken
        outcomes, _ = pool.run([["a2"], ["b2"]], ["good", "good"])
        assert sorted(outcomes) == ["a2", "b2"]
        assert sorted(p.name for p in tmp_path.glob("*.written")) == ["a2.written", "b2.written"]
    finally:
        pool.close()


def test_a_worker_that_dies_breaks_the_pool_and_says_so():
    def render(job, ctx):
        if job == "die":
            os._exit(9)
        return job

    pool = _pool(render=render)
    try:
        with pytest.raises(workers.WorkerCrash):
            pool.run([["a"], ["die"]], ["x", "y"])
        assert pool.broken
        with pytest.raises(workers.WorkerCrash):
            pool.run([["a"], ["b"]], ["x", "y"])
    finally:
        pool.close()
    assert forked.active_children() == []


def test_the_watch_renders_in_two_workers_and_writes_a_one_process_builds_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    shutil.copy(SEED, tmp_path / "doc.yaml")
    settings = builder.Settings(files=(tmp_path / "doc.yaml",), themes=("default",), out=tmp_path / "watch", jobs=1)
    real = builder.render_job

    def render_job(job, doc, theme, settings, made=None):
        (tmp_path / f"{job.fmt}.pid").write_text(str(os.getpid()))
        return real(job, doc, theme, settings, made)

    monkeypatch.setattr(builder, "render_job", render_job)  # the standing workers are forked with the patch
    pool = watch.standing_workers(settings)
    assert pool is not None
    try:
        for edit in ("Migratie en", "Migraties en"):  # two rebuilds by the same workers
            text = (tmp_path / "doc.yaml").read_text(encoding="utf-8")
            (tmp_path / "doc.yaml").write_text(text.replace('title: "Migratie en', f'title: "{edit}', 1),
                                               encoding="utf-8")
            outcomes, _ = watch.build_here(settings, pool)
            assert sorted(o.job.fmt for o in outcomes if not o.skipped) == ["cards", "deck", "guide", "handout"]
            pids = {fmt: int((tmp_path / f"{fmt}.pid").read_text()) for fmt in ("deck", "handout", "cards", "guide")}
            assert pids["handout"] == pids["cards"] == pids["guide"] != pids["deck"] != os.getpid()
            one = dataclasses.replace(settings, out=tmp_path / "one", force=True)
            builder.build(one)
            made = sorted(p.relative_to(tmp_path / "watch") for p in (tmp_path / "watch").rglob("*.*") if p.is_file()
                          and ".deckgen" not in p.parts)
            assert len(made) == 4
            for rel in made:
                assert (tmp_path / "watch" / rel).read_bytes() == (tmp_path / "one" / rel).read_bytes(), rel
    finally:
        pool.close()


def test_no_standing_workers_for_outputs_of_one_library_or_made_by_libreoffice(tmp_path):
    settings = builder.Settings(files=(Path("doc.yaml"),), themes=("default",), out=tmp_path)
    assert watch.standing_workers(dataclasses.replace(settings, formats=("handout", "cards"))) is None
    assert watch.standing_workers(dataclasses.replace(settings, formats=("deck", "slides-pdf", "handout"))) is None
