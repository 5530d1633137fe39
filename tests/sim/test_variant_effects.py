"""Balance pad, carried weight and feet spacing change the body the way they should."""

from __future__ import annotations

import statistics

import pytest

from kiosk.sim.person import G, Reps, Script, SimulatedPerson, Stand

from .helpers import run


def _left_shares(surface: str) -> list[float]:
    script = Script([Stand(2), Reps(4, tempo=(2, 3, 2), surface=surface)])
    person = SimulatedPerson(70.0, seed=8, script=script)
    states = [s for s in run(person, 0, person.duration_s) if s.heel_mm > 30]
    return [sum(s.loads_n[:3]) / sum(s.loads_n) for s in states]


def test_a_balance_pad_makes_more_sway():
    stable = statistics.pstdev(_left_shares("firm"))
    unstable = statistics.pstdev(_left_shares("unstable"))
    assert unstable > 1.8 * stable


def test_carried_weight_adds_to_the_load():
    script = Script([Stand(2), Reps(1, added_kg=20.0, rest_s=5.0)])
    person = SimulatedPerson(70.0, seed=1, script=script)
    states = run(person, 0, person.duration_s)
    resting = [s for s in states if s.t > person.planned_reps[0].end_s + 0.5
               and s.t < person.planned_reps[0].next_s]
    assert resting
    for state in resting:
        assert sum(state.loads_n) == pytest.approx(90.0 * G, rel=0.01)


def test_wide_feet_load_the_big_toes_more():
    def medial(spacing: str) -> float:
        person = SimulatedPerson(70.0, seed=2, script=Script([Stand(1), Reps(2, spacing=spacing)]))
        tops = [s for s in run(person, 0, person.duration_s) if s.heel_mm > 40]
        return statistics.mean(s.loads_n[0] / (s.loads_n[0] + s.loads_n[1]) for s in tops)

    assert medial("wide") > medial("hip") + 0.04 > medial("narrow") + 0.06
