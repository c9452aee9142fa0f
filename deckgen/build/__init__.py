"""Build: planning which outputs to write, stamps (what each was made from), workers and atomic writes.

Sits on top of the renderers, which it reaches only through their registry
(`deckgen.renderers.FORMATS`), so it never imports python-pptx or ReportLab itself.
"""
