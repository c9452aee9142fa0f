"""The run sheet's tagged building blocks (pdf.tagging): paragraphs, groups, tables, the canvas.

A paragraph is drawn as content of its structure element (by its style: the title H1, a
part's heading H2, a question H3, its sub-headings H4, the rest P); the pieces of one split
across pages stay one element. `grouped` opens a grouping element (Sect, L, LI) around
flowables. A table is a Table element of TR rows of TH (its header) and TD cells, one
Table element over the chunks of a long plan. The canvas holds its pages back until the
last one, so the footers can say "page n of total" after one layout pass; the footers are
pagination artifacts.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from deckgen.renderers.pdf.tagging import TaggedCanvas

ROLES = {
    "kicker": "P", "title": "H1", "subtitle": "P", "h2": "H2", "label": "P", "fact": "P", "check": "LBody",
    "cell": "P", "cell_head": "P", "cell_small": "P", "num": "P", "meta": "P", "question": "H3", "sub": "H4",
    "body": "P", "bullet": "LBody", "source": "LBody", "figure": "P", "footer": "",
}


class GuideParagraph(Paragraph):
    """A Paragraph drawn as content of its structure element (ROLES, by its style's name)."""

    _tag_key = None

    def split(self, availWidth, availHeight):
        pieces = super().split(availWidth, availHeight)
        if self._tag_key is None:
            self._tag_key = object()
        for piece in pieces:
            piece._tag_key = self._tag_key
        return pieces

    def drawOn(self, canvas, x, y, _sW=0):
        role = ROLES.get(self.style.name, "P")
        if not role or not hasattr(canvas, "tag"):
            return super().drawOn(canvas, x, y, _sW)
        if self._tag_key is None:
            self._tag_key = object()
        if role == "LBody":  # a list item: its bullet is the Lbl, its text the LBody
            with canvas.tag("LI", self._tag_key), canvas.labelled(bool(self.bulletText)), \
                    canvas.tag("LBody", (self._tag_key, "body")), canvas.paragraph(self):
                return super().drawOn(canvas, x, y, _sW)
        with canvas.tag(role, self._tag_key), canvas.paragraph(self):
            return super().drawOn(canvas, x, y, _sW)


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


def tagged_table(rows: list, key: object | None, font: str, **kw) -> Table:
    """A Table drawn as a Table element (the same one for the same key) of TR rows: TH cells
    (scope: column) in the first row, TD cells in the others; with key None a table for layout
    only, whose paragraphs are tagged as if it were not there. `font` is set on every cell
    (ReportLab sets a cell's font even when it holds paragraphs: Helvetica, not embedded)."""
    state: dict = {}

    def render(table, event, *args):
        canvas = table.canv
        if key is None or not hasattr(canvas, "tag"):
            return
        if event == "startTable":
            state["table"] = canvas.tags.open("Table", None, key)
        elif event == "startRow":
            state["row"] = args[0]
            canvas.open("TR")
        elif event == "startCell":
            if state.get("row") == 0:
                canvas.open("TH", Scope="Column")
            else:
                canvas.open("TD")
        elif event in ("endCell", "endRow"):
            canvas.close()
        elif event == "endTable":
            canvas.tags.close(state.pop("table", None))

    table = Table(rows, renderCB=render, **kw)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font)]))
    return table


def numbered(stamp):
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

    return Numbered
