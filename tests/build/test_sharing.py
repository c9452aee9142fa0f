"""Sharing a build's outputs out over processes (deckgen/build/sharing.py): a library's outputs together,
a format with what it is made from, the heaviest library shared out by weight."""

from __future__ import annotations

import os

from deckgen.build import run as builder
from deckgen.build import sharing


class _Job:
    def __init__(self, fmt):
        self.fmt = fmt


def test_groups_keep_a_library_together():
    jobs = [_Job(f) for f in ("deck", "handout", "cards", "deck", "handout", "cards")]
    parts = sharing.groups(jobs, 2)
    assert all({j.fmt for j in p} <= {"deck"} or {j.fmt for j in p} <= {"handout", "cards"} for p in parts)
    assert sorted(j.fmt for p in parts for j in p) == sorted(j.fmt for j in jobs)
    # the PDFs' work (2.6: two handouts and two card sets of seed size) is less than a sibling's fork pays
    assert sorted(sorted(j.fmt for j in p) for p in parts) == [["cards", "cards", "handout", "handout"],
                                                               ["deck", "deck"]]
    assert len(sharing.groups(jobs, 1)) == 1
    assert len(sharing.groups(jobs, 4)) == 4
    # three times as much (every theme): one group more than processes, the PDFs in two, the second a sibling
    parts = sharing.groups(jobs * 3, 2)
    assert sorted(len(p) for p in parts) == [6, 6, 6] and len(parts) == 3
    assert len(sharing.groups(jobs * 3, 4)) == 5


def test_the_seeds_outputs_in_two_processes_are_shared_out_by_weight(tmp_path):
    """The four default outputs with -j 2. Of the seed (14 KB): the PDFs, then the deck, one process each
    (a sibling's fork would cost more than it shares out). Of a document four times its size: the
    deck, and the PDFs in two groups of about the same weight (the handout; the run sheet and the
    cards), the PDF groups first: the first is the early worker's, the second its sibling's."""
    seed = tmp_path / "seed.yaml"
    seed.write_bytes(b"x" * 14_000)
    jobs = [_Made(f, seed) for f in ("deck", "handout", "cards", "guide")]
    parts, families = builder._arranged(sharing.groups(jobs, 2))
    assert [[j.fmt for j in p] for p in parts] == [["handout", "cards", "guide"], ["deck"]]
    assert families == [1]  # one early worker (two cores: one stays with the parent), no sibling
    assert [[j.fmt for j in p] for p in sharing.groups(jobs, 1)] == [["deck", "handout", "cards", "guide"]]
    seed.write_bytes(b"x" * 64_000)
    parts, families = builder._arranged(sharing.groups(jobs, 2))
    assert [[j.fmt for j in p] for p in parts] == [["handout"], ["cards", "guide"], ["deck"]]
    assert families == [2]  # the early worker with one sibling


def test_workers_count_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)  # a container limited to one core
    assert sharing.cores() == 1
    assert not sharing.available() and sharing.default_jobs() == 1


class _Made:
    def __init__(self, fmt, content="a.yaml", theme="default"):
        self.fmt, self.content, self.theme = fmt, content, theme


def test_a_format_stays_with_what_it_is_made_from():
    """notes is made from the deck and slides-pdf: one worker makes all three of one document, once."""
    jobs = [_Made(f, c) for c in ("a.yaml", "b.yaml") for f in ("deck", "handout", "slides-pdf", "notes")]
    parts = sharing.groups(jobs, 4)
    for part in parts:
        made = {(j.content, j.fmt) for j in part}
        for content in ("a.yaml", "b.yaml"):
            linked = {(content, f) for f in ("deck", "slides-pdf", "notes")}
            assert not (made & linked) or linked <= made, [(j.content, j.fmt) for j in part]
    assert sum(len(p) for p in parts) == 8 and len(parts) == 4
    assert len(sharing.groups([_Made("notes")], 4)) == 1
