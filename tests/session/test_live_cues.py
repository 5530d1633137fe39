"""Cues on the live screen: faults in plain words, the eccentric foot lift, balance."""

from kiosk.session.view import Stage
from kiosk.ui.wording import FAULT_CUES, cue_words

from .conftest import small_programme


def _cues_during(kiosk, patient, seconds=60):
    cues = []

    def watch(view):
        if view.cue_kind and (not cues or cues[-1] != (view.cue_kind, cue_words(view.cue_kind))):
            cues.append((view.cue_kind, cue_words(view.cue_kind)))
        return view.stage is Stage.FINISHED

    kiosk.run(seconds, patient, until=watch)
    return cues


def test_fault_shows_its_plain_words_cue(kiosk):
    programme = small_programme(sets=1, reps=3)
    patient = kiosk.patient(programme, faults={(1, 2): "ankles_out"})
    kiosk.control.step_on()
    patient.on_step = True
    kiosk.run(1.0)
    kiosk.service.begin_session(None, programme)
    cues = _cues_during(kiosk, patient)
    assert ("ankles_out", FAULT_CUES["ankles_out"]) in cues
    faults = [r["faults"] for r in kiosk.db_reps(kiosk.service.summary().session_id)]
    assert faults[1] == '["ankles_out"]'


def test_eccentric_left_asks_to_lift_the_right_foot_at_each_top(kiosk):
    programme = small_programme(sets=1, reps=2, variant="ecc_left")
    patient = kiosk.start(programme)
    cues = _cues_during(kiosk, patient)
    assert ("lift_right", "Now lift your right foot") in cues
    stances = [r["stance"] for r in kiosk.db_reps(kiosk.service.summary().session_id)]
    assert stances == ["ecc_left", "ecc_left"]


def test_live_view_shows_heel_height_and_balance_once_zeroed(kiosk):
    kiosk.control.step_on()
    kiosk.run(1.0)
    kiosk.service.begin_session(None, small_programme())
    view = kiosk.run(0.2)
    assert view.stage is Stage.CALIBRATING and view.heel_mm is None
    assert 0 <= view.calibration_progress < 1
    kiosk.control.shift_weight(-1.0)  # leaning hard on the left foot: not ready
    kiosk.run(4.0)
    assert kiosk.service.snapshot().stage is Stage.CALIBRATING
    assert kiosk.service.snapshot().feet is not None
    kiosk.control.shift_weight(0.0)
    view = kiosk.run_until(Stage.COUNTDOWN, seconds=10)
    assert view.feet is None and view.calibration_progress == 1.0
    assert view.heel_mm is not None and abs(view.heel_mm) < 10
    assert 0.35 < view.left_share < 0.65
    assert view.countdown == 3


def test_rushing_through_a_slow_tempo_gets_slower(kiosk):
    from kiosk.programme import Tempo

    programme = small_programme(sets=1, reps=5, tempo=Tempo(3.0, 1.0, 3.0, 1.0))
    kiosk.start(programme)
    kinds = set()
    for _ in range(4):  # up and down in about 2 s, where the lights ask for 8 s
        kiosk.control.set_raise(1.0)
        kiosk.run(1.0, until=lambda v: kinds.add(v.cue_kind))
        kiosk.control.set_raise(0.0)
        kiosk.run(1.2, until=lambda v: kinds.add(v.cue_kind))
    assert "slower" in kinds
