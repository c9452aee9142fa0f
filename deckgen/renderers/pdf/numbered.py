"""Page numbers that know the total ("page 3 of 4"), for the handout and the run sheet.

ReportLab's NumberedCanvas recipe: the canvas holds each page back until the document ends,
then stamps every page with its number and the total and draws it, so one layout pass does.
ReportLab's page counter is kept in step while pages are held back, so that bookmarks and note
links point at the right pages. It is a tagged canvas (pdf.tagging): the numbers are stamped
as pagination artifacts.
"""

from __future__ import annotations

from deckgen.renderers.pdf.tagging import TaggedCanvas


def numbered_canvas(stamp, meta=None, outline: bool = False):
    """A canvas class whose pages get `stamp(canvas, page, total)` once the total is known. `meta`: the
    document's (saved tagged, pdf.finish); `outline`: the PDF opens with its outline shown."""

    class NumberedCanvas(TaggedCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._doc.pageCounter += 1
            self._doc.inObject = None
            self._startPage()

        def save(self):
            total = len(self._held)
            self._doc.pageCounter = 1
            for state in self._held:
                self.__dict__.update(state)
                with self.artifact("Pagination", "Footer"):
                    stamp(self, self._pageNumber, total)
                TaggedCanvas.showPage(self)
            if outline:
                self.showOutline()
            TaggedCanvas.save(self)

    NumberedCanvas.meta = meta  # the document's: saved tagged (pdf.finish)
    return NumberedCanvas
