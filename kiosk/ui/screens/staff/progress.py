"""A patient's progress by week: trends, limb symmetry, heel-rise tests against the published
norms (with their sources), and the Report button (PDF to the USB stick, else the data folder).
"""

from __future__ import annotations

import math
from pathlib import Path

from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.review.norms import REPS_LIMITS_OF_AGREEMENT, SOURCES
from kiosk.staff.review.progress import Progress
from kiosk.staff.review.report import ReportResult, other_medians_text, symmetry_lines
from kiosk.ui import theme, wording
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.screens.staff.session_list import KEEP, review_of
from kiosk.ui.widgets.plot import PlotLine, PlotView, RefLine


def _nan(v: float | None) -> float:
    return math.nan if v is None else float(v)


def _range(values: list[float], floor: float | None = 0.0, pad: float = 0.15
           ) -> tuple[float, float]:
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return (0.0, 1.0)
    lo, hi = min(finite), max(finite)
    span = max(hi - lo, 1.0)
    lo = lo - pad * span if floor is None else min(floor, lo)
    return lo, hi + pad * span


def tests_text(progress: Progress) -> str:
    """The heel-rise tests, newest first, the published medians once, then the sources."""
    if not progress.tests:
        return "No heel-rise test yet."
    numbers = {s.code: k for k, s in enumerate(SOURCES, start=1)}
    by_source: dict[str, list[str]] = {}
    outside = False
    for c in progress.tests[-1].against:
        by_source.setdefault(c.norm.source.code, []).append(
            f"{wording.NORM_GROUP_WORDS[c.norm.group]} {c.norm.median:g}")
        outside = outside or c.outside_ages
    medians = "; ".join(f"{', '.join(v)} [{numbers[k]}]" for k, v in by_source.items())
    lines = ["[b]Heel-rise tests[/b] (60 beats/min, to fatigue), newest first",
             f"Published median reps: {medians}."
             + (" The patient's age is outside the 20-81 years of [1]." if outside else ""),
             other_medians_text() + " [2]"]
    for t in reversed(progress.tests[-8:]):
        leg = t.side if t.injured is None else \
            f"{t.side} ({'injured' if t.injured else 'uninjured'})"
        work = f", {t.work_j:.0f} J" if t.work_j is not None else ""
        lines.append(f"{t.day}  {leg}: [b]{t.reps} reps[/b]{work}")
    lines += symmetry_lines(progress.lsi_norms)
    lines.append(f"Shown beside the medians only: the sources give no healthy range by age "
                 f"and sex. Two tests of one person differ by up to "
                 f"±{REPS_LIMITS_OF_AGREEMENT} reps [1].")
    lines += [f"[{k}] {s.citation} ({s.population})." for k, s in enumerate(SOURCES, start=1)]
    return "\n".join(lines)


def _back_target(controller, came_from: str, patient_id: str) -> tuple[str, str]:
    if came_from == "staff_patient":
        return came_from, patient_id
    if came_from == "staff_session":
        return came_from, controller.screen(came_from).session_id
    if came_from == "staff_sessions":
        return came_from, KEEP
    return "staff_home", ""


def start_report(screen: StaffScreen) -> None:
    """The Report button (progress screen and patient page): write the patient's PDF off the
    UI thread and say where it went, or why it was not saved. The screen has
    ``patient_id``, ``reporting`` and a ``reports`` list is kept on it."""
    pid = getattr(screen, "patient_id", "")
    if not pid or getattr(screen, "reporting", False):
        return
    review = review_of(screen)
    screen.reporting = True
    screen.say("Writing the report ...")

    def done(result: ReportResult) -> None:
        screen.reporting = False
        if not hasattr(screen, "reports"):
            screen.reports = []
        screen.reports.append(result)
        on_usb = not result.path.is_relative_to(getattr(review, "report_dir", Path("/\x00")))
        screen.say(wording.report_saved_text(str(result.path), on_usb))

    def failed(exc: BaseException) -> None:
        screen.reporting = False
        screen.say(f"The report was not saved: {exc}", error=True)

    screen.call(lambda: review.report(pid), done, "write the report", failed=failed)


class ProgressScreen(StaffScreen):
    back_to = "staff_sessions"
    heading = StringProperty("")
    view = StringProperty("trends")  # "trends" or "tests"
    tests = StringProperty("")
    empty = BooleanProperty(False)
    reporting = BooleanProperty(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.patient_id = ""
        self.progress: Progress | None = None
        self.reports: list[ReportResult] = []
        self._back_subject = ""

    def back_subject(self) -> str:
        return self._back_subject

    def prepare(self, subject: str) -> None:
        # Back returns where the progress was opened from (patient page, list, session).
        came_from = self.controller.current if self.controller else ""
        if came_from != self.name:
            self.back_to, self._back_subject = _back_target(self.controller, came_from, subject)
        self.patient_id = subject
        self.progress = None
        self.heading = ""
        self.tests = ""
        self.view = "trends"
        self.say("")
        for plot in self._plots():
            plot.clear()
        if self.controller is not None and self.controller.manager.current == self.name:
            self.load()  # shown already: entering again would not reload

    def _plots(self) -> list[PlotView]:
        names = ("reps_plot", "peak_plot", "fault_plot", "tut_plot", "symmetry_plot")
        return [self.ids[n] for n in names if n in self.ids]

    def load(self) -> None:
        if not self.patient_id:
            return
        review = review_of(self)
        pid = self.patient_id
        self.call(lambda: review.progress(pid), self._show, "show the progress")

    def _show(self, progress: Progress) -> None:
        self.progress = progress
        p = progress.patient
        born = f"born {p.birth_year}" if p.birth_year else "year of birth not given"
        side = wording.SIDE_WORDS.get(p.injured_side, p.injured_side)
        sex = wording.SEX_WORDS.get(p.sex, p.sex).lower()
        self.heading = (f"{p.name}  ({p.clinic_id or 'no clinic ID'})  ·  {born}  ·  "
                        f"sex: {sex}  ·  injured side: {side.lower()}  ·  "
                        f"{p.sessions} session{'' if p.sessions == 1 else 's'}")
        self.tests = tests_text(progress)
        weeks = progress.weeks
        self.empty = not weeks
        if self.empty:
            self.say("No sessions yet: trends appear after the first session.")
        xs = [float(w.week) for w in weeks]
        x_range = (min(xs, default=0.0), max(xs, default=1.0))
        if x_range[1] - x_range[0] < 2:  # one or two weeks: room around the points
            x_range = (x_range[0] - 1, x_range[1] + 1)
        for plot in self._plots():
            plot.x_integer = True

        def series(values: list[float], colour: str, marker: str = "circle",
                   dashed: bool = False) -> PlotLine:
            return PlotLine(list(zip(xs, values, strict=True)), colour,
                            marker=marker if len(xs) <= 40 else "", dashed=dashed)

        reps = [w.reps_per_session for w in weeks]
        self.ids.reps_plot.set_data(x_range=x_range, y_range=_range(reps),
                                    lines=[series(reps, theme.LEFT_FOOT)])
        best = [_nan(w.best_peak_mm) for w in weeks]
        mean = [_nan(w.mean_peak_mm) for w in weeks]
        self.ids.peak_plot.set_data(x_range=x_range, y_range=_range(best + mean),
                                    lines=[series(best, theme.LEFT_FOOT),
                                           series(mean, theme.RIGHT_FOOT, "square", True)])
        faults = [100 * _nan(w.fault_rate) for w in weeks]
        self.ids.fault_plot.set_data(x_range=x_range, y_range=_range(faults),
                                     lines=[series(faults, theme.CUE)])
        tut = [_nan(w.tut_per_session_s) for w in weeks]
        self.ids.tut_plot.set_data(x_range=x_range, y_range=_range(tut),
                                   lines=[series(tut, theme.LEFT_FOOT)])
        self._symmetry(progress, x_range)

    def _symmetry(self, progress: Progress, x_range: tuple[float, float]) -> None:
        plot = self.ids.symmetry_plot
        plot.title = wording.SYMMETRY_KIND_WORDS[progress.symmetry_kind]
        plot.x_label = ("week;  solid: test reps, dashed: test work, grey: single-leg peak"
                        if progress.symmetry_kind == "injured_vs_uninjured" else "week")
        if progress.symmetry_kind == "injured_vs_uninjured":
            lines = []
            for measure, colour, marker, dashed in (("reps", theme.LEFT_FOOT, "circle", False),
                                                    ("work", theme.RIGHT_FOOT, "square", True),
                                                    ("peak", theme.TEXT_DIM, "", True)):
                pts = [(float(s.week), s.pct) for s in progress.symmetry if s.measure == measure]
                if pts:
                    lines.append(PlotLine(pts, colour, marker=marker, dashed=dashed))
            refs = [RefLine(84, "84 % at 6 months [3]", theme.TEXT_DIM, dashed=True),
                    RefLine(95, "95 % at 12 months [3]", theme.ZERO_LINE, dashed=True)]
            plot.set_data(x_range=x_range, y_range=(0.0, 110.0), lines=lines, refs=refs)
        else:
            pts = [(float(w.week), _nan(w.lsi_pct)) for w in progress.weeks]
            plot.set_data(x_range=x_range, y_range=(0.0, 100.0),
                          lines=[PlotLine(pts, theme.LEFT_FOOT)])

    # -- buttons --------------------------------------------------------------------------------

    def show_view(self, view: str) -> None:
        self.view = view

    def open_sessions(self) -> None:
        self.controller.show_staff("staff_sessions", self.patient_id)

    def make_report(self) -> None:
        start_report(self)

    def reset(self) -> None:
        super().reset()
        self.prepare("")


load_kv(__file__)
