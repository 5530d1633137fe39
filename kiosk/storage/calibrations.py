"""Strip calibrations saved by staff (table ``strip_calibrations``).

The newest row is the step's calibration: every new session uses it and keeps
a copy, with its date, in the session's ``calibration`` JSON. Saving writes
the audit entry in the same transaction.
"""

from __future__ import annotations

import json

from kiosk.analysis.calibration import Calibration
from kiosk.storage.ids import iso_utc, new_id, parse_utc
from kiosk.storage.store import Store
from kiosk.strip_calibration import SavedCalibration

__all__ = ["latest_strip_calibration", "save_strip_calibration"]


def save_strip_calibration(store: Store, saved: SavedCalibration) -> SavedCalibration:
    """Store ``saved`` as the step's calibration; returns it with its new id."""
    row_id = new_id()
    at = iso_utc(saved.calibrated_at)
    with store.transaction() as db:
        db.table("strip_calibrations").insert({
            "id": row_id, "calibrated_at": at, "calibrated_by": saved.calibrated_by,
            "baselines": json.dumps(list(saved.calibration.baselines)),
            "gains": json.dumps(list(saved.calibration.gains)), "weight_kg": saved.weight_kg,
            "updated_at": at,
        })
        store.audit(saved.calibrated_by, "calibrate_strips", "strip_calibrations", row_id,
                    {"weight_kg": saved.weight_kg})
    return SavedCalibration(saved.calibration, saved.calibrated_at, saved.calibrated_by,
                            saved.weight_kg, row_id)


def latest_strip_calibration(store: Store) -> SavedCalibration | None:
    """The newest saved calibration; None when staff never calibrated this step."""
    rows = store.query(
        "SELECT id, calibrated_at, calibrated_by, baselines, gains, weight_kg"
        " FROM strip_calibrations ORDER BY calibrated_at DESC, id DESC LIMIT 1")
    if not rows:
        return None
    r = rows[0]
    calibration = Calibration(tuple(float(b) for b in json.loads(r["baselines"])),
                              tuple(float(g) for g in json.loads(r["gains"])))
    return SavedCalibration(calibration, parse_utc(r["calibrated_at"]), r["calibrated_by"],
                            float(r["weight_kg"]), r["id"])
