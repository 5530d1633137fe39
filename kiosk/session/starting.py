"""Opening a session: its row, its flow and its parts, or nothing at all."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kiosk.analysis.calibration import Calibration
from kiosk.config import Config
from kiosk.pacing.schedule import END_OF_SET_S
from kiosk.programme import Programme
from kiosk.session.flow import SessionFlow
from kiosk.session.log_writer import SessionLog
from kiosk.session.parts import RunningSession, SessionParts
from kiosk.session.ports import SessionDevices


def open_session(
    session_log: SessionLog, config: Config, devices: SessionDevices,
    patient_id: str | None, programme: Programme, body_mass_kg: float | None, *,
    calibration: Calibration | None, now: float, countdown_s: float, realtime: bool,
    calibration_record: dict[str, object] | None = None,
    clock: Callable[[], float],
) -> RunningSession:
    """A new running session starting at ``now`` (session clock).

    :raises OSError, sqlite3.Error: the store or the recording failed; a session row
        already written is closed as ``stopped`` first.
    """
    session_id = session_log.open(patient_id, programme, calibration, calibration_record)
    rest_s = programme.rest_between_sets_s
    # The lights show the end-of-set signal before the rest: the screen's rest matches.
    flow = SessionFlow(programme.sets, programme.reps,
                       rest_s + END_OF_SET_S if rest_s > 0 else 0.0, countdown_s)
    try:
        parts = SessionParts.open(
            store=session_log.store, session_id=session_id, programme=programme,
            config=config, calibration=calibration, lights=devices.lights,
            beeper=devices.beeper, countdown_s=countdown_s, clock=clock, realtime=realtime,
            body_mass_kg=body_mass_kg, calibration_record=calibration_record,
        )
    except (OSError, sqlite3.Error):
        session_log.close(session_id, "stopped", "recording could not be opened")
        raise
    return RunningSession(session_id=session_id, patient_id=patient_id, programme=programme,
                          t0=now, flow=flow, parts=parts, last_activity=now,
                          last_progress=now)
