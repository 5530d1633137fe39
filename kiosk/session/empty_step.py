"""Between sessions: is anybody on the step, and what do the strips read when empty?

The strip baselines of the next session come from the newest empty-step
samples (``BaselineLearner``, the same learner the analysis uses before
somebody steps on), so a session starts with its strips already zeroed.
"""

from __future__ import annotations

from kiosk.analysis.calibration import BaselineLearner, Calibration
from kiosk.config import AnalysisConfig

# Off again below this share of the "occupied" counts (as the analysis does).
EMPTY_SHARE = 0.6


class EmptyStepWatcher:
    """Occupancy outside a session, and the empty step's strip baselines."""

    def __init__(self, settings: AnalysisConfig) -> None:
        self._occupied_counts = settings.occupied_counts
        self._learner = BaselineLearner(
            EMPTY_SHARE * settings.occupied_counts,
            settings.baseline_min_samples,
            settings.baseline_window,
        )

    def offer(self, strips: tuple[int, ...]) -> bool:
        """One idle sample; returns whether somebody is on the step."""
        empty = self._learner.offer(strips)
        return not empty

    def calibration(self) -> Calibration | None:
        """Baselines from the newest empty-step samples (None: too few seen)."""
        return self._learner.calibration()
