"""Text: fonts and their metrics, measuring, line breaking, fitting and hyphenation.

Shared by every output so that a slide, a card and a handout measure text the same way.
May import `deckgen.content` (the model's rich text); imports no output library
(python-pptx, ReportLab).
"""
