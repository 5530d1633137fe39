"""Heel height from the raw ToF distance, robust to spikes, dropouts and noise.

Two views of the same signal:

- ``LiveHeight``: causal, for the state machine and the screens. A gate of
  what a heel can do (below), a median of 3 (single-sample spikes vanish, lag
  one sample), then an exponential average whose lag fills the rest of
  ``lag_s`` (30 ms: the 50 ms the rep event may take, less a sample of
  spacing). Missing readings (dropouts) just hold the last value.
- The gate: a heel is a mass moving smoothly; from the last reading and the
  heel's speed it can only have moved so far by the next one (the noise, plus
  what its greatest acceleration, ``max_accel``, allows in the time between,
  given that the speed estimate lags). A reading beyond that starts an
  *excursion*: the sensor is seeing something else (the step's edge for
  20-150 ms, a spike, a foot swinging through the beam). Readings stay
  rejected while they sit at the excursion's level, and the excursion ends as
  soon as a reading is back where the heel could be. Only if the new level
  persists for ``relock_s`` (longer than any edge hit) is it the heel's, and
  the filter starts again from it. A heel cannot fall 80 mm and rise again
  within 50 ms, so a run of readings that does is never a height. An edge hit
  reads the step's edge, about the rest level (``rest_level``, from the
  engine): the gate is stricter there and more lenient for readings no edge
  hit gives (above the heel's course or well above the rest level, taken
  after ``relock_up_s``); a latency burst (a stale repeated value) is allowed
  for; and after a dropout, a first reading at the edge's level must persist.
- A ToF slower than the rows (a TOFSense updates at 10 Hz by default, rows come at
  200-500 Hz): between two updates a row either repeats the last reading or is
  empty. The shortest time between two fresh readings (a new value, or a value after
  an empty row), over the last few dozen, is the sensor's real update interval
  (``update_s``). Once that is well above the rows' spacing (``slow``), a repeated
  value is no new reading: only fresh readings (and a repeat once an update with the
  same value must have come) reach the filter, and its times (the gap that restarts
  it, how long a new level must persist) count in updates, not rows.
- ``smooth``: non-causal, over a rep's stored (median-of-3) samples when the rep
  is measured: a centred moving average, no lag at all, so the crossings and
  the peak are measured where they happened.
"""

from __future__ import annotations

from typing import Final

# Defaults of the settings (``AnalysisConfig``). What a heel can do: its acceleration
# stays below this (a ballistic drop onto a step and its bounce reach about 10 m/s^2;
# an edge hit or a spike needs hundreds).
MAX_ACCEL_MM_S2: Final = 10_000.0
MAX_RISE_MM: Final = 150.0  # heels rise about 100 mm at most; above the rest level by more: no heel
# The speed estimate lags the heel by about this much (average, then its own smoothing)
# before the rest level is known ...
_SPEED_LAG_S: Final = 0.04
# ... by up to this much in a fast rise or at a fast rep's top (the average's lag adds
# to it), for readings an edge hit cannot give: above the heel's course (an edge hit
# reads toward the rest level, never away) or well above the rest level (more than the
# noise and _EDGE_MARGIN_MM: an edge hit reads the step's edge, about the rest level) ...
SPEED_LAG_UP_S: Final = 0.08
_EDGE_MARGIN_MM: Final = 10.0
# ... and by less for readings where an edge hit reads: a heel rising slowly cannot fall
# 20 mm between two readings at 50 Hz, an edge hit does.
SPEED_LAG_EDGE_S: Final = 0.02
# A new level above the heel's course and the edge is taken after this long (an edge
# hit never reads there; the filter may have restarted on one after a dropout).
RELOCK_UP_S: Final = 0.06
_SPEED_TAU_S: Final = 0.04
# Readings within this many noise SDs (at least _MIN_TOLERANCE_MM) count as the same level.
_NOISE_SDS: Final = 4.0
_MIN_TOLERANCE_MM: Final = 10.0
_MAX_LEVELS: Final = 8  # distinct levels remembered during one excursion
_RESTART_GAP_S: Final = 0.05  # after a gap or an excursion this long the filter starts again
# A latency burst: the sensor re-sends its last value for 20-60 ms while the heel moves
# on, so the filter sees it stop and the first fresh reading looks like a jump. A
# value repeated for at most STALE_MAX_S after the heel was moving at STALE_MIN_SPEED
# or more may have been stale: a fresh reading higher up, the way the heel was rising, is
# then also judged from where the heel was heading when that value first came.
STALE_MAX_S: Final = 0.1
STALE_MIN_SPEED_MM_S: Final = 100.0
# A very noisy sensor's tolerance lets an edge reading through while the heel is not
# far up. Two readings in a row at the edge's level, far below the filtered heel (3 noise
# SDs, and 2.5 of the sensor's steps: a 1 cm sensor's readings lag the filter by a step
# or so), are an edge hit, unless the heel is coming down at least this fast (landing).
EDGE_RUN_SDS: Final = 3.0
EDGE_RUN_STEPS: Final = 2.5
EDGE_RUN_MAX_FALL_MM_S: Final = 150.0
# A slow sensor: fresh readings at least this many rows apart. The update interval is the
# shortest between fresh readings over two windows of this many.
_SLOW_ROWS: Final = 2.5
# Sunlight raises the noise within a reading or two, for seconds: a second, faster
# estimate of it over every reading (taken or not; one far reading counts at most
# _BURST_CAP_SDS of it plus _BURST_CAP_MM) is used once it is well above the slow one.
_BURST_WEIGHT: Final = 0.05
_BURST_CAP_SDS: Final = 3.0
_BURST_CAP_MM: Final = 5.0
_BURST_RATIO: Final = 1.5
_UPDATE_WINDOW: Final = 32
_UPDATE_MIN_SEEN: Final = 8  # intervals seen before the update interval is trusted


class LiveHeight:
    """Causal heel level from raw ToF distances (mm): plausibility gate, median of 3, short EMA.

    ``center`` / ``center_t``: the median of the last three readings and the time
    of the middle one (spike-free, no lag): what a rep is measured on later.
    ``value``: ``center`` through an exponential average (noise down; median and
    average together lag about ``lag_s``): what the state machine and screens use.
    ``noise_mm``: running estimate of the reading noise (standard deviation);
    ``noise_now``: the same, or a faster estimate during a burst of noise (sunlight).
    ``gate_mm`` caps the noise tolerance of the gate (a very noisy sensor still
    has its far jumps rejected); ``relock_s``: how long a new level must persist.
    ``rejected``: readings the gate has refused so far. ``resolution_mm``: the
    smallest change the sensor has reported.
    """

    def __init__(
        self,
        lag_s: float = 0.03,
        gate_mm: float = 60.0,
        relock_s: float = 0.2,
        relock_up_s: float = RELOCK_UP_S,
        speed_lag_edge_s: float = SPEED_LAG_EDGE_S,
        stale_max_s: float = STALE_MAX_S,
        stale_min_speed: float = STALE_MIN_SPEED_MM_S,
        speed_lag_up_s: float = SPEED_LAG_UP_S,
        up: float = 1.0,
        max_accel: float = MAX_ACCEL_MM_S2,
        max_rise: float = MAX_RISE_MM,
    ) -> None:
        self.lag_s = lag_s
        self.gate_mm = gate_mm
        self.relock_s = relock_s
        self.relock_up_s = relock_up_s
        self.speed_lag_edge_s = speed_lag_edge_s
        self.stale_max_s = stale_max_s
        self.stale_min_speed = stale_min_speed
        self.speed_lag_up_s = speed_lag_up_s
        self.up = up  # +1: the distance grows as the heel rises (sensor below); -1: above
        self.max_accel = max_accel
        self.max_rise = max_rise  # above the rest level no heel reads this high
        # The distance at heel height zero (set by the engine once it knows it).
        self.rest_level: float | None = None
        self.noise_mm = 0.0
        self._burst_mm = 0.0  # the fast estimate (see _BURST_WEIGHT)
        self._raw_a = 0.0  # the two readings before this one, taken or not
        self._raw_b = 0.0
        self._raw_n = 0
        self._noise_n = 0
        self.rejected = 0
        self._seen_t = 0.0  # the last reading's time, taken or not
        self._last_reading = 0.0
        # The sensor's resolution: the smallest change it has reported (1 mm or less for
        # most; 10 mm for a 1 cm sensor, whose rest may read one step above zero).
        self.resolution_mm = 12.0
        # The sensor's own update rate (see the module doc).
        self.row_s = 0.0  # the rows' spacing (average)
        self.update_s = 0.0  # the shortest interval between fresh readings lately
        self.slow = False  # fresh readings come many rows apart: repeats are no readings
        self.fresh = False  # the last row gave the filter a reading
        # Set by the caller from the strips: the heels carry load, so the heel is at rest
        # (an edge hit reads the rest level only while the heel is up).
        self.heels_down = False
        self._row_t = -1.0
        self._row_empty = True
        self._fresh_t = -1.0
        self._taken_t = -1.0
        self._min_now = 1e9
        self._min_before = 1e9
        self._window_n = 0
        self._windows = 0  # a full window has been seen
        self._restart_gap = _RESTART_GAP_S
        self._relock = relock_s
        self._relock_up = relock_up_s
        self.reset()

    def reset(self) -> None:
        # Plain floats and flags rather than None for "not yet": the compiled build keeps
        # them unboxed.
        self._started = False  # a reading accepted since the (re)start
        self._level = 0.0  # the averaged distance (``value``), once started
        self.center = 0.0  # once started
        self.center_t = 0.0
        self.center_raw = 0.0  # the reading at center_t itself
        self.speed = 0.0  # mm/s, of the averaged value
        self._have_a = False
        self._a = 0.0  # the reading before _b, once _have_a
        self._b = 0.0  # the last accepted reading, once started
        self._t = 0.0  # time of the last accepted reading (_b)
        self._run_t = 0.0  # when the value _b first came (before any repeats of it)
        self._run_speed = 0.0  # the speed then
        self._excursion_t: float | None = None
        self._excursion_levels: list[float] = []
        self._restart = False
        self._edge_suspect = False  # the last reading was far below the heel, at the edge

    @property
    def value(self) -> float | None:
        """The filtered distance (None before any reading)."""
        return self._level if self._started else None

    @property
    def in_excursion(self) -> bool:
        """The latest readings are refused: the sensor sees something that is not the heel."""
        return self._excursion_t is not None

    def _plausible(self, t: float, distance: float, gap: float, miss: float,
                   silence: float) -> bool:
        """Could the heel be at ``distance`` now, ``miss`` mm from where it was heading
        ``gap`` s after the last reading taken (``silence`` s after the last reading)?
        Tracks excursions (see the module doc)."""
        tolerance = self.noise_now * _NOISE_SDS
        if tolerance < _MIN_TOLERANCE_MM:
            tolerance = _MIN_TOLERANCE_MM
        elif tolerance > self.gate_mm:
            tolerance = self.gate_mm
        rest = self.rest_level
        if self.heels_down and rest is not None and -tolerance <= distance - rest <= tolerance:
            # The strips have the heels down and the reading is at rest: whatever the
            # filter followed (a far reading in sunlight, say) was not the heel. Start
            # again from here.
            if self._excursion_t is not None or not -tolerance <= miss <= tolerance:
                self._excursion_t = None
                self._restart = True
            return True
        above_edge = rest is not None and (distance - rest) * self.up > tolerance + _EDGE_MARGIN_MM
        if miss * self.up > 0.0 or above_edge:
            lag = self.speed_lag_up_s  # not where an edge hit reads
        elif rest is not None:
            lag = self.speed_lag_edge_s
        else:
            lag = _SPEED_LAG_S
        allowed = tolerance + self.max_accel * gap * (0.5 * gap + lag)
        near_heel = -allowed <= miss <= allowed
        if above_edge and (distance - rest) * self.up > self.max_rise:  # type: ignore[operator]
            # Higher than any heel rises (a spike, or the room past a lifted foot, say the
            # first reading after a dropout): only a level that persists is taken.
            near_heel = above_edge = False
            stale_ok = False
        else:
            stale_ok = True
        since = self._excursion_t
        if since is None:
            if near_heel or (stale_ok and self._stale_explains(t, distance, tolerance)):
                if not (gap > self._restart_gap and rest is not None and not above_edge
                        and (self._level - rest) * self.up > tolerance):
                    return True
                if self._landed_meanwhile(distance, miss, tolerance):
                    return True  # the reading at rest is the heel back down, as expected
                # After a dropout anything is possible, but a first reading at the edge's
                # level while the heel was above it may be an edge hit: it must persist
                # like any other new level.
            self._excursion_t = t
            self._excursion_levels = [distance]
        else:
            if silence > self._restart_gap:
                # No readings for a while (a dropout). A heel heading down fast enough to
                # have landed meanwhile is back at rest, as expected; otherwise a new level
                # must be seen to persist, so its time starts again (two edge readings
                # before a dropout and one after are no new level).
                if (self._landed_meanwhile(distance, miss, tolerance) and rest is not None
                        and -tolerance <= (distance - rest) * self.up <= tolerance):
                    self._excursion_t = None
                    self._restart = True
                    return True
                self._excursion_t = since = t
            # Back where the heel can be, and nearer there than to every level the
            # excursion has shown (an edge, a spike): the excursion is over.
            levels = self._excursion_levels
            from_level = min(abs(distance - level) for level in levels)
            if near_heel and abs(miss) < from_level:
                self._excursion_t = None
                # After a long excursion the average would chase the jump: start afresh.
                self._restart = t - since > self._restart_gap
                return True
            if t - since >= (self._relock_up if above_edge and miss * self.up > 0.0
                             else self._relock):
                # The new level persists: it is the heel's (caller restarts). Sooner for
                # one above the heel and the edge: no edge hit reads there, and the filter
                # may have restarted on one (the first reading after a dropout).
                return True
            if not near_heel and from_level > tolerance and len(levels) < _MAX_LEVELS:
                levels.append(distance)  # neither the heel nor a level seen: another level
        self.rejected += 1
        return False

    def _landed_meanwhile(self, distance: float, miss: float, tolerance: float) -> bool:
        """Was the heel heading down fast enough to be back at rest by now (after a
        dropout)? ``distance - miss`` is where it was heading."""
        rest = self.rest_level
        return rest is not None and (distance - miss - rest) * self.up <= tolerance

    def _edge_run(self, distance: float, dt: float) -> bool:
        """Is this the second reading in a row far below the filtered heel's course, at
        about the rest level (the edge's), with the heel not coming down fast? (Noise does
        that a few times in a million readings.) After a gap the dropout rules decide."""
        rest = self.rest_level
        up = self.up
        drop = (self._level + self.speed * dt - distance) * up
        if (drop <= _MIN_TOLERANCE_MM or rest is None or self._excursion_t is not None
                or dt > self._restart_gap):
            self._edge_suspect = False  # the usual case: near the heel's course
            return False
        far = max(_MIN_TOLERANCE_MM, EDGE_RUN_SDS * self.noise_mm,
                  EDGE_RUN_STEPS * self.resolution_mm)
        suspect = (drop > far and (distance - rest) * up < far
                   and self.speed * up > -EDGE_RUN_MAX_FALL_MM_S)
        second = suspect and self._edge_suspect
        self._edge_suspect = suspect and not second
        return second

    def _stale_explains(self, t: float, distance: float, tolerance: float) -> bool:
        """Is ``distance`` where the heel could be had the repeats of the last value
        been stale (a latency burst)?"""
        run_t, speed = self._run_t, self._run_speed
        stale = t - run_t
        if (run_t >= self._t or stale > self.stale_max_s
                or -self.stale_min_speed < speed < self.stale_min_speed):
            return False  # no repeats, repeated too long to be stale, or a still heel
        ahead = distance - self._b
        if ahead * speed <= 0.0 or ahead * self.up <= 0.0:
            # A stale value hides a heel moving on, never one turning back; and only
            # upward, away from the rest level (where an edge hit reads).
            return False
        miss = ahead - speed * stale
        allowed = tolerance + self.max_accel * stale * (0.5 * stale + _SPEED_LAG_S)
        return -allowed <= miss <= allowed

    def _row(self, t: float, distance: float | None) -> bool:
        """Learn the rows' spacing and the sensor's update interval; is this row a reading?"""
        gap = t - self._row_t
        if self._row_t >= 0.0 and gap > 0.0:
            self.row_s = gap if self.row_s == 0.0 else self.row_s + (gap - self.row_s) * 0.01
        self._row_t = t
        if distance is None:
            self._row_empty = True
            return False
        fresh = self._row_empty or distance != self._last_reading
        self._row_empty = False
        if fresh:
            if self._fresh_t >= 0.0:
                interval = t - self._fresh_t
                if interval < self._min_now:
                    self._min_now = interval
                self._window_n += 1
                if self._window_n >= _UPDATE_WINDOW:
                    self._min_before, self._min_now, self._window_n = self._min_now, 1e9, 0
                    self._windows = 1
                update = self._min_now if self._min_now < self._min_before else self._min_before
                if self._window_n + self._windows * _UPDATE_WINDOW >= _UPDATE_MIN_SEEN:
                    self.update_s = update
                    slow = update > _SLOW_ROWS * self.row_s
                    if slow != self.slow:
                        self.slow = slow
                        self._restart_gap = (max(_RESTART_GAP_S, 2.5 * update) if slow
                                             else _RESTART_GAP_S)
                        self._relock = max(self.relock_s, 2.5 * update) if slow else self.relock_s
                        self._relock_up = (max(self.relock_up_s, 1.5 * update) if slow
                                           else self.relock_up_s)
            self._fresh_t = t
        elif self.slow and t - self._taken_t < 1.5 * self.update_s:
            return False  # the sensor has not updated since: the row repeats its reading
        self._taken_t = t
        return True

    @property
    def noise_now(self) -> float:
        """The reading noise now: the slow estimate, or the fast one during a burst."""
        slow = self.noise_mm
        return self._burst_mm if self._burst_mm > _BURST_RATIO * slow else slow

    def _burst(self, distance: float) -> None:
        """The fast noise estimate, from the median of three of every reading."""
        a, b = self._raw_a, self._raw_b
        self._raw_a, self._raw_b = b, distance
        if self._raw_n < 2:
            self._raw_n += 1
            return
        if a <= b:
            middle = b if distance > b else (a if distance < a else distance)
        else:
            middle = a if distance > a else (b if distance < b else distance)
        dev = abs(b - middle) * 1.767
        cap = _BURST_CAP_SDS * self._burst_mm + _BURST_CAP_MM
        if dev > cap:
            dev = cap
        self._burst_mm += (dev - self._burst_mm) * _BURST_WEIGHT

    @property
    def reading_s(self) -> float:
        """The typical time between two readings: the update interval of a slow sensor."""
        return self.update_s if self.slow else self.row_s

    def feed(self, t: float, distance: float | None) -> float | None:
        """Add one row's reading; returns the current filtered distance (None before any)."""
        self.fresh = fresh = self._row(t, distance)
        if not fresh:
            return self._level if self._started else None  # dropout or a repeat: hold
        assert distance is not None
        self._burst(distance)
        silence = t - self._seen_t  # since the last reading, taken or not
        self._seen_t = t
        step = distance - self._last_reading
        if step < 0.0:
            step = -step
        if 0.0 < step < self.resolution_mm:
            self.resolution_mm = step
        self._last_reading = distance
        if not self._started:
            return self._start(t, distance)
        b = self._b
        dt = t - self._t
        speed = self.speed
        miss = distance - b - speed * dt
        if self._edge_run(distance, dt):
            self._excursion_t = t
            self._excursion_levels = [distance]
            # The heel is judged from where the filter had it, not from the edge reading
            # before this one (taken: one such reading can be noise).
            self._b = self._level
            self.rejected += 1
            return self._level
        if self._excursion_t is None and -_MIN_TOLERANCE_MM <= miss <= _MIN_TOLERANCE_MM:
            restart = dt > self._restart_gap  # fast path: near where the heel was heading
        elif not self._plausible(t, distance, dt, miss, silence):
            return self._level
        else:
            restart = self._excursion_t is not None or self._restart or dt > self._restart_gap
        if restart:
            # Relocked onto a new level, back from an excursion or a dropout: the heel
            # moved meanwhile, so start again from here rather than average the jump.
            self.reset()
            return self._start(t, distance)
        if not self._have_a:
            self._have_a = True
            middle = (b + distance) * 0.5
        else:
            a = self._a
            if a <= b:
                middle = b if distance > b else (a if distance < a else distance)
            else:
                middle = a if distance > a else (b if distance < b else distance)
            # Mean |reading - median of 3| is 0.566 sigma for Gaussian noise; the
            # first readings weigh more, so the gate soon knows the sensor.
            n = self._noise_n
            if n < 100:
                self._noise_n = n = n + 1
                weight = 1.0 / n
            else:
                weight = 0.01
            self.noise_mm += (abs(b - middle) * 1.767 - self.noise_mm) * weight
        self._a, self._b = b, distance
        self.center, self.center_t, self.center_raw = middle, self._t, b
        self._t = t
        value = self._level
        # The average's lag is tau; the median's and the sampling's 1.5 dt.
        tau = self.lag_s - 1.5 * dt
        new = middle if tau <= 0 else value + (middle - value) * (dt / (tau + dt))
        self._level = new
        # Its speed, averaged over _SPEED_TAU_S (one division: the same EMA rearranged).
        self.speed = speed = (new - value + speed * _SPEED_TAU_S) / (_SPEED_TAU_S + dt)
        if distance != b:
            self._run_t, self._run_speed = t, speed
        return new

    def _start(self, t: float, distance: float) -> float:
        """The first reading (after a reset): the filter starts at it."""
        self._started = True
        self._b, self._t = distance, t
        self._run_t, self._run_speed = t, 0.0
        self.center, self.center_t, self.center_raw, self._level = distance, t, distance, distance
        return distance

def smooth(values: list[float], half_width: int) -> list[float]:
    """Zero-lag centred moving average over ``2 * half_width + 1`` samples.

    Near the ends the window shrinks to stay centred. Built from prefix sums in
    plain loops: the compiled build runs them on unboxed floats.
    """
    n = len(values)
    k = min(half_width, (n - 1) // 2)
    if k <= 0:
        return list(values)
    prefix = [0.0] * (n + 1)
    total = 0.0
    for i in range(n):
        total += values[i]
        prefix[i + 1] = total
    width = 2 * k + 1
    scale = 1.0 / width
    out = [0.0] * n
    for i in range(k):
        out[i] = prefix[2 * i + 1] / (2 * i + 1)
        out[n - 1 - i] = (total - prefix[n - 2 * i - 1]) / (2 * i + 1)
    for i in range(n + 1 - width):
        out[k + i] = (prefix[i + width] - prefix[i]) * scale
    return out


def crossing_time(t0: float, v0: float, t1: float, v1: float, level: float) -> float:
    """Time at which the straight line between two samples crosses ``level``."""
    if v1 == v0:
        return t1
    return t0 + (level - v0) * (t1 - t0) / (v1 - v0)
