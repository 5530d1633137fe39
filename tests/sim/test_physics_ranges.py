"""The simulated body stays physically plausible in every position and variant."""

from __future__ import annotations

import pytest

from kiosk.sim.person import G, Reps, Script, SimulatedPerson, Stand, Wobble
from kiosk.sim.script import VARIANTS

from .helpers import run

COMBOS = [(p, v) for p in ("floor", "step", "sitting") for v in VARIANTS
          if not (p == "sitting" and v.startswith("ecc"))]  # no eccentric variant sitting


@pytest.mark.parametrize(("position", "variant"), COMBOS)
def test_heel_height_stays_in_range(position, variant):
    script = Script([Stand(2), Reps(4, tempo=(1, 0.5, 1), position=position, variant=variant,
                                    surface="unstable", fatigue=1.0)])
    person = SimulatedPerson(150.0, seed=4, script=script)
    heels = [s.heel_mm for s in run(person, 0, person.duration_s)]
    low = -40.0 if position == "step" else -0.5
    assert min(heels) >= low
    assert max(heels) <= 110.0
    assert max(heels) >= 20.0  # the reps really rise
    if position == "step":
        assert min(heels) < -20.0  # heels lowered below the step's level between reps


@pytest.mark.parametrize("mass", [40.0, 70.0, 150.0])
def test_standing_still_loads_add_up_to_body_weight(mass):
    person = SimulatedPerson(mass, seed=1, script=Script([Stand(10)]))
    for state in run(person, 0, 10, 0.1):
        assert sum(state.loads_n) == pytest.approx(mass * G, rel=0.01)
        assert all(f >= 0 for f in state.loads_n)


def test_sitting_puts_much_less_load_on_the_strips():
    person = SimulatedPerson(80.0, seed=1, script=Script([Stand(3), Reps(3, position="sitting")]))
    states = run(person, 0, person.duration_s)
    standing = sum(states[100].loads_n)
    seated = min(sum(s.loads_n) for s in states[500:])
    assert seated < 0.35 * standing
    assert seated > 0.1 * standing  # the legs still rest on the step


def test_load_moves_to_the_forefoot_at_the_top():
    person = SimulatedPerson(70.0, seed=2, script=Script([Stand(2), Reps(1, tempo=(2, 1, 2))]))
    states = run(person, 0, person.duration_s)
    top = max(states, key=lambda s: s.heel_mm)
    flat = states[50]
    heel_share = lambda s: (s.loads_n[2] + s.loads_n[5]) / sum(s.loads_n)  # noqa: E731
    assert heel_share(flat) > 0.3
    assert heel_share(top) < 0.02


def test_single_leg_leaves_the_other_foot_unloaded():
    person = SimulatedPerson(70.0, seed=2, script=Script([Stand(2), Reps(3, variant="left")]))
    tops = [s for s in run(person, 0, person.duration_s) if s.heel_mm > 15]
    assert tops
    assert all(sum(s.loads_n[3:]) == 0.0 for s in tops)
    assert all(sum(s.loads_n[:3]) > 500 for s in tops)


def test_fatigue_lowers_the_peaks_over_a_set():
    person = SimulatedPerson(70.0, seed=3, script=Script([Stand(2), Reps(12, fatigue=1.0)]))
    run(person, 0, person.duration_s)
    peaks = [r.peak_mm for r in person.performed_reps]
    assert len(peaks) == 12
    assert sum(peaks[-3:]) < 0.9 * sum(peaks[:3])


def test_wobbles_stay_below_ten_mm_and_are_not_reps():
    person = SimulatedPerson(70.0, seed=3, script=Script([Stand(2), Wobble(5, 9.5)]))
    states = run(person, 0, person.duration_s)
    assert 3.0 < max(s.heel_mm for s in states) < 10.0
    assert person.performed_reps == []
    with pytest.raises(ValueError):
        Wobble(1, 12.0)


def test_body_mass_outside_the_human_range_is_refused():
    with pytest.raises(ValueError, match=r"20\.\.200"):
        SimulatedPerson(15.0)
    with pytest.raises(ValueError):
        SimulatedPerson(210.0)
    with pytest.raises(ValueError):
        Reps(3, variant="sideways")
