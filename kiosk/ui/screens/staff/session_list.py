"""The session list: newest first, filtered by patient, dates and status, paged by keyset.

A tap on a session opens its detail (plot first). ``prepare(subject)``: a
patient id filters to that patient, "" lists every patient, ``KEEP`` keeps the
list as it was (coming Back from a session).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.review.service import ReviewPort
from kiosk.staff.review.sessions import Cursor, SessionFilter, SessionPage, SessionRow
from kiosk.staff.review.test_words import session_quality_words
from kiosk.ui import wording
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.make import make
from kiosk.ui.widgets.text_entry import TextEntry

KEEP = "\x00keep"
PAGE_SIZE = 20


def review_of(screen: StaffScreen) -> ReviewPort:
    review = getattr(screen.controller.services, "review", None)
    assert review is not None, "review screens need KioskServices.review"
    return review


def row_text(row: SessionRow, with_patient: bool) -> str:
    when = datetime.fromisoformat(row.started_at.replace("Z", "+00:00"))
    what = ("Heel-rise test" if row.mode == "heel_rise_test" else
            f"{wording.POSITION_WORDS.get(row.position, row.position)}, "
            f"{wording.VARIANT_WORDS.get(row.variant, row.variant)}")
    who = f"{row.patient_name or 'Guest'}{f' ({row.clinic_id})' if row.clinic_id else ''}  ·  " \
        if with_patient else ""
    faults = f"{100 * row.fault_rate:.0f} % with faults" if row.fault_rate is not None else ""
    peak = f"mean {wording.cm(row.peak_mean_mm)}" if row.peak_mean_mm is not None else ""
    first = f"{when:%a %d %b %Y %H:%M}  ·  {who}{wording.REVIEW_STATUS_WORDS.get(row.status)}"
    second = "  ·  ".join(p for p in (what, wording.counted(row.rep_count, "rep"), peak,
                                      faults) if p)
    if row.quality.verdict in ("fair", "poor"):  # a good (or unjudged) session: no flag
        second += f"  ·  {session_quality_words(row.quality, with_trend=False)}"
    return f"{first}\n{second}"


class SessionListScreen(StaffScreen):
    patient_text = StringProperty("All patients")
    status_text = StringProperty("All")
    dates_text = StringProperty("All dates")
    page_text = StringProperty("")
    has_newer = BooleanProperty(False)
    has_older = BooleanProperty(False)
    has_patient = BooleanProperty(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.patient_id: str | None = None
        self.status: str | None = None
        self.days: int | None = None
        self.cursors: list[Cursor | None] = [None]  # the start of each page seen so far
        self.page: SessionPage | None = None
        self.loaded = 0  # pages shown (tests wait on it)
        self._back_subject = ""

    def back_subject(self) -> str:
        return self._back_subject

    # -- entry -------------------------------------------------------------------------------

    def prepare(self, subject: str) -> None:
        if subject == KEEP:
            return
        came_from = self.controller.current if self.controller else ""
        # Back: to the patient page it was opened from, else the hub.
        self.back_to = "staff_patient" if came_from == "staff_patient" else "staff_home"
        self._back_subject = subject if came_from == "staff_patient" else ""
        self.patient_id = subject or None
        self.patient_text = "All patients"
        self.status = None
        self.days = None
        self.cursors = [None]
        self.page = None
        if self.patient_id:
            review = review_of(self)
            pid = self.patient_id
            self.call(lambda: review.patient(pid), self._patient_known, "find the patient")
        if self.controller is not None and self.controller.manager.current == self.name:
            self.load()  # shown already: entering again would not reload

    def _patient_known(self, info) -> None:
        self.patient_text = info.name

    def load(self) -> None:
        self.has_patient = self.patient_id is not None
        self.status_text = wording.REVIEW_STATUS_WORDS[self.status]
        self.dates_text = wording.REVIEW_DATE_WORDS[self.days]
        self._fetch()

    def _filter(self) -> SessionFilter:
        since = None
        if self.days is not None:
            since = (datetime.now(UTC) - timedelta(days=self.days - 1)).date()
        return SessionFilter(patient_id=self.patient_id, status=self.status, date_from=since)

    def _fetch(self) -> None:
        review = review_of(self)
        flt, after = self._filter(), self.cursors[-1]
        self.call(lambda: review.sessions(flt, after, PAGE_SIZE), self._show, "list the sessions")

    def _show(self, page: SessionPage) -> None:
        self.page = page
        rows = self.ids.rows
        rows.clear_widgets()
        for row in page.rows:
            rows.add_widget(make("SessionRowButton", text=row_text(row, self.patient_id is None),
                                 session_id=row.id, screen=self))
        number = len(self.cursors)
        self.has_newer = number > 1
        self.has_older = page.next_cursor is not None
        self.page_text = f"Page {number}" if page.rows else ""
        if page.rows:
            self.say("")
        elif self.patient_id and self.status is None and self.days is None:
            self.say("No sessions yet for this patient.")
        else:
            self.say("No sessions match these filters.")
        self.ids.scroll.scroll_y = 1
        self.loaded += 1
        # Read the page's recordings ahead (own thread), so the plot opens at once.
        review_of(self).warm([row.id for row in page.rows])

    # -- buttons ------------------------------------------------------------------------------

    def open_session(self, session_id: str) -> None:
        self.controller.show_staff("staff_session", session_id)

    def next_status(self) -> None:
        options = wording.REVIEW_STATUS_FILTERS
        self.status = options[(options.index(self.status) + 1) % len(options)]
        self._restart()

    def next_dates(self) -> None:
        options = wording.REVIEW_DATE_FILTERS
        self.days = options[(options.index(self.days) + 1) % len(options)]
        self._restart()

    def older(self) -> None:
        if self.page is not None and self.page.next_cursor is not None:
            self.cursors.append(self.page.next_cursor)
            self._fetch()

    def newer(self) -> None:
        if len(self.cursors) > 1:
            self.cursors.pop()
            self._fetch()

    def choose_patient(self) -> None:
        self.open_overlay(TextEntry(on_done=self._search_patient,
                                    on_activity=self.controller.activity,
                                    title="Patient name or clinic ID (empty: all)"))

    def clear_patient(self) -> None:
        self.patient_id = None
        self.patient_text = "All patients"
        self._restart()

    def open_progress(self) -> None:
        if self.patient_id:
            self.controller.show_staff("staff_progress", self.patient_id)

    def _search_patient(self, text: str) -> None:
        if not text.strip():
            self.clear_patient()
            return
        review = review_of(self)
        self.call(lambda: review.find_patients(text), lambda found: self._found(text, found),
                  "find the patient")

    def _found(self, text: str, found) -> None:
        if not found:
            self.say(f"No patient matches '{text}'.", error=True)
            return
        if len(found) == 1:
            self._set_patient(found[0].id, found[0].name)
            return
        chooser = make("PatientChooser", screen=self)
        for info in found:
            chooser.ids.choices.add_widget(make(
                "PatientChoice", text=f"{info.name}  ({info.clinic_id or 'no clinic ID'})",
                patient_id=info.id, patient_name=info.name, chooser=chooser))
        self.open_overlay(chooser)

    def chosen(self, chooser, patient_id: str, name: str) -> None:
        chooser.dismiss()
        self._set_patient(patient_id, name)

    def _set_patient(self, patient_id: str, name: str) -> None:
        self.patient_id = patient_id
        self.patient_text = name
        self._restart()

    def _restart(self) -> None:
        self.cursors = [None]
        self.load()

    def reset(self) -> None:
        super().reset()
        self.prepare("")
        if "rows" in self.ids:
            self.ids.rows.clear_widgets()


load_kv(__file__)
