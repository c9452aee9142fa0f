"""Atomic writes: a failed write leaves the previous file whole and no temporary file behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from deckgen.build import atomic
from deckgen.build.atomic import check_writable, write_bytes


def test_write_creates_folders_and_the_file(tmp_path):
    target = tmp_path / "a" / "b" / "deck.pptx"
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck.pptx"]


def test_write_replaces_by_rename(tmp_path, monkeypatch):
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")
    replaced = []
    real_replace = os.replace

    def spy(src, dst):
        assert Path(src).parent == tmp_path and Path(src).name.startswith(".deck.pptx.")
        assert Path(src).read_bytes() == b"new" and target.read_bytes() == b"old"  # complete before the swap
        replaced.append(Path(dst))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    write_bytes(target, b"new")
    assert replaced == [target]
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_failed_fsync_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"the good old deck")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_bytes(target, b"x" * 100_000)
    assert target.read_bytes() == b"the good old deck"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_write_failing_midway_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"the good old deck")
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise KeyboardInterrupt  # killed halfway: BaseException must clean up too

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def __getattr__(self, name):
            return getattr(self.fh, name)

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        write_bytes(target, b"y" * 100_000)
    assert target.read_bytes() == b"the good old deck"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_check_writable_judges_a_missing_folder_by_its_parent_and_creates_nothing(tmp_path):
    folder = tmp_path / "output" / "default"
    assert check_writable(folder) is None
    assert list(tmp_path.iterdir()) == []  # neither the folders nor the probe file
    write_bytes(folder / "deck.pptx", b"x")  # the first output makes the folder
    assert (folder / "deck.pptx").read_bytes() == b"x"


def test_check_writable_under_a_regular_file(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    assert check_writable(tmp_path / "file.txt" / "sub") == "Not a directory"


def test_check_writable_on_a_file(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    assert check_writable(tmp_path / "file.txt") == "File exists"


def test_check_writable_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root, or a file system that ignores modes
            pytest.skip("permissions are not enforced for this user (root); "
                        "test_check_writable_under_a_regular_file covers the error path")
        assert check_writable(folder) == "Permission denied"
    finally:
        folder.chmod(0o755)
