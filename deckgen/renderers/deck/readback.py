"""A built deck read back: its title and each slide's speaker notes, for the preview page.

Here because only the deck renderer's package imports python-pptx (the preview shows the
notes under each slide's picture and must not read the .pptx itself).
"""

from __future__ import annotations

from pathlib import Path


def title_and_notes(deck: Path) -> tuple[str, list[str]]:
    """The deck's title (its core properties) and each slide's notes text ("" for none)."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    return prs.core_properties.title or "", [
        s.notes_slide.notes_text_frame.text if s.has_notes_slide and s.notes_slide.notes_text_frame else ""
        for s in prs.slides]
