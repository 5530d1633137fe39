"""Plain-words cues: shown for a few seconds, faults first."""

from kiosk.session.cues import CUE_SHOW_S, CueBoard, lift_cue_for
from kiosk.session.view import FAULT_CUES


def test_fault_cue_shows_plain_words_then_expires():
    board = CueBoard()
    board.show("heels_in", 10.0)
    assert board.current(10.0 + CUE_SHOW_S - 0.01) == (FAULT_CUES["heels_in"], "heels_in")
    assert board.current(10.0 + CUE_SHOW_S) == (None, None)


def test_fault_outranks_slower_and_lift():
    board = CueBoard()
    board.show("ankles_out", 0.0)
    board.show("slower", 0.5)
    board.show("lift_left", 0.6)
    assert board.current(0.7)[1] == "ankles_out"
    board.show("too_fast", 0.8)
    assert board.current(0.9)[1] == "too_fast"


def test_lift_cue_names_the_foot_that_does_not_lower():
    assert lift_cue_for("ecc_left") == "lift_right"
    assert lift_cue_for("ecc_right") == "lift_left"
    assert lift_cue_for("both") is None
    board = CueBoard()
    board.show("lift_right", 0.0)
    assert board.current(0.1)[0] == "Now lift your right foot"
