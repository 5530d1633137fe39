"""The session log: what a session writes to the store, in the order that keeps
every shown rep stored (the storage glue of the session service)."""

from __future__ import annotations

import logging

from kiosk.analysis.calibration import Calibration
from kiosk.analysis.events import Rep
from kiosk.errors import StorageFullError
from kiosk.programme import Programme
from kiosk.session.parts import SessionParts, heel_rise_side
from kiosk.session.ports import SessionStore
from kiosk.session.test_record import protocol_record, session_quality
from kiosk.session.view import SessionProblem
from kiosk.storage.queries import patient_history

log = logging.getLogger(__name__)


def problem_of(exc: BaseException) -> SessionProblem:
    """The code the screens show for a storage failure."""
    return SessionProblem.DISK_FULL if isinstance(exc, StorageFullError) else (
        SessionProblem.NOT_SAVED
    )


class SessionLog:
    """Writes sessions, sets, reps and heel-rise results through a ``SessionStore``.

    Every method commits before it returns (``synchronous=FULL``), so a caller
    that shows a rep after ``add_rep`` returned shows only what is stored.
    """

    def __init__(self, store: SessionStore, step_id: str) -> None:
        self.store = store
        self.step_id = step_id

    def open(self, patient_id: str | None, programme: Programme,
             calibration: Calibration | None,
             record: dict[str, object] | None = None) -> str:
        """Start a session row; returns its id.

        :param record: what the session keeps of its calibration (default: the baselines).
        """
        if record is None and calibration is not None:
            record = {"baselines": list(calibration.baselines)}
        return self.store.start_session(patient_id, programme, step_id=self.step_id,
                                        calibration=record)

    def start_set(self, session_id: str, number: int, target_reps: int | None) -> None:
        self.store.start_set(session_id, number, target_reps)

    def end_set(self, session_id: str, number: int) -> None:
        self.store.end_set(session_id, number)

    def add_rep(self, session_id: str, set_number: int, number: int, rep: Rep) -> None:
        self.store.add_rep(session_id, set_number, number, rep)

    def close(self, session_id: str, status: str, reason: str | None = None) -> None:
        """Mark a session that could not really start (its recording failed)."""
        self.store.end_session(session_id, status, reason)

    def finish(self, session_id: str, patient_id: str | None, programme: Programme,
               parts: SessionParts, status: str, reason: str | None, t_end: float) -> None:
        """The recording closed, the heel-rise result stored, the session ended with its
        measurement quality.

        :param t_end: now on the recording's clock (the test's end when it did not end
            by itself).
        :raises OSError, sqlite3.Error: the store failed; the session then stays open and
            the next start marks it ``interrupted`` with every rep it stored.
        """
        parts.recording.close()
        test = parts.heel_rise_test
        if test is not None:
            if not test.finished:
                test.stop(t_end)
            result = test.result()
            record = protocol_record(parts, result)
            peaks = [r.peak_mm for r in test.counted]
            self.store.add_heel_rise_test(
                session_id,
                heel_rise_side(programme),
                result.reps,
                patient_id=patient_id,
                travel_m=result.total_travel_m,
                work_j=result.work_j,
                body_mass_kg=result.body_mass_kg,
                peak_mm=result.best_peak_mm if peaks else None,
                mean_peak_mm=sum(peaks) / len(peaks) if peaks else None,
                duration_s=(result.end_s or t_end) - test.start_s,
                ended_by=result.ended_by,
                protocol=record.to_json(),
                quality=record.quality,
            )
        quality = session_quality(parts)
        self.store.end_session(session_id, status, reason, quality=quality.verdict,
                               quality_record=quality.to_json())

    def previous(self, patient_id: str | None, session_id: str) -> tuple[int, float | None] | None:
        """The patient's session before this one: (reps, mean peak mm)."""
        if patient_id is None:
            return None
        history = patient_history(self.store, patient_id, limit=3)  # newest first
        earlier = [h for h in history if h["id"] != session_id and h["status"] != "open"]
        if not earlier:
            return None
        mean = earlier[0]["peak_mean_mm"]
        return int(earlier[0]["rep_count"]), (round(mean, 1) if mean is not None else None)
