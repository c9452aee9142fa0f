"""Allows `python -m deckgen`."""

from deckgen.cli import entry

if __name__ == "__main__":
    entry()
