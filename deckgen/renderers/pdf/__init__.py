"""What the PDF renderers (handout, cards) share: ReportLab fonts, fallbacks, escaping and the face cache.

Only the PDF renderers import this; it is the only place besides them that imports ReportLab.
"""
