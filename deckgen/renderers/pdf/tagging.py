"""Tagged PDF through ReportLab's canvas: content is marked as it is drawn, the structure recorded beside it.

ReportLab writes no tags. Here a canvas (`TaggedCanvas`) knows, while anything is drawn,
which structure element it belongs to, and writes the marked-content operators itself:

- `with canvas.tag("P", key=...)`: text objects and images drawn inside get a marked-content
  sequence with a fresh MCID (`/P <</MCID 3>> BDC … EMC`), recorded as content of that element.
  A `key` makes the pieces of one flowable split across columns or pages one element.
  `canvas.open(...)`/`canvas.close()` hold an element open across flowables (a section, a list).
- Inside a paragraph, `span(...)`/`SPAN_END` (zero-width `<onDraw>` markup) mark a Link, a
  Reference or a Span with its /Lang and /ActualText: the running MCID is closed and the span's
  opened, inside the text object.
- `with canvas.artifact("Pagination")`: running heads and page numbers; and everything drawn
  outside any element (backgrounds, rules, panels, cut marks) is wrapped as /Artifact when the
  page is finished. Nothing on a page is left neither tagged nor an artifact.
- Link annotations are recorded with the Link element whose target they carry (for the OBJR).
- A paragraph that is one of deckgen's own phrases left in English in a document of a language
  deckgen has no words for ("Sources" in a Spanish handout) gets /Lang en: every renderer draws its
  paragraphs through `paragraph()`, which decides it (on the element the paragraph is, or on a Span
  of its own where it is a `part` of its element: "Question 1" in a card's heading).

The tree (`pdf.structure`: `StructTree`) is pure data; given the document's `meta`, the canvas has
`pdf.finish` write it into the document as it saves.
"""

from __future__ import annotations

import contextlib
from urllib.parse import quote, unquote

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, Paragraph
from reportlab.platypus.tables import TableRenderCB

from deckgen.content import i18n
from deckgen.renderers.pdf.breaks import soft_breaks
from deckgen.renderers.pdf.finish import Meta, finish
from deckgen.renderers.pdf.structure import Element, StructTree

CALLBACK = "dgtag"  # the canvas callback name the span markup calls
SPAN_END = f'<onDraw name="{CALLBACK}" label="/"/>'


def span(role: str, **attrs: str) -> str:
    """Markup opening a span element (Link, Reference, Span) inside a paragraph: `role|key=value|…`,
    values percent-encoded so the label is safe markup. Close it with SPAN_END."""
    parts = [role] + [f"{k}={quote(v, safe='')}" for k, v in attrs.items() if v]
    return f'<onDraw name="{CALLBACK}" label="{"|".join(parts)}"/>'


def _ignore(canvas, kind, label) -> None:
    """The span markup's callback on a canvas that does not tag: nothing to do."""


_named_callback = Canvas.getNamedCB


def _named(self, name):
    return _named_callback(self, name) or (_ignore if name == CALLBACK else None)


# The markup pdf.fonts writes carries span marks; drawn on a plain ReportLab canvas (one that does
# not tag), ReportLab would raise for the missing callback: there they are ignored.
Canvas.getNamedCB = _named


def _parse(label: str) -> tuple[str, dict[str, str]]:
    role, *pairs = label.split("|")
    return role, {k: unquote(v) for k, v in (p.split("=", 1) for p in pairs)}


class _Mark(str):
    """A piece of page content of ours: a marked-content operator (delta +1 opens, -1 closes) or a
    whole marked text object (delta 0)."""

    delta = 0

    def __new__(cls, text: str, delta: int = 0):
        mark = super().__new__(cls, text)
        mark.delta = delta
        return mark


def _artifacts(code: list) -> list:
    """The page's content with every run drawn outside marked content wrapped as an artifact."""
    out: list = []
    run: list = []
    depth = 0

    def flush() -> None:
        if run:
            out.append("/Artifact BMC")
            out.extend(run)
            out.append("EMC")
            run.clear()

    for entry in code:
        if isinstance(entry, _Mark):
            if depth == 0:
                flush()
            depth += entry.delta
            out.append(entry)
        elif depth:
            out.append(entry)
        else:
            run.append(entry)
    flush()
    return out


_NO_SPACE_AFTER = set("-\u00ad\u2010\u2011/")


def _ends_without_space(text: str) -> bool:
    """Whether a line's last text needs the space it broke at (not after a hyphen, a slash or CJK)."""
    last = text[-1:] if text else ""
    return bool(last) and not last.isspace() and last not in _NO_SPACE_AFTER and ord(last) < 0x2E80


class _TextMarks:
    """The marked content inside one text object: opened when text is shown, so no sequence is empty."""

    def __init__(self, canvas: "TaggedCanvas", tx, element: Element, para):
        self.canvas, self.tx, self.element, self.open = canvas, tx, element, False
        self.last = ""  # the text shown last
        self.para, self.soft, self.line, self.hyphen = para, None, 0, False
        self.hyphened = 0  # lines up to this one have had their soft hyphen drawn

    def soft_break(self) -> bool:
        """Whether the current line ends at a soft hyphen (worked out for the paragraph when first asked:
        only lines that end in a hyphen ask)."""
        if self.soft is None:
            self.soft = soft_breaks(self.para) if self.para is not None else []
        return self.line < len(self.soft) and self.soft[self.line]

    def begin(self) -> None:
        if not self.open:
            mcid = self.canvas.tags.mcid(self.canvas._pageNumber, self.element)
            self.tx._code.append(f"/{_name(self.element.role)} <</MCID {mcid}>> BDC")
            self.open = True

    def end(self) -> None:
        if self.open:
            self.tx._code.append("EMC")
            self.open = False


def _name(role: str) -> str:
    return role if role.replace("_", "").isalnum() else "Span"


class TaggedCanvas(Canvas):
    """A ReportLab canvas that marks what it draws (see the module's docstring); its `tags` is the tree.
    A subclass with `tagging = False` marks nothing (for trial layouts whose file is never written)."""

    tagging = True
    meta: Meta | None = None  # set before save(): the document is then saved tagged (pdf.finish)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = StructTree()
        self._in_artifact = 0
        self._target: str | None = None
        self._label = False
        self._para = None  # the Paragraph being drawn (see paragraph())
        self.setNamedCB(CALLBACK, self._span)
        self.foreign = i18n.foreign()  # deckgen's English phrases in a document of another language

    # --- what the renderers call ---------------------------------------------------------

    @contextlib.contextmanager
    def tag(self, role: str, key: object = None, **attrs: str):
        """Content drawn inside belongs to a `role` element (the same one for the same key)."""
        element = self.tags.open(role, {k: v for k, v in attrs.items() if v}, key)
        try:
            yield element
        finally:
            self.tags.close(element)

    @contextlib.contextmanager
    def within(self, element: Element):
        """Content drawn inside goes into `element` (made earlier), whatever is open: the cards draw
        each card's answer on a later page than its question."""
        path = []
        node: Element | None = element
        while node is not None:
            path.append(node)
            node = node.parent
        saved, self.tags.stack = self.tags.stack, path[::-1]
        try:
            yield element
        finally:
            self.tags.stack = saved

    def open(self, role: str, **attrs: str) -> Element:
        """Opens a grouping element (Sect, L, LI, Div) that stays open until `close()`."""
        return self.tags.open(role, {k: v for k, v in attrs.items() if v})

    def close(self) -> None:
        self.tags.close()

    @contextlib.contextmanager
    def artifact(self, kind: str | None = None, subtype: str | None = None):
        """Content drawn inside is an artifact (/Type /Pagination for running heads and page numbers)."""
        if self._in_artifact:  # already inside one
            yield
            return
        props = ""
        if kind:
            props = f" <</Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "") + ">>"
        self._code.append(_Mark(f"/Artifact{props} BDC" if props else "/Artifact BMC", 1))
        self._in_artifact += 1
        try:
            yield
        finally:
            self._in_artifact -= 1
            self._code.append(_Mark("EMC", -1))

    @contextlib.contextmanager
    def labelled(self, bullet: bool = True):
        """Inside a list item (LI), the first text drawn inside (a paragraph's bullet) is its Lbl."""
        self._label = bullet and any(e.role == "LI" for e in self.tags.stack)
        try:
            yield
        finally:
            self._label = False

    # --- marking what is drawn ----------------------------------------------------------------

    def _tagging(self):
        """The element content drawn now belongs to, or None (an artifact)."""
        if not self.tagging or self._in_artifact or len(self.tags.stack) < 2:
            return None
        return self.tags.current

    def beginText(self, x=0, y=0, direction=None):
        tx = super().beginText(x, y, direction)
        element = self._tagging()
        if element is None:
            return tx
        if self._label:
            self._label = False
            item = next(e for e in reversed(self.tags.stack) if e.role == "LI")
            element = Element("Lbl", None, item)
            item.kids.insert(0, element)
        marks = tx._dg_marks = _TextMarks(self, tx, element, self._para)
        format_text, text_out = tx._formatText, tx._textOut

        def formatted(text):
            if text and not marks.hyphen:
                marks.begin()
                marks.last = text
            return format_text(text)

        def line_out(text, TStar=0):
            soft = (text or marks.last).endswith("-") and marks.soft_break()
            if soft and text.endswith("-") and marks.hyphened < marks.line + 1:
                marks.hyphened = marks.line + 1
                # a hyphen the layout added at a soft hyphen: an artifact, so the word reads whole
                text_out(str(text)[:-1], 0)
                marks.end()
                tx._code.append("/Artifact BMC")
                marks.hyphen = True
                text_out("-", TStar)
                marks.hyphen = False
                tx._code.append("EMC")
            else:
                if TStar and not soft and marks.hyphened <= marks.line and _ends_without_space(text or marks.last):
                    text += " "  # the space the line broke at: text taken from the PDF keeps its words apart
                text_out(text, TStar)
            if TStar:
                marks.line += 1

        tx._formatText, tx._textOut = formatted, line_out
        return tx

    @contextlib.contextmanager
    def paragraph(self, para, part: bool = False):
        """Draw a laid-out ReportLab Paragraph inside: its lines that end at a soft hyphen are known, so
        the hyphen drawn there is an artifact and no space is added after it. A paragraph that is one of
        deckgen's own phrases left in English in a document of another language (i18n.foreign) is
        tagged /Lang en: the element it is drawn in, or, when it is a `part` of that element with other
        paragraphs, a Span of its own."""
        self._para = para
        span = None
        if self.foreign and self._tagging() is not None:
            text = "".join(getattr(f, "text", "") for f in getattr(para, "frags", None) or ()).replace("\u00ad", "")
            if i18n.english_phrase(text, self.foreign):
                if part:
                    span = self.tags.open("Span", {"Lang": self.foreign[0]})
                else:
                    self.tags.current.attrs.setdefault("Lang", self.foreign[0])
        try:
            yield
        finally:
            self._para = None
            if span is not None:
                self.tags.close(span)

    def drawText(self, aTextObject):
        marks = getattr(aTextObject, "_dg_marks", None)
        if marks is None:
            return super().drawText(aTextObject)
        marks.end()
        aTextObject._dg_marks = None
        self._code.append(_Mark(str(aTextObject.getCode())))

    def _span(self, canvas, kind, label) -> None:
        """The `<onDraw>` of span markup: ends the running marked content; the next text drawn opens the
        span's (or, at its end, the enclosing element's)."""
        marks = getattr(self._curr_tx_info["tx"], "_dg_marks", None)
        if marks is None:
            return
        if label == "/":
            self.tags.close_span()
        else:
            role, attrs = _parse(label)
            self.tags.open_span(role, attrs)
        marks.end()
        marks.element = self.tags.current

    def _marked(self, draw):
        element = self._tagging()
        if element is None:
            return draw()
        mcid = self.tags.mcid(self._pageNumber, element)
        self._code.append(_Mark(f"/{_name(element.role)} <</MCID {mcid}>> BDC", 1))
        try:
            return draw()
        finally:
            self._code.append(_Mark("EMC", -1))

    def drawImage(self, *args, **kwargs):
        return self._marked(lambda: super(TaggedCanvas, self).drawImage(*args, **kwargs))

    def drawInlineImage(self, *args, **kwargs):
        return self._marked(lambda: super(TaggedCanvas, self).drawInlineImage(*args, **kwargs))

    def doForm(self, name):
        return self._marked(lambda: super(TaggedCanvas, self).doForm(name))

    # --- link annotations -----------------------------------------------------------------------

    def linkRect(self, contents, destinationname, *args, **kwargs):
        self._target = "#" + destinationname
        return super().linkRect(contents, destinationname, *args, **kwargs)

    def linkURL(self, url, rect, *args, **kwargs):
        self._target = url
        return super().linkURL(url, rect, *args, **kwargs)

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        result = super()._addAnnotation(annotation, name, addtopage)
        if addtopage:
            self.tags.annotation(self._pageNumber, self._target)
        self._target = None
        return result

    # --- pages --------------------------------------------------------------------------------

    def showPage(self):
        self._code[:] = _artifacts(self._code)
        super().showPage()

    def save(self):
        """Saves the document, with its structure tree and PDF/UA metadata when `meta` is set."""
        if len(self._code):
            self.showPage()
        if self.tagging and self.meta is not None:
            finish(self._doc, self.tags, self.meta)
        super().save()


class TableTags(TableRenderCB):
    """A ReportLab Table's `renderCB` that tags it as it is drawn: Table, TR, and TH (its header rows,
    /Scope /Column) or TD; the pieces of a table split across columns are one Table element, and a
    header row repeated on a later piece is an artifact (it was read once, at the table's start)."""

    def __init__(self, header_rows: int = 1):
        self.key, self.header_rows, self.pieces = object(), header_rows, 0

    def _canvas(self, table):
        canvas = table.canv
        return canvas if hasattr(canvas, "tags") else None

    def startTable(self, table):
        canvas = self._canvas(table)
        self.repeat = self.pieces > 0
        self.pieces += 1
        self.element = canvas.tags.open("Table", None, self.key) if canvas else None

    def startBG(self, table):
        pass

    def endBG(self, table):
        pass

    def startRow(self, table, row):
        canvas = self._canvas(table)
        if canvas is None:
            return
        self.copy = self.repeat and row < self.header_rows
        if self.copy:
            self.quiet = canvas.artifact()
            self.quiet.__enter__()
        else:
            canvas.open("TR")

    def startCell(self, table, row, col, *_):
        canvas = self._canvas(table)
        if canvas is not None and not self.copy:
            if row < self.header_rows and not self.repeat:
                canvas.open("TH", Scope="Column")
            else:
                canvas.open("TD")

    def endCell(self, table):
        canvas = self._canvas(table)
        if canvas is not None and not self.copy:
            canvas.close()

    def endRow(self, table):
        canvas = self._canvas(table)
        if canvas is None:
            return
        if self.copy:
            self.quiet.__exit__(None, None, None)
        else:
            canvas.close()

    def startLines(self, table):
        pass

    def endLines(self, table):
        pass

    def endTable(self, table):
        canvas = self._canvas(table)
        if canvas is not None and self.element is not None:
            canvas.tags.close(self.element)


class TaggedParagraph(Paragraph):
    """A ReportLab Paragraph drawn as its structure element: `tag_role` if set, else its style's role in
    the class's `roles` (style name -> role; "" for none: its text belongs to the element around it;
    a missing name is a P). The pieces it splits into are one element. Drawn on a canvas that is not
    a TaggedCanvas, it is a plain Paragraph. A renderer subclasses it with its own `roles`."""

    roles: dict[str, str] = {}
    tag_role: str | None = None
    tag_attrs: dict | None = None
    _tag_key = None  # shared by the pieces it is split into: one element

    def tagged(self, role: str | None = None, **attrs: str) -> "TaggedParagraph":
        """Sets its structure element (and attributes such as Lang)."""
        self.tag_role = role or self.tag_role
        self.tag_attrs = {**(self.tag_attrs or {}), **{k: v for k, v in attrs.items() if v}}
        return self

    def split(self, availWidth, availHeight):
        pieces = super().split(availWidth, availHeight)
        if self._tag_key is None:
            self._tag_key = object()
        for piece in pieces:
            piece._tag_key, piece.tag_role, piece.tag_attrs = self._tag_key, self.tag_role, self.tag_attrs
        return pieces

    def drawOn(self, canvas, x, y, _sW=0):
        role = self.tag_role or self.roles.get(self.style.name.removesuffix("-rtl"), "P")
        if not role or not hasattr(canvas, "tag"):
            return super().drawOn(canvas, x, y, _sW)
        if self._tag_key is None:
            self._tag_key = object()
        if role == "LI":  # a list item: its bullet the Lbl, its text the LBody (items in a row share an L)
            with canvas.tag("LI", self._tag_key), canvas.labelled(bool(self.bulletText)), \
                    canvas.tag("LBody", (self._tag_key, "body"), **(self.tag_attrs or {})), canvas.paragraph(self):
                return super().drawOn(canvas, x, y, _sW)
        with canvas.tag(role, self._tag_key, **(self.tag_attrs or {})), canvas.labelled(bool(self.bulletText)), \
                canvas.paragraph(self):
            return super().drawOn(canvas, x, y, _sW)  # in a list item, the bullet ("1.") is its Lbl


class TaggedImage(Image):
    """A ReportLab Image drawn as a Figure with its alt text, or as an artifact without one (decorative)."""

    def __init__(self, *args, alt: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.alt = alt

    def drawOn(self, canvas, x, y, _sW=0):
        if not hasattr(canvas, "tag"):
            return super().drawOn(canvas, x, y, _sW)
        with canvas.tag("Figure", Alt=self.alt) if self.alt else canvas.artifact():
            return super().drawOn(canvas, x, y, _sW)
