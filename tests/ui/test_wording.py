"""Plain words on the screens: heights, faults, comparisons, what comes next."""

from __future__ import annotations

from kiosk.session.view import SessionSummary
from kiosk.ui.wording import (
    clock_text,
    cm,
    comparison_lines,
    fault_lines,
    fault_tip,
    next_up,
)


def _summary(**kw):
    base = dict(session_id="s", status="completed", reps=20, sets_done=2, best_mm=80.0,
                average_mm=70.0, symmetry_pct=95.0)
    return SessionSummary(**{**base, **kw})


def test_heights_in_centimetres():
    assert cm(72.4) == "7.2 cm"
    assert cm(None) == "-"


def test_faults_most_frequent_first_in_plain_words():
    assert fault_lines({"too_fast": 1, "heels_in": 3, "partial": 0}) == [
        "Heels rolled in: 3 times", "Too fast: 1 time"]
    assert fault_tip({"too_fast": 1, "heels_in": 3}) == "Don't let your heels roll in"
    assert fault_tip({}) is None


def test_comparison_with_last_time():
    assert comparison_lines(_summary()) == []
    lines = comparison_lines(_summary(previous_reps=24, previous_average_mm=60.0))
    assert lines == ["4 fewer reps than last time", "1.0 cm higher than last time"]
    assert comparison_lines(_summary(previous_reps=20, previous_average_mm=69.0)) == [
        "Same number of reps as last time", "About as high as last time"]


def test_next_up_and_clock():
    assert next_up(1, 3, 12) == "Next: set 2 of 3, 12 reps"
    assert next_up(3, 3, 12) == "Next: your summary"
    assert clock_text(65.4) == "1:05"
    assert clock_text(-2) == "0:00"


def test_signin_locked_text_counts_whole_minutes():
    from kiosk.ui.wording import signin_locked_text

    assert signin_locked_text(20) == (
        "Too many tries. Please ask staff, or try again in 1 minute.")
    assert signin_locked_text(61).endswith("in 2 minutes.")


def test_the_heel_rise_test_says_why_it_ended():
    from kiosk.analysis.heel_rise_test import END_REASONS
    from kiosk.ui.wording import TEST_END_WORDS, test_end_words

    assert set(TEST_END_WORDS) == set(END_REASONS)  # every reason has its words
    assert test_end_words(None) is None  # not a test: nothing to say
    assert test_end_words("off_step_support") == (
        "Test finished: your hands took some of your weight")
