"""Each fault made on demand meets the analysis definitions on the noiseless signals."""

from __future__ import annotations

import pytest

from kiosk.sim.labels import label_reps
from kiosk.sim.person import Reps, Script, SimulatedPerson, Stand
from kiosk.sim.sensor_models import StripModels

from .helpers import run


def _rep_states(fault: str, position: str, variant: str = "both"):
    script = Script([Stand(2), Reps(3, tempo=(2, 1, 2), position=position, variant=variant,
                                    faults={1: [fault]})])
    person = SimulatedPerson(90.0, seed=6, script=script)
    states = run(person, 0, person.duration_s, 0.005)
    reps = person.performed_reps
    assert len(reps) == 3
    return states, reps


def _longest(states, ok) -> float:
    best, first = 0.0, None
    for s in states:
        if ok(s):
            first = s.t if first is None else first
            best = max(best, s.t - first)
        else:
            first = None
    return best


def _share(strips: StripModels, state, foot: int, lateral: bool) -> float | None:
    counts = strips.ideal(state.loads_n)
    base = strips.baseline()
    toe = counts[foot * 3] - base[foot * 3]
    lat = counts[foot * 3 + 1] - base[foot * 3 + 1]
    if toe + lat < 40:
        return None
    return (lat if lateral else toe) / (toe + lat)


@pytest.mark.parametrize(("position", "variant"),
                         [("floor", "both"), ("step", "both"), ("sitting", "both"),
                          ("floor", "left")])
def test_ankles_out_lateral_share_above_0_6_near_the_top(position, variant):
    strips = StripModels(seed=1)
    states, reps = _rep_states("ankles_out", position, variant)

    def longest_out(rep):
        near_top = [s for s in states if rep.start_s <= s.t <= rep.end_s
                    and s.heel_mm >= 0.8 * rep.peak_mm]
        return max(_longest(near_top, lambda s, f=foot: (_share(strips, s, f, True) or 0) > 0.6)
                   for foot in (0, 1))

    assert longest_out(reps[1]) >= 0.4  # well over the contract's 200 ms
    assert longest_out(reps[0]) == 0.0 and longest_out(reps[2]) == 0.0


@pytest.mark.parametrize(("position", "variant"),
                         [("floor", "both"), ("step", "both"), ("step", "ecc_right")])
def test_heels_in_medial_share_above_0_85_while_lowering(position, variant):
    strips = StripModels(seed=1)
    states, reps = _rep_states("heels_in", position, variant)

    def longest_in(rep):
        last90 = max(s.t for s in states if rep.top_s <= s.t <= rep.end_s
                     and s.heel_mm >= 0.9 * rep.peak_mm)
        window = [s for s in states if last90 <= s.t <= rep.end_s]
        return max(_longest(window, lambda s, f=foot: (_share(strips, s, f, False) or 0) > 0.85)
                   for foot in (0, 1))

    assert longest_in(reps[1]) >= 0.45  # well over the contract's 300 ms
    assert longest_in(reps[0]) == 0.0 and longest_in(reps[2]) == 0.0


def test_too_fast_phases_are_far_quicker_than_prescribed():
    # up_s / down_s: the contract's 10 %-90 % travel times, against the tempo (2-1-2).
    strips = StripModels(seed=1)
    states, _reps = _rep_states("too_fast", "floor")
    rows = [(s.t, s.on_step, s.heel_mm, strips.ideal(s.loads_n)) for s in states]
    labels = label_reps(rows, tempo=(2, 1, 2))
    ratios = [min(r.up_s, r.down_s) / 2 for r in labels]
    assert ratios[1] < 0.15  # far under the contract's 30 %
    assert ratios[0] > 0.4 and ratios[2] > 0.4
    assert [r.faults for r in labels] == [[], ["too_fast"], []]


def test_partial_peak_is_well_under_70_percent_of_the_usual():
    _states, reps = _rep_states("partial", "step")
    usual = (reps[0].peak_mm + reps[2].peak_mm) / 2
    assert 15.0 <= reps[1].peak_mm < 0.6 * usual
    assert reps[1].faults == ("partial",)
