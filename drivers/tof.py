"""Heel-height time-of-flight sensor on a UART (pyserial).

A background thread reads the port, feeds an incremental frame parser
(``drivers.tof_protocols``) and keeps the newest reading. When the port goes
away (USB-UART pulled out) the status turns ``disconnected`` at once, no stale
distance is reported, and the thread keeps reopening the same path with
growing back-off until a device is there again (the sensor protocols).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import serial

from drivers.tof_protocols import ParserCounters, make_parser

ToFStatus = Literal["ok", "no_reading", "disconnected"]

# The reader polls the port every 10 ms and takes whatever arrived: a fixed
# 100 wake-ups a second whatever the sensor's rate (a 350 Hz sensor gives ~3.5
# frames per poll), for at most 10 ms of added latency, one 100 Hz sample.
POLL_S = 0.01
_READ_TIMEOUT_S = 0.05
_FIRST_BACKOFF_S = 0.05


@dataclass(frozen=True, slots=True)
class ToFReading:
    """The sensor's newest state.

    :param t: monotonic time of the frame (or of the status change).
    :param distance_mm: raw distance, None unless ``status == "ok"``.
    :param status: ``ok``, ``no_reading`` (port open, no valid frame lately), ``disconnected``.
    """

    t: float
    distance_mm: int | None
    status: ToFStatus


class HeelHeightSensor:
    """Reads a ``nlink`` or ``benewake`` sensor on ``port``; see the module docstring.

    :param port: serial device path, reopened by path after an unplug.
    :param protocol: ``"nlink"`` or ``"benewake"``.
    :param baud: UART speed.
    :param reopen_max_s: longest wait between two reopen attempts.
    :param stale_s: with no valid frame for this long the status is ``no_reading``.
    :param clock: monotonic clock (the one the strips use).
    """

    def __init__(
        self,
        port: str,
        protocol: str = "nlink",
        baud: int = 921600,
        *,
        reopen_max_s: float = 1.0,
        stale_s: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.port = port
        self.protocol = protocol
        self.baud = baud
        self._parser = make_parser(protocol)  # raises DeviceConfigError first
        self._reopen_max_s = reopen_max_s
        self._stale_s = stale_s
        self._clock = clock
        self._serial: serial.Serial | None = None
        self._stop = threading.Event()
        self._latest = ToFReading(clock(), None, "disconnected")
        self._last_error = ""
        self.opens = 0  # successful opens, for health and tests
        self.reopen_wait_s = 0.0  # the wait before the next reopen attempt (0: open)
        self._thread = threading.Thread(target=self._run, name=f"tof {port}", daemon=True)
        self._thread.start()

    # -- public ---------------------------------------------------------------

    def latest(self) -> ToFReading:
        """The newest reading; ``no_reading`` when the last valid frame is older than stale_s."""
        if self._stop.is_set():
            return ToFReading(self._clock(), None, "disconnected")
        reading = self._latest
        if reading.status == "ok" and self._clock() - reading.t > self._stale_s:
            return ToFReading(reading.t, None, "no_reading")
        return reading

    def health(self) -> dict[str, object]:
        """Status and counters for the installer and staff (JSON-friendly)."""
        c = self._parser.counters
        return {
            "status": self.latest().status,
            "port": self.port,
            "protocol": self.protocol,
            "opens": self.opens,
            "frames": c.frames,
            "no_reading_frames": c.no_reading,
            "bad_checksum": c.bad_checksum,
            "impossible": c.impossible,
            "garbage_bytes": c.garbage_bytes,
            "last_error": self._last_error,
        }

    @property
    def counters(self) -> ParserCounters:
        """Frames seen and dropped by the parser since start."""
        return self._parser.counters

    def close(self) -> None:
        """Stop the reader and close the port; safe to call twice."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        self._close_port()

    def __enter__(self) -> HeelHeightSensor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reader thread --------------------------------------------------------

    def _run(self) -> None:
        backoff = _FIRST_BACKOFF_S
        while not self._stop.is_set():
            if self._serial is None:
                if self._open():
                    backoff = _FIRST_BACKOFF_S
                    self.reopen_wait_s = 0.0
                else:
                    self.reopen_wait_s = backoff
                    self._stop.wait(backoff)
                    backoff = min(backoff * 2, self._reopen_max_s)
                continue
            try:
                waiting = self._serial.in_waiting
                data = self._serial.read(waiting) if waiting else b""
            except (OSError, TypeError, AttributeError) as exc:
                # OSError covers SerialException (device gone) and EIO from
                # in_waiting; TypeError/AttributeError come from pyserial when
                # close() races a read. Either way: disconnected, reopen.
                self._disconnected(exc)
                continue
            if not data:
                time.sleep(POLL_S)  # not Event.wait: that costs twice the CPU per wake-up
                continue
            now = self._clock()
            frames = self._parser.feed(data)
            if frames:
                frame = frames[-1]
                if frame.distance_mm is None:
                    self._latest = ToFReading(now, None, "no_reading")
                else:
                    self._latest = ToFReading(now, frame.distance_mm, "ok")
            time.sleep(POLL_S)

    def _open(self) -> bool:
        try:
            self._serial = serial.Serial(self.port, self.baud, timeout=_READ_TIMEOUT_S)
        except (OSError, ValueError) as exc:
            self._last_error = str(exc)
            self._latest = ToFReading(self._clock(), None, "disconnected")
            return False
        self._parser.reset()
        self.opens += 1
        # Open but nothing parsed yet: "no_reading" until the first valid frame.
        self._latest = ToFReading(self._clock(), None, "no_reading")
        return True

    def _disconnected(self, exc: BaseException) -> None:
        self._last_error = str(exc)
        self._latest = ToFReading(self._clock(), None, "disconnected")
        self._close_port()

    def _close_port(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(OSError):
                port.close()
