"""Theming: reading and validating theme folders (theme.yaml, fonts, logo, template) and colour contrast.

Themes are folders of data (the built-in ones are in the top-level `themes/` folder, not
here). May import `deckgen.content` (strict YAML, images) and `deckgen.text` (fonts);
nothing of the outputs.
"""
