"""Lines of text read back from a PDF with pdfplumber, for the print tests and tools/print_metrics.py.

A line is the characters of one baseline within one column (the handout has two columns
per page, a card sheet four cards), in drawing order; each line keeps its font size and
the font name of its first character, so body lines can be told from headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pdfplumber

WORD_HYPHEN = re.compile(r"[^\W\d_]-$")  # a line ending in a letter and a hyphen: a word broken there


@dataclass
class Line:
    page: int  # 1-based
    column: int  # 0 left, 1 right (of the page, or of the card sheet)
    top: float
    x0: float
    size: float
    font: str
    text: str

    @property
    def hyphenated(self) -> bool:
        return bool(WORD_HYPHEN.search(self.text.rstrip()))


def lines(path, split_x: float | None = None, split_y: float | None = None) -> list[Line]:
    """Every line of every page, column by column, top to bottom."""
    out: list[Line] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            middle = split_x if split_x is not None else page.width / 2
            groups: dict[tuple, list] = {}
            for char in page.chars:
                column = 0 if char["x0"] < middle else 1
                if split_y is not None:
                    column += 2 * (char["top"] > split_y)
                key = (column, round(char["bottom"] * 2) / 2, round(char["size"], 1))
                groups.setdefault(key, []).append(char)
            for (column, _, size), chars in groups.items():
                chars.sort(key=lambda c: c["x0"])
                text = ""
                last = None
                for c in chars:
                    if last is not None and c["x0"] - last["x1"] > c["size"] * 0.15 and not text.endswith(" "):
                        text += " "
                    text += c["text"]
                    last = c
                out.append(Line(number, column, min(c["top"] for c in chars), chars[0]["x0"], size,
                                chars[0]["fontname"], text))
    out.sort(key=lambda line: (line.page, line.column % 2, line.column, line.top))
    return out


def body_lines(path, body_size: float) -> list[Line]:
    """The lines set at the body size (paragraphs of the sections and answers), in reading order."""
    return [line for line in lines(path) if abs(line.size - body_size) < 0.05 and line.text.strip()]


def runs_of_hyphens(found: list[Line]) -> int:
    """The longest run of consecutive lines (in one column) that end in a hyphen."""
    longest = run = 0
    prev = None
    for line in found:
        same = prev is not None and (prev.page, prev.column) == (line.page, line.column)
        run = (run + 1 if same else 1) if line.hyphenated else 0
        longest = max(longest, run)
        prev = line
    return longest


def short_sides(found: list[Line]) -> list[str]:
    """Hyphenations leaving fewer than 3 letters before the hyphen or after it (on the next line)."""
    bad = []
    for i, line in enumerate(found):
        if not line.hyphenated:
            continue
        before = re.search(r"([^\W\d_]+)-$", line.text.rstrip()).group(1)
        after = ""
        if i + 1 < len(found):
            match = re.match(r"\s*([^\W\d_]+)", found[i + 1].text)
            after = match.group(1) if match else ""
        if len(before) < 3 or len(after) < 3:
            bad.append(f"{before}-{after}")
    return bad


def body_size(path) -> float:
    """The size most lines of a handout are set in: its body text."""
    from collections import Counter

    sizes = Counter(line.size for line in lines(path) if len(line.text) > 20)
    return sizes.most_common(1)[0][0]


def report_sizes(report: list[str]) -> set[float]:
    """The handout's body sizes from its fit report: the one-pager's ("body text 9.5 pt") and the Q&A's
    ("the Q&A and sources at 10 pt")."""
    found = set()
    for line in report:
        for pattern in (r"body text ([\d.]+) pt", r"^the Q&A and sources at ([\d.]+) pt"):
            match = re.search(pattern, line)
            if match:
                found.add(float(match.group(1)))
    return found


def column_ends(path, page: int, top: float = 60, bottom: float = 85) -> tuple[float, float]:
    """The bottom of the text in the left and right column of a page (pt from the top), leaving out
    the running header and footer (within `top` / `bottom` pt of the paper's edges)."""
    with pdfplumber.open(str(path)) as pdf:
        height = pdf.pages[page - 1].height
    found = [line for line in lines(path) if line.page == page and top < line.top < height - bottom]
    ends = [max((line.top + line.size for line in found if line.column == c), default=0.0) for c in (0, 1)]
    return ends[0], ends[1]
