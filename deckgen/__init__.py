"""deckgen: one YAML source of a one-pager and its Q&A, built into decks, handouts and cards."""

__version__ = "0.1.0"
