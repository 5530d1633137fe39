"""A session service on a real store, fed by the simulated person faster than real time."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.config import Config, SessionConfig
from kiosk.programme import Programme, Tempo
from kiosk.session.service import SessionService
from kiosk.session.view import LiveView, Stage
from kiosk.sim.demo_patient import DemoPatient, OfflineStep, run_offline
from kiosk.sim.person import SimulatedPerson
from kiosk.storage.store import Store

FAST = Tempo(up_s=1.0, hold_s=0.5, down_s=1.0, rest_s=0.5)


def small_programme(**changes) -> Programme:
    base = Programme(sets=2, reps=3, tempo=FAST, rest_between_sets_s=4.0)
    return dataclasses.replace(base, **changes)


class Kiosk:
    """One service + store + simulated person, on the sample clock."""

    def __init__(self, tmp_path, idle_timeout_s: float = 30.0, seed: int = 1,
                 no_rep_timeout_s: float = 300.0) -> None:
        self.store = Store(tmp_path / "data" / "smartstep.db")
        self.config = Config(session=SessionConfig(idle_timeout_s=idle_timeout_s,
                                                   no_rep_timeout_s=no_rep_timeout_s))
        self.service = SessionService(self.store, self.config)
        self.person = SimulatedPerson(seed=seed)
        self.control = self.person.control
        self.step = OfflineStep(self.person, seed=seed)
        self.t = 0.0
        self.views: list[LiveView] = []

    def patient(self, programme: Programme | None = None, **kwargs) -> DemoPatient:
        return DemoPatient(self.control, self.service, programme=programme, **kwargs)

    def run(self, seconds: float, patient: DemoPatient | None = None, until=None) -> LiveView:
        """Feed up to ``seconds`` of samples; stop early once ``until(view)``."""
        self.t = run_offline(
            self.service, self.step, seconds, start_t=self.t, patient=patient, until=until
        )
        return self.service.snapshot()

    def run_until(self, stage: Stage, seconds: float = 60.0, patient=None) -> LiveView:
        view = self.run(seconds, patient, until=lambda v: v.stage is stage)
        assert view.stage is stage, f"never reached {stage} (at {view.stage})"
        return view

    def start(self, programme: Programme, patient_id: str | None = None,
              body_mass_kg: float | None = None) -> DemoPatient:
        """Step on, begin a session and get to the first active set."""
        patient = self.patient(programme)
        self.control.step_on()
        patient.on_step = True
        self.run(1.0)
        self.service.begin_session(patient_id, programme, body_mass_kg)
        self.run_until(Stage.ACTIVE, patient=patient)
        return patient

    def db_reps(self, session_id: str | None = None) -> list[dict]:
        session_id = session_id or self.service.session_id
        return self.store.query(
            "SELECT * FROM reps WHERE session_id = ? ORDER BY set_number, number", [session_id]
        )

    def session_row(self, session_id: str | None = None) -> dict:
        return self.store.get_session(session_id or self.service.session_id)


@pytest.fixture
def kiosk(tmp_path):
    k = Kiosk(tmp_path)
    yield k
    k.service.close()
    k.store.close()
