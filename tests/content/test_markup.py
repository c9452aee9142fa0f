"""Inline markup: *em*, **strong**, [label](url), [^id]; everything else is the text typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.content import load as content
from deckgen.content import markup
from deckgen.content.model import Rich, Span, paragraph_text
from deckgen.errors import Diagnostics, Location

SOURCES = {"1": 1, "bron-a": 2}


def parse(text: str, diags: Diagnostics | None = None) -> Rich:
    diags = diags if diags is not None else Diagnostics()
    return markup.parse(text, SOURCES.get, lambda needle: Location("t.yaml", 1, text.find(needle) + 1), diags,
                        Location("t.yaml", 1, 1))


def spans(text: str) -> list[Span]:
    """The spans of a text that must make one paragraph."""
    [paragraph] = parse(text).paragraphs
    return list(paragraph)


def test_emphasis_strong_and_links():
    assert spans("*nadruk* en **sterk** en [de site](https://partos.nl)") == [
        Span("nadruk", em=True), Span(" en "), Span("sterk", strong=True), Span(" en "),
        Span("de site", href="https://partos.nl")]


def test_nested_emphasis():
    assert spans("*a **b** c*") == [Span("a ", em=True), Span("b", strong=True, em=True), Span(" c", em=True)]
    assert spans("***x***") == [Span("x", strong=True, em=True)]


def test_mailto_and_upper_case_scheme_are_links():
    assert spans("[mail](mailto:jan@ngo.nl)") == [Span("mail", href="mailto:jan@ngo.nl")]
    assert spans("[X](HTTPS://X.NL)") == [Span("X", href="HTTPS://X.NL")]


def test_link_with_non_ascii_is_encoded_for_the_outputs():
    assert spans("[x](https://é.nl/ä)") == [Span("x", href="https://xn--9ca.nl/%C3%A4")]


@pytest.mark.parametrize("text", [
    "<b>vet</b>", "&amp; &copy; &#65;", "Mail <jan@ngo.nl>", "x<y & z>w", "# not a heading",
    "1. the number typed", "2) the number typed", "> not a quote", "`not code`", "~~not struck~~", "---",
    '<img src="/etc/x.png">', "https://partos.nl", "[ref]: https://x.nl", "[x][ref]", "a\\b", "[^niet af",
])
def test_everything_else_stays_literal(text):
    diags = Diagnostics()
    assert parse(text, diags).paragraphs == ((Span(text),),)
    assert diags.items == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>",
                                 "JaVaScRiPt:alert('é')", "//evil.example", "relative/path"])
def test_unsafe_links_are_literal_text_with_a_warning(url):
    text = f"klik [hier]({url}) nu"
    diags = Diagnostics()
    assert parse(text, diags).paragraphs == ((Span(text),),)
    assert [str(d) for d in diags.items] == [
        f"t.yaml:1:13: warning: link to '{url}' is shown as text, not as a link "
        "(only http, https and mailto links are allowed)"]


def test_unsafe_link_is_located_in_the_content_file(tmp_path: Path):
    path = tmp_path / "doc.yaml"
    path.write_text('title: "T"\nlanguage: nl\nsections:\n  - text: |\n      Eerst.\n'
                    '      Dan [x](javascript:alert(1)) en [y](file:///etc/passwd).\n', encoding="utf-8")
    doc, warnings = content.load(path, display="doc.yaml")
    assert doc.sections[0].text.plain == "Eerst. Dan [x](javascript:alert(1)) en [y](file:///etc/passwd)."
    assert all(span.href is None for span in doc.sections[0].text.paragraphs[0])
    line = "      Dan [x](javascript:alert(1)) en [y](file:///etc/passwd)."
    assert [(w.location.line, line[w.location.col - 1:][:7]) for w in warnings] == [(6, "javascr"), (6, "file://")]
    assert [w.location.col for w in warnings] == [15, 43]
    assert [w.message for w in warnings] == [
        "link to 'javascript:alert(1)' is shown as text, not as a link",
        "link to 'file:///etc/passwd' is shown as text, not as a link"]


def test_backslash_escapes_give_the_character():
    assert spans(r"\*literal\*") == [Span("*literal*")]
    assert spans(r"\[^1]") == [Span("[^1]")]
    assert spans(r"\[x](https://x.nl)") == [Span("[x](https://x.nl)")]


def test_paragraphs_split_at_blank_lines():
    rich = parse("een\n\ntwee\n   \ndrie")
    assert rich.paragraphs == ((Span("een"),), (Span("twee"),), (Span("drie"),))
    assert rich.plain == "een\n\ntwee\n\ndrie"


def test_pdf_style_line_breaks_are_joined_with_single_spaces():
    assert spans("een regel die\nafbreekt  en\n   verder  \ngaat") == [Span("een regel die afbreekt en verder gaat")]


def test_no_break_space_is_kept():
    assert spans("7\u00a0procent en 1,3\u00a0miljard") == [Span("7\u00a0procent en 1,3\u00a0miljard")]


def test_footnote_references_become_numbered_markers():
    assert spans("geweld[^1]. Regio’s[^bron-a] en[^1]") == [
        Span("geweld"), Span("1", footnote=1), Span(". Regio’s"), Span("2", footnote=2), Span(" en"),
        Span("1", footnote=1)]


def test_unknown_footnote_stays_literal():
    assert spans("zie [^9] en *[^onbekend]*") == [Span("zie [^9] en "), Span("[^onbekend]", em=True)]


def test_footnote_inside_emphasis_is_a_marker():
    assert spans("*zie[^1]*") == [Span("zie", em=True), Span("1", footnote=1)]


def test_empty_text_has_no_paragraphs():
    assert parse("").paragraphs == ()
    assert not parse("  \n\n ")


def texts(text: str) -> list[str]:
    return [paragraph_text(p) for p in parse(text).paragraphs]


def test_a_list_pasted_from_word_keeps_one_paragraph_per_item():
    """Word pastes bullets as characters ('•' and a tab, which became a space); without list
    rules the items would run together into one paragraph."""
    assert texts("Drie redenen:\n• Werk\n• Veiligheid\n• Familie") == [
        "Drie redenen:", "\u2022 Werk", "\u2022 Veiligheid", "\u2022 Familie"]
    assert texts("·  Een\n▪ Twee\n– Drie") == ["\u2022 Een", "\u2022 Twee", "\u2022 Drie"]


def test_markdown_lists_ordered_and_nested():
    assert texts("- een\n- twee\n  - twee a\n- drie") == [
        "\u2022 een", "\u2022 twee", "\u2013 twee a", "\u2022 drie"]
    assert texts("Stappen:\n\n1. Lees\n1. Bespreek\n1. Kies") == ["Stappen:", "1. Lees", "1. Bespreek", "1. Kies"]
    assert texts("3. Drie\n4. Vier") == ["3. Drie", "4. Vier"]
    assert texts("2) Twee\n3) Drie") == ["2) Twee", "3) Drie"]
    assert texts("* ster\n+ plus") == ["\u2022 ster + plus"]  # '+' is not a list marker: the line continues


def test_a_list_item_keeps_its_markup_and_footnotes():
    [_, item] = parse("Zie:\n- **sterk** punt[^1]").paragraphs
    assert list(item) == [Span("\u2022 "), Span("sterk", strong=True), Span(" punt"), Span("1", footnote=1)]


def test_prose_that_only_looks_like_a_list_stays_prose():
    assert texts("*nadruk* aan het begin\nen 2024. Een jaar") == ["nadruk aan het begin en 2024. Een jaar"]
    assert texts("In 1990. werd het anders") == ["In 1990. werd het anders"]
    assert texts("Het kost 5 - 10 procent\n·middenpunt zonder spatie") == [
        "Het kost 5 - 10 procent ·middenpunt zonder spatie"]
