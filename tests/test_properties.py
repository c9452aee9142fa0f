"""Property tests (Hypothesis, a bounded number of derandomized examples; about 25 s in all).

(1) Any Unicode text in any content field builds all three outputs, and comes back out, or
fails with deckgen's own errors, each at a line and column of the file. Hypothesis writes
each text into a content file the way an editor would save it (PyYAML escapes what a YAML
file cannot hold raw, such as control characters). When the build succeeds, the model's
plain text of the compared fields is found again in the deck (every shape and the notes)
and in the handout (pdfplumber's text), with whitespace and hyphens ignored; characters
above U+FFFF and characters no shipped font can draw are left out of the handout
comparison: the build warns about those instead.
(2) The visible text of a paragraph reaches the handout character for character, apart
from the README's markup and the layout's line breaks and hyphens.
(3) `themes new --from` writes a theme that loads, whatever names the template holds.
"""

from __future__ import annotations

import io
import re
import tempfile
import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path

import pdfplumber
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from deckgen.content import load as content
from deckgen.content.model import paragraph_text
from deckgen.errors import DeckgenError
from deckgen.renderers import RenderOptions, get
from deckgen.text.fonts import fallback_for
from deckgen.text.glyphs import script_of, system_font_for
from deckgen.theming.load import load as load_theme

with warnings.catch_warnings():  # Hypothesis reports a failure through libcst, whose first import warns
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # pragma: no cover - an older Hypothesis, or libcst missing: nothing to pre-import
        pass

FIELDS = ("title", "heading", "text", "question", "answer", "organisation", "authors")
# Text fields that are built but not compared (their text is rearranged: figures, points, notes …).
OTHER_FIELDS = ("subtitle", "lead", "colophon", "point", "figure_value", "figure_label", "qa_heading", "notes",
                "source_text")
_DROP = re.compile(r"[\s\-\u00ad\u2010\u200b\u200c\u200d\u2060\ufeff]+")

# Plain Unicode (no surrogates: a UTF-8 file cannot hold them), and a denser mix of the
# characters that markup, YAML, fitting and the PDF fonts treat specially.
SPECIAL = list("*_[]()^\\<>&#!:-'\"` \n\n\t\r\x0c\x1b\x07\x85\u00a0\u00ad\u200b\u2028\ufffe"
               "ÅłİßǅΣж東京مرحبا\u0301🧿")
TEXT = st.one_of(st.text(min_size=1, max_size=40), st.text(alphabet=st.sampled_from(SPECIAL), min_size=1, max_size=30))


@lru_cache(maxsize=1)
def theme():
    return load_theme("default")[0]


_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def unshaped(text: str) -> str:
    """Arabic letters drawn in their joined forms (presentation forms) read back as the letters."""
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def squash(text: str) -> str:
    """Text without whitespace, hyphens and invisible characters (line breaking adds and removes those)."""
    return _DROP.sub("", text)


@lru_cache(maxsize=4096)
def printable(char: str) -> bool:
    """Whether the handout can draw char: a face of the theme or a fallback face has it.

    What no face has is drawn as the empty glyph, which reads back as U+0000: left out too.
    """
    if ord(char) > 0xFFFF or unicodedata.category(char) == "Cc":
        return False
    t = theme()
    faces = [t.body.face(), t.body.face(bold=True), t.heading.face(), t.heading.face(bold=True)]
    return all(f.has(char) for f in faces) or fallback_for(char) is not None


def drawable(text: str) -> re.Pattern:
    """The text as the handout's text must contain it: each character left out of the comparison
    (above U+FFFF, or no font has it) may come back as any one character, or none."""
    return re.compile("".join(re.escape(ch) if printable(ch) else ".?" for ch in squash(text)), re.DOTALL)


def deck_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    parts = []
    for slide in prs.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def _superscripts(chars: list[dict]) -> set[int]:
    """The ids of the characters set as superscripts (smaller than the text before them and raised)."""
    found, prev, inside = set(), None, False
    for char in chars:
        if prev is not None:
            if inside and abs(char["size"] - prev["size"]) < 0.01 and abs(char["bottom"] - prev["bottom"]) < 0.5:
                pass  # the next figure of the same marker
            else:
                inside = char["size"] < prev["size"] * 0.9 and char["bottom"] < prev["bottom"] - 0.5
        if inside:
            found.add(id(char))
        prev = char
    return found


def handout_texts(data: bytes) -> tuple[str, str]:
    """The handout's text read across the page, and read column by column.

    The running header and footer (7.5 pt) are left out: a text that runs on to the next
    page continues right after them. The columns are read below the last row that crosses
    the gutter (the first page's title block, a Q&A band across the page): what stands
    above it belongs to the page, not to a column.
    """
    pages, columns = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            raised = _superscripts(page.chars)  # footnote markers: at 10 pt body text they are 8 pt
            body = page.filter(lambda o: o.get("object_type") != "char" or o.get("size", 0) >= 8 and id(o) not in raised)
            pages.append(body.extract_text(expand_ligatures=False) or "")
            mid = page.width / 2
            top = max((c["bottom"] for c in body.chars if c["x0"] < mid + 4 and c["x1"] > mid - 4
                       and c["text"].strip()), default=0)  # the gutter is 20 pt: column text keeps clear
            for box in ((0, top, mid, page.height), (mid, top, page.width, page.height)):
                columns.append(body.within_bbox(box).extract_text(expand_ligatures=False) or "")
    return "\n".join(pages), "\n".join(columns)


def fields(doc) -> dict[str, str]:
    """The plain text each field became in the model."""
    item = doc.qa.items[0]
    return {"title": doc.title.plain, "heading": doc.sections[1].heading.plain, "text": doc.sections[0].text.plain,
            "question": item.question.plain, "answer": item.answer.plain, "organisation": doc.organisation or "",
            "authors": doc.authors or ""}


@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.fixed_dictionaries({field: TEXT for field in FIELDS + OTHER_FIELDS}))
def test_any_text_in_any_field_builds_and_comes_back_out_or_fails_with_a_deckgen_error(texts):
    """Every text field at once: all three outputs build, or the content fails with errors
    that each name a line and column of the file (exit 1 at the command line)."""
    source = {"title": texts["title"], "subtitle": texts["subtitle"], "language": "nl",
              "organisation": texts["organisation"], "authors": texts["authors"], "lead": texts["lead"],
              "sections": [{"text": texts["text"]},
                           {"heading": texts["heading"], "text": "Tekst.[^1]", "points": [texts["point"], "Twee."],
                            "figures": [{"value": texts["figure_value"], "label": texts["figure_label"]}]}],
              "qa": {"heading": texts["qa_heading"],
                     "items": [{"question": texts["question"], "answer": texts["answer"], "notes": texts["notes"]}]},
              "sources": [{"id": "1", "text": texts["source_text"]}],
              "colophon": texts["colophon"]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.yaml"
        path.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            doc, _ = content.load(path)
        except DeckgenError as exc:
            assert exc.errors and all(d.location.path == str(path) and d.location.line and d.location.col
                                      for d in exc.errors), [d.format() for d in exc.errors]
            event("content error: " + re.sub(r"'[^']*'", "…", exc.errors[0].message))
            return
    try:
        deck = get("deck").render(doc, theme(), RenderOptions())
        handout = get("handout").render(doc, theme(), RenderOptions())
        cards = get("cards").render(doc, theme(), RenderOptions())
    except DeckgenError as exc:
        assert exc.errors and all(d.location.line for d in exc.errors), [d.format() for d in exc.errors]
        event("render error")
        return
    assert cards.data.startswith(b"%PDF")
    event("built")
    slides = squash(deck_text(deck.data))
    whole, columns = (squash(unshaped(text)) for text in handout_texts(handout.data))
    warned = {d.message for d in handout.warnings}
    for field, plain in fields(doc).items():
        assert squash(plain) in slides, f"{field} {plain!r} is not in the deck"
        if _RTL.search(plain):  # set in visual order, line by line: every letter is there, in its own order
            for char in set(squash(plain)):
                if printable(char):
                    assert whole.count(char) >= squash(plain).count(char), (field, plain, char)
        else:
            wanted = drawable(plain)
            assert wanted.search(whole) or wanted.search(columns), f"{field} {plain!r} is not in the handout"
        for char in set(squash(plain)):  # left out of the comparison when no face has it: warned about instead
            if (not printable(char) and fallback_for(char) is None and not theme().body.face().has(char)
                    and system_font_for(char) is None):  # a font installed on the machine draws it, unwarned
                # letters: one warning per script and text names the script; other characters their code point
                named = script_of(char)[1] if unicodedata.category(char).startswith("L") else f"U+{ord(char):04X}"
                assert any(named in message for message in warned), (field, char)


# --- (2) the visible text of a paragraph reaches the handout character for character -------

_MARKUP_CHARS = set("*[]\\")
_ITEM_MARKER = re.compile(r"([-*\u2022\u00b7\u25aa\u25e6\u2023\u2219\u25cf\u25cb\u25a0\u25a1\u27a2\u25ba\u2013]"
                          r"|[0-9]{1,9}[.)])")


def _drawable_char(char: str) -> bool:
    return (char not in _MARKUP_CHARS and not _RTL.match(char) and unicodedata.category(char)[0] in "LNPS"
            and printable(char))


WORD = st.one_of(
    st.text(alphabet=st.characters(categories=("L", "N", "P", "S"), max_codepoint=0xFFFF).filter(_drawable_char),
            min_size=1, max_size=12),
    st.text(alphabet=st.sampled_from(list("_-+.)0123456789<&#!:'\"(^~`|ab")), min_size=1, max_size=8),
    st.sampled_from(["__init__.py", "_config_", "__x__", "1990.", "003.", "2)", "+", "-", "5*6", "30*2", "a*b*c",
                     "x_y_z", "<b>", "&amp;"]))
STYLED_WORD = st.tuples(WORD, st.sampled_from(["", "*", "**"]))


def _line_pattern(text: str) -> re.Pattern:
    """text as the handout's extracted text may hold it: a line may end at any space (read as a
    line break) or inside a word, where hyphenation may have added a hyphen."""
    parts = []
    for char in text:
        if char == " ":
            parts.append("[ \n]")
        else:
            parts.append(re.escape(char) + ("\n?" if char == "-" else "(?:-?\n)?"))
    return re.compile("".join(parts))


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(st.lists(STYLED_WORD, min_size=1, max_size=25))
def test_the_visible_text_of_a_paragraph_reaches_the_handout_character_for_character(words):
    """Words of any drawable characters (`_`, digits with full stops, `<`, `&` …), some in
    *emphasis* or **strong**: the handout shows every character typed, in order, apart from
    the markup's stars (the README's list), and the line breaks and hyphens of its layout."""
    from hypothesis import assume

    first = words[0][0]
    assume(not (len(words) > 1 and not words[0][1] and _ITEM_MARKER.fullmatch(first)))  # that is a list item
    source = " ".join(f"{mark}{word}{mark}" for word, mark in words)
    expected = " ".join(word for word, _ in words)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.yaml"
        path.write_text(yaml.safe_dump({"title": "T", "language": "en", "lead": source,
                                        "sections": [{"text": "Body."}]}, allow_unicode=True), encoding="utf-8")
        doc, _ = content.load(path)
    assert [paragraph_text(p) for p in doc.lead.paragraphs] == [expected]
    handout = get("handout").render(doc, theme(), RenderOptions())
    with pdfplumber.open(io.BytesIO(handout.data)) as pdf:
        text = pdf.pages[0].extract_text(expand_ligatures=False) or ""
    assert _line_pattern(expected).search(text), (expected, text)


# --- (3) `themes new` always writes a theme that loads ---------------------------------------

GERMAN = Path(__file__).resolve().parent / "data" / "templates" / "german.potx"
NAME_TEXT = st.one_of(st.text(max_size=30), st.text(alphabet=st.sampled_from(SPECIAL), max_size=20))


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(heading=NAME_TEXT, body=NAME_TEXT, layout=NAME_TEXT)
def test_themes_new_from_any_template_names_writes_a_theme_that_loads(tmp_path_factory, monkeypatch, heading, body,
                                                                       layout):
    """Whatever font and layout names a template holds (a template is XML: any character
    XML allows), the theme.yaml `themes new --from` writes loads back (new_theme loads it
    before it keeps it, and says so as an error if it cannot)."""
    from hypothesis import assume

    from deckgen.authoring.newtheme import new_theme
    from deckgen.renderers.deck import ooxml
    from deckgen.renderers.deck import template as tpl

    xml_chars = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    assume(not any(xml_chars.search(t) for t in (heading, body, layout)))  # what a template's XML can hold
    layouts = tpl.layouts
    with monkeypatch.context() as patch:
        patch.setattr(ooxml, "theme_fonts", lambda prs: (heading, body))
        patch.setattr(tpl, "layouts", lambda prs: [type(info)(**{**info.__dict__, "name": layout}) if not i else info
                                                   for i, info in enumerate(layouts(prs))])
        folder = new_theme("corp", tmp_path_factory.mktemp("themes"), GERMAN)
    loaded, _ = load_theme(folder)
    assert loaded.heading.name.strip() and loaded.body.name.strip()
