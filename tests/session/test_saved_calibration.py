"""New sessions use staff's saved strip calibration (and keep it, dated, on the session);
without one, the baselines learned from the empty step."""

from datetime import UTC, datetime

from kiosk.analysis.calibration import Calibration
from kiosk.session.service import SessionService
from kiosk.staff.service import build_staff_services
from kiosk.storage.calibrations import latest_strip_calibration, save_strip_calibration
from kiosk.strip_calibration import SavedCalibration

from .conftest import small_programme

AT = datetime(2026, 11, 20, 14, 5, tzinfo=UTC)
CAL = Calibration((11.0, 12.0, 13.0, 14.0, 15.0, 16.0), (1.5, 1.0, 0.8, 1.2, 1.0, 2.0))


def test_a_session_uses_the_newest_saved_calibration(kiosk):
    store = kiosk.store
    older = SavedCalibration(Calibration(), datetime(2026, 1, 2, tzinfo=UTC), "Old", 5.0)
    save_strip_calibration(store, older)
    saved = save_strip_calibration(store, SavedCalibration(CAL, AT, "Ada", 10.0))
    kiosk.service = SessionService(store, kiosk.config,
                                   saved_calibration=lambda: latest_strip_calibration(store))
    kiosk.start(small_programme(sets=1, reps=2))
    used = kiosk.session_row()["calibration"]
    assert used["source"] == "staff" and used["calibration_id"] == saved.id
    assert used["calibrated_at"].startswith("2026-11-20T14:05")
    assert used["gains"] == list(CAL.gains) and used["baselines"] == list(CAL.baselines)


def test_the_session_record_shows_the_calibration_date(kiosk):
    store = kiosk.store
    save_strip_calibration(store, SavedCalibration(CAL, AT, "Ada", 10.0))
    kiosk.service = SessionService(store, kiosk.config,
                                   saved_calibration=lambda: latest_strip_calibration(store))
    pid = store.add_patient("Anna Berger", "C-1")
    kiosk.start(small_programme(sets=1, reps=2), patient_id=pid)
    kiosk.service.stop()
    kiosk.run(0.05)
    staff = build_staff_services(store, kiosk.config)
    records = staff.patients.sessions(pid)
    assert records[0].calibrated_at == AT


def test_without_a_saved_calibration_the_empty_step_baselines(kiosk):
    kiosk.service = SessionService(kiosk.store, kiosk.config,
                                   saved_calibration=lambda: None)
    kiosk.run(1.0)  # the empty step before anybody steps on
    kiosk.start(small_programme(sets=1, reps=2))
    used = kiosk.session_row()["calibration"]
    assert used is not None and "source" not in used and len(used["baselines"]) == 6


def test_the_engine_gets_the_saved_gains(kiosk):
    store = kiosk.store
    save_strip_calibration(store, SavedCalibration(CAL, AT, "Ada", 10.0))
    kiosk.service = SessionService(store, kiosk.config,
                                   saved_calibration=lambda: latest_strip_calibration(store))
    kiosk.start(small_programme(sets=1, reps=2))
    assert kiosk.service._session.parts.engine.calibration == CAL
