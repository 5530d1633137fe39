"""Time the staff session screen's plots in a real Kivy window (run by bench_review).

``python -m bench.session_plot_probe DB SESSION_ID CACHE_DIR`` prints one JSON object,
ms (median of 7): opening the session (database + the cached overview), drawing both
plots of the real ``SessionDetailScreen`` with one frame (the opening view, and the
whole session), one zoom step and one pan step with their frame, and a frame with
nothing to draw (software GL's buffer swap, the floor of every figure).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from kiosk.ui.app import configure_kivy

    configure_kivy(False, (800, 480))
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.staff.review.detail import session_detail, session_overview
    from kiosk.storage.store import Store
    from kiosk.ui import widgets
    from kiosk.ui.screens.staff.session_detail import SessionDetailScreen

    EventLoop.ensure_window()
    widgets.load()
    db, session_id, cache = Path(argv[1]), argv[2], Path(argv[3])
    result: dict[str, float | int | str] = {}
    with Store(db, recover=False) as store:
        def open_session():
            d = session_detail(store, session_id)
            return d, session_overview(d, cache_dir=cache)[1]

        detail, overview = open_session()
        assert overview is not None, "no overview"
        times = []
        for _ in range(7):
            start = time.perf_counter()
            open_session()
            times.append((time.perf_counter() - start) * 1000)
        result["open_ms"] = statistics.median(times)
    result["duration_s"] = overview.duration_s
    result["reps"] = len(detail.reps)
    result["buckets"] = len(overview.height_max)
    from kivy.uix.screenmanager import ScreenManager

    manager = ScreenManager(size=Window.size)
    screen = SessionDetailScreen(name="staff_session")
    manager.add_widget(screen)
    Window.add_widget(manager)
    for _ in range(5):
        EventLoop.idle()

    def timed(action, runs: int = 7) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            action()
            EventLoop.idle()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    plots = (screen.ids.height_plot, screen.ids.share_plot)
    result["blank_frame_ms"] = timed(lambda: None)
    draws = sum(p.draws for p in plots)
    result["draw_opening_ms"] = timed(lambda: screen.draw_plots(detail, overview))
    assert sum(p.draws for p in plots) == draws + 14, "the plots did not draw in the frame"
    window = screen.window
    assert window is not None
    result["opening_window"] = f"{window.start:.0f}-{window.end:.0f} s of {window.total:.0f}"

    def whole() -> None:
        screen.draw_plots(detail, overview)
        screen.whole_session()

    result["draw_whole_ms"] = timed(whole)
    def zoom_step() -> None:
        screen.whole_session()
        screen.zoom_in()

    def pan_step() -> None:
        assert screen.window is not None
        screen.pan(1 if screen.window.start < 1 else -1)

    draws = sum(p.draws for p in plots)
    result["zoom_step_ms"] = timed(zoom_step)
    result["pan_step_ms"] = timed(pan_step)
    assert sum(p.draws for p in plots) == draws + 28, "a zoom or pan did not draw"
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
