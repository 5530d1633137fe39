"""A realistic simulated clinic history (behind ``smartstep demo-data``).

Each patient is a small model with the parameters of the simulated person
(heel-rise height, an injured side that is some mm lower, fatigue, fault
tendencies) following a course of a few months, 2-3 sessions a week on clinic
days, getting better over time: e.g. after an Achilles rupture the injured side
starts 40-60 mm lower and closes much of the gap. Some sessions are stopped
early or interrupted, some are guests, and every few weeks a patient does a
heel-rise test. Rep measurements are drawn from the model directly (the
signal-level simulation would take hours for years of data).

Everything is made and written in chronological order, in bulk inserts of
1,500 sessions at a time (memory stays flat), so five busy years (3.4 million
reps) take a minute or two.
"""

from __future__ import annotations

import heapq
import json
import math
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import kiosk
from kiosk.programme import Programme, Tempo
from kiosk.storage.ids import iso_utc, new_id, week_start
from kiosk.storage.migrations import PATIENT_LAST_SQL
from kiosk.storage.store import REP_ANALYSIS_FIELDS, Store

FIRST = ("Anna", "Ben", "Clara", "David", "Eva", "Frank", "Greta", "Hans", "Ines", "Jonas",
         "Karin", "Lukas", "Maria", "Nils", "Olga", "Paul", "Rosa", "Stefan", "Tina", "Uwe",
         "Vera", "Walter", "Yusuf", "Zoe", "Amir", "Bettina", "Carlos", "Dana", "Emil", "Fatma")
LAST = ("Adler", "Bauer", "Costa", "Dietrich", "Engel", "Fischer", "Graf", "Hoffmann", "Iqbal",
        "Jansen", "Keller", "Lange", "Meyer", "Novak", "Ortiz", "Peters", "Quast", "Richter",
        "Schmidt", "Tanaka", "Ullrich", "Vogel", "Weber", "Yilmaz", "Zimmer")

# condition: (share of patients, injured-side deficit in mm at start (lo, hi), at the end)
CONDITIONS = {
    "achilles_rupture": (0.3, (40.0, 60.0), (10.0, 25.0)),
    "achilles_tendinopathy": (0.4, (10.0, 25.0), (0.0, 8.0)),
    "ankle_sprain": (0.15, (10.0, 20.0), (0.0, 5.0)),
    "general_strength": (0.15, (0.0, 6.0), (0.0, 2.0)),
}
FAULTS = ("ankles_out", "heels_in", "too_fast", "partial")
GUEST_SHARE = 0.08
STOPPED_SHARE = 0.04
INTERRUPTED_SHARE = 0.02
HEEL_RISE_TEST_EVERY_WEEKS = 6
# The analysis rep's fields in order (number ... tut_s), as each row below lists them.
REP_COLUMNS = ("id", "session_id", "set_number", *REP_ANALYSIS_FIELDS, "extras", "updated_at")
SESSION_COLUMNS = ("id", "patient_id", "programme_id", "programme", "mode", "started_at",
                   "week_start",
                   "ended_at", "status", "end_reason", "step_id", "software_version",
                   "calibration", "updated_at", "rep_count", "peak_mean_mm", "peak_max_mm",
                   "lsi_mean", "fault_reps", "fault_counts")
SET_COLUMNS = ("id", "session_id", "number", "target_reps", "started_at", "ended_at", "updated_at")


@dataclass
class PatientModel:
    """The simulated person behind one patient's history."""

    id: str
    name: str
    clinic_id: str
    birth_year: int
    condition: str
    injured: str  # "left" / "right"
    mass_kg: float
    healthy_peak_mm: float  # single-leg heel-rise height of the good side
    deficit_start_mm: float
    deficit_end_mm: float
    fault_rate: dict[str, float]
    course_start: date
    course_weeks: int
    per_week: int
    programme_ids: dict[str, str] = field(default_factory=dict)
    seed: int = 0  # of the patient's own random stream (the session calendar)

    def progress(self, day: date) -> float:
        """0 at the start of the course .. 1 at its end, fast gains early on."""
        x = min(max((day - self.course_start).days / (7 * self.course_weeks), 0.0), 1.0)
        return (1.0 - math.exp(-3.0 * x)) / (1.0 - math.exp(-3.0))

    def deficit_mm(self, day: date) -> float:
        """How much lower the injured side rises on that day."""
        p = self.progress(day)
        return self.deficit_start_mm + (self.deficit_end_mm - self.deficit_start_mm) * p

    def phase(self, day: date) -> str:
        """Programme phase: both feet, then eccentric, then single-leg on the injured side."""
        x = (day - self.course_start).days / (7 * self.course_weeks)
        return "both" if x < 0.3 else "ecc" if x < 0.6 else "single"


def _phase_programme(patient: PatientModel, phase: str) -> Programme:
    side = patient.injured
    variant = {"both": "both", "ecc": f"ecc_{side}", "single": f"single_{side}"}[phase]
    return Programme(
        name={"both": "Both feet", "ecc": "Eccentric", "single": "Single leg"}[phase],
        position="floor" if phase == "both" else "step", variant=variant,
        surface="unstable" if phase == "single" and patient.condition == "ankle_sprain" else "firm",
        weight_kg=0.0, sets=4 if phase == "single" else 3,
        reps={"both": 17, "ecc": 17, "single": 14}[phase],
        tempo=Tempo(2.0, 1.0, 3.0, 1.0), rest_between_sets_s=60.0,
    )


def clinic_days(start: date, end: date) -> list[date]:
    """Weekdays the clinic is open: no weekends, closed over Christmas/New Year (~250 a year)."""
    days, day = [], start
    while day < end:
        closed = (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 2)
        if day.weekday() < 5 and not closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def _make_patient(rng: random.Random, start: date, end: date) -> PatientModel:
    condition = rng.choices(list(CONDITIONS), [c[0] for c in CONDITIONS.values()])[0]
    _, (d0lo, d0hi), (d1lo, d1hi) = CONDITIONS[condition]
    span = max((end - start).days, 1)
    weeks = rng.randint(8, 30)
    # Courses may begin before the window (someone mid-course when it starts).
    course_start = start + timedelta(days=rng.randint(-weeks * 3, span - 7))
    early = 1.0 if condition == "achilles_rupture" else 0.5
    return PatientModel(
        id="", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        clinic_id=f"C-{rng.randint(10000, 99999)}", birth_year=rng.randint(1940, 2002),
        condition=condition, injured=rng.choice(("left", "right")),
        mass_kg=round(rng.uniform(55, 110), 1),
        healthy_peak_mm=min(max(rng.gauss(95, 10), 65), 125),
        deficit_start_mm=rng.uniform(d0lo, d0hi), deficit_end_mm=rng.uniform(d1lo, d1hi),
        fault_rate={"ankles_out": rng.uniform(0.03, 0.2) * early,
                    "heels_in": rng.uniform(0.02, 0.1), "too_fast": rng.uniform(0.02, 0.12),
                    "partial": 0.0},
        course_start=course_start, course_weeks=weeks, per_week=rng.choice((2, 2, 3)),
    )


# Bounds of a sensible demo: further back than this the calendar runs out of
# meaning (and of dates: 10,000 years overflows), and more patients than a very
# busy clinic ever sees only fill the disk.
MAX_YEARS = 50.0
MAX_PATIENTS = 5_000
CHUNK_SESSIONS = 1500  # sessions per write: memory stays flat however long the history


@dataclass
class Totals:
    patients: int = 0
    sessions: int = 0
    reps: int = 0
    seconds: float = 0.0
    done: float = 0.0  # share of the time span written so far, 0..1


ScheduleItem = tuple[datetime, "PatientModel | None", str]


def generate(
    store: Store, patients: int | None = 12, years: float = 1.0, seed: int = 7,
    sessions_per_day: float | None = None, step_id: str = "step-01",
    end: datetime | None = None, progress: Callable[[Totals], None] | None = None,
) -> Totals:
    """Fill ``store`` with ``years`` of history ending at ``end`` (default now).

    Sessions are made and written as the calendar goes, ``CHUNK_SESSIONS`` at a
    time, so memory does not grow with the history; ``progress`` hears the
    running totals after each write. Record ids carry fresh random bits, so a
    second run adds to the history instead of clashing with the first.

    :param patients: how many patients (at most ``MAX_PATIENTS``); with
        ``sessions_per_day`` set and ``patients`` None, as many as a clinic that busy needs.
    :param years: 0 < years <= ``MAX_YEARS``.
    :param sessions_per_day: busy-clinic mode for the benchmark (about this many
        sessions on each clinic day).
    :raises ValueError: ``years`` or ``patients`` out of range.
    """
    if not 0 < years <= MAX_YEARS:
        raise ValueError(f"years must be above 0 and at most {MAX_YEARS:g}, not {years}")
    if patients is not None and not 1 <= patients <= MAX_PATIENTS:
        raise ValueError(f"patients must be 1 to {MAX_PATIENTS}, not {patients}")
    started = time.perf_counter()
    rng = random.Random(seed)
    end_dt = (end or datetime.now(UTC)).astimezone(UTC)
    end_day = end_dt.date()
    start_day = end_day - timedelta(days=round(365.25 * years))
    days = clinic_days(start_day, end_day)
    if patients is None:
        # A course gives about 19 weeks x 2.3 sessions, part of it inside the window.
        target = (sessions_per_day or 4.0) * len(days) * (1 - GUEST_SHARE)
        patients = min(MAX_PATIENTS, max(1, round(target / 38.0)))
    models = [_make_patient(rng, start_day, end_day) for _ in range(patients)]
    for model in models:
        model.seed = rng.getrandbits(64)
    schedule = _schedule(rng, models, days, end_dt)
    totals = Totals(patients=patients)
    # Millions of reps: standard normal draws come from a table indexed by 16 random bits.
    normals = [rng.gauss(0.0, 1.0) for _ in range(1 << 16)]
    salt = int.from_bytes(os.urandom(10), "big")
    span_s = max((end_dt - _day_start(start_day)).total_seconds(), 1.0)
    with store.bulk_load():
        _insert_patients(store, models, rng, start_day)
        chunk: list[ScheduleItem] = []
        for item in schedule:
            chunk.append(item)
            if len(chunk) >= CHUNK_SESSIONS:
                _insert_sessions(store, rng, normals, chunk, step_id, totals, salt)
                totals.done = min(1.0, (item[0] - _day_start(start_day)).total_seconds() / span_s)
                chunk = []
                if progress:
                    progress(totals)
        _insert_sessions(store, rng, normals, chunk, step_id, totals, salt)
        with store.transaction() as db:
            db.execute(PATIENT_LAST_SQL + " WHERE id IN (SELECT id FROM patients WHERE"
                       " session_count = 0)")
    totals.done = 1.0
    totals.seconds = time.perf_counter() - started
    if progress:
        progress(totals)
    return totals


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _schedule(
    rng: random.Random, models: list[PatientModel], days: list[date], end_dt: datetime,
) -> Iterator[ScheduleItem]:
    """(start time, patient or None for a guest, kind) for every session, in time order.

    Made lazily: a patient's sessions are drawn (from the patient's own random
    stream) only once the calendar reaches the start of the course, and merged by
    time with the guests, so memory holds the patients in treatment, never the
    whole calendar.
    """
    day_set = frozenset(days)
    last = end_dt - timedelta(hours=1)
    waiting = sorted(models, key=lambda m: m.course_start)
    # Guests: GUEST_SHARE of all sessions, spread over the clinic days.
    expected = sum(m.per_week * 0.9 * _weeks_inside(m, days) for m in models)
    per_day = expected * GUEST_SHARE / (1 - GUEST_SHARE) / max(len(days), 1)
    heap: list[tuple[datetime, int, ScheduleItem, Iterator[ScheduleItem]]] = []
    order = 0

    def push(stream: Iterator[ScheduleItem]) -> None:
        nonlocal order
        item = next(stream, None)
        if item is not None:
            heapq.heappush(heap, (item[0], order, item, stream))
            order += 1

    push(_guest_sessions(random.Random(rng.getrandbits(64)), days, per_day, last))
    next_model = 0
    while heap or next_model < len(waiting):
        # A course's first session is at the earliest on the Monday of its first week.
        while next_model < len(waiting) and (
                not heap or _day_start(waiting[next_model].course_start) - timedelta(days=7)
                <= heap[0][0]):
            model = waiting[next_model]
            push(_patient_sessions(random.Random(model.seed), model, day_set, last))
            next_model += 1
        if not heap:
            continue
        _, _, item, stream = heapq.heappop(heap)
        yield item
        push(stream)


def _weeks_inside(model: PatientModel, days: list[date]) -> float:
    if not days:
        return 0.0
    course_end = model.course_start + timedelta(weeks=model.course_weeks)
    overlap = (min(course_end, days[-1]) - max(model.course_start, days[0])).days
    return max(overlap, 0) / 7


def _patient_sessions(rng: random.Random, model: PatientModel, day_set: frozenset[date],
                      last: datetime) -> Iterator[ScheduleItem]:
    last_test: date | None = None
    for week in range(model.course_weeks):
        monday = model.course_start + timedelta(days=7 * week - model.course_start.weekday())
        for weekday in sorted(rng.sample(range(5), model.per_week)):
            day = monday + timedelta(days=weekday)
            if day not in day_set or rng.random() < 0.1:  # closed, or a missed session
                continue
            kind = "exercise"
            if last_test is None or (day - last_test).days >= 7 * HEEL_RISE_TEST_EVERY_WEEKS:
                kind, last_test = "heel_rise_test", day
            at = _clinic_time(rng, day)
            if at >= last:
                return
            yield at, model, kind


def _guest_sessions(rng: random.Random, days: list[date], per_day: float,
                    last: datetime) -> Iterator[ScheduleItem]:
    whole, part = int(per_day), per_day - int(per_day)
    for day in days:
        count = whole + (rng.random() < part)
        for at in sorted(_clinic_time(rng, day) for _ in range(count)):
            if at >= last:
                return
            yield at, None, "guest"


def _clinic_time(rng: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, 30, tzinfo=UTC) + timedelta(
        seconds=rng.randint(0, 9 * 3600))


def _insert_patients(store: Store, models: list[PatientModel], rng: random.Random,
                     start_day: date) -> None:
    patient_rows, programme_rows = [], []
    for model in models:
        first = max(model.course_start, start_day)
        created = datetime(first.year, first.month, first.day, 7, tzinfo=UTC)
        model.id = new_id(int(created.timestamp() * 1000))
        stamp = iso_utc(created)
        patient_rows.append({
            "id": model.id, "name": model.name, "clinic_id": model.clinic_id,
            "birth_year": model.birth_year, "archived": 0, "created_at": stamp,
            "updated_at": stamp,
            "notes": f"{model.condition.replace('_', ' ')}, {model.injured} side (demo)",
        })
        for phase in ("both", "ecc", "single"):
            prog = _phase_programme(model, phase)
            pid = new_id(int(created.timestamp() * 1000))
            model.programme_ids[phase] = pid
            t = prog.tempo
            programme_rows.append({
                "id": pid, "patient_id": model.id, "name": prog.name, "mode": prog.mode,
                "position": prog.position, "variant": prog.variant, "spacing": prog.spacing,
                "surface": prog.surface, "weight_kg": prog.weight_kg, "sets": prog.sets,
                "reps": prog.reps, "tempo_up_s": t.up_s, "tempo_hold_s": t.hold_s,
                "tempo_down_s": t.down_s, "tempo_rest_s": t.rest_s,
                "rest_between_sets_s": prog.rest_between_sets_s, "target_mm": prog.target_mm,
                "active": int(phase == "single"), "created_at": stamp, "updated_at": stamp,
            })
        if len(patient_rows) >= 500:  # in batches: thousands of patients stay cheap
            _write_patients(store, patient_rows, programme_rows)
            patient_rows, programme_rows = [], []
    _write_patients(store, patient_rows, programme_rows)


def _write_patients(store: Store, patient_rows: list[dict], programme_rows: list[dict]) -> None:
    with store.transaction():
        store.insert_many("patients", patient_rows)
        store.insert_many("programmes", programme_rows)


def _insert_sessions(store: Store, rng: random.Random, normals: list[float],
                     chunk: list[ScheduleItem], step_id: str, totals: Totals, salt: int) -> None:
    sessions, sets, reps, tests = [], [], [], []
    for start, model, kind in chunk:
        s, st, rp, test = _one_session(rng, normals, start, model, kind, step_id, salt)
        sessions.append(s)
        sets.extend(st)
        reps.extend(rp)
        if test:
            tests.append(test)
    with store.transaction() as db:
        conn = db.conn
        for table, columns, rows in (("sessions", SESSION_COLUMNS, sessions),
                                     ("sets", SET_COLUMNS, sets), ("reps", REP_COLUMNS, reps)):
            if rows:
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})", rows)
        store.insert_many("heel_rise_tests", tests)
    totals.sessions += len(sessions)
    totals.reps += len(reps)


def _one_session(rng: random.Random, normals: list[float], start: datetime,
                 model: PatientModel | None, kind: str, step_id: str,
                 salt: int) -> tuple[tuple, list[tuple], list[tuple], dict | None]:
    """One session's row, its sets and reps (tuples in column order), maybe a heel-rise test.

    ``salt`` is mixed into the ids' random bits, so the same seed twice makes new ids.
    """
    gauss, rand = rng.gauss, rng.random
    day = start.date()
    start_ms = int(start.timestamp() * 1000)
    session_id = new_id(start_ms, rng.getrandbits(80) ^ salt)
    if model is None:  # a guest tries the step: both feet, one set
        programme = Programme(name="Guest", sets=2, reps=10)
        healthy, deficit, injured, phase, rates = rng.gauss(90, 12), 0.0, "left", "both", {
            "ankles_out": 0.08, "heels_in": 0.05, "too_fast": 0.15}
        programme_id = None
    elif kind == "heel_rise_test":
        programme = Programme.heel_rise_test()
        healthy, deficit, injured, phase = (model.healthy_peak_mm, model.deficit_mm(day),
                                            model.injured, "single")
        rates, programme_id = model.fault_rate, None
    else:
        phase = model.phase(day)
        programme = _phase_programme(model, phase)
        healthy, deficit, injured = model.healthy_peak_mm, model.deficit_mm(day), model.injured
        rates, programme_id = model.fault_rate, model.programme_ids[phase]
    tempo = programme.tempo
    progress = model.progress(day) if model else 0.5
    # Faults fade as the patient learns the movement.
    rates = {k: v * (1.2 - progress) for k, v in rates.items()}
    # Peak of the trained side for this programme; LSI compares it with the good side.
    if phase == "both":
        peak0 = healthy - 0.5 * deficit + 5.0
        stance = "both"
    else:
        peak0 = healthy - deficit
        stance = injured if phase == "single" else f"ecc_{injured}"
    lsi0 = 100.0 * max(0.0, healthy - deficit) / healthy
    # The injured foot takes less of the load on two feet.
    injured_share = 0.5 - 0.2 * deficit / 60.0
    left_share0 = injured_share if injured == "left" else 1.0 - injured_share
    # On one foot all the load is on that foot; eccentric: both feet on the way up.
    fixed_share = {"left": 1.0, "right": 0.0}.get(stance)

    roll = rand()
    status = "completed"
    if roll < INTERRUPTED_SHARE:
        status = "interrupted"
    elif roll < INTERRUPTED_SHARE + STOPPED_SHARE:
        status = "stopped"
    n_sets = programme.sets
    if kind == "heel_rise_test":
        # Reps to fatigue: about 23 on a healthy side, fewer with a deficit.
        planned = [max(3, round(gauss(23.0 * lsi0 / 100.0, 3.0)))]
    else:
        planned = [programme.reps] * n_sets
    if status != "completed":
        cut = rng.randint(0, sum(planned) - 1)
        kept = []
        for p in planned:
            kept.append(min(p, cut))
            cut -= min(p, cut)
        planned = [p for p in kept if p] or [0]

    # The whole session's rows are written at its end: one updated_at for all (and fast).
    # Millions of reps: standard normals come from a table, uniforms are inlined.
    t = 0.0
    bits = rng.getrandbits
    rows: list[list] = []
    peaks, lsis, fault_reps = [], [], 0
    fault_counts: dict[str, int] = {}
    p_fast, p_out, p_in = (rates.get(k, 0.0) for k in ("too_fast", "ankles_out", "heels_in"))
    slope = 0.2 if kind == "heel_rise_test" else 0.1
    up_s, hold_s, down_s, rest_s = tempo.up_s, tempo.hold_s, tempo.down_s, tempo.rest_s
    both = stance == "both"
    # Big-toe share of each loaded foot's forefoot load (None: that foot is off the step).
    toe_left = 0.5 if stance != "right" else None
    toe_right = 0.5 if stance != "left" else None
    set_times = []
    for set_no, count in enumerate(planned, 1):
        set_start = start_ms + int(t * 1000)
        for number in range(1, count + 1):
            peak = max(16.0, peak0 * (1.0 - slope * number / count) + 4.0 * normals[bits(16)])
            faults = []
            up = max(0.2, up_s * (1.0 + 0.25 * normals[bits(16)]))
            down = max(0.2, down_s * (1.0 + 0.25 * normals[bits(16)]))
            if rand() < p_fast:
                faults.append("too_fast")
                down = down_s * (0.1 + 0.18 * rand())
            if peak < 0.7 * peak0:
                faults.append("partial")
            if rand() < p_out:
                faults.append("ankles_out")
            if rand() < p_in:
                faults.append("heels_in")
            start_s = t + 0.2
            top_s = start_s + up * 1.25
            end_s = top_s + hold_s * (0.8 + 0.4 * rand()) + down * 1.25
            t = end_s + rest_s * (0.6 + rand())
            lsi = min(120.0, max(0.0, lsi0 + 3.0 * normals[bits(16)]))
            left_share = (min(1.0, max(0.0, left_share0 + 0.1 * rand() - 0.05))
                          if both else fixed_share)
            if faults:
                fault_reps += 1
                for f in faults:
                    fault_counts[f] = fault_counts.get(f, 0) + 1
            peaks.append(peak)
            if both:
                lsis.append(lsi)  # the session's symmetry counts two-foot reps only
            rows.append([
                new_id(start_ms + int(end_s * 1000), bits(80) ^ salt), session_id, set_no, number,
                start_s, top_s, end_s, peak, up, down, stance, _faults_json(faults),
                left_share, lsi, toe_left and toe_left + 0.2 * rand(),
                toe_right and toe_right + 0.2 * rand(), end_s - start_s, None, None,
            ])
        stamp_ms = start_ms + int(t * 1000)
        set_times.append((set_start, stamp_ms, set_no, count))
        t += programme.rest_between_sets_s
    stamp_ms = start_ms + int(t * 1000)
    ended = _iso_ms(stamp_ms)
    for row in rows:
        row[-1] = ended
    rep_rows = [tuple(r) for r in rows]
    set_rows = [(new_id(a, rng.getrandbits(80) ^ salt), session_id, n, c, _iso_ms(a),
                 _iso_ms(b), ended) for a, b, n, c in set_times]
    session_row = (
        session_id, model.id if model else None, programme_id,
        json.dumps(programme.to_dict(), separators=(",", ":"), sort_keys=True),
        programme.mode, _iso_ms(start_ms), week_start(_iso_ms(start_ms)), ended, status,
        {"completed": None, "stopped": "patient_stopped",
         "interrupted": "crash_or_power_loss"}[status],
        step_id, kiosk.__version__, None, ended,
        len(peaks), sum(peaks) / len(peaks) if peaks else None, max(peaks, default=None),
        sum(lsis) / len(lsis) if lsis else None, fault_reps,
        json.dumps(dict(sorted(fault_counts.items())), separators=(",", ":")) if fault_counts
        else None,
    )
    test = None
    if kind == "heel_rise_test" and model is not None and peaks:
        travel_m = sum(peaks) / 1000.0
        test = {"id": new_id(start_ms), "session_id": session_id, "patient_id": model.id,
                "side": injured, "reps": len(peaks), "travel_m": round(travel_m, 3),
                "work_j": round(model.mass_kg * 9.81 * travel_m, 1),
                "body_mass_kg": model.mass_kg,
                "peak_mm": round(max(peaks), 1), "mean_peak_mm": round(sum(peaks) / len(peaks), 1),
                "duration_s": round(t, 1), "created_at": ended, "updated_at": ended}
    return session_row, set_rows, rep_rows, test


_FAULT_JSON: dict[tuple[str, ...], str] = {}
def _faults_json(faults: list[str]) -> str:
    """The JSON of a sorted fault list, cached (a handful of combinations, millions of reps)."""
    key = tuple(sorted(faults))
    text = _FAULT_JSON.get(key)
    if text is None:
        text = _FAULT_JSON[key] = json.dumps(list(key), separators=(",", ":"))
    return text


def _iso_ms(ms: int) -> str:
    return iso_utc(datetime.fromtimestamp(ms / 1000, UTC))
