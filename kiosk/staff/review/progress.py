"""A patient's progress by week, and their heel-rise tests against the published norms.

Weeks are ISO weeks (UTC dates, Monday start), counted from the patient's first
session (week 0). Exercise sessions only feed the exercise series; heel-rise
test results come from their own table.

Limb symmetry: when the injured side is known (``left`` / ``right``), it is the
injured side against the uninjured one, in %, from heel-rise tests of both legs
in the same week (reps and work, as Silbernagel 2010 reports it) and from
single-leg sessions (mean peak height). Otherwise, and also while a patient with a
known injured side has neither yet, the sessions' own mean limb symmetry index (weaker
against stronger foot) is shown: the data there is, never an empty chart beside
sessions that have an LSI.

Heel-rise tests carry their protocol record and measurement quality: a ``poor`` test
stays out of the trends (symmetry, change) unless staff include it; change is given
per leg against the minimal detectable change (``change.py``). Sessions carry the same
verdict (``session_quality.py``): a ``poor`` session stays out of the weekly series and
the single-leg symmetry unless staff include it, and ``Progress.left_out_sessions``
counts those left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from kiosk.analysis.protocol import ProtocolRecord
from kiosk.staff.review.change import Detectable, LegChange, leg_changes
from kiosk.staff.review.norms import Comparison, compare, norms_for
from kiosk.staff.review.session_quality import IN_TREND_SQL
from kiosk.storage.folding import compact_id
from kiosk.storage.store import NotFoundError, Store


@dataclass(frozen=True, slots=True)
class PatientInfo:
    id: str
    name: str
    clinic_id: str
    birth_year: int | None
    sex: str  # "female", "male", "other" or "" (unknown)
    injured_side: str  # "none", "left", "right", "both" ("none" when unknown)
    body_mass_kg: float | None
    sessions: int
    diagnosis: str = ""
    clinician: str = ""

    def age(self, on: date) -> int | None:
        return on.year - self.birth_year if self.birth_year else None


@dataclass(frozen=True, slots=True)
class Week:
    week: int  # 0 = the week of the first session
    week_start: str  # ISO date of its Monday
    sessions: int
    reps_per_session: float
    best_peak_mm: float | None
    mean_peak_mm: float | None
    lsi_pct: float | None  # see ``Progress.symmetry_kind``
    fault_rate: float | None  # share of reps with a fault, 0..1
    tut_per_session_s: float | None  # time under tension


@dataclass(frozen=True, slots=True)
class HeelRiseResult:
    day: str  # ISO date
    week: int
    side: str  # left / right / both
    reps: int
    work_j: float | None
    peak_mm: float | None
    injured: bool | None  # None when the injured side is unknown or it was both legs
    against: Sequence[Comparison] = ()
    id: str = ""
    ended_by: str | None = None  # None: stored before the reason was
    protocol: ProtocolRecord | None = None  # None: stored before there was a record
    quality: str | None = None  # good / fair / poor; None: not judged (older tests)
    staff_included: bool | None = None  # staff's choice over the verdict (None: none)

    @property
    def in_trend(self) -> bool:
        """Shown in the trends: staff's choice, else every test but a poor one."""
        if self.staff_included is not None:
            return self.staff_included
        return self.quality != "poor"


@dataclass(frozen=True, slots=True)
class SymmetryPoint:
    week: int
    measure: str  # "reps" / "work" (heel-rise tests) or "peak" (single-leg sessions)
    pct: float


@dataclass(frozen=True)
class Progress:
    patient: PatientInfo
    weeks: Sequence[Week]
    tests: Sequence[HeelRiseResult]
    symmetry: Sequence[SymmetryPoint]  # injured vs uninjured (empty when side unknown)
    symmetry_kind: str  # "injured_vs_uninjured" or "weaker_vs_stronger"
    first_week: str | None  # ISO Monday of week 0
    lsi_norms: Sequence[Comparison] = field(default_factory=tuple)
    changes: Sequence[LegChange] = field(default_factory=tuple)  # per leg, vs the MDC
    detectable: Detectable = field(default_factory=Detectable.from_sems)
    left_out_sessions: int = 0  # finished sessions left out of the trends by their quality


def patient_info(store: Store, patient: str) -> PatientInfo:
    """A patient by id or clinic ID (case, spaces and punctuation ignored: "PH1042" finds
    "PH-1042"; the ID as written wins over another that only compacts the same).

    :raises NotFoundError: no such patient.
    """
    columns = {c.name for c in store.db["patients"].columns}
    extra = ", ".join(c if c in columns else f"NULL AS {c}"
                      for c in ("sex", "injured_side", "body_mass_kg", "diagnosis",
                                "clinician"))
    rows = store.query(
        f"SELECT id, name, clinic_id, birth_year, session_count, {extra} FROM patients"
        " WHERE id = ? OR (? != '' AND smartstep_compact_id(clinic_id) = ?)"
        " ORDER BY id = ? DESC, clinic_id = ? COLLATE NOCASE DESC, archived, name LIMIT 1",
        [patient, compact_id(patient), compact_id(patient), patient, patient])
    if not rows:
        raise NotFoundError(f"no patient with the id or clinic ID '{patient}'")
    r = rows[0]
    return PatientInfo(
        id=r["id"], name=r["name"], clinic_id=r["clinic_id"] or "",
        birth_year=r["birth_year"], sex=r["sex"] or "",
        injured_side=r["injured_side"] or "none",
        body_mass_kg=r["body_mass_kg"], sessions=int(r["session_count"] or 0),
        diagnosis=r["diagnosis"] or "", clinician=r["clinician"] or "",
    )


def patient_progress(store: Store, patient: str, today: date | None = None,
                     detectable: Detectable | None = None) -> Progress:
    """Weekly series, heel-rise tests and symmetry of one patient (id or clinic ID).

    :param detectable: the minimal detectable changes (default: Byrne 2017's SEMs).
    """
    detectable = detectable or Detectable.from_sems()
    info = patient_info(store, patient)
    rows = store.query(
        f"""
        SELECT s.week_start, count(*) AS sessions, sum(s.rep_count) AS reps,
               max(s.peak_max_mm) AS best, sum(s.peak_mean_mm * s.rep_count) AS peak_sum,
               avg(s.lsi_mean) AS lsi, sum(s.fault_reps) AS fault_reps,
               sum((SELECT sum(r.tut_s) FROM reps r WHERE r.session_id = s.id)) AS tut
        FROM sessions s
        WHERE s.patient_id = ? AND s.mode = 'exercise' AND s.status != 'open'
          AND {IN_TREND_SQL}
        GROUP BY s.week_start ORDER BY s.week_start
        """, [info.id])
    left_out = store.query(
        f"SELECT count(*) AS n FROM sessions s WHERE s.patient_id = ? AND s.mode = 'exercise'"
        f" AND s.status != 'open'"
        f" AND NOT {IN_TREND_SQL}", [info.id])[0]["n"]
    first = store.query(
        "SELECT min(week_start) AS w FROM sessions WHERE patient_id = ?", [info.id])[0]["w"]
    weeks = [
        Week(
            week=_week_index(first, r["week_start"]), week_start=r["week_start"],
            sessions=r["sessions"], reps_per_session=(r["reps"] or 0) / r["sessions"],
            best_peak_mm=r["best"],
            mean_peak_mm=r["peak_sum"] / r["reps"] if r["reps"] and r["peak_sum"] is not None
            else None,
            lsi_pct=r["lsi"], fault_rate=(r["fault_reps"] or 0) / r["reps"] if r["reps"]
            else None,
            tut_per_session_s=r["tut"] / r["sessions"] if r["tut"] is not None else None,
        )
        for r in rows
    ]
    age = info.age(today or date.today())
    tests = []
    for r in store.query(
        "SELECT t.id, t.side, t.reps, t.work_j, t.peak_mm, t.ended_by, t.protocol,"
        " t.quality, t.staff_included, s.started_at, s.week_start"
        " FROM heel_rise_tests t JOIN sessions s ON s.id = t.session_id"
        " WHERE t.patient_id = ? ORDER BY s.started_at, t.id", [info.id]):
        injured = None
        if info.injured_side in ("left", "right") and r["side"] in ("left", "right"):
            injured = r["side"] == info.injured_side
        against = [compare(r["reps"], n, age) for n in norms_for("reps", info.sex)]
        tests.append(HeelRiseResult(
            day=r["started_at"][:10], week=_week_index(first, r["week_start"]), side=r["side"],
            reps=r["reps"], work_j=r["work_j"], peak_mm=r["peak_mm"], injured=injured,
            against=tuple(against), id=r["id"], ended_by=r["ended_by"],
            protocol=ProtocolRecord.from_json(r["protocol"]), quality=r["quality"],
            staff_included=(None if r["staff_included"] is None
                            else bool(r["staff_included"]))))
    symmetry: list[SymmetryPoint] = []
    kind = "weaker_vs_stronger"
    if info.injured_side in ("left", "right"):
        symmetry = (_test_symmetry([t for t in tests if t.in_trend])
                    + _single_leg_symmetry(store, info, first))
        symmetry.sort(key=lambda p: (p.week, p.measure))
        if symmetry:
            kind = "injured_vs_uninjured"
    lsi_norms: list[Comparison] = []
    latest = {p.measure: p for p in symmetry}
    for measure, norm_measure in (("reps", "lsi_reps_pct"), ("work", "lsi_work_pct")):
        if measure in latest:
            lsi_norms += [compare(latest[measure].pct, n) for n in norms_for(norm_measure)]
    return Progress(info, weeks, tests, symmetry, kind, first, tuple(lsi_norms),
                    tuple(leg_changes(tests, detectable)), detectable, int(left_out or 0))


def _week_index(first: str | None, week_start: str) -> int:
    if first is None:
        return 0
    return (date.fromisoformat(week_start) - date.fromisoformat(first)).days // 7


def _test_symmetry(tests: Sequence[HeelRiseResult]) -> list[SymmetryPoint]:
    """Injured/uninjured % per week with a test of each leg (the last of each that week)."""
    by_week: dict[int, dict[bool, HeelRiseResult]] = {}
    for t in tests:
        if t.injured is not None:
            by_week.setdefault(t.week, {})[t.injured] = t
    points = []
    for week, pair in sorted(by_week.items()):
        if True in pair and False in pair:
            bad, good = pair[True], pair[False]
            if good.reps:
                points.append(SymmetryPoint(week, "reps", 100.0 * bad.reps / good.reps))
            if bad.work_j is not None and good.work_j:
                points.append(SymmetryPoint(week, "work", 100.0 * bad.work_j / good.work_j))
    return points


def _single_leg_symmetry(store: Store, info: PatientInfo, first: str | None
                         ) -> list[SymmetryPoint]:
    rows = store.query(
        f"""
        SELECT s.week_start, json_extract(s.programme, '$.variant') AS variant,
               sum(s.peak_mean_mm * s.rep_count) / sum(s.rep_count) AS peak
        FROM sessions s WHERE s.patient_id = ? AND s.mode = 'exercise' AND s.rep_count > 0
          AND json_extract(s.programme, '$.variant') IN ('single_left', 'single_right')
          AND {IN_TREND_SQL}
        GROUP BY week_start, variant
        """, [info.id])
    by_week: dict[str, dict[str, float]] = {}
    for r in rows:
        by_week.setdefault(r["week_start"], {})[r["variant"].removeprefix("single_")] = r["peak"]
    other = "right" if info.injured_side == "left" else "left"
    return [SymmetryPoint(_week_index(first, w), "peak", 100.0 * sides[info.injured_side]
                          / sides[other])
            for w, sides in sorted(by_week.items())
            if info.injured_side in sides and sides.get(other)]
