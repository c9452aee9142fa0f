"""`python -m deckgen`, and the `deckgen` command (pyproject.toml's entry point: deckgen.__main__:entry).

Before anything else is imported, the command's start is made cheaper (deckgen/startup.py:
compiled patterns and class code from the cache, no garbage collection until rendering
starts); `import deckgen.cli`, as the tests do, leaves the interpreter as it is.
"""

from deckgen import startup

startup.begin()

from deckgen.cli import entry  # after begin(): its modules' patterns and classes come from the cache

__all__ = ["entry"]

if __name__ == "__main__":
    entry()
