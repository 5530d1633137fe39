"""A patient's progress by week: trends, limb symmetry, heel-rise tests against the published
norms (with their sources), each test's end, protocol record and measurement quality, change
against what the test can detect (limb symmetry first), staff's choice to show a poor test in
the trends, and the Report button (PDF to the USB stick, else the data folder).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kivy.properties import BooleanProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.staff.review.axes import week_range
from kiosk.staff.review.norms import REPS_LIMITS_OF_AGREEMENT, SOURCES
from kiosk.staff.review.progress import HeelRiseResult, Progress
from kiosk.staff.review.report import (
    NoStickForReport,
    ReportResult,
    other_medians_text,
    symmetry_lines,
)
from kiosk.staff.review.test_words import (
    change_lines,
    ended_words,
    left_out_words,
    lsi_line,
    mdc_sources_line,
    protocol_words,
    quality_words,
)
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
    if floor is not None:  # the span from the floor: one value stands below the top
        lo = min(floor, lo)
    span = max(hi - lo, 1.0)
    return (lo - pad * span if floor is None else lo), hi + pad * span


def tests_text(progress: Progress) -> str:
    """Change against what the test can detect (limb symmetry first), the heel-rise tests
    newest first (why each ended, its quality and protocol record), the published medians
    once, then the sources."""
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
    dim = f"[color={theme.TEXT_DIM}]{{}}[/color]"
    lines = ["[b]Change against what the test can detect[/b]"]
    lsi = lsi_line(progress.symmetry)
    lines += [escape_markup(lsi)] if lsi else []
    lines += [escape_markup(x) for x in change_lines(progress.changes,
                                                     progress.patient.injured_side)]
    d = progress.detectable
    lines += [dim.format(escape_markup(mdc_sources_line(d.reps, d.work_j, d.peak_mm))), ""]
    lines.append("[b]Heel-rise tests[/b] (60 beats/min, to fatigue), newest first")
    for t in reversed(progress.tests[-8:]):
        leg = t.side if t.injured is None else \
            f"{t.side} ({'injured' if t.injured else 'uninjured'})"
        work = f", {t.work_j:.0f} J" if t.work_j is not None else ""
        flag = "" if t.in_trend else ", [b]left out of trends[/b]"
        lines.append(f"{t.day}  {leg}: [b]{wording.counted(t.reps, 'rep')}[/b]{work}; "
                     f"ended: {ended_words(t.ended_by)}; "
                     f"{escape_markup(quality_words(t.quality, t.protocol))}{flag}")
        lines.append(dim.format("    " + escape_markup(protocol_words(t.protocol))))
    lines += ["", f"Published median reps: {medians}."
              + (" The patient's age is outside the 20-81 years of [1]." if outside else ""),
              other_medians_text() + " [2]"]
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
    """The Report button (progress screen and patient page): write the patient's PDF onto
    the USB stick off the UI thread, then say where it went and offer Eject; without a
    stick, say to insert one (a file left on the kiosk is one staff cannot reach). The
    screen has ``patient_id``, ``reporting`` and a ``reports`` list is kept on it."""
    pid = getattr(screen, "patient_id", "")
    if not pid or getattr(screen, "reporting", False):
        return
    review = review_of(screen)
    sync = screen.controller.services.sync
    screen.reporting = True
    screen.eject_stick = ""
    screen.say("Writing the report ...")

    def done(result: ReportResult) -> None:
        screen.reporting = False
        if not hasattr(screen, "reports"):
            screen.reports = []
        screen.reports.append(result)
        stick = next((s for s in (sync.sticks() if sync else [])
                      if s.mount_point is not None and result.path.is_relative_to(s.mount_point)),
                     None)
        name = stick.name if stick is not None else "the USB stick"
        screen.say(wording.report_saved_text(result.path.name, name))
        if stick is not None:
            screen.offer_eject(stick.key, stick.name)

    def failed(exc: BaseException) -> None:
        screen.reporting = False
        if isinstance(exc, NoStickForReport):
            screen.say(wording.REPORT_NEEDS_STICK, error=True)
        else:
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
                        f"{wording.counted(p.sessions, 'session')}")
        left_out = left_out_words(progress.left_out_sessions)
        if left_out:
            self.heading += f"\n{left_out}"
        self.tests = tests_text(progress)
        self._include_buttons(progress.tests)
        weeks = progress.weeks
        self.empty = not weeks
        if self.empty and progress.left_out_sessions:
            self.say("No session in the trends: every finished session is left out for its "
                     "measurement quality.")
        elif self.empty:
            self.say("No sessions yet: trends appear after the first session.")
        xs = [float(w.week) for w in weeks]
        x_range = week_range(xs + [float(t.week) for t in progress.tests])
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

    def _include_buttons(self, tests: Sequence[HeelRiseResult]) -> None:
        """A button per poor test (newest four): staff may show it in the trends."""
        from kiosk.ui.widgets.make import make

        box = self.ids.include_box
        box.clear_widgets()
        for t in [t for t in reversed(tests) if t.quality == "poor"][:4]:
            text = (f"Leave the {t.day} {t.side} test out of the trends" if t.in_trend
                    else f"Show the {t.day} {t.side} test in the trends (poor quality)")
            button = make("BigButton", text=text, kind="plain", size_hint_y=None,
                          height=max(60, 60 * self.u), font_size=17 * self.u)
            button.test_id, button.include = t.id, not t.in_trend
            button.bind(on_release=lambda b: self.include_test(b.test_id, b.include))
            box.add_widget(button)

    def include_test(self, test_id: str, included: bool) -> None:
        review = review_of(self)
        actor = self.member.name
        self.call(lambda: review.include_test(test_id, included, actor),
                  lambda _: self.load(), "change which tests show in the trends")

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
