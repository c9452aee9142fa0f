"""The run sheet's tagging helpers beyond pdf.tagging's paragraphs and tables: groups, the canvas.

`grouped` opens a grouping element (Sect, L) around flowables. The canvas holds its pages
back until the last one, so the footers can say "page n of total" after one layout pass;
the footers are stamped as pagination artifacts.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from deckgen.renderers.pdf.tagging import TaggedCanvas


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


def numbered(stamp, meta=None):
    """A tagged canvas that holds its pages until the last, then stamps each (page number and
    total) as a pagination artifact: ReportLab's NumberedCanvas recipe."""

    class Numbered(TaggedCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._doc.pageCounter += 1  # ReportLab's page counter kept in step while pages are held
            self._doc.inObject = None
            self._startPage()

        def save(self):
            self._doc.pageCounter = 1
            for state in self._held:
                self.__dict__.update(state)
                with self.artifact("Pagination", "Footer"):
                    stamp(self, self._pageNumber, len(self._held))
                TaggedCanvas.showPage(self)
            TaggedCanvas.save(self)

    Numbered.meta = meta  # the document's: saved tagged (pdf.finish)
    return Numbered
