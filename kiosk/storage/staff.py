"""Staff mode's tables: accounts and their lock state, the staff patient list,
prescription versions, progression suggestions, settings and the audit log.

Plain rows in, plain dicts out (the staff service makes records of them). Every
write that changes something staff can see also writes its audit entry, in the
same transaction. Each read is one indexed query (see ``bench/bench_staff.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from kiosk.programme import Programme
from kiosk.storage.ids import iso_utc, new_id, utc_now
from kiosk.storage.store import Store, programme_from_row

__all__ = ["DuplicateNameError", "StaffTables", "current_programme", "fold",
           "programme_from_row"]

# Letters NFKD does not take apart; folded so "Soren" finds "Søren" and "Lodz" "Łódź".
_FOLD_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae",
                             "œ": "oe", "þ": "th", "ð": "d"})


# Cached: the patient list folds every name on each search and sort, and names repeat.
@functools.lru_cache(maxsize=16384)
def fold(text: str | None) -> str:
    """Text for searching: lower case, accents dropped (``"Ésa Ødegård"`` -> ``"esa odegard"``)."""
    if not text:
        return ""
    # Case-folded again after NFKD: compatibility forms may decompose to capitals ("ℌ" -> "H").
    decomposed = unicodedata.normalize(
        "NFKD", text.casefold().translate(_FOLD_EXTRA)).casefold().translate(_FOLD_EXTRA)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=16384)
def compact_id(text: str | None) -> str:
    """A clinic ID for comparing: folded, without spaces and dashes ("C-1042" == "c1042")."""
    return fold(text).replace(" ", "").replace("-", "")


class DuplicateNameError(ValueError):
    """A staff account in use already has that name."""


_ACCOUNT_COLUMNS = "id, name, role, failures, locked_until, created_at, removed_at"
_PATIENT_COLUMNS = ("id, name, clinic_id, birth_year, sex, body_mass_kg, injured_side,"
                    " diagnosis, notes, archived, last_session_at")


class StaffTables:
    """Staff mode's reads and writes on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.transaction() as db:
            db.conn.create_function("smartstep_fold", 1, fold, deterministic=True)
            db.conn.create_function("smartstep_compact_id", 1, compact_id, deterministic=True)

    # -- accounts -------------------------------------------------------------

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
        return self.store.query(
            "SELECT count(*) AS n FROM staff_accounts WHERE role = 'admin' AND removed_at IS NULL"
        )[0]["n"]

    def add_account(self, name: str, role: str, pin_hash: str, actor: str) -> str:
        """A new account; returns its id.

        :raises DuplicateNameError: an account in use has that name (any case).
        """
        now = utc_now()
        account_id = new_id()
        try:
            with self.store.transaction() as db:
                db.execute(
                    "INSERT INTO staff_accounts (id, name, role, pin_hash, failures, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
                    [account_id, name, role, pin_hash, now, now],
                )
                self.store.audit(actor, "add_staff", "staff_accounts", account_id,
                                 {"name": name, "role": role})
        except sqlite3.IntegrityError:
            raise DuplicateNameError(name) from None
        return account_id

    def set_pin(self, account_id: str, pin_hash: str, actor: str, action: str = "reset_pin"
                ) -> None:
        """A new PIN hash; also lifts any lock (a reset is how a locked-out admin gets in)."""
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
            failures = db.execute(
                "UPDATE staff_accounts SET failures = failures + 1, updated_at = ?"
                " WHERE id = ? RETURNING failures", [utc_now(), account_id],
            ).fetchone()[0]
            self.store.audit(name, "sign_in_failed", "staff_accounts", account_id,
                             {"failures": failures})
            duration = lock_for(failures)
            until = None
            if duration is not None:
                until = now + duration
                db.execute("UPDATE staff_accounts SET locked_until = ? WHERE id = ?",
                           [iso_utc(until), account_id])
                self.store.audit(name, "locked", "staff_accounts", account_id,
                                 {"failures": failures, "until": iso_utc(until),
                                  "seconds": int(duration.total_seconds())})
        return failures, until

    def record_success(self, account_id: str, name: str) -> None:
        with self.store.transaction() as db:
            db.execute(
                "UPDATE staff_accounts SET failures = 0, locked_until = NULL, updated_at = ?"
                " WHERE id = ?", [utc_now(), account_id],
            )
            self.store.audit(name, "sign_in", "staff_accounts", account_id)

    # -- patients ---------------------------------------------------------------

    def patients(
        self, query: str, which: str, limit: int, offset: int, week_from: datetime,
    ) -> list[dict[str, Any]]:
        """The staff patient list: ``which`` is "active", "archived" or "week" (active,
        seen since ``week_from``); ``query`` matches a name (accents and case ignored)
        or a clinic ID (spaces and dashes ignored) anywhere.

        Alphabetical (accents ignored); "week" is most recently seen first.
        """
        where, params = [], []
        if which == "archived":
            where.append("archived = 1")
        else:
            where.append("archived = 0")
        if which == "week":
            where.append("last_session_at >= ?")
            params.append(iso_utc(week_from))
        q = query.strip()
        if q:
            where.append("(instr(smartstep_fold(name), ?) > 0"
                         " OR (? != '' AND instr(smartstep_compact_id(clinic_id), ?) > 0))")
            params += [fold(q), compact_id(q), compact_id(q)]
        # Sorted as folded text, so "Łucja" stands among the L's, not after Z.
        order = ("last_session_at DESC, smartstep_fold(name)" if which == "week"
                 else "smartstep_fold(name), id")
        return self.store.query(
            f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE {' AND '.join(where)}"
            f" ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset],
        )

    def patient(self, patient_id: str) -> dict[str, Any] | None:
        rows = self.store.query(f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id = ?",
                                [patient_id])
        return rows[0] if rows else None

    def clinic_id_taken(self, clinic_id: str, by_other_than: str = "") -> bool:
        """True when another patient holds this clinic ID (spaces, dashes and case ignored)."""
        key = compact_id(clinic_id)
        if not key:
            return False
        return bool(self.store.query(
            "SELECT 1 FROM patients WHERE smartstep_compact_id(clinic_id) = ? AND id != ?"
            " LIMIT 1", [key, by_other_than],
        ))

    def patient_sessions(self, patient_id: str, limit: int, offset: int
                         ) -> list[dict[str, Any]]:
        """One patient's sessions, newest first, from the per-session summary columns."""
        rows = self.store.query(
            """SELECT id, started_at, ended_at, status, mode,
                      json_extract(programme, '$.variant') AS variant,
                      json_extract(programme, '$.position') AS position,
                      rep_count, peak_mean_mm, peak_max_mm, lsi_mean, fault_reps, fault_counts,
                      json_extract(calibration, '$.calibrated_at') AS calibrated_at
               FROM sessions WHERE patient_id = ?
               ORDER BY started_at DESC LIMIT ? OFFSET ?""",
            [patient_id, limit, offset],
        )
        for row in rows:
            row["fault_counts"] = json.loads(row["fault_counts"]) if row["fault_counts"] else {}
        return rows

    # -- prescriptions ----------------------------------------------------------

    def prescriptions(self, patient_id: str, limit: int = -1) -> list[dict[str, Any]]:
        """A patient's prescription versions, newest first."""
        return self.store.query(
            "SELECT * FROM programmes WHERE patient_id = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT ?", [patient_id, limit],
        )

    def current_prescription(self, patient_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT * FROM programmes WHERE patient_id = ? AND active"
            " ORDER BY created_at DESC, rowid DESC LIMIT 1", [patient_id],
        )
        return rows[0] if rows else None

    def prescription(self, programme_id: str) -> dict[str, Any] | None:
        rows = self.store.query("SELECT * FROM programmes WHERE id = ?", [programme_id])
        return rows[0] if rows else None

    def sessions_since(self, patient_id: str, since: str, limit: int) -> list[dict[str, Any]]:
        """The patient's latest finished exercise sessions started at or after ``since``,
        newest first (a heel-rise test is a measurement, not training)."""
        return self.store.query(
            "SELECT id, started_at, status, mode, programme, rep_count FROM sessions"
            " WHERE patient_id = ? AND started_at >= ? AND status != 'open'"
            " AND mode = 'exercise'"
            " ORDER BY started_at DESC LIMIT ?", [patient_id, since, limit],
        )

    def good_reps(self, session_id: str, target_mm: float | None) -> tuple[int, int]:
        """(reps, good reps) of a session: good = no fault, and at or above the target."""
        row = self.store.query(
            "SELECT count(*) AS reps, coalesce(sum(faults = '[]' AND (? IS NULL OR peak_mm >= ?)),"
            " 0) AS good FROM reps WHERE session_id = ?", [target_mm, target_mm, session_id],
        )[0]
        return row["reps"], row["good"]

    # -- progression suggestions ------------------------------------------------

    def suggestion_for(self, programme_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT * FROM progression_suggestions WHERE programme_id = ?", [programme_id]
        )
        return rows[0] if rows else None

    def suggestion(self, suggestion_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT * FROM progression_suggestions WHERE id = ?", [suggestion_id]
        )
        return rows[0] if rows else None

    def open_suggestions(self, patient_id: str) -> list[dict[str, Any]]:
        return self.store.query(
            "SELECT * FROM progression_suggestions WHERE patient_id = ? AND status = 'open'"
            " ORDER BY created_at DESC", [patient_id],
        )

    def add_suggestion(self, patient_id: str, programme_id: str, rule: str, ladder: str,
                       proposed: Programme) -> str:
        """Store a suggestion for this prescription version (a second one is ignored)."""
        now = utc_now()
        suggestion_id = new_id()
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO progression_suggestions (id, patient_id, programme_id, rule, ladder,"
                " proposed, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)"
                " ON CONFLICT (programme_id) DO NOTHING",
                [suggestion_id, patient_id, programme_id, rule, ladder,
                 json.dumps(proposed.to_dict(), sort_keys=True), now, now],
            )
        return suggestion_id

    def decide_suggestion(self, suggestion_id: str, status: str, actor: str) -> bool:
        """Mark an open suggestion accepted or dismissed; False when it was not open."""
        now = utc_now()
        with self.store.transaction() as db:
            changed = db.execute(
                "UPDATE progression_suggestions SET status = ?, decided_at = ?, decided_by = ?,"
                " updated_at = ? WHERE id = ? AND status = 'open'",
                [status, now, actor, now, suggestion_id],
            ).rowcount
            if changed and status == "dismissed":
                self.store.audit(actor, "dismiss_suggestion", "progression_suggestions",
                                 suggestion_id)
        return bool(changed)

    # -- settings -----------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """Saved admin settings: dotted config key -> value."""
        return {r["key"]: json.loads(r["value"])
                for r in self.store.query("SELECT key, value FROM settings")}

    def save_settings(self, changes: Mapping[str, Any], actor: str,
                      before: Mapping[str, Any]) -> None:
        """Store all changes at once (one transaction: all or nothing) and audit them."""
        now = utc_now()
        with self.store.transaction() as db:
            for key, value in changes.items():
                db.execute(
                    "INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                    " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                    [key, json.dumps(value), actor, now],
                )
            self.store.audit(actor, "change_settings", "settings", None,
                             {k: {"from": before.get(k), "to": v} for k, v in changes.items()})

    # -- audit ----------------------------------------------------------------------

    def audit(self, actor: str | None, since: datetime | None, until: datetime | None,
              limit: int, offset: int) -> list[dict[str, Any]]:
        """Audit entries newest first, by person and/or time range (``until`` exclusive).

        ``target`` is the name of the patient or staff member acted on, when there is one.
        """
        where, params = ["1"], []
        if actor:
            where.append("a.actor = ?")
            params.append(actor)
        if since is not None:
            where.append("a.at >= ?")
            params.append(iso_utc(since))
        if until is not None:
            where.append("a.at < ?")
            params.append(iso_utc(until))
        return self.store.query(
            f"""SELECT a.at, a.actor, a.action, a.target_table, a.target_id, a.detail,
                       CASE a.target_table
                         WHEN 'patients' THEN (SELECT name FROM patients WHERE id = a.target_id)
                         WHEN 'staff_accounts'
                           THEN (SELECT name FROM staff_accounts WHERE id = a.target_id)
                         WHEN 'programmes' THEN (SELECT p.name FROM programmes g
                           JOIN patients p ON p.id = g.patient_id WHERE g.id = a.target_id)
                       END AS target_name
                FROM audit_log a WHERE {' AND '.join(where)}
                ORDER BY a.at DESC, a.rowid DESC LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )

    def audit_actors(self) -> list[str]:
        """Everybody in the audit log (for the screen's person filter)."""
        return [r["actor"] for r in self.store.query(
            "SELECT DISTINCT actor FROM audit_log ORDER BY actor COLLATE NOCASE")]



def current_programme(store: Store, patient_id: str) -> Programme | None:
    """What the patient's programme screen shows: the current prescription, with a
    target given as a share of the patient's best turned into mm (None: no prescription).

    The best is the patient's highest session mean peak height so far; with no
    sessions yet there is no target (every full rep counts).
    """
    rows = store.query(
        "SELECT * FROM programmes WHERE patient_id = ? AND active"
        " ORDER BY created_at DESC, rowid DESC LIMIT 1", [patient_id],
    )
    if not rows:
        return None
    row = rows[0]
    programme = programme_from_row(row)
    if row["target_share"] is None:
        return programme
    best = store.query(
        "SELECT max(peak_mean_mm) AS best FROM sessions WHERE patient_id = ? AND mode = 'exercise'",
        [patient_id],
    )[0]["best"]
    target = None if best is None else round(row["target_share"] * best, 1)
    return dataclasses.replace(programme, target_mm=target)
