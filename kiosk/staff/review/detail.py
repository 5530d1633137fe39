"""One session in detail: its rep table, and the marks and spans its plot needs.

``session_detail`` reads only the database (a few ms): the table, rep spans,
fault marks, the asked phases, whether the recording can be read. The heel
height and load-share traces come from the recording (``traces.load_overview``)
and are loaded separately, so a screen shows the table at once and the plot
when it is ready; a pruned, lost or damaged recording leaves the table alone
with a note saying which.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import RecordingError
from kiosk.pacing.schedule import COUNTDOWN_FROM, COUNTDOWN_STEP_S, REP_PHASES, build_set
from kiosk.programme import Programme, Tempo
from kiosk.staff.review.session_quality import SessionQuality
from kiosk.staff.review.traces import (
    Overview,
    RecordingState,
    RepEdges,
    find_recording,
    load_overview,
)
from kiosk.storage.ids import parse_utc
from kiosk.storage.store import NotFoundError, Store

# Where in a rep each fault is marked: the moment the contract defines it at.
FAULT_AT = {
    "ankles_out": "top",  # at the top of the rise
    "partial": "top",
    "heels_in": "lowering",  # during the lowering
    "too_fast": "middle",
}


@dataclass(frozen=True, slots=True)
class RepLine:
    """One row of the rep table."""

    set_number: int
    number: int
    start_s: float
    top_s: float
    end_s: float
    peak_mm: float
    up_s: float | None
    down_s: float | None
    stance: str
    faults: tuple[str, ...]
    lsi: float | None  # limb symmetry index, %
    left_share: float | None  # 0..1
    toe_share: float | None  # big-toe share of forefoot load, 0..1


# The rep table reads exactly RepLine's fields, each a column of the reps table (the
# stored rep: kiosk.storage.store.REP_FIELDS, from the analysis's Rep).
_REP_COLUMNS = ", ".join(f.name for f in dataclasses.fields(RepLine))


@dataclass(frozen=True, slots=True)
class FaultMark:
    t_s: float
    code: str
    set_number: int
    rep: int


@dataclass(frozen=True, slots=True)
class AskedPhase:
    """A phase the tempo lights asked for, in recording seconds."""

    kind: str  # rise / hold / lower / rest / countdown
    start_s: float
    end_s: float


@dataclass(frozen=True, slots=True)
class SetSpan:
    number: int
    start_s: float  # recording seconds


@dataclass(frozen=True)
class SessionDetail:
    id: str
    patient_id: str | None
    started_at: str
    status: str
    end_reason: str | None
    step_id: str
    programme: Programme
    reps: Sequence[RepLine]
    sets: Sequence[SetSpan]
    faults: Sequence[FaultMark]
    asked: Sequence[AskedPhase]
    asked_source: str  # "schedule" (strict lights) or "reps" (adaptive lights follow the heel)
    recording: RecordingState
    recording_path: Path | None
    baselines: tuple[float, ...] | None
    quality: SessionQuality = dataclasses.field(default_factory=SessionQuality)

    @property
    def tempo(self) -> Tempo:
        return self.programme.tempo

    @property
    def target_mm(self) -> float | None:
        return self.programme.target_mm

    @property
    def step_level_mm(self) -> float | None:
        """Where the step's edge is on the height axis (0: the zero is heels level)."""
        return 0.0 if self.programme.position == "step" else None

    def edges(self) -> list[RepEdges]:
        return [RepEdges(r.start_s, r.end_s) for r in self.reps]


def session_detail(store: Store, session_id: str) -> SessionDetail:
    """Everything about one session that the database holds.

    :raises NotFoundError: no such session.
    """
    rows = store.query(
        "SELECT id, patient_id, started_at, status, end_reason, step_id, programme, calibration,"
        " quality, quality_record, staff_included FROM sessions WHERE id = ?", [session_id])
    if not rows:
        raise NotFoundError(f"no session with id {session_id}")
    s = rows[0]
    programme = _programme(s["programme"])
    rep_rows = store.query(
        f"SELECT id, {_REP_COLUMNS} FROM reps WHERE session_id = ? ORDER BY set_number, number",
        [session_id])
    reps = [_rep(r) for r in rep_rows]
    # Fault events stored as they happened win over the marks placed from the reps.
    by_id = {r["id"]: (int(r["set_number"]), int(r["number"])) for r in rep_rows}
    events = [FaultMark(float(e["t_s"]), str(e["code"]), *by_id.get(e["rep_id"], (0, 0)))
              for e in store.query("SELECT t_s, code, rep_id FROM fault_events"
                                   " WHERE session_id = ? ORDER BY t_s", [session_id])]
    start = parse_utc(s["started_at"])
    sets = [SetSpan(int(r["number"]), (parse_utc(r["started_at"]) - start).total_seconds())
            for r in store.query("SELECT number, started_at FROM sets WHERE session_id = ?"
                                 " ORDER BY number", [session_id])]
    state, path = find_recording(store, session_id)
    calibration = json.loads(s["calibration"]) if s["calibration"] else {}
    baselines = calibration.get("baselines") if isinstance(calibration, dict) else None
    strict = programme.mode == "heel_rise_test"
    return SessionDetail(
        id=s["id"], patient_id=s["patient_id"], started_at=s["started_at"], status=s["status"],
        end_reason=s["end_reason"], step_id=s["step_id"], programme=programme, reps=reps,
        sets=sets, faults=events or fault_marks(reps),
        asked=asked_phases(programme, sets, reps, strict),
        asked_source="schedule" if strict else "reps", recording=state, recording_path=path,
        baselines=tuple(float(b) for b in baselines) if baselines and len(baselines) == 6
        else None,
        quality=SessionQuality.of_row(s),
    )


def session_overview(detail: SessionDetail, mount: str = "below",
                     cache_dir: Path | None = None) -> tuple[RecordingState, Overview | None]:
    """The plot traces of a session, or why there are none (never raises for a bad file)."""
    if detail.recording is not RecordingState.OK or detail.recording_path is None:
        return detail.recording, None
    try:
        return RecordingState.OK, load_overview(detail.recording_path, detail.edges(),
                                                detail.baselines, mount, cache_dir)
    except RecordingError:
        return RecordingState.DAMAGED, None


def fault_marks(reps: Sequence[RepLine]) -> list[FaultMark]:
    marks = []
    for r in reps:
        for code in r.faults:
            where = FAULT_AT.get(code, "middle")
            t = {"top": r.top_s, "lowering": (r.top_s + r.end_s) / 2,
                 "middle": (r.start_s + r.end_s) / 2}[where]
            marks.append(FaultMark(t, code, r.set_number, r.number))
    return marks


def asked_phases(programme: Programme, sets: Sequence[SetSpan], reps: Sequence[RepLine],
                 strict: bool) -> list[AskedPhase]:
    """The phases the lights asked for, reconstructed in recording seconds.

    Strict (lead) pacing keeps to the schedule from each set's start, which is
    stored; the countdown ran just before it. Adaptive pacing starts each rep's
    rise when the heel is down and still, so each asked rise/hold/lower is laid
    from that rep's own start.
    """
    out: list[AskedPhase] = []
    if strict:
        for span in sets:
            schedule = build_set(programme, span.number)
            origin = span.start_s - COUNTDOWN_FROM * COUNTDOWN_STEP_S
            out += [AskedPhase(p.kind, origin + p.start, origin + p.end)
                    for p in schedule.phases if p.kind in (*REP_PHASES, "countdown")]
        return out
    t = programme.tempo
    for r in reps:
        rise = r.start_s
        out.append(AskedPhase("rise", rise, rise + t.up_s))
        if t.hold_s > 0:
            out.append(AskedPhase("hold", rise + t.up_s, rise + t.up_s + t.hold_s))
        out.append(AskedPhase("lower", rise + t.up_s + t.hold_s,
                              rise + t.up_s + t.hold_s + t.down_s))
    return out


def _programme(text: str) -> Programme:
    try:
        return Programme.from_dict(json.loads(text))
    except (ValueError, TypeError):
        return Programme()  # an old or foreign copy: the defaults, the reps still show


def _rep(r: dict[str, object]) -> RepLine:
    def f(key: str) -> float | None:
        v = r[key]
        return None if v is None else float(v)  # type: ignore[arg-type]
    return RepLine(
        set_number=int(r["set_number"]), number=int(r["number"]),  # type: ignore[call-overload]
        start_s=float(r["start_s"]), top_s=float(r["top_s"]),  # type: ignore[arg-type]
        end_s=float(r["end_s"]), peak_mm=float(r["peak_mm"]),  # type: ignore[arg-type]
        up_s=f("up_s"), down_s=f("down_s"), stance=str(r["stance"]),
        faults=tuple(json.loads(str(r["faults"]))), lsi=f("lsi"), left_share=f("left_share"),
        toe_share=f("toe_share"),
    )
