"""Templates made in the tests: python-pptx's own, with non-English names, as .potx, or lacking layouts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation

DUTCH = {"Title Slide": "Titeldia", "Title and Content": "Titel en object", "Section Header": "Sectiekop",
         "Title Only": "Alleen titel", "Blank": "Leeg", "Two Content": "Twee objecten",
         "Comparison": "Vergelijking", "Content with Caption": "Inhoud met bijschrift",
         "Picture with Caption": "Afbeelding met bijschrift", "Title and Vertical Text": "Titel en verticale tekst",
         "Vertical Title and Text": "Verticale titel en tekst"}


def _remove_layout(prs, layout) -> None:
    master = prs.slide_master
    for rel_id, rel in list(master.part.rels.items()):
        if rel.target_part is layout.part:
            master.part.drop_rel(rel_id)
            for el in master._element.xpath(f"./p:sldLayoutIdLst/p:sldLayoutId[@r:id='{rel_id}']"):
                el.getparent().remove(el)


def dutch_template(path: Path, samples: int = 2, keep: tuple[str, ...] | None = None) -> Path:
    """python-pptx's template with Dutch layout names (reordered) and sample slides."""
    prs = Presentation()
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        layout.name = DUTCH[layout.name]
    for layout in layouts:
        if keep is not None and layout.name not in keep:
            _remove_layout(prs, layout)
    for i in range(samples):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.shapes.title.text = f"Voorbeelddia {i + 1}"
    prs.save(str(path))
    return path


def rewrite_part(source: Path, target: Path, member: str, change) -> Path:
    """A copy of a package (.pptx, .potx) with one member's bytes passed through `change`."""
    src = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if info.filename == member else data)
    target.write_bytes(out.getvalue())
    return target


def as_potx(pptx: Path, potx: Path) -> Path:
    """The same package saved as a PowerPoint template (.potx content type)."""
    return rewrite_part(pptx, potx, "[Content_Types].xml", lambda data: data.replace(
        b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"))
