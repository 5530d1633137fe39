"""The simulated step: a simulated body behind the real drivers.

The body (anything with ``state_at(t) -> BodyState``, normally
``kiosk.sim.person.SimulatedPerson``) is turned into what the hardware would
produce, and handed to the *real* driver code:

- strip loads -> ADC counts, answered by ``drivers.mock_mcp3008.MockMCP3008``
  to the real gpiozero ``MCP3008`` devices under ``PressureStrips``;
- heel height -> raw ToF distance -> real ``nlink`` frames written into the
  master side of a pty, whose slave the real ``HeelHeightSensor`` opens by
  path with pyserial. The path is a symlink, so ``unplug_tof()`` /
  ``replug_tof()`` can make the port vanish and come back like a USB-UART.

The ToF stream has the flaws of the real one: noise, dropouts (no-reading
frames), the odd corrupt frame and garbage bytes between frames.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import tempfile
import threading
import time
import tty
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from gpiozero.pins.mock import MockFactory

from drivers.mock_mcp3008 import MockMCP3008
from drivers.tof_protocols import encode_benewake, encode_nlink
from kiosk.analysis.samples import STRIP_NAMES
from kiosk.sim.person import BodyState
from kiosk.sim.sensor_models import StripModels, ToFModel

# Sensor-to-heel distance at zero height: in the step's window below the heel,
# or on a bracket above it.
MOUNT_OFFSET_MM = {"below": 80.0, "above": 300.0}
# Faults of the simulated ToF: dropout bursts (20..300 ms of "no reading"),
# single-frame spikes, and on the link a corrupt frame or garbage now and then.
DROPOUT_BURSTS_PER_S = 0.2
SPIKE_P = 0.002
CORRUPT_P = 0.003  # one byte flipped: the checksum catches it
GARBAGE_P = 0.003  # a few random bytes between frames (line noise)
_TRIM_EVERY_S = 1.0  # how often the mock pins' state history is trimmed
_PIN_HISTORY_MAX, _PIN_HISTORY_KEEP = 20_000, 2_000


class Body(Protocol):
    """What the step needs of a simulated body (see docs/architecture.md)."""

    def state_at(self, t: float) -> BodyState: ...


class SimulatedStep:
    """Runs ``body`` through sensor models into the mock ADC and a pty; see the module docstring.

    :param body: the simulated person (``state_at(t)`` for increasing t, t in seconds).
    :param factory: the mock pin factory the strips' ``MCP3008`` devices use.
    :param channels: strip name -> MCP3008 channel, as in the config.
    :param spi_device: chip select of the MCP3008 (0 or 1).
    :param tof_rate_hz: frames per second written to the pty.
    :param tof_noise_mm: ToF noise (standard deviation, mm).
    :param mount: ``"below"`` (distance grows as the heel rises) or ``"above"``.
    :param protocol: the frames written to the pty, ``"nlink"`` or ``"benewake"``, so the
        simulated sensor speaks what the config says the real one does.
    :param seed: random seed of the sensor noise.
    :param clock: monotonic clock; body time is ``clock() - start``.
    """

    def __init__(
        self,
        body: Body,
        factory: MockFactory,
        *,
        channels: Mapping[str, int] | None = None,
        spi_device: int = 0,
        tof_rate_hz: float = 100.0,
        tof_noise_mm: float = 2.0,
        mount: str = "below",
        protocol: str = "nlink",
        seed: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if protocol not in ("nlink", "benewake"):
            raise ValueError(f"unknown ToF protocol {protocol!r}")
        self.body = body
        self.protocol = protocol
        self._factory = factory
        self._clock = clock
        self._rng = random.Random(seed)
        self._strip_models = StripModels(seed=seed)
        self._tof_model = ToFModel(
            mount_offset_mm=MOUNT_OFFSET_MM[mount], noise_mm=tof_noise_mm,
            dropout_rate=DROPOUT_BURSTS_PER_S, spike_rate=SPIKE_P, mount=mount, seed=seed + 1,
        )
        channels = dict(channels or {name: i for i, name in enumerate(STRIP_NAMES)})
        # ADC channel -> index into BodyState.loads_n (STRIP_NAMES order).
        self._channel_index = {ch: STRIP_NAMES.index(name) for name, ch in channels.items()}
        self._tof_period = 1.0 / tof_rate_hz
        self._lock = threading.Lock()
        self._state_t = -1.0
        self._counts: tuple[int, ...] = (0,) * len(STRIP_NAMES)
        self._state: BodyState | None = None
        self.start = clock()

        self.adc = MockMCP3008(factory, self._channel_counts, spi_device)
        self._dir = Path(tempfile.mkdtemp(prefix="smartstep-tof-"))
        self.tof_port = str(self._dir / "ttyTOF")
        self._master: int | None = None
        self._slave: int | None = None
        self.frames_written = 0
        self.frames_lost = 0  # written while nobody read and the pty buffer was full
        self.replug_tof()

        self._stop = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run_tof, name="sim tof", daemon=True)
        self._thread.start()

    # -- public ---------------------------------------------------------------

    def elapsed(self) -> float:
        """Body time: seconds since the simulated step started."""
        return self._clock() - self.start

    def state(self) -> BodyState | None:
        """The body's newest state (None before the first)."""
        return self._state

    @property
    def tof_plugged(self) -> bool:
        return self._master is not None

    def unplug_tof(self) -> None:
        """Pull the simulated USB-UART out: the port's path disappears, reads fail."""
        with self._lock:
            master, slave, self._master, self._slave = self._master, self._slave, None, None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tof_port)
            for fd in (master, slave):
                if fd is not None:
                    os.close(fd)

    def replug_tof(self) -> None:
        """Plug it back in: a new pty appears at the same path."""
        with self._lock:
            if self._master is not None:
                return
            master, slave = os.openpty()
            # Raw mode before anyone opens it: no echo back into the master, no line editing.
            tty.setraw(slave)
            os.set_blocking(master, False)
            link = Path(self.tof_port)
            tmp = link.with_suffix(".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(os.ttyname(slave))
            os.replace(tmp, link)  # the path appears atomically
            # The simulator keeps the slave open too, so the pty lives while the driver reopens.
            self._master, self._slave = master, slave

    def close(self) -> None:
        """Stop the ToF writer, remove the pty and the mock ADC; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        self._thread.join(timeout=2.0)
        self.unplug_tof()
        self.adc.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> SimulatedStep:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the body, shared by the ADC (strips thread) and the ToF writer -------

    def _advance(self) -> BodyState:
        """The body state now; one evaluation per moment, whichever thread asks first."""
        t = self.elapsed()
        with self._lock:
            if t - self._state_t >= 0.0005 or self._state is None:
                state = self.body.state_at(t)
                self._state = state
                self._state_t = t
                self._counts = self._strip_models.counts(state.loads_n)
            return self._state

    def _channel_counts(self, channel: int) -> int:
        index = self._channel_index.get(channel)
        if index is None:
            return 0  # an unwired channel reads as ground
        if index == 0 or self._state is None:
            self._advance()  # one body step per 6-channel sample, at its first channel
        return self._counts[index]

    # -- the ToF writer thread ------------------------------------------------

    def _run_tof(self) -> None:
        next_t = self._clock()
        last_trim = next_t
        while not self._stop.is_set():
            state = self._advance()
            frame = self._frame(state)
            self._write(frame)
            now = self._clock()
            if now - last_trim >= _TRIM_EVERY_S:
                self._trim_pin_histories()
                last_trim = now
            next_t += self._tof_period
            if next_t < now:
                next_t = now  # fell behind (a loaded machine): no burst of frames
            self._stop.wait(next_t - now)

    def _trim_pin_histories(self) -> None:
        """Bound the mock pins' recorded states (MockPin keeps every change forever)."""
        self.adc.trim_pin_history()  # ~300 k changes a second at 1 kHz: always
        for pin in list(self._factory.pins.values()):
            # The lights' pins: only when huge, so tests can still read recent history.
            if len(pin.states) > _PIN_HISTORY_MAX:
                del pin.states[:-_PIN_HISTORY_KEEP]

    def _frame(self, state: BodyState) -> bytes:
        rng = self._rng
        t = self.elapsed()
        heel = state.beam_mm()  # nobody there: nothing to see
        distance = self._tof_model.distance(heel, t)
        time_ms = int(t * 1000)
        if self.protocol == "benewake":
            # No reading: a strength under 100, as the TF-Luna reports it.
            frame = (encode_benewake(0, strength=0) if distance is None
                     else encode_benewake(round(distance), strength=rng.randint(800, 3000)))
        elif distance is None:
            frame = encode_nlink(0, status=1, strength=0, time_ms=time_ms)
        else:
            frame = encode_nlink(round(distance), strength=rng.randint(800, 3000), time_ms=time_ms)
        if rng.random() < CORRUPT_P:
            damaged = bytearray(frame)
            damaged[rng.randrange(3, len(frame))] ^= 1 << rng.randrange(8)
            frame = bytes(damaged)
        if rng.random() < GARBAGE_P:
            frame = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + frame
        return frame

    def _write(self, data: bytes) -> None:
        with self._lock:
            master = self._master
            if master is None:
                return
            try:
                os.write(master, data)
                self.frames_written += 1
            except BlockingIOError:
                self.frames_lost += 1  # nobody reading: a real UART drops them too
            except OSError:
                self.frames_lost += 1


# -- the default body ---------------------------------------------------------

# Enough reps for a long ``run --sim`` (about 6.5 s each: 2-1-2 tempo, 1.5 s rest).
DEFAULT_REPS = 600


def default_body(seed: int = 0) -> Body:
    """A person who steps on and keeps heel-raising (``monitor --sim``, ``run --sim``).

    First rise about 3 s after the start, at the top by 5 s: ``monitor --seconds 5`` shows it.
    """
    from kiosk.sim.person import Reps, Script, SimulatedPerson, Stand, StepOn

    script = Script([
        StepOn(1.0), Stand(1.0),
        Reps(DEFAULT_REPS, tempo=(2.0, 1.0, 2.0), rest_s=1.5, position="floor"),
    ])
    return SimulatedPerson(mass_kg=72.0, seed=seed, script=script)
