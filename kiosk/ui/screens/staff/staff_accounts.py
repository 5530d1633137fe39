"""Staff accounts (admin): everyone who may sign in; add somebody, remove somebody,
give somebody who forgot their PIN a new one (it also lifts a lock).

Removing takes two taps (the button asks "Tap again to remove"). A new PIN is
typed twice on the keypad and shown only as dots; the service refuses a PIN
that is not 6-12 digits, a name already in use, or removing the last admin.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.staff.api import ROLES, StaffMember
from kiosk.ui import theme
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.form import choices_of
from kiosk.ui.widgets.text_entry import TextEntry
from kiosk.ui.wording import ROLE_WORDS, STAFF_SAY, staff_problem_words

ACCOUNT_FIELDS = {"name": "Name", "role": "Role", "pin": "PIN"}


class StaffAccountsScreen(StaffScreen):
    rows = ListProperty([])
    confirm_id = StringProperty("")  # the member whose Remove was tapped once
    saving = BooleanProperty(False)
    role_choices = choices_of(ROLES, ROLE_WORDS)
    field_words = ACCOUNT_FIELDS

    def load(self) -> None:
        self.saving = False
        self.call(lambda: list(self.staff.accounts.members()), self._show, "load the staff list")

    def _show(self, members: list[StaffMember]) -> None:
        me = self.controller.staff.member
        self._names = {m.id: m.name for m in members}
        small = round(16 * self.u)
        self.rows = [
            {"member_id": m.id, "screen": self,
             "text": f"{escape_markup(m.name)}\n[size={small}][color={theme.TEXT_DIM}]"
                     f"{ROLE_WORDS.get(m.role, m.role)}"
                     f"{', you' if me is not None and m.id == me.id else ''}[/color][/size]"}
            for m in sorted(members, key=lambda m: m.name.casefold())
        ]
        self.confirm_id = ""

    def remove(self, member_id: str) -> None:
        if self.confirm_id != member_id:
            self.confirm_id = member_id
            self.say(STAFF_SAY["tap_remove_again"])
            return
        self.confirm_id = ""
        staff, by = self.staff, self.member
        self.call(lambda: staff.accounts.remove(by, member_id),
                  lambda _r: self._changed(STAFF_SAY["account_removed"]), "remove the account")

    def new_pin(self, member_id: str) -> None:
        """Type a new PIN twice on the keypad (dots only), then set it."""
        name = getattr(self, "_names", {}).get(member_id, "")

        def second(first: str) -> None:
            self.open_overlay(TextEntry(
                on_done=lambda again: self._set_pin(member_id, name, first, again),
                on_activity=self.controller.activity, title=f"The same PIN again for {name}",
                kind="number", secret=True, max_length=12))

        self.open_overlay(TextEntry(on_done=second, on_activity=self.controller.activity,
                                    title=f"New PIN for {name}", kind="number", secret=True,
                                    max_length=12))

    def _set_pin(self, member_id: str, name: str, pin: str, again: str) -> None:
        if pin != again:
            self.say(STAFF_SAY["pins_differ_nothing_changed"], error=True)
            return
        staff, by = self.staff, self.member
        self.call(lambda: staff.accounts.reset_pin(by, member_id, pin),
                  lambda _r: self.say(STAFF_SAY["pin_set"].format(name=name)), "set the new PIN")

    def add(self) -> None:
        ids = self.ids
        for field in (ids.name_field, ids.pin_field, ids.pin_again_field):
            field.error = ""
        name, pin = ids.name_field.value, ids.pin_field.value
        if pin != ids.pin_again_field.value:
            ids.pin_again_field.error = STAFF_SAY["pins_differ"]
            self.say(STAFF_SAY["not_added"], error=True)
            return
        role = ids.role_field.selected
        staff, by = self.staff, self.member
        self.saving = True

        def added(member: StaffMember) -> None:
            self.saving = False
            for field in (ids.name_field, ids.pin_field, ids.pin_again_field):
                field.set_value("")
            self._changed(STAFF_SAY["account_added"].format(name=member.name))

        def refused(exc: BaseException) -> None:
            self.saving = False
            problems = getattr(exc, "problems", None)
            if problems:
                for key, problem in problems.items():
                    field = ids.get(f"{key}_field")
                    if field is not None:
                        field.error = staff_problem_words(str(problem))
            self.show_failure(exc, "add the account")

        self.call(lambda: staff.accounts.add(by, name, role, pin), added, "add the account",
                  failed=refused)

    def _changed(self, text: str) -> None:
        self.say(text)
        self.load()

    def reset(self) -> None:
        super().reset()
        self.rows = []
        self.confirm_id = ""
        self.saving = False
        if "name_field" in self.ids:
            for field in (self.ids.name_field, self.ids.pin_field, self.ids.pin_again_field):
                field.set_value("")


load_kv(__file__)
