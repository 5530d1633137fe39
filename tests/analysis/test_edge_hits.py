"""Edge hits: runs of readings at the step edge's level in the middle of a rise split no rep."""

from __future__ import annotations

import pytest
from synth_analysis import RepSpec, Script, run

from kiosk.analysis.height import LiveHeight
from kiosk.programme import Tempo


def _mid_rise_hits(script: Script, length_s: float, when: float = 0.45
                   ) -> list[tuple[float, float]]:
    """One hit per rep, starting ``when`` of the way through the rise (about half way up)."""
    hits, t = [], script.lead_s
    for rep in script.reps:
        hits.append((t + when * rep.up_s, length_s))
        t += rep.up_s + rep.hold_s + rep.down_s + rep.rest_s
    return hits


@pytest.mark.parametrize("rate", [50, 100, 200, 1000])
@pytest.mark.parametrize("length_s", [0.02, 0.06, 0.15])
def test_a_run_at_the_edge_level_mid_rise_is_not_a_rep(rate, length_s):
    reps = [RepSpec(peak_mm=75, up_s=1.0, hold_s=0.5, down_s=1.5) for _ in range(5)]
    script = Script(reps=reps, rate_hz=rate, noise_mm=2.0, jitter=0.2, edge_mm=-2.0, seed=rate)
    script.edge_hits = _mid_rise_hits(script, length_s)
    engine, _ = run(script, tempo=Tempo(1.0, 0.5, 1.5), target_mm=75.0)
    assert len(engine.reps) == 5
    assert all(rep.faults == () for rep in engine.reps)
    assert all(abs(rep.peak_mm - 75.0) < 3.0 for rep in engine.reps)


@pytest.mark.parametrize("rate", [100, 200])
@pytest.mark.parametrize("length_s", [0.06, 0.15])
def test_an_edge_run_on_a_7_mm_noise_sensor_splits_no_rep(rate, length_s):
    """Part way up (about 40 mm), a very noisy sensor's tolerance (4 SDs) lets an edge
    reading through: the second one in a row, far below the filtered heel, is refused."""
    reps = [RepSpec(peak_mm=70, up_s=1.2, hold_s=0.5, down_s=1.5) for _ in range(5)]
    script = Script(reps=reps, rate_hz=rate, noise_mm=7.0, jitter=0.2, edge_mm=0.0, seed=rate)
    script.edge_hits = _mid_rise_hits(script, length_s, when=0.55)
    engine, _ = run(script, tempo=Tempo(1.2, 0.5, 1.5), target_mm=70.0)
    assert len(engine.reps) == 5
    assert all(rep.faults == () for rep in engine.reps)


def test_a_new_level_that_persists_is_taken_after_a_while():
    height = LiveHeight(relock_s=0.2)
    for k in range(100):
        height.feed(k * 0.01, 100.0)
    for k in range(100, 130):
        height.feed(k * 0.01, 180.0)  # the foot moved on the sensor: a real new level
    assert height.value == pytest.approx(180.0)
    assert 15 <= height.rejected <= 25


def test_a_spike_is_refused_and_the_heel_kept():
    height = LiveHeight()
    for k in range(50):
        height.feed(k * 0.01, 100.0 + k * 0.5)  # rising at 50 mm/s
    height.feed(0.50, 20.0)
    height.feed(0.51, 20.0)
    assert height.in_excursion and height.rejected == 2
    height.feed(0.52, 126.0)
    assert not height.in_excursion
    assert height.value == pytest.approx(124.5, abs=2.0)


def _rise(height: LiveHeight, until: float, speed: float = 400.0) -> float:
    """Feed a steady rise at ``speed`` mm/s from 100 mm, 100 Hz; returns the last distance."""
    distance = 100.0
    for k in range(int(until * 100) + 1):
        distance = 100.0 + speed * k * 0.01
        height.feed(k * 0.01, distance)
    return distance


def test_a_latency_burst_in_a_fast_rise_is_no_excursion():
    height = LiveHeight()
    last = _rise(height, 0.10)  # 140 mm at 0.10 s
    for k in range(11, 17):
        height.feed(k * 0.01, last)  # the sensor re-sends its last value for 60 ms
    height.feed(0.17, 100.0 + 400.0 * 0.17)  # fresh again: 28 mm further up
    assert not height.in_excursion
    assert height.rejected == 0


def test_an_edge_hit_after_repeated_values_is_still_refused():
    height = LiveHeight()
    last = _rise(height, 0.10)
    for k in range(11, 14):
        height.feed(k * 0.01, last)
    height.feed(0.14, 100.0)  # the step's edge (the rest level), against the rise
    assert height.in_excursion


def test_a_noisy_reading_at_a_fast_top_is_no_excursion():
    height = LiveHeight()
    height.rest_level = 100.0
    _rise(height, 0.15)  # 160 mm, still at 400 mm/s by the estimate
    height.feed(0.16, 162.0)  # the heel stopped at the top...
    height.feed(0.17, 149.0)  # ...and a reading 3 SDs low: not the edge (100 mm)
    assert not height.in_excursion


def test_an_edge_reading_first_after_a_dropout_does_not_end_the_rep():
    height = LiveHeight()
    height.rest_level = 100.0
    for k in range(50):
        height.feed(k * 0.01, 160.0)  # the heel held 60 mm up
    height.feed(0.80, 100.0)  # after a 0.3 s dropout: the edge's level, not the heel
    assert height.in_excursion and height.value == pytest.approx(160.0)
    for k in range(81, 90):
        height.feed(k * 0.01, 168.0)  # the heel, higher than before the dropout
    assert not height.in_excursion
    assert height.value == pytest.approx(168.0, abs=3.0)


def test_an_edge_hit_cut_short_by_a_dropout_is_no_new_level():
    """Two edge readings, a 0.3 s dropout, one more at the edge: the level has not been
    seen to persist (the time without readings does not count), so the heel, still up
    and lowering, is kept (seed 12's real_everything_50hz split its first rep here)."""
    height = LiveHeight(relock_s=0.25)
    height.rest_level = 110.0
    for k in range(60):
        height.feed(k * 0.02, 180.0)  # 70 mm up, a 1 cm sensor at 50 Hz
    height.feed(1.20, 110.0)  # the step's edge...
    height.feed(1.22, 110.0)
    for k in range(62, 77):
        height.feed(k * 0.02, None)  # ...then nothing for 0.3 s
    height.feed(1.54, 110.0)  # the edge again, 0.34 s after the hit began
    assert height.in_excursion and height.value == pytest.approx(180.0)
    height.feed(1.56, 160.0)  # the heel, lower by now
    assert not height.in_excursion and height.value == pytest.approx(160.0, abs=1.0)


def test_a_heel_heading_down_may_land_during_a_dropout_that_cut_an_excursion_short():
    """The same, but the heel was coming down fast: after the dropout it is back at rest
    (seed 5's real_everything_100hz_fast ran two reps together without this)."""
    height = LiveHeight(relock_s=0.25)
    height.rest_level = 130.0
    distance = 190.0
    for k in range(40):
        height.feed(k * 0.01, distance)  # held 60 mm up...
    for k in range(40, 45):
        distance -= 2.0
        height.feed(k * 0.01, distance)  # ...then lowering at 200 mm/s
    height.feed(0.45, 130.0)  # an edge reading at the rest level...
    height.feed(0.46, 130.0)
    assert height.in_excursion
    for k in range(47, 117):
        height.feed(k * 0.01, None)  # ...a 0.7 s dropout...
    height.feed(1.17, 130.0)  # ...and the heel at rest: landed meanwhile
    assert not height.in_excursion and height.value == pytest.approx(130.0)
