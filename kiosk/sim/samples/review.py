"""A session with a real recording, for the staff review screens, tests and bench.

The simulated person performs the programme (sets separated by rests); the
samples go to the session's gzip recording exactly as the kiosk writes them;
the kiosk's own analysis counts the reps from that file; sets, reps and the
end go through ``Store`` like a live session. Set start times are stored so
that they fall where the recording's sets begin.
"""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.quality_record import QualityRecord
from kiosk.analysis.recording import RecordingWriter
from kiosk.programme import Programme
from kiosk.sim.corpus import Scenario, SensorSetup
from kiosk.sim.script import Action, Pause, Reps, Script, Stand, StepOff, StepOn
from kiosk.storage.ids import iso_utc

_SIM_VARIANT = {"single_left": "left", "single_right": "right"}
LEAD_IN_S = 3.0  # standing still before the first set (the kiosk's calibration)
SPIKE_MM = 350.0  # a ToF glitch: the sensor read past the heel for a moment
SPIKE_S = 0.1


def recorded_session(
    store, patient_id: str | None, programme: Programme, started_at: datetime, *,
    rate_hz: float = 100.0, seed: int = 1, step_id: str = "step-01",
    faults: Mapping[int, Iterable[str]] | None = None, rest_s: float | None = None,
    reps_per_set: int | None = None, fatigue: float = 0.3, stay_s: float = 0.0,
    spike_at_s: float | None = None, quality: QualityRecord | None = None,
) -> str:
    """Simulate, record, analyse and store one session; returns its id.

    :param faults: rep index within each set (0-based) -> faults made on it.
    :param rest_s: seconds between sets (default: the programme's, at most 20).
    :param reps_per_set: reps the person does (default: the programme's).
    :param stay_s: seconds the person stays standing on the step after the last set
        (the session stays open: somebody, or a bag, left on the step).
    :param spike_at_s: a sensor glitch in the recording there: ``SPIKE_MM`` more for
        ``SPIKE_S`` (the live analysis did not count it, as its filter would not).
    :param quality: the measurement's verdict stored with the session (None: not judged).
    """
    tempo = programme.tempo
    rest = min(programme.rest_between_sets_s, 20.0) if rest_s is None else rest_s
    n = reps_per_set or programme.reps
    actions: list[Action] = [StepOn(), Stand(LEAD_IN_S)]
    for k in range(programme.sets):
        if k:
            actions.append(Pause(rest))
        actions.append(Reps(
            n, tempo=(tempo.up_s, tempo.hold_s, tempo.down_s), rest_s=max(tempo.rest_s, 0.3),
            position=programme.position, variant=_SIM_VARIANT.get(programme.variant,
                                                                 programme.variant),
            faults=dict(faults or {}), fatigue=fatigue,
        ))
    if stay_s > 0:
        actions.append(Pause(stay_s))
    actions.append(StepOff())
    scenario = Scenario("review", Script(actions), rate_hz=rate_hz, seed=seed,
                        tempo=(tempo.up_s, tempo.hold_s, tempo.down_s),
                        sensors=SensorSetup(tof_noise_mm=1.5, tof_dropout_rate=0.01))
    planned = scenario._person().planned_reps
    session_id = store.start_session(patient_id, programme, step_id=step_id,
                                     started_at=iso_utc(started_at))
    rel = store.recording_path(session_id, started_at)
    path = store.data_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = MovementEngine(tempo=tempo, target_mm=programme.target_mm)
    with gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=6) as gz, \
            RecordingWriter(gz) as writer:
        samples = 0
        last_t = 0.0
        for sample in scenario.samples():
            last_t = sample.t
            glitch = (spike_at_s is not None and sample.tof_mm is not None
                      and spike_at_s <= sample.t < spike_at_s + SPIKE_S)
            writer.write(dataclasses.replace(sample, tof_mm=sample.tof_mm + SPIKE_MM)
                         if glitch and sample.tof_mm is not None else sample)
            engine.feed(sample)
            samples += 1
    engine.finish()
    reps = engine.reps
    rec_id = store.register_recording(session_id, rel)
    store.finish_recording(rec_id, samples)
    # Set k begins shortly before its first planned rep.
    set_starts = [planned[k * n].rise_s - 0.5 for k in range(programme.sets)]
    for k, start in enumerate(set_starts, start=1):
        store.start_set(session_id, k, n)
        at = iso_utc(started_at + timedelta(seconds=start))
        store.db.execute("UPDATE sets SET started_at = ? WHERE session_id = ? AND number = ?",
                         [at, session_id, k])
    counters: dict[int, int] = {}
    for rep in reps:
        set_no = 1 + sum(1 for s in set_starts[1:] if rep.start_s >= s)
        counters[set_no] = counters.get(set_no, 0) + 1
        store.add_rep(session_id, set_no, counters[set_no], rep)
    store.end_session(session_id, "completed",
                      quality=quality.verdict if quality is not None else None,
                      quality_record=quality.to_json() if quality is not None else None)
    # Ended when the recording did (the person may have stayed on after the last rep).
    end = started_at + timedelta(seconds=max(planned[-1].next_s + 2 if planned else 10,
                                             last_t))
    store.db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?",
                     [iso_utc(end), session_id])
    return session_id


def utc(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def bulk_history(store, patient_id: str, sessions: int, end: datetime, *, seed: int = 3,
                 injured: str = "left", step_id: str = "step-01", with_reps: bool = True) -> None:
    """``sessions`` summarised exercise sessions (no reps, no recordings), about five a
    week up to ``end``, improving over time, plus a heel-rise test of each leg every
    four weeks: the progress screens' and the report's big case, written in bulk."""
    import json
    import random

    from kiosk.analysis.protocol import ProtocolRecord
    from kiosk.storage.ids import new_id, week_start
    from kiosk.storage.migrations import PATIENT_LAST_SQL

    rng = random.Random(seed)
    programme = json.dumps(Programme(position="step", variant="both").to_dict())
    days = sessions * 7 // 5 + 1
    first = end - timedelta(days=days)
    rows, tests, reps_rows = [], [], []
    for k in range(sessions):
        at = first + timedelta(days=k * 7 / 5, hours=rng.uniform(0, 6))
        progress = k / max(sessions - 1, 1)
        reps = int(24 + 12 * progress + rng.gauss(0, 2))
        peak = 55 + 25 * progress + rng.gauss(0, 3)
        fault_reps = max(0, int(reps * (0.3 - 0.25 * progress) + rng.gauss(0, 1)))
        iso = iso_utc(at)
        # As the kiosk judges a session: two with heel-sensor dropouts, left out of the trends.
        quality = (QualityRecord("poor", ("tof_dropouts",), 16.0 + k % 7, 0.9, "staff")
                   if k in (150, 300) else QualityRecord("good", (), 0.3, 0.8, "staff"))
        rows.append({
            "id": new_id(int(at.timestamp() * 1000)), "patient_id": patient_id,
            "programme": programme, "mode": "exercise", "started_at": iso,
            "ended_at": iso_utc(at + timedelta(minutes=12)),
            "status": "completed" if rng.random() > 0.05 else "stopped",
            "step_id": step_id, "software_version": "sample", "updated_at": iso,
            "rep_count": reps, "peak_mean_mm": peak, "peak_max_mm": peak + rng.uniform(3, 9),
            "lsi_mean": 60 + 35 * progress + rng.gauss(0, 3), "fault_reps": fault_reps,
            "fault_counts": json.dumps({"ankles_out": fault_reps}) if fault_reps else None,
            "week_start": week_start(iso), "quality": quality.verdict,
            "quality_record": quality.to_json(),
        })
        if with_reps:
            faulty = set(rng.sample(range(reps), min(fault_reps, reps)))
            for n in range(reps):
                t0 = 5.0 + n * 7.0
                reps_rows.append({
                    "id": new_id(int(at.timestamp() * 1000) + n), "session_id": rows[-1]["id"],
                    "set_number": 1 + n // 12, "number": 1 + n % 12, "start_s": t0,
                    "top_s": t0 + 2.0, "end_s": t0 + 6.0, "peak_mm": peak + rng.gauss(0, 4),
                    "up_s": 2.0, "down_s": 3.0, "stance": "both",
                    "faults": '["ankles_out"]' if n in faulty else "[]",
                    "lsi": rows[-1]["lsi_mean"], "tut_s": 6.0 + rng.gauss(0, 0.3),
                    "updated_at": iso})
        if k % 20 == 0:
            for side in ("left", "right"):
                bad = side == injured
                test_reps = int((12 + 10 * progress if bad else 24) + rng.gauss(0, 1))
                # As the kiosk stores a test: why it ended, its protocol record and
                # quality (one test with heel-sensor dropouts, left out of the trends).
                poor = bad and k == 40
                ended = "low_height" if rng.random() < 0.7 else "missed_beats"
                record = ProtocolRecord(
                    pace_bpm=60.0, cueing="lights_and_sound", ended_by=ended,
                    support="fingertip_or_none", kept_pace_bpm=round(rng.uniform(58, 61), 1),
                    lowest_load_pct=round(rng.uniform(95, 101), 1),
                    tof_dropout_pct=14.2 if poor else round(rng.uniform(0, 0.5), 2),
                    tof_noise_mm=round(rng.uniform(0.6, 1.1), 2), calibration="staff",
                    quality="poor" if poor else "good",
                    quality_reasons=("tof_dropouts",) if poor else ())
                tests.append({"id": new_id(), "session_id": rows[-1]["id"],
                              "patient_id": patient_id, "side": side, "reps": test_reps,
                              "work_j": test_reps * (50 if bad else 70) * 0.7,
                              "peak_mm": 60 + 20 * progress if bad else 85,
                              "ended_by": ended, "protocol": record.to_json(),
                              "quality": record.quality,
                              "created_at": iso, "updated_at": iso})
    with store.transaction() as db:
        store.insert_many("sessions", rows)
        store.insert_many("heel_rise_tests", tests)
        store.insert_many("reps", reps_rows)
        db.execute(PATIENT_LAST_SQL + " WHERE id = ?", [patient_id])


def set_staff_fields(store, patient_id: str, **fields: object) -> None:
    """Set the staff-form fields (sex, injured_side, body_mass_kg) where the schema has them."""
    columns = {c.name for c in store.db["patients"].columns}
    for name, value in fields.items():
        if name in columns:
            store.db.execute(f"UPDATE patients SET {name} = ? WHERE id = ?", [value, patient_id])


def build_review_samples(store, end: datetime | None = None, rate_hz: float = 100.0
                         ) -> dict[str, str]:
    """The staff review's sample data: patients with 0, 1 and 500 sessions; a session
    with a recording, one whose recording was pruned, and a guest's that stayed open
    ten minutes after its reps with a 350 mm sensor spike and reps with two faults.
    Returns their ids by role: ``none``, ``one``, ``many`` (patients), ``recorded``,
    ``pruned``, ``long`` (sessions)."""
    end = end or datetime(2026, 11, 20, 10, tzinfo=UTC)
    ids = {
        "none": store.add_patient("Noah Newcomer", clinic_id="C-1000", birth_year=1990),
        "one": store.add_patient("Olivia Once", clinic_id="C-1001", birth_year=1964),
        "many": store.add_patient("Martin Many", clinic_id="C-1500", birth_year=1971),
    }
    set_staff_fields(store, ids["one"], sex="female", injured_side="right", body_mass_kg=64.0)
    set_staff_fields(store, ids["many"], sex="male", injured_side="left", body_mass_kg=82.0)
    bulk_history(store, ids["many"], 498, end - timedelta(days=2))
    programme = Programme(position="step", sets=2, reps=6)
    store.prescribe(ids["one"], programme)
    store.prescribe(ids["many"], programme)
    ids["recorded"] = recorded_session(
        store, ids["one"], programme, end - timedelta(days=1), rate_hz=rate_hz, rest_s=8,
        faults={2: ["ankles_out"], 4: ["heels_in"]},
        quality=QualityRecord("fair", ("strips_not_calibrated",), 0.4, 0.9, "learned"))
    pruned = recorded_session(store, ids["many"], Programme(position="floor", sets=1, reps=4),
                              end - timedelta(days=1, hours=1), rate_hz=50,
                              quality=QualityRecord("poor", ("tof_dropouts",), 18.2, 1.1,
                                                    "staff"))
    path = store.data_dir / store.query("SELECT path FROM recordings WHERE session_id = ?",
                                        [pruned])[0]["path"]
    path.unlink()
    store.db.execute("UPDATE recordings SET pruned_at = ? WHERE session_id = ?",
                     [iso_utc(end), pruned])
    ids["pruned"] = pruned
    recorded_session(store, ids["many"], programme, end, rate_hz=50, rest_s=5, seed=4)
    ids["long"] = recorded_session(
        store, None, programme, end - timedelta(days=3, hours=2), rate_hz=50, rest_s=8,
        faults={1: ["ankles_out", "heels_in"], 4: ["ankles_out", "partial"]}, stay_s=600,
        spike_at_s=300, seed=5)
    return ids
