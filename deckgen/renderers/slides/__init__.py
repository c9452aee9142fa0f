"""`slides-pdf`: the deck as a PDF, for mailing, made by LibreOffice from the deck deckgen fits.

Why through LibreOffice: the deck is the thing that is fitted and checked; drawing it a
second time with ReportLab would be a second layout that could disagree with it. The
PDF LibreOffice exports embeds the fonts it draws with (deckgen's own, made visible to
it), and is tagged by LibreOffice's own PDF/UA export; its dates are then set as the other
PDFs' are (`pdf.finish.document_date`), and what that export gets wrong for a screen reader is
mended (`pdf.retag`: the document's language, decorative shapes as artifacts). LibreOffice is needed for this format only; its
absence is an error before anything is written.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from deckgen.content.model import Document
from deckgen.renderers.base import Renderer, RenderOptions, RenderResult
from deckgen.theming.load import Theme


class SlidesPdfRenderer(Renderer):
    name = "slides-pdf"
    suffix = ".slides.pdf"

    def check(self, theme: Theme, options: RenderOptions):
        from deckgen.renderers.slides import office

        office.require_soffice("--format slides-pdf")
        return []  # the deck's own inputs: checked by the build, which makes the deck first (registry: needs)

    def render(self, doc: Document, theme: Theme, options: RenderOptions,
               inputs: dict[str, RenderResult] | None = None) -> RenderResult:
        from deckgen.renderers.pdf.meta import document_date
        from deckgen.renderers.pdf.retag import Mended, mend
        from deckgen.renderers.slides import office

        if inputs is None or "deck" not in inputs:
            raise TypeError("slides-pdf is made from the deck: the build hands it over (registry: needs)")
        deck = inputs["deck"]
        with tempfile.TemporaryDirectory(prefix="deckgen-slides-") as tmp:
            src, dst = Path(tmp) / "deck.pptx", Path(tmp) / "deck.pdf"
            src.write_bytes(deck.data)
            office.to_pdf(src, dst, "--format slides-pdf", tagged=True, theme_families=(theme.heading, theme.body))
            data = dst.read_bytes()
        mended = Mended()
        data, artifacts = mend(data, doc.language, deck.reading, mended, when=document_date(doc.date, options.epoch))
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
        report = f"{pages} slides, by LibreOffice, tagged (PDF/UA, language {doc.language}), fonts embedded"
        if artifacts:
            report += f"; {artifacts} decorative shape{'s' * (artifacts != 1)} left out for screen readers"
        if mended.charts:
            report += f"; {mended.charts} chart{'s' * (mended.charts != 1)} described"
        if mended.links:
            report += f"; {mended.links} reference mark{'s' * (mended.links != 1)} linked to the sources"
        if mended.running:
            report += f"; {mended.running} dates, footers and slide numbers as page furniture"
        return RenderResult(data, [report], list(deck.warnings), notes=deck.notes, titles=deck.titles)
