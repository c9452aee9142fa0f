"""Print measurements of built handouts and cards (issue 15): hyphenated body lines, runs of them,
short sides, where the one-pager's headings and key figures land, last-page column balance.

    python tools/print_metrics.py OUT_DIR        # OUT_DIR/<theme>/*.handout.pdf and *.cards.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deckgen.content.load import load as load_document  # noqa: E402
from tests.pdflines import body_lines, body_size, column_ends, lines, runs_of_hyphens, short_sides  # noqa: E402


def handout(path: Path, content: Path) -> None:
    doc = load_document(content)[0]
    size = body_size(path)
    body = body_lines(path, size)
    hyph = [line for line in body if line.hyphenated]
    every = lines(path)
    pages = max(line.page for line in every)
    print(f"  body lines {len(body)}, hyphenated {len(hyph)} ({100 * len(hyph) / max(1, len(body)):.1f} %), "
          f"longest run {runs_of_hyphens(body)}, short sides {short_sides(body)}")
    print(f"  hyphenated: {[line.text.split()[-1] for line in hyph]}")
    for section in doc.sections:
        for name, value in ([("heading", section.heading.plain)] if section.heading else []) + \
                [("figure", f.value.plain) for f in section.figures]:
            where = sorted({line.page for line in every if line.size > size * 1.2 and line.text.strip()
                            and value.startswith(line.text.strip())})
            print(f"  {name} {value[:40]!r}: page {where}")
    left, right = column_ends(path, pages)
    print(f"  body size {size:g}; pages {pages}; last page: left column ends at {left:.0f} pt, right at {right:.0f} pt "
          f"(difference {abs(left - right) / (size * 1.35):.1f} lines)")


def cards(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[0]
        sizes = sorted({round(c["size"], 1) for c in page.chars})
    big = [line for line in lines(path, split_y=None) if line.size >= 12]
    hyph = [line.text for line in big if line.hyphenated]
    print(f"  card sizes {sizes}; question lines {len(big)}, hyphenated: {hyph}")


def main() -> None:
    out = Path(sys.argv[1])
    root = Path(__file__).resolve().parent.parent
    for theme_dir in sorted(p for p in out.iterdir() if p.is_dir()):
        for pdf in sorted(theme_dir.glob("*.handout.pdf")):
            content = root / "content" / (pdf.name.removesuffix(".handout.pdf") + ".yaml")
            print(f"{theme_dir.name}/{pdf.name}")
            handout(pdf, content)
        for pdf in sorted(theme_dir.glob("*.cards.pdf")):
            print(f"{theme_dir.name}/{pdf.name}")
            cards(pdf)


if __name__ == "__main__":
    main()
