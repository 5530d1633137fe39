"""Staff accounts and their lock state (table ``staff_accounts``).

Plain rows in, plain dicts out; ``kiosk.staff.account_service`` makes records of them.
Every change staff can see writes its audit entry in the same transaction. The
updates that only apply to an account still in use (``removed_at IS NULL``), or that
count (``failures + 1``), stay SQL: sqlite-utils' ``update`` sets columns by id only.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from kiosk.storage.ids import iso_utc, new_id, utc_now
from kiosk.storage.store import Store

__all__ = ["AccountTables", "DuplicateNameError"]

_ACCOUNT_COLUMNS = "id, name, role, failures, locked_until, created_at, removed_at"


class DuplicateNameError(ValueError):
    """A staff account in use already has that name."""


class AccountTables:
    """The accounts' reads and writes on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def transaction(self) -> contextlib.AbstractContextManager[Database]:
        return self.store.transaction()

    def accounts(self) -> list[dict[str, Any]]:
        """Accounts in use, by name (never the hash)."""
        return self.store.query(
            f"SELECT {_ACCOUNT_COLUMNS} FROM staff_accounts WHERE removed_at IS NULL"
            " ORDER BY name COLLATE NOCASE"
        )

    def account(self, account_id: str) -> dict[str, Any] | None:
        """One account in use, with its ``pin_hash`` (for the PIN check only)."""
        rows = self.store.query(
            f"SELECT {_ACCOUNT_COLUMNS}, pin_hash FROM staff_accounts"
            " WHERE id = ? AND removed_at IS NULL", [account_id],
        )
        return rows[0] if rows else None

    def account_by_name(self, name: str) -> dict[str, Any] | None:
        rows = self.store.query(
            f"SELECT {_ACCOUNT_COLUMNS} FROM staff_accounts"
            " WHERE name = ? COLLATE NOCASE AND removed_at IS NULL", [name.strip()],
        )
        return rows[0] if rows else None

    def admin_count(self) -> int:
        rows = self.store.query(
            "SELECT count(*) AS n FROM staff_accounts WHERE role = 'admin' AND removed_at IS NULL"
        )
        return int(rows[0]["n"])

    def add_account(self, name: str, role: str, pin_hash: str, actor: str) -> str:
        """A new account; returns its id.

        :raises DuplicateNameError: an account in use has that name (any case).
        """
        now = utc_now()
        account_id = new_id()
        try:
            with self.store.transaction() as db:
                db.table("staff_accounts").insert({
                    "id": account_id, "name": name, "role": role, "pin_hash": pin_hash,
                    "failures": 0, "created_at": now, "updated_at": now,
                })
                self.store.audit(actor, "add_staff", "staff_accounts", account_id,
                                 {"name": name, "role": role})
        except sqlite3.IntegrityError:
            raise DuplicateNameError(name) from None
        return account_id

    def set_pin(self, account_id: str, pin_hash: str, actor: str, action: str = "reset_pin"
                ) -> None:
        """A new PIN hash; also lifts any lock (a reset is how a locked-out admin gets in).

        ``action`` "": not audited (a rehash at sign-in, already audited as the sign-in)."""
        with self.store.transaction() as db:
            db.execute(
                "UPDATE staff_accounts SET pin_hash = ?, failures = 0, locked_until = NULL,"
                " updated_at = ? WHERE id = ? AND removed_at IS NULL",
                [pin_hash, utc_now(), account_id],
            )
            if action:
                self.store.audit(actor, action, "staff_accounts", account_id)

    def remove_account(self, account_id: str, actor: str) -> None:
        """Remove an account: its hash is wiped, its name stays for the audit log."""
        now = utc_now()
        with self.store.transaction() as db:
            db.execute(
                "UPDATE staff_accounts SET removed_at = ?, pin_hash = '', updated_at = ?"
                " WHERE id = ? AND removed_at IS NULL", [now, now, account_id],
            )
            self.store.audit(actor, "remove_staff", "staff_accounts", account_id)

    def record_failure(
        self, account_id: str, name: str, now: datetime,
        lock_for: Callable[[int], timedelta | None],
    ) -> tuple[int, datetime | None]:
        """Count a wrong PIN and lock the account when ``lock_for(failures)`` says so.

        Returns (failures in a row, locked until or None). Audited: the failure and the lock.
        """
        with self.store.transaction() as db:
            failures = int(db.execute(
                "UPDATE staff_accounts SET failures = failures + 1, updated_at = ?"
                " WHERE id = ? RETURNING failures", [utc_now(), account_id],
            ).fetchone()[0])
            self.store.audit(name, "sign_in_failed", "staff_accounts", account_id,
                             {"failures": failures})
            duration = lock_for(failures)
            until = None
            if duration is not None:
                until = now + duration
                db.table("staff_accounts").update(account_id, {"locked_until": iso_utc(until)})
                self.store.audit(name, "locked", "staff_accounts", account_id,
                                 {"failures": failures, "until": iso_utc(until),
                                  "seconds": int(duration.total_seconds())})
        return failures, until

    def record_success(self, account_id: str, name: str) -> None:
        with self.store.transaction() as db:
            db.table("staff_accounts").update(
                account_id, {"failures": 0, "locked_until": None, "updated_at": utc_now()})
            self.store.audit(name, "sign_in", "staff_accounts", account_id)

    def record_event(self, actor: str, action: str, account_id: str,
                     detail: Mapping[str, Any] | None = None) -> None:
        """Audit what happened to an account without changing it (a sign-out, a sign-in
        tried while locked)."""
        self.store.audit(actor, action, "staff_accounts", account_id, detail)
