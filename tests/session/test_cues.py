"""Cues: shown for a few seconds, faults first; the UI has words for every code."""

from kiosk.programme import Programme
from kiosk.session.cues import CUE_SHOW_S, CueBoard
from kiosk.ui.wording import cue_words


def test_fault_cue_shows_then_expires():
    board = CueBoard()
    board.show("heels_in", 10.0)
    assert board.current(10.0 + CUE_SHOW_S - 0.01) == "heels_in"
    assert cue_words("heels_in") == "Don't let your heels roll in"
    assert board.current(10.0 + CUE_SHOW_S) is None


def test_fault_outranks_slower_and_lift():
    board = CueBoard()
    board.show("ankles_out", 0.0)
    board.show("slower", 0.5)
    board.show("lift_left", 0.6)
    assert board.current(0.7) == "ankles_out"
    board.show("too_fast", 0.8)
    assert board.current(0.9) == "too_fast"


def test_lift_cue_names_the_foot_that_does_not_lower():
    assert Programme(variant="ecc_left").lift_cue == "lift_right"
    assert Programme(variant="ecc_right").lift_cue == "lift_left"
    assert Programme(variant="both").lift_cue is None
    board = CueBoard()
    board.show("lift_right", 0.0)
    assert board.current(0.1) == "lift_right"
    assert cue_words("lift_right") == "Now lift your right foot"


def test_the_next_rise_ends_the_last_reps_cue():
    """Cues once stayed up into the next rep, where they read as about that one."""
    from kiosk.session.cues import CUE_MIN_S

    board = CueBoard()
    board.show("heels_in", 10.0)
    board.next_rep(10.2)  # a quick next rise: still readable for CUE_MIN_S
    assert board.current(10.0 + CUE_MIN_S - 0.01) == "heels_in"
    assert board.current(10.0 + CUE_MIN_S) is None
    board.show("partial", 20.0)
    board.next_rep(21.5)
    assert board.current(21.5) is None
    board.next_rep(30.0)  # nothing showing: nothing to end
    assert board.current(30.0) is None
