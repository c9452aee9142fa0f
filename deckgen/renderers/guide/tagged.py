"""The run sheet's tagging helpers beyond pdf.tagging's paragraphs and tables: groups.

`grouped` opens a grouping element (Sect, L) around flowables. (The canvas, whose footers say
"page n of total", is pdf.numbered's, shared with the handout.)
"""

from __future__ import annotations

from reportlab.platypus import Flowable


class Group(Flowable):
    """Zero-size: opens a `role` element where a frame takes it (None: closes the last opened)."""

    _ZEROSIZE = _SPACETRANSFER = True

    def __init__(self, role: str | None):
        super().__init__()
        self.role = role

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def frameAction(self, frame):
        if not hasattr(self.canv, "tag"):
            return
        if self.role:
            self.canv.open(self.role)
        else:
            self.canv.close()

    def draw(self):
        pass


def grouped(role: str, flowables: list) -> list:
    """The flowables inside a `role` element."""
    return [Group(role), *flowables, Group(None)]
