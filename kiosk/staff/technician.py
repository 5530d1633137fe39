"""The technician's service (staff mode, admin): live sensor values, strip calibration,
the ToF mount/zero check, a light/buzzer/button test, system facts and the clock.

No Kivy. The screens poll ``live()`` a few times a second: it only reads the
values the drivers' own threads already cached, so it never waits on a sensor.
The calls that take seconds (captures, light test, setting the clock) are
meant for the staff screens' background thread. Outcomes are codes; the UI's
wording module has the words.

It also keeps the production kiosk's device notice (simulated or failed
devices at ``run --fullscreen``) until a staff member acknowledges it.
"""

from __future__ import annotations

import collections
import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.analysis.calibration import Calibration
from kiosk.analysis.samples import STRIP_NAMES
from kiosk.doctor.system import check_storage
from kiosk.staff.api import Problem, StaffMember, StaffRequestError
from kiosk.staff.clock import ClockSetError, SystemClockPort
from kiosk.storage.calibrations import latest_strip_calibration, save_strip_calibration
from kiosk.storage.store import Store
from kiosk.strip_calibration import SavedCalibration

if TYPE_CHECKING:
    from kiosk.devices.hardware import Hardware

__all__ = [
    "CalibrationSteps", "LiveReadings", "RecentProblems", "SystemFacts", "TechnicianService",
    "ToFCheck",
]

log = logging.getLogger(__name__)

# -- strip calibration -------------------------------------------------------------------
CALIBRATION_STEPS = ("empty", "left", "right")  # empty step, then the weight on each foot
FOOT_STRIPS = {"left": (0, 1, 2), "right": (3, 4, 5)}  # indices into STRIP_NAMES
CAPTURE_S = 3.0
# An empty strip reads near 0 plus noise; above this somebody (or something) is on it.
EMPTY_MAX_COUNTS = 150.0
# Under the calibration weight each of the foot's strips must rise at least this much.
MIN_LOAD_COUNTS = 20.0
# Each strip's mean above baseline under the weight is scaled to this (the analysis'
# reference: shares and loads compare strips, so only equal response matters).
REFERENCE_COUNTS = 300.0
WEIGHTS_KG = (5.0, 10.0, 20.0)

# -- ToF check ------------------------------------------------------------------------------
TOF_CHECK_S = 2.0
TOF_MIN_MM = 15.0  # nearer than this the short-range sensor's readings are unreliable
TOF_MAX_MM = 400.0  # farther: not aimed at a heel on this step
TOF_MAX_SPREAD_MM = 3.0  # the sensor's noise (sigma) in short mode
TOF_MIN_VALID = 0.8  # share of polls with a reading
RAISE_MIN_MM = 15.0  # the raised heel (or a card held up) must move at least this far

LIGHT_STEP_S = 0.12
COLOUR_S = 0.35
BEEP_HZ = 880.0
BEEP_S = 0.3
LAST_ERRORS = 20


@dataclass(frozen=True, slots=True)
class LiveReadings:
    """What the live view shows, read from the drivers' caches."""

    strips: tuple[tuple[str, int | None], ...]  # (name, counts) in STRIP_NAMES order
    strips_status: str
    tof_mm: float | None
    tof_status: str  # "ok", "no_reading", "disconnected"
    tof_fps: float  # frames a second since the previous call
    frames_dropped: int  # bad checksum or impossible value, since start
    reconnects: int  # times the port was opened again after the first


@dataclass(frozen=True, slots=True)
class SystemFacts:
    version: str
    data_dir: str
    disk_free_mb: float | None
    disk_total_mb: float | None
    storage_problem: str | None  # a doctor problem code, e.g. "disk_full"
    uptime_s: float | None  # the machine's
    kiosk_uptime_s: float
    clock: datetime  # aware, UTC
    clock_synchronised: bool
    last_errors: tuple[str, ...]  # newest first


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """One calibration step's outcome: ``problem`` None means it was accepted."""

    step: str
    problem: str | None = None  # "not_empty", "no_load", "no_samples"
    strip: str = ""  # the strip that carried no load
    means: tuple[float, ...] = ()


class CalibrationSteps:
    """The guided strip calibration: empty step, then the known weight on each foot.

    Pure arithmetic on captured counts (tuples in ``STRIP_NAMES`` order); a refused
    capture leaves the step where it was, to be done again.
    """

    def __init__(self, weight_kg: float = WEIGHTS_KG[1]) -> None:
        self.weight_kg = weight_kg
        self.index = 0
        self.baselines: tuple[float, ...] | None = None
        self.gains = [1.0] * 6

    @property
    def step(self) -> str:
        return CALIBRATION_STEPS[min(self.index, len(CALIBRATION_STEPS) - 1)]

    @property
    def done(self) -> bool:
        return self.index >= len(CALIBRATION_STEPS)

    def accept(self, samples: Sequence[Sequence[int]]) -> CaptureResult:
        step = self.step
        if self.done:
            raise RuntimeError("calibration already complete")
        if not samples:
            return CaptureResult(step, "no_samples")
        n = len(samples)
        means = tuple(sum(s[i] for s in samples) / n for i in range(6))
        if step == "empty":
            if max(means) > EMPTY_MAX_COUNTS:
                strip = STRIP_NAMES[means.index(max(means))]
                return CaptureResult(step, "not_empty", strip, means)
            self.baselines = means
        else:
            assert self.baselines is not None
            for i in FOOT_STRIPS[step]:
                above = means[i] - self.baselines[i]
                if above < MIN_LOAD_COUNTS:
                    return CaptureResult(step, "no_load", STRIP_NAMES[i], means)
            for i in FOOT_STRIPS[step]:
                self.gains[i] = min(100.0, REFERENCE_COUNTS / (means[i] - self.baselines[i]))
        self.index += 1
        return CaptureResult(step, None, "", means)

    def calibration(self) -> Calibration:
        if not self.done or self.baselines is None:
            raise RuntimeError("calibration not complete")
        return Calibration(self.baselines, tuple(self.gains))


@dataclass(frozen=True, slots=True)
class ToFCheck:
    """The ToF over a short capture: its level and noise, and a verdict code."""

    mean_mm: float | None
    spread_mm: float | None
    valid_share: float
    verdict: str  # "ok", "no_reading", "too_close", "too_far", "noisy"


def tof_check(readings: Sequence[float | None]) -> ToFCheck:
    """The verdict on polled ToF distances (None: no reading at that poll)."""
    valid = [r for r in readings if r is not None]
    share = len(valid) / len(readings) if readings else 0.0
    if not valid or share < TOF_MIN_VALID:
        return ToFCheck(None, None, share, "no_reading")
    mean = sum(valid) / len(valid)
    spread = (sum((v - mean) ** 2 for v in valid) / len(valid)) ** 0.5
    verdict = ("too_close" if mean < TOF_MIN_MM else "too_far" if mean > TOF_MAX_MM
               else "noisy" if spread > TOF_MAX_SPREAD_MM else "ok")
    return ToFCheck(round(mean, 1), round(spread, 2), share, verdict)


def mount_verdict(down: ToFCheck, up: ToFCheck, mount: str) -> str:
    """Heel down then heel up: "ok" when the distance moved the way ``mount`` says.

    ``below`` (the sensor under the heel): the distance grows as the heel rises.
    """
    if down.mean_mm is None or up.mean_mm is None:
        return "no_reading"
    change = up.mean_mm - down.mean_mm
    if abs(change) < RAISE_MIN_MM:
        return "no_change"
    grows = change > 0
    return "ok" if grows == (mount == "below") else "wrong_mount"


class RecentProblems(logging.Handler):
    """Keeps the last warnings and errors logged by the kiosk, for the technician."""

    def __init__(self, keep: int = LAST_ERRORS) -> None:
        super().__init__(logging.WARNING)
        self._lines: collections.deque[str] = collections.deque(maxlen=keep)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            when = datetime.fromtimestamp(record.created).strftime("%d %b %H:%M")
            self._lines.append(f"{when}  {record.levelname.lower()}: {record.getMessage()}")
        except Exception:  # a log line must never break the code that logged it
            self.handleError(record)

    def lines(self) -> tuple[str, ...]:
        return tuple(reversed(self._lines))


class SignedIn(Protocol):
    """Whether a member of staff is signed in (the accounts service)."""

    def is_signed_in(self, member: StaffMember) -> bool: ...


class TechnicianService:
    """Technician screens' access to the hardware, the clock and the calibration store.

    :param hardware: ``kiosk.devices.hardware.Hardware`` (strips, tof, lights, beeper, button).
    :param store: the kiosk's database (saved calibrations, audit log).
    :param staff: who is signed in (``kiosk.staff.account_service.AccountService``).
    :param clock: the system clock (``kiosk.staff.clock``).
    :param data_dir: the data directory (disk space).
    :param mount: the ToF's ``[tof] mount``.
    :param problems: RecentProblems installed on the root logger (last errors).
    """

    def __init__(self, hardware: Hardware, store: Store, staff: SignedIn,
                 clock: SystemClockPort,
                 data_dir: Path, mount: str = "below",
                 problems: RecentProblems | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.hardware = hardware
        self.store = store
        self.staff = staff
        self.clock = clock
        self.data_dir = Path(data_dir)
        self.mount = mount
        self.problems = problems
        self._monotonic = monotonic
        self._sleep = sleep
        # How long each capture listens: long enough to average the strips' and the
        # sensor's noise; tests of the screens' flow shorten them.
        self.capture_s = CAPTURE_S
        self.tof_check_s = TOF_CHECK_S
        self._started = monotonic()
        self._fps_mark: tuple[float, int] | None = None
        self._device_problems: tuple[str, ...] = ()
        self._notice_lock = threading.Lock()
        self._button_lock = threading.Lock()
        self._button_saved: Any = None
        self._button_testing = False
        self._button_presses = 0

    # -- who may ---------------------------------------------------------------------------

    def _admin(self, by: StaffMember) -> str:
        if not self.staff.is_signed_in(by) or by.role != "admin":
            raise StaffRequestError({"": Problem.NOT_ALLOWED})
        return by.name

    # -- device notice ---------------------------------------------------------------------------

    def report_devices(self, codes: Sequence[str]) -> None:
        """The production kiosk's simulated or failed devices (``kiosk.devices.report``)."""
        with self._notice_lock:
            self._device_problems = tuple(codes)

    def device_notice(self) -> tuple[str, ...]:
        """Device problems nobody acknowledged yet (cheap: the screens poll it)."""
        return self._device_problems

    def acknowledge_devices(self, by: StaffMember) -> None:
        """A staff member has seen the notice: it goes away, and the audit log says who."""
        if not self.staff.is_signed_in(by):
            raise StaffRequestError({"": Problem.NOT_ALLOWED})
        with self._notice_lock:
            codes, self._device_problems = self._device_problems, ()
        if codes:
            self.store.audit(by.name, "acknowledge_devices", None, None,
                             {"problems": list(codes)})
            log.warning("production kiosk: %s acknowledged the device notice (%s)", by.name,
                        ", ".join(codes))

    # -- live view -----------------------------------------------------------------------------

    def live(self) -> LiveReadings:
        """Latest strip counts and ToF values from the drivers' caches (no I/O)."""
        hw = self.hardware
        reading = hw.strips.latest()
        counts: tuple[int | None, ...] = (tuple(reading.counts) if reading is not None
                                          else (None,) * len(STRIP_NAMES))
        tof = hw.tof.latest()
        counters = hw.tof.counters
        now = self._monotonic()
        fps = 0.0
        if self._fps_mark is not None:
            then, frames_then = self._fps_mark
            if now > then:
                fps = max(0.0, (counters.frames - frames_then) / (now - then))
        self._fps_mark = (now, counters.frames)
        return LiveReadings(
            strips=tuple(zip(STRIP_NAMES, counts, strict=True)),
            strips_status=str(hw.strips.status),
            tof_mm=tof.distance_mm,
            tof_status=str(tof.status),
            tof_fps=round(fps, 1),
            frames_dropped=counters.bad_checksum + counters.impossible,
            reconnects=max(0, hw.tof.opens - 1),
        )

    # -- captures (seconds: call off the UI thread) ---------------------------------------------

    def capture_strips(self, seconds: float | None = None) -> list[tuple[int, ...]]:
        """Every strip sample for ``seconds`` (default ``capture_s``; from the strips' own
        thread)."""
        seconds = self.capture_s if seconds is None else seconds
        samples: list[tuple[int, ...]] = []
        lock = threading.Lock()

        def take(reading: Any) -> None:
            with lock:
                samples.append(tuple(reading.counts))

        strips = self.hardware.strips
        strips.subscribe(take)
        try:
            self._sleep(seconds)
        finally:
            strips.unsubscribe(take)
        with lock:
            return list(samples)

    def capture_tof(self, seconds: float | None = None, poll_s: float = 0.02) -> ToFCheck:
        """The ToF polled every ``poll_s`` for ``seconds`` (default ``tof_check_s``), with
        its verdict."""
        seconds = self.tof_check_s if seconds is None else seconds
        readings: list[float | None] = []
        deadline = self._monotonic() + seconds
        while self._monotonic() < deadline:
            r = self.hardware.tof.latest()
            readings.append(float(r.distance_mm) if r.distance_mm is not None else None)
            self._sleep(poll_s)
        return tof_check(readings)

    # -- calibration -------------------------------------------------------------------------------

    def latest_calibration(self) -> SavedCalibration | None:
        return latest_strip_calibration(self.store)

    def save_calibration(self, by: StaffMember, steps: CalibrationSteps,
                         now: datetime | None = None) -> SavedCalibration:
        """Save a complete calibration, dated; new sessions use it (audited)."""
        name = self._admin(by)
        saved = SavedCalibration(steps.calibration(), now or datetime.now(UTC), name,
                                 steps.weight_kg)
        return save_strip_calibration(self.store, saved)

    # -- lights, buzzer, button ----------------------------------------------------------------

    def test_lights(self) -> None:
        """The bar fills one LED at a time, the RGB LED shows red, green, blue; then off."""
        lights = self.hardware.lights
        try:
            for lit in range(1, lights.bar_length + 1):
                lights.set_bar(lit)
                self._sleep(LIGHT_STEP_S)
            for colour in ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)):
                lights.set_colour(colour)
                self._sleep(COLOUR_S)
        finally:
            lights.off()

    def test_buzzer(self) -> bool:
        """One beep; False when the buzzer is muted or at volume 0 (nothing to hear)."""
        beeper = self.hardware.beeper
        if beeper.silent:
            return False
        try:
            beeper.tone(BEEP_HZ)
            self._sleep(BEEP_S)
        finally:
            beeper.tone(None)
        return True

    def start_button_test(self) -> None:
        """Count presses here instead of starting a session, until ``end_button_test``."""
        with self._button_lock:
            if self._button_testing:
                return
            button = self.hardware.button
            self._button_saved = button.on_press
            self._button_presses = 0
            self._button_testing = True
            button.on_press = self._count_press

    def _count_press(self) -> None:
        self._button_presses += 1

    def button_presses(self) -> int:
        return self._button_presses

    def button_held(self) -> bool:
        return bool(self.hardware.button.is_pressed)

    def end_button_test(self) -> None:
        with self._button_lock:
            if not self._button_testing:
                return
            self.hardware.button.on_press = self._button_saved
            self._button_saved = None
            self._button_testing = False

    # -- system -----------------------------------------------------------------------------------

    def system_facts(self) -> SystemFacts:
        """Version, disk, uptimes, clock, last errors (a few file reads: off the UI thread)."""
        try:
            version = metadata.version("smartstep")
        except metadata.PackageNotFoundError:
            version = "unknown"
        free = total = None
        try:
            usage = shutil.disk_usage(_existing(self.data_dir))
            free, total = usage.free / 1e6, usage.total / 1e6
        except OSError:
            pass
        storage = check_storage(self.data_dir)
        return SystemFacts(
            version=version,
            data_dir=str(self.data_dir),
            disk_free_mb=free,
            disk_total_mb=total,
            storage_problem=storage.problem,
            uptime_s=_machine_uptime(),
            kiosk_uptime_s=self._monotonic() - self._started,
            clock=self.clock.now(),
            clock_synchronised=self.clock.synchronised(),
            last_errors=self.problems.lines() if self.problems is not None else (),
        )

    def set_clock(self, by: StaffMember, local: datetime) -> datetime:
        """Set the system clock to ``local`` (naive: the kiosk's local time); audited.

        :raises StaffRequestError: not an admin.
        :raises ClockSetError: the system refused (its ``code`` says why).
        """
        name = self._admin(by)
        before = self.clock.now()
        try:
            self.clock.set_time(local)
        except ClockSetError as exc:
            log.error("setting the clock failed: %s", exc)
            raise
        after = self.clock.now()
        self.store.audit(name, "set_clock", None, None,
                         {"from": before.isoformat(timespec="seconds"),
                          "to": after.isoformat(timespec="seconds")})
        return after


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _machine_uptime(proc: Path = Path("/proc/uptime")) -> float | None:
    try:
        return float(proc.read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
