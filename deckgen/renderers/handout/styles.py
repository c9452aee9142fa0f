"""The handout's paragraph styles: one set per body size and spacing (the one-pager is fitted by trying several)."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

LEADING = 1.35  # body line height, as a factor of the font size
HANG = 5.5 * mm  # hanging indent of question numbers and note numbers

# Each style's structure element in the tagged PDF (pdf.tagging); a paragraph may say otherwise
# (HandoutParagraph.tagged). "": no element of its own (its text belongs to the element around it).
ROLES = {
    "title": "H1", "subtitle": "P", "band_meta": "P", "meta": "P", "lead": "P", "body": "P",
    "h2": "H2", "band_title": "H2", "band_title_col": "H2", "colophon_head": "H2",
    "question": "H3", "answer": "P", "fig_value": "P", "fig_label": "P",
    "note": "P", "colophon": "P", "caption": "Caption", "caption_side": "Caption",
    "caption_band": "Caption", "credit": "P", "running": "", "running_right": "",
    "exhibit_caption": "Caption",  # a chart's or table's title, before it (exhibits)
}


def styles(h, c, f, size: float, spacing: float, fills: bool) -> dict[str, ParagraphStyle]:
    """The styles for handout settings h, print colours c and fonts f at body size `size`; with
    `spacing`, the space between blocks as a share of the designed space (below 1 to fit the one-pager)."""
    on_band = c.on_primary if fills else c.primary
    band_meta = c.on_primary if fills else c.muted
    leading = size * LEADING
    gap = spacing
    small = max(size * 0.85, min(8.5, size))  # notes and colophon: smaller, but not below 8.5 pt
    body = ParagraphStyle(
        "body", fontName=f.font("body"), fontSize=size, leading=leading, textColor=c.text,
        alignment=TA_LEFT, spaceAfter=size * 0.6 * gap, allowWidows=0, allowOrphans=0,
        hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0, splitLongWords=1)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=f.font("heading"), alignment=TA_LEFT, hyphenationLang="",
        embeddedHyphenation=0)
    s = {
        "body": body,
        "lead": ParagraphStyle("lead", parent=body, fontSize=size * 1.22, leading=size * 1.22 * LEADING,
                               alignment=TA_LEFT, spaceAfter=size * 0.5 * gap),
        "h2": ParagraphStyle("h2", parent=heading, fontSize=h.heading_size, leading=h.heading_size * 1.2,
                             textColor=c.primary, spaceBefore=size * 1.2 * gap, spaceAfter=size * 0.45),
        "title": ParagraphStyle("title", parent=heading, fontSize=h.title_size, leading=h.title_size * 1.12,
                                textColor=on_band),
        "subtitle": ParagraphStyle("subtitle", parent=heading, fontSize=max(size * 1.2, h.title_size * 0.56),
                                   leading=max(size * 1.2, h.title_size * 0.56) * 1.2, textColor=on_band,
                                   spaceBefore=size * 0.3),
        "band_meta": ParagraphStyle("band_meta", parent=heading, fontName=f.font("body"), fontSize=size * 0.9,
                                    leading=size * 1.2, textColor=band_meta, spaceBefore=size * 0.9),
        "meta": ParagraphStyle("meta", parent=heading, fontName=f.font("body"), fontSize=size * 0.85,
                               leading=size * 1.15, textColor=c.muted, alignment=TA_RIGHT),
        "band_title": ParagraphStyle("band_title", parent=heading, fontSize=h.heading_size * 1.45,
                                     leading=h.heading_size * 1.45 * 1.15, textColor=on_band),
        "band_title_col": ParagraphStyle("band_title_col", parent=heading, fontSize=h.heading_size * 1.15,
                                         leading=h.heading_size * 1.15 * 1.2, textColor=on_band),
        "question": ParagraphStyle(
            "question", parent=heading, fontSize=size * 1.1, leading=size * 1.1 * 1.28, textColor=c.primary,
            leftIndent=HANG, bulletIndent=0, bulletFontName=f.font("heading", bold=True),
            bulletFontSize=size * 1.1, bulletColor=c.accent, spaceBefore=size * 1.3 * gap, spaceAfter=size * 0.35),
        "answer": ParagraphStyle("answer", parent=body, leftIndent=HANG),
        "fig_value": ParagraphStyle("fig_value", parent=heading, fontSize=h.heading_size * 1.6,
                                    leading=h.heading_size * 1.6 * 1.1, textColor=c.accent, spaceAfter=size * 0.2),
        "fig_label": ParagraphStyle("fig_label", parent=body, fontSize=size * 0.92, leading=size * 0.92 * 1.3,
                                    alignment=TA_LEFT, spaceAfter=0),
        "note": ParagraphStyle("note", parent=body, fontSize=small, leading=small * 1.3,
                               alignment=TA_LEFT, leftIndent=HANG, bulletIndent=0, bulletColor=c.muted,
                               bulletFontName=f.font("body"), bulletFontSize=small, spaceAfter=size * 0.35),
        "colophon_head": ParagraphStyle("colophon_head", parent=heading, fontSize=small,
                                        leading=size * 1.1, textColor=c.muted, spaceBefore=size * 1.6,
                                        spaceAfter=size * 0.25),
        "colophon": ParagraphStyle("colophon", parent=body, fontSize=small, leading=small * 1.3,
                                   textColor=c.muted, alignment=TA_LEFT),
        "running": ParagraphStyle("running", parent=heading, fontName=f.font("body"), fontSize=7.5,
                                  leading=9, textColor=c.muted),
    }
    s["running_right"] = ParagraphStyle("running_right", parent=s["running"], alignment=TA_RIGHT)
    # pictures (issue 16): a credit under a picture, and the list of image credits (names: never hyphenated)
    s["caption"] = ParagraphStyle("caption", parent=heading, fontName=f.font("body"), fontSize=size * 0.75,
                                  leading=size * 0.75 * 1.25, textColor=c.muted, alignment=TA_RIGHT,
                                  spaceAfter=size * 0.8)
    s["caption_side"] = ParagraphStyle("caption_side", parent=s["caption"], fontSize=min(6.5, size * 0.7),
                                       leading=min(6.5, size * 0.7) * 1.2, alignment=TA_LEFT, spaceAfter=0)
    s["caption_band"] = ParagraphStyle("caption_band", parent=s["caption_side"], textColor=band_meta)
    s["credit"] = ParagraphStyle("credit", parent=s["note"], leftIndent=0, hyphenationLang="", embeddedHyphenation=0)
    return s
