"""Staff mode's services, built together on one ``Store``: one small service per concern,
each behind its own port (``kiosk.staff.api`` for the screens, ``kiosk.staff.ports`` for
storage). No Kivy.

- ``accounts``: sign-in, PINs and the lockout, accounts (``account_service.py``); every
  other service asks it who is signed in (``authorise``).
- ``console``: ``smartstep staff`` on the command line (``console.py``).
- ``patients``, ``prescriptions``, ``progressions``, ``settings``, ``audit``
  (``patient_service.py``, ``prescription_service.py``, ``progression_service.py``,
  ``settings_service.py``, ``audit_service.py``).
- ``identity``: how patients say who they are at the kiosk, by card or clinic ID and
  code, and staff setting those (``identity.py``).

A refused request raises ``StaffRequestError`` with a code per field and changes
nothing (``guard.py``). Threads: methods may be called from any thread (the ``Store``
serialises them); a PIN hash takes 0.1-0.3 s: call those off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.config import Config
from kiosk.staff import pins
from kiosk.staff.account_service import AccountService
from kiosk.staff.audit_service import AuditService
from kiosk.staff.console import StaffConsole
from kiosk.staff.identity import PatientIdentity
from kiosk.staff.patient_service import PatientService
from kiosk.staff.prescription_service import PrescriptionService
from kiosk.staff.progression_service import ProgressionService
from kiosk.staff.settings_service import SettingsService
from kiosk.storage.accounts import AccountTables
from kiosk.storage.audit import AuditTables
from kiosk.storage.patient_sign_in import SignInTables
from kiosk.storage.patients import PatientTables
from kiosk.storage.prescriptions import PrescriptionTables
from kiosk.storage.progressions import SuggestionTables
from kiosk.storage.settings import SettingsTable
from kiosk.storage.store import Store

__all__ = ["StaffServices", "build_staff_services"]


@dataclass(frozen=True, slots=True)
class StaffServices:
    """Staff mode, one service per concern (what ``kiosk.staff.api.StaffPort`` asks for,
    and the command line's ``console``)."""

    accounts: AccountService
    console: StaffConsole
    patients: PatientService
    prescriptions: PrescriptionService
    progressions: ProgressionService
    settings: SettingsService
    audit: AuditService
    identity: PatientIdentity

    @property
    def config(self) -> Config:
        """The configuration in effect: the file's, with the saved admin settings over it."""
        return self.settings.config


def build_staff_services(
    store: Store, config: Config, *, pin_cost: pins.ScryptCost = pins.DEFAULT_COST,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> StaffServices:
    """Staff mode on ``store``.

    :param config: the configuration from the config file; saved admin settings are
        laid over it (``StaffServices.config``).
    :param pin_cost: scrypt cost for new PIN hashes (tests pass a cheap one).
    :param now: the clock (UTC), for lockout tests.
    """
    accounts = AccountService(AccountTables(store), pin_cost, now)
    prescriptions = PrescriptionService(PrescriptionTables(store), accounts)
    return StaffServices(
        accounts=accounts,
        console=StaffConsole(accounts),
        patients=PatientService(PatientTables(store), accounts, now),
        prescriptions=prescriptions,
        progressions=ProgressionService(SuggestionTables(store), accounts, prescriptions),
        settings=SettingsService(SettingsTable(store), accounts, config),
        audit=AuditService(AuditTables(store)),
        identity=PatientIdentity(SignInTables(store), accounts, pin_cost, now),
    )
