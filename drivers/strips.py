"""The six FSR pressure strips, sampled on a background thread.

Each strip is one channel of an MCP3008 (gpiozero's ``MCP3008``, or anything
with a ``raw_value`` in counts and a ``close()``). The thread reads every
channel at ``rate_hz`` on a fixed schedule, stamps the sample with the
monotonic clock, keeps the newest and hands it to the subscribers. When it
falls behind (a slow bus) it skips ahead rather than bursting, and counts it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from drivers.errors import DeviceConfigError

StripsStatus = Literal["starting", "ok", "failed"]

# Consecutive failed reads before the status says "failed" (one glitch is not a fault).
_FAILS_BEFORE_FAILED = 3
MIN_RATE_HZ, MAX_RATE_HZ = 1.0, 1000.0


class AnalogChannel(Protocol):
    """What the strips need of an ADC channel: gpiozero's MCP3008 has it."""

    @property
    def raw_value(self) -> int: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class StripReading:
    """One sample of all strips: monotonic time and counts in the channel map's order."""

    t: float
    counts: tuple[int, ...]


class PressureStrips:
    """Samples ``adcs`` (name -> channel, in column order) at ``rate_hz``.

    :param adcs: the channels, e.g. ``{"l_toe": MCP3008(channel=0), ...}``; closed by ``close()``.
    :param rate_hz: samples per second (1..1000).
    :param clock: monotonic clock shared with the other drivers.
    :param start: False leaves the thread stopped; call ``sample_once()`` yourself (tests, bench).
    """

    def __init__(
        self,
        adcs: Mapping[str, AnalogChannel],
        rate_hz: float = 100.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        start: bool = True,
    ) -> None:
        if not MIN_RATE_HZ <= rate_hz <= MAX_RATE_HZ:
            raise DeviceConfigError(
                f"strip rate must be {MIN_RATE_HZ:g}..{MAX_RATE_HZ:g} Hz, not {rate_hz}"
            )
        self.names = tuple(adcs)
        self.rate_hz = rate_hz
        self._adcs = tuple(adcs.values())
        self._clock = clock
        self._subscribers: list[Callable[[StripReading], None]] = []
        self._latest: StripReading | None = None
        self._status: StripsStatus = "starting"
        self._fails = 0
        self._last_error = ""
        self.samples = 0
        self.subscriber_errors = 0
        self.overruns = 0  # periods skipped because a sample took too long
        self._stop = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        if start:
            self._thread = threading.Thread(target=self._run, name="strips", daemon=True)
            self._thread.start()

    # -- public ---------------------------------------------------------------

    def subscribe(self, callback: Callable[[StripReading], None]) -> None:
        """Call ``callback(reading)`` on the sampling thread after every sample; keep it short."""
        self._subscribers = [*self._subscribers, callback]  # copy: the thread iterates it

    def unsubscribe(self, callback: Callable[[StripReading], None]) -> None:
        self._subscribers = [c for c in self._subscribers if c is not callback]

    def latest(self) -> StripReading | None:
        """The newest sample, or None before the first."""
        return self._latest

    @property
    def status(self) -> StripsStatus:
        return self._status

    def health(self) -> dict[str, object]:
        return {
            "status": self._status,
            "rate_hz": self.rate_hz,
            "samples": self.samples,
            "overruns": self.overruns,
            "last_error": self._last_error,
        }

    def sample_once(self) -> StripReading | None:
        """Read every channel now, publish and return the sample (None when the read failed)."""
        try:
            counts = tuple([adc.raw_value for adc in self._adcs])
        except Exception as exc:  # any bus error: a failed read, reported
            self._fails += 1
            self._last_error = f"{type(exc).__name__}: {exc}"
            if self._fails >= _FAILS_BEFORE_FAILED:
                self._status = "failed"
            return None
        reading = StripReading(self._clock(), counts)
        self._fails = 0
        self._status = "ok"
        self._latest = reading
        self.samples += 1
        for callback in self._subscribers:
            try:
                callback(reading)
            except Exception as exc:  # a broken consumer must not stop the sampling
                self.subscriber_errors += 1
                self._last_error = f"subscriber {type(exc).__name__}: {exc}"
        return reading

    def close(self) -> None:
        """Stop sampling and close the channels; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        for adc in self._adcs:
            with contextlib.suppress(Exception):  # closing must not fail shutdown
                adc.close()

    def __enter__(self) -> PressureStrips:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sampling thread ------------------------------------------------------

    def _run(self) -> None:
        period = 1.0 / self.rate_hz
        next_t = self._clock()
        while not self._stop.is_set():
            self.sample_once()
            next_t += period
            now = self._clock()
            if next_t < now:
                # Behind schedule: skip the missed periods instead of catching up in a burst.
                missed = int((now - next_t) / period) + 1
                self.overruns += missed
                next_t += missed * period
            # time.sleep, not Event.wait: half the CPU per wake-up, which counts
            # at 1000 Hz; close() waits at most one period for it.
            time.sleep(max(0.0, next_t - now))
