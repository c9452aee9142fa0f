"""A picture in a Word document: its image's bytes and format, and its alternative text.

Word keeps a picture as a drawing (`w:drawing`: DrawingML, `a:blip r:embed` naming the image part)
or, in files from Word 2003 and tools that write its format, as VML (`w:pict`: `v:imagedata r:id`).
Its alternative text is the drawing's `wp:docPr descr` (Word's "Alt Text"), and Word 2019 and later
mark a purely decorative picture with `adec:decorative val="1"`. An SVG picture carries a PNG of
itself as its blip, which is what is taken. Word's own charts, diagrams (SmartArt), shapes and
pictures in formats the content format does not take (EMF, WMF, TIFF, BMP) are reported, not taken.
"""

from __future__ import annotations

import re

from deckgen.authoring.pictures import ImportedPicture, too_large

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_V = "{urn:schemas-microsoft-com:vml}"
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
SUFFIXES = {"image/jpeg": ".jpg", "image/jpg": ".jpg", "image/pjpeg": ".jpg", "image/png": ".png",
            "image/gif": ".gif", "image/webp": ".webp"}  # what the content format takes (content/images.py)
_NAMES = {".emf": "EMF", ".wmf": "WMF", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP", ".svg": "SVG"}
# Alternative text Word wrote by itself ("A person standing in a field. Description automatically generated"):
# kept, but the sentence it ends with is not a description, and the draft asks for a check
_GENERATED = re.compile(r"\s*(?:description automatically generated|beschrijving automatisch gegenereerd|"
                        r"automatisch generierte beschreibung|description générée automatiquement)"
                        r"(?: with (?:low|medium|high) confidence)?\.?\s*$", re.IGNORECASE)


def picture(drawing, parts) -> ImportedPicture | str:
    """The picture a `w:drawing` or `w:pict` shows (parts: the document part's related parts, by
    relationship id), or why it cannot be taken."""
    props = next((el for el in drawing.iter(_WP + "docPr")), None)
    name = (props.get("name") or "").strip() if props is not None else ""
    alt = " ".join((props.get("descr") or props.get("title") or "").split()) if props is not None else ""
    decorative = any(el.get("val") in ("1", "true") for el in drawing.iter(_DECORATIVE))
    rid = next((b.get(_R + "embed") for b in drawing.iter(_A + "blip") if b.get(_R + "embed")), None)
    if rid is None:
        rid = next((d.get(_R + "id") for d in drawing.iter(_V + "imagedata") if d.get(_R + "id")), None)
    if rid is None:
        linked = any(b.get(_R + "link") for b in drawing.iter(_A + "blip"))
        return ("a picture linked to a file outside the document" if linked
                else "a chart, diagram or shape drawn by Word, not a picture")
    part = parts.get(rid)
    if part is None:
        return "its image is missing from the document"
    suffix = SUFFIXES.get((getattr(part, "content_type", "") or "").lower())
    if suffix is None:
        ext = "." + str(getattr(part, "partname", "")).rsplit(".", 1)[-1].lower()
        return f"a {_NAMES.get(ext, ext.lstrip('.').upper() or 'kind of')} picture (save it as PNG or JPEG)"
    if (why := too_large(len(part.blob))) is not None:
        return why + ": save it smaller (a slide needs at most 2560 pixels on the long side)"
    generated = bool(_GENERATED.search(alt))
    alt = _GENERATED.sub("", alt).strip()
    return ImportedPicture(part.blob, suffix, alt, decorative, generated, name)
