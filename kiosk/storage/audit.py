"""The audit log's reads for the staff screen (the writes: ``Store.audit``, each in the
transaction of what it records)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kiosk.storage.ids import iso_utc
from kiosk.storage.store import Store

__all__ = ["AuditTables"]


class AuditTables:
    """The audit log on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def audit(self, actor: str | None, since: datetime | None, until: datetime | None,
              limit: int, offset: int, action: str | None = None) -> list[dict[str, Any]]:
        """Audit entries newest first, by person, action and/or time range (``until``
        exclusive).

        ``target_name`` is the name of the patient or staff member acted on, when there is one.
        """
        where: list[str] = ["1"]
        params: list[object] = []
        if actor:
            where.append("a.actor = ?")
            params.append(actor)
        if action:
            where.append("a.action = ?")
            params.append(action)
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

    def audit_actions(self) -> list[str]:
        """Every action in the audit log (for the screen's action filter)."""
        return [str(r["action"]) for r in self.store.query(
            "SELECT DISTINCT action FROM audit_log ORDER BY action")]

    def audit_actors(self) -> list[str]:
        """Everybody in the audit log (for the screen's person filter)."""
        return [str(r["actor"]) for r in self.store.query(
            "SELECT DISTINCT actor FROM audit_log ORDER BY actor COLLATE NOCASE")]
