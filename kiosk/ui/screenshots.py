"""``smartstep screenshots DIR``: every screen with sample data, at three window sizes.

Writes ``DIR/<screen>-<width>x<height>.png`` at 800x480 (the 7" display),
1280x720 and 720x1280 (Touch Display 2), and reports any clipped text,
off-window widget or small touch target found on the way (``layout_check``).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.storage.store import Store
from kiosk.ui.app import SmartStepApp, configure_kivy

SIZES: tuple[tuple[int, int], ...] = ((800, 480), (1280, 720), (720, 1280))
PATIENT_SCREENS = ("home", "signin", "programme", "calibration", "live", "rest", "summary")
# Staff screens, each with the sample record it shows.
STAFF_SHOTS: dict[str, str] = {
    "staff_signin": "", "staff_home": "", "staff_patients": "", "staff_patient": "C-1042",
    "staff_patient_edit": "C-0876", "staff_prescription": "C-1042", "staff_settings": "",
    "staff_accounts": "", "staff_audit": "",
    "staff_technician": "", "staff_calibration": "", "staff_tof_check": "",
    "staff_device_test": "", "staff_system": "", "staff_usb_export": "",
}
# Staff review shots: shot name -> (screen, sample record), records from
# ``kiosk.sim.review_sample.build_review_samples`` (patients with 0, 1, 500 sessions).
REVIEW_SHOTS: dict[str, tuple[str, str]] = {
    "staff_sessions": ("staff_sessions", ""),
    "staff_sessions_none": ("staff_sessions", "none"),
    "staff_session": ("staff_session", "recorded"),
    "staff_session_pruned": ("staff_session", "pruned"),
    "staff_progress_500": ("staff_progress", "many"),
    "staff_progress_1": ("staff_progress", "one"),
    "staff_progress_0": ("staff_progress", "none"),
}
SCREEN_NAMES = PATIENT_SCREENS + tuple(STAFF_SHOTS) + tuple(REVIEW_SHOTS)


class ScreenshotApp(SmartStepApp):
    """The kiosk app on sample data, stepping through screens and sizes by itself."""

    def __init__(self, services: Any, session: Any, out_dir: Path,
                 sizes: tuple[tuple[int, int], ...] = SIZES,
                 screens: tuple[str, ...] = SCREEN_NAMES, **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        self.sample_session = session
        self.out_dir = out_dir
        self.sizes = sizes
        self.screens = screens
        self.written: list[Path] = []
        self.problems: dict[str, list[str]] = {}
        self.error: BaseException | None = None
        self.review_ids: dict[str, str] = {}  # sample record -> id (REVIEW_SHOTS)
        self._steps: Iterator[Callable[[], bool]] | None = None

    def on_start(self) -> None:
        from kivy.clock import Clock

        self._steps = self._plan()
        self._waiting: Callable[[], bool] | None = None
        Clock.schedule_interval(self._advance, 0)

    def _advance(self, _dt: float) -> bool | None:
        # Each step of the plan yields a condition to wait for (checked once a frame).
        try:
            if self._waiting is not None and not self._waiting():
                return None
            assert self._steps is not None
            self._waiting = next(self._steps)
        except StopIteration:
            self.stop()
            return False
        except Exception as exc:  # reported by screenshots_command as one line
            self.error = exc
            self.stop()
            return False
        return None

    def _plan(self) -> Iterator[Callable[[], bool]]:
        from kivy.core.window import Window

        from kiosk.ui.layout_check import layout_problems
        from kiosk.ui.samples import SAMPLE_PROGRAMME, SAMPLE_SUMMARY, SAMPLE_VIEWS

        controller = self.controller
        assert controller is not None
        controller.set_done_hold_s = 0.0  # each sample view is shown on its own screen at once
        session = self.sample_session
        self.root.paint_background(True)
        for w, h in self.sizes:
            Window.size = (w, h)
            yield _frames_then(lambda w=w, h=h: tuple(Window.size) == (w, h), 60)
            for name in self.screens:
                session.view = SAMPLE_VIEWS.get(name, SAMPLE_VIEWS["home"])
                session.summary_value = SAMPLE_SUMMARY if name == "summary" else None
                if name in STAFF_SHOTS or name in REVIEW_SHOTS:
                    self._show_staff(name)
                elif name == "home":
                    controller.go_home()
                elif name == "signin":
                    controller.go_home()
                    controller.start()
                elif name == "programme":
                    controller.sign_in(None)
                    controller.screen("programme").set_programme(
                        SAMPLE_PROGRAMME, prescribed=False, who="Guest")
                else:
                    controller.screen("live").set_position(SAMPLE_PROGRAMME.position)
                    controller.tick()
                yield _frames(6)
                yield _frames_then(self._background_idle, 100)
                self._after_background(name)
                yield _frames(3)
                root = self.root
                path = self.out_dir / f"{name}-{w}x{h}.png"
                root.export_to_png(str(path))
                self.written.append(path)
                screen_name = REVIEW_SHOTS[name][0] if name in REVIEW_SHOTS else name
                found = layout_problems(controller.screen(screen_name), (w, h))
                if found:
                    self.problems[path.name] = found


    def _show_staff(self, name: str) -> None:
        """A staff screen as the sample admin sees it (the sign-in with a name chosen)."""
        controller = self.controller
        assert controller is not None
        staff = self.services.staff
        assert staff is not None
        if name == "staff_signin":
            controller.go_home()
            controller.open_staff()
            return
        if not controller.staff.signed_in:
            from kiosk.ui.samples_staff import SAMPLE_STAFF, sign_in_sample

            controller.staff_signed_in(sign_in_sample(staff, SAMPLE_STAFF[0][0]))
        if name in REVIEW_SHOTS:
            screen, record = REVIEW_SHOTS[name]
            controller.show_staff(screen, self.review_ids.get(record, ""))
            return
        subject = STAFF_SHOTS[name]
        if subject:  # a clinic ID: the patient's id
            subject = next(p.id for p in staff.patients(subject, "active") if p.clinic_id
                           == subject)
        controller.show_staff(name, subject)

    def _after_background(self, name: str) -> None:
        """Second step once the screen's data arrived (the sign-in: a name chosen)."""
        if name == "staff_signin":
            screen = self.controller.screen(name)
            if screen.rows:
                screen.choose(screen.rows[0]["member_id"])
        elif name == "staff_usb_export":
            _sample_export_progress(self.controller.screen(name), self.services.sync)

    def _background_idle(self) -> bool:
        return self.background is None or self.background.pending == 0


def _sample_export_progress(screen: Any, sync: Any) -> None:
    """The export screen halfway through an export to the sample stick."""
    from kiosk.sync.exporter import ExportProgress
    from kiosk.sync.service import SyncEvent, SyncEventKind

    sticks = sync.sticks() if sync is not None else []
    if not sticks:
        return
    screen.on_sync_event(SyncEvent(SyncEventKind.EXPORT_STARTED, sticks[0]))
    screen.on_sync_event(SyncEvent(
        SyncEventKind.EXPORT_PROGRESS, sticks[0],
        progress=ExportProgress("recordings/2026/11/0193a2c4-5e.csv.gz", 7, 19, 41_200_000,
                                96_500_000)))


@contextlib.contextmanager
def _sample_sync(folder: Path) -> Iterator[Any]:
    """A sync service on two simulated sticks, KINGSTON (16 GB) and SANDISK (32 GB), never
    exported to: the screen then shows its choice of stick."""
    import json

    from kiosk.sync.service import SyncService
    from kiosk.sync.sim_sticks import SETTINGS, SimStickBackend

    for label, capacity_mb in (("KINGSTON", 16_000), ("SANDISK", 32_000)):
        stick = folder / "sim-usb" / label
        stick.mkdir(parents=True)
        (stick / SETTINGS).write_text(json.dumps({"capacity_mb": capacity_mb}),
                                      encoding="utf-8")
    sync = SyncService(SimStickBackend(stick.parent, poll_s=60), folder / "none.db", folder,
                       "step-01")
    sync.start()
    try:
        yield sync
    finally:
        sync.close()


def _frames(n: int) -> Callable[[], bool]:
    left = [n]

    def done() -> bool:
        left[0] -= 1
        return left[0] <= 0

    return done


def _frames_then(condition: Callable[[], bool], max_frames: int) -> Callable[[], bool]:
    left = [max_frames]

    def done() -> bool:
        left[0] -= 1
        return condition() or left[0] <= 0

    return done


def render_screens(out_dir: Path, build_review_samples: Callable[[Store], dict[str, str]],
                   sample_technician: Callable[[Store, Any],
                                               contextlib.AbstractContextManager[Any]],
                   sizes: tuple[tuple[int, int], ...] = SIZES,
                   screens: tuple[str, ...] = SCREEN_NAMES) -> ScreenshotApp:
    """Render the screens (runs a Kivy app until done; one per process).

    :param build_review_samples: fills a store with the review screens' sample patients
        (the simulated clinic history; handed in by the composition root).
    :param sample_technician: a technician service on a simulated step (likewise).
    """
    from kiosk.staff.review.service import ReviewService
    from kiosk.ui.directory import StoreDirectory
    from kiosk.ui.samples import SampleSession, sample_store
    from kiosk.ui.samples_staff import sample_staff_service
    from kiosk.ui.services import KioskServices

    configure_kivy(False, sizes[0])
    with tempfile.TemporaryDirectory() as tmp:
        store = sample_store(Path(tmp) / "sample.db")
        review_store = None
        try:
            session = SampleSession()
            review_store = Store(Path(tmp) / "review" / "smartstep.db")
            review_ids = build_review_samples(review_store)
            review = ReviewService(review_store, step_id="step-01",
                                   report_dir=Path(tmp) / "reports",
                                   clock=lambda: datetime(2026, 11, 20, 12, tzinfo=UTC))
            staff = sample_staff_service(store)
            with sample_technician(store, staff) as technician, \
                    _sample_sync(Path(tmp)) as sync:
                services = KioskServices(session=session, directory=StoreDirectory(store),
                                         staff=staff, review=review, technician=technician,
                                         sync=sync)
                app = ScreenshotApp(services, session, out_dir, sizes, screens)
                app.review_ids = review_ids
                app.run()
        finally:
            store.close()
            if review_store is not None:
                review_store.close()
    if app.error is not None:
        raise app.error
    return app
