"""How a patient says who they are at a shared kiosk, without a list of names:

- a card or key fob: its USB reader types a token and Enter, like a keyboard; only the
  token's SHA-256 is stored (a card's number is no secret, but the database need not
  hold it);
- their clinic ID and a short code (4-8 digits) set by staff, as salted scrypt.

Guessing is locked as a staff PIN is (5 wrong codes in a row: 1 minute, doubling up to
1 hour; in the database, so a restart does not lift it). An unknown ID or card and a
wrong code get the same answer, as slowly, so the kiosk does not tell who is a patient
here. Every attempt that fails, every lock and every change by staff is audited.
Staff set a patient's code and card (any signed-in member: ``set_code``, ``set_card``).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import datetime

from kiosk.staff import pins
from kiosk.staff.api import Identified, Identify, Problem, StaffMember
from kiosk.staff.guard import guarded, refuse, utc_or_none
from kiosk.staff.lockout import LONGEST_LOCK, lock_after
from kiosk.staff.ports import Authoriser, SignInRows

__all__ = ["CARD_MAX", "CARD_MIN", "Identified", "Identify", "PatientIdentity", "card_hash",
           "normal_card_token"]

CARD_MIN, CARD_MAX = 4, 128  # a reader's token: a 4-byte UID in hex is 8 characters


def normal_card_token(typed: str) -> str:
    """A reader's token as stored: no surrounding spaces, upper case (readers differ in
    the case of hex digits)."""
    return typed.strip().upper()


def card_hash(token: str) -> str:
    return hashlib.sha256(b"smartstep-card:" + normal_card_token(token).encode()).hexdigest()


def _card_ok(token: str) -> bool:
    token = normal_card_token(token)
    return CARD_MIN <= len(token) <= CARD_MAX and token.isprintable()


class PatientIdentity:
    """Patient sign-in by card or clinic ID and code, over ``SignInRows``.

    :param code_cost: scrypt cost for code hashes (tests pass a cheap one).
    :param now: the clock (UTC), for lockout tests.
    """

    def __init__(self, rows: SignInRows, accounts: Authoriser, code_cost: pins.ScryptCost,
                 now: Callable[[], datetime]) -> None:
        self.rows = rows
        self.accounts = accounts
        self.code_cost = code_cost
        self._now = now
        self._lock = threading.Lock()  # five wrong codes lock even when tried at once
        self._decoy = ""

    # -- at the kiosk (no staff) --------------------------------------------------------

    def by_card(self, typed: str) -> Identified:
        if not _card_ok(typed):
            self.rows.record_event("patient_card_unreadable", None, {"length": len(typed)})
            return Identified(Identify.BAD_CARD)
        row = self.rows.by_card(card_hash(typed))
        if row is None:
            self.rows.record_event("patient_card_unknown", None)
            return Identified(Identify.NO_MATCH)
        self.rows.record_success(row["patient_id"], "card")
        return Identified(Identify.OK, patient_id=row["patient_id"])

    def by_code(self, clinic_id: str, code: str) -> Identified:
        """Check a clinic ID and code (a hash: 0.1-0.3 s, call off the UI thread)."""
        with self._lock:
            now = self._now()
            candidates = [r for r in self.rows.by_clinic_id(clinic_id) if r["code_hash"]]
            if not candidates:
                self._decoy = self._decoy or pins.hash_code("0000", self.code_cost)
                pins.verify_code(code, self._decoy)  # as slow as a real check
                self.rows.record_event("patient_id_unknown", None)
                return Identified(Identify.NO_MATCH)
            for row in candidates:
                until = utc_or_none(row["locked_until"])
                if until is not None and now < until:
                    until = min(until, now + LONGEST_LOCK)  # a clock set back
                    self.rows.record_event("patient_code_while_locked", row["patient_id"])
                    return Identified(Identify.LOCKED, locked_until=until)
            for row in candidates:
                if pins.verify_code(code, row["code_hash"]):
                    self.rows.record_success(row["patient_id"], "code")
                    return Identified(Identify.OK, patient_id=row["patient_id"])
            # Merged kiosks may hold an ID twice: each record counts the wrong code.
            locked = None
            for row in candidates:
                _failures, until = self.rows.record_failure(row["patient_id"], now, lock_after)
                locked = locked or until
            if locked is not None:
                return Identified(Identify.LOCKED, locked_until=locked)
            return Identified(Identify.NO_MATCH)

    # -- staff --------------------------------------------------------------------------

    @guarded
    def methods(self, by: StaffMember, patient_id: str) -> tuple[bool, bool]:
        """(has a card, has a code) for the patient form."""
        self.accounts.authorise(by)
        row = self.rows.of_patient(patient_id)
        if row is None:
            raise refuse("", Problem.NOT_FOUND)
        return bool(row["card_hash"]), bool(row["code_hash"])

    @guarded
    def set_code(self, by: StaffMember, patient_id: str, code: str) -> None:
        """A new code ("" removes it); lifts a lock. Hashes: call off the UI thread."""
        actor = self.accounts.authorise(by)
        if self.rows.of_patient(patient_id) is None:
            raise refuse("", Problem.NOT_FOUND)
        if code and not pins.code_format_ok(code):
            raise refuse("code", Problem.PIN_FORMAT)
        self.rows.set_code(patient_id, pins.hash_code(code, self.code_cost) if code else None,
                           actor)

    @guarded
    def set_card(self, by: StaffMember, patient_id: str, typed: str) -> None:
        """The card the reader just typed ("" removes it); a card is one patient's only."""
        actor = self.accounts.authorise(by)
        if self.rows.of_patient(patient_id) is None:
            raise refuse("", Problem.NOT_FOUND)
        if not typed:
            self.rows.set_card(patient_id, None, actor)
            return
        if not _card_ok(typed):
            raise refuse("card", Problem.BAD_VALUE)
        digest = card_hash(typed)
        owner = self.rows.card_owner(digest)
        if owner is not None and owner != patient_id:
            raise refuse("card", Problem.DUPLICATE)
        self.rows.set_card(patient_id, digest, actor)
