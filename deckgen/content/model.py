"""The content model: a one-pager with its Q&A, independent of every output format.

Renderers read these frozen dataclasses; nothing here knows python-pptx or ReportLab.
Text is held as `Rich` paragraphs of `Span`s so that emphasis, links and footnote
markers reach every output the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deckgen.errors import Diagnostic, Location

# The only links a document keeps (others are shown as text, with a warning): here, in the
# model, so that a renderer can check a link without importing the markup parser.
SAFE_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Span:
    """A run of text with one look; `footnote` is the source's display number."""

    text: str
    strong: bool = False
    em: bool = False
    href: str | None = None
    footnote: int | None = None


Paragraph = tuple[Span, ...]


@dataclass(frozen=True)
class Rich:
    """Paragraphs of inline-formatted text and where they were written."""

    paragraphs: tuple[Paragraph, ...]
    loc: Location = field(default=Location("<text>"), compare=False)

    @property
    def plain(self) -> str:
        """The text without markup, paragraphs separated by blank lines."""
        return "\n\n".join(paragraph_text(p) for p in self.paragraphs)

    def footnotes(self) -> list[int]:
        """Display numbers of the sources this text cites, in order of first citation."""
        seen: list[int] = []
        for para in self.paragraphs:
            for span in para:
                if span.footnote is not None and span.footnote not in seen:
                    seen.append(span.footnote)
        return seen

    def __bool__(self) -> bool:
        return bool(self.paragraphs)


def paragraph_text(paragraph: Paragraph) -> str:
    """Plain text of one paragraph; footnote markers are left out."""
    return "".join(s.text for s in paragraph if s.footnote is None)


FITS = ("cover", "contain")
FOCUSES = {"center": (0.5, 0.5), "top": (0.5, 0.0), "bottom": (0.5, 1.0), "left": (0.0, 0.5), "right": (1.0, 0.5),
           "top-left": (0.0, 0.0), "top-right": (1.0, 0.0), "bottom-left": (0.0, 1.0), "bottom-right": (1.0, 1.0)}
PLACEMENTS = ("auto", "background", "side")


@dataclass(frozen=True)
class Picture:
    """A photo or illustration named in the content (`image:`); checked, not yet decoded.

    `path` is the file (resolved against the content file's folder); `width` and `height`
    are the pixels its header states (before EXIF orientation); `loc` is its `file:` line.
    """

    path: str
    name: str  # as written after 'file:'
    kind: str  # PNG, JPEG, WebP or GIF
    width: int
    height: int
    alt: str = ""
    decorative: bool = False
    credit: str | None = None
    fit: str = "cover"
    focus: str = "center"
    placement: str = "auto"
    loc: Location = field(default=Location("<image>"), compare=False)

    @property
    def focus_point(self) -> tuple[float, float]:
        """Where to keep when cropping, as fractions of the width and height (0.5, 0.5: the centre)."""
        return FOCUSES[self.focus]

    def placed(self, auto: str) -> str:
        """Its placement on a slide: as written, or `auto`'s choice for that slide."""
        return auto if self.placement == "auto" else self.placement


@dataclass(frozen=True)
class Figure:
    value: Rich
    label: Rich
    source: int | None = None


CHART_TYPES = ("bar", "column", "line", "pie", "doughnut")
ALIGNS = ("left", "center", "right")


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name, its values as numbers and as written ("0,6")."""

    name: str
    values: tuple[float, ...]
    written: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """A chart (`chart:`): one value per category in each series; `alt` is written or made from the data."""

    type: str  # one of CHART_TYPES
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str | None = None
    source: int | None = None
    alt: str = ""
    decimals: int = 0  # the most digits after the decimal separator any value is written with
    loc: Location = field(default=Location("<chart>"), compare=False)

    @property
    def round(self) -> bool:
        """A pie or doughnut: one series, a slice per category."""
        return self.type in ("pie", "doughnut")

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(v for s in self.series for v in s.values)


@dataclass(frozen=True)
class Table:
    """A table (`table:`): a header row (`columns`) and rows of plain-text cells, each as wide as the header."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    align: tuple[str, ...] = ()  # per column, one of ALIGNS; empty: numbers right, text left
    source: int | None = None
    loc: Location = field(default=Location("<table>"), compare=False)

    def alignment(self, column: int) -> str:
        """How a column is aligned: as written, else right when every cell starts with a digit."""
        if self.align:
            return self.align[column]
        cells = [row[column].strip() for row in self.rows if row[column].strip()]
        numeric = bool(cells) and all(c[:1].isdigit() or c[:1] in "-−+€$£%" and c[1:2].isdigit() for c in cells)
        return "right" if numeric else "left"


@dataclass(frozen=True)
class Section:
    heading: Rich | None
    text: Rich
    points: tuple[Rich, ...] = ()
    figures: tuple[Figure, ...] = ()
    image: Picture | None = None
    minutes: int | None = None  # the session plan's minutes for its slides: as written, or estimated (session.py)
    key: Rich | None = None  # the one sentence to say: as written, or the text's first sentence
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class QAItem:
    number: int
    question: Rich
    answer: Rich
    points: tuple[Rich, ...] = ()
    notes: Rich | None = None
    task: Rich | None = None  # what the group does ("Bespreek in tweetallen"): its own, or qa's default
    duration: int | None = None  # minutes: its own, or qa's default
    image: Picture | None = None
    key: Rich | None = None  # the one sentence to say on its answer: as written, or the answer's first sentence
    group: str | None = None  # who discusses it, one of GROUPS: its own, or qa's default; None: the task's words tell


# Who discusses a question: small groups (pairs, threes, fours) or the whole group together; the
# debrief asks two or three groups, or a few participants (content.cues.whole_group)
GROUPS = ("small", "whole")

# Where answers go: after their question, all after the last question, or only in the notes.
ANSWER_PLACES = ("after", "end", "notes")


@dataclass(frozen=True)
class QA:
    heading: Rich
    items: tuple[QAItem, ...]
    answers: str = "after"  # one of ANSWER_PLACES


@dataclass(frozen=True)
class Session:
    """The workshop the deck is presented in (`session:`): its length and clock, in minutes.

    `start` is minutes after midnight (None: the plan counts from 0:00); `welcome` and
    `close` are the minutes before the first content slide and on the closing slide, as
    written (None: estimated by content/session.py)."""

    duration: int
    start: int | None = None
    welcome: int | None = None
    close: int | None = None
    loc: Location = field(default=Location("<session>"), compare=False)


# What the back of a discussion card shows (`cards: backs:`): the answer's whole text, its
# points (the text when it has none; the default), or nothing: question-only cards, fronts
# only, printed single-sided (the answers are in the run sheet).
CARD_BACKS = ("answer", "points", "none")


@dataclass(frozen=True)
class Contact:
    """How the room can continue after the workshop: shown on the closing slide."""

    email: str | None = None
    url: str | None = None  # as typed: what the slide shows
    href: str | None = None  # percent-encoded, as inline links are: what the link and the QR code hold


@dataclass(frozen=True)
class Source:
    """A footnote; `number` is its display number, by order of first citation."""

    id: str
    number: int
    text: Rich
    url: str | None = None  # as typed: what the outputs show
    href: str | None = None  # the url percent-encoded (as inline links are): what the outputs link to


@dataclass(frozen=True)
class Logo:
    """The organisation's logo a content file names: a PNG or JPEG file and its alt text."""

    file: str  # the path, resolved against the content file's folder; "" for `logo: none` (no logo at all)
    alt: str


@dataclass(frozen=True)
class Document:
    path: str
    name: str
    title: Rich
    language: str
    sections: tuple[Section, ...]
    subtitle: Rich | None = None
    date: str | None = None
    organisation: str | None = None
    authors: str | None = None
    lead: Rich | None = None
    qa: QA | None = None
    sources: tuple[Source, ...] = ()
    colophon: Rich | None = None
    contact: Contact | None = None
    logo: Logo | None = None  # overrides the theme's logo in every output
    image: Picture | None = None  # the title slide's and the handout cover's
    session: Session | None = None
    card_backs: str = "points"  # one of CARD_BACKS
    # Where each non-ASCII character appears (its first few occurrences), for a warning
    # about a character no font can draw (the loader fills it; a document made in code
    # may leave it empty, and is then warned about at its text blocks).
    places: dict[str, tuple[Location, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # What loading the file warned about (deckgen.load keeps them with the document, so that
    # deckgen.build(document) reports them as a build of the file would).
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False, hash=False, repr=False)
    # The document's own words for what deckgen adds (`labels:`): key (content/i18n.LABELS) -> text.
    labels: dict[str, str] = field(default_factory=dict, hash=False)

    def source(self, number: int) -> Source:
        return next(s for s in self.sources if s.number == number)

    def pictures(self, *parts: str) -> list[Picture]:
        """The pictures of the parts named ('cover', 'sections', 'questions'; all by default), in order."""
        parts = parts or ("cover", "sections", "questions")
        found = [self.image] if "cover" in parts else []
        found += [s.image for s in self.sections] if "sections" in parts else []
        found += [q.image for q in self.qa.items] if "questions" in parts and self.qa else []
        return [p for p in found if p is not None]

    @property
    def lang(self) -> str:
        """Primary language subtag, lower case: 'nl' for 'nl-BE'."""
        return self.language.split("-")[0].lower()
