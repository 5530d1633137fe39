"""A session left open by a crash is marked interrupted on the next start, reps kept."""

from __future__ import annotations

from kiosk.storage import queries
from kiosk.storage.store import Store


def test_open_session_becomes_interrupted_with_its_reps(db_path, make_rep, open_session):
    store = Store(db_path)
    done = open_session(store)
    store.add_rep(done, 1, 1, make_rep())
    store.end_session(done, "completed")
    crashed = open_session(store)
    store.start_set(crashed, 1, 12)
    for n in range(1, 4):
        store.add_rep(crashed, 1, n, make_rep(70.0 + n))
    store.db.conn.close()  # the process dies: no end_session, no tidy close

    with Store(db_path) as reopened:
        assert reopened.recovered_sessions == [crashed]
        session = reopened.get_session(crashed)
        assert session["status"] == "interrupted"
        assert session["end_reason"] == "crash_or_power_loss"
        assert session["ended_at"] is not None
        assert [r["number"] for r in queries.session_reps(reopened, crashed)] == [1, 2, 3]
        assert reopened.query("SELECT ended_at FROM sets WHERE session_id = ?",
                              [crashed])[0]["ended_at"] is not None
        assert reopened.get_session(done)["status"] == "completed"

    with Store(db_path) as again:  # nothing left to recover
        assert again.recovered_sessions == []


def test_ending_twice_is_a_clear_error(store, open_session):
    import pytest

    from kiosk.storage.store import NotFoundError

    sid = open_session(store)
    store.end_session(sid, "stopped", reason="pain")
    with pytest.raises(NotFoundError):
        store.end_session(sid, "completed")
    assert store.get_session(sid)["status"] == "stopped"
