"""Loading a content file: strict YAML, checked against the content format, into a Document.

All problems in a file are collected and raised together; footnote references are
numbered by first citation, so every output shows the same numbers.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
from dataclasses import replace
from pathlib import Path

from deckgen.content import cues, dates, exhibits, i18n, markup, pictures, session, sourcecheck, textclean
from deckgen.content.images import check_image
from deckgen.content.model import (
    ANSWER_PLACES,
    CARD_BACKS,
    GROUPS,
    QA,
    Contact,
    Document,
    Figure,
    Logo,
    QAItem,
    Rich,
    Section,
    Session,
    Source,
)
from deckgen.content.schema import check_keys, expect, mappings, one_of, optional_str
from deckgen.content.strictyaml import YMap, YSeq, YStr, load_file
from deckgen.errors import DeckgenError, Diagnostic, Diagnostics, Location, Refused, named_file

DOC_KEYS = ("title", "subtitle", "language", "date", "organisation", "authors", "lead", "sections", "qa",
            "sources", "colophon", "contact", "logo", "image", "session", "cards", "labels")
SECTION_KEYS = ("heading", "text", "points", "figures", "image", "minutes", "key", "chart", "table")
FIGURE_KEYS = ("value", "label", "source")
QA_KEYS = ("heading", "items", "task", "duration", "group", "answers")
ITEM_KEYS = ("question", "answer", "points", "notes", "task", "duration", "group", "image", "key")
SESSION_KEYS = ("duration", "start", "welcome", "close")
CARDS_KEYS = ("backs",)
MAX_SESSION = 24 * 60  # minutes: a session is at most a day
_CLOCK = re.compile(r"([0-9]{1,2})[:.h]([0-9]{2})")
CONTACT_KEYS = ("email", "url")
MAX_DURATION = 240  # minutes: longer than any one discussion in a workshop
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}")
SOURCE_KEYS = ("id", "text", "url")
LOGO_KEYS = ("file", "alt")
_BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_LOGO_PIXELS = 40_000_000  # as for a theme's logo
PLACES_KEPT = 5  # occurrences of a character located for a warning that no font can draw it
_URL_BAD = re.compile(r'[\s"<>\\^`{|}]')
_URL_CHAR_NAMES = {" ": "a space", '"': "a double quote", "<": "'<'", ">": "'>'", "\n": "a line break"}


def _percent(char: str) -> str:
    code = "".join(f"%{b:02X}" for b in char.encode("utf-8"))
    return f"{char} as {code}" if char != " " else f"a space as {code}"


class _Loader:
    def __init__(self, path: str, diags: Diagnostics, folder: Path = Path("."), decode_images: bool = False,
                 project: Path | None = None):
        self.path = path
        self.diags = diags
        self.folder = folder  # the content file's folder: pictures' and the logo's files are relative to it
        self.root = pictures.project_root(folder, project)  # ... and must stay inside it
        self.decode_images = decode_images
        self.source_defs: dict[str, YMap] = {}
        self.numbers: dict[str, int] = {}
        self.places: dict[str, list[Location]] = {}  # each non-ASCII character: where it appears (the first few)
        self.language = "en"  # the document's: how its numbers are written
        self.date: str | None = None  # the document's date (YYYY-MM-DD), once read

    # --- text -------------------------------------------------------------------
    def resolve(self, ident: str, node: YStr) -> int | None:
        if ident not in self.source_defs:
            needle = f"[^{ident}]"
            self.diags.warning(node.location_at(max(node.find(needle), 0)),
                               f"footnote [^{ident}] has no source",
                               f"add it under 'sources:' with id: \"{ident}\", or remove the reference")
            return None
        return self.numbers.setdefault(ident, len(self.numbers) + 1)

    def rich(self, node: YStr) -> Rich:
        raw = str(node)
        for char in set(raw):  # a renderer that cannot draw a character reports these places
            if char > "\x7f" and len(found := self.places.setdefault(char, [])) < PLACES_KEPT:
                at = raw.find(char)
                while at >= 0 and len(found) < PLACES_KEPT:
                    found.append(node.location_at(at))
                    at = raw.find(char, at + 1)
        cleaned = textclean.clean(raw, node.location_at, self.diags)
        text, written = dates.written_out(cleaned, self.date, self.language)
        for typed in written:
            long = i18n.long_date(self.date, self.language)
            self.diags.warning(node.location_at(max(raw.find(typed), 0)),
                               f"'{typed}' is the document's date in figures, which a reader abroad can take for "
                               f"another day; the outputs write it '{long}', as they write the date everywhere",
                               f"write '{long}' in the text to say so yourself")
        return markup.parse(text, lambda ident: self.resolve(ident, node),
                            lambda needle: node.location_at(max(node.find(needle), 0)), self.diags, node.loc)

    def text(self, parent: YMap, key: str, what: str, required: bool = False) -> Rich | None:
        node = optional_str(parent, key, what, self.diags)
        if node is None:
            return None
        rich = self.rich(node)
        if not rich and required:
            self.diags.error(node.loc, f"'{key}' in {what} is empty", "write the text, or remove the key")
        return rich

    def line(self, parent: YMap, key: str, what: str) -> str | None:
        """Plain text without markup (organisation, authors, a url): cleaned, on one line."""
        node = optional_str(parent, key, what, self.diags)
        if node is None:
            return None
        return " ".join(textclean.clean(str(node), node.location_at, self.diags).split())

    def url(self, parent: YMap, what: str, where: str, schemes: tuple[str, ...] = markup.SAFE_SCHEMES,
            hint: str = "write the whole address, for example https://www.cbs.nl/…") -> str | None:
        """A url (a source's, the contact's): a whole URL of one of the schemes; characters a
        URL cannot hold as typed (spaces, quotes, <>) must be percent-encoded. None when it is
        missing, empty or refused. The outputs show it as typed and link to it encoded as inline
        links are (punycode host, UTF-8 percent-encoded: markup.href)."""
        node = optional_str(parent, "url", what, self.diags)
        if node is None:
            return None
        url = textclean.clean(str(node), node.location_at, self.diags).strip()
        if not url:
            return None
        start = node.location_at(str(node).find(url[:1]))
        if not url.lower().startswith(schemes):
            self.diags.error(start, f"the url {where} must start with " + ", ".join(schemes[:-1]) + " or "
                             + schemes[-1], hint)
            return None
        if url.lower().startswith(("http://", "https://")) and not url.split("//", 1)[1].split("/", 1)[0].strip():
            self.diags.error(start, f"the url {where} has no host name", hint)
            return None
        bad = _URL_BAD.search(url)
        if bad:
            char = bad.group()
            self.diags.error(node.location_at(str(node).find(char)),
                             f"the url {where} contains {_URL_CHAR_NAMES.get(char, repr(char))}, which a URL "
                             "cannot hold as typed", f"write it percent-encoded: {_percent(char)}")
            return None
        return url

    def points(self, parent: YMap, what: str) -> tuple[Rich, ...]:
        if "points" not in parent:
            return ()
        seq = expect(parent["points"], YSeq, f"'points' in {what}", self.diags, parent.key_locs["points"])
        out = []
        for item in seq or ():
            node = expect(item, YStr, f"a point in {what}", self.diags, seq.loc)
            if node is not None and (rich := self.rich(node)):
                out.append(rich)
        return tuple(out)

    def image(self, parent: YMap, what: str):
        return pictures.read(parent, what, self.folder, self.line, self.diags, self.decode_images, self.root)

    # --- parts ------------------------------------------------------------------
    def sources_first_pass(self, doc: YMap) -> None:
        for _, node, what in mappings(doc, "sources", "'sources'", lambda i: f"source {i}", SOURCE_KEYS,
                                      ("id", "text"), self.diags):
            ident = optional_str(node, "id", what, self.diags)
            if ident is None:
                continue
            if not markup.FOOTNOTE_ID.fullmatch(ident):
                self.diags.error(ident.loc, f"source id '{ident}' cannot be referred to as [^{ident}]",
                                 "use only letters, digits, '_', '.' and '-', for example id: \"cbs-2023\"")
                continue
            if ident in self.source_defs:
                first = self.source_defs[ident].key_locs["id"]
                self.diags.error(node.key_locs["id"], f"source id '{ident}' is used twice (first at line {first.line})",
                                 "give each source its own id")
                continue
            self.source_defs[str(ident)] = node

    def sources(self) -> tuple[Source, ...]:
        for ident, node in self.source_defs.items():
            if ident not in self.numbers:
                self.diags.warning(node.key_locs["id"], f"source '{ident}' is never referenced",
                                   f"refer to it in the text as [^{ident}], or remove it")
                self.numbers[ident] = len(self.numbers) + 1
        out = []
        for ident, node in self.source_defs.items():
            text = self.text(node, "text", f"source '{ident}'", required=True) or Rich(())
            url = self.url(node, f"source '{ident}'", f"of source '{ident}'")
            out.append(Source(ident, self.numbers[ident], text, url or None, markup.href(url) if url else None))
        where = {ident: node["text"].loc for ident, node in self.source_defs.items() if isinstance(node.get("text"), YStr)}
        self.diags.extend(sourcecheck.repeated(tuple(out), where))
        return tuple(sorted(out, key=lambda s: s.number))

    def section(self, node, index: int, fallback: Location) -> Section | None:
        what = f"section {index}"
        if not expect(node, YMap, what, self.diags, fallback):
            return None
        check_keys(node, SECTION_KEYS, ("text",), what, self.diags)
        heading = self.text(node, "heading", what)
        if heading is None and index > 1:
            self.diags.error(node.loc, f"{what} needs a 'heading'", "only the first, opening section may leave it out")
        text = self.text(node, "text", what, required=True) or Rich(())
        points = self.points(node, what)
        figures = []
        for _, fig, fwhat in mappings(node, "figures", f"'figures' in {what}", lambda j: f"figure {j} of {what}",
                                      FIGURE_KEYS, ("value", "label"), self.diags):
            value = self.text(fig, "value", fwhat, required=True) or Rich(())
            label = self.text(fig, "label", fwhat, required=True) or Rich(())
            source = optional_str(fig, "source", fwhat, self.diags)
            number = None
            if source is not None:
                number = self.resolve(str(source), source)
            figures.append(Figure(value, label, number))
        minutes = self.minutes(node, "minutes", what, 0, MAX_DURATION)
        key = self.text(node, "key", what, required=True)
        return Section(heading, text, points, tuple(figures), self.image(node, what), minutes, key,
                       exhibits.charts(self, node, what), exhibits.tables(self, node, what))

    def qa(self, doc: YMap) -> QA | None:
        if "qa" not in doc:
            return None
        node = expect(doc["qa"], YMap, "'qa'", self.diags, doc.key_locs["qa"])
        if node is None:
            return None
        check_keys(node, QA_KEYS, ("items",), "'qa'", self.diags)
        heading = self.text(node, "heading", "'qa'") or Rich(())
        default_task = self.text(node, "task", "'qa'", required=True)
        default_duration = self.duration(node, "'qa'")
        default_group = self.group(node, "'qa'")
        answers = one_of(node, "answers", ANSWER_PLACES, "'qa'", self.diags,
                         "after: each answer follows its question; end: all answers after the last question; "
                         "notes: answers only in the speaker notes")
        items = []
        for i, item, what in mappings(node, "items", "'items' in 'qa'", lambda i: f"question {i}", ITEM_KEYS,
                                      ("question", "answer"), self.diags):
            question = self.text(item, "question", what, required=True) or Rich(())
            answer = self.text(item, "answer", what, required=True) or Rich(())
            points = self.points(item, what)
            notes = self.text(item, "notes", what)
            task = self.text(item, "task", what, required=True) if "task" in item else default_task
            duration = self.duration(item, what) if "duration" in item else default_duration
            group = self.group(item, what) if "group" in item else default_group
            said = cues.whole_words(task, self.language) if group == "small" else ""
            if said:  # the key wins, but a task that says otherwise is a mistake in one of them
                where = (item if "group" in item else node)["group"].loc
                self.diags.warning(where, f"{what} is for small groups ('group: small'), but its task says "
                                          f"'{said}'", "write 'group: whole' for this question, or change its task")
            items.append(QAItem(i, question, answer, points, notes, task, duration, self.image(item, what),
                                self.text(item, "key", what, required=True), group))
        if isinstance(seq := node.get("items"), YSeq) and not seq:
            self.diags.error(seq.loc, "'items' in 'qa' is empty", "add questions, or remove 'qa'")
        return QA(heading, tuple(items), answers or "after")

    def minutes(self, parent: YMap, key: str, what: str, low: int, high: int, example: int = 5) -> int | None:
        """A whole number of minutes from low to high (a question's `duration:`, a section's `minutes:`,
        the session's `duration:`, `welcome:` and `close:`); a unit or a clock time is an error."""
        node = optional_str(parent, key, what, self.diags)
        if node is None:
            return None
        text = str(node).strip()
        for unit in ("minutes", "minuten", "minute", "min", "m"):
            if text.lower().endswith(unit) and text[: -len(unit)].strip().isdigit():
                self.diags.error(node.loc, f"'{key}' in {what} is a number of minutes, without a unit",
                                 f"write {key}: {text[: -len(unit)].strip()}")
                return None
        if ":" in text and _CLOCK.fullmatch(text):
            hours, mins = map(int, _CLOCK.fullmatch(text).groups())
            self.diags.error(node.loc, f"'{key}' in {what} is a number of minutes, not a clock time",
                             f"write {key}: {hours * 60 + mins}")
            return None
        if not text.isdigit() or not low <= int(text) <= high:
            self.diags.error(node.loc, f"'{key}' in {what} must be a whole number of minutes from {low} to "
                                       f"{high}, not '{text}'", f"for example {key}: {example}")
            return None
        return int(text)

    def session(self, doc: YMap) -> Session | None:
        """`session:` with `duration` (minutes), and optional `start` (a clock time), `welcome`, `close`."""
        if "session" not in doc:
            return None
        node = expect(doc["session"], YMap, "'session'", self.diags, doc.key_locs["session"])
        if node is None:
            return None
        check_keys(node, SESSION_KEYS, ("duration",), "'session'", self.diags)
        duration = self.minutes(node, "duration", "'session'", 1, MAX_SESSION, example=90)
        welcome = self.minutes(node, "welcome", "'session'", 0, MAX_DURATION)
        close = self.minutes(node, "close", "'session'", 0, MAX_DURATION)
        start = None
        if (clock := optional_str(node, "start", "'session'", self.diags)) is not None:
            match = _CLOCK.fullmatch(str(clock).strip())
            if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
                self.diags.error(clock.loc, f"'start' in 'session' must be a clock time from 00:00 to 23:59, "
                                            f"not '{clock}'", "write it as hours:minutes, for example start: \"13:30\"")
            else:
                start = int(match.group(1)) * 60 + int(match.group(2))
        if duration is None:
            return None
        return Session(duration, start, welcome, close, node["duration"].loc)

    def card_backs(self, doc: YMap) -> str:
        """`cards: backs:` answer, points (the default) or none."""
        if "cards" not in doc:
            return "points"
        node = expect(doc["cards"], YMap, "'cards'", self.diags, doc.key_locs["cards"])
        if node is None:
            return "points"
        check_keys(node, CARDS_KEYS, (), "'cards'", self.diags)
        return one_of(node, "backs", CARD_BACKS, "'cards'", self.diags,
                      "answer: the whole answer on the back; points: its points; "
                      "none: question-only cards, printed single-sided") or "points"

    def group(self, parent: YMap, what: str) -> str | None:
        """Who discusses the question: small groups or the whole group (None: the task's words tell)."""
        return one_of(parent, "group", GROUPS, what, self.diags,
                      "small: in pairs or small groups, the debrief asks two or three of them; "
                      "whole: everyone together, the debrief asks a few participants")

    def duration(self, parent: YMap, what: str) -> int | None:
        """Minutes for a discussion: a whole number from 1 to MAX_DURATION."""
        return self.minutes(parent, "duration", what, 1, MAX_DURATION, example=10)

    def contact(self, doc: YMap) -> Contact | None:
        if "contact" not in doc:
            return None
        node = expect(doc["contact"], YMap, "'contact'", self.diags, doc.key_locs["contact"])
        if node is None:
            return None
        check_keys(node, CONTACT_KEYS, (), "'contact'", self.diags)
        email = self.line(node, "email", "'contact'")
        url_node = node.get("url")
        url = self.url(node, "'contact'", "in 'contact'", ("http://", "https://"),
                       f"write https://{url_node}" if isinstance(url_node, YStr) and "." in url_node
                       and " " not in url_node else "write a web address")
        if email is not None:
            if email.lower().startswith("mailto:"):
                email = email[7:]
            if not _EMAIL.fullmatch(email):
                self.diags.error(node["email"].loc, f"'{email}' in 'contact' is not an e-mail address",
                                 "write it as name@example.org")
                email = None
        if not email and not url:
            if "email" not in node and "url" not in node:
                self.diags.error(node.loc, "'contact' needs an 'email' or a 'url'", "add one, or remove 'contact'")
            return None
        return Contact(email or None, url or None, markup.href(url) if url else None)

    def document(self, doc: YMap, name: str) -> Document:
        d = self.diags
        check_keys(doc, DOC_KEYS, ("title", "language", "sections"), "the document", d)
        self.sources_first_pass(doc)
        language = optional_str(doc, "language", "the document", d)
        if language is not None and not _BCP47.fullmatch(language):
            d.error(language.loc, f"'{language}' is not a language tag", "use a BCP 47 tag such as nl, en or nl-BE")
        elif language is not None:
            self.language = str(language)
        date = optional_str(doc, "date", "the document", d)
        if date is not None and self.check_date(date):
            self.date = str(date)  # written out where a text gives it in figures (content.dates)
        title = self.text(doc, "title", "the document", required=True)
        subtitle = self.text(doc, "subtitle", "the document")
        lead = self.text(doc, "lead", "the document")
        image = self.image(doc, "the document")
        sections = []
        if "sections" in doc:
            seq = expect(doc["sections"], YSeq, "'sections'", d, doc.key_locs["sections"])
            if seq is not None and not seq:
                d.error(seq.loc if hasattr(seq, "loc") else doc.key_locs["sections"], "'sections' is empty",
                        "add at least one section with a 'text'")
            for i, node in enumerate(seq or (), 1):
                if (section := self.section(node, i, seq.loc)) is not None:
                    sections.append(section)
        qa = self.qa(doc)
        colophon = self.text(doc, "colophon", "the document")
        contact = self.contact(doc)
        sources = self.sources()
        organisation = self.line(doc, "organisation", "the document")
        authors = self.line(doc, "authors", "the document")
        logo = self.logo(doc, self.folder)
        return Document(
            path=self.path, name=name, title=title or Rich(()), language=str(language or "en"),
            sections=tuple(sections), subtitle=subtitle, date=str(date) if date else None,
            organisation=organisation, authors=authors, lead=lead, qa=qa,
            sources=sources, colophon=colophon, contact=contact, logo=logo, image=image,
            session=self.session(doc), card_backs=self.card_backs(doc), labels=self.labels(doc, language),
            places={c: tuple(at) for c, at in self.places.items()})

    def labels(self, doc: YMap, language: YStr | None) -> dict[str, str]:
        """`labels:`, the document's own words for what deckgen adds (agenda: "Orden del día"); for a
        language deckgen has no words for, one warning naming those still in English."""
        from deckgen.content import i18n

        given: dict[str, str] = {}
        node = expect(doc["labels"], YMap, "'labels'", self.diags, doc.key_locs["labels"]) if "labels" in doc else None
        if node is not None:
            check_keys(node, i18n.LABELS, (), "'labels'", self.diags)
            for key in node:
                value = self.line(node, key, "'labels'") if key in i18n.LABELS else None
                if value is None:
                    continue
                wanted = i18n.placeholders(key)
                try:
                    used = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
                except ValueError:
                    used = None
                if used is None or not used <= wanted:
                    self.diags.error(node[key].loc, f"the label '{key}' may fill in "
                                     + (", ".join("{" + w + "}" for w in sorted(wanted)) or "nothing"),
                                     "write a brace that is text as {{ or }}" if used is None or "" in used
                                     else "use only those names in {braces}")
                    continue
                given[key] = value
        if language is not None and _BCP47.fullmatch(language):
            missing = i18n.untranslated(str(language), given)
            if missing:
                first = ("agenda", "continued", "sources", "questions", "thanks")  # the words every deck shows
                shown = ", ".join("'" + (text if len(text) <= 24 else text[:22].rstrip() + "…") + "'"
                                  for text in (i18n.english(key) for key in sorted(
                                      missing, key=lambda k: first.index(k) if k in first else len(first))[:3]))
                self.diags.warning(
                    language.loc, f"deckgen has no {i18n.language_name(str(language))} words for what it adds to "
                    f"the outputs ({shown}{' …' if len(missing) > 3 else ''}): "
                    + (f"{len(missing)} of them are" if len(missing) < len(i18n.LABELS) else "they are") + " in English",
                    "give yours under 'labels:' in this file, for example labels: {agenda: …, continued: …}; "
                    f"deckgen new words.yaml --language {language} writes every one to translate")
        return given

    def logo(self, doc: YMap, folder: Path) -> Logo | None:
        """`logo:` with `file` (relative to the content file) and `alt`: the organisation's logo."""
        if "logo" not in doc:
            return None
        if isinstance(doc["logo"], YStr) and str(doc["logo"]).strip().lower() == "none":
            return Logo("", "")  # no logo at all, not even the theme's
        node = expect(doc["logo"], YMap, "'logo'", self.diags, doc.key_locs["logo"])
        if node is None:
            return None
        check_keys(node, LOGO_KEYS, LOGO_KEYS, "'logo'", self.diags)
        file = optional_str(node, "file", "'logo'", self.diags)
        alt = self.line(node, "alt", "'logo'")
        if file is None:
            return None
        path = named_file(str(file), folder, self.root, "the project folder", pictures.OUTSIDE_HINT)
        if isinstance(path, Refused):
            self.diags.error(file.loc, path.after("logo: file"), "name a PNG or JPEG file relative to this content "
                             "file" if path.problem.startswith("file not found") else path.hint)
            return None
        if check_image(path, file.loc, self.diags, MAX_LOGO_PIXELS, key="logo: file") is None:
            return None
        if alt is not None and not alt:
            self.diags.error(node["alt"].loc, "the logo's 'alt' is empty",
                             "write what the logo shows, for example alt: \"Logo of Partos\"; screen readers read it")
        return Logo(str(path), alt) if alt else None

    def check_date(self, date: YStr) -> bool:
        if not _ISO_DATE.fullmatch(date):
            self.diags.error(date.loc, f"'{date}' is not a date in the form YYYY-MM-DD",
                             "write 3 May 2024 as \"2024-05-03\"")
            return False
        try:
            _dt.date.fromisoformat(date)
        except ValueError:
            self.diags.error(date.loc, f"'{date}' is not a real date", "check the month and the day")
            return False
        return True




def load(path: str | Path, display: str | None = None, decode_images: bool = False, project: Path | None = None
         ) -> tuple[Document, list[Diagnostic]]:
    """Loads and checks a content file; returns the document and its warnings.

    Files it names (pictures, the logo) must lie inside the project folder (default: the current
    folder; see pictures.project_root). Image files are checked by their headers; with decode_images also decoded whole
    (`deckgen validate`). Raises DeckgenError listing every error (and the warnings found with them).
    """
    path = Path(path)
    shown = display or str(path)
    diags = Diagnostics()  # YAML-level problems (duplicate keys, anchors, tags) join the checks below
    tree = load_file(path, display=shown, diags=diags)
    if not isinstance(tree, YMap):
        raise DeckgenError(diags.items + [Diagnostic(
            "error", "a content file must be a list of 'key: value' lines at the top",
            getattr(tree, "loc", Location(shown)), "start from an example in content/")])
    loader = _Loader(shown, diags, path.parent, decode_images, project)
    document = loader.document(tree, path.stem)
    diags.raise_if_errors()
    if (warning := session.warning(document)) is not None:
        diags.items.append(warning)
    return replace(document, warnings=tuple(diags.warnings)), diags.warnings
