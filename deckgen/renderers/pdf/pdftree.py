"""A tagged PDF another program made, read and edited with pikepdf: its structure tree (elements, their
marked content, the ParentTree) and each page's content stream, parsed once, its text read through each
font's ToUnicode map, its edits collected and written back once (`PageContent`).

Shared by `pdf.retag` (the document-wide mends of LibreOffice's slides-pdf) and `pdf.slidetags` (the
mends per slide that only the deck knows to make): one parse of each page serves both.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary

SHOW = {"Tj", "TJ", "'", '"'}  # text-showing operators


# --- the structure tree -------------------------------------------------------------------------

def kids(element) -> list:
    """An element's /K as a list (a single kid, an array, or none)."""
    k = element.get("/K")
    return list(k) if isinstance(k, Array) else [k] if k is not None else []


def is_content(kid) -> bool:
    """Whether a kid is marked content (an MCID, or a marked-content reference)."""
    return isinstance(kid, int) or (isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR")


def marked(element):
    """(page, MCID) of each piece of marked content the element holds itself."""
    for kid in kids(element):
        if isinstance(kid, int):
            yield element.get("/Pg"), int(kid)
        elif is_content(kid):
            yield kid.get("/Pg", element.get("/Pg")), int(kid.MCID)


def own_mcids(element) -> list[int]:
    """The MCIDs of the marked content the element holds itself."""
    return [mcid for _, mcid in marked(element)]


def all_mcids(element) -> list[int]:
    """The MCIDs of the marked content the element and every element below it hold, in order."""
    out = []
    for kid in kids(element):
        if is_content(kid):
            out.append(int(kid) if isinstance(kid, int) else int(kid.MCID))
        elif isinstance(kid, Dictionary) and kid.get("/Type") != "/OBJR":
            out += all_mcids(kid)
    return out


def elements(element):
    """The element and every structure element below it, in order."""
    yield element
    for kid in kids(element):
        if isinstance(kid, Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR") and "/S" in kid:
            yield from elements(kid)


def page_of(element):
    """The objgen of an element's page (/Pg), looking into its first kid when it has none."""
    while isinstance(element, Dictionary):
        if "/Pg" in element:
            return element.Pg.objgen
        k = element.get("/K")
        element = k[0] if isinstance(k, Array) and len(k) else k
    return None


def parent_tree(root) -> dict[int, object]:
    """The ParentTree's number tree, flattened: key -> value."""
    out: dict[int, object] = {}

    def walk(node) -> None:
        nums = node.get("/Nums")
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                out[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", []):
            walk(kid)

    tree = root.get("/ParentTree")
    if tree is not None:
        walk(tree)
    return out


def number_tree_add(tree, key: int, value) -> None:
    """key -> value in a number tree (its last leaf, whose /Limits grow to hold it)."""
    node = tree
    while "/Nums" not in node and node.get("/Kids"):
        node = node.Kids[len(node.Kids) - 1]
    nums = node.get("/Nums")
    if nums is None:
        node.Nums = nums = Array()
    nums.append(key)
    nums.append(value)
    if "/Limits" in node:
        node.Limits = Array([min(int(node.Limits[0]), key), max(int(node.Limits[1]), key)])


# --- a page's content --------------------------------------------------------------------------

def cmap(font) -> tuple[int, dict[bytes, str]]:
    """A font's code length in bytes and its ToUnicode map (bfchar and bfrange entries)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return 1, {}
    text = stream.read_bytes().decode("latin-1")
    space = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
    width = len(space.group(1)) // 2 if space else 1
    found: dict[bytes, str] = {}

    def uni(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[bytes.fromhex(src)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            start, end = int(lo, 16), int(hi, 16)
            if end - start > 0xFFFF:
                continue
            n = len(lo) // 2
            if dst.startswith("["):
                targets = re.findall(r"<([0-9A-Fa-f]*)>", dst)
                for code, target in zip(range(start, end + 1), targets):
                    found[code.to_bytes(n, "big")] = uni(target)
            else:
                first = bytes.fromhex(dst[1:-1])
                base = int.from_bytes(first, "big")
                for code in range(start, end + 1):
                    found[code.to_bytes(n, "big")] = uni((base + code - start).to_bytes(len(first), "big").hex())
    return width, found


class PageContent:
    """One page's content stream, parsed once: for each MCID its BDC's index and its text objects (BT index,
    ET index, text); edits (operators replaced, inserted before or after one) are collected and written back
    by `save`, only where there are any. Indexes are always those of the stream as parsed."""

    def __init__(self, pdf, page):
        self.pdf, self.page = pdf, page
        self.ops = list(pikepdf.parse_content_stream(page))
        self.bdc: dict[int, int] = {}
        self.blocks: dict[int, list[list]] = {}  # mcid -> [[BT index, ET index, text], ...]
        self.before: dict[int, list] = {}  # index -> operations inserted before it
        self.after: dict[int, list] = {}  # index -> operations inserted after it
        self.changed = False
        fonts = page.Resources.get("/Font") or {}
        maps = {str(name): cmap(font) for name, font in fonts.items()}
        stack: list[int | None] = []
        current = (1, {})
        block = None
        for i, (operands, operator) in enumerate(self.ops):
            op = str(operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" and len(operands) > 1 else None
                mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                if mcid is not None:
                    self.bdc[mcid] = i
                    self.blocks[mcid] = []
                stack.append(mcid)
            elif op == "EMC" and stack:
                stack.pop()
            elif op == "Tf" and operands:
                current = maps.get(str(operands[0]), (1, {}))
            elif op == "BT":
                mcid = next((m for m in reversed(stack) if m is not None), None)
                block = [i, i, ""] if mcid is not None else None
                if block is not None:
                    self.blocks[mcid].append(block)
            elif op == "ET" and block is not None:
                block[1] = i
                block = None
            elif op in SHOW and block is not None:
                block[2] += self._decode(current, operands)

    @staticmethod
    def _decode(font, operands) -> str:
        width, table = font
        out = []
        for operand in operands:
            for item in operand if isinstance(operand, Array) else [operand]:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    out += [table.get(raw[k:k + width], "") for k in range(0, len(raw), width)]
        return "".join(out)

    def text(self, mcid: int) -> str:
        return "".join(b[2] for b in self.blocks.get(mcid, []))

    def replace(self, index: int, op) -> None:
        self.ops[index] = op
        self.changed = True

    def insert(self, index: int, *ops) -> None:
        """Operations before the one at `index`."""
        self.before.setdefault(index, []).extend(ops)
        self.changed = True

    def insert_after(self, index: int, *ops) -> None:
        self.after.setdefault(index, []).extend(ops)
        self.changed = True

    def save(self) -> None:
        """The page's content stream with the edits, if it has any."""
        if not self.changed:
            return
        out = []
        for i, op in enumerate(self.ops):
            out.extend(self.before.get(i, ()))
            out.append(op)
            out.extend(self.after.get(i, ()))
        self.page.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(out))


class Pages:
    """Each page's PageContent, parsed when first asked for; `save` writes back every edited one."""

    def __init__(self, pdf):
        self.pdf = pdf
        self._parsed: dict[int, PageContent] = {}

    def __getitem__(self, index: int) -> PageContent:
        if index not in self._parsed:
            self._parsed[index] = PageContent(self.pdf, self.pdf.pages[index])
        return self._parsed[index]

    def save(self) -> None:
        for content in self._parsed.values():
            content.save()
