"""Live control (keyboard, --demo): smooth, thread-safe responses and true reps."""

from __future__ import annotations

import itertools
import threading

from kiosk.sim.person import LiveControl, SimulatedPerson

from .helpers import lateral_share, run


def test_step_on_raise_and_lower_count_a_rep():
    person = SimulatedPerson(70.0, seed=1)
    c = person.control
    assert not person.state_at(0.0).on_step
    c.step_on()
    standing = run(person, 0.01, 2.0)[-1]
    assert standing.on_step and sum(standing.loads_n) > 600
    c.set_raise(1.0)
    rise = run(person, 2.0, 4.0)
    c.set_raise(0.0)
    lower = run(person, 4.0, 6.0)
    heels = [s.heel_mm for s in rise + lower]
    assert max(heels) > 60
    # Smooth: never more than 2 mm per 10 ms (0.2 m/s) and no overshoot below zero.
    assert max(abs(a - b) for a, b in itertools.pairwise(heels)) < 2.0
    assert min(s.heel_mm for s in lower) > -1.0
    reps = person.performed_reps
    assert len(reps) == 1 and reps[0].stance == "both" and reps[0].faults == ()


def test_lift_foot_unloads_it_and_roll_out_moves_load_laterally():
    person = SimulatedPerson(70.0, seed=1, control=LiveControl(on_step=True))
    c = person.control
    c.lift_foot("right")
    c.set_raise(1.0)
    top = run(person, 0.0, 3.0)[-1]
    assert sum(top.loads_n[3:]) == 0.0
    assert lateral_share(top, 0) < 0.5
    c.roll("out")
    rolled = run(person, 3.0, 4.5)[-1]
    assert lateral_share(rolled, 0) > 0.8
    c.roll(None)
    c.set_raise(0.0)
    run(person, 4.5, 7.0)
    assert [(r.stance, r.faults) for r in person.performed_reps] == [("left", ("ankles_out",))]


def test_step_off_empties_the_step():
    person = SimulatedPerson(70.0, seed=1, control=LiveControl(on_step=True))
    assert sum(person.state_at(0.0).loads_n) > 600
    person.control.step_off()
    final = run(person, 0.01, 3.0)[-1]
    assert not final.on_step and sum(final.loads_n) == 0.0


def test_controls_can_be_set_from_another_thread():
    person = SimulatedPerson(70.0, seed=1, control=LiveControl(on_step=True))

    def keys():
        for k in range(200):
            person.control.set_raise((k % 20) / 20)
            person.control.shift_weight(((k % 7) - 3) / 3)

    worker = threading.Thread(target=keys)
    worker.start()
    states = run(person, 0.0, 2.0, 0.001)
    worker.join()
    assert all(-1.0 < s.heel_mm <= 110.0 for s in states)
    assert all(min(s.loads_n) >= 0.0 for s in states)
