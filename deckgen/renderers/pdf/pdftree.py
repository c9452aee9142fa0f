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


def _metrics(font):
    """(code length in bytes, width of a code in 1/1000 em, ascent, descent) of a font, from its /Widths
    (a simple font) or its descendant's /W and /DW (a Type0 font), and its descriptor (LibreOffice writes
    Ascent and Descent 0: then the font's box, held to a line's height)."""
    width_of: dict[int, float] = {}
    default = 0.0
    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else None
    if descendant is not None:
        default = float(descendant.get("/DW", 1000))
        w = list(descendant.get("/W", []))
        i = 0
        while i + 1 < len(w):
            first = int(w[i])
            if isinstance(w[i + 1], Array):
                for k, value in enumerate(w[i + 1]):
                    width_of[first + k] = float(value)
                i += 2
            elif i + 2 < len(w):
                for code in range(first, int(w[i + 1]) + 1):
                    width_of[code] = float(w[i + 2])
                i += 3
            else:
                break
    else:
        first = int(font.get("/FirstChar", 0))
        for k, value in enumerate(font.get("/Widths", [])):
            width_of[first + k] = float(value)
    descriptor = (descendant if descendant is not None else font).get("/FontDescriptor") or Dictionary()
    if descendant is None:
        default = float(descriptor.get("/MissingWidth", 0)) or (0.0 if width_of else 500.0)  # no widths: half an em
    box = [float(v) for v in descriptor.get("/FontBBox", [0, -200, 1000, 800])]
    ascent = float(descriptor.get("/Ascent", 0)) or min(box[3], 1000.0)
    descent = float(descriptor.get("/Descent", 0)) or max(box[1], -300.0)
    return (2 if descendant is not None else 1), (lambda code: width_of.get(code, default)), ascent, descent


def _times(a, b):
    """The product of two PDF matrices (a, b, c, d, e, f): a, then b."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


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

    def text_box(self, start: int, end: int) -> tuple[float, float, float, float] | None:
        """The box (x0, y0, x1, y1, in the page's space) around the glyphs the text object between the
        operators `start` (its BT) and `end` (its ET) shows, from its fonts' widths, ascents and descents and
        the graphics and text state in force (cm, q/Q, Tf, Tc, Tw, Tz, TL, Ts, Td, TD, Tm, T*); None when it
        shows nothing."""
        fonts = self.page.Resources.get("/Font") or {}
        ctm, stack = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
        state = {"font": None, "size": 0.0, "Tc": 0.0, "Tw": 0.0, "Tz": 1.0, "TL": 0.0, "Ts": 0.0}
        metrics: dict[str, tuple] = {}
        tm = line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        xs, ys = [], []

        def show(items) -> None:
            nonlocal tm
            name = state["font"]
            if name not in metrics:
                font = fonts.get(name)
                metrics[name] = _metrics(font) if font is not None else (1, lambda code: 0.0, 800.0, -200.0)
            length, width, ascent, descent = metrics[name]
            size, scale = state["size"], state["Tz"]
            for item in items:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    for k in range(0, len(raw) - length + 1, length):
                        code = int.from_bytes(raw[k:k + length], "big")
                        advance = (width(code) / 1000 * size + state["Tc"]
                                   + (state["Tw"] if length == 1 and code == 32 else 0)) * scale
                        whole = _times(tm, ctm)
                        for x, y in ((0, descent / 1000 * size + state["Ts"]), (advance, ascent / 1000 * size
                                                                                 + state["Ts"])):
                            xs.append(whole[0] * x + whole[2] * y + whole[4])
                            ys.append(whole[1] * x + whole[3] * y + whole[5])
                        tm = _times((1, 0, 0, 1, advance, 0), tm)
                else:  # a number in a TJ array: thousandths of an em, leftwards
                    tm = _times((1, 0, 0, 1, -float(item) / 1000 * size * scale, 0), tm)

        for i, (operands, operator) in enumerate(self.ops[:end + 1]):
            op = str(operator)
            if op == "q":
                stack.append((ctm, dict(state)))
            elif op == "Q" and stack:
                ctm, state = stack.pop()
            elif op == "cm" and len(operands) == 6:
                ctm = _times(tuple(float(v) for v in operands), ctm)
            elif op == "Tf" and len(operands) == 2:
                state["font"], state["size"] = str(operands[0]), float(operands[1])
            elif op in ("Tc", "Tw", "TL", "Ts") and operands:
                state[op] = float(operands[0])
            elif op == "Tz" and operands:
                state["Tz"] = float(operands[0]) / 100
            elif op == "BT":
                tm = line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            elif op in ("Td", "TD") and len(operands) == 2:
                if op == "TD":
                    state["TL"] = -float(operands[1])
                tm = line = _times((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
            elif op == "Tm" and len(operands) == 6:
                tm = line = tuple(float(v) for v in operands)
            elif op in ("T*", "'", '"'):
                tm = line = _times((1, 0, 0, 1, 0, -state["TL"]), line)
            if i < start or op not in SHOW:
                continue
            if op == '"' and len(operands) == 3:
                state["Tw"], state["Tc"] = float(operands[0]), float(operands[1])
            show(operands[-1] if op == "TJ" else operands[-1:])
        if not xs:
            return None
        return min(xs), min(ys), max(xs), max(ys)

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
