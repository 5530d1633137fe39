"""The staff-screen queries give the right figures on a small known history."""

from __future__ import annotations

import pytest

from kiosk.programme import Programme
from kiosk.storage import queries


@pytest.fixture
def history(store, make_rep):
    """Two patients and a guest over two ISO weeks (2026-W10 and W11)."""
    ann = store.add_patient("Ann")
    bob = store.add_patient("Bob")
    never = store.add_patient("Cleo")  # no session yet
    sessions = {}
    plan = [
        ("ann1", ann, "2026-03-02T09:00:00.000Z", [(60.0, (), 70.0), (70.0, ("partial",), 80.0)]),
        ("ann2", ann, "2026-03-10T09:00:00.000Z", [(80.0, (), 90.0), (90.0, (), 100.0)]),
        ("bob1", bob, "2026-03-04T09:00:00.000Z", [(100.0, ("too_fast",), None)]),
        ("guest", None, "2026-03-11T15:00:00.000Z", [(50.0, (), None)]),
    ]
    for key, patient, started, reps in plan:
        sid = store.start_session(patient, Programme(variant="both"), step_id="s",
                                  started_at=started)
        for n, (peak, faults, lsi) in enumerate(reps, 1):
            store.add_rep(sid, 1, n, make_rep(peak, faults, lsi=lsi))
        store.end_session(sid, "completed")
        sessions[key] = sid
    return {"ann": ann, "bob": bob, "never": never, **sessions}


def test_patients_with_last_session(store, history):
    rows = queries.patients_with_last_session(store)
    assert [r["name"] for r in rows] == ["Ann", "Bob", "Cleo"]  # last seen first
    ann, bob, cleo = rows
    assert ann["last_session_id"] == history["ann2"] and ann["sessions"] == 2
    assert ann["last_peak_mean_mm"] == 85.0 and ann["last_lsi_mean"] == 95.0
    assert bob["last_rep_count"] == 1 and bob["last_status"] == "completed"
    assert cleo["last_session_id"] is None and cleo["sessions"] == 0
    store.archive_patient(history["bob"])
    assert [r["name"] for r in queries.patients_with_last_session(store)] == ["Ann", "Cleo"]
    assert len(queries.patients_with_last_session(store, include_archived=True)) == 3
    page = queries.patients_with_last_session(store, include_archived=True, limit=2, offset=1)
    assert [r["name"] for r in page] == ["Bob", "Cleo"]


def test_patient_history(store, history):
    rows = queries.patient_history(store, history["ann"])
    assert [r["id"] for r in rows] == [history["ann2"], history["ann1"]]
    first = rows[1]
    assert (first["rep_count"], first["peak_mean_mm"], first["peak_max_mm"]) == (2, 65.0, 70.0)
    assert first["lsi_mean"] == 75.0 and first["fault_counts"] == {"partial": 1}
    assert first["variant"] == "both" and first["status"] == "completed"
    assert rows[0]["fault_counts"] == {}
    assert len(queries.patient_history(store, history["ann"], limit=1)) == 1


def test_session_reps_in_order(store, history):
    reps = queries.session_reps(store, history["ann1"])
    assert [(r["number"], r["peak_mm"], r["faults"]) for r in reps] == [
        (1, 60.0, []), (2, 70.0, ["partial"])]


def test_weekly_trends(store, history):
    weeks = queries.weekly_trends(store)
    assert [(w["week"], w["week_start"], w["sessions"], w["reps"]) for w in weeks] == [
        ("2026-W10", "2026-03-02", 2, 3), ("2026-W11", "2026-03-09", 2, 3)]
    assert weeks[0]["mean_peak_mm"] == pytest.approx((60 + 70 + 100) / 3)
    assert weeks[0]["mean_lsi"] == pytest.approx(75.0)  # Bob's session has no LSI
    assert weeks[1]["mean_peak_mm"] == pytest.approx((80 + 90 + 50) / 3)

    ann = queries.weekly_trends(store, history["ann"])
    assert [(w["week"], w["sessions"], w["mean_peak_mm"]) for w in ann] == [
        ("2026-W10", 1, 65.0), ("2026-W11", 1, 85.0)]
    assert [w["week"] for w in queries.weekly_trends(store, since="2026-03-11")] == ["2026-W11"]
