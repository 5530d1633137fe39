"""The staff session plot in the real kiosk window: the opening view, the spike-proof
height scale, zoom and pan by button and by finger, every fault of a rep, and labels
that never overlap (also in portrait).

The sample's "long" session is a guest's 2 x 6 with a rep of two faults in each set
(ankles out and heels in; ankles out and not high enough), left open ten minutes after
its last rep, with a 350 mm sensor spike at 5:00.
"""

from __future__ import annotations

import itertools

import pytest

from kiosk.sim.samples.review import SPIKE_MM, build_review_samples
from kiosk.staff.review.service import ReviewService
from kiosk.storage.store import Store
from kiosk.ui.touch import drag, pinch, tap

pytestmark = pytest.mark.ui

SPIKE_AT_S = 300.0  # where build_review_samples puts it


@pytest.fixture(scope="module")
def review_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("session-plot")
    store = Store(root / "smartstep.db")
    ids = build_review_samples(store)
    yield store, ids, root
    store.close()


@pytest.fixture
def session_screen(staff, review_data):
    """Signed in as the test admin, with the sample review data; opens a session."""
    kiosk = staff.k
    store, ids, root = review_data
    services = kiosk.parts.services
    old = services.review
    review = ReviewService(store, step_id="step-ui", cache_dir=root / "cache")
    services.review = review
    staff.sign_in()
    kiosk.pump(3)

    def open_session(role: str):
        kiosk.controller.show_staff("staff_session", ids[role])
        screen = kiosk.screen("staff_session")
        kiosk.run_until(lambda: screen.plot_ready and screen.session_id == ids[role], 15,
                        "the plot")
        settle(kiosk, screen)
        return screen

    yield kiosk, open_session
    if kiosk.controller.staff.signed_in:
        kiosk.controller.staff_sign_out("button")
    kiosk.pump(3)
    review.close()
    services.review = old


def settle(kiosk, screen) -> None:
    """Frames until both plots have drawn what the screen last asked for."""
    def drawn() -> bool:
        return all(p.labels and p.x_range == (screen.window.start, screen.window.end)
                   for p in (screen.ids.height_plot, screen.ids.share_plot))
    kiosk.pump(2)
    kiosk.run_until(drawn, 5, "the plots drawn")
    kiosk.pump(1)


def tap_button(kiosk, screen, button_id: str) -> None:
    button = screen.ids[button_id]
    assert not button.disabled, f"{button_id} is disabled"
    tap(button)
    settle(kiosk, screen)


def area_in_window(plot) -> tuple[float, float, float, float]:
    """The plot's data area in window pixels (a finger's coordinates)."""
    left, bottom, w, h = plot.plot_area()
    x, y = plot.to_window(left, bottom)
    return x, y, w, h


def letters(plot) -> list[tuple[str, float, float, float, float]]:
    """The fault letter boxes drawn (one per letter, with its box)."""
    return [b for b in plot.labels if b[0][:1] in "AHPF" and len(b[0]) <= 3 and b[0] != "All"]


def overlaps(boxes) -> list[tuple[str, str]]:
    found = []
    for a, b in itertools.combinations(boxes, 2):
        if (a[1] < b[1] + b[3] - 0.5 and b[1] < a[1] + a[3] - 0.5
                and a[2] < b[2] + b[4] - 0.5 and b[2] < a[2] + a[4] - 0.5):
            found.append((a[0], b[0]))
    return found


def test_long_session_opens_on_its_reps_and_the_spike_does_not_set_the_scale(session_screen):
    kiosk, open_session = session_screen
    screen = open_session("long")
    plot = screen.ids.height_plot
    reps = screen.detail.reps
    total = screen.overview.duration_s
    assert total > 600
    start, end = plot.x_range
    # The reps use the plot's width: the view is their stretch, not the whole session.
    assert start <= reps[0].start_s and end >= reps[-1].end_s
    assert end - start < 0.3 * total
    assert "of 11:" in plot.note
    # The scale comes from the reps, not the 350 mm spike.
    peak = max(r.peak_mm for r in reps)
    low, high = plot.y_range
    assert peak <= high <= 1.6 * peak and low < -20
    # The whole session: the spike is clipped at the top and marked with its height.
    tap_button(kiosk, screen, "whole_button")
    assert plot.x_range == (0.0, total) and plot.note.startswith("whole session")
    spikes = [(t, v) for t, v in plot.clipped if abs(t - SPIKE_AT_S) < 5]
    assert spikes and spikes[0][1] > SPIKE_MM - 10
    assert f"{spikes[0][1]:.0f}" in [b[0] for b in plot.labels]
    assert plot.y_range == (low, high)  # one scale for the whole session


def test_buttons_zoom_and_pan_both_plots(session_screen):
    kiosk, open_session = session_screen
    screen = open_session("long")
    plot, share = screen.ids.height_plot, screen.ids.share_plot
    tap_button(kiosk, screen, "whole_button")
    total = screen.overview.duration_s
    assert screen.ids.earlier_button.disabled and screen.ids.later_button.disabled
    tap_button(kiosk, screen, "zoom_in_button")
    start, end = plot.x_range
    assert end - start == pytest.approx(total / 2) and share.x_range == plot.x_range
    assert start == pytest.approx(total / 4)  # about the middle
    tap_button(kiosk, screen, "later_button")  # half a span later: the end of the session
    assert plot.x_range == pytest.approx((total / 2, total))
    assert screen.ids.later_button.disabled and share.x_range == plot.x_range
    tap_button(kiosk, screen, "earlier_button")
    tap_button(kiosk, screen, "earlier_button")
    assert plot.x_range == pytest.approx((0.0, total / 2))
    assert screen.ids.earlier_button.disabled
    tap_button(kiosk, screen, "zoom_out_button")
    assert plot.x_range == (0.0, total) and screen.ids.zoom_out_button.disabled


def test_a_finger_drags_and_pinches_the_time_axis(session_screen):
    kiosk, open_session = session_screen
    screen = open_session("long")
    plot, share = screen.ids.height_plot, screen.ids.share_plot
    left, bottom, w, h = area_in_window(plot)
    middle = (left + w / 2, bottom + h / 2)
    start, end = plot.x_range
    span = end - start
    # Drag right by a quarter of the width: a quarter of the span earlier.
    drag(middle, (middle[0] + w / 4, middle[1]))
    settle(kiosk, screen)
    assert plot.x_range[0] == pytest.approx(max(start - span / 4, 0.0), abs=0.5)
    assert share.x_range == plot.x_range
    # Two fingers spread to twice their distance: half the span, about their middle.
    before = plot.x_range
    at = before[0] + (middle[0] - left) / w * (before[1] - before[0])
    pinch(middle, w / 5, 2 * w / 5)
    settle(kiosk, screen)
    after = plot.x_range
    assert after[1] - after[0] == pytest.approx((before[1] - before[0]) / 2, rel=0.05)
    assert after[0] + (middle[0] - left) / w * (after[1] - after[0]) == pytest.approx(at, abs=1)
    # The share plot follows a finger on it too.
    s_left, s_bottom, s_w, s_h = area_in_window(share)
    drag((s_left + s_w / 2, s_bottom + s_h / 2), (s_left + s_w / 4, s_bottom + s_h / 2))
    settle(kiosk, screen)
    assert plot.x_range[0] > after[0] and share.x_range == plot.x_range


def test_a_rep_with_two_faults_shows_both_letters(session_screen):
    _kiosk, open_session = session_screen
    screen = open_session("long")
    plot = screen.ids.height_plot
    two = [r for r in screen.detail.reps if len(r.faults) == 2]
    assert len(two) >= 2
    boxes = letters(plot)
    assert len(boxes) == sum(len(r.faults) for r in screen.detail.reps)
    left, _bottom, w, _h = plot.plot_area()
    x0, x1 = plot.x_range
    for rep in two:
        x = left + (rep.top_s - x0) / (x1 - x0) * w
        near = sorted({b[0] for b in boxes if abs(b[1] + b[3] / 2 - x) < 30})
        expected = sorted({"ankles_out": "A", "heels_in": "H", "partial": "P",
                           "too_fast": "F"}[f] for f in rep.faults)
        assert near == expected, (rep.number, near)
    assert not overlaps(boxes)


@pytest.mark.parametrize("size", [(720, 1280), (800, 480), (1280, 720)])
def test_no_label_overlaps_another(session_screen, size):
    from kivy.core.window import Window

    kiosk, open_session = session_screen
    before = tuple(Window.size)
    try:
        Window.size = size
        kiosk.run_until(lambda: tuple(Window.size) == size, 5, f"window {size}")
        for role in ("long", "recorded"):
            screen = open_session(role)
            for view in ("opening", "whole"):
                if view == "whole" and screen.zoomed_in:
                    tap_button(kiosk, screen, "whole_button")
                for plot in (screen.ids.height_plot, screen.ids.share_plot):
                    assert plot.labels
                    assert not overlaps(plot.labels), (role, view, size, overlaps(plot.labels))
                    for _text, x, y, bw, bh in plot.labels:
                        assert plot.x <= x and x + bw <= plot.right + 0.5
                        assert plot.y <= y and y + bh <= plot.top + 0.5
    finally:
        Window.size = before
        kiosk.run_until(lambda: tuple(Window.size) == before, 5, "window size back")
