"""Fixtures for the storage tests: a real SQLite file per test.

(Tests run with ``--import-mode=importlib``, so helpers are fixtures, not imports.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.programme import Programme
from kiosk.storage.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smartstep.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


def _make_rep(peak_mm: float = 80.0, faults: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    rep = {"start_s": 1.0, "top_s": 2.5, "end_s": 5.0, "peak_mm": peak_mm, "up_s": 1.2,
           "down_s": 2.4, "stance": "both", "faults": list(faults)}
    rep.update(extra)
    return rep


@pytest.fixture
def make_rep() -> Callable[..., dict[str, Any]]:
    """A plausible analysis rep (the fields of the analysis): make_rep(peak, faults, **extra)."""
    return _make_rep


@pytest.fixture
def open_session() -> Callable[..., str]:
    """open_session(store, patient_id=None) -> a new open session's id."""

    def start(store: Store, patient_id: str | None = None) -> str:
        return store.start_session(patient_id, Programme(), step_id="step-test")

    return start
