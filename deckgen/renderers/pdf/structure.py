"""The structure tree of a tagged PDF as it is recorded while drawing: pure data, no ReportLab.

`pdf.tagging`'s canvas opens and closes elements here as it draws, and numbers each
marked-content sequence (MCID) per page; `pdf.finish` writes the tree into the PDF as ReportLab saves
it (StructTreeRoot, ParentTree, OBJRs of the link annotations).

- An element's kids are in reading order: Elements, ("mcid", page, n) and ("annot", page, index).
- A `key` makes the pieces of one flowable split across columns or pages one element; spans
  (Link, Reference, Span) still open when a piece ended are reopened with the next piece.
- List items drawn in a row share one L, made with the first.
- A link annotation is a kid (OBJR) of the latest Link element with its target.
"""

from __future__ import annotations


class Element:
    """A structure element: its type, attributes (Alt, Lang, ActualText, ID, Contents) and kids in
    reading order: Elements, ("mcid", page, n) and ("annot", page, index)."""

    __slots__ = ("role", "attrs", "kids", "parent", "target", "spans", "auto")

    def __init__(self, role: str, attrs: dict[str, str] | None = None, parent: Element | None = None):
        self.role, self.attrs, self.parent = role, dict(attrs or {}), parent
        self.kids: list = []
        self.target: str | None = None  # a Link's href, to find it again for its annotation
        self.spans: list[Element] = []  # spans still open when a split piece ended
        self.auto = False  # an L made for list items drawn in a row

    def add(self, role: str, attrs: dict[str, str] | None = None) -> Element:
        child = Element(role, attrs, self)
        self.kids.append(child)
        return child

    def text_kids(self) -> bool:
        """Whether the element or one of its descendants holds content."""
        return any(not isinstance(k, Element) or k.text_kids() for k in self.kids)

    def __repr__(self) -> str:
        return f"<{self.role} {len(self.kids)} kids>"


class StructTree:
    """The structure recorded while drawing: elements, each page's MCIDs and link annotations."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.stack: list[Element] = [self.root]
        self.keyed: dict[object, Element] = {}
        self.mcids: dict[int, list[Element]] = {}  # page -> the element of each MCID
        self.annots: dict[int, list[Element]] = {}  # page -> the Link element of each annotation, in order
        self.links: dict[str, list[Element]] = {}  # target -> Link elements, latest last

    @property
    def current(self) -> Element:
        return self.stack[-1]

    def open(self, role: str, attrs: dict[str, str] | None = None, key: object = None) -> Element:
        if key is not None and key in self.keyed:
            element = self.keyed[key]
            self.stack.append(element)
            self.stack.extend(element.spans)  # a link or span that went on past the piece before
            element.spans = []
            return element
        parent = self.current
        if role == "LI" and parent.role != "L":  # list items in a row share one L, made with the first
            last = parent.kids[-1] if parent.kids else None
            parent = last if isinstance(last, Element) and last.role == "L" and last.auto else parent.add("L")
            parent.auto = True
        element = parent.add(role, attrs)
        if key is not None:
            self.keyed[key] = element
        self.stack.append(element)
        return element

    def close(self, element: Element | None = None) -> None:
        """Closes the current element (or `element` and any spans left open inside it)."""
        if element is None:
            if len(self.stack) > 1:
                self.stack.pop()
            return
        if element not in self.stack:
            return
        at = self.stack.index(element)
        element.spans = self.stack[at + 1:]
        del self.stack[at:]

    def open_span(self, role: str, attrs: dict[str, str]) -> None:
        target = attrs.pop("target", None)
        element = self.open(role, attrs)
        if target:
            element.target = target
            self.links.setdefault(target, []).append(element)

    def close_span(self) -> None:
        if len(self.stack) > 1 and self.current.role in ("Link", "Reference", "Span"):
            self.stack.pop()

    def mcid(self, page: int, element: Element) -> int:
        found = self.mcids.setdefault(page, [])
        found.append(element)
        element.kids.append(("mcid", page, len(found) - 1))
        return len(found) - 1

    def annotation(self, page: int, target: str | None) -> None:
        """A link annotation on `page`: a kid (OBJR) of the latest Link element with its target, else of
        a new Link element under the current one."""
        element = (self.links.get(target) or [None])[-1] if target else None
        if element is None:
            element = self.current.add("Link", {"Contents": target or ""})
        found = self.annots.setdefault(page, [])
        element.kids.append(("annot", page, len(found)))
        found.append(element)
