"""Font metrics: the bundled twins, their cache, and the cache's upkeep."""

from __future__ import annotations

import marshal
import os

import pytest

from deckgen.text import fonts

REGULAR = fonts.FONT_DIR / "liberation" / "LiberationSans-Regular.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "deckgen" / "metrics"


def test_aliases_find_the_metric_twins():
    assert fonts.bundled_files("Arial").regular == REGULAR
    assert fonts.bundled_files(" calibri ").bold.name == "Carlito-Bold.ttf"
    assert fonts.bundled_files("Comic Sans") is None


def test_metrics_are_read_once_and_then_come_from_the_cache(cache, monkeypatch):
    first = fonts._cached_metrics(REGULAR)
    [entry] = list(cache.iterdir())
    assert marshal.loads(entry.read_bytes())["units"] == first["units"] == 2048
    monkeypatch.setattr(fonts, "_read_metrics", lambda path: pytest.fail("read again"))
    again = fonts._cached_metrics(REGULAR)
    assert again == first and again["advances"][ord("A")] == first["advances"][ord("A")] > 0


def test_a_damaged_cache_entry_is_read_from_the_font_again(cache):
    first = fonts._cached_metrics(REGULAR)
    [entry] = list(cache.iterdir())
    for damage in (b"", b"\x00garbage", entry.read_bytes()[:50], marshal.dumps([1, 2])):
        entry.write_bytes(damage)
        assert fonts._cached_metrics(REGULAR) == first


def test_fallback_faces_are_read_one_at_a_time(monkeypatch):
    """A character DejaVu Sans has never makes deckgen read Droid Sans Fallback's metrics."""
    read = []
    real = fonts.Face.__init__

    def counting(self, path, scale=1.0):
        read.append(path.name)
        real(self, path, scale)

    monkeypatch.setattr(fonts.Face, "__init__", counting)
    fonts.face.cache_clear()
    try:
        assert fonts.fallback_for("\u2610").path.name == "DejaVuSans.ttf"  # a ballot box
        assert "DroidSansFallbackFull.ttf" not in read
        assert fonts.fallback_for("\u6771").path.name == "DroidSansFallbackFull.ttf"  # 東
    finally:
        fonts.face.cache_clear()


def test_the_cache_keeps_only_its_newest_entries(tmp_path):
    for age in range(6):
        path = tmp_path / f"{age}.json"
        path.write_text("{}")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))  # 0.json is the newest
    fonts.prune_cache(tmp_path, keep=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.json", "1.json", "2.json", "3.json"]
    fonts.prune_cache(tmp_path / "missing", keep=4)  # no folder: nothing to do, no error


def test_an_entry_pruned_by_another_build_meanwhile_is_passed_over_and_the_listing_closed(tmp_path, monkeypatch):
    """Two builds prune one cache folder at once: an entry listed may be gone when it is stat'ed. The
    others are still pruned, and the listing is closed (an open one is a ResourceWarning, an error
    under pytest's warnings-as-errors, when it is collected)."""
    for age in range(6):
        path = tmp_path / f"{age}.json"
        path.write_text("{}")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))
    real = os.scandir
    closed = []

    class Listing:
        def __init__(self, folder):
            self.inner = real(folder)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            closed.append(True)
            self.inner.close()

        def __iter__(self):
            for entry in self.inner:
                if entry.name == "5.json":  # the oldest: removed by the other build just now
                    os.unlink(entry.path)
                yield entry

    monkeypatch.setattr(os, "scandir", Listing)
    fonts.prune_cache(tmp_path, keep=2)
    assert closed == [True]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.json", "1.json"]
