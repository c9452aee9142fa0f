"""Build: planning which outputs to write, stamps (what each was made from), workers and atomic writes.

Sits on top of the renderers, which it reaches only through their registry
(`deckgen.renderers.FORMATS`), so it never imports python-pptx or ReportLab itself.

Called, this package is the Python API's build: `deckgen.build(source, …)` runs
`deckgen.api.build` (see deckgen._BuildPackage for why the package is callable).
"""

import sys

import deckgen

sys.modules[__name__].__class__ = deckgen._BuildPackage
