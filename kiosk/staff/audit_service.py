"""The audit log for the staff screen: who did what and when, newest first."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from kiosk.staff.api import AuditEntry
from kiosk.staff.guard import guarded, page
from kiosk.staff.ports import AuditRows
from kiosk.storage.ids import parse_utc

__all__ = ["AuditService"]


def _detail(text: str | None) -> str:
    """An audit entry's JSON detail as short ``key=value`` text."""
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for key, value in data.items():
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            value = f"{value['from']}→{value['to']}"
        parts.append(f"{key}={value}")
    return ", ".join(parts)


class AuditService:
    """The audit log (``kiosk.staff.api.AuditPort``) over ``AuditRows``."""

    def __init__(self, rows: AuditRows) -> None:
        self.rows = rows

    @guarded
    def entries(self, actor: str | None = None, since: datetime | None = None,
                until: datetime | None = None, limit: int = 100,
                offset: int = 0) -> Sequence[AuditEntry]:
        """Who did what and when, newest first; by person and time (``until`` exclusive)."""
        rows = self.rows.audit(actor, since, until, *page(limit, offset))
        return [
            AuditEntry(at=parse_utc(r["at"]), actor=r["actor"], action=r["action"],
                       target=r["target_name"] or r["target_id"] or "",
                       detail=_detail(r["detail"]))
            for r in rows
        ]

    @guarded
    def actors(self) -> Sequence[str]:
        return self.rows.audit_actors()
