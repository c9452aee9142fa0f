"""onepager.fit's choice between settings when a break leaves two lines of section text on a side.

The handouts are stand-ins that report a trial for each setting, so each rule is checked alone;
tests/renderers/test_print_breaks.py reads the real PDFs back.
"""

from __future__ import annotations

from deckgen.renderers.handout.onepager import KEPT, Trial, fit, ladder

FULL_PAGE = {"col0": 2.0, "col1": 3.0}


class Stand:
    """A handout made with `setting`; its trial is what `outcome(setting)` says."""

    def __init__(self, outcome, made: list, **setting):
        self.setting, self.outcome = setting, outcome
        self.pages: dict[str, int] = {}
        made.append(setting)

    def trial(self) -> Trial:
        return self.outcome(self.setting)


def chosen(outcome, pictures: bool = True) -> tuple[dict, list[dict]]:
    made: list[dict] = []
    handout = fit(lambda **setting: Stand(outcome, made, **setting), 10.0, 9.0, pictures, ["A", "B"])
    return handout.setting, made


def test_a_fit_without_a_short_break_is_taken_as_it_is():
    setting, made = chosen(lambda s: Trial(True, FULL_PAGE))
    assert setting == {"size": 10.0} and made == [{"size": 10.0}] * 2


def test_a_fit_with_a_short_break_is_laid_out_again_keeping_three_lines():
    setting, _ = chosen(lambda s: Trial(True, FULL_PAGE, short=0 if s.get("keep") else 1))
    assert setting == {"size": 10.0, **KEPT}


def test_where_keeping_three_lines_misses_page_one_a_later_setting_of_the_same_size_may_do():
    def outcome(s):
        if s.get("keep"):
            return Trial(s.get("compact", False), FULL_PAGE)  # only with the smaller pictures
        return Trial(True, FULL_PAGE, short=1)

    setting, _ = chosen(outcome)
    assert setting == {"size": 10.0, "compact": True, **KEPT}


def test_never_a_smaller_body_for_a_break_the_first_fit_stands():
    def outcome(s):
        return Trial(not s.get("keep") or s["size"] < 10.0, FULL_PAGE, short=0 if s.get("keep") else 1)

    setting, made = chosen(outcome)
    assert setting == {"size": 10.0}
    tried = [s for s in made if s.get("keep")]
    assert tried and all(s["size"] == 10.0 for s in tried)
    assert len(tried) == sum(s["size"] == 10.0 for s in ladder(10.0, 9.0, True))  # each setting of that size once


def test_a_one_pager_that_runs_on_keeps_three_lines_in_every_setting_tried_to_fill_page_one():
    def outcome(s):
        return Trial(False, FULL_PAGE if s.get("figures_first") else {"col0": 100.0}, overflow=40.0)

    setting, made = chosen(outcome)
    assert setting["figures_first"] and setting["keep"] == 3 and "page 1 full" in setting["why"]
    assert all(s.get("keep") == 3 for s in made if s.get("figures_first"))
