"""A full disk ends the session cleanly: a clear message, and every rep shown is stored."""

from kiosk.session.view import Stage
from kiosk.storage.store import Store

from .conftest import small_programme


def _fill_the_disk(store):
    # SQLite's own limit: no page can be added, exactly like a full SD card.
    pages = store.query("PRAGMA page_count")[0]["page_count"]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_full_disk_ends_the_session_with_a_clear_error(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=50))
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 2)
    session_id = kiosk.service.session_id
    _fill_the_disk(kiosk.store)
    shown = []
    view = kiosk.run(60, patient, until=lambda v: shown.append(v.rep_count) or v.error)
    assert view.error and "full" in view.error.lower()
    assert "\n" not in view.error and "Traceback" not in view.error
    assert view.stage is Stage.FINISHED
    kiosk.run(5, patient)  # the kiosk carries on without crashing
    again = Store(kiosk.store.path)  # the next start
    try:
        stored = again.query("SELECT count(*) AS n FROM reps WHERE session_id = ?",
                             [session_id])[0]["n"]
        assert stored == max(shown) >= 2
        assert again.get_session(session_id)["status"] in ("stopped", "interrupted")
    finally:
        again.close()


def test_a_new_session_clears_the_error(kiosk):
    patient = kiosk.start(small_programme(sets=1, reps=50))
    kiosk.run(60, patient, until=lambda v: v.rep_count >= 1)
    _fill_the_disk(kiosk.store)
    kiosk.run(60, patient, until=lambda v: v.error)
    kiosk.store.db.execute("PRAGMA max_page_count = 1073741823")  # staff freed space
    kiosk.service.dismiss()
    kiosk.run(0.1)
    kiosk.service.begin_session(None, small_programme())
    view = kiosk.run(0.1)
    assert view.stage is Stage.CALIBRATING and view.error is None
