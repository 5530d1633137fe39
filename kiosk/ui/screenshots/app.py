"""``smartstep screenshots DIR``: every screen with sample data, at three window sizes.

Writes ``DIR/<screen>-<width>x<height>.png`` at 800x480 (the 7" display),
1280x720 and 720x1280 (Touch Display 2), and reports any clipped text,
off-window widget or small touch target found on the way (``layout_check``).
The services come from the composition root (``kiosk.app.render_screenshots``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.staff.api import StaffMember
from kiosk.ui.app import SmartStepApp, configure_kivy
from kiosk.ui.screenshots.samples import SampleSession
from kiosk.ui.services import KioskServices

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
# ``kiosk.sim.samples.review.build_review_samples`` (patients with 0, 1, 500 sessions;
# a session left open long after its reps, with a spike and two-fault reps).
REVIEW_SHOTS: dict[str, tuple[str, str]] = {
    "staff_sessions": ("staff_sessions", ""),
    "staff_sessions_none": ("staff_sessions", "none"),
    "staff_session": ("staff_session", "recorded"),
    "staff_session_pruned": ("staff_session", "pruned"),
    "staff_session_long": ("staff_session", "long"),
    "staff_session_whole": ("staff_session", "long"),  # All tapped: the spike marked
    "staff_progress_500": ("staff_progress", "many"),
    "staff_progress_1": ("staff_progress", "one"),
    "staff_progress_0": ("staff_progress", "none"),
    "staff_progress_tests": ("staff_progress", "many"),  # Symmetry & tests tapped
}
SCREEN_NAMES = PATIENT_SCREENS + tuple(STAFF_SHOTS) + tuple(REVIEW_SHOTS)


class ScreenshotApp(SmartStepApp):
    """The kiosk app on sample data, stepping through screens and sizes by itself."""

    def __init__(self, services: Any, session: Any, out_dir: Path,
                 sizes: tuple[tuple[int, int], ...] = SIZES,
                 screens: tuple[str, ...] = SCREEN_NAMES,
                 sign_in_admin: Callable[[], StaffMember] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        self.sample_session = session
        self.sign_in_admin = sign_in_admin  # the sample admin, for the staff screens
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

        from kiosk.ui.screenshots.layout_check import layout_problems
        from kiosk.ui.screenshots.samples import SAMPLE_PROGRAMME, SAMPLE_SUMMARY, SAMPLE_VIEWS

        controller = self.controller
        assert controller is not None
        controller.set_done_hold_s = 0.0  # each sample view is shown on its own screen at once
        session = self.sample_session
        self.root.paint_background(True)
        for w, h in self.sizes:
            Window.size = (w, h)
            def sized(w: int = w, h: int = h) -> bool:
                return tuple(Window.size) == (w, h)

            yield _frames_then(sized, 60)
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
            assert self.sign_in_admin is not None, "staff shots need the sample admin"
            controller.staff_signed_in(self.sign_in_admin())
        if name in REVIEW_SHOTS:
            screen, record = REVIEW_SHOTS[name]
            controller.show_staff(screen, self.review_ids.get(record, ""))
            return
        subject = STAFF_SHOTS[name]
        if subject:  # a clinic ID: the patient's id
            subject = next(p.id for p in staff.patients.search(subject, "active") if p.clinic_id
                           == subject)
        controller.show_staff(name, subject)

    def _after_background(self, name: str) -> None:
        """Second step once the screen's data arrived (the sign-in: a name chosen)."""
        controller = self.controller
        assert controller is not None
        if name == "staff_signin":
            screen = controller.screen(name)
            if screen.rows:
                screen.choose(screen.rows[0]["member_id"])
        elif name == "staff_session_whole":
            controller.screen("staff_session").whole_session()
        elif name == "staff_progress_tests":
            controller.screen("staff_progress").show_view("tests")
        elif name == "staff_usb_export":
            _sample_export_progress(controller.screen(name), self.services.sync)

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


def render_screens(out_dir: Path, services: KioskServices, session: SampleSession,
                   review_ids: dict[str, str], sign_in_admin: Callable[[], StaffMember],
                   sizes: tuple[tuple[int, int], ...] = SIZES,
                   screens: tuple[str, ...] = SCREEN_NAMES) -> ScreenshotApp:
    """Render the screens (runs a Kivy app until done; one per process).

    :param services: the sample services (``kiosk.sim.samples``, handed in by the
        composition root), with ``session`` as their session service.
    :param review_ids: the review screens' sample records by role (``REVIEW_SHOTS``).
    :param sign_in_admin: signs the sample admin in (for the staff screens).
    """
    configure_kivy(False, sizes[0])
    app = ScreenshotApp(services, session, out_dir, sizes, screens, sign_in_admin=sign_in_admin)
    app.review_ids = review_ids
    app.run()
    if app.error is not None:
        raise app.error
    return app
