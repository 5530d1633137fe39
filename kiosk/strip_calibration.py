"""A strip calibration saved by staff: the strips' baselines and gains with when, by
whom and with which weight. Pure data, shared by the layers it crosses: storage saves
it (``kiosk.storage.calibrations``), the technician service makes it, its screens show
it, and each session keeps a copy (``session_json``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.analysis.calibration import Calibration
from kiosk.storage.ids import iso_utc

__all__ = ["SavedCalibration"]


@dataclass(frozen=True, slots=True)
class SavedCalibration:
    calibration: Calibration
    calibrated_at: datetime  # UTC
    calibrated_by: str
    weight_kg: float
    id: str = ""

    def session_json(self) -> dict[str, object]:
        """What a session keeps of the calibration it was analysed with."""
        return {
            "source": "staff",
            "calibration_id": self.id,
            "calibrated_at": iso_utc(self.calibrated_at),
            "calibrated_by": self.calibrated_by,
            "weight_kg": self.weight_kg,
            "baselines": [round(b, 2) for b in self.calibration.baselines],
            "gains": [round(g, 4) for g in self.calibration.gains],
        }
