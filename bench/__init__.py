"""deckgen's benchmark: `python bench/run.py` (see bench/run.py). Not part of the package or the tests."""
