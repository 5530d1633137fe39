"""The command line's account tools (``smartstep staff``): whoever has the kiosk's
console is trusted, as for any admin tool; each change is audited as "console"."""

from __future__ import annotations

from typing import Any

from kiosk.staff.account_service import AccountService, member_of
from kiosk.staff.api import Problem, StaffMember
from kiosk.staff.guard import guarded, refuse

__all__ = ["CONSOLE", "StaffConsole"]

CONSOLE = "console"  # the audit log's actor for ``smartstep staff`` on the command line


class StaffConsole:
    """Accounts by name, for ``smartstep staff`` (through the accounts service's rules)."""

    def __init__(self, accounts: AccountService) -> None:
        self.account_service = accounts

    @guarded
    def add(self, name: str, role: str, pin: str) -> StaffMember:
        return self.account_service.open_account(CONSOLE, name, role, pin)

    @guarded
    def reset_pin(self, name: str, pin: str) -> StaffMember:
        """A new PIN for an account; also lifts its lock."""
        row = self.account_service.rows.account_by_name(name)
        if row is None:
            raise refuse("name", Problem.NOT_FOUND)
        self.account_service.new_pin(CONSOLE, row["id"], pin)
        return member_of(row)

    @guarded
    def remove(self, name: str) -> StaffMember:
        row = self.account_service.rows.account_by_name(name)
        if row is None:
            raise refuse("name", Problem.NOT_FOUND)
        self.account_service.close_account(CONSOLE, row["id"])
        return member_of(row)

    @guarded
    def accounts(self) -> list[dict[str, Any]]:
        """Accounts for ``smartstep staff list``: name, role, created, locked until (no hash)."""
        return self.account_service.rows.accounts()
