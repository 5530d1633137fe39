"""Heel height from the raw ToF distance, robust to spikes, dropouts and noise.

Two views of the same signal:

- ``LiveHeight``: causal, for the state machine and the screens. A spike gate
  (a jump far beyond what a heel can do is ignored unless it persists), a
  median of 3 (single-sample spikes vanish, lag one sample), then an
  exponential average whose lag fills the rest of ``lag_s`` (30 ms: the
  50 ms the rep event may take, less a sample of spacing). Missing readings
  (dropouts) just hold the last value.
- ``smooth``: non-causal, over a rep's stored (median-of-3) samples when the rep
  is measured: a centred moving average, no lag at all, so the crossings and
  the peak are measured where they happened.
"""

from __future__ import annotations

from itertools import accumulate
from operator import sub


class LiveHeight:
    """Causal heel level from raw ToF distances (mm): spike gate, median of 3, short EMA.

    ``center`` / ``center_t``: the median of the last three readings and the time
    of the middle one (spike-free, no lag): what a rep is measured on later.
    ``value``: ``center`` through an exponential average (noise down; median and
    average together lag about ``lag_s``): what the state machine and screens use.
    ``noise_mm``: running estimate of the reading noise (standard deviation).
    """

    def __init__(self, lag_s: float = 0.03, gate_mm: float = 60.0, relock_s: float = 0.1) -> None:
        self.lag_s = lag_s
        self.gate_mm = gate_mm
        self.relock_s = relock_s
        self.noise_mm = 0.0
        self.reset()

    def reset(self) -> None:
        self.value: float | None = None
        self.center: float | None = None
        self.center_t = 0.0
        self._a: float | None = None
        self._b: float | None = None
        self._tb = 0.0
        self._t = 0.0
        self._rejected_since: float | None = None
        self.spikes = 0

    def feed(self, t: float, distance: float | None) -> float | None:
        """Add one reading; returns the current filtered distance (None before any)."""
        if distance is None:
            return self.value  # dropout: hold
        value = self.value
        if value is not None and (distance - value > self.gate_mm
                                  or value - distance > self.gate_mm):
            # Too far for a heel in one step: a spike, unless it stays there.
            if self._rejected_since is None:
                self._rejected_since = t
            if t - self._rejected_since < self.relock_s:
                self.spikes += 1
                return value
            self.reset()
            value = None
        self._rejected_since = None
        a, b = self._a, self._b
        if b is None:
            self._b, self._tb, self._t = distance, t, t
            self.center, self.center_t, self.value = distance, t, distance
            return distance
        if a is None:
            middle = (b + distance) * 0.5
        else:
            lo, hi = (a, b) if a <= b else (b, a)
            middle = hi if distance > hi else (lo if distance < lo else distance)
            # Mean |reading - median of 3| is 0.566 sigma for Gaussian noise.
            self.noise_mm += (abs(b - middle) * 1.767 - self.noise_mm) * 0.01
        self._a, self._b = b, distance
        self.center, self.center_t = middle, self._tb
        self._tb = t
        dt = t - self._t
        self._t = t
        if value is None:
            self.value = middle
        else:
            # The average's lag is tau; the median's and the sampling's 1.5 dt.
            tau = self.lag_s - 1.5 * dt
            self.value = middle if tau <= 0 else value + (middle - value) * (dt / (tau + dt))
        return self.value


def smooth(values: list[float], half_width: int) -> list[float]:
    """Zero-lag centred moving average over ``2 * half_width + 1`` samples.

    Near the ends the window shrinks to stay centred. Built from prefix sums with
    ``map``, so the per-sample work runs in C.
    """
    n = len(values)
    k = min(half_width, (n - 1) // 2)
    if k <= 0:
        return list(values)
    prefix = [0.0, *accumulate(values)]
    width = 2 * k + 1
    scale = 1.0 / width
    middle = [v * scale for v in map(sub, prefix[width:], prefix[: n + 1 - width])]
    head = [prefix[2 * i + 1] / (2 * i + 1) for i in range(k)]
    tail = [(prefix[n] - prefix[n - 2 * j - 1]) / (2 * j + 1) for j in range(k - 1, -1, -1)]
    return head + middle + tail


def crossing_time(t0: float, v0: float, t1: float, v1: float, level: float) -> float:
    """Time at which the straight line between two samples crosses ``level``."""
    if v1 == v0:
        return t1
    return t0 + (level - v0) * (t1 - t0) / (v1 - v0)
