"""The UI's view of the kiosk services: what the screens may ask for, nothing more.

The screens never touch sensors, analysis or the database. They talk to the
session service (``kiosk/session.py``) through ``SessionPort`` and to the
patients through ``PatientDirectory``; both are plain protocols so the
screenshots and the tests can hand in sample data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from kiosk.programme import Programme
from kiosk.session.directory import PatientEntry
from kiosk.session.view import LiveView, RepView, SessionSummary
from kiosk.staff.api import StaffPort
from kiosk.staff.review.service import ReviewPort
from kiosk.staff.technician import TechnicianService
from kiosk.sync.service import SyncService


class SessionPort(Protocol):
    """What the screens need from ``kiosk.session.SessionService``."""

    def begin_session(self, patient_id: str | None, programme: Programme,
                      body_mass_kg: float | None = None) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def stop(self) -> None: ...
    def skip_rest(self) -> None: ...
    def dismiss(self) -> None: ...
    def touch(self) -> None: ...
    def snapshot(self) -> LiveView: ...
    def summary(self) -> SessionSummary | None: ...
    def add_rep_listener(self, listener: Callable[[RepView], None]) -> None: ...


class KeyPlayer(Protocol):
    """The keyboard playing the simulated patient (``kiosk.sim.keys.SimKeys``): True when
    the key was one of its keys."""

    def key_down(self, name: str) -> bool: ...
    def key_up(self, name: str) -> bool: ...


class PatientDirectory(Protocol):
    """Patients and their prescribed programmes (``kiosk.session.directory.StoreDirectory``)."""

    def patients(self) -> list[PatientEntry]: ...
    def patient(self, patient_id: str) -> PatientEntry | None: ...
    def programme_for(self, patient_id: str) -> Programme | None: ...


@dataclass
class KioskServices:
    """Everything the app is given at start-up (built in ``app.py``)."""

    session: SessionPort
    directory: PatientDirectory
    default_programme: Programme = field(default_factory=Programme)
    idle_timeout_s: float = 90.0
    # Called with the chosen programme just before a session begins (e.g. the
    # simulated person takes up the programme's position).
    on_begin: list[Callable[[Programme], None]] = field(default_factory=list)
    # Staff mode (``kiosk.staff.service.StaffServices``); None: the kiosk has no staff mode.
    staff: StaffPort | None = None
    # Staff mode ends after this long without a touch.
    staff_idle_timeout_s: float = 120.0
    # Staff review: sessions, plots, progress, reports (``kiosk.staff.review``).
    review: ReviewPort | None = None
    # Technician screens and the production device notice; None: not on this kiosk.
    technician: TechnicianService | None = None
    # USB export (``kiosk.sync``); None: the kiosk has no USB export.
    sync: SyncService | None = None
    # ``run --demo``: every Nth loop is the heel-rise test (0: never).
    demo_heel_rise_every: int = 0

