"""Patients: search by name or clinic ID, filter (active, archived, seen this week), add."""

from __future__ import annotations

from datetime import UTC, datetime

from kivy.properties import ListProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.staff.api import PatientRecord
from kiosk.ui import theme
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.text_entry import TextEntry
from kiosk.ui.wording import SIDE_WORDS, STAFF_SAY

PAGE = 50


def last_seen(when: datetime | None, now: datetime | None = None) -> str:
    if when is None:
        return "no sessions yet"
    now = now or datetime.now(UTC)
    days = (now.date() - when.astimezone(UTC).date()).days
    if days <= 0:
        return "seen today"
    if days == 1:
        return "seen yesterday"
    return f"seen {when:%d %b %Y}" if days > 60 else f"seen {days} days ago"


class PatientsScreen(StaffScreen):
    query = StringProperty("")
    filter = StringProperty("active")
    rows = ListProperty([])

    def load(self) -> None:
        query, filter_ = self.query, self.filter
        self.call(lambda: list(self.staff.patients.search(query, filter_, PAGE)),
                  lambda found: self._show(found, query, filter_), "load the patients")

    def _show(self, found: list[PatientRecord], query: str, filter_: str) -> None:
        if (query, filter_) != (self.query, self.filter):
            return  # an older search: a newer one is on its way
        self.rows = [self._row(p) for p in found]
        if not found:
            self.say(STAFF_SAY["nobody_found"].format(query=query) if query
                     else STAFF_SAY["no_patients"])
        elif len(found) >= PAGE:
            self.say(STAFF_SAY["first_page"].format(n=PAGE))
        else:
            self.say("")

    def _row(self, p: PatientRecord) -> dict:
        small = round(18 * self.u)
        side = SIDE_WORDS.get(p.injured_side, p.injured_side)
        detail = "  ·  ".join(x for x in (p.clinic_id, f"injured: {side.lower()}",
                                          last_seen(p.last_session_at)) if x)
        text = (f"{escape_markup(p.name)}\n[size={small}][color={theme.TEXT_DIM}]"
                f"{escape_markup(detail)}[/color][/size]")
        return {"text": text, "patient_id": p.id, "screen": self, "font_size": 22 * self.u}

    def on_query(self, *_):
        self.load()

    def on_filter(self, *_):
        self.load()

    def choose_filter(self, code: str) -> None:
        self.filter = code

    def open_search(self) -> None:
        self.open_overlay(TextEntry(on_done=self.set_query, on_activity=self.controller.activity,
                                    title="Search: name or clinic ID", text=self.query,
                                    max_length=40))

    def set_query(self, text: str) -> None:
        self.query = text

    def clear_query(self) -> None:
        self.query = ""

    def open_patient(self, patient_id: str) -> None:
        self.controller.show_staff("staff_patient", patient_id)

    def add_patient(self) -> None:
        self.controller.show_staff("staff_patient_edit", "")

    def reset(self) -> None:
        super().reset()
        self.query = ""
        self.filter = "active"
        self.rows = []


load_kv(__file__)
