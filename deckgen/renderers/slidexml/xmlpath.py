"""`first(el, tag, tag, …)`: what `el.find("tag/tag/…")` finds, without ElementPath; `clark(ns, tag)`:
a tag's Clark name, `{ns}tag`, as lxml spells it.

lxml answers a path through ElementPath's Python generators (one per step, the path's parse
looked up in a cache): about ten microseconds a call, and the deck asks for a shape's
placeholder, position or fill tens of thousands of times a build. Here each step is lxml's
own child iteration in C. The same element: the first reached in document order, steps
taken child by child ("*" is any element, as in ElementPath).
"""

from __future__ import annotations


def first(el, *tags: str):
    """The first element reached from el through children with these Clark tags (or "*"), else None."""
    if len(tags) == 1:
        return next(el.iterchildren(tags[0]), None)
    for child in el.iterchildren(tags[0]):
        found = first(child, *tags[1:])
        if found is not None:
            return found
    return None


def clark(ns: str, tag: str) -> str:
    """The Clark name lxml gives a tag in a namespace: "{ns}tag"."""
    return f"{{{ns}}}{tag}"


# The namespaces of a presentation's parts, named once for every module that reads or writes them.
P = "http://schemas.openxmlformats.org/presentationml/2006/main"  # p: slides, layouts, masters
A = "http://schemas.openxmlformats.org/drawingml/2006/main"  # a: shapes' geometry, text, colours, the theme
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"  # r:id, r:embed: a relationship named
REL = "http://schemas.openxmlformats.org/package/2006/relationships"  # a part's .rels
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"  # mc:AlternateContent
