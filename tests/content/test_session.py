"""The session plan (issue 22): `session:`, a section's `minutes:` and `key:`, `cards: backs:`;
every slide a slot, computed once in content/session.py; one warning when the plan runs over
or far under the session's duration."""

from __future__ import annotations

import re

import pytest
import conftest
from conftest import ENGLISH, SEED
from test_content import BASE, errors, load

from deckgen.content import session


def seed_with(tmp_path, block: str, source=ENGLISH):
    """The seed with a `session:` block (or other top-level lines) added, loaded; its warnings but the one of
    its placeholder sources (tests/content/test_sourcecheck.py)."""
    from deckgen.content.load import load as real_load

    doc, warnings = real_load(conftest.seed_with(tmp_path, block, source), display="doc.yaml")
    return doc, conftest.other_warnings(warnings)


def test_the_block_is_read(tmp_path):
    doc, warnings = load(tmp_path, BASE + 'session:\n  duration: "90"\n  start: "13:30"\n  welcome: "5"\n'
                                          '  close: "0"\n')
    assert (doc.session.duration, doc.session.start, doc.session.welcome, doc.session.close) == (90, 810, 5, 0)


def test_section_minutes_and_keys_are_read(tmp_path):
    doc, _ = load(tmp_path, 'title: "T"\nlanguage: en\nsections:\n  - text: "A text."\n    minutes: "7"\n'
                            '    key: "Say this."\nqa:\n  items:\n    - question: "Why?"\n      answer: "So."\n'
                            '      key: "Because."\ncards:\n  backs: "none"\n')
    assert (doc.sections[0].minutes, doc.sections[0].key.plain) == (7, "Say this.")
    assert doc.qa.items[0].key.plain == "Because."
    assert doc.card_backs == "none"


@pytest.mark.parametrize("lines, message", [
    ('session:\n  start: "13:30"\n', "doc.yaml:6:3: error: 'session' needs 'duration' (add a line 'duration: …')"),
    ('session:\n  duration: "90 min"\n', "doc.yaml:6:13: error: 'duration' in 'session' is a number of minutes, "
                                         "without a unit (write duration: 90)"),
    ('session:\n  duration: "1:30"\n', "doc.yaml:6:13: error: 'duration' in 'session' is a number of minutes, "
                                       "not a clock time (write duration: 90)"),
    ('session:\n  duration: "ninety"\n', "doc.yaml:6:13: error: 'duration' in 'session' must be a whole number "
                                         "of minutes from 1 to 1440, not 'ninety' (for example duration: 90)"),
    ('session:\n  duration: "90"\n  start: "25:00"\n', "doc.yaml:7:10: error: 'start' in 'session' must be a "
                                                       "clock time from 00:00 to 23:59, not '25:00' (write it as "
                                                       "hours:minutes, for example start: \"13:30\")"),
    ('session:\n  duration: "90"\n  start: "half two"\n', "doc.yaml:7:10: error: 'start' in 'session' must be a "
                                                          "clock time from 00:00 to 23:59, not 'half two' (write it "
                                                          "as hours:minutes, for example start: \"13:30\")"),
    ('session:\n  duration: "90"\n  welcome: "-5"\n', "doc.yaml:7:12: error: 'welcome' in 'session' must be a whole "
                                                      "number of minutes from 0 to 240, not '-5' (for example "
                                                      "welcome: 5)"),
    ('session:\n  duration: "90"\n  lenght: "5"\n', "doc.yaml:7:3: error: unknown key 'lenght' in 'session' "
                                                    "(known keys: duration, start, welcome, close)"),
    ('cards:\n  backs: "question"\n', "doc.yaml:6:10: error: 'backs' in 'cards' must be one of answer, points, "
                                      "none, not 'question' (answer: the whole answer on the back; points: its "
                                      "points; none: question-only cards, printed single-sided)"),
])
def test_mistakes_are_errors_at_their_place(tmp_path, lines, message):
    assert errors(tmp_path, BASE + lines) == [message]


def test_a_bad_section_minutes_is_an_error_at_its_place(tmp_path):
    assert errors(tmp_path, BASE + '    minutes: "2.5"\n') == [
        "doc.yaml:5:14: error: 'minutes' in section 1 must be a whole number of minutes from 0 to 240, "
        "not '2.5' (for example minutes: 5)"]


def test_every_slide_of_the_seed_has_a_slot_and_the_clock_runs_from_start_to_end(tmp_path):
    doc, warnings = seed_with(tmp_path, 'session:\n  duration: "90"\n  start: "13:30"\n')
    assert warnings == []
    plan = session.schedule(doc)
    idents = [s.ident for s in plan.slots]
    assert idents[:3] == ["title", "agenda", "section 1"] and idents[-2:] == ["sources", "closing"]
    assert len(idents) == len(set(idents)) == 25
    assert plan.clock(plan.slots[0].start) == "13:30" and plan.clock(plan.slots[-1].end) == "15:00"
    for before, after in zip(plan.slots, plan.slots[1:]):  # no gaps, no overlaps
        assert before.end == after.start and before.minutes >= 1
    assert [s.minutes for s in plan.slots if s.kind == "question"] == [10, 10, 10, 15, 10, 10, 5]
    assert plan.cue(plan.slot("question 1"))  == "10 min \u00b7 13:40\u201313:50"


def test_a_short_session_is_warned_about_once_naming_the_minutes_and_the_questions(tmp_path):
    doc, warnings = seed_with(tmp_path, 'session:\n  duration: "60"\n  start: "13:30"\n')
    assert len(warnings) == 1
    text = warnings[0].format()
    assert re.match(r"doc.yaml:\d+:13: warning: the session plan needs 90 minutes, 30 more than its duration of 60: "
                    r"the questions take 70 of 90 minutes", text), text
    assert "the questions alone take longer than the session" in text


def test_a_long_session_is_warned_about_and_one_within_15_percent_is_not(tmp_path):
    (_, far), (_, near) = (seed_with(tmp_path, f'session:\n  duration: "{d}"\n') for d in (120, 100))
    assert [w.message.split(":")[0] for w in far] == ["the session plan needs only 90 of its 120 minutes (30 to spare)"]
    assert near == []
    doc = seed_with(tmp_path, 'session:\n  duration: "100"\n')[0]
    plan = session.schedule(doc)
    assert plan.total == 100 and plan.clock(plan.total) == "1:40"  # the estimates stretched to end on time
    assert [s.minutes for s in plan.slots if s.fixed] == [10, 10, 10, 15, 10, 10, 5]


def test_written_minutes_are_kept_and_the_estimates_absorb_the_rest(tmp_path):
    doc, _ = load(tmp_path, 'title: "T"\nlanguage: en\nsession:\n  duration: "26"\n  welcome: "4"\n  close: "3"\n'
                            'sections:\n  - text: "One."\n    minutes: "6"\n  - heading: "H"\n    text: "Two."\n'
                            'qa:\n  items:\n    - question: "Why?"\n      answer: "So."\n      duration: "8"\n')
    plan = session.schedule(doc)
    minutes = {s.ident: s.minutes for s in plan.slots}
    assert minutes["title"] + minutes["agenda"] == 4 and minutes["closing"] == 3
    assert (minutes["section 1"], minutes["question 1"]) == (6, 8)
    assert plan.total == 26 and plan.clock(0) == "0:00"


def test_the_plan_follows_the_decks_order_for_answers_at_the_end_and_in_the_notes(tmp_path):
    qa = ('qa:\n  answers: "{}"\n  items:\n    - question: "A?"\n      answer: "a."\n'
          '    - question: "B?"\n      answer: "b."\n')
    for answers, order in (("end", ["question 1", "question 2", "answer 1", "answer 2"]),
                           ("notes", ["question 1", "question 2"])):
        doc, _ = load(tmp_path, BASE + qa.format(answers))
        assert [s.ident for s in session.schedule(doc).slots if s.kind in ("question", "answer")] == order
    doc, _ = load(tmp_path, BASE + qa.format("end"))
    assert [s.ident for s in session.schedule(doc, combined=True).slots if s.kind in ("question", "answer")] == [
        "question 1", "answer 1", "question 2", "answer 2"]


def test_the_dutch_seed_plans_the_same_minutes(tmp_path):
    doc, warnings = seed_with(tmp_path, 'session:\n  duration: "90"\n  start: "9:00"\n', SEED)
    plan = session.schedule(doc)
    assert warnings == [] and plan.clock(plan.total) == "10:30" and plan.slots[0].label == "Welkom"


def test_validate_and_build_warn_once_and_the_guide_still_runs_by_the_clock(tmp_path, run, monkeypatch):
    import shutil

    monkeypatch.chdir(tmp_path)
    shutil.copytree(ENGLISH.parent / "images", tmp_path / "images")
    (tmp_path / "talk.yaml").write_text(ENGLISH.read_text(encoding="utf-8")
                                        + 'session:\n  duration: "60"\n  start: "13:30"\n', encoding="utf-8")
    for args in (("validate", "talk.yaml"), ("build", "talk.yaml", "--format", "deck,guide", "-j", "1")):
        code, out, err = run(*args)
        assert code == 0, err
        warned = [line for line in (out + err).splitlines() if "the session plan needs 90 minutes" in line]
        assert len(warned) == 1 and warned[0].startswith("talk.yaml:"), out + err
    assert (tmp_path / "output" / "default" / "talk.guide.pdf").exists()
