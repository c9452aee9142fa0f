"""deckgen: one YAML source of a one-pager and its Q&A, built into decks, handouts and cards.

As a library (docs/api.md):

    import deckgen

    doc = deckgen.load("content/talk.yaml")
    result = deckgen.build(doc, formats=["deck"])   # or a content file, a folder, or a list
    print(result.written, result.up_to_date, result.warnings)

`import deckgen` imports nothing else: each name below is imported when it is first used.
"""

from __future__ import annotations

import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {"load": "deckgen.api", "BuildResult": "deckgen.api", "Document": "deckgen.content.model",
         "Diagnostic": "deckgen.errors", "DeckgenError": "deckgen.errors"}
__all__ = ["BuildResult", "DeckgenError", "Diagnostic", "Document", "__version__", "build", "load"]

if TYPE_CHECKING:
    from deckgen.api import BuildResult, build, load
    from deckgen.content.model import Document
    from deckgen.errors import DeckgenError, Diagnostic


def __getattr__(name: str) -> Any:
    if name == "build":  # the subpackage deckgen.build, callable (see _BuildPackage)
        return import_module("deckgen.build")
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'deckgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _BuildPackage(types.ModuleType):
    """The class of the package deckgen.build, which makes it callable as the API's build.

    `deckgen.build` names both the function users call and the package that does the work:
    importing a subpackage sets it as an attribute of its parent, so a function of that name
    in this module would be replaced by the package on the first `import deckgen.build.…`.
    Instead the package itself is callable: deckgen.build(…) is deckgen.api.build(…)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from deckgen.api import build as build_

        return build_(*args, **kwargs)

    @property
    def __signature__(self) -> Any:  # inspect.signature and help() show the function's
        import inspect

        from deckgen.api import build as build_

        return inspect.signature(build_)
