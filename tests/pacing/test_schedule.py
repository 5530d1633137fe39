"""Building a set's schedule from a programme: phases, their times, no drift."""

from __future__ import annotations

import pytest

from kiosk.pacing import build_set
from kiosk.programme import Programme, Tempo


def kinds_and_times(schedule):
    return [(p.kind, p.start, p.duration, p.rep) for p in schedule.phases]


def test_two_one_three_with_rest_and_rest_between_sets():
    programme = Programme(reps=2, sets=3, tempo=Tempo(2, 1, 3, 1), rest_between_sets_s=60)
    schedule = build_set(programme, set_index=1)
    assert kinds_and_times(schedule) == [
        ("countdown", 0.0, 1.0, 0), ("countdown", 1.0, 1.0, 0), ("countdown", 2.0, 1.0, 0),
        ("rise", 3.0, 2.0, 1), ("hold", 5.0, 1.0, 1), ("lower", 6.0, 3.0, 1), ("rest", 9.0, 1.0, 1),
        ("rise", 10.0, 2.0, 2), ("hold", 12.0, 1.0, 2), ("lower", 13.0, 3.0, 2),
        ("rest", 16.0, 1.0, 2),
        ("end_of_set", 17.0, 1.5, 0), ("set_rest", 18.5, 60.0, 0),
    ]
    assert [p.count for p in schedule.phases[:3]] == [3, 2, 1]
    assert build_set(programme, set_index=3).phases[-1].kind == "end_of_set"


def test_heel_rise_test_is_sixty_beats_a_minute_without_hold_or_rest():
    programme = Programme.heel_rise_test()
    schedule = build_set(programme)
    reps = [p for p in schedule.phases if p.rep]
    assert [p.kind for p in reps[:4]] == ["rise", "lower", "rise", "lower"]
    # one beat per phase change: 60 a minute
    starts = [p.start for p in reps[:61]]
    assert starts[60] - starts[0] == pytest.approx(60.0)


def test_adaptive_keeps_an_empty_rest_to_wait_in_and_spare_cycles():
    programme = Programme(reps=3, tempo=Tempo(1, 0, 1, 0))
    schedule = build_set(programme, keep_empty_rest=True, spare_reps=2)
    assert [p.kind for p in schedule.phases if p.rep == 1] == ["rise", "lower", "rest"]
    assert schedule.reps == 5
    assert schedule.target == 3


def test_a_half_hour_of_reps_lands_exactly_on_the_beat():
    """Rep starts are multiplied out, not summed: rep 900 is where arithmetic says."""
    tempo = Tempo(0.7, 0.3, 0.9, 0.1)  # 2.0 s cycle of awkward binary fractions
    schedule = build_set(Programme(reps=100, tempo=tempo))
    assert schedule.rep_start(901) - schedule.rep_start(1) == 1800.0
    assert schedule.boundary(901, "lower") == 3.0 + 1800.0 + 1.0
    rises = [p.start for p in schedule.phases if p.kind == "rise"]
    assert all(r == 3.0 + i * 2.0 for i, r in enumerate(rises))
