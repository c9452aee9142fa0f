"""pdf.collect: fewer full garbage collections while the run sheet and the cards render, put back after."""

from __future__ import annotations

import gc

import pytest
from conftest import SEED

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.pdf.collect import FULL_AFTER, fewer_full
from deckgen.theming.load import load as load_theme


def test_a_full_collection_waits_longer_inside_and_the_settings_come_back_even_after_an_error():
    before = gc.get_threshold()
    with fewer_full():
        assert gc.get_threshold() == (before[0], before[1], max(before[2], FULL_AFTER))
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_full():
        raise RuntimeError("a render that fails")
    assert gc.get_threshold() == before


@pytest.mark.parametrize("fmt", ["guide", "cards"])
def test_rendering_leaves_the_collector_as_it_found_it(fmt):
    before = gc.get_threshold()
    result = get(fmt).render(load(SEED)[0], load_theme("default")[0], RenderOptions())
    assert result.data.startswith(b"%PDF") and gc.get_threshold() == before
