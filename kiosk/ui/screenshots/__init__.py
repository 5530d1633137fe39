"""The screenshot tool (``smartstep screenshots DIR``): the kiosk app stepping through
every screen at three window sizes (``app``), the layout check run on each
(``layout_check``), and the sample views it shows (``samples``). Its sample database
(patients, staff, review history, a simulated step) is simulation, in
``kiosk.sim.samples``; ``kiosk.app.render_screenshots`` builds it and hands it in."""

from kiosk.ui.screenshots.app import SCREEN_NAMES, SIZES, ScreenshotApp, render_screens

__all__ = ["SCREEN_NAMES", "SIZES", "ScreenshotApp", "render_screens"]
