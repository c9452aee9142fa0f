"""Seeing the outputs while writing: `deckgen watch` (rebuild on save), `deckgen preview` (pictures and a page),
and the local server that shows that page and reloads it after each rebuild.

watch.py keeps one process warm and rebuilds through deckgen/build/run.py; render.py writes the
preview folder (slides through LibreOffice, see renderers/slides/office.py); page.py is the
HTML; server.py serves it on 127.0.0.1. Nothing here is needed by `deckgen build`.
"""
