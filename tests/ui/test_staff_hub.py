"""The staff hub shows every entry without a swipe, at the three display sizes, even under
the device notice: an entry found only by scrolling (Technician was) is one staff miss."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui

SIZES = ((800, 480), (1280, 720), (720, 1280))


@pytest.fixture
def notice_shown(staff):
    technician = staff.k.parts.services.technician
    technician.report_devices(("tof_simulated", "strips_simulated", "lights_simulated"))
    yield
    technician.report_devices(())


def _window_rect(widget) -> tuple[float, float, float, float]:
    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    return x0, y0, x1, y1


def test_every_hub_entry_is_in_view_at_every_size(staff, notice_shown):
    from kivy.core.window import Window

    from kiosk.ui.screens.staff import HUB
    from kiosk.ui.theme import MIN_TOUCH_PX

    k = staff.k
    staff.sign_in()  # an admin: every entry
    hub = k.screen("staff_home")
    assert hub.device_problems, "the notice takes room on the hub"
    before = tuple(Window.size)
    try:
        for size in SIZES:
            Window.size = size
            k.run_until(lambda size=size: tuple(Window.size) == size, 5, f"window {size}")
            k.pump(10)
            view = hub.ids.entries_view
            vx0, vy0, vx1, vy1 = _window_rect(view)
            buttons = list(hub.ids.entries.children)
            assert {b.text for b in buttons} == {e.label for e in HUB}
            for button in buttons:
                x0, y0, x1, y1 = _window_rect(button)
                assert vx0 - 1 <= x0 and x1 <= vx1 + 1 and vy0 - 1 <= y0 and y1 <= vy1 + 1, (
                    f"{button.text} out of view at {size}: {y0:.0f}-{y1:.0f}"
                    f" in {vy0:.0f}-{vy1:.0f}")
                assert min(button.width, button.height) >= MIN_TOUCH_PX
    finally:
        Window.size = before
        k.run_until(lambda: tuple(Window.size) == before, 5, "window size back")
        k.pump(10)
    staff.tap_text("Technician")
    k.wait_screen("staff_technician", 5)
