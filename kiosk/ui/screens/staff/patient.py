"""A patient's page: details, the current prescription, progression suggestions
(one tap accepts, one tap dismisses), and the prescription history."""

from __future__ import annotations

from dataclasses import dataclass

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.staff.api import PatientRecord, Prescription, ProgressionSuggestion, SessionRecord
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.text_entry import TextEntry
from kiosk.ui.wording import (
    POSITION_WORDS,
    SESSION_STATUS_WORDS,
    SEX_WORDS,
    SIDE_WORDS,
    STAFF_SAY,
    counted,
    programme_summary,
    staff_programme_lines,
    suggestion_text,
    words,
)

RECENT_SESSIONS = 10


def session_line(s: SessionRecord) -> str:
    """``12 Nov 2026  step, 36 reps, mean peak 6.8 cm, completed``."""
    what = "heel-rise test" if s.mode == "heel_rise_test" else \
        POSITION_WORDS.get(s.position, s.position).lower()
    parts = [f"{s.started_at.astimezone():%d %b %Y}  {what}", counted(s.rep_count, "rep")]
    if s.peak_mean_mm is not None:
        parts.append(f"mean peak {s.peak_mean_mm / 10:.1f} cm")
    if s.fault_reps:
        parts.append(f"{s.fault_reps} with faults")
    parts.append(words(SESSION_STATUS_WORDS, s.status))
    if s.calibrated_at is not None:
        parts.append(f"strips calibrated {s.calibrated_at.astimezone():%d %b %Y}")
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class PatientPage:
    record: PatientRecord
    current: Prescription | None
    history: list[Prescription]
    suggestions: list[ProgressionSuggestion]
    sessions: list[SessionRecord]


def detail_lines(p: PatientRecord) -> list[str]:
    lines = [f"Clinic ID: {p.clinic_id or '-'}"]
    born = str(p.year_of_birth) if p.year_of_birth else "-"
    lines.append(f"Born {born},  {SEX_WORDS.get(p.sex, p.sex).lower()}")
    mass = f"{p.body_mass_kg:g} kg" if p.body_mass_kg else "-"
    lines.append(f"Body mass {mass},  injured side: {SIDE_WORDS.get(p.injured_side, '-').lower()}")
    if p.diagnosis:
        lines.append(f"Diagnosis: {p.diagnosis}")
    if p.clinician:
        lines.append(f"Clinician: {p.clinician}")
    if p.notes:
        lines.append(f"Notes: {p.notes}")
    if p.archived:
        lines.append("Archived: cannot sign in at the kiosk")
    return lines


class PatientScreen(StaffScreen):
    patient_id = StringProperty("")
    title = StringProperty("Patient")
    details = StringProperty("")
    current = StringProperty("")
    history = StringProperty("")
    sessions = StringProperty("")
    archived = BooleanProperty(False)
    reporting = BooleanProperty(False)  # a report is being written
    has_card = BooleanProperty(False)  # the patient signs in with a card
    has_code = BooleanProperty(False)  # ... or with their clinic ID and a code
    waiting_for_card = BooleanProperty(False)  # "Register card": the next card is theirs
    suggestion_rows = ListProperty([])  # [(suggestion id, text)]
    back_to = "staff_patients"

    def prepare(self, subject: str) -> None:
        if subject != self.patient_id:
            self._clear()
        self.patient_id = subject

    def load(self) -> None:
        pid = self.patient_id
        staff = self.staff

        def fetch() -> PatientPage:
            return PatientPage(staff.patients.get(pid), staff.prescriptions.current(pid),
                               list(staff.prescriptions.history(pid)),
                               list(staff.progressions.suggestions(pid)),
                               list(staff.patients.sessions(pid, RECENT_SESSIONS)))

        self.call(fetch, self._show, "load the patient")
        self._load_sign_in()

    def _load_sign_in(self) -> None:
        staff, by, pid = self.staff, self.member, self.patient_id

        def show(methods: tuple[bool, bool]) -> None:
            if pid == self.patient_id:
                self.has_card, self.has_code = methods

        self.call(lambda: staff.identity.methods(by, pid), show, "load the sign-in")

    # -- how the patient signs in at the kiosk --------------------------------

    def start_for_patient(self) -> None:
        """The patient is here: staff mode ends and their programme is shown."""
        self.controller.start_for_patient(self.patient_id)

    def new_code(self) -> None:
        """Type the patient's new code (4 to 8 digits) on the keypad."""
        self.open_overlay(TextEntry(on_done=self._set_code, on_activity=self.controller.activity,
                                    title=STAFF_SAY["code_title"], kind="number", secret=True,
                                    max_length=8))

    def _set_code(self, code: str) -> None:
        staff, by, pid = self.staff, self.member, self.patient_id
        self.call(lambda: staff.identity.set_code(by, pid, code),
                  lambda _r: self._sign_in_changed(STAFF_SAY["code_set"]), "set the code")

    def card_pressed(self) -> None:
        staff, by, pid = self.staff, self.member, self.patient_id
        if self.has_card:
            self.call(lambda: staff.identity.set_card(by, pid, ""),
                      lambda _r: self._sign_in_changed(STAFF_SAY["card_removed"]),
                      "remove the card")
            return
        self.waiting_for_card = True
        self.say(STAFF_SAY["card_hold"])

        def taken(token: str) -> None:
            self.waiting_for_card = False
            self.call(lambda: staff.identity.set_card(by, pid, token),
                      lambda _r: self._sign_in_changed(STAFF_SAY["card_set"]),
                      "register the card")

        self.controller.capture_card(taken)

    def _sign_in_changed(self, text: str) -> None:
        self.say(text)
        self._load_sign_in()

    def _show(self, page: PatientPage) -> None:
        if page.record.id != self.patient_id:
            return
        p = page.record
        self.title = p.name
        self.archived = p.archived
        self.details = "\n".join(detail_lines(p))
        rx = page.current
        if rx is None:
            self.current = STAFF_SAY["no_prescription"]
        else:
            lines = staff_programme_lines(rx.programme, rx.target_share, rx.pacing)
            lines.append(f"Since {rx.created_at:%d %b %Y}, by {rx.created_by}")
            if rx.note:
                lines.append(f"Note: {rx.note}")
            self.current = "\n".join(lines)
        past = [f"{h.created_at:%d %b %Y}  {programme_summary(h.programme)}  ({h.created_by})"
                for h in page.history]
        self.history = "\n".join(past) if past else STAFF_SAY["no_changes"]
        done = [session_line(x) for x in page.sessions]
        self.sessions = "\n".join(done) if done else STAFF_SAY["no_sessions"]
        self.suggestion_rows = [
            (s.id, suggestion_text(s.ladder, s.current, s.proposed)) for s in page.suggestions
        ]
        self._build_suggestions()

    def _build_suggestions(self) -> None:
        from kiosk.ui.widgets.make import make

        box = self.ids.suggestions
        box.clear_widgets()
        for suggestion_id, text in self.suggestion_rows:
            card = make("SuggestionCard", text=text, suggestion_id=suggestion_id, u=self.u)
            card.ids.accept_button.bind(on_release=lambda _b, s=suggestion_id: self.accept(s))
            card.ids.dismiss_button.bind(on_release=lambda _b, s=suggestion_id: self.dismiss(s))
            box.add_widget(card)

    def on_u(self, *_):
        if "suggestions" in self.ids:
            for card in self.ids.suggestions.children:
                card.u = self.u

    def accept(self, suggestion_id: str) -> None:
        staff, by = self.staff, self.member
        self.call(lambda: staff.progressions.accept(by, suggestion_id),
                  lambda _rx: self._changed(STAFF_SAY["accepted"]),
                  "accept the suggestion")

    def dismiss(self, suggestion_id: str) -> None:
        staff, by = self.staff, self.member
        self.call(lambda: staff.progressions.dismiss(by, suggestion_id),
                  lambda _r: self._changed(STAFF_SAY["dismissed"]), "dismiss the suggestion")

    def toggle_archive(self) -> None:
        staff, by, pid = self.staff, self.member, self.patient_id
        if self.archived:
            self.call(lambda: staff.patients.restore(by, pid),
                      lambda _r: self._changed(STAFF_SAY["restored"]),
                      "restore the patient")
        else:
            self.call(lambda: staff.patients.archive(by, pid),
                      lambda _r: self._changed(STAFF_SAY["archived"]),
                      "archive the patient")

    def _changed(self, text: str) -> None:
        self.say(text)
        self.load()

    def edit(self) -> None:
        self.controller.show_staff("staff_patient_edit", self.patient_id)

    def prescribe(self) -> None:
        self.controller.show_staff("staff_prescription", self.patient_id)

    def _clear(self) -> None:
        self.title = "Patient"
        self.details = self.current = self.history = self.sessions = ""
        self.archived = False
        self.suggestion_rows = []
        if "suggestions" in self.ids:
            self.ids.suggestions.clear_widgets()

    # -- staff review ---------------------------------------------------------

    def open_sessions(self) -> None:
        self.controller.show_staff("staff_sessions", self.patient_id)

    def open_progress(self) -> None:
        self.controller.show_staff("staff_progress", self.patient_id)

    def make_report(self) -> None:
        from kiosk.ui.screens.staff.progress import start_report

        start_report(self)

    def on_leave(self, *args):
        super().on_leave(*args)
        if self.waiting_for_card:
            self.waiting_for_card = False
            self.controller.capture_card(None)

    def reset(self) -> None:
        super().reset()
        self.has_card = self.has_code = self.waiting_for_card = False
        self.patient_id = ""
        self._clear()


load_kv(__file__)
