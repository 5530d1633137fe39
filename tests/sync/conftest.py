"""Fixtures for the USB sync tests: a kiosk with finished sessions, a stick folder.

(Tests run with ``--import-mode=importlib``, so helpers are fixtures, not imports.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kiosk.analysis.samples import Sample
from kiosk.config import load_config
from kiosk.programme import Programme
from kiosk.storage.recordings import SessionRecording
from kiosk.storage.store import Store


def _make_rep(peak_mm: float = 80.0, faults: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    rep = {"start_s": 1.0, "top_s": 2.5, "end_s": 5.0, "peak_mm": peak_mm, "up_s": 1.2,
           "down_s": 2.4, "stance": "both", "faults": list(faults), "lsi": 91.5}
    rep.update(extra)
    return rep


@pytest.fixture
def make_rep() -> Callable[..., dict[str, Any]]:
    """A plausible analysis rep (the analysis definitions fields)."""
    return _make_rep


@dataclass
class Kiosk:
    data: Path
    step_id: str

    @property
    def db(self) -> Path:
        return self.data / "smartstep.db"

    def store(self) -> Store:
        return Store(self.db, data_dir=self.data, recover=False)

    def add_session(self, name: str = "Ann", clinic_id: str | None = "C-1001", reps: int = 3,
                    recording: bool = True, finish: bool = True,
                    patient_id: str | None = None) -> tuple[str, str]:
        """A patient (new unless given) with one session; returns (patient id, session id)."""
        with self.store() as store:
            pid = patient_id or store.add_patient(name, clinic_id=clinic_id)
            sid = store.start_session(pid, Programme(), step_id=self.step_id)
            for n in range(1, reps + 1):
                store.add_rep(sid, 1, n, _make_rep(70.0 + n))
            if recording:
                with SessionRecording(store, sid) as rec:
                    for i in range(50):
                        rec.write(Sample(i / 100, 120.0 + i, (1, 2, 3, 4, 5, 6)))
            if finish:
                store.end_session(sid)
        return pid, sid

    def digest(self) -> str:
        """SHA-256 over the kiosk's database and recordings (to prove they are untouched)."""
        sha = hashlib.sha256()
        for path in sorted(p for p in self.data.rglob("*") if p.is_file()):
            if path.name.endswith("-shm") or (path.name.endswith("-wal") and not path.stat(
                    ).st_size):
                continue  # SQLite's shared-memory index and empty log, made by any reader
            if path.name == "pseudonym.key":
                continue  # made once, by the first (pseudonymised) export
            sha.update(str(path.relative_to(self.data)).encode())
            sha.update(path.read_bytes())
        return sha.hexdigest()


@pytest.fixture
def kiosk() -> Kiosk:
    """The test's kiosk (its data dir is $SMARTSTEP_DATA, so the commands see it)."""
    config = load_config()
    return Kiosk(config.data_path(), config.step_id)


@pytest.fixture
def make_kiosk(tmp_path: Path) -> Callable[[str], Kiosk]:
    """Another kiosk with its own data dir: make_kiosk("step-02")."""
    return lambda step_id: Kiosk(tmp_path / "kiosks" / step_id, step_id)


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path
