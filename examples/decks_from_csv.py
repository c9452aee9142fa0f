"""One deck per row of a CSV file, from one content file: deckgen used as a library.

    python examples/decks_from_csv.py                      # examples/sessions.csv, the English seed
    python examples/decks_from_csv.py rows.csv content/talk.yaml --out output/sessions

Each row is a workshop session (city, date, host, email): its deck is the content file with
the session's date, host, contact and "Workshop in <city>" as subtitle, written as
OUT/default/<name>-<city>.pptx. All decks are built in one call, so they share the workers
(and a second run skips the decks whose row did not change).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime
import re
import sys
from pathlib import Path

import deckgen
from deckgen.content.model import Contact, Rich, Span

HERE = Path(__file__).resolve().parent


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "session"


def session(base: deckgen.Document, row: dict[str, str], line: int, csv_path: Path) -> deckgen.Document:
    """The base document for one row; a row with a wrong date or e-mail stops with its line number."""
    try:
        datetime.date.fromisoformat(row["date"])
    except ValueError:
        sys.exit(f"{csv_path}:{line}: error: '{row['date']}' is not a date in the form YYYY-MM-DD")
    if "@" not in row["email"]:
        sys.exit(f"{csv_path}:{line}: error: '{row['email']}' is not an e-mail address")
    return dataclasses.replace(
        base, name=f"{base.name}-{slug(row['city'])}", date=row["date"], organisation=row["host"],
        subtitle=Rich(((Span(f"Workshop in {row['city']}"),),)),
        contact=Contact(email=row["email"], url=base.contact.url if base.contact else None,
                        href=base.contact.href if base.contact else None))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=Path, default=HERE / "sessions.csv")
    parser.add_argument("content", nargs="?", type=Path,
                        default=HERE.parent / "content" / "migration-and-development-cooperation.yaml")
    parser.add_argument("--out", type=Path, default=Path("output") / "sessions")
    parser.add_argument("--theme", default="default")
    args = parser.parse_args(argv)
    try:
        base = deckgen.load(args.content)
        with args.rows.open(newline="", encoding="utf-8") as fh:
            docs = [session(base, row, line, args.rows) for line, row in enumerate(csv.DictReader(fh), 2)]
        result = deckgen.build(docs, formats=["deck"], theme=args.theme, out=args.out)
    except deckgen.DeckgenError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for path in result.written:
        print(f"wrote       {path}")
    for path in result.up_to_date:
        print(f"up to date  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
