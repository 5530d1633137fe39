"""Adaptive pacing resyncs to a patient who lags by more than half a phase; lead does not."""

from __future__ import annotations

# fast(reps=2), 0.2 s countdown steps: rep 1 rise 0.6, hold 1.0, lower 1.2, rest 1.6.
# The patient rises on time but reaches the top at 1.5 (0.5 s late, more than half the
# 0.4 s rise), then keeps the asked tempo from there: hold 0.2, lower 0.4.
LATE_TOP = [(0.0, 0.0, "rest"), (0.6, 20.0, "rise"), (1.5, 40.0, "hold"),
            (1.7, 20.0, "lower"), (2.1, 0.0, "rest")]


def test_late_patient_is_resynced_to(step, fast, script):
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    step.run(2.6, heel=script(*LATE_TOP))
    assert pacer.resyncs == 1
    assert abs(pacer.snapshot().lag_s) < 0.011  # back in step after the resync
    assert step.boundaries()[3:] == [
        (0.6, "rise", 1), (1.0, "hold", 1), (1.2, "lower", 1),
        (1.5, "hold", 1),  # resync: the top again, where the patient is
        (1.7, "lower", 1), (2.1, "rest", 1),
        (2.4, "rise", 2),  # after 0.3 s down and still
    ]
    # Top LED: the asked top at 1.0, again at the patient's top 1.5, a fifth into each lowering.
    step.assert_pin(26, 0.0, [(1.0, 1.0), (1.28, 0.0), (1.5, 1.0), (1.78, 0.0)])


def test_small_lag_is_not_resynced(step, fast, script):
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    step.run(1.5, heel=script((0.0, 0.0, "rest"), (0.6, 20.0, "rise"), (1.15, 40.0, "hold")))
    assert pacer.resyncs == 0
    assert abs(pacer.last_lag_s - 0.15) < 0.011


def test_lead_mode_keeps_its_beat_for_a_late_patient(step, fast, script):
    pacer = step.start(fast(reps=2), mode="lead", countdown_step_s=0.2)
    step.run(2.6, heel=script(*LATE_TOP))
    assert pacer.resyncs == 0
    assert [b for b in step.boundaries() if b[2] == 1] == [
        (0.6, "rise", 1), (1.0, "hold", 1), (1.2, "lower", 1), (1.6, "rest", 1)]
    assert (1.8, "rise", 2) in step.boundaries()


def test_late_start_of_the_lowering_stretches_the_asked_lowering(step, fast, script):
    """Lowering asked at 1.2; the patient holds on and starts down at 1.5 (0.3 s late,
    more than half the 0.4 s lowering): the lowering is re-timed from 1.5 in place."""
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    heel = script((0.0, 0.0, "rest"), (0.6, 20.0, "rise"), (1.0, 40.0, "hold"),
                  (1.5, 20.0, "lower"), (1.9, 0.0, "rest"))
    step.run(2.0, heel=heel)
    assert pacer.resyncs == 1
    assert step.boundaries()[3:] == [
        (0.6, "rise", 1), (1.0, "hold", 1), (1.2, "lower", 1), (1.9, "rest", 1)]
    # The bar starts emptying again from full at 1.5.
    step.assert_pin(26, 0.0, [(1.0, 1.0), (1.28, 0.0), (1.5, 1.0), (1.58, 0.0)])
