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


def _data(text: str | None) -> dict[str, object]:
    """An audit entry's JSON detail as recorded (text that is not a JSON object as
    ``{"detail": text}``)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {"detail": text}
    return data if isinstance(data, dict) else {"detail": data}


def _detail(data: dict[str, object]) -> str:
    """An audit entry's detail as short ``key=value`` text."""
    if list(data) == ["detail"]:  # recorded as plain text
        return str(data["detail"])
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
                offset: int = 0, action: str | None = None) -> Sequence[AuditEntry]:
        """Who did what and when, newest first; by person, action and time (``until``
        exclusive)."""
        rows = self.rows.audit(actor, since, until, *page(limit, offset), action=action)
        entries = []
        for r in rows:
            data = _data(r["detail"])
            entries.append(AuditEntry(
                at=parse_utc(r["at"]), actor=r["actor"], action=r["action"],
                target=r["target_name"] or r["target_id"] or "", detail=_detail(data),
                data=data))
        return entries

    @guarded
    def actors(self) -> Sequence[str]:
        return self.rows.audit_actors()

    @guarded
    def actions(self) -> Sequence[str]:
        return self.rows.audit_actions()
