"""A PowerPoint template read as XML, with no python-pptx: its layouts and what each is for
(`layouts`), the text formatting a placeholder inherits (`styles`), fast child paths
(`xmlpath`), and the box and style the deck sets a slide's body text in (`geometry`).

Shared by the deck (which writes with python-pptx) and the run sheet (which must number the
slides as the deck does, in the PDF worker, without python-pptx): both count the slides a
text takes with the same computation on the same boxes.
"""
