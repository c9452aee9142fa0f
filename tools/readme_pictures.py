"""Make the README's pictures from real builds of the seed: a contact sheet per built-in theme, a handout page, a card sheet.

    python tools/readme_pictures.py [--out docs/images]

Builds the Dutch seed with every built-in theme (deckgen build, in a temporary folder), draws
the slides with LibreOffice and the PDF pages with pdftoppm (or pypdfium2), the same way as
`deckgen preview` (deckgen/preview/render.py), and writes small PNGs (at most 1200 px wide,
reduced to a 256-colour palette, optimised):

    contact-sheet-<theme>.png   every slide of the seed deck, numbered, four across
    handout-page.png            the handout's first page (default theme)
    card-sheet.png              the cards' first sheet (fronts, with cut marks; default theme)
    guide-page.png              the run sheet's first page, for the seed with `session: duration "90",
                                start "13:30"` added (default theme)
    notes-page.png              the notes handout's first page (slides beside their notes), for that
                                same planned seed (default theme)

`--only guide-page` (repeatable, any of the names above without .png) makes only those; the
PDF pictures need no LibreOffice, but for the notes handout's.

Run it after a change to how the outputs look, and commit the PNGs it writes. It needs
LibreOffice; nothing in a build needs it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
WIDTH = 1200  # px, the contact sheets
PAGE_WIDTH = 900  # px, the handout page and the card sheet


def small_png(image, path: Path, width: int) -> int:
    """Saves `image` at most `width` px wide, as a 256-colour optimised PNG; returns its size in bytes."""
    from PIL import Image

    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, format="PNG", optimize=True)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder for the PNGs")
    parser.add_argument("--only", action="append", default=[], help="make only this picture (repeatable)")
    args = parser.parse_args(argv)
    wanted = set(args.only)
    sheets = not wanted or any(name.startswith("contact-sheet") for name in wanted)
    notes = not wanted or "notes-page" in wanted
    sys.path.insert(0, str(ROOT))
    from deckgen.build import run as builder
    from deckgen.theming import load as theme_mod
    from deckgen.errors import DeckgenError
    from deckgen.preview import render
    from deckgen.renderers.slides import office

    how = render.rasterizer()
    if how is None:
        print("error: " + render.RASTER_HINT, file=sys.stderr)
        return 1
    try:
        if sheets or notes:
            office.require_soffice("tools/readme_pictures.py")
    except DeckgenError as exc:
        print(exc.diagnostics[0].format(), file=sys.stderr)
        return 1
    builtin = [name for name, folder in theme_mod.available(None).items()]
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="deckgen-pictures-") as tmp_name:
        tmp = Path(tmp_name)
        settings = builder.Settings(files=(SEED,), themes=tuple(builtin), out=tmp / "out", force=True, jobs=1,
                                    project=tmp)
        outcomes, _ = builder.build(settings)
        made = {(o.job.theme, o.job.fmt): o.job.output for o in outcomes}
        if sheets:
            office.warm("tools/readme_pictures.py")
        try:
            for name in builtin if sheets else ():
                if wanted and f"contact-sheet-{name}" not in wanted:
                    continue
                pdf = tmp / f"{name}.pdf"
                office.to_pdf(made[name, "deck"], pdf, "tools/readme_pictures.py")
                slides = render._Pages(pdf, 960, tmp, how).images()
                sheet = render.contact_sheet(slides, columns=4, thumb=280, gap=16)
                path = args.out / f"contact-sheet-{name}.png"
                written.append((path, small_png(sheet, path, WIDTH)))
        finally:
            if sheets:
                office.shutdown()
        theme = "default" if "default" in builtin else builtin[0]
        planned = tmp / SEED.name  # the seed as a trainer plans it: a 90-minute session from 13:30
        planned.write_text(SEED.read_text(encoding="utf-8") + 'session:\n  duration: "90"\n  start: "13:30"\n',
                           encoding="utf-8")
        planned_outcomes, _ = builder.build(builder.Settings(
            files=(planned,), themes=(theme,), out=tmp / "planned", formats=("guide", "notes") if notes else ("guide",),
            force=True, jobs=1, project=tmp))
        made.update({(theme, o.job.fmt): o.job.output for o in planned_outcomes})
        for fmt, file_name, page in (("handout", "handout-page.png", 1), ("cards", "card-sheet.png", 1),
                                     ("guide", "guide-page.png", 1), ("notes", "notes-page.png", 1)):
            if wanted and file_name.removesuffix(".png") not in wanted or (fmt == "notes" and not notes):
                continue
            first = render._Pages(made[theme, fmt], PAGE_WIDTH, tmp, how).images()[page]
            path = args.out / file_name
            written.append((path, small_png(first, path, PAGE_WIDTH)))
    for path, size in written:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  ({size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
