"""Pictures of the seed deck for the README: each built-in theme's title, discussion and key-figure slide.

    python tools/readme_slides.py            # writes docs/images/<theme>-<slide>.png

Builds the Dutch seed with every built-in theme, converts the decks with LibreOffice (a
private profile, deckgen's own fonts) and keeps three slides of each as small PNGs. Run it
again after a change to how slides look, and commit the pictures with the change.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pptx import Presentation  # noqa: E402
from renderers import lo  # noqa: E402  (LibreOffice with deckgen's fonts, as the fit check uses it)

SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
OUT = ROOT / "docs" / "images"
WIDTH = 480  # px: small enough for a README table, large enough to read the question


def slides_to_show(deck: Path) -> dict[str, int]:
    """1-based numbers of the title, the first discussion and the first key-figure slide."""
    prs = Presentation(str(deck))
    found = {"title": 1}
    for n, slide in enumerate(prs.slides, 1):
        names = {shape.name for shape in slide.shapes}
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        if "discussion" not in found and names & {"discussion band", "discussion rule"}:
            found["discussion"] = n
        if "figures" not in found and title.startswith("Kerncijfers"):
            found["figures"] = n
    return found


def main() -> None:
    if shutil.which("pdftoppm") is None or lo.soffice() is None:
        sys.exit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-m", "deckgen", "build", "-q", "--force", "--all-themes", "--format",
                        "deck", "--out", str(out), str(SEED)], cwd=ROOT, check=True, env=env)
        decks = []
        for built in sorted(out.glob("*/*.pptx")):  # one name per theme: the PDFs share a folder
            decks.append(out / f"{built.parent.name}.pptx")
            shutil.copyfile(built, decks[-1])
        pdfs = lo.to_pdf(decks, out / "pdf")
        for deck, pdf in zip(decks, pdfs):
            theme = deck.stem
            for kind, number in slides_to_show(deck).items():
                stem = out / f"{theme}-{kind}"
                subprocess.run(["pdftoppm", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                                "-scale-to-x", str(WIDTH), "-scale-to-y", "-1", str(pdf), str(stem)], check=True)
                target = OUT / f"{theme}-{kind}.png"
                shutil.copyfile(f"{stem}.png", target)
                print(target.relative_to(ROOT), f"(slide {number})")


if __name__ == "__main__":
    main()
