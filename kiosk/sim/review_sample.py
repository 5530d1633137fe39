"""A session with a real recording, for the staff review screens, tests and bench.

The simulated person performs the programme (sets separated by rests); the
samples go to the session's gzip recording exactly as the kiosk writes them;
the kiosk's own analysis counts the reps from that file; sets, reps and the
end go through ``Store`` like a live session. Set start times are stored so
that they fall where the recording's sets begin.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.recording import RecordingWriter
from kiosk.programme import Programme
from kiosk.sim.corpus import Scenario, SensorSetup
from kiosk.sim.script import Pause, Reps, Script, Stand, StepOff, StepOn
from kiosk.storage.ids import iso_utc

_SIM_VARIANT = {"single_left": "left", "single_right": "right"}
LEAD_IN_S = 3.0  # standing still before the first set (the kiosk's calibration)


def recorded_session(
    store, patient_id: str | None, programme: Programme, started_at: datetime, *,
    rate_hz: float = 100.0, seed: int = 1, step_id: str = "step-01",
    faults: Mapping[int, Iterable[str]] | None = None, rest_s: float | None = None,
    reps_per_set: int | None = None, fatigue: float = 0.3,
) -> str:
    """Simulate, record, analyse and store one session; returns its id.

    :param faults: rep index within each set (0-based) -> faults made on it.
    :param rest_s: seconds between sets (default: the programme's, at most 20).
    :param reps_per_set: reps the person does (default: the programme's).
    """
    tempo = programme.tempo
    rest = min(programme.rest_between_sets_s, 20.0) if rest_s is None else rest_s
    n = reps_per_set or programme.reps
    actions: list[object] = [StepOn(), Stand(LEAD_IN_S)]
    for k in range(programme.sets):
        if k:
            actions.append(Pause(rest))
        actions.append(Reps(
            n, tempo=(tempo.up_s, tempo.hold_s, tempo.down_s), rest_s=max(tempo.rest_s, 0.3),
            position=programme.position, variant=_SIM_VARIANT.get(programme.variant,
                                                                 programme.variant),
            faults=dict(faults or {}), fatigue=fatigue,
        ))
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
        for sample in scenario.samples():
            writer.write(sample)
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
    store.end_session(session_id, "completed")
    end = started_at + timedelta(seconds=planned[-1].next_s + 2 if planned else 10)
    store.db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?",
                     [iso_utc(end), session_id])
    return session_id


def utc(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)
