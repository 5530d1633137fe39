"""What the session service is handed: small protocols, so any step, store or
device that has these methods will do (the real ones, the simulated ones, tests)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from kiosk.analysis.events import Rep
from kiosk.analysis.samples import Sample
from kiosk.pacing.signals import TempoOutput, ToneOutput
from kiosk.programme import Programme
from kiosk.storage.queries import QueryStore
from kiosk.storage.recordings import RecordingStore


class SensorHealth(Protocol):
    """The step's sensors now: ``tof`` ok / no_reading / disconnected, ``strips``
    starting / ok / failed."""

    @property
    def tof(self) -> str: ...
    @property
    def strips(self) -> str: ...


class SampleSource(Protocol):
    """The step: one ``Sample`` per strip sample, on the sampling thread."""

    @property
    def start(self) -> float:
        """The monotonic time that sample time 0 stands for."""
        ...

    def subscribe(self, callback: Callable[[Sample], None]) -> Callable[[], None]: ...
    def status(self) -> SensorHealth: ...


class StartButtonPort(Protocol):
    """The physical start/pause button: the service sets ``on_press``."""

    on_press: Callable[[], None] | None


@dataclass(frozen=True)
class SessionDevices:
    """The outputs and the button the service drives (None: not fitted)."""

    lights: TempoOutput | None = None
    beeper: ToneOutput | None = None
    button: StartButtonPort | None = None


class SessionStore(RecordingStore, QueryStore, Protocol):
    """The storage calls a session makes (``kiosk.storage.Store`` has them): these, its
    recording's (``RecordingStore``) and the patient's history (``QueryStore``)."""

    def start_session(
        self, patient_id: str | None, programme: Programme, *, step_id: str,
        programme_id: str | None = None, calibration: Mapping[str, object] | None = None,
    ) -> str: ...
    def start_set(self, session_id: str, number: int, target_reps: int | None = None) -> str: ...
    def end_set(self, session_id: str, number: int) -> None: ...
    def add_rep(self, session_id: str, set_number: int, number: int, rep: Rep) -> str: ...
    def end_session(self, session_id: str, status: str = ..., reason: str | None = None, *,
                    quality: str | None = None, quality_record: str | None = None
                    ) -> None: ...
    def add_heel_rise_test(
        self, session_id: str, side: str, reps: int, *, patient_id: str | None = None,
        travel_m: float | None = None, work_j: float | None = None,
        peak_mm: float | None = None, mean_peak_mm: float | None = None,
        duration_s: float | None = None, body_mass_kg: float | None = None,
        ended_by: str | None = None, protocol: str | None = None, quality: str | None = None,
    ) -> str: ...
