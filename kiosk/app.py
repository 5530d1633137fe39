"""The composition root: config -> hardware -> store -> session service -> UI.

``open_kiosk`` builds every part once and closes them again in reverse order;
``run_kiosk`` hands them to the Kivy app. Nothing else builds devices or
services: the screens get only the ``KioskServices`` they are handed (the
screenshots and tests hand in their own).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.devices.hardware import Hardware, HardwareError, build_hardware
from kiosk.devices.report import LOG_LINES, device_problems, wait_for_tof
from kiosk.session.directory import StoreDirectory
from kiosk.session.ports import SessionDevices
from kiosk.session.programmes import demo_programme
from kiosk.session.service import SessionService, default_programme
from kiosk.staff.account_service import AccountService
from kiosk.staff.clock import SimulatedClock, TimedatedClock
from kiosk.staff.review.change import Detectable
from kiosk.staff.review.service import ReviewService
from kiosk.staff.service import build_staff_services
from kiosk.staff.technician import RecentProblems, TechnicianService
from kiosk.storage.calibrations import latest_strip_calibration
from kiosk.storage.store import Store
from kiosk.sync.backends import build_sync_service
from kiosk.sync.service import ExportAudit, SyncService
from kiosk.ui.services import KioskServices
from kiosk.watchdog import ServiceWatchdog

if TYPE_CHECKING:  # the simulation and the screenshots load only when used
    from kiosk.sim.keys import SimKeys
    from kiosk.sim.live import LiveControl
    from kiosk.sim.person import SimulatedPerson
    from kiosk.ui.screenshots import ScreenshotApp

log = logging.getLogger(__name__)


@dataclass
class KioskParts:
    services: KioskServices
    fullscreen: bool = False
    demo: bool = False
    sim_keys: SimKeys | None = None
    sim_help: tuple[tuple[str, str], ...] = ()
    closers: list[Callable[[], object]] = field(default_factory=list)
    # Simulated or failed devices of a fullscreen (production) kiosk, as codes of
    # kiosk.devices.report; the screens show them until staff acknowledge.
    device_problems: tuple[str, ...] = ()


@contextlib.contextmanager
def open_kiosk(config: Config, *, demo: bool = False, fullscreen: bool = False
               ) -> Iterator[KioskParts]:
    """Everything ``smartstep run`` needs, closed again (in reverse) on exit.

    :param demo: a simulated person walks through sessions by itself (implies the
        simulated step).
    :raises UserError: a wired device that cannot start, or an unusable database.
    """
    # The pacing thread times the lights and buzzer by sleeping to deadlines; with
    # Python's default 5 ms GIL switch interval a busy UI thread delays its wake-ups
    # (~6 ms outliers measured), with 1 ms the p99 lateness is 0.3 ms.
    sys.setswitchinterval(0.001)
    if demo:
        config = config.all_simulated()
    with contextlib.ExitStack() as stack:
        production = fullscreen or config.ui.fullscreen
        hardware, person, config, failed = _start_hardware(config, production)
        stack.callback(hardware.close)
        store = Store(config.db_path(), config.data_path())
        stack.callback(store.close)
        # Staff mode; the settings an admin saved on the touchscreen lie over the file's.
        staff = build_staff_services(store, config)
        config = staff.config
        if config.storage.recordings_keep_days > 0:
            pruning = _prune_in_background(store, config.storage.recordings_keep_days)
            stack.callback(pruning.join, 30)  # before the store closes
        session = SessionService(
            store, config, step=hardware.step,
            devices=SessionDevices(hardware.lights, hardware.beeper, hardware.button),
            saved_calibration=lambda: latest_strip_calibration(store),
        )
        session.start()
        stack.callback(session.close)
        # An export with patient names is recorded in the audit log before it starts.
        sync = _start_sync(stack, config, lambda who, action, detail: store.audit(
            who, action, detail=detail))
        review = ReviewService(store, step_id=config.step_id, mount=config.tof.mount,
                               usb_folder=lambda: usb_report_folder(sync) if sync else None,
                               cache_dir=config.data_path() / "cache" / "review",
                               clinic_name=config.clinic_name,
                               detectable=Detectable.from_config(config.heel_rise))
        stack.callback(review.close)  # before the store closes
        # A session's plot is built as soon as its recording is closed, so staff open it
        # from the cache (reading a 10-minute recording takes seconds on a Pi).
        session.add_saved_listener(lambda session_id: review.warm([session_id]))
        technician = _technician(stack, config, hardware, store, staff.accounts, fullscreen)
        services = KioskServices(
            session=session,
            directory=StoreDirectory(store),
            default_programme=demo_programme(config) if demo else default_programme(config),
            idle_timeout_s=config.session.idle_timeout_s,
            staff=staff,
            review=review,
            technician=technician,
            sync=sync,
            demo_heel_rise_every=config.demo.heel_rise_test_every if demo else 0,
        )
        # A saved guest programme applies to the next guest at once, sound and light from
        # the next cue; the rest at the next start.
        staff.settings.on_changed.append(
            lambda new: setattr(services, "default_programme", default_programme(new)))
        staff.settings.on_changed.append(lambda new: hardware.apply_sound_and_light(new.lights))
        staff.settings.on_changed.append(lambda new: setattr(review, "clinic_name",
                                                             new.clinic_name))
        if sync is not None:  # and automatic USB export from the next stick on
            staff.settings.on_changed.append(
                lambda new: setattr(sync, "auto_export", new.usb.auto_export))
        parts = KioskParts(services, fullscreen=fullscreen or config.ui.fullscreen, demo=demo)
        if parts.fullscreen:
            parts.device_problems = report_devices(config, hardware, failed)
            technician.report_devices(parts.device_problems)
        if person is not None and person.control is not None:
            control = person.control
            services.on_begin.append(lambda programme: control.set_position(programme.position))
            if demo:
                stack.enter_context(_demo_driver(session, control, config))
            else:
                from kiosk.sim.keys import HELP, SimKeys

                parts.sim_keys = SimKeys(control)
                if config.ui.show_sim_keys:
                    parts.sim_help = HELP
        yield parts


def _start_sync(stack: contextlib.ExitStack, config: Config, audit: ExportAudit
                ) -> SyncService | None:
    """The USB export service, watching for sticks; None (and an error in the log, the
    export screen says it is unavailable) when sticks cannot be watched here: the kiosk's
    sessions must not depend on it."""
    sync = build_sync_service(config, audit)
    try:
        sync.start()
    except (ImportError, OSError) as exc:
        log.error("USB export unavailable: cannot watch for sticks (%s)", exc)
        return None
    stack.callback(sync.close)  # before the store closes: an export reads the database
    return sync


def usb_report_folder(sync: SyncService) -> Path | None:
    """Where a report goes when a stick is in: the first usable stick not being exported to."""
    if sync.busy:
        return None
    for stick in sync.sticks():
        if stick.usable:
            return stick.mount_point
    return None


def _start_hardware(config: Config, production: bool
                    ) -> tuple[Hardware, SimulatedPerson | None, Config, tuple[str, ...]]:
    """The hardware, the simulated person (None: nothing simulated), the config in effect,
    and which wired devices could not start.

    A production kiosk whose wired strips or lights cannot start (no GPIO, a pin taken)
    starts with them simulated and says so on screen, instead of stopping (and being
    restarted by systemd every few seconds, with nothing on screen to say why).
    Elsewhere the error stops the kiosk with one line.
    """
    failed: tuple[str, ...] = ()
    while True:
        person = None
        if config.strips.backend == "sim" or config.tof.backend == "sim":
            from kiosk.sim.person import LiveControl, SimulatedPerson

            person = SimulatedPerson(control=LiveControl(position="floor", on_step=False))
        try:
            return build_hardware(config, body=person), person, config, failed
        except HardwareError as exc:
            wired = [d for d in exc.devices if getattr(config, d).backend != "sim"]
            if not production or not wired:
                raise
            log.error("production kiosk: %s; starting with %s simulated", exc,
                      " and ".join(wired))
            failed += tuple(wired)
            config = dataclasses.replace(config, **{
                d: dataclasses.replace(getattr(config, d), backend="sim") for d in wired})


def report_devices(config: Config, hardware: Hardware, failed: tuple[str, ...] = ()
                   ) -> tuple[str, ...]:
    """Log a warning for each simulated or silent device of a production kiosk; their codes.

    :param failed: wired devices that could not start and run simulated instead.
    """
    if config.tof.backend != "sim":
        wait_for_tof(lambda: str(hardware.tof.latest().status))
    simulated = device_problems(config, hardware.health())
    problems = tuple(f"{d}_failed" for d in failed) + tuple(
        c for c in simulated if c.removesuffix("_simulated") not in failed)
    for code in problems:
        log.warning("production kiosk: %s", LOG_LINES[code])
    return problems


def _technician(stack: contextlib.ExitStack, config: Config, hardware: Hardware, store: Store,
                staff: AccountService, fullscreen: bool) -> TechnicianService:
    """The technician screens' service; the clock is the machine's only on a real kiosk."""
    problems = RecentProblems()
    root_logger = logging.getLogger()
    root_logger.addHandler(problems)
    stack.callback(root_logger.removeHandler, problems)
    wired = any(b != "sim" for b in (config.tof.backend, config.strips.backend,
                                      config.lights.backend))
    clock = TimedatedClock() if (wired or fullscreen or config.ui.fullscreen) \
        else SimulatedClock()
    return TechnicianService(hardware, store, staff, clock, config.data_path(),
                             mount=config.tof.mount, problems=problems)


def _prune_in_background(store: Store, keep_days: int) -> threading.Thread:
    """Retention: delete old recordings off the UI thread (it can take a while on an SD card)."""

    def prune() -> None:
        try:
            freed = store.prune_recordings(keep_days, actor="retention")
            log.info("retention: pruned %d recordings (%d bytes)", freed["files"], freed["bytes"])
        except Exception:  # a failed clean-up must not stop the kiosk; staff see the log
            log.exception("retention: pruning recordings failed")

    thread = threading.Thread(target=prune, name="retention", daemon=True)
    thread.start()
    return thread


@contextlib.contextmanager
def _demo_driver(session: SessionService, control: LiveControl, config: Config
                 ) -> Iterator[None]:
    """The simulated person walks through a session by itself (``kiosk/sim/demo_patient.py``)."""
    from kiosk.sim import demo_patient as demo

    runner = demo.start_demo(session, control, demo_programme(config))
    try:
        yield
    finally:
        runner.close()


def run_kiosk(config: Config, *, demo: bool = False, fullscreen: bool = False) -> int:
    """Build everything, run the Kivy app until it stops, close everything."""
    from kiosk.ui.app import SmartStepApp, configure_kivy, run_until_stopped

    watchdog = ServiceWatchdog()  # first: no process started from here speaks for the kiosk
    with open_kiosk(config, demo=demo, fullscreen=fullscreen) as kiosk:
        configure_kivy(kiosk.fullscreen)
        app = SmartStepApp(
            kiosk.services, sim_keys=kiosk.sim_keys, sim_help=kiosk.sim_help, demo=kiosk.demo,
            watchdog=watchdog,
        )
        run_until_stopped(app)
    return 0


def render_screenshots(out_dir: Path, sizes: tuple[tuple[int, int], ...] | None = None,
                       screens: tuple[str, ...] | None = None) -> ScreenshotApp:
    """Every screen with sample data, as PNGs in ``out_dir`` (``smartstep screenshots``).

    :param sizes: window sizes (default: the three displays); ``screens``: which (default all).
    """
    from kiosk.sim.samples import open_screen_samples
    from kiosk.ui.screenshots import SCREEN_NAMES, SIZES, render_screens
    from kiosk.ui.screenshots.samples import SampleSession

    with tempfile.TemporaryDirectory() as tmp, open_screen_samples(Path(tmp)) as samples:
        session = SampleSession()
        services = KioskServices(session=session, directory=samples.directory,
                                 staff=samples.staff, review=samples.review,
                                 technician=samples.technician, sync=samples.sync)
        return render_screens(out_dir, services, session, samples.review_ids,
                              samples.sign_in_admin, sizes or SIZES, screens or SCREEN_NAMES)
