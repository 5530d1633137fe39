"""Draw a session's heel-height plot in a real Kivy window and time it (run by bench_review).

``python -m bench.review_plot_probe OVERVIEW.npz [RAW.npy]`` prints one JSON object:
the kiosk's ``PlotView`` (canvas mesh of min/max per pixel column) against
kivy-garden-graph (when installed) fed the same min/max points, and fed the raw
samples. Times are ms per plot: building the drawing instructions plus one frame.
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

    from kiosk.staff.review.traces import read_cache_file
    from kiosk.ui import theme
    from kiosk.ui.widgets.plot import Band, PlotView

    EventLoop.ensure_window()
    ov = read_cache_file(Path(argv[1]))
    assert ov is not None, argv[1]
    raw = json.loads(Path(argv[2]).read_text()) if len(argv) > 2 else None

    def frame() -> None:
        EventLoop.idle()

    def once(build) -> float:
        for child in list(Window.children):
            Window.remove_widget(child)
        start = time.perf_counter()
        widget = build()
        Window.add_widget(widget)
        frame()
        return (time.perf_counter() - start) * 1000

    def timed(build, runs: int = 7) -> float:
        return statistics.median(once(build) for _ in range(runs))

    def interleaved(builds: dict, rounds: int = 15) -> dict[str, float]:
        """Alternate the contenders round by round, so a busy moment hits both alike."""
        times: dict[str, list[float]] = {name: [] for name in builds}
        for _ in range(rounds):
            for name, build in builds.items():
                times[name].append(once(build))
        return {name: statistics.median(v) for name, v in times.items()}

    def ours() -> PlotView:
        plot = PlotView(size=(800, 300), pos=(0, 90), title="Heel height", y_label="mm")
        plot.set_data(x_range=(0, ov.duration_s), y_range=(-50, 100),
                      bands=[Band(lambda w, a, b: (ov.columns(w, a, b).height_min,
                                                   ov.columns(w, a, b).height_max),
                                  theme.LEFT_FOOT)],
                      spans=[(k * 7.0, k * 7.0 + 4) for k in range(int(ov.duration_s / 7))])
        return plot

    from kivy.graphics import Color, Rectangle
    from kivy.uix.widget import Widget

    def blank() -> Widget:
        # The same window area, one rectangle: what a frame costs without a plot.
        w = Widget(size=(800, 300), pos=(0, 90))
        with w.canvas:
            Color(0.2, 0.2, 0.2, 1)
            Rectangle(pos=w.pos, size=w.size)
        return w

    result: dict[str, float | str] = {}
    try:
        from kivy_garden.graph import Graph, MeshLinePlot
    except ImportError:
        result["garden"] = "kivy-garden-graph not installed"
        result.update(interleaved({"blank_frame_ms": blank, "plotview_ms": ours}))
    else:
        c = ov.columns(740)
        xs = [ov.duration_s * k / 739 for k in range(740)]
        pairs = [(x, v) for x, a, b in zip(xs, c.height_min, c.height_max, strict=True)
                 for v in (a, b) if v == v]

        def garden(points) -> Graph:
            graph = Graph(size=(800, 300), pos=(0, 90), xmin=0, xmax=ov.duration_s, ymin=-50,
                          ymax=100, x_ticks_major=60, y_ticks_major=25, y_grid_label=True,
                          x_grid_label=True, xlabel="time, s", ylabel="mm", padding=5)
            plot = MeshLinePlot(color=[0.3, 0.76, 0.97, 1])
            plot.points = points
            graph.add_plot(plot)
            return graph

        result.update(interleaved({"blank_frame_ms": blank, "plotview_ms": ours,
                                   "garden_minmax_ms": lambda: garden(pairs)}))
        if raw is not None:
            raw_points = [(t, h) for t, h in raw]
            result["garden_raw_points"] = len(raw_points)
            try:
                result["garden_raw_ms"] = timed(lambda: garden(raw_points), runs=3)
            except Exception as exc:  # e.g. GLES2's 65,535-index limit per mesh
                result["garden_raw_error"] = str(exc)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
