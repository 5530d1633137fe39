"""What the sensors make of the body: FSR load -> ADC counts, heel height -> ToF distance.

Pure models with their own seeded noise, no hardware: the simulated step feeds
their output to the real drivers, and the corpus writes it straight to CSV.

FSR: the strip's conductance grows roughly in proportion to the force on it
(``G ~ F**exponent``); in a voltage divider with a fixed resistor the ADC sees
``x / (1 + x)`` of full scale with ``x = (F / F0)**exponent``: steep at light
loads, flattening towards 1023 under heavy ones. An unloaded strip reads a few
counts of leakage plus noise.

ToF under the heel (``mount="below"``): distance = mount offset + heel height,
so it grows as the heel rises; ``"above"`` the reverse. Gaussian noise, bursts
of no reading (dropouts of 20..300 ms), single-sample spikes and a slow drift.

Real hardware adds (all off by default, see ``StripArtefacts`` and the
``ToFModel`` parameters): FSR creep (the reading of a constant load grows by
5-20 % over tens of seconds) and hysteresis (unloading reads higher than
loading); ToF edge hits (part of the beam's footprint hits the step's edge
while the heel is up: the reading sits at the edge's level for 20-150 ms),
latency bursts (the last value repeated for 20-60 ms), long dropouts
(0.3-1 s), a thermal drift that settles (about 10 mm over 5 minutes) and
readings in whole centimetres.

And, for more sensors and more people:

- a ToF slower than the rows (``update_hz``: a TOFSense updates at 10 Hz by
  default, the strips come at 200-500 Hz): each update is the mean of the heel
  over its period (the sensor integrates), and between updates the row either
  repeats it (``hold_between``) or is empty;
- sunlight (``sun_rate``): ambient photons in periods of a few seconds raise the
  noise to 6-10 mm, with a few far-off readings a second;
- a smudged or partly covered sensor (``cover_share``): a ST-style sensor
  averages the photon returns of everything in its cone (about 0.45 x the
  distance wide), so part of every reading is the step's edge or the smudge at
  the rest level, and heights read ``1 - cover_share`` of the truth;
- a shod heel's single-sample spikes (``spike_up_rate``, +70 mm: the beam
  slips past the sole's edge for one reading), and foam soles low-passing the
  strips (``StripArtefacts.foam_tau_s``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

ADC_MAX = 1023
_TABLE_MASK = 8191  # size - 1 of the table of pre-drawn normal deviates


@dataclass(frozen=True)
class FSRModel:
    """One pressure strip: force in newtons -> 10-bit ADC counts.

    :param half_scale_n: force that gives half of the span above the offset (F0).
    :param exponent: power law of the conductance (about 1 for real FSRs).
    :param offset_counts: reading of the unloaded strip (leakage), 0..20.
    :param noise_counts: standard deviation of the electrical noise.
    """

    half_scale_n: float = 300.0
    exponent: float = 1.0
    offset_counts: float = 8.0
    noise_counts: float = 1.5

    def ideal(self, force_n: float) -> float:
        """Noiseless counts (float) for ``force_n``: monotonic, saturating below 1023."""
        if force_n <= 0.0:
            return self.offset_counts
        x = (force_n / self.half_scale_n) ** self.exponent
        return self.offset_counts + (ADC_MAX - self.offset_counts) * x / (1.0 + x)

    def counts(self, force_n: float, rng: random.Random) -> int:
        """Noisy integer counts 0..1023 as the MCP3008 would report them."""
        value = self.ideal(force_n)
        # Noise grows a little with the signal (the divider's current noise).
        value += rng.gauss(0.0, self.noise_counts * (1.0 + value / 400.0))
        return min(ADC_MAX, max(0, round(value)))


@dataclass(frozen=True)
class StripArtefacts:
    """Time-dependent FSR behaviour (not part of the labels' noiseless counts).

    :param creep: relative rise of a constant load's reading once settled (0.05..0.2).
    :param creep_tau_s: time constant of the creep.
    :param hysteresis: half-width of the loading/unloading band, relative to the load.
    """

    creep: float = 0.0
    creep_tau_s: float = 30.0
    hysteresis: float = 0.0
    foam_tau_s: float = 0.0  # a foam sole between foot and strip: a first-order lag


class StripModels:
    """The six strips, each with its own small spread of sensitivity and offset.

    :param seed: picks the per-strip spread and seeds the noise.
    :param spread: relative spread of the strips' sensitivity (0.1 = +-10 %).
    :param noise_counts: electrical noise of every strip (standard deviation).
    """

    def __init__(self, seed: int = 0, spread: float = 0.08, noise_counts: float = 1.5,
                 artefacts: StripArtefacts | None = None) -> None:
        self.artefacts = artefacts or StripArtefacts()
        self._creep_state = [0.0] * 6
        self._band_state = [0.0] * 6
        self._foam_state: list[float] | None = None
        self._sensed_t: float | None = None
        pick = random.Random(seed * 7919 + 17)
        self.strips: tuple[FSRModel, ...] = tuple(
            FSRModel(
                half_scale_n=300.0 * (1.0 + pick.uniform(-spread, spread)),
                offset_counts=pick.uniform(4.0, 12.0),
                noise_counts=noise_counts,
            )
            for _ in range(6)
        )
        self._power_law = any(m.exponent != 1.0 for m in self.strips)
        self._consts = tuple(
            (m.offset_counts, ADC_MAX - m.offset_counts, m.half_scale_n) for m in self.strips
        )
        self._noise = noise_counts
        self._rng = random.Random(seed)
        self._normals = [self._rng.gauss(0.0, 1.0) for _ in range(_TABLE_MASK + 1)]
        self._next = 0

    def ideal(self, loads_n: tuple[float, ...]) -> tuple[float, ...]:
        """Noiseless counts of the six strips (used for the corpus labels)."""
        if self._power_law:
            return tuple(m.ideal(f) for m, f in zip(self.strips, loads_n, strict=True))
        # Exponent 1 (the usual case): x / (1 + x) = F / (F + F0), inlined for speed.
        return tuple(
            off + span * f / (f + f0) if f > 0.0 else off
            for (off, span, f0), f in zip(self._consts, loads_n, strict=True)
        )

    def sensed(self, loads_n: tuple[float, ...], t: float) -> tuple[float, ...]:
        """The force each strip responds to at ``t`` (call with increasing t): creep, hysteresis.

        Creep: the reading grows towards ``(1 + creep)`` times the load with time
        constant ``creep_tau_s`` while the strip stays loaded, and forgets at once
        when the load falls. Hysteresis: a play operator of half-width
        ``hysteresis * load``, so a rising load reads low and a falling one high.
        """
        a = self.artefacts
        if not a.creep and not a.hysteresis and not a.foam_tau_s:
            return loads_n
        dt = 0.0 if self._sensed_t is None else max(0.0, t - self._sensed_t)
        self._sensed_t = t
        k = 1.0 - math.exp(-dt / a.creep_tau_s)
        if a.foam_tau_s:
            # The foam spreads and delays the pressure: the strip feels a lagged load.
            foam = self._foam_state
            if foam is None:
                foam = list(loads_n)
            else:
                f = 1.0 - math.exp(-dt / a.foam_tau_s)
                foam = [old + (new - old) * f for old, new in zip(foam, loads_n, strict=True)]
            self._foam_state = foam
            loads_n = tuple(foam)
        out = []
        for i, force in enumerate(loads_n):
            # The creep memory follows the load slowly upwards, at once downwards.
            memory = self._creep_state[i]
            memory = force if force < memory else memory + (force - memory) * k
            self._creep_state[i] = memory
            value = force + a.creep * memory
            band = a.hysteresis * value
            held = self._band_state[i]
            if value > held + band:
                held = value - band
            elif value < held - band:
                held = value + band
            self._band_state[i] = held
            out.append(max(0.0, held))
        return tuple(out)

    def counts(self, loads_n: tuple[float, ...]) -> tuple[int, int, int, int, int, int]:
        """Noisy counts of the six strips, as one MCP3008 scan."""
        return self.noisy(self.ideal(loads_n))

    def noisy(self, ideal: tuple[float, ...]) -> tuple[int, int, int, int, int, int]:
        """Noisy integer counts from the noiseless ones (``ideal``)."""
        # Gaussian noise from a pre-drawn table: as random as needed, far cheaper.
        table, i, sd = self._normals, self._next, self._noise
        out = []
        for value in ideal:
            value += table[i] * sd * (1.0 + value * 0.0025)
            i = (i + 7) & _TABLE_MASK
            c = int(value + 0.5)
            out.append(0 if c < 0 else (c if c < ADC_MAX else ADC_MAX))
        self._next = (i + int(self._rng.random() * 61) + 1) & _TABLE_MASK
        return tuple(out)  # type: ignore[return-value]

    def baseline(self) -> tuple[float, ...]:
        """What an empty step reads on average (the calibration baseline)."""
        return tuple(m.offset_counts for m in self.strips)


class ToFModel:
    """Heel-height ToF sensor: true heel height (mm) -> raw distance (mm) or None.

    :param mount_offset_mm: distance from the sensor to the heel at the zero level.
    :param noise_mm: standard deviation of the reading (0.5..7 mm for real sensors).
    :param dropout_rate: dropout bursts per second (each 20..300 ms of no reading).
    :param spike_rate: single-sample outliers per sample (probability).
    :param drift_mm_per_min: slow linear drift of the reading (temperature).
    :param mount: ``"below"`` (distance grows as the heel rises) or ``"above"``.
    :param seed: seeds the noise.
    :param edge_hit_rate: edge hits per second while the heel is above ``EDGE_HIT_MIN_MM``.
    :param edge_mm: height (above the zero level) of the step edge an edge hit reads.
    :param latency_rate: latency bursts per second (the last value repeated 20..60 ms).
    :param long_dropout_rate: long dropouts (0.3..1 s of no reading) per second.
    :param warmup_drift_mm: thermal drift once warm; reached as ``1 - exp(-t / 100 s)``
        (about 95 % after 5 minutes).
    :param resolution_mm: readings are whole multiples of this (1 or 10 mm).
    :param update_hz: the sensor's own update rate (0: a fresh reading on every call).
        Each update is the mean heel height since the last one.
    :param hold_between: between updates, repeat the last reading (else no reading).
    :param sun_rate: sunlit periods (2-6 s each) per second.
    :param sun_noise_mm: noise SD while sunlit (6-10 mm).
    :param sun_outlier_rate: far-off readings (20-60 mm out) per second while sunlit, at
        100 readings a second (the same share of the readings at other rates).
    :param cover_share: share of the cone's returns from the edge or a smudge (0-0.4).
    :param spike_up_rate: single-reading spikes of ``spike_up_mm`` per second at 100
        readings a second (the same share of the readings at other rates).

    Call ``distance`` with increasing ``t`` (dropout bursts span several calls).
    ``heel_mm=None`` means nothing is over the sensor: no reading.
    """

    MIN_MM = 12.0  # the TOFSense short mode's nearest distance
    MAX_MM = 2160.0
    EDGE_HIT_MIN_MM = 20.0  # the footprint widens as the heel rises: edge hits start here

    def __init__(
        self,
        mount_offset_mm: float = 80.0,
        noise_mm: float = 2.0,
        dropout_rate: float = 0.0,
        spike_rate: float = 0.0,
        drift_mm_per_min: float = 0.0,
        mount: str = "below",
        seed: int = 0,
        edge_hit_rate: float = 0.0,
        edge_mm: float = 0.0,
        latency_rate: float = 0.0,
        long_dropout_rate: float = 0.0,
        warmup_drift_mm: float = 0.0,
        resolution_mm: float = 1.0,
        update_hz: float = 0.0,
        hold_between: bool = True,
        sun_rate: float = 0.0,
        sun_noise_mm: float = 8.0,
        sun_outlier_rate: float = 3.0,
        cover_share: float = 0.0,
        spike_up_rate: float = 0.0,
        spike_up_mm: float = 70.0,
    ) -> None:
        if mount not in ("below", "above"):
            raise ValueError(f"mount must be 'below' or 'above', not {mount!r}")
        if noise_mm < 0 or dropout_rate < 0 or spike_rate < 0:
            raise ValueError("noise, dropout and spike rates must not be negative")
        self.mount_offset_mm = mount_offset_mm
        self.noise_mm = noise_mm
        self.dropout_rate = dropout_rate
        self.spike_rate = spike_rate
        self.drift_mm_per_min = drift_mm_per_min
        self.mount = mount
        self.edge_hit_rate = edge_hit_rate
        self.edge_mm = edge_mm
        self.latency_rate = latency_rate
        self.long_dropout_rate = long_dropout_rate
        self.warmup_drift_mm = warmup_drift_mm
        self.resolution_mm = resolution_mm
        self.update_hz = update_hz
        self.hold_between = hold_between
        self.sun_rate = sun_rate
        self.sun_noise_mm = sun_noise_mm
        self.sun_outlier_rate = sun_outlier_rate
        self.cover_share = cover_share
        self.spike_up_rate = spike_up_rate
        self.spike_up_mm = spike_up_mm
        self._rng = random.Random(seed)
        # The newer artefacts draw from a stream of their own: recordings without them
        # stay exactly as they were.
        self._rng_more = random.Random(seed * 7 + 3)
        self._next_update = self._rng_more.uniform(0.0, 1.0 / update_hz) if update_hz else 0.0
        self._heel_sum = 0.0
        self._heel_n = 0
        self._update_t: float | None = None
        self._sun_until = -math.inf
        self._sun_sd = 0.0
        self.between = False  # the last call fell between two updates of a slow sensor
        self._dropout_until = -math.inf
        self._edge_until = -math.inf
        self._frozen_until = -math.inf
        self._last_value: float | None = None
        self._last_t: float | None = None
        self.hidden = False  # the last call gave no reading because of a dropout

    def ideal(self, heel_mm: float) -> float:
        """Noiseless distance for a true heel height (no drift)."""
        if self.mount == "below":
            return self.mount_offset_mm + heel_mm
        return self.mount_offset_mm - heel_mm

    def distance(self, heel_mm: float | None, t: float) -> float | None:
        """One reading at time ``t`` (seconds): mm rounded to 1 mm, or None."""
        if not self.update_hz:
            return self._measure(heel_mm, t)
        self.between = False
        if heel_mm is None:
            self._heel_sum, self._heel_n = 0.0, 0
        else:
            self._heel_sum += heel_mm
            self._heel_n += 1
        if t < self._next_update:
            if self._last_t is not None and t < self._dropout_until:
                return None
            self.between = heel_mm is not None
            return self._last_value if self.hold_between and heel_mm is not None else None
        period = 1.0 / self.update_hz
        self._next_update += period * max(1, math.ceil((t - self._next_update) / period + 1e-9))
        # The update: the mean of what the sensor saw over its period.
        mean = self._heel_sum / self._heel_n if self._heel_n else heel_mm
        self._heel_sum, self._heel_n = 0.0, 0
        value = self._measure(mean, t)
        if value is None:
            self._last_value = None
        return value

    def _measure(self, heel_mm: float | None, t: float) -> float | None:
        rng = self._rng
        dt = 0.0 if self._last_t is None else max(0.0, t - self._last_t)
        self._last_t = t
        if self.dropout_rate and rng.random() < self.dropout_rate * dt:
            self._dropout_until = t + rng.uniform(0.02, 0.3)
        if (self.long_dropout_rate and t >= self._dropout_until + 0.2
                and rng.random() < self.long_dropout_rate * dt):
            self._dropout_until = t + rng.uniform(0.3, 1.0)
        self.hidden = t < self._dropout_until
        if self.hidden or heel_mm is None:
            return None
        if (self.latency_rate and t >= self._frozen_until + 0.05
                and rng.random() < self.latency_rate * dt):
            self._frozen_until = t + rng.uniform(0.02, 0.06)
        if t < self._frozen_until and self._last_value is not None:
            return self._last_value  # the sensor re-sends its last measurement
        level = heel_mm
        if self.edge_hit_rate and heel_mm > self.EDGE_HIT_MIN_MM:
            # Hits are apart (at least 0.1 s of clean readings between two).
            if t >= self._edge_until + 0.1 and rng.random() < self.edge_hit_rate * dt:
                self._edge_until = t + rng.uniform(0.02, 0.15)
            if t < self._edge_until:
                level = self.edge_mm  # the footprint's nearest return is the step's edge
        if self.cover_share:
            # The cone's returns are averaged: part of them come from the edge or smudge.
            level += self.cover_share * (self.edge_mm - level)
        value = self.ideal(level) + self.drift_mm_per_min * t / 60.0
        if self.warmup_drift_mm:
            value += self.warmup_drift_mm * (1.0 - math.exp(-t / 100.0))
        value += rng.gauss(0.0, self.noise_mm)
        if self.spike_rate and rng.random() < self.spike_rate:
            value += rng.choice((-1.0, 1.0)) * rng.uniform(40.0, 400.0)
        if self.sun_rate or self.spike_up_rate:
            value += self._ambient(t, dt)
        if not self.MIN_MM <= value <= self.MAX_MM:
            return None
        step = self.resolution_mm
        self._last_value = float(round(value)) if step == 1.0 else float(round(value / step) * step)
        return self._last_value

    def _ambient(self, t: float, dt: float) -> float:
        """Sunlight's extra noise and outliers, and a shod heel's spikes (mm to add)."""
        more = self._rng_more
        extra = 0.0
        if self.sun_rate:
            if t >= self._sun_until and more.random() < self.sun_rate * dt:
                self._sun_until = t + more.uniform(2.0, 6.0)
                self._sun_sd = self.sun_noise_mm
            if t < self._sun_until:
                extra += more.gauss(0.0, self._sun_sd)
                # Per reading, as a 100 Hz sensor gives them (a slower one integrates
                # longer and is no worse).
                if more.random() < self.sun_outlier_rate * min(dt, 0.01):
                    extra += more.choice((-1.0, 1.0)) * more.uniform(20.0, 60.0)
        if self.spike_up_rate and more.random() < self.spike_up_rate * min(dt, 0.01):
            extra += self.spike_up_mm + more.uniform(-5.0, 5.0)
        return extra
