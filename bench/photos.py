"""A document with ten 24-megapixel photographs, for the benchmark's pictures case.

    python bench/photos.py OUT_DIR

Writes OUT_DIR/photos.yaml (the English seed's text, a photo on each of ten sections)
and OUT_DIR/photos/photo-N.jpg: 6000 × 4000 JPEGs at quality 90 with a camera's grain,
each different (so none is stored once for another), drawn with Pillow. Same bytes every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (6000, 4000)
COUNT = 10


def photo(seed: int, path: Path) -> None:
    from PIL import Image

    from tools.make_sample_images import landscape

    base = landscape((SIZE[0] // 4, SIZE[1] // 4), seed).resize(SIZE, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(SIZE, 28).convert("RGB")
    Image.blend(base, grain, 0.10).save(path, quality=90)


def write(out: Path) -> Path:
    """The document and its photos (the photos are made once and kept)."""
    folder = out / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    sections = []
    for n in range(1, COUNT + 1):
        path = folder / f"photo-{n}.jpg"
        if not path.exists():
            photo(n, path)
        sections.append(
            f'  - heading: "Section {n} with a photograph"\n'
            f'    image:\n      file: "photos/photo-{n}.jpg"\n      alt: "Hills under an evening sky, photo {n}"\n'
            f'      credit: "Photo {n}: deckgen benchmark (CC0)"\n'
            '    text: |\n      Development cooperation gives people a longer-term perspective to rebuild their lives.\n'
            '    points:\n      - "Everyone wants to build a good life"\n      - "Development cooperation contributes"\n')
    doc = out / "photos.yaml"
    doc.write_text('title: "Ten photographs"\nlanguage: "en"\nsections:\n' + "".join(sections) +
                   'qa:\n  items:\n    - question: "What does a photo add?"\n      answer: "A reason to look up."\n',
                   encoding="utf-8")
    return doc


if __name__ == "__main__":
    print(write(Path(sys.argv[1])))
