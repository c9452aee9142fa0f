"""Content: one YAML file read strictly into the document model.

Owns the strict YAML reader, the schema helpers, inline markup, text cleaning, the model
(frozen dataclasses every later stage reads), the words deckgen adds in each language and
the checks of image files. Imports only `deckgen.errors`, the standard library, PyYAML,
markdown-it-py and Pillow: nothing of the text engine, themes or outputs.
"""
