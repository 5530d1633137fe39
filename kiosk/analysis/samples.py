"""The sample: one moment of the step, as recorded and as analysed."""

from __future__ import annotations

from dataclasses import dataclass

# Column order of the six pressure strips, as in the recording format
# (the recording format): big toe / medial forefoot, lateral forefoot, heel.
STRIP_NAMES: tuple[str, ...] = ("l_toe", "l_lat", "l_heel", "r_toe", "r_lat", "r_heel")
L_TOE, L_LAT, L_HEEL, R_TOE, R_LAT, R_HEEL = range(6)


@dataclass(frozen=True, slots=True)
class Sample:
    """One sample of the step.

    :param t: seconds since the recording (or session) started, monotonic.
    :param tof_mm: raw ToF distance in mm, or None when there was no valid reading.
    :param strips: raw 10-bit ADC counts of the six strips, in ``STRIP_NAMES`` order.
    """

    t: float
    tof_mm: float | None
    strips: tuple[int, int, int, int, int, int]
