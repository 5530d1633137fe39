"""One Store shared by the session thread (writing) and the UI thread (reading)."""

from __future__ import annotations

import threading

from kiosk.storage import queries


def test_writer_thread_and_reader_thread_share_a_store(store, make_rep, open_session):
    sid = open_session(store)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for n in range(1, 101):
                store.add_rep(sid, 1 + (n - 1) // 25, 1 + (n - 1) % 25, make_rep(50.0 + n))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    seen = []
    while writer.is_alive():
        reps = queries.session_reps(store, sid)
        summary = store.get_session(sid)
        # Never half-written: the summary always matches the reps it describes.
        seen.append(len(reps) <= summary["rep_count"])
    writer.join()
    assert not errors
    assert all(seen)
    assert len(queries.session_reps(store, sid)) == 100
    assert store.get_session(sid)["rep_count"] == 100
