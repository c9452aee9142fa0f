"""The small interface every renderer implements (as Sphinx builders do)."""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.content import i18n
from deckgen.content.model import Document
from deckgen.errors import Diagnostic
from deckgen.theming.model import Theme


@dataclass(frozen=True)
class RenderOptions:
    """Build-time choices that are not part of the theme."""

    paper: str | None = None  # "A4" or "letter": overrides the theme's handout paper
    template: Path | None = None  # overrides the theme's PowerPoint template
    epoch: int | None = None  # SOURCE_DATE_EPOCH: the PDFs' date (else the content's date, else now)


@dataclass(frozen=True)
class SlideReading:
    """What a screen reader of one slide should hear, as the deck knows it (for `pdf.retag`, which mends
    LibreOffice's tagged PDF of the deck): the level of its title's heading (deck.plan.heading_levels: 1
    the deck's title, 2 a group the agenda lists, 3 a slide of a group, 4 an answer under its question),
    the texts drawn above its title, read before it as they are seen (a discussion slide's "Question 1 of
    7"), its running texts (date, footer, slide number: read on every slide they are noise) with where
    they stand ("Header" or "Footer"), and each reference mark run into a text ("7–12 procent" +
    superscript "1") as (the paragraph's text, where the mark starts, the mark)."""

    level: int = 2
    running: tuple[tuple[str, str], ...] = ()
    marks: tuple[tuple[str, int, str], ...] = ()
    charts: tuple[str, ...] = ()  # each chart's alternative text, in drawing order
    above: tuple[str, ...] = ()  # the texts drawn wholly above the title, top first
    sources: tuple[int, ...] = ()  # a sources slide: the numbers of the sources it lists (the marks' targets)


@dataclass
class RenderResult:
    """The bytes of one output, what the fitting had to do, and warnings for the user."""

    data: bytes
    report: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    files: tuple[tuple[str, str], ...] = ()  # (path, sha256) of the picture files it shows, for its stamp
    notes: tuple[str, ...] = ()  # the deck: each slide's speaker notes, for the formats made from it
    titles: tuple[str, ...] = ()  # the deck: each slide's title ("" for none), likewise
    reading: tuple[SlideReading, ...] = ()  # the deck: each slide's headings, running texts and marks (slides-pdf)


class Renderer(ABC):
    name: str
    suffix: str
    pictures: tuple[str, ...] = ()  # the parts whose pictures it shows: cover, sections, questions

    def check(self, theme: Theme, options: RenderOptions) -> list[Diagnostic]:
        """Checks the renderer's own inputs (a template, fonts) before any output is written."""
        return []

    def __init_subclass__(cls, **kwargs) -> None:
        """Each renderer's render() runs with the document's own words (`labels:`) in force, so every
        phrase it adds through i18n.t (and the content modules it calls) is the document's."""
        super().__init_subclass__(**kwargs)
        inner = cls.__dict__.get("render")
        if inner is None or getattr(inner, "_with_labels", False):
            return

        @functools.wraps(inner)
        def render(self, doc: Document, theme: Theme, options: RenderOptions, **inputs) -> RenderResult:
            with i18n.labels(doc.labels, doc.language):
                return inner(self, doc, theme, options, **inputs)

        render._with_labels = True  # type: ignore[attr-defined]
        cls.render = render  # type: ignore[method-assign]

    @abstractmethod
    def render(self, doc: Document, theme: Theme, options: RenderOptions) -> RenderResult:
        """Renders the document with the theme into the bytes of one file. A format that needs
        others (its registry entry's `needs`) is called with their results as `inputs=`
        ({format: RenderResult}), made by the build."""
