"""The content fields for a workshop: task and duration per question (defaults under qa:),
qa: answers:, and contact: (issue 14). Every mistake is an error at file:line:col."""

from __future__ import annotations

import pytest
from test_content import BASE, errors, load

from deckgen.content import cues

QA = "qa:\n{qa}  items:\n    - question: Waarom?\n      answer: Daarom.\n{item}"


def qa(qa: str = "", item: str = "") -> str:
    return BASE + QA.format(qa=qa, item=item)


def test_defaults_under_qa_and_a_questions_own(tmp_path):
    text = BASE + ('qa:\n  task: "Bespreek in tweetallen"\n  duration: "10"\n  answers: end\n  items:\n'
                   '    - question: Een?\n      answer: Ja.\n'
                   '    - question: Twee?\n      answer: Nee.\n      task: "In de hele groep"\n      duration: "5"\n')
    doc, warnings = load(tmp_path, text)
    assert warnings == []
    first, second = doc.qa.items
    assert (first.task.plain, first.duration) == ("Bespreek in tweetallen", 10)
    assert (second.task.plain, second.duration) == ("In de hele groep", 5)
    assert doc.qa.answers == "end"


def test_nothing_set_means_no_task_no_time_and_answers_after(tmp_path):
    doc, _ = load(tmp_path, qa())
    item = doc.qa.items[0]
    assert (item.task, item.duration, doc.qa.answers, doc.contact) == (None, None, "after", None)


@pytest.mark.parametrize("value, message", [
    ("ten", "'duration' in question 1 must be a whole number of minutes from 1 to 240, not 'ten' "
            "(for example duration: 10)"),
    ("0", "'duration' in question 1 must be a whole number of minutes from 1 to 240, not '0' "
          "(for example duration: 10)"),
    ("2.5", "'duration' in question 1 must be a whole number of minutes from 1 to 240, not '2.5' "
            "(for example duration: 10)"),
    ("10 min", "'duration' in question 1 is a number of minutes, without a unit (write duration: 10)"),
])
def test_a_bad_duration_is_an_error_at_its_place(tmp_path, value, message):
    assert errors(tmp_path, qa(item=f"      duration: {value}\n")) == [f"doc.yaml:9:17: error: {message}"]


def test_a_bad_default_duration_is_reported_under_qa(tmp_path):
    assert errors(tmp_path, qa(qa="  duration: 300\n")) == [
        "doc.yaml:6:13: error: 'duration' in 'qa' must be a whole number of minutes from 1 to 240, not '300' "
        "(for example duration: 10)"]


def test_an_empty_task_is_an_error(tmp_path):
    assert errors(tmp_path, qa(item='      task: ""\n')) == [
        "doc.yaml:9:13: error: 'task' in question 1 is empty (write the text, or remove the key)"]


def test_answers_must_be_one_of_three(tmp_path):
    assert errors(tmp_path, qa(qa="  answers: einde\n")) == [
        "doc.yaml:6:12: error: 'answers' in 'qa' must be one of after, end, notes, not 'einde' (did you mean "
        "'end'? after: each answer follows its question; end: all answers after the last question; "
        "notes: answers only in the speaker notes)"]


def test_contact(tmp_path):
    doc, _ = load(tmp_path, BASE + 'contact:\n  email: "mailto:info@example.org"\n  url: "https://example.org/x"\n')
    assert (doc.contact.email, doc.contact.url) == ("info@example.org", "https://example.org/x")


@pytest.mark.parametrize("body, message", [
    ('  email: "info at example.org"\n',
     "doc.yaml:6:10: error: 'info at example.org' in 'contact' is not an e-mail address "
     "(write it as name@example.org)"),
    ('  url: "www.example.org"\n',
     "doc.yaml:6:9: error: the url in 'contact' must start with http:// or https:// "
     "(write https://www.example.org)"),
    ('  phone: "123"\n',
     "doc.yaml:6:3: error: unknown key 'phone' in 'contact' (known keys: email, url)"),
])
def test_contact_mistakes(tmp_path, body, message):
    found = errors(tmp_path, BASE + "contact:\n" + body)
    assert found[0] == message


def test_group_says_who_discusses_under_qa_and_per_question(tmp_path):
    text = BASE + ('qa:\n  task: "Bespreek"\n  group: whole\n  items:\n'
                   '    - question: Een?\n      answer: Ja.\n'
                   '    - question: Twee?\n      answer: Nee.\n      group: small\n')
    doc, warnings = load(tmp_path, text)
    assert warnings == []
    assert [q.group for q in doc.qa.items] == ["whole", "small"]
    assert [cues.whole_group(q, "es") for q in doc.qa.items] == [True, False]  # no words needed, any language
    doc, _ = load(tmp_path, qa())
    assert doc.qa.items[0].group is None  # not set: the task's words tell (see test_guide)


def test_group_must_be_small_or_whole(tmp_path):
    assert errors(tmp_path, qa(item="      group: whole group\n")) == [
        "doc.yaml:9:14: error: 'group' in question 1 must be one of small, whole, not 'whole group' (did you "
        "mean 'whole'? small: in pairs or small groups, the debrief asks two or three of them; whole: everyone "
        "together, the debrief asks a few participants)"]


def test_a_task_that_contradicts_group_small_is_a_warning_at_the_group(tmp_path):
    text = BASE + ('qa:\n  group: small\n  items:\n    - question: Een?\n      answer: Ja.\n'
                   '      task: "Bespreek in de hele groep"\n')
    doc, warnings = load(tmp_path, text)
    assert [w.format() for w in warnings] == [
        "doc.yaml:6:10: warning: question 1 is for small groups ('group: small'), but its task says 'hele groep' "
        "(write 'group: whole' for this question, or change its task)"]
    assert cues.whole_group(doc.qa.items[0], "nl") is False  # the key wins
