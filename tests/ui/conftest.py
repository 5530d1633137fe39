"""One real kiosk app in a real Kivy window (Xvfb) for every UI test in this folder.

Kivy can make one window per process, so the app is session-scoped: built on
the real simulated step (drivers, pty, threads: real time) with a real store,
then pumped frame by frame from the tests (``Harness.run_until``). Taps go
through the window's input dispatch like a finger. The simulated patient
(``kiosk.sim.demo_patient.DemoPatient``) is ticked from the frame loop only when a test
switches it on, so each test decides whether anybody stands on the step.

The tests on this kiosk are marked ``serial``: they run in one process, in their order
(``make test``'s second run). The others here start the kiosk as a process of its own, or
need no window at all, and run in parallel with the rest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.ui.app import configure_kivy

_HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if "kiosk" in getattr(item, "fixturenames", ()) and item.path.is_relative_to(_HERE):
            item.add_marker(pytest.mark.serial)


# Short sessions, for tests that wait for them in real time: two sets of two quick reps
# with a 1 s rest, and a 1 s countdown before each set (COUNTDOWN_S).
CONFIG = """
[session]
idle_timeout_s = 10.0
tempo = "1-0-1"
rest_s = 1.0
sets = 2
reps = 2
"""
COUNTDOWN_S = 1.0


class Harness:
    def __init__(self, app, parts, store) -> None:
        from kivy.base import EventLoop

        self.app = app
        self.parts = parts
        self.store = store
        self.loop = EventLoop
        self.session = parts.services.session
        self.control = parts.sim_keys.control
        self.patient = None  # a DemoPatient while a test wants somebody on the step

    @property
    def controller(self):
        return self.app.controller

    @property
    def screen_name(self) -> str:
        return self.controller.current

    def screen(self, name: str | None = None):
        return self.controller.screen(name or self.screen_name)

    def pump(self, frames: int = 1) -> None:
        for _ in range(frames):
            if self.patient is not None:
                self.patient.tick(self.session.clock(), self.session.snapshot())
            self.loop.idle()

    def run_until(self, condition: Callable[[], bool], timeout_s: float = 20.0,
                  what: str = "condition", each: Callable[[], None] | None = None) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out waiting for {what}: screen {self.screen_name}, "
                    f"stage {self.session.snapshot().stage}"
                )
            self.pump()
            if each is not None:
                each()

    def wait_seconds(self, seconds: float) -> None:
        """Let the kiosk run (frames and all) for a while."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.pump()

    def wait_screen(self, name: str, timeout_s: float = 20.0, each=None) -> None:
        self.run_until(lambda: self.screen_name == name, timeout_s, f"screen {name}", each)

    def tap(self, button_id: str) -> None:
        from kiosk.ui.touch import tap

        widget = self.screen().ids[button_id]
        tap(widget)
        self.pump(2)

    def to_guest_programme(self) -> None:
        """From home, by touch: Start, then Guest; on today's programme screen."""
        self.tap("start_button")
        self.wait_screen("signin", 5)
        self.tap("guest_button")
        self.wait_screen("programme", 5)

    def to_guest_calibration(self) -> None:
        """From home, by touch: Start, Guest, Start; on the calibration screen."""
        self.to_guest_programme()
        self.tap("start_button")
        self.wait_screen("calibration", 5)

    def nobody_on_step(self) -> None:
        from kiosk.session.view import Stage

        self.patient = None
        self.control.set_raise(0.0)
        self.control.step_off()
        if self.session.snapshot().stage is not Stage.IDLE:
            self.session.stop()
            self.session.dismiss()
        self.run_until(lambda: not self.session.snapshot().occupied
                       and self.session.snapshot().stage is Stage.IDLE,
                       15, "an empty step and no session")
        self.controller.go_home()
        self.pump(3)

    def start_patient(self, programme=None) -> None:
        from kiosk.sim.demo_patient import DemoPatient

        self.patient = DemoPatient(self.control, self.session, programme=programme,
                                   faults={}, come_back=False)


@pytest.fixture(scope="session")
def kiosk(tmp_path_factory):
    """The running kiosk app (one per test session)."""
    from kiosk.app import open_kiosk
    from kiosk.config import load_config

    root: Path = tmp_path_factory.mktemp("ui-kiosk")
    config = root / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    old_data = os.environ.get("SMARTSTEP_DATA")
    os.environ["SMARTSTEP_DATA"] = str(root / "data")
    configure_kivy(False)
    from kiosk.ui.app import SmartStepApp

    with open_kiosk(load_config(config).all_simulated()) as parts:
        # The 3-2-1's length is the session service's own parameter (no config key): set
        # before any session begins, so every session here counts down 1 s.
        parts.services.session.countdown_s = COUNTDOWN_S
        # The technician's captures listen 3 s (strips) and 2 s (heel sensor) on the kiosk;
        # here they only need samples, not a steady average.
        if parts.services.technician is not None:
            parts.services.technician.capture_s = 0.6
            parts.services.technician.tof_check_s = 0.6
        store = parts.services.directory.store
        seed_patients(store)
        app = SmartStepApp(parts.services, sim_keys=parts.sim_keys, sim_help=parts.sim_help)
        app._run_prepare()  # what App.run() does before its loop; the tests pump frames
        harness = Harness(app, parts, store)
        harness.pump(5)
        yield harness
        app.stop()
    if old_data is None:
        os.environ.pop("SMARTSTEP_DATA", None)
    else:
        os.environ["SMARTSTEP_DATA"] = old_data


PRESCRIBED_NAME = "Carla Jensen"


def seed_patients(store) -> None:
    from kiosk.programme import Programme, Tempo

    for name, clinic_id in (("Anna Berger", "C-1042"), ("Bernd Huber", "C-1107"),
                            (PRESCRIBED_NAME, "C-0981"), ("David Okafor", None)):
        pid = store.add_patient(name, clinic_id)
        if name == PRESCRIBED_NAME:
            store.prescribe(pid, Programme(position="sitting", variant="both", sets=1, reps=2,
                                           tempo=Tempo(1, 0, 1, 0.5), rest_between_sets_s=2))


@pytest.fixture
def at_home(kiosk):
    """Each test starts at home with an empty step and no session."""
    kiosk.nobody_on_step()
    kiosk.controller.idle.timeout_s = kiosk.parts.services.idle_timeout_s
    assert kiosk.screen_name == "home"
    return kiosk


# -- staff mode ---------------------------------------------------------------------

ADMIN_NAME, ADMIN_PIN = "Ada Ádmin", "482916"
PHYSIO_NAME, PHYSIO_PIN = "Pia Physio", "7305118264"


def _widgets(root):
    yield root
    for child in root.children:
        yield from _widgets(child)


def _parent(widget):
    """The widget's parent; None at the top (the Window is its own parent)."""
    parent = getattr(widget, "parent", None)
    return None if parent is widget else parent


def _shown(widget) -> bool:
    w = widget
    while w is not None:
        if getattr(w, "opacity", 1) <= 0.01 or getattr(w, "disabled", False):
            return False
        w = _parent(w)
    return widget.width > 1 and widget.height > 1


class StaffDriver:
    """Drives staff mode by touch: the way in, the PIN pad, buttons by their text,
    the on-screen keyboard (pages, shift and accents, as a person would)."""

    def __init__(self, kiosk: Harness) -> None:
        self.k = kiosk
        self.service = kiosk.parts.services.staff

    # finding and tapping
    def find_all(self, pred):
        from kivy.core.window import Window

        return [w for top in list(Window.children) for w in _widgets(top)
                if pred(w) and _shown(w)]

    def button(self, text: str):
        from kivy.uix.button import ButtonBehavior

        found = self.find_all(lambda w: isinstance(w, ButtonBehavior)
                              and getattr(w, "text", None) == text)
        assert found, f"no button {text!r} on {self.k.screen_name}"
        return found[0]

    def button_containing(self, text: str):
        """A button whose text (markup allowed) contains ``text``."""
        from kivy.uix.button import ButtonBehavior

        found = self.find_all(lambda w: isinstance(w, ButtonBehavior)
                              and text in str(getattr(w, "text", "")))
        assert found, f"no button with {text!r} on {self.k.screen_name}"
        return found[0]

    def has_button(self, text: str) -> bool:
        from kivy.uix.button import ButtonBehavior

        return bool(self.find_all(lambda w: isinstance(w, ButtonBehavior)
                                  and getattr(w, "text", None) == text))

    def reveal(self, widget) -> None:
        """Scroll the widget into view (as a finger would swipe the form)."""
        from kivy.uix.recycleview import RecycleView
        from kivy.uix.scrollview import ScrollView

        w = getattr(widget, "parent", None)
        while w is not None:
            if isinstance(w, RecycleView) or type(w).__name__ == "RecycleView":
                return  # rows of a list: found where they are shown
            if isinstance(w, ScrollView):
                w.scroll_to(widget, padding=10, animate=False)
                self.k.pump(3)
                return
            w = _parent(w)

    def settled(self, widget) -> None:
        """Wait until the widget stays put for two frames: a tap on a button that a
        layout pass is still moving (a notice shown or hidden, a list filled in) lands
        where the button was, not where it is."""
        def where():
            return (*widget.to_window(widget.x, widget.y), widget.width, widget.height)

        last = where()
        still = 0
        deadline = time.monotonic() + 5.0
        while still < 2:
            self.k.pump(1)
            now = where()
            assert time.monotonic() < deadline, (
                f"{getattr(widget, 'text', widget)!r} keeps moving: {last} -> {now}")
            moved = max(abs(a - b) for a, b in zip(now, last, strict=True))
            still = still + 1 if moved < 0.5 else 0  # a scroll effect's last creep is still
            last = now

    def tap(self, widget) -> None:
        from kiosk.ui.touch import tap

        self.reveal(widget)
        self.settled(widget)
        tap(widget)
        self.k.pump(2)

    def tap_text(self, text: str) -> None:
        self.tap(self.button(text))

    def idle(self) -> None:
        """Wait until the background thread's answers are on screen."""
        self.k.run_until(lambda: self.k.app.background.pending == 0, 10, "background work")
        self.k.pump(3)

    # signing in
    def open_sign_in(self) -> None:
        self.k.tap("staff_button")
        self.k.wait_screen("staff_signin", 5)
        self.k.run_until(lambda: bool(self.k.screen().rows), 10, "the staff list")
        self.k.pump(3)

    def type_pin(self, pin: str) -> None:
        pad = self.k.screen("staff_signin").ids.pin_pad
        for digit in pin:
            self.tap(pad.key_buttons[digit])
        self.tap(pad.key_buttons["ok"])

    def try_pin(self, name: str, pin: str) -> str:
        """Choose a name, type a PIN; returns the message once the check is done."""
        screen = self.k.screen("staff_signin")
        if screen.chosen_name != name:
            self.tap_text(name)
        self.type_pin(pin)
        self.k.run_until(lambda: not screen.checking, 10, "the PIN check")
        self.k.pump(2)
        return screen.message

    def sign_in(self, name: str = ADMIN_NAME, pin: str = ADMIN_PIN) -> None:
        self.open_sign_in()
        self.try_pin(name, pin)
        self.k.wait_screen("staff_home", 5)
        # Laid out and filled in before the next tap: a tap on a button that has not had
        # its first layout yet lands where it will not be.
        self.idle()

    # the keyboard
    def entry(self):
        from kiosk.ui.widgets.text_entry import TextEntry

        found = self.find_all(lambda w: isinstance(w, TextEntry))
        assert found, "no keyboard open"
        return found[0]

    def type_text(self, text: str, clear: bool = True) -> None:
        from kiosk.ui.widgets.text_entry import NUMBER_ROWS, PAGES

        entry = self.entry()
        if clear:
            while entry.text:
                self.tap(entry.keys["delete"])
        for ch in text:
            if entry.kind == "number":
                assert any(ch in row for row in NUMBER_ROWS), ch
                self.tap(entry.keys[ch])
                continue
            if ch == " ":
                self.tap(entry.keys["space"])
                continue
            base = ch.lower() if len(ch.lower()) == 1 else ch
            page = next(p for p, rows in PAGES.items() if any(base in r for r in rows))
            if entry.page != page:
                self.tap(entry.keys[f"page:{page}"])
            if (ch != base) != entry.shift:
                self.tap(entry.keys["shift"])
            self.tap(entry.keys[base])
        assert entry.text == text, (entry.text, text)
        self.tap(entry.ids.done_button)

    def fill(self, field, text: str) -> None:
        """Tap a TextField and type ``text`` on the keyboard that opens."""
        self.tap(field.ids.value_button)
        self.type_text(text)
        self.k.pump(2)


@pytest.fixture(scope="session")
def staff_accounts(kiosk):
    """An admin and a member of staff on the kiosk's real staff service (made once)."""
    service = kiosk.parts.services.staff
    names = {m.name for m in service.accounts.members()}
    if ADMIN_NAME not in names:
        service.console.add(ADMIN_NAME, "admin", ADMIN_PIN)
    if PHYSIO_NAME not in names:
        service.console.add(PHYSIO_NAME, "staff", PHYSIO_PIN)
    return service


@pytest.fixture
def staff(at_home, staff_accounts):
    """At home, nobody signed in to staff mode; drives staff mode by touch."""
    at_home.controller.staff.timeout_s = 120.0
    driver = StaffDriver(at_home)
    yield driver
    if at_home.controller.staff.signed_in:
        at_home.controller.staff_sign_out("button")
    for overlay in list(at_home.controller.overlays):
        overlay.dismiss()
    at_home.pump(2)
