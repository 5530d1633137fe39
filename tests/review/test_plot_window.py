"""The session plot's domain side: the spike-proof height scale, the time window (opening
view, zoom, pan), time ticks, and an overview fine enough to zoom into."""

from __future__ import annotations

import math

import pytest

from kiosk.sim.samples.review import SPIKE_MM
from kiosk.staff.review.detail import session_detail, session_overview
from kiosk.staff.review.height_scale import height_range
from kiosk.staff.review.time_window import (
    MIN_SPAN_S,
    TimeWindow,
    opening_window,
    time_ticks,
)
from kiosk.staff.review.traces import BUCKET_S, overview_buckets


def test_a_spike_does_not_set_the_height_scale(sample):
    store, ids = sample
    d = session_detail(store, ids["long"])
    _state, ov = session_overview(d)
    assert ov is not None
    assert max(v for v in ov.height_max if v == v) > SPIKE_MM - 10  # the spike is there
    bottom, top = height_range(ov.height_max, ov.height_min, [r.peak_mm for r in d.reps],
                               [d.target_mm, d.step_level_mm])
    peak = max(r.peak_mm for r in d.reps)
    assert peak < top <= 1.6 * peak
    assert min(v for v in ov.height_min if v == v) >= bottom  # the step's below-zero stays


def test_a_rep_peaking_far_above_the_others_is_clipped_too():
    flat = [0.0] * 1000
    bottom, top = height_range(flat, flat, [70, 72, 68, 71, 350], [None])
    assert 72 < top < 120 and bottom <= -10
    assert height_range(flat, flat, [], [None])[1] >= 20  # a flat trace still has an axis
    assert height_range(flat, flat, [40], [90.0])[1] > 90  # the target always shows
    nan = [math.nan] * 10
    assert height_range(nan, nan, [], []) == height_range([], [], [], [])


def test_a_long_session_opens_on_its_reps():
    reps = [(10.0 + 7 * k, 14.0 + 7 * k) for k in range(12)]  # 10 s to 91 s
    w = opening_window(3960.0, reps)  # left open for 66 minutes
    assert w.start == pytest.approx(5.0) and w.end == pytest.approx(96.0)
    assert not w.is_whole and w.total == 3960.0
    assert opening_window(120.0, reps).is_whole  # reps fill most of it: all of it
    assert opening_window(120.0, []).is_whole


def test_zoom_and_pan_stay_inside_the_session():
    w = TimeWindow.whole(600.0)
    z = w.zoomed(2)
    assert (z.start, z.end) == (150.0, 450.0)
    assert w.zoomed(0.5) == w  # never wider than the session
    z2 = z.zoomed(2, centre=450.0)  # keeps 450 where it was on screen (the right edge)
    assert z2.end == pytest.approx(450.0) and z2.span == pytest.approx(150.0)
    p = z.panned(1).panned(1)
    assert (p.start, p.end) == (300.0, 600.0)  # stops at the end
    assert z.panned(-5).start == 0.0
    tiny = w.zoomed(10_000)
    assert tiny.span == pytest.approx(MIN_SPAN_S)
    assert TimeWindow.whole(4.0).zoomed(10).span == pytest.approx(4.0)  # shorter than MIN
    assert w.showing(math.nan, 3.0) == w


def test_time_ticks_fall_on_round_seconds_and_minutes():
    assert time_ticks(0, 110, 7) == [0, 30, 60, 90]
    assert time_ticks(0, 3960, 7) == [0, 900, 1800, 2700, 3600]
    assert time_ticks(61, 79, 7) == [65, 70, 75]
    assert time_ticks(5, 5) == []


def test_overview_is_fine_enough_to_zoom_into_a_long_session(sample):
    store, ids = sample
    d = session_detail(store, ids["long"])
    _state, ov = session_overview(d)
    assert ov is not None
    assert ov.duration_s / len(ov.height_max) <= BUCKET_S + 1e-9
    assert overview_buckets(10.0) == 4096 and overview_buckets(1e6) == 65536
    rep = d.reps[0]
    # The narrowest view over one rep: every column has a value, the peak shows.
    c = ov.columns(700, rep.start_s - 2, rep.start_s - 2 + MIN_SPAN_S)
    assert all(v == v for v in c.height_max)
    assert max(c.height_max) == pytest.approx(rep.peak_mm, abs=6)
