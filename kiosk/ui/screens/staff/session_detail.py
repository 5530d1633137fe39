"""One session: heel height over time (reps shaded, faults lettered, target, step level,
the asked phases), left/right load share, and the rep table; its measurement quality,
and for a poor session (or one staff chose for) a button that shows it in the patient's
trends or leaves it out (audited).

The table's data come from the database at once; the plot follows when the
recording's overview is read (cached after the first time). A session without
a readable recording opens on the table, with a note saying why.

Both plots share one time window (``TimeWindow``): it opens on the stretch with the
reps (a session can stay open long after them), the buttons and a finger on either
plot zoom and pan it. The height scale ignores spikes (``height_scale``); the plot
marks them at its edge.
"""

from __future__ import annotations

from datetime import datetime

from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.review.detail import SessionDetail
from kiosk.staff.review.height_scale import height_range
from kiosk.staff.review.test_words import session_quality_words
from kiosk.staff.review.time_window import (
    PAN_STEP,
    ZOOM_STEP,
    TimeWindow,
    opening_window,
    time_ticks,
)
from kiosk.staff.review.traces import Columns, Overview, RecordingState
from kiosk.ui import theme, wording
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.screens.staff.session_list import KEEP, review_of
from kiosk.ui.widgets.plot import Band, Mark, PhaseBlock, RefLine


def rep_cells(detail: SessionDetail) -> list[dict[str, str]]:
    """The rep table's rows as RecycleView data."""
    t = detail.tempo
    out = []
    for r in detail.reps:
        out.append({
            "c0": f"{r.set_number}·{r.number}",
            "c1": f"{r.peak_mm:.0f} mm",
            "c2": wording.phase_vs_tempo(r.up_s, t.up_s),
            "c3": wording.phase_vs_tempo(r.down_s, t.down_s),
            "c4": wording.STANCE_WORDS.get(r.stance, r.stance),
            "c5": "-" if r.lsi is None else f"{r.lsi:.0f}",
            "c6": "-" if r.toe_share is None else f"{100 * r.toe_share:.0f}",
            "c7": wording.review_fault_text(r.faults),
        })
    return out


class ColumnCache:
    """The overview's columns for the last (width, range) asked: both plots share an
    axis and read it once per redraw (a pinch redraws every frame)."""

    def __init__(self, overview: Overview) -> None:
        self.overview = overview
        self._key: tuple[int, float, float] | None = None
        self._columns: Columns | None = None

    def __call__(self, width: int, x0: float, x1: float) -> Columns:
        key = (width, x0, x1)
        if key != self._key or self._columns is None:
            self._columns = self.overview.columns(width, x0, x1)
            self._key = key
        return self._columns


class SessionDetailScreen(StaffScreen):
    back_to = "staff_sessions"
    summary = StringProperty("")
    quality_text = StringProperty("")
    include_text = StringProperty("")  # "": no include button (the verdict is not poor)
    quality_poor = BooleanProperty(False)
    view = StringProperty("plot")  # "plot" or "table"
    legend = StringProperty(wording.PLOT_LEGEND)
    plot_ready = BooleanProperty(False)
    is_patient = BooleanProperty(False)
    zoomed_in = BooleanProperty(False)  # some of the session is out of view
    at_start = BooleanProperty(True)
    at_end = BooleanProperty(True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session_id = ""
        self.detail: SessionDetail | None = None
        self.overview: Overview | None = None
        self.recording = RecordingState.NONE
        self.window: TimeWindow | None = None

    def back_subject(self) -> str:
        return KEEP

    def prepare(self, subject: str) -> None:
        self.session_id = subject
        self.detail = None
        self.overview = None
        self.window = None
        self.plot_ready = False
        self.summary = ""
        self.quality_text = ""
        self.include_text = ""
        self.quality_poor = False
        self.view = "plot"
        self.say("")
        if "height_plot" in self.ids:
            self.ids.height_plot.clear()
            self.ids.share_plot.clear()
            self.ids.table.data = []
        if self.controller is not None and self.controller.manager.current == self.name:
            self.load()  # shown already: entering again would not reload

    def load(self) -> None:
        if not self.session_id:
            return
        review = review_of(self)
        sid = self.session_id
        self.call(lambda: review.detail(sid), self._show_detail, "open the session")

    def _show_detail(self, detail: SessionDetail) -> None:
        self.detail = detail
        self.is_patient = detail.patient_id is not None
        self.summary = self._summary_text(detail)
        self._show_quality(detail)
        self.ids.table.data = rep_cells(detail)
        self.recording = detail.recording
        if detail.recording is not RecordingState.OK:
            self._no_plot(detail.recording)
            return
        review = review_of(self)
        self.say("Reading the recording ...")
        self.call(lambda: review.overview(detail), self._show_overview, "read the recording")

    def _show_quality(self, detail: SessionDetail) -> None:
        q = detail.quality
        self.quality_text = session_quality_words(q)
        self.quality_poor = q.verdict == "poor"
        # Only a patient's poor session (or one staff already chose for) has the choice.
        choice = detail.patient_id is not None and (q.verdict == "poor"
                                                    or q.staff_included is not None)
        self.include_text = ("" if not choice else "Leave out of the trends" if q.in_trend
                             else "Show in the trends")

    def _show_overview(self, result: tuple[RecordingState, Overview | None]) -> None:
        state, overview = result
        if overview is None or self.detail is None:
            self._no_plot(state)
            return
        self.overview = overview
        self.say("")
        self.draw_plots(self.detail, overview)
        self.plot_ready = True

    def _no_plot(self, state: RecordingState) -> None:
        self.recording = state
        self.say(wording.RECORDING_NOTES[state.value])
        self.view = "table"

    def _summary_text(self, d: SessionDetail) -> str:
        when = datetime.fromisoformat(d.started_at.replace("Z", "+00:00"))
        p = d.programme
        what = ("Heel-rise test" if p.mode == "heel_rise_test" else
                f"{wording.POSITION_WORDS.get(p.position, p.position)}, "
                f"{wording.VARIANT_WORDS.get(p.variant, p.variant)}, {p.sets} x {p.reps}, "
                f"tempo {p.tempo.label()} s")
        faults = sum(1 for r in d.reps if r.faults)
        return (f"{when:%a %d %b %Y %H:%M}  ·  {what}  ·  "
                f"{wording.REVIEW_STATUS_WORDS.get(d.status, d.status)}  ·  "
                f"{wording.counted(len(d.reps), 'rep')}"
                f", {faults} with a fault")

    # -- plots ----------------------------------------------------------------------------------

    def draw_plots(self, d: SessionDetail, ov: Overview) -> None:
        total = max(ov.duration_s, 1.0)
        spans = [(r.start_s, r.end_s) for r in d.reps]
        bottom, top = height_range(ov.height_max, ov.height_min, [r.peak_mm for r in d.reps],
                                   [d.target_mm, d.step_level_mm])
        refs = []
        if d.target_mm:
            refs.append(RefLine(d.target_mm, f"target {d.target_mm:.0f} mm", theme.TARGET_LINE,
                                dashed=True))
        if d.step_level_mm is not None:
            refs.append(RefLine(d.step_level_mm, "step level", theme.ZERO_LINE))
        # One stack of letters per rep: every fault of it shows.
        marks = [Mark(m.t_s, wording.FAULT_LETTERS.get(m.code, "?"),
                      (m.set_number, m.rep) if m.rep else None) for m in d.faults]
        phases = [PhaseBlock(a.kind, a.start_s, a.end_s) for a in d.asked]
        self.window = opening_window(total, spans + [(a.start_s, a.end_s) for a in d.asked
                                                     if a.kind != "countdown"])
        columns = ColumnCache(ov)

        def heights(width: int, x0: float, x1: float) -> tuple[list[float], list[float]]:
            c = columns(width, x0, x1)
            return c.height_min, c.height_max

        def share(width: int, x0: float, x1: float) -> tuple[list[float], list[float]]:
            c = columns(width, x0, x1)
            return [100 * v for v in c.share_min], [100 * v for v in c.share_max]

        shown = (self.window.start, self.window.end)
        height_plot, share_plot = self.ids.height_plot, self.ids.share_plot
        height_plot.set_data(
            x_range=shown, y_range=(bottom, top),
            bands=[Band(heights, theme.LEFT_FOOT, clip_marks=True)], spans=spans, refs=refs,
            marks=marks, phases=phases, x_format=wording.minutes_seconds, x_ticks=time_ticks)
        share_plot.set_data(
            x_range=shown, y_range=(0.0, 100.0),
            bands=[Band(share, theme.RIGHT_FOOT)], spans=spans,
            refs=[RefLine(50.0, "even", theme.ZERO_LINE, dashed=True)],
            x_format=wording.minutes_seconds, x_ticks=time_ticks)
        for plot in (height_plot, share_plot):
            plot.x_limits = (0.0, total)
        self.show_window(self.window)

    def show_window(self, window: TimeWindow) -> None:
        """Both plots over ``window``, and the buttons and note to match."""
        self.window = window
        for plot in (self.ids.height_plot, self.ids.share_plot):
            plot.show_x(window.start, window.end)
        self.ids.height_plot.note = wording.plot_window(window.start, window.end, window.total)
        self.zoomed_in = not window.is_whole
        self.at_start = window.start <= 1e-6
        self.at_end = window.end >= window.total - 1e-6

    def request_window(self, start: float, end: float) -> None:
        """A finger on a plot asked for [start, end] (kept within the session)."""
        if self.window is not None:
            self.show_window(self.window.showing(start, end))

    def zoom(self, factor: float) -> None:
        if self.window is not None:
            self.show_window(self.window.zoomed(factor))

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def pan(self, direction: int) -> None:
        """-1: earlier, 1: later, by ``PAN_STEP`` of the span."""
        if self.window is not None:
            self.show_window(self.window.panned(direction * PAN_STEP))

    def whole_session(self) -> None:
        if self.window is not None:
            self.show_window(self.window.to_whole())

    # -- layout -----------------------------------------------------------------------------

    def _one_row(self) -> bool:
        """Landscape: the tabs and the five plot controls share one row."""
        return self.width > self.height

    def control_width(self, bar_width: float) -> float:
        gap = 6 * self.u
        if self._one_row():
            return max(56.0, 60 * self.u)
        return (bar_width - 4 * gap - 1) / 5

    def tab_width(self, bar_width: float) -> float:
        gap = 6 * self.u
        if self._one_row():
            return (bar_width - 5 * self.control_width(bar_width) - 7 * gap - 1) / 3
        return (bar_width - 2 * gap - 1) / 3

    # -- buttons --------------------------------------------------------------------------------

    def show_view(self, view: str) -> None:
        self.view = view

    def toggle_trend(self) -> None:
        """Show this session in the patient's trends, or leave it out (audited)."""
        if self.detail is None or not self.include_text:
            return
        review = review_of(self)
        sid, actor = self.detail.id, self.member.name
        included = not self.detail.quality.in_trend
        self.call(lambda: review.include_session(sid, included, actor),
                  lambda _: self._included(sid), "change whether the session shows in the trends")

    def _included(self, session_id: str) -> None:
        review = review_of(self)
        self.call(lambda: review.detail(session_id), self._show_changed, "open the session")

    def _show_changed(self, detail: SessionDetail) -> None:
        if detail.id == self.session_id:
            self.detail = detail
            self._show_quality(detail)

    def open_progress(self) -> None:
        if self.detail is not None and self.detail.patient_id:
            self.controller.show_staff("staff_progress", self.detail.patient_id)

    def reset(self) -> None:
        super().reset()
        self.prepare("")


load_kv(__file__)
