"""How well the step measured a session: ToF dropouts and noise, the strips'
calibration, a simulated device, and the verdict they give.

``SensorHealth`` is fed every sample of a session (cheap: a few additions);
``quality_verdict`` turns its numbers into ``good`` / ``fair`` / ``poor`` with the
reasons (codes; the screens word them). Thresholds: ``QualityLimits`` (config
section ``[heel_rise]``, documented in docs/analysis.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

VERDICTS = ("good", "fair", "poor")
# Reasons, each with the verdict it gives at worst.
REASONS = ("tof_dropouts", "tof_noise", "strips_not_calibrated", "strips_calibration_old",
           "simulated")
STILL_MM = 5.0  # heel readings below this count as the heel at rest, for the noise


@dataclass(frozen=True, slots=True)
class QualityLimits:
    fair_dropout_share: float = 0.02
    poor_dropout_share: float = 0.10
    fair_noise_mm: float = 1.5
    poor_noise_mm: float = 3.0
    calibration_max_age_days: float = 180.0


@dataclass(frozen=True, slots=True)
class HealthFigures:
    samples: int
    tof_dropout_share: float  # share of samples without a heel-height reading
    tof_noise_mm: float | None  # SD of the heel height at rest (pooled over rest stretches)


@dataclass(frozen=True, slots=True)
class Quality:
    verdict: str  # one of VERDICTS
    reasons: tuple[str, ...]  # codes from REASONS, worst first


class SensorHealth:
    """Counts ToF dropouts and the heel height's spread while the heel rests."""

    def __init__(self) -> None:
        self.samples = 0
        self.dropouts = 0
        self._n = 0  # current rest stretch (Welford)
        self._mean = 0.0
        self._m2 = 0.0
        self._pooled_m2 = 0.0
        self._pooled_df = 0

    def feed(self, tof_mm: float | None, heel_mm: float | None) -> None:
        self.samples += 1
        if tof_mm is None:
            self.dropouts += 1
        if heel_mm is None or heel_mm >= STILL_MM:
            self._close()
            return
        self._n += 1
        delta = heel_mm - self._mean
        self._mean += delta / self._n
        self._m2 += delta * (heel_mm - self._mean)

    def figures(self) -> HealthFigures:
        self._close()
        noise = (math.sqrt(self._pooled_m2 / self._pooled_df) if self._pooled_df >= 10
                 else None)
        share = self.dropouts / self.samples if self.samples else 0.0
        return HealthFigures(self.samples, share, noise)

    def _close(self) -> None:
        # Each rest stretch around its own mean: a slow drift between reps is no noise.
        if self._n >= 2:
            self._pooled_m2 += self._m2
            self._pooled_df += self._n - 1
        self._n = 0
        self._mean = 0.0
        self._m2 = 0.0


def quality_verdict(figures: HealthFigures, *, calibration: str,
                    calibration_age_days: float | None, simulated: bool,
                    limits: QualityLimits) -> Quality:
    """The verdict from the sensors' figures.

    :param calibration: ``staff`` (a saved strip calibration), ``learned`` (only the
        empty step's baselines) or ``none``.
    :param calibration_age_days: the staff calibration's age (None: not known).
    :param simulated: a device of the step was simulated: no measurement of a person.
    """
    poor: list[str] = []
    fair: list[str] = []
    if figures.tof_dropout_share >= limits.poor_dropout_share:
        poor.append("tof_dropouts")
    elif figures.tof_dropout_share >= limits.fair_dropout_share:
        fair.append("tof_dropouts")
    noise = figures.tof_noise_mm
    if noise is not None and noise >= limits.poor_noise_mm:
        poor.append("tof_noise")
    elif noise is not None and noise >= limits.fair_noise_mm:
        fair.append("tof_noise")
    if calibration != "staff":
        fair.append("strips_not_calibrated")
    elif (calibration_age_days is not None
          and calibration_age_days > limits.calibration_max_age_days):
        fair.append("strips_calibration_old")
    if simulated:
        poor.append("simulated")
    verdict = "poor" if poor else "fair" if fair else "good"
    return Quality(verdict, tuple(poor + fair))
