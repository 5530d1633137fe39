"""The end of a set: a distinct blink and call, when the prescribed reps are done."""

from __future__ import annotations


def rises(step):
    return [rep for _, kind, rep in step.boundaries() if kind == "rise"]


def test_adaptive_set_ends_once_the_analysis_counted_the_reps(step, fast):
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    follower = step.follower()

    def heel(t):
        # Count each rep when the heel gets back down (rep 2 "partial": not counted).
        reading = follower(t)
        done = [b for b in step.boundaries() if b[1] == "rest"]
        if len(done) != heel.counted_at and len(done) != 2:
            pacer.on_rep_completed(step.clock.t)
        heel.counted_at = len(done)
        return reading

    heel.counted_at = 0
    step.run(8.0, heel=heel)
    assert pacer.reps_counted == 2
    assert rises(step) == [1, 2, 3]  # one more rise for the uncounted rep
    assert [k for _, k, _ in step.boundaries()][-1] == "end_of_set"
    assert pacer.done


def test_adaptive_without_counts_paces_the_prescribed_reps(step, fast):
    pacer = step.start(fast(reps=2), mode="adaptive", countdown_step_s=0.2)
    step.run(8.0, heel=step.follower())
    assert rises(step) == [1, 2]
    assert pacer.done


def test_finish_set_gives_the_end_signal_now(step, fast):
    pacer = step.start(fast(reps=10), mode="lead", countdown_step_s=0.2)
    step.run(1.3)
    pacer.finish_set()
    assert pacer.snapshot().cue_kind == "set_done"
    assert pacer.snapshot().asked_phase == "rest"
    step.run(1.6)
    assert step.boundaries()[-1] == (1.3, "end_of_set", 0)
    assert pacer.done
    assert pacer.snapshot().done
