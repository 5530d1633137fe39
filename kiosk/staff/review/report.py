"""A patient's progress report as a PDF (fpdf2): one or two A4 pages for a referring doctor.

Page 1: the clinic, the patient (with diagnosis and clinician) and the programme,
the trends by week (reps, peak height,
fault rate, time under tension) as vector charts. Page 2: limb symmetry over
time, heel-rise tests beside the published medians (with sources), the latest
sessions. Every page says when and on which kiosk it was made. A patient with
no sessions gets a valid report that says so.

The file is written to a temporary name beside the target and renamed when
complete, so a file with the target's name is always a whole report.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF, FontFace

from kiosk.errors import UserError
from kiosk.plural import counted
from kiosk.programme import Programme
from kiosk.staff.review.axes import week_range
from kiosk.staff.review.change import Detectable
from kiosk.staff.review.norms import (
    REPS_LIMITS_OF_AGREEMENT,
    SOURCES,
    Comparison,
    norms_for,
)
from kiosk.staff.review.pdf_plot import Chart, RefLine, Series, draw_chart
from kiosk.staff.review.progress import HeelRiseResult, Progress, patient_progress
from kiosk.staff.review.session_quality import SessionQuality
from kiosk.staff.review.sessions import SessionFilter, SessionRow, session_page
from kiosk.staff.review.test_words import (
    END_SHORT_WORDS,
    change_lines,
    left_out_words,
    lsi_line,
    mdc_sources_line,
    protocol_short_words,
    quality_words,
)
from kiosk.storage.store import Store

SESSIONS_IN_TABLE = 14
TESTS_IN_TABLE = 6  # with the change section, page 2 stays one page
_VARIANTS = {"both": "both feet", "ecc_left": "eccentric, left", "ecc_right": "eccentric, right",
             "single_left": "left leg", "single_right": "right leg"}
_GROUPS = {"men": "men", "women": "women", "dominant": "dominant leg",
           "non_dominant": "non-dominant leg", "6_months": "6 months after rupture",
           "12_months": "12 months after rupture"}
_SEX = {"female": "female", "male": "male", "other": "other", "": "not recorded"}


HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))


class ReportWriteError(UserError):
    """The report file could not be written (one line naming it)."""


class NoStickForReport(UserError):
    """The kiosk writes a report onto a USB stick, and none is in (or it is busy)."""


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int
    size_bytes: int
    sessions: int


def write_report(store: Store, patient: str, path: Path, step_id: str,
                 now: datetime | None = None, clinic_name: str = "",
                 detectable: Detectable | None = None) -> ReportResult:
    """Write ``patient``'s report (id or clinic ID) to ``path``.

    :param clinic_name: printed at the top of the first page and on every page's foot.
    :param detectable: the minimal detectable changes (default: Byrne 2017's SEMs).

    :raises NotFoundError: no such patient.
    :raises ReportWriteError: the file cannot be written.
    """
    now = now or datetime.now(UTC)
    progress = patient_progress(store, patient, now.date(), detectable)
    current = store.active_programme(progress.patient.id)
    latest = session_page(store, SessionFilter(patient_id=progress.patient.id),
                          limit=SESSIONS_IN_TABLE).rows
    pdf = build_pdf(progress, current[1] if current else None, latest, step_id, now,
                    clinic_name)
    data = bytes(pdf.output())
    _write_atomically(path, data)
    return ReportResult(path, pdf.pages_count, len(data), progress.patient.sessions)


def _write_atomically(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ReportWriteError(f"{path}: is a folder; give a file name for the report")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise ReportWriteError(
            f"{path}: cannot write the report ({exc.strerror or exc})") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _font_file() -> Path | None:
    # Kivy ships Roboto; found without importing Kivy (the command stays light).
    spec = importlib.util.find_spec("kivy")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            font = Path(folder, "data", "fonts", "Roboto-Regular.ttf")
            if font.is_file():
                return font
    return None


class _Report(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(True, margin=14)
        regular = _font_file()
        if regular is not None:
            bold = regular.with_name("Roboto-Bold.ttf")
            self.add_font("Body", "", str(regular))
            self.add_font("Body", "B", str(bold if bold.is_file() else regular))
            self.family = "Body"
        else:
            self.family = "Helvetica"
        self.set_font(self.family, size=10)

    def set_font(self, family: str | None = None, style: str = "", size: float = 0) -> None:  # type: ignore[override]
        super().set_font(family or getattr(self, "family", "Helvetica"), style, size)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(size=7.5)
        self.set_text_color(70, 70, 70)
        self.cell(0, 4, f"{self.footer_text}  -  page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def text_line(self, text: str, size: float = 9.5, style: str = "", h: float = 5) -> None:
        self.set_font(size=size, style=style)
        if self.family == "Helvetica":
            text = text.encode("latin-1", "replace").decode("latin-1")
        self.multi_cell(0, h, text, new_x="LMARGIN", new_y="NEXT")


def build_pdf(progress: Progress, programme: Programme | None, latest: Sequence[SessionRow],
              step_id: str, now: datetime, clinic_name: str = "") -> FPDF:
    """The report document (not yet written)."""
    p = progress.patient
    clinic = clinic_name.strip()
    pdf = _Report(f"{clinic + '  -  ' if clinic else ''}Generated {now:%Y-%m-%d %H:%M} UTC "
                  f"on kiosk {step_id} by SmartStep")
    pdf.alias_nb_pages()
    pdf.add_page()
    if clinic:
        pdf.text_line(clinic, size=12, style="B", h=6)
    pdf.text_line("SmartStep heel-raise progress report", size=15, style="B", h=8)
    age = p.age(now.date())
    pdf.text_line(f"{p.name}    clinic ID {p.clinic_id or '-'}    "
                  f"born {p.birth_year or 'not recorded'}{f' (age {age})' if age else ''}    "
                  f"sex {_SEX.get(p.sex, p.sex)}    injured side "
                  f"{p.injured_side if p.injured_side != 'none' else 'none recorded'}"
                  + (f"    {p.body_mass_kg:g} kg" if p.body_mass_kg else ""), size=10)
    pdf.text_line(f"Diagnosis: {p.diagnosis or 'not recorded'}    "
                  f"Clinician: {p.clinician or 'not recorded'}")
    pdf.text_line("Current programme: " + (describe_programme(programme) if programme
                                           else "none prescribed"))
    weeks = progress.weeks
    if not weeks and not progress.tests:
        pdf.ln(4)
        pdf.text_line("No sessions yet.", size=13, style="B", h=7)
        pdf.text_line("This patient has not done a session on the kiosk. The report will show "
                      "trends, heel-rise tests and limb symmetry once they have.")
        return pdf
    total = sum(w.sessions for w in weeks) + progress.left_out_sessions
    pdf.text_line(f"{counted(p.sessions, 'session')} in all "
                  f"({counted(total, 'finished exercise session')}){_week_span(progress)}.")
    left_out = left_out_words(progress.left_out_sessions)
    if left_out:
        pdf.text_line(left_out)
    pdf.ln(1)
    week_x = "weeks since the first session"
    x_range = week_range([float(w.week) for w in weeks] + [float(t.week) for t in progress.tests])
    charts = [
        Chart("Reps per session (weekly mean)", week_x, "reps",
              [Series("reps", [(w.week, w.reps_per_session) for w in weeks])], y_min=0,
              weeks=x_range),
        Chart("Peak heel height", week_x, "mm",
              [Series("best", [(w.week, _n(w.best_peak_mm)) for w in weeks]),
               Series("mean", [(w.week, _n(w.mean_peak_mm)) for w in weeks])], y_min=0,
              weeks=x_range),
        Chart("Reps with a fault", week_x, "% of reps",
              [Series("faults", [(w.week, _pct(w.fault_rate)) for w in weeks])], y_min=0,
              weeks=x_range),
        Chart("Time under tension per session", week_x, "s",
              [Series("time under tension",
                      [(w.week, _n(w.tut_per_session_s)) for w in weeks])], y_min=0,
              weeks=x_range),
    ]
    top = pdf.get_y() + 2
    for k, chart in enumerate(charts):
        draw_chart(pdf, chart, 14 + (k % 2) * 92, top + (k // 2) * 62, 88, 58)
    pdf.set_y(top + 2 * 62 + 2)
    _symmetry_chart(pdf, progress, x_range)
    if progress.tests:  # below the limb symmetry: the index first, then each leg
        _change_section(pdf, progress)
    pdf.add_page()
    _tests_table(pdf, progress)
    _sessions_table(pdf, latest, p.sessions)
    _sources(pdf)
    return pdf


def _week_span(progress: Progress) -> str:
    """", weeks 0-12 (week 0 starts Monday 2026-11-16)"; one week: ", all in week 0 (...)"."""
    if not progress.weeks:
        return ""
    last = progress.weeks[-1].week
    which = "all in week 0" if last == 0 else f"weeks 0-{last}"
    return f", {which} (week 0 starts Monday {progress.first_week})"


def _symmetry_chart(pdf: _Report, progress: Progress, x_range: tuple[float, float]) -> None:
    if progress.symmetry_kind == "injured_vs_uninjured":
        series = []
        for measure, label in (("reps", "heel-rise reps"), ("work", "heel-rise work"),
                               ("peak", "single-leg peak height")):
            pts = [(s.week, s.pct) for s in progress.symmetry if s.measure == measure]
            if pts:
                series.append(Series(label, pts))
        chart = Chart("Limb symmetry: injured side as % of the uninjured side",
                      "weeks since the first session", "%", series,
                      [RefLine("84 % reps at 6 months (Silbernagel 2010)", 84),
                       RefLine("95 % reps at 12 months", 95)], y_min=0, y_max=100,
                      weeks=x_range)
    else:
        why = ("no heel-rise test of both legs or single-leg session yet"
               if progress.patient.injured_side in ("left", "right")
               else "injured side not recorded")
        chart = Chart(f"Limb symmetry index (weaker foot as % of the stronger; {why})",
                      "weeks since the first session", "%",
                      [Series("LSI", [(w.week, _n(w.lsi_pct)) for w in progress.weeks])],
                      y_min=0, y_max=100, weeks=x_range)
    draw_chart(pdf, chart, 14, pdf.get_y(), 182, 62)
    pdf.set_y(pdf.get_y() + 64)


def _tests_table(pdf: _Report, progress: Progress) -> None:
    pdf.text_line("Heel-rise tests (60 beats/min, to fatigue)", size=11.5, style="B", h=7)
    tests = progress.tests
    if not tests:
        pdf.text_line("No heel-rise test yet.")
        pdf.ln(2)
        return
    pdf.text_line("Reps are shown beside the published medians; the sources give no range of "
                  "healthy values by age and sex, so no 'normal / below normal' verdict is "
                  f"given. Two tests of one person differ by up to ±{REPS_LIMITS_OF_AGREEMENT} "
                  "reps (limits of agreement [1]).", size=8, h=4)
    pdf.text_line(f"Published median reps: {_medians(tests[-1].against)}. "
                  + other_medians_text() + " [2]", size=8, h=4)
    pdf.set_font(size=8)
    shown = tests[-TESTS_IN_TABLE:]
    with pdf.table(col_widths=(17, 25, 9, 12, 12, 22, 57, 28), text_align=(
                   "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT", "LEFT"),
                   line_height=3.6, padding=0.6,
                   headings_style=HEADINGS, cell_fill_color=(244, 244, 244),
                   cell_fill_mode="ROWS") as table:
        table.row(("date", "leg", "reps", "work J", "peak mm", "ended because",
                   "how it was run (protocol record)", "measurement"))
        for t in shown:
            leg = t.side if t.injured is None else \
                f"{t.side} ({'injured' if t.injured else 'uninjured'})"
            table.row((t.day, leg, str(t.reps), _f(t.work_j, 0), _f(t.peak_mm, 0),
                       END_SHORT_WORDS.get(t.ended_by or "", "not recorded"),
                       protocol_short_words(t.protocol), _measurement(t)))
    if len(tests) > len(shown):
        pdf.text_line(f"and {counted(len(tests) - len(shown), 'earlier test')}", size=8)
    for line in symmetry_lines(progress.lsi_norms):
        pdf.text_line(line, size=8, h=4)
    pdf.ln(3)


def _measurement(t: HeelRiseResult) -> str:
    """The quality verdict with its reasons, and whether the trends show the test."""
    text = quality_words(t.quality, t.protocol).removeprefix("quality ")
    if not t.in_trend:
        text += "; left out of trends"
    elif t.quality == "poor":
        text += "; included by staff"
    return text


def _change_section(pdf: _Report, progress: Progress) -> None:
    """Limb symmetry first, then each leg's change against the minimal detectable one."""
    pdf.text_line("Change against what the test can detect", size=11.5, style="B", h=6)
    lsi = lsi_line(progress.symmetry)
    if lsi:
        pdf.text_line(lsi, size=8, h=3.8)
    lines = change_lines(progress.changes, progress.patient.injured_side)
    for line in lines or ["No heel-rise test in the trends yet."]:
        pdf.text_line(line, size=8, h=3.8)
    d = progress.detectable
    pdf.text_line(mdc_sources_line(d.reps, d.work_j, d.peak_mm) + " Poor-quality tests are "
                  "left out unless staff include them; only tests run alike (same pace and "
                  "cueing, both to fatigue) are compared.", size=7, h=3.3)


def symmetry_lines(comparisons: Iterable[Comparison]) -> list[str]:
    """The latest injured/uninjured symmetry beside Silbernagel 2010's group means."""
    by_measure: dict[str, list[Comparison]] = {}
    for c in comparisons:
        by_measure.setdefault("reps" if "reps" in c.norm.measure else "work", []).append(c)
    return [f"Latest limb symmetry of {what}: {cs[0].value:.0f} % (group mean after Achilles "
            f"rupture: " + ", ".join(f"{c.norm.median:g} % at "
                                     f"{_GROUPS[c.norm.group].split(' after')[0]}" for c in cs)
            + ") [3]" for what, cs in by_measure.items()]


def other_medians_text() -> str:
    """The Calf Raise App's medians of work and peak height, per leg, in one line."""
    parts = []
    for measure, what, unit in (("work_j", "work", "J"), ("peak_mm", "peak height", "mm")):
        norms = {n.group: n.median for n in norms_for(measure)}
        parts.append(f"{what} {norms['dominant']:g} {unit} (dominant leg) / "
                     f"{norms['non_dominant']:g} {unit} (non-dominant)")
    return "Published medians of " + "; ".join(parts) + "."


def _medians(against: Sequence[Comparison]) -> str:
    """E.g. "men 24, women 21 [1]; dominant leg 25, non-dominant leg 24 [2]"."""
    by_source: dict[str, list[str]] = {}
    for c in against:
        ages = " (age outside 20-81)" if c.outside_ages else ""
        by_source.setdefault(c.norm.source.code, []).append(
            f"{_GROUPS[c.norm.group]} {c.norm.median:g}{ages}")
    return "; ".join(f"{', '.join(v)} [{_source_number(k)}]" for k, v in by_source.items())


def _source_number(code: str) -> int:
    return 1 + [s.code for s in SOURCES].index(code)


def _sessions_table(pdf: _Report, latest: Sequence[SessionRow], total: int) -> None:
    pdf.text_line("Latest sessions", size=11.5, style="B", h=7)
    pdf.set_font(size=8)
    with pdf.table(col_widths=(28, 40, 20, 12, 18, 16, 12, 14, 22), line_height=4.5,
                   padding=0.8,
                   headings_style=HEADINGS, cell_fill_color=(244, 244, 244),
                   cell_fill_mode="ROWS",
                   text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT",
                               "RIGHT", "LEFT")) as table:
        table.row(("date (UTC)", "programme", "status", "reps", "mean peak mm", "best mm",
                   "LSI %", "faults %", "quality"))
        for s in latest:
            what = "heel-rise test" if s.mode == "heel_rise_test" else \
                f"{s.position}, {_VARIANTS.get(s.variant, s.variant)}"
            table.row((s.started_at[:16].replace("T", " "), what, s.status, str(s.rep_count),
                       _f(s.peak_mean_mm, 0), _f(s.peak_max_mm, 0), _f(s.lsi_mean, 0),
                       _f(_pct(s.fault_rate), 0), _quality_cell(s.quality)))
    if total > len(latest):
        pdf.text_line(f"and {counted(total - len(latest), 'earlier session')} (the trends "
                      "above include them, but for those left out for their quality)", size=8)
    pdf.ln(3)


def _quality_cell(q: SessionQuality) -> str:
    """The verdict, and whether the trends leave the session out ("-": not judged)."""
    if q.verdict is None:
        return "-"
    if q.staff_included is not None and (q.verdict == "poor" or not q.staff_included):
        return f"{q.verdict}, {'in' if q.in_trend else 'out'} (staff)"
    return q.verdict if q.in_trend else f"{q.verdict}, left out"


def _sources(pdf: _Report) -> None:
    pdf.text_line("Sources of the published figures", size=10, style="B", h=6)
    for k, s in enumerate(SOURCES, start=1):
        pdf.text_line(f"[{k}] {s.citation} ({s.population}).", size=8, h=4)
    pdf.text_line("Heel height is measured by the kiosk's distance sensor under the heel; work "
                  "is body mass x g x peak height, summed over the reps.", size=8, h=4)


def describe_programme(p: Programme) -> str:
    if p.mode == "heel_rise_test":
        return "heel-rise test (one set to fatigue, 60 beats/min)"
    extra = f", +{p.weight_kg:g} kg" if p.weight_kg else ""
    target = f", target {p.target_mm:g} mm" if p.target_mm else ""
    return (f"{p.position}, {_VARIANTS.get(p.variant, p.variant)}, {p.sets} x {p.reps}, "
            f"tempo {p.tempo.label()} s (up-hold-down), {p.surface} surface{extra}{target}")


def _n(v: float | None) -> float:
    return math.nan if v is None else float(v)


def _pct(v: float | None) -> float:
    return math.nan if v is None else 100.0 * v


def _f(v: float | None, digits: int) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"
