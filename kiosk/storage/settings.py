"""The admin settings saved over the config file (table ``settings``: dotted config key
-> JSON value). Saving writes every change and one audit entry in one transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kiosk.storage.ids import utc_now
from kiosk.storage.store import Store

__all__ = ["SettingsTable"]


class SettingsTable:
    """The saved settings on one ``Store`` (shares its lock and connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store

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
                db.table("settings").upsert(
                    {"key": key, "value": json.dumps(value), "updated_by": actor,
                     "updated_at": now}, pk="key")
            self.store.audit(actor, "change_settings", "settings", None,
                             {k: {"from": before.get(k), "to": v} for k, v in changes.items()})
