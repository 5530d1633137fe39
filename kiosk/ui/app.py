"""The kiosk's Kivy app: a screen manager driven by ``KioskController``.

It is handed its services by the composition root (``kiosk/app.py``). Kiosk
rules: Escape and the window's close button do not quit, no keyboard is needed,
and the app never blocks on a sensor or the disk.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Sequence
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.config import Config as KivyConfig
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.ui import theme, widgets
from kiosk.ui.background import Background
from kiosk.ui.card_reader import CardReader
from kiosk.ui.controller import KioskController
from kiosk.ui.screen_host import ScreenHost
from kiosk.ui.screens.staff import WARM_STAFF_SCREENS
from kiosk.ui.services import KeyPlayer, KioskServices
from kiosk.ui.window import display_size, open_window
from kiosk.ui.wording import problem_words
from kiosk.watchdog import ServiceWatchdog

log = logging.getLogger(__name__)


def configure_kivy(fullscreen: bool, size: tuple[int, int] | None = None) -> None:
    """Window settings; must run before the Kivy window is created.

    :param size: the window's size; None: the display's when full screen, else 800x480
        (the official 7" touchscreen's).
    """
    if size is None:
        size = (display_size() if fullscreen else None) or (800, 480)
    KivyConfig.set("kivy", "exit_on_escape", "0")
    KivyConfig.set("kivy", "keyboard_mode", "system")  # no Kivy on-screen keyboard pop-ups
    KivyConfig.set("input", "mouse", "mouse,multitouch_on_demand")  # no red dots on right-click
    KivyConfig.set("graphics", "width", str(size[0]))
    KivyConfig.set("graphics", "height", str(size[1]))
    KivyConfig.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    KivyConfig.set("graphics", "show_cursor", "0" if fullscreen else "1")
    if fullscreen:  # the whole display even where no window manager places the window
        KivyConfig.set("graphics", "position", "custom")
        KivyConfig.set("graphics", "left", "0")
        KivyConfig.set("graphics", "top", "0")
        KivyConfig.set("graphics", "borderless", "1")
    # No multisampling: flat shapes don't need it, and it costs several ms a frame
    # on software GL (Xvfb) and on the Pi's GPU alike.
    KivyConfig.set("graphics", "multisamples", "0")


ESCAPE = 27
# The staff screens of WARM_STAFF_SCREENS are built one at a time this often while the
# kiosk waits at home.
STAFF_WARM_UP_S = 0.5


class ProblemBanner(Label):
    """A strip across the top of every screen that says what is wrong and whom to tell."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(font_size=22, bold=True, color=theme.rgb(theme.CUE_TEXT),
                         size_hint_y=None, height=0, halign="center", valign="middle",
                         padding=(12, 6), **kwargs)
        from kivy.graphics import Color, Rectangle

        with self.canvas.before:
            Color(*theme.rgb(theme.CUE))
            self._fill = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._fit, size=self._fit,
                  width=lambda w, width: setattr(w, "text_size", (width, None)),
                  texture_size=self._fit_height, text=self._fit_height)

    def _fit(self, *_: Any) -> None:
        self._fill.pos, self._fill.size = self.pos, self.size

    def _fit_height(self, *_: Any) -> None:
        self.height = self.texture_size[1] if self.text else 0
        self.opacity = 1 if self.text else 0


class KioskRoot(BoxLayout):
    """The window's content: the screens, and on the simulated step a key help strip."""

    help_text = StringProperty("")

    def __init__(self, manager: ScreenHost, **kwargs: Any) -> None:
        super().__init__(orientation="vertical", **kwargs)
        self.controller: KioskController | None = None
        self.manager = manager
        self.add_widget(manager)
        self._background: Any = None
        self._banner: ProblemBanner | None = None

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
            halign="center", valign="middle", padding=(8, 2),
        )
        # Wrapped to the window's width (one line is too long at 800 px), as tall as it needs.
        strip.bind(width=lambda w, width: setattr(w, "text_size", (width, None)),
                   texture_size=lambda w, ts: setattr(w, "height", ts[1]))
        self.add_widget(strip)

    def show_problem(self, text: str) -> None:
        """A problem the person in front of the kiosk must know about ("" hides it)."""
        banner = self._banner
        if banner is None:
            if not text:
                return
            banner = self._banner = ProblemBanner()
            self.add_widget(banner, index=len(self.children))  # on top
        banner.text = text

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
        sim_keys: KeyPlayer | None = None,
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
        self.stop_on_sigterm = False  # run_until_stopped: SIGTERM stops the app cleanly
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
        # A card reader types its token and Enter: patients sign in by card from home or
        # the sign-in screen. Bound last, so it hears an Enter before the simulator's
        # keys (Enter steps on there) and takes it only when it ends a token.
        self.card_reader = CardReader(self.controller.card_presented)
        Window.bind(on_textinput=lambda _w, text: self.card_reader.text(text),
                    on_key_down=lambda _w, key, *_a: self.card_reader.key(key))
        if self.demo:
            from kiosk.ui.demo_pilot import DemoPilot

            self.pilot = DemoPilot(self.controller,
                                   heel_rise_every=self.services.demo_heel_rise_every)
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
        name = next((n for n in WARM_STAFF_SCREENS if not controller.manager.has_screen(n)),
                    None)
        if name is None:
            return False  # all built
        controller.screen(name).warm_up()
        return None

    def _tick(self, dt: float) -> None:
        assert self.controller is not None
        self._frames += 1
        if self._frames == 2:  # ticks run before drawing: the first frame is on screen now
            if self.stop_on_sigterm:
                # Again, just before READY: once in six fresh starts SIGTERM was found at
                # its default (death, exit -15) by then, reset somewhere in the window's
                # start-up; systemd may send it at any moment after READY.
                stop_on_sigterm(self)
            self.watchdog.ready()
        self.controller.tick(dt)
        self._show_problem()
        if self.pilot is not None:
            self.pilot.tick()

    def _show_problem(self) -> None:
        """The session's problem on every screen that does not show it itself."""
        assert self.controller is not None and self.root is not None
        view = self.controller.view
        screen = self.controller.screen(self.controller.current)
        text = "" if screen.shows_problems else problem_words(view.error)
        self.root.show_problem(text)

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
        keys = self.sim_keys  # bound only when there are keys
        return keys is not None and keys.key_down(self._keynames.get(key, str(key)))

    def _on_key_up(self, window: Any, key: int, *args: Any) -> bool:
        keys = self.sim_keys
        return keys is not None and keys.key_up(self._keynames.get(key, str(key)))

    def on_stop(self) -> None:
        self.watchdog.stopping()
        if self.background is not None:
            self.background.close()


def run_until_stopped(app: SmartStepApp) -> None:
    """Open the window, then run the app until it stops; systemd's SIGTERM stops it too.

    systemd stops the service with SIGTERM: the app closes (and saves a running session
    as stopped) instead of dying mid-write.

    :raises NoWindow: the window cannot be shown (one line says why).
    """
    open_window()
    app.stop_on_sigterm = True
    stop_on_sigterm(app)
    app.run()


def stop_on_sigterm(app: App) -> None:
    """SIGTERM asks the app to stop (on its clock) instead of killing the process."""
    signal.signal(signal.SIGTERM, lambda *_: Clock.schedule_once(lambda _dt: app.stop()))
