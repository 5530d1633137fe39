"""Fixtures for the staff-mode tests: a real database, a service with a cheap PIN
hash (the real cost is measured in bench), a controllable clock, signed-in staff.

(Tests run with ``--import-mode=importlib``, so helpers are fixtures, not imports.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import Config
from kiosk.staff.api import SignInResult, StaffMember
from kiosk.staff.pins import ScryptCost
from kiosk.staff.service import StaffServices, build_staff_services
from kiosk.storage.store import Store

CHEAP = ScryptCost(n=2**8, r=8, p=1)
ADMIN_PIN = "482916"
STAFF_PIN = "7305118264"


class Clock:
    """A UTC clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smartstep.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_service(store: Store, clock: Clock) -> Callable[..., StaffServices]:
    def make(config: Config | None = None, target: Store | None = None) -> StaffServices:
        return build_staff_services(target or store, config or Config(), pin_cost=CHEAP, now=clock)
    return make


@pytest.fixture
def service(make_service: Callable[..., StaffServices]) -> StaffServices:
    return make_service()


@pytest.fixture
def admin(service: StaffServices) -> StaffMember:
    """A signed-in admin."""
    member = service.console.add("Ada Admin", "admin", ADMIN_PIN)
    result = service.accounts.sign_in(member.id, ADMIN_PIN)
    assert result.result is SignInResult.OK
    return result.member


@pytest.fixture
def physio(service: StaffServices, admin: StaffMember) -> StaffMember:
    """A signed-in member of staff (not an admin)."""
    member = service.accounts.add(admin, "Pia Physio", "staff", STAFF_PIN)
    result = service.accounts.sign_in(member.id, STAFF_PIN)
    assert result.result is SignInResult.OK
    return result.member
