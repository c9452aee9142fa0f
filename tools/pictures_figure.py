"""Makes docs/images/pictures.png, the README's picture of pictures in the outputs (run from the repository root).

Builds the English seed document (whose pictures content/images/ holds), converts the deck
with LibreOffice (a private profile) and composes: the title slide (a background photo
behind panels), a section slide (a photo beside the text), a discussion slide, page 1 of
the handout (the cover in the title band, small section pictures with text beside them and
their credits along their edges: the one-pager fits page 1) and a sheet of
card fronts. Needs soffice and pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
NAME = "migration-and-development-cooperation"


def pages(pdf: Path, first: int, last: int, height: int, tmp: Path) -> list[Image.Image]:
    prefix = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
                   check=True)
    out = []
    for path in sorted(tmp.glob(f"{pdf.stem}-*.png")):
        img = Image.open(path).convert("RGB")
        out.append(img.resize((round(img.width * height / img.height), height), Image.Resampling.LANCZOS))
        path.unlink()
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        subprocess.run([sys.executable, "-m", "deckgen", "build", "-q", "--force", "--out", str(tmp / "out"),
                        str(ROOT / "content" / f"{NAME}.yaml")], check=True, cwd=ROOT)
        built = tmp / "out" / "default"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", str(tmp), str(built / f"{NAME}.pptx")], check=True, capture_output=True)
        slides = pages(tmp / f"{NAME}.pdf", 1, 10, 300, tmp)
        chosen = [slides[0], slides[2], slides[9]]
        handout = pages(built / f"{NAME}.handout.pdf", 1, 1, 620, tmp)[0]
        cards = pages(built / f"{NAME}.cards.pdf", 1, 1, 620, tmp)[0]
        gap = 16
        left_w = chosen[0].width
        width = left_w + handout.width + cards.width + 4 * gap
        height = 620 + 2 * gap
        sheet = Image.new("RGB", (width, height), (236, 239, 242))
        y = gap
        for slide in chosen:
            small = slide.resize((left_w, round(slide.height * left_w / slide.width)))
            small = small.resize((round(small.width * 196 / small.height), 196))
            sheet.paste(small, (gap, y))
            y += 196 + 8
        x = gap + chosen[0].resize((round(chosen[0].width * 196 / chosen[0].height), 196)).width + gap
        sheet.paste(handout, (x, gap))
        sheet.paste(cards, (x + handout.width + gap, gap))
        sheet = sheet.crop((0, 0, x + handout.width + gap + cards.width + gap, height))
        target = ROOT / "docs" / "images" / "pictures.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
        print(f"{target.relative_to(ROOT)}  {sheet.width}×{sheet.height}, {target.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
