import gzip

import numpy as np

from kiosk.staff.review.detail import session_detail, session_overview
from kiosk.staff.review.traces import RecordingState, build_overview


def test_detail_has_the_reps_faults_and_phases(sample):
    store, ids = sample
    d = session_detail(store, ids["recorded"])
    assert d.recording is RecordingState.OK
    assert len(d.reps) == 12 and {r.set_number for r in d.reps} == {1, 2}
    codes = {m.code for m in d.faults}
    assert {"ankles_out", "heels_in"} <= codes
    for mark in d.faults:  # each mark sits inside its rep
        rep = next(r for r in d.reps if (r.set_number, r.number) == (mark.set_number, mark.rep))
        assert rep.start_s <= mark.t_s <= rep.end_s
    assert [p.kind for p in d.asked[:3]] == ["rise", "hold", "lower"]
    assert d.step_level_mm == 0.0


def test_overview_heights_match_the_stored_peaks(sample, tmp_path):
    store, ids = sample
    d = session_detail(store, ids["recorded"])
    state, ov = session_overview(d, cache_dir=tmp_path)
    assert state is RecordingState.OK and ov is not None
    _hmin, hmax, smin, smax = ov.columns(800)
    for rep in d.reps:
        a = int(rep.start_s / ov.duration_s * 800)
        b = int(np.ceil(rep.end_s / ov.duration_s * 800))
        assert abs(np.nanmax(hmax[a:b]) - rep.peak_mm) < 6  # raw vs the smoothed rep peak
    assert np.nanmin(smin) >= 0 and np.nanmax(smax) <= 1
    # The second open reads the cache, and gives the same columns.
    _, again = session_overview(d, cache_dir=tmp_path)
    assert np.allclose(again.columns(800)[1], hmax, equal_nan=True, atol=1e-3)
    assert list(tmp_path.glob("*.overview.npz"))


def test_pruned_recording_gives_the_table_alone(sample):
    store, ids = sample
    d = session_detail(store, ids["pruned"])
    assert d.recording is RecordingState.PRUNED
    assert d.reps
    assert session_overview(d) == (RecordingState.PRUNED, None)


def test_damaged_recording_is_reported_not_raised(sample, tmp_path):
    store, ids = sample
    d = session_detail(store, ids["recorded"])
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(gzip.compress(b"t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel\n1,2,x\n"))
    import dataclasses
    d2 = dataclasses.replace(d, recording_path=broken)
    assert session_overview(d2)[0] is RecordingState.DAMAGED


def test_min_max_per_column_keeps_a_one_sample_peak():
    t = np.linspace(0, 100, 100_001)
    tof = np.full_like(t, 100.0)
    tof[50_000:50_003] = 180.0  # three samples: survives the median of three
    strips = np.full((t.size, 6), 200.0)
    ov = build_overview(t, tof, strips, [])
    hmin, hmax, _, _ = ov.columns(300)
    assert np.nanmax(hmax) == 80.0 and np.nanmin(hmin) == 0.0
