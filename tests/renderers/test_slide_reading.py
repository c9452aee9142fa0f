"""What the deck tells the slides-pdf about each slide (deck.plan.heading_levels, deck.readback.reading),
read from the deck renderer's result: one H1 for the deck's title, H2 for each group the agenda lists, H3 for
a group's slides, H4 for an answer under its question; and the texts a reader sees before a slide's title
(a discussion slide's counter), in any template."""

from __future__ import annotations

from dataclasses import replace

from renderers.templates import callout_template

from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck.plan import heading_levels, plan


def _kinds_and_levels(doc, combined=False):
    from deckgen.renderers.deck.plan import combine_qa

    specs = plan(doc, combined)
    specs = combine_qa(specs) if combined else specs
    return [(s.kind, level) for s, level in zip(specs, heading_levels(specs))]


def test_one_h1_groups_h2_their_slides_h3_an_answer_h4_under_its_question(seed_doc):
    got = _kinds_and_levels(seed_doc)
    assert [level for kind, level in got if kind == "title"] == [1]
    assert [level for _, level in got].count(1) == 1
    assert {kind: {lv for k, lv in got if k == kind} for kind, _ in got} == {
        "title": {1}, "agenda": {2}, "content": {2}, "figures": {3}, "divider": {2}, "question": {3},
        "answer": {4}, "sources": {2}, "closing": {2}}
    kinds = [kind for kind, _ in got]
    assert all(kinds[i - 1] == "question" for i, kind in enumerate(kinds) if kind == "answer")


def test_answers_at_the_end_are_h3_under_the_qa_and_combined_ones_h4(seed_doc):
    end = _kinds_and_levels(replace(seed_doc, qa=replace(seed_doc.qa, answers="end")))
    assert {lv for kind, lv in end if kind == "answer"} == {3}
    combined = _kinds_and_levels(replace(seed_doc, qa=replace(seed_doc.qa, answers="end")), combined=True)
    assert {lv for kind, lv in combined if kind == "answer"} == {4}


def _reading(doc, theme, **options):
    result = get("deck").render(doc, theme, RenderOptions(**options))
    return result.reading, result.titles


def test_the_counter_is_read_before_the_question_and_nothing_else_moves(seed_doc, default_theme):
    reading, titles = _reading(seed_doc, default_theme)
    questions = [item.question.plain for item in seed_doc.qa.items]
    above = [(titles[i], facts.above) for i, facts in enumerate(reading) if facts.above]
    total = len(questions)
    assert above == [(q, (f"Vraag {n} van {total}",)) for n, q in enumerate(questions, 1)]
    assert [facts.level for facts in reading][:2] == [1, 2] and [f.level for f in reading].count(1) == 1


def test_beside_a_title_panel_the_counter_is_read_first_and_a_key_figure_is_not(tmp_path, seed_doc,
                                                                                 default_theme):
    """ddspys' design: titles in a red panel at the left, the counter in that panel beside the question, key
    figures in the column beside it (their top above the panel's): the counter first, the figures after.
    (python-pptx's Section Header layout, which this template keeps, sets its text above its title: the
    divider's "7 vragen om te bespreken" is read first too, as it is seen.)"""
    reading, titles = _reading(seed_doc, default_theme, template=callout_template(tmp_path / "callout.pptx"))
    moved = [(titles[i], facts.above) for i, facts in enumerate(reading) if facts.above]
    total = len(seed_doc.qa.items)
    assert moved[0] == (seed_doc.qa.heading.plain, ("7 vragen om te bespreken",))
    assert [above for _, above in moved[1:]] == [(f"Vraag {n} van {total}",) for n in range(1, total + 1)]
    assert not any(title.startswith("Kerncijfers") for title, _ in moved)


def test_the_sources_slides_say_which_sources_they_list(tmp_path, seed_doc, default_theme):
    """Where the deck's fitting puts each source (on the sources slide or the one it continues on) is what
    a reference mark links to in the slides-pdf; every source is listed once, in order."""
    for options in ({}, {"template": callout_template(tmp_path / "callout.pptx")}):
        reading, titles = _reading(seed_doc, default_theme, **options)
        listed = [(titles[i], facts.sources) for i, facts in enumerate(reading) if facts.sources]
        assert [n for _, numbers in listed for n in numbers] == [s.number for s in seed_doc.sources]
        assert {title.split(" (")[0] for title, _ in listed} == {"Bronnen"} and len(listed) >= 2
