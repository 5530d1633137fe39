"""Saved strip calibrations: the newest wins, survives a restart, is audited, and a
kiosk's calibration is not carried to another kiosk by merge."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.analysis.calibration import Calibration
from kiosk.storage.calibrations import latest_strip_calibration, save_strip_calibration
from kiosk.storage.store import Store
from kiosk.strip_calibration import SavedCalibration

CAL = Calibration((1.0, 2.0, 3.0, 4.0, 5.0, 6.0), (1.1, 0.9, 1.0, 2.5, 1.0, 0.7))


def test_none_until_saved_then_the_newest_after_a_restart(tmp_path):
    path = tmp_path / "smartstep.db"
    with Store(path) as store:
        assert latest_strip_calibration(store) is None
        save_strip_calibration(store, SavedCalibration(
            CAL, datetime(2026, 11, 20, 9, 0, tzinfo=UTC), "Ada", 10.0))
        save_strip_calibration(store, SavedCalibration(
            Calibration(), datetime(2026, 10, 1, 9, 0, tzinfo=UTC), "Old", 5.0))
    with Store(path) as store:
        latest = latest_strip_calibration(store)
        assert latest is not None and latest.calibration == CAL
        assert latest.calibrated_by == "Ada" and latest.weight_kg == 10.0
        assert latest.calibrated_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
        audit = store.query("SELECT actor FROM audit_log WHERE action = 'calibrate_strips'")
        assert sorted(r["actor"] for r in audit) == ["Ada", "Old"]


def test_not_merged_between_kiosks():
    from kiosk.sync.merge import KIOSK_ONLY_TABLES

    assert "strip_calibrations" in KIOSK_ONLY_TABLES
