"""The kiosk's Kivy app: a screen manager driven by ``KioskController``.

It is handed its services by the composition root (``kiosk/app.py``). Kiosk
rules: Escape and the window's close button do not quit, no keyboard is needed,
and the app never blocks on a sensor or the disk.
"""

from __future__ import annotations

import os

# Kivy must not read our command line, and logs only what matters.
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
# "free_all": a "free" callback scheduled from any thread wakes the clock's sleep
# between frames, so a committed rep is drawn at once, not at the next 60 Hz tick.
# (Not "interrupt": it wakes for every event, and our every-frame poll makes it spin.)
os.environ.setdefault("KCFG_KIVY_KIVY_CLOCK", "free_all")

import logging
from collections.abc import Sequence
from typing import Any

from kivy.config import Config as KivyConfig

log = logging.getLogger(__name__)


def configure_kivy(fullscreen: bool, size: tuple[int, int] = (800, 480)) -> None:
    """Window settings; must run before the Kivy window is created."""
    KivyConfig.set("kivy", "exit_on_escape", "0")
    KivyConfig.set("kivy", "keyboard_mode", "system")  # no Kivy on-screen keyboard pop-ups
    KivyConfig.set("input", "mouse", "mouse,multitouch_on_demand")  # no red dots on right-click
    KivyConfig.set("graphics", "width", str(size[0]))
    KivyConfig.set("graphics", "height", str(size[1]))
    KivyConfig.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    KivyConfig.set("graphics", "show_cursor", "0" if fullscreen else "1")
    # No multisampling: flat shapes don't need it, and it costs several ms a frame
    # on software GL (Xvfb) and on the Pi's GPU alike.
    KivyConfig.set("graphics", "multisamples", "0")


from kivy.app import App  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.properties import StringProperty  # noqa: E402
from kivy.uix.boxlayout import BoxLayout  # noqa: E402
from kivy.uix.label import Label  # noqa: E402

from kiosk.ui import theme, widgets  # noqa: E402
from kiosk.ui.background import Background  # noqa: E402
from kiosk.ui.controller import KioskController  # noqa: E402
from kiosk.ui.screen_host import ScreenHost  # noqa: E402
from kiosk.ui.screens.staff import STAFF_SCREENS  # noqa: E402
from kiosk.ui.services import KioskServices  # noqa: E402
from kiosk.watchdog import ServiceWatchdog  # noqa: E402

ESCAPE = 27
# Staff screens are built one at a time this often while the kiosk waits at home.
STAFF_WARM_UP_S = 0.5


class KioskRoot(BoxLayout):
    """The window's content: the screens, and on the simulated step a key help strip."""

    help_text = StringProperty("")

    def __init__(self, manager: ScreenHost, **kwargs: Any) -> None:
        super().__init__(orientation="vertical", **kwargs)
        self.controller: KioskController | None = None
        self.manager = manager
        self.add_widget(manager)
        self._background: Any = None

    def paint_background(self, on: bool) -> None:
        """Paint the background colour ourselves (for PNG exports, which start transparent).

        On screen the window's clear colour is the background: one full-screen fill
        fewer each frame, which software GL feels.
        """
        from kivy.graphics import Color, Rectangle

        if on and self._background is None:
            with self.canvas.before:
                Color(*theme.rgb(theme.BG))
                self._background = Rectangle(pos=self.pos, size=self.size)
            self.bind(pos=self._fit_background, size=self._fit_background)
        elif not on and self._background is not None:
            self.canvas.before.clear()
            self._background = None

    def _fit_background(self, *_: Any) -> None:
        if self._background is not None:
            self._background.pos, self._background.size = self.pos, self.size

    def show_help(self, lines: Sequence[tuple[str, str]]) -> None:
        text = "   ".join(f"[b]{key}[/b] {what}" for key, what in lines)
        strip = Label(
            text=f"Simulated step keys:  {text}", markup=True, font_size=13,
            color=theme.rgb(theme.TEXT_DIM), size_hint_y=None, height=22,
            halign="center", valign="middle",
        )
        strip.bind(size=lambda w, s: setattr(w, "text_size", s))
        self.add_widget(strip)

    def on_touch_down(self, touch: Any) -> bool:
        if self.controller is not None:
            self.controller.activity()
        return super().on_touch_down(touch)


class SmartStepApp(App):
    """The patient kiosk.

    :param services: the session service and patient directory (see ``services.py``).
    :param sim_keys: ``kiosk.sim.keys.SimKeys`` when the keyboard plays the patient.
    :param sim_help: (key, what) lines shown under the screens on the simulated step.
    :param demo: press the on-screen buttons by themselves (``run --demo``).
    """

    title = "SmartStep"
    use_kivy_settings = False

    def __init__(
        self,
        services: KioskServices,
        *,
        sim_keys: Any = None,
        sim_help: Sequence[tuple[str, str]] = (),
        demo: bool = False,
        watchdog: ServiceWatchdog | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.sim_keys = sim_keys
        self.sim_help = tuple(sim_help)
        self.demo = demo
        self.watchdog = watchdog if watchdog is not None else ServiceWatchdog()
        self._frames = 0
        self.controller: KioskController | None = None
        self.background: Background | None = None
        self.pilot: Any = None
        self._keynames: dict[int, str] = {}

    def build(self) -> KioskRoot:
        from kivy.core.window import Keyboard, Window

        widgets.load()
        Window.clearcolor = theme.rgb(theme.BG)
        manager = ScreenHost()
        root = KioskRoot(manager)
        self.background = Background()
        self.controller = KioskController(manager, self.services, self.background)
        root.controller = self.controller
        if self.sim_help:
            root.show_help(self.sim_help)
        self.controller.show("home")
        Window.bind(on_request_close=self._refuse_close, on_keyboard=self._on_keyboard)
        if self.sim_keys is not None:
            self._keynames = {code: name for name, code in Keyboard.keycodes.items()}
            Window.bind(on_key_down=self._on_key_down, on_key_up=self._on_key_up)
        if self.demo:
            from kiosk.ui.demo_pilot import DemoPilot

            self.pilot = DemoPilot(self.controller)
        # Every frame: read the session's snapshot (cheap) so a rep shows on the next frame.
        Clock.schedule_interval(self._tick, 0)
        # A committed rep wakes the clock for an extra frame (listener: session thread).
        self.services.session.add_rep_listener(
            lambda _rep: Clock.schedule_once_free(self._show_rep_now, -1)
        )
        if self.services.staff is not None:
            self._warm_up = Clock.schedule_interval(self._warm_staff_screen, STAFF_WARM_UP_S)
        # systemd's watchdog: pinged from the UI clock, so a frozen UI gets restarted.
        Clock.schedule_interval(lambda _dt: self.watchdog.ping(), 1.0)
        return root

    def _warm_staff_screen(self, _dt: float) -> bool | None:
        """Build one staff screen while the kiosk waits at home, so that a screen's first
        open is as quick as the next (building one takes a few hundred ms)."""
        controller = self.controller
        assert controller is not None
        if controller.current != "home":
            return None  # somebody is using the kiosk: later
        name = next((n for n in STAFF_SCREENS if not controller.manager.has_screen(n)), None)
        if name is None:
            return False  # all built
        controller.screen(name).warm_up()
        return None

    def _tick(self, dt: float) -> None:
        assert self.controller is not None
        self._frames += 1
        if self._frames == 2:  # ticks run before drawing: the first frame is on screen now
            self.watchdog.ready()
        self.controller.tick(dt)
        if self.pilot is not None:
            self.pilot.tick()

    def _show_rep_now(self, _dt: float) -> None:
        if self.controller is not None:
            self.controller.tick(0.0)

    def open_settings(self, *args: Any) -> bool:  # F1 must not open Kivy's settings
        return False

    def _refuse_close(self, *args: Any, **kwargs: Any) -> bool:
        log.info("window close ignored (kiosk)")
        return True

    def _on_keyboard(self, window: Any, key: int, *args: Any) -> bool:
        return key == ESCAPE  # True: handled, so Escape never quits

    def _on_key_down(self, window: Any, key: int, *args: Any) -> bool:
        return bool(self.sim_keys.key_down(self._keynames.get(key, str(key))))

    def _on_key_up(self, window: Any, key: int, *args: Any) -> bool:
        return bool(self.sim_keys.key_up(self._keynames.get(key, str(key))))

    def on_stop(self) -> None:
        self.watchdog.stopping()
        if self.background is not None:
            self.background.close()
