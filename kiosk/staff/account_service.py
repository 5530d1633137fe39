"""Staff accounts and sign-in: who is signed in here, PIN checks and the lockout,
adding and removing accounts (admin only), new PINs.

- Every request names who makes it (``by``); it must be signed in on this service,
  and its role is read from the database, not from the record the screen hands in
  (``authorise``: every other staff service asks it).
- Sign-ins are serialised, so five wrong PINs lock the account even when tried at
  once; the lock is in the database and survives a restart.
- ``sign_in``, ``add``, ``reset_pin`` hash a PIN (0.1-0.3 s): call them off the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from kiosk.staff import pins
from kiosk.staff.api import (
    ROLES,
    SIGN_OUT_REASONS,
    Problem,
    SignIn,
    SignInResult,
    StaffMember,
    StaffRequestError,
)
from kiosk.staff.guard import guarded, name_problem, refuse, utc_or_none
from kiosk.staff.lockout import LONGEST_LOCK, lock_after
from kiosk.staff.ports import AccountRows
from kiosk.storage.accounts import DuplicateNameError

__all__ = ["NAME_MAX", "AccountService", "member_of"]

NAME_MAX = 40


def member_of(row: Mapping[str, Any]) -> StaffMember:
    return StaffMember(id=row["id"], name=row["name"], role=row["role"])


class AccountService:
    """Accounts and sign-in (``kiosk.staff.api.AccountsPort``) over ``AccountRows``.

    :param pin_cost: scrypt cost for new PIN hashes (tests pass a cheap one).
    :param now: the clock (UTC), for lockout tests.
    """

    def __init__(self, rows: AccountRows, pin_cost: pins.ScryptCost,
                 now: Callable[[], datetime]) -> None:
        self.rows = rows
        self.pin_cost = pin_cost
        self._now = now
        self._signed_in: dict[str, StaffMember] = {}
        self._sign_in_lock = threading.Lock()
        self._decoy_hash = ""  # made at the first unknown account (see sign_in)

    @guarded
    def members(self) -> Sequence[StaffMember]:
        return [member_of(r) for r in self.rows.accounts()]

    @guarded
    def sign_in(self, member_id: str, pin: str) -> SignIn:
        """Check a PIN (0.1-0.3 s: call it off the UI thread). Audited either way."""
        with self._sign_in_lock:
            row = self.rows.account(member_id)
            if row is None:
                # As slow as a real check, so timing does not tell which accounts exist.
                self._decoy_hash = self._decoy_hash or pins.hash_pin("000000", self.pin_cost)
                pins.verify_pin(pin, self._decoy_hash)
                return SignIn(SignInResult.UNKNOWN)
            now = self._now()
            until = utc_or_none(row["locked_until"])
            if until is not None and now < until:
                # A clock set back must not stretch a lock past the longest one.
                until = min(until, now + LONGEST_LOCK)
                self.rows.record_event(row["name"], "sign_in_while_locked", row["id"])
                return SignIn(SignInResult.LOCKED, locked_until=until, failures=row["failures"])
            if pins.verify_pin(pin, row["pin_hash"]):
                self.rows.record_success(row["id"], row["name"])
                if pins.needs_rehash(row["pin_hash"], self.pin_cost):
                    self.rows.set_pin(row["id"], pins.hash_pin(pin, self.pin_cost), "",
                                      action="")
                member = member_of(row)
                self._signed_in[member.id] = member
                return SignIn(SignInResult.OK, member=member)
            failures, until = self.rows.record_failure(row["id"], row["name"], now, lock_after)
            if until is not None:
                return SignIn(SignInResult.LOCKED, locked_until=until, failures=failures)
            return SignIn(SignInResult.WRONG_PIN, failures=failures)

    @guarded
    def sign_out(self, member: StaffMember, reason: str) -> None:
        """End a sign-in (``reason``: one of SIGN_OUT_REASONS); audited once."""
        if self._signed_in.pop(member.id, None) is None:
            return
        reason = reason if reason in SIGN_OUT_REASONS else "other"
        self.rows.record_event(member.name, "sign_out", member.id, {"reason": reason})

    def is_signed_in(self, member: StaffMember) -> bool:
        return member.id in self._signed_in

    def authorise(self, by: StaffMember, admin: bool = False) -> str:
        """The actor's name, when ``by`` is signed in (and an admin, if asked)."""
        if by.id not in self._signed_in:
            raise refuse("", Problem.NOT_ALLOWED)
        row = self.rows.account(by.id)
        if row is None:  # removed meanwhile
            self._signed_in.pop(by.id, None)
            raise refuse("", Problem.NOT_ALLOWED)
        if admin and row["role"] != "admin":
            raise refuse("", Problem.NOT_ALLOWED)
        return str(row["name"])

    @guarded
    def add(self, by: StaffMember, name: str, role: str, pin: str) -> StaffMember:
        """A new account (admin only; hashes the PIN: call off the UI thread)."""
        return self.open_account(self.authorise(by, admin=True), name, role, pin)

    @guarded
    def remove(self, by: StaffMember, member_id: str) -> None:
        """Remove an account (admin only); never the last admin."""
        self.close_account(self.authorise(by, admin=True), member_id)

    @guarded
    def reset_pin(self, by: StaffMember, member_id: str, pin: str) -> None:
        """A new PIN for a member of staff who forgot theirs (admin only; lifts any lock;
        hashes the PIN: call off the UI thread)."""
        actor = self.authorise(by, admin=True)
        if self.rows.account(member_id) is None:
            raise refuse("", Problem.NOT_FOUND)
        self.new_pin(actor, member_id, pin)

    # What an actor may do once authorised (the screens above, ``StaffConsole``).

    def open_account(self, actor: str, name: str, role: str, pin: str) -> StaffMember:
        name = " ".join(name.split())
        problems: dict[str, Problem] = {}
        if (problem := name_problem(name, NAME_MAX)) is not None:
            problems["name"] = problem
        if role not in ROLES:
            problems["role"] = Problem.BAD_VALUE
        if not pins.pin_format_ok(pin):
            problems["pin"] = Problem.PIN_FORMAT
        if problems:
            raise StaffRequestError(problems)
        try:
            account_id = self.rows.add_account(name, role, pins.hash_pin(pin, self.pin_cost),
                                               actor)
        except DuplicateNameError:
            raise refuse("name", Problem.DUPLICATE) from None
        return StaffMember(account_id, name, role)

    def close_account(self, actor: str, account_id: str) -> None:
        with self.rows.transaction():  # the last-admin check and the removal together
            row = self.rows.account(account_id)
            if row is None:
                raise refuse("", Problem.NOT_FOUND)
            if row["role"] == "admin" and self.rows.admin_count() <= 1:
                raise refuse("", Problem.LAST_ADMIN)
            self.rows.remove_account(account_id, actor)
        self._signed_in.pop(account_id, None)

    def new_pin(self, actor: str, account_id: str, pin: str) -> None:
        """Check, hash and store a new PIN (lifts any lock); audited as ``reset_pin``."""
        if not pins.pin_format_ok(pin):
            raise refuse("pin", Problem.PIN_FORMAT)
        self.rows.set_pin(account_id, pins.hash_pin(pin, self.pin_cost), actor)
