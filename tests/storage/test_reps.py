"""add_rep stores every analysis field durably and keeps the session summary right."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from kiosk.analysis.events import Rep
from kiosk.storage import queries
from kiosk.storage.store import Store


def test_every_field_of_the_analysis_rep_round_trips(db_path, open_session):
    rep = Rep(number=1, start_s=3.12, top_s=4.4, end_s=6.05, peak_mm=72.4, up_s=0.95,
              down_s=1.1, stance="ecc_left", faults=("too_fast", "ankles_out"),
              left_share=0.48, lsi=92.3, toe_share_left=0.61, toe_share_right=None, tut_s=2.93)
    with Store(db_path) as store:
        sid = open_session(store)
        store.add_rep(sid, 1, 1, rep)
        store.add_rep(sid, 1, 2, {**make_dict(rep), "number": 2, "jerk": 0.4})
    with Store(db_path) as store:  # a fresh connection sees exactly what was committed
        first, second = queries.session_reps(store, sid)
    assert (first["start_s"], first["top_s"], first["end_s"]) == (3.12, 4.4, 6.05)
    assert (first["peak_mm"], first["up_s"], first["down_s"]) == (72.4, 0.95, 1.1)
    assert first["stance"] == "ecc_left"
    assert first["faults"] == ["ankles_out", "too_fast"]
    assert (first["left_share"], first["lsi"], first["tut_s"]) == (0.48, 92.3, 2.93)
    assert (first["toe_share_left"], first["toe_share_right"]) == (0.61, None)
    assert (first["session_id"], first["set_number"], first["number"]) == (sid, 1, 1)
    assert first["extras"] == {} and first["updated_at"].endswith("Z")
    # A field the table has no column for is kept, not dropped.
    assert second["extras"] == {"jerk": 0.4}


def make_dict(rep: Rep) -> dict:
    return dataclasses.asdict(rep)


def test_summary_follows_each_rep(store, make_rep, open_session):
    sid = open_session(store)
    store.add_rep(sid, 1, 1, make_rep(60.0, lsi=80.0))
    store.add_rep(sid, 1, 2, make_rep(90.0, ("partial",), lsi=100.0))
    store.add_rep(sid, 2, 1, make_rep(75.0, ("partial", "heels_in")))
    s = store.get_session(sid)
    assert s["rep_count"] == 3
    assert s["peak_mean_mm"] == pytest.approx(75.0) and s["peak_max_mm"] == 90.0
    assert s["lsi_mean"] == pytest.approx(90.0)  # reps without an LSI do not count
    assert s["fault_reps"] == 2
    assert s["fault_counts"] == {"heels_in": 1, "partial": 2}


def test_same_rep_twice_is_refused_and_not_doubled(store, make_rep, open_session):
    sid = open_session(store)
    store.add_rep(sid, 1, 1, make_rep())
    with pytest.raises(sqlite3.IntegrityError):
        store.add_rep(sid, 1, 1, make_rep())
    assert store.get_session(sid)["rep_count"] == 1


def test_a_rep_without_a_peak_is_refused(store, make_rep, open_session):
    sid = open_session(store)
    rep = make_rep()
    del rep["peak_mm"]
    with pytest.raises(ValueError, match="peak_mm"):
        store.add_rep(sid, 1, 1, rep)
    assert queries.session_reps(store, sid) == []
