"""Calibration: strip baselines and gains (staff), and the zero height (each set).

- ``Calibration``: per-strip empty-step baseline (counts) and gain, from staff
  calibration; shares and loads use ``(counts - baseline) * gain``.
- ``BaselineLearner``: the one place empty-step baselines are learned from
  samples (the engine before somebody steps on, the kiosk between sessions).
- ``ZeroFinder``: zero height = the heel's raw ToF level over the first still
  two-foot stance of ``zero_still_s`` seconds (the analysis definitions).
- ``RestFinder``: the same level from the strips and the ToF together, sooner: while
  the heel strips carry load the heel is down, so a still run of readings then is
  the rest level after a fraction of a second; a longer run, once seen, revises it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.analysis.samples import Sample
from kiosk.errors import UserError


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per-strip baseline (empty-step counts) and gain, in ``STRIP_NAMES`` order."""

    baselines: tuple[float, ...] = (0.0,) * 6
    gains: tuple[float, ...] = (1.0,) * 6

    def __post_init__(self) -> None:
        if len(self.baselines) != 6 or len(self.gains) != 6:
            raise UserError("calibration needs six baselines and six gains")
        if any(not 0 < g <= 100 for g in self.gains):
            raise UserError("calibration gains must be above 0 and at most 100")

    @property
    def is_identity(self) -> bool:
        return all(b == 0 for b in self.baselines) and all(g == 1 for g in self.gains)

    @classmethod
    def from_empty_step(cls, samples: Iterable[Sample]) -> Calibration:
        """Baselines: mean counts of each strip while nobody is on the step."""
        sums = [0.0] * 6
        n = 0
        for s in samples:
            for i in range(6):
                sums[i] += s.strips[i]
            n += 1
        if n == 0:
            raise UserError("empty-step calibration needs some samples")
        return cls(baselines=tuple(v / n for v in sums))

    def with_gains(self, samples: Iterable[Sample], reference_counts: float = 300.0) -> Calibration:
        """Gains from a loaded stance where every strip should read alike.

        Each strip's mean above baseline is scaled to ``reference_counts`` (staff
        press a calibration weight on each strip in turn, or stand evenly).
        """
        sums = [0.0] * 6
        n = 0
        for s in samples:
            for i in range(6):
                sums[i] += s.strips[i] - self.baselines[i]
            n += 1
        if n == 0:
            raise UserError("gain calibration needs some samples")
        gains = []
        for i in range(6):
            mean = sums[i] / n
            if mean < 5:
                raise UserError(f"strip {i + 1} carried no load during gain calibration")
            gains.append(min(100.0, reference_counts / mean))
        return Calibration(self.baselines, tuple(gains))


class BaselineLearner:
    """Strip baselines from the most recent samples of an empty step.

    :param empty_below: a sample counts as "empty" when all six strips together
        read less than this many counts.
    :param min_samples: fewer empty samples than this give no baselines.
    :param window: only the newest this many empty samples count (a running sum,
        so each sample costs the same whatever the window).
    """

    def __init__(self, empty_below: float, min_samples: int, window: int) -> None:
        self.empty_below = empty_below
        self.min_samples = min_samples
        self._window: deque[tuple[int, ...]] = deque(maxlen=max(window, min_samples))
        self._sums = [0.0] * 6

    def offer(self, strips: Sequence[int]) -> bool:
        """Learn from ``strips`` if the step is empty; returns whether it was."""
        if sum(strips) >= self.empty_below:
            return False
        window, sums = self._window, self._sums
        if len(window) == window.maxlen:
            old = window[0]
            for i in range(6):
                sums[i] -= old[i]
        counts = tuple(strips)
        window.append(counts)
        for i in range(6):
            sums[i] += counts[i]
        return True

    @property
    def samples(self) -> int:
        return len(self._window)

    def calibration(self) -> Calibration | None:
        """Baselines from the window, or None with too few empty samples."""
        n = len(self._window)
        if n < self.min_samples:
            return None
        return Calibration(baselines=tuple(v / n for v in self._sums))

    def reset(self) -> None:
        self._window.clear()
        self._sums = [0.0] * 6


class ZeroFinder:
    """Finds the zero level from a still two-foot stance, block by block.

    Samples are averaged in blocks of ``block_s``; the stance stays "still" while
    each block's mean stays within ``tolerance_mm`` of the run's mean. Cheap per
    sample (a sum and a count), so it can run on every sample.
    """

    def __init__(self, still_s: float, tolerance_mm: float, block_s: float = 0.25) -> None:
        self.still_s = still_s
        self.tolerance_mm = tolerance_mm
        self.block_s = block_s
        self.reset()

    def reset(self) -> None:
        self._block_start: float | None = None
        self._block_sum = 0.0
        self._block_sq = 0.0
        self._block_n = 0
        self._run_start: float | None = None
        self._run_sum = 0.0
        self._run_n = 0
        self._run_blocks = 0
        self._run_first_mean = 0.0
        self.progress = 0.0

    def feed(self, t: float, tof: float | None, standing: bool) -> float | None:
        """Add one sample; returns the zero level once the still stance is long enough."""
        if not standing:
            if self._run_start is not None or self._block_start is not None:
                self.reset()
            return None
        if tof is None:
            return None
        if self._block_start is None:
            self._block_start = t
            if self._run_start is None:
                self._run_start = t
        self._block_sum += tof
        self._block_sq += tof * tof
        self._block_n += 1
        if t - self._block_start < self.block_s:
            return None
        block_mean = self._block_sum / self._block_n
        spread = max(0.0, self._block_sq / self._block_n - block_mean * block_mean) ** 0.5
        # A noisy sensor moves the block means too: allow for the noise seen.
        tolerance = self.tolerance_mm + spread
        if self._run_n:
            run_mean = self._run_sum / self._run_n
            # Both the drift within the run and the jump of this block count.
            if (abs(block_mean - run_mean) > tolerance
                    or abs(block_mean - self._run_first_mean) > tolerance * 1.5):
                self._run_start = self._block_start
                self._run_sum = 0.0
                self._run_n = self._run_blocks = 0
        if self._run_n == 0:
            self._run_first_mean = block_mean
        self._run_sum += self._block_sum
        self._run_n += self._block_n
        self._run_blocks += 1
        self._block_start = None
        self._block_sum = 0.0
        self._block_sq = 0.0
        self._block_n = 0
        assert self._run_start is not None
        span = t - self._run_start
        self.progress = min(1.0, span / self.still_s)
        if span >= self.still_s:
            level = self._run_sum / self._run_n
            return level
        return None

    def last_block_mean(self) -> float | None:
        return self._run_sum / self._run_n if self._run_n else None


class RestFinder:
    """The heel's rest level from readings taken while the heels carry load.

    A person gives no more than 0.3-1 s of still stance before the first rep (or
    none: a recording may begin mid-rise), and 1-2 s of flat-footed rest between
    reps. While the heel strips carry a fair share of the load the heel is down, so
    a still run of readings then is the rest level: after ``first_s`` a first level,
    and again each time a run lasts twice as long as the one behind the level given,
    until one of ``enough_s``. Still: the readings are averaged in short blocks, and
    each block's mean stays within the noise (3 standard errors, at least
    ``tolerance_mm / 2``) of the run's first block; a block that does not starts a new
    run (a heel still settling, strips that load before the heel has landed). (The
    engine takes the still two-foot stance of ``ZeroFinder``, once seen with the heels
    down, as final.)

    :param first_s: the shortest run that gives a level.
    :param enough_s: a run this long is as good as the still stance the kiosk asks for.
    :param tolerance_mm: see above.
    """

    def __init__(self, first_s: float, enough_s: float, tolerance_mm: float) -> None:
        self.first_s = first_s
        self.enough_s = enough_s
        self.tolerance_mm = tolerance_mm
        self.best_s = 0.0  # the length of the run behind the last level given
        self._block_t = 0.0
        self._block_sum = 0.0
        self._block_sq = 0.0
        self._block_n = 0
        self._run_t = 0.0
        self._run_first = 0.0
        self._run_sum = 0.0
        self._run_n = 0
        self._run_blocks = 0
        # How far the last level given may be off (3 standard errors).
        self.level_error_mm = 0.0

    @property
    def done(self) -> bool:
        """A run of ``enough_s`` has been seen: nothing better will come."""
        return self.best_s >= self.enough_s

    def reset(self) -> None:
        """Forget everything (a new zero is wanted)."""
        self.best_s = 0.0
        self._block_n = self._run_n = 0

    def interrupt(self) -> None:
        """The run under way is over (a rep came between)."""
        self._block_n = self._run_n = 0

    def feed(self, t: float, reading: float | None, heels_down: bool, block_s: float = 0.1,
             noise_mm: float = 0.0) -> float | None:
        """Add one sample; returns a (better) rest level when one is complete.

        ``block_s``: the blocks' length (a slow sensor needs a few readings in each);
        ``noise_mm``: the sensor's noise (SD) as known so far.
        """
        if not heels_down:
            self._block_n = self._run_n = 0
            return None
        if reading is None:
            return None
        if self._block_n == 0:
            self._block_t, self._block_sum, self._block_sq = t, 0.0, 0.0
        self._block_sum += reading
        self._block_sq += reading * reading
        self._block_n = n = self._block_n + 1
        if t - self._block_t < block_s:
            return None
        mean = self._block_sum / n
        spread = max(0.0, self._block_sq / n - mean * mean) ** 0.5
        self._block_n = 0
        noise = noise_mm if noise_mm > spread else spread
        tolerance = max(0.5 * self.tolerance_mm, 3.0 * noise / n ** 0.5)
        if self._run_n == 0 or abs(mean - self._run_first) > tolerance:
            self._run_t, self._run_first, self._run_sum, self._run_n = (
                self._block_t, mean, 0.0, 0)
            self._run_blocks = 0
        self._run_sum += mean * n
        self._run_n += n
        self._run_blocks += 1
        span = t - self._run_t
        if (self._run_n >= 3 and self._run_blocks >= 2 and span >= self.first_s
                and (span >= 2.0 * self.best_s or span >= self.enough_s)):
            self.best_s = span
            self.level_error_mm = 3.0 * noise / self._run_n ** 0.5
            return self._run_sum / self._run_n
        return None
