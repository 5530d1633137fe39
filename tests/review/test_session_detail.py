import dataclasses
import gzip
import math
from array import array

import pytest

from kiosk.errors import RecordingError
from kiosk.staff.review.detail import session_detail, session_overview
from kiosk.staff.review.traces import RecordingState, Samples, build_overview, read_samples


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
    c = ov.columns(800)
    for rep in d.reps:
        a = int(rep.start_s / ov.duration_s * 800)
        b = math.ceil(rep.end_s / ov.duration_s * 800)
        top = max(v for v in c.height_max[a:b] if v == v)
        assert abs(top - rep.peak_mm) < 6  # raw vs the smoothed rep peak
    shares = [v for v in c.share_min + c.share_max if v == v]
    assert min(shares) >= 0 and max(shares) <= 1
    # The second open reads the cache, and gives the same columns.
    _, again = session_overview(d, cache_dir=tmp_path)
    for x, y in zip(again.columns(800).height_max, c.height_max, strict=True):
        assert (x != x and y != y) or abs(x - y) <= 0.06
    assert list(tmp_path.glob("*.overview.json"))


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
    d2 = dataclasses.replace(d, recording_path=broken)
    assert session_overview(d2)[0] is RecordingState.DAMAGED


def test_min_max_per_column_keeps_a_short_peak_and_drops_a_spike():
    n = 100_001
    t = array("d", (k / 1000 for k in range(n)))
    tof = array("d", [100.0] * n)
    tof[50_000:50_003] = array("d", [180.0] * 3)  # three samples: a real movement
    tof[70_000] = 400.0  # one sample: a sensor spike, gone after the median of three
    ov = build_overview(Samples(t, tof, array("d", [0.5] * n)), [])
    c = ov.columns(300)
    assert max(v for v in c.height_max if v == v) == 80.0
    assert min(v for v in c.height_min if v == v) == 0.0


def test_unloaded_step_has_no_height_and_no_share(tmp_path):
    rows = ["t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel"]
    rows += [f"{k / 100:.2f},{300 if k < 50 else 100},{5 if k < 50 else 300},5,5,5,5,"
             f"{5 if k < 50 else 100}" for k in range(100)]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(rows) + "\n")
    samples = read_samples(path)
    assert all(s != s for s in samples.share[:50])  # empty step: NaN
    assert all(abs(s - 310 / 420) < 1e-9 for s in samples.share[50:])
    ov = build_overview(samples, [])
    assert ov.height_range() == (0.0, 0.0)  # the empty step's 300 mm is not a height


def test_malformed_row_names_its_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel\n0,1,2,3,4,5,6,7\n0.1,x\n")
    with pytest.raises(RecordingError, match="line 3"):
        read_samples(path)


def test_stored_fault_events_are_marked_where_they_happened(sample):
    store, ids = sample
    rep = store.query("SELECT id, start_s FROM reps WHERE session_id = ? ORDER BY start_s"
                      " LIMIT 1", [ids["recorded"]])[0]
    event = store.add_fault_event(ids["recorded"], "too_fast", rep["start_s"] + 0.4, rep["id"])
    try:
        marks = session_detail(store, ids["recorded"]).faults
        assert [(m.code, m.set_number, m.rep) for m in marks] == [("too_fast", 1, 1)]
        assert marks[0].t_s == rep["start_s"] + 0.4
    finally:
        store.db.execute("DELETE FROM fault_events WHERE id = ?", [event])
        store.db.conn.commit()
